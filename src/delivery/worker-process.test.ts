// Durability with the worker as a real separate process (`npm run cli -- worker`): killed with
// SIGKILL twice in the middle of deliveries and started again, then stopped with SIGTERM.
// Every application is delivered, and every request a receiver saw carries the key of its
// delivery (a delivery cut off by a kill may arrive twice, with the same key).
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import pg from 'pg';
import { encodeSnapshot } from '../applications/snapshot.ts';
import { seedCatalogDemo } from '../catalog/seed.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { newDataKey, parseApplicationKeys, seal } from '../envelope/envelope.ts';
import { loadEmslandSeed, seedVerbund } from '../tenancy/seed.ts';
import { createTenancy } from '../tenancy/service.ts';
import { builtInConnectors } from './connectors/registry.ts';
import { createRouteSettings } from './route-settings.ts';
import { SECRET_A, startReceiver } from './testing.ts';

const COUNT = 20;
const ROOT = join(import.meta.dirname, '../..');

async function admin(url: string, statement: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

test('the worker process killed twice mid-delivery: all delivered, each by its own key', async (t) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'rathausnetz-worker-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  let databaseUrl: string | undefined;
  const server = process.env.DATABASE_URL;
  if (server) {
    const name = `rathausnetz_worker_${process.pid}_${randomBytes(4).toString('hex')}`;
    await admin(server, `create database ${name}`);
    t.after(() => admin(server, `drop database if exists ${name} with (force)`));
    const url = new URL(server);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
  }
  const keyText = `w1:${randomBytes(32).toString('base64')}`;
  const { keyring } = parseApplicationKeys(keyText, undefined);
  assert.ok(keyring);

  const seen: string[] = [];
  let lastHitAt = 0;
  const receiver = await startReceiver(t, (hit, res) => {
    seen.push(String(hit.headers['idempotency-key']));
    lastHitAt = Date.now();
    // Slow enough that a kill lands while some are in flight.
    setTimeout(() => res.end('{}'), 150).unref();
  });

  // The database as an operator leaves it: migrated, seeded, a route, applications waiting.
  const database = await openDatabase({ url: databaseUrl, pgliteDir: join(dataDir, 'pglite') });
  await migrateToLatest(database.db);
  await seedVerbund(database.db, await loadEmslandSeed());
  const verbund = await database.db.selectFrom('verbund').select('id').executeTakeFirstOrThrow();
  await seedCatalogDemo(database.db, verbund.id);
  const tenancy = createTenancy(database.db);
  const authority = (await tenancy.directory()).bySlug.get('samtgemeinde-soegel');
  assert.ok(authority);
  const service = await database.db
    .selectFrom('online_service')
    .select('id')
    .where('key', '=', 'osterfeuer-anmelden')
    .executeTakeFirstOrThrow();
  await createRouteSettings({
    db: database.db,
    tenancy,
    keyring,
    connectors: builtInConnectors({
      mailer: { send: () => Promise.resolve() },
      verbundName: () => Promise.resolve('Portalverbund Emsland'),
    }),
  }).add({
    authoritySlug: authority.slug,
    name: 'dms',
    type: 'webhook',
    config: { url: receiver.url, secrets: [SECRET_A] },
  });
  for (let i = 1; i <= COUNT; i++) {
    const id = randomUUID();
    const { dataKey, wrappedKey } = newDataKey(keyring, id);
    const snapshot = encodeSnapshot({
      version: 1,
      language: 'de',
      answers: { expectedVisitors: String(i) },
      sections: [],
      attachments: [],
      profile: null,
    });
    await database.db
      .insertInto('application')
      .values({
        id,
        verbund_id: verbund.id,
        authority_id: authority.id,
        draft_id: randomUUID(),
        online_service_id: service.id,
        leika_key: '99063010000000',
        title: 'Osterfeuer anmelden',
        form_id: 'osterfeuer',
        form_version: 1,
        reference: `EL-2026-${String(i).padStart(6, '0')}`,
        language: 'de',
        status: 'submitted',
        key_id: wrappedKey.kekId,
        wrapped_key: wrappedKey.wrapped,
        payload: seal(dataKey, 'snapshot', snapshot),
      })
      .execute();
    await database.db
      .insertInto('delivery')
      .values({
        verbund_id: verbund.id,
        application_id: id,
        authority_id: authority.id,
        route_id: (
          await database.db.selectFrom('delivery_route').select('id').executeTakeFirstOrThrow()
        ).id,
        route_name: 'dms',
      })
      .execute();
  }
  // PGlite is one process's: the worker opens it after this one let go.
  await database.close();

  // The parent's DATABASE_URL names the server, not this test's database.
  const { DATABASE_URL: _server, ...parentEnv } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...parentEnv,
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    APPLICATION_KEYS: keyText,
    LOG_LEVEL: 'silent',
    DELIVERY_LEASE_SECONDS: '3',
    DELIVERY_CONCURRENCY: '2',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
  const children: ChildProcess[] = [];
  t.after(() => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  });
  const startWorker = async () => {
    const child = spawn(process.execPath, ['src/cli/main.ts', 'worker'], { cwd: ROOT, env });
    children.push(child);
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const until = Date.now() + 60_000;
    while (!output.includes('is running') && Date.now() < until) {
      if (child.exitCode !== null) throw new Error(`worker exited: ${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    return { child, output: () => output };
  };
  const waitFor = async (hits: number) => {
    const until = Date.now() + 60_000;
    while (seen.length < hits && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  };
  const exited = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) resolve(child.exitCode);
      else child.once('exit', (code) => resolve(code));
    });

  for (const after of [3, 9]) {
    const { child } = await startWorker();
    await waitFor(after);
    child.kill('SIGKILL');
    await exited(child);
  }
  const last = await startWorker();
  const lastStartAt = Date.now();
  // Every key seen is not enough: a delivery the receiver answered just before a kill was never
  // recorded, and returns only when its lease (3 s) has run out. So wait past the lease, until
  // the receiver has been quiet for a second.
  const until = Date.now() + 60_000;
  while (
    (new Set(seen).size < COUNT ||
      Date.now() - lastStartAt < 4_500 ||
      Date.now() - lastHitAt < 1_000) &&
    Date.now() < until
  )
    await new Promise((r) => setTimeout(r, 20));
  last.child.kill('SIGTERM');
  assert.equal(await exited(last.child), 0, last.output());
  assert.match(last.output(), /SIGTERM: finishing deliveries in flight/);

  const reopened = await openDatabase({ url: databaseUrl, pgliteDir: join(dataDir, 'pglite') });
  t.after(() => reopened.close());
  const rows = await reopened.db
    .selectFrom('delivery')
    .select(['idempotency_key', 'status'])
    .execute();
  assert.equal(rows.length, COUNT);
  assert.deepEqual(
    rows.filter((r) => r.status !== 'delivered'),
    [],
    'every delivery delivered',
  );
  const keys = new Set(rows.map((r) => r.idempotency_key));
  assert.ok(
    seen.every((k) => keys.has(k)),
    'every request carried its delivery’s key',
  );
  assert.equal(new Set(seen).size, COUNT, 'each delivery reached the receiver');
  t.diagnostic(
    `${seen.length} requests for ${COUNT} deliveries (repeats after a kill keep their key)`,
  );
});
