// Durability with the worker as a real separate process (`npm run cli -- worker`): 500
// applications delivered over HTTP to a receiver that takes each idempotency key once, while
// the worker is killed with SIGKILL five times mid-delivery and started again, then stopped
// with SIGTERM. Every application is delivered; a delivery cut off by a kill may arrive twice,
// always with the same key, so the receiver files each exactly once. A repeat is always a new
// claim of the row (a killed worker's lease ran out, or under heavy load a lease ran out in
// flight): the receiver sees each attempt of a delivery at most once, and never more requests
// for a key than the row counts attempts. How many repeats a run has depends on where the kills
// land and how loaded the machine is; that every one is a new claim does not. On PostgreSQL the
// applications keep coming while the worker dies and restarts; PGlite is one process's
// database, so there all 500 are written before the worker opens it.
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

const COUNT = 500;
const KILLS = 5;
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

test('500 deliveries, the worker process killed five times: each filed once by its key', async (t) => {
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
  /** `key attempt` of every request: the worker's claim count it was sent under. */
  const sentUnder: string[] = [];
  /** What the receiver filed: one entry per idempotency key, as a DMS that dedupes keeps it. */
  const filed = new Map<string, number>();
  let lastHitAt = 0;
  const receiver = await startReceiver(t, (hit, res) => {
    const key = String(hit.headers['idempotency-key']);
    seen.push(key);
    sentUnder.push(`${key} ${String(hit.headers['rathausnetz-attempt'])}`);
    lastHitAt = Date.now();
    if (!filed.has(key)) filed.set(key, filed.size + 1);
    // Slow enough that a kill lands while some are in flight.
    setTimeout(() => res.end(JSON.stringify({ reference: `DMS-${filed.get(key)}` })), 20).unref();
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
  const routeId = (
    await database.db.selectFrom('delivery_route').select('id').executeTakeFirstOrThrow()
  ).id;
  /** Application and delivery in one transaction, as the submission commits them. */
  const send = (outer: typeof database.db, i: number) =>
    outer.transaction().execute(async (db) => {
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
      await db
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
      await db
        .insertInto('delivery')
        .values({
          verbund_id: verbund.id,
          application_id: id,
          authority_id: authority.id,
          route_id: routeId,
          route_name: 'dms',
        })
        .execute();
    });
  // PostgreSQL: a fifth now, the rest while the worker is killed and restarted.
  const upFront = databaseUrl ? COUNT / 5 : COUNT;
  for (let i = 1; i <= upFront; i++) await send(database.db, i);
  // PGlite is one process's: the worker opens it after this one let go.
  if (!databaseUrl) await database.close();
  else t.after(() => database.close());

  // The parent's DATABASE_URL names the server, not this test's database.
  const { DATABASE_URL: _server, ...parentEnv } = process.env;
  const env: NodeJS.ProcessEnv = {
    ...parentEnv,
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    APPLICATION_KEYS: keyText,
    LOG_LEVEL: 'silent',
    DELIVERY_LEASE_SECONDS: '3',
    DELIVERY_CONCURRENCY: '4',
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
    const until = Date.now() + 120_000;
    while (seen.length < hits && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  };
  const exited = (child: ChildProcess) =>
    new Promise<number | null>((resolve) => {
      if (child.exitCode !== null) resolve(child.exitCode);
      else child.once('exit', (code) => resolve(code));
    });

  // Sends the rest (PostgreSQL) alongside the kills, so submissions commit while no worker runs.
  const sending = (async () => {
    for (let i = upFront + 1; i <= COUNT; i++) {
      await send(database.db, i);
      if (i % 25 === 0) await new Promise((r) => setTimeout(r, 50));
    }
  })();
  for (let kill = 1; kill <= KILLS; kill++) {
    const { child } = await startWorker();
    // Killed after a few more deliveries each time: mid-delivery, with requests in flight.
    await waitFor(seen.length + 15 + Math.floor(Math.random() * 20));
    child.kill('SIGKILL');
    await exited(child);
  }
  await sending;
  const last = await startWorker();
  const lastStartAt = Date.now();
  // Every key seen is not enough: a delivery the receiver answered just before a kill was never
  // recorded, and returns only when its lease (3 s) has run out. So wait past the lease, until
  // the receiver has been quiet for a second.
  const until = Date.now() + 240_000;
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
    .select(['idempotency_key', 'status', 'attempts'])
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
  assert.equal(filed.size, COUNT, 'the receiver filed each application exactly once');
  assert.ok(
    rows.every((r) => filed.has(r.idempotency_key)),
    'every delivery filed under its own key',
  );
  // Repeats only by a new claim, never twice under one: no attempt of a delivery sent twice,
  // and no more requests for a key than times its row was claimed.
  assert.equal(new Set(sentUnder).size, sentUnder.length, 'each attempt sent once');
  assert.ok(
    sentUnder.every((s) => /^[0-9a-f-]{36} [1-9][0-9]*$/.test(s)),
    'every request names its attempt',
  );
  const requestsFor = new Map<string, number>();
  for (const k of seen) requestsFor.set(k, (requestsFor.get(k) ?? 0) + 1);
  assert.deepEqual(
    rows.filter((r) => (requestsFor.get(r.idempotency_key) ?? 0) > r.attempts),
    [],
    'no more requests for a delivery than its claims',
  );
  t.diagnostic(
    `${seen.length} requests for ${COUNT} deliveries, ${KILLS} kills (each repeat a new claim under the same key)`,
  );
});
