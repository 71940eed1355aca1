import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const MAIN = new URL('./main.ts', import.meta.url).pathname;

function run(
  env: Record<string, string>,
  t: { after(fn: () => void): void },
  existingDataDir?: string,
) {
  const dataDir = existingDataDir ?? mkdtempSync(join(tmpdir(), 'rathausnetz-main-'));
  if (existingDataDir === undefined)
    t.after(() => rmSync(dataDir, { recursive: true, force: true }));
  const child = spawn(process.execPath, [MAIN], {
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => child.kill('SIGKILL'));
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, dataDir, out: () => stdout, err: () => stderr };
}

async function waitFor(predicate: () => boolean, child: ChildProcess, ms = 30_000) {
  const until = Date.now() + ms;
  while (!predicate()) {
    if (child.exitCode !== null) throw new Error('process exited early');
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('starts on an empty embedded database, seeds the demo and serves the start page', async (t) => {
  const proc = run({ PORT: '0' }, t);
  // The first start migrates, loads the catalogue and seeds the demo with its four applications
  // (each sent and processed through the use cases): on a busy 2-core machine that takes a while.
  await waitFor(() => /http:\/\/localhost:\d+\//.test(proc.out()), proc.child, 120_000);
  const port = /localhost:(\d+)/.exec(proc.out())?.[1];
  assert.match(proc.out(), /Seeded the Emsland demo: 20 authorities, 60 municipalities\./);
  assert.match(proc.out(), /Demo sign-in: erika\.mustermann@example\.org \/ /);
  const res = await fetch(`http://127.0.0.1:${port}/`);
  assert.equal(res.status, 200);
  assert.match(await res.text(), /Landkreis Emsland/);
  proc.child.kill('SIGTERM');
  assert.equal(await proc.exited, 0);

  // The application key the data was stored under is replaced: the portal refuses to start.
  const other = `dev:${randomBytes(32).toString('base64')}`;
  const refused = run({ PORT: '0', APPLICATION_KEYS: other }, t, proc.dataDir);
  assert.equal(await refused.exited, 1);
  assert.match(refused.err(), /APPLICATION_KEYS key "dev" is not the key that was in use/);
  assert.doesNotMatch(refused.err(), new RegExp(other.slice(4, 20).replace(/[+/]/g, '.')));
});

test('an unreachable DATABASE_URL stops the start with one line naming it, password hidden', async (t) => {
  const proc = run({ PORT: '0', DATABASE_URL: 'postgres://app:s3cret@127.0.0.1:1/rathausnetz' }, t);
  assert.equal(await proc.exited, 1);
  const lines = proc.err().trim().split('\n');
  assert.equal(lines.length, 1, proc.err());
  assert.match(
    lines[0] ?? '',
    /^Rathausnetz cannot start: database postgres:\/\/app@127\.0\.0\.1:1\/rathausnetz is not reachable: ECONNREFUSED/,
  );
  assert.doesNotMatch(proc.err(), /s3cret/);
});

test('invalid configuration exits 78 and names each problem', async (t) => {
  const proc = run({ PORT: 'abc', DATABASE_URL: 'mysql://x' }, t);
  assert.equal(await proc.exited, 78);
  assert.match(proc.err(), /PORT must be a whole number/);
  assert.match(proc.err(), /DATABASE_URL must look like postgres:\/\//);
});
