// Test databases: a fresh, migrated database per call. PGlite in memory by default; with
// DATABASE_URL set (as CI does), a new PostgreSQL database in that server, dropped afterwards.
//
// Migrating is done once per test run, not per call: a fresh PGlite spends seconds in initdb
// and a migration run costs more than copying its result. PGlite starts from a data directory
// that was migrated once and dumped to a tarball in the temporary folder; PostgreSQL clones a
// template database with CREATE DATABASE … TEMPLATE. Both are named by a hash of the migration
// sources, so a changed migration builds a new one, and test processes running side by side
// (node --test --test-concurrency) or other checkouts testing against the same server never
// use a copy made from other migrations.
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kysely, type LogConfig, PGliteDialect, sql } from 'kysely';
import pg from 'pg';
import { type Database, openDatabase, openRuntimeDatabase } from './database.ts';
import { migrateToLatest } from './migrate.ts';
import type { DB } from './schema.ts';

type Cleanup = { after(fn: () => Promise<void> | void): void };

const stacks = new WeakMap<Cleanup, Array<() => Promise<void> | void>>();

/**
 * The test's teardown in reverse order of setup: what was added last (the app, its worker, a
 * scheduler) stops before what it uses (the database, added first) closes. node:test runs its
 * own `after` hooks first-added first, which closed PGlite under a job still running; Kysely's
 * PGlite driver then waits forever for that job's BEGIN, and the test file never ends. One
 * stack per test, so helpers called with the same `t` share it; it runs as one `after` hook,
 * at the place of the first call, and runs every step even when one throws.
 */
export function reverseTeardown(t: Cleanup): Cleanup {
  let steps = stacks.get(t);
  if (steps === undefined) {
    const own: Array<() => Promise<void> | void> = [];
    stacks.set(t, own);
    t.after(async () => {
      const errors: unknown[] = [];
      for (const step of own.reverse()) {
        try {
          await step();
        } catch (error) {
          errors.push(error);
        }
      }
      if (errors.length === 1) throw errors[0];
      if (errors.length > 1) throw new AggregateError(errors, 'teardown failed');
    });
    steps = own;
  }
  const stack = steps;
  return { after: (fn) => void stack.push(fn) };
}

/**
 * `db` is what web and worker get: on PostgreSQL it runs as the runtime role (ADR 0015), so a
 * query of the code under test that forgot its act-as helper fails here as in production.
 * `owner` is for the test itself: seeding rows and looking at them past row-level security.
 * PGlite has one connection and one superuser: there both are the same handle.
 */
export type TestDatabase = Database & { owner: Kysely<DB> };

/** The database as operator commands (migrate, seed, import, onboard) see it: as the owner. */
export function asOwner(database: TestDatabase): TestDatabase {
  return { ...database, db: database.owner };
}

/** For assert.rejects: PostgreSQL refused the statement for want of a privilege or policy. */
export const PERMISSION_DENIED = (error: unknown) => (error as { code?: string }).code === '42501';

export async function createTestDatabase(
  t: Cleanup,
  options: { log?: LogConfig } = {},
): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl === undefined || serverUrl === '') {
    const database = await openDatabase({
      url: undefined,
      pgliteImage: await migratedImage(),
      log: options.log,
    });
    reverseTeardown(t).after(() => database.close());
    return { ...database, owner: database.db };
  }
  const template = await migratedTemplate(serverUrl);
  const name = `rathausnetz_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin(serverUrl, `create database ${name} template ${template}`);
  const url = databaseUrl(serverUrl, name);
  const owner = await openDatabase({ url, poolSize: 2 });
  const database = await openRuntimeDatabase(owner, url, { poolSize: 4, log: options.log });
  reverseTeardown(t).after(async () => {
    await database.close();
    await owner.close();
    await admin(serverUrl, `drop database if exists ${name} with (force)`);
  });
  return { ...database, owner: owner.db };
}

/**
 * A hash of everything a migrated database is made from: the migration files, the runner, and
 * (for PGlite's data directory format) the PGlite version. This file is part of it too, so a
 * change in how the copy is made never meets a copy made the old way.
 */
export const migrationsHash: string = (() => {
  const hash = createHash('sha256');
  const folder = join(import.meta.dirname, 'migrations');
  for (const file of readdirSync(folder).sort()) {
    hash.update(file).update(readFileSync(join(folder, file)));
  }
  for (const file of ['migrate.ts', 'testing.ts']) {
    hash.update(readFileSync(join(import.meta.dirname, file)));
  }
  // Pinned exactly, so the root package.json names the installed version.
  const manifest = JSON.parse(
    readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8'),
  );
  hash.update(String(manifest.dependencies['@electric-sql/pglite']));
  return hash.digest('hex').slice(0, 16);
})();

// ---- PGlite: one migrated data directory per run, shared through the temporary folder ----

let image: Promise<Blob> | undefined;

function migratedImage(): Promise<Blob> {
  image ??= loadOrBuildImage().catch((error) => {
    image = undefined;
    throw error;
  });
  return image;
}

async function loadOrBuildImage(): Promise<Blob> {
  const folder = join(tmpdir(), 'rathausnetz-test');
  await mkdir(folder, { recursive: true });
  const file = join(folder, `pglite-${migrationsHash}.tar`);
  const cached = await readIfPresent(file);
  if (cached) return cached;
  // One process builds it; the others started at the same moment wait for its file instead
  // of spending the same seconds of CPU on the same initdb and migrations.
  const lock = join(folder, `pglite-${migrationsHash}.lock`);
  const deadline = Date.now() + 180_000;
  for (;;) {
    const held = await tryLock(lock);
    if (held) {
      try {
        const built = await readIfPresent(file);
        if (built) return built;
        const blob = await buildImage();
        const partial = `${file}.${process.pid}.partial`;
        await writeFile(partial, new Uint8Array(await blob.arrayBuffer()));
        // rename is atomic: a reader sees no file or the whole file, never half of it.
        await rename(partial, file);
        return blob;
      } finally {
        await rm(lock, { force: true });
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    const built = await readIfPresent(file);
    if (built) return built;
    // A process that died while building leaves its lock behind: take it over.
    if (Date.now() > deadline || (await lockAge(lock)) > 120_000) {
      await rm(lock, { force: true });
    }
  }
}

/**
 * Every test database boots from this image, several hundred times a run, so it is made small
 * to boot: PGlite zeroes and sets up its shared memory at each start, and the default 128 MB
 * of shared buffers and 100 connection slots cost most of a boot (about 1.7 s of 2.5 s with
 * the machine busy) for a database of a few MB that one connection uses. WAL segments of 1 MB
 * instead of 16 MB make the tarball each boot unpacks a fifth smaller. Settings only a test
 * database gets: ALTER SYSTEM writes them into the image's postgresql.auto.conf.
 */
const IMAGE_SETTINGS = { shared_buffers: '16MB', max_connections: '8' } as const;

async function buildImage(): Promise<Blob> {
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create({ initDbStartParams: ['--wal-segsize=1'] });
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }) });
  try {
    await migrateToLatest(db);
    for (const [name, value] of Object.entries(IMAGE_SETTINGS)) {
      await sql`alter system set ${sql.raw(name)} = ${sql.lit(value)}`.execute(db);
    }
    // Uncompressed: gzip makes the dump slower and the load no faster.
    return await pglite.dumpDataDir('none');
  } finally {
    await db.destroy();
  }
}

async function readIfPresent(file: string): Promise<Blob | undefined> {
  try {
    return new Blob([await readFile(file)]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function tryLock(lock: string): Promise<boolean> {
  try {
    const handle = await open(lock, 'wx');
    await handle.close();
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

async function lockAge(lock: string): Promise<number> {
  try {
    return Date.now() - (await stat(lock)).mtimeMs;
  } catch {
    return 0;
  }
}

// ---- PostgreSQL: one template database per migrations hash, cloned per call ----

let template: Promise<string> | undefined;
const TEMPLATE_LOCK = 'rathausnetz_template';

function migratedTemplate(serverUrl: string): Promise<string> {
  template ??= ensureTemplate(serverUrl).catch((error) => {
    template = undefined;
    throw error;
  });
  return template;
}

async function ensureTemplate(serverUrl: string): Promise<string> {
  const name = `rathausnetz_template_${migrationsHash}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    // Test processes started together all come here at once: the first builds the template,
    // the others wait on the lock and then find it. The lock is the server's, so it also
    // holds between checkouts testing against the same server, and it dies with a crashed
    // process's connection. One lock for every migrations hash: the migrations change
    // cluster-wide roles, and two checkouts building at once failed with "tuple concurrently
    // updated".
    await client.query('select pg_advisory_lock(hashtext($1))', [TEMPLATE_LOCK]);
    try {
      const found = await client.query('select 1 from pg_database where datname = $1', [name]);
      if (found.rowCount === 0) {
        // Built under another name and renamed when complete: a run that dies half-way leaves
        // no template that looks finished.
        const building = `${name}_building`;
        await client.query(`drop database if exists ${building} with (force)`);
        await client.query(`create database ${building}`);
        const database = await openDatabase({ url: databaseUrl(serverUrl, building), poolSize: 1 });
        try {
          await migrateToLatest(database.db);
        } finally {
          await database.close();
        }
        // A template may have no other session while it is cloned; nobody connects to it.
        await client.query(`alter database ${building} rename to ${name}`);
        await client.query(`alter database ${name} is_template true allow_connections false`);
      }
    } finally {
      await client.query('select pg_advisory_unlock(hashtext($1))', [TEMPLATE_LOCK]);
    }
  } finally {
    await client.end();
  }
  return name;
}

function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
