// Test databases: a fresh, migrated database per call. PGlite in memory by default; with
// DATABASE_URL set (as CI does), a new PostgreSQL database in that server, dropped afterwards.
import { randomBytes } from 'node:crypto';
import type { LogConfig } from 'kysely';
import pg from 'pg';
import { type Database, openDatabase } from './database.ts';
import { migrateToLatest } from './migrate.ts';

type Cleanup = { after(fn: () => Promise<void> | void): void };

export async function createTestDatabase(
  t: Cleanup,
  options: { log?: LogConfig } = {},
): Promise<Database> {
  const serverUrl = process.env.DATABASE_URL;
  if (serverUrl === undefined || serverUrl === '') {
    const database = await openDatabase({ url: undefined, log: options.log });
    t.after(() => database.close());
    await migrateToLatest(database.db);
    return database;
  }
  const name = `rathausnetz_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  await admin(serverUrl, `create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: 4, log: options.log });
  t.after(async () => {
    await database.close();
    await admin(serverUrl, `drop database if exists ${name} with (force)`);
  });
  await migrateToLatest(database.db);
  return database;
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
