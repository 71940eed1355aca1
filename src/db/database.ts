import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, type LogConfig, PGliteDialect, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { prepareMarkedStatements } from './prepared.ts';
import type { DB } from './schema.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export type Database = {
  db: Kysely<DB>;
  kind: DatabaseKind;
  /** Human-readable target without credentials, for logs and errors. */
  target: string;
  ping(timeoutMs?: number): Promise<void>;
  /**
   * Calls `onNotify` for every NOTIFY on `channel` (after the notifying transaction commits);
   * resolves once listening, to a function that stops it. PostgreSQL: one connection of its
   * own, reconnected after a drop (notifications in the gap are lost: listeners keep a slower
   * poll as a safety net). PGlite: the instance's own listener, in this process.
   */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
};

export type DatabaseOptions = {
  /** PostgreSQL URL; undefined → embedded PGlite. */
  url: string | undefined;
  /** PGlite data folder; undefined with no url → in memory (tests). */
  pgliteDir?: string | undefined;
  /** PGlite only: start from this dumped data directory (tests: a migrated copy). */
  pgliteImage?: Blob | undefined;
  poolSize?: number;
  /**
   * PostgreSQL: every connection runs as this role from its start (a startup parameter, so a
   * role that does not exist or may not be used fails the connection, never the check).
   */
  role?: string | undefined;
  log?: LogConfig;
};

/**
 * The role web and worker processes run as (ADR 0015): owns no table, is no superuser, and
 * may only switch to app_user and app_worker, as the act-as helpers in rls.ts do.
 */
export const RUNTIME_ROLE = 'rathausnetz_app';

/**
 * The handle web and worker use, after `owner` has migrated: on PostgreSQL a pool whose
 * connections all run as RUNTIME_ROLE (the `url` login may be that role itself, or the owner in
 * a demo); on PGlite, which has one connection and one superuser, the same instance switched
 * to RUNTIME_ROLE for the rest of its life. Returns `owner` itself on PGlite.
 */
export async function openRuntimeDatabase(
  owner: Database,
  url: string | undefined,
  options: Pick<DatabaseOptions, 'poolSize' | 'log'> = {},
): Promise<Database> {
  if (owner.kind === 'pglite' || url === undefined) {
    await sql.raw(`set role ${RUNTIME_ROLE}`).execute(owner.db);
    return owner;
  }
  // A login that is the runtime role itself needs no startup parameter (which connection
  // poolers such as PgBouncer refuse unless told to ignore it).
  const login = decodeURIComponent(new URL(url).username);
  return openDatabase({ ...options, url, role: login === RUNTIME_ROLE ? undefined : RUNTIME_ROLE });
}

export class DatabaseUnavailableError extends Error {
  constructor(target: string, cause: unknown) {
    super(`database ${target} is not reachable: ${describe(cause)}`, { cause });
    this.name = 'DatabaseUnavailableError';
  }
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url === undefined ? openPglite(options) : openPostgres(options.url, options);
}

async function openPglite(options: DatabaseOptions): Promise<Database> {
  const dir = options.pgliteDir;
  if (dir !== undefined) mkdirSync(dir, { recursive: true });
  // Loaded only when used: a PostgreSQL deployment never pays for the WASM build in memory.
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create({
    dataDir: dir === undefined ? undefined : join(dir),
    loadDataDir: options.pgliteImage,
  });
  const db = new Kysely<DB>({ dialect: new PGliteDialect({ pglite }), log: options.log });
  return {
    db,
    kind: 'pglite',
    target: dir === undefined ? 'PGlite (in memory)' : `PGlite ${dir}`,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    listen: async (channel, onNotify) => {
      const unlisten = await pglite.listen(channel, () => onNotify());
      return () => unlisten();
    },
    close: () => db.destroy(),
  };
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<Database> {
  const target = redact(url);
  const pool = new pg.Pool({
    connectionString: url,
    ...(options.role === undefined ? {} : { options: `-c role=${options.role}` }),
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 5000,
    // A dropped connection must not crash the process; the next query gets a fresh one.
    idleTimeoutMillis: 30_000,
  });
  pool.on('error', () => {});
  prepareMarkedStatements(pool);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log: options.log });
  const ping = async (timeoutMs = 2000) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        sql`select 1`.execute(db),
        new Promise((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`no answer within ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
    } catch (error) {
      throw new DatabaseUnavailableError(target, error);
    } finally {
      clearTimeout(timer);
    }
  };
  try {
    await ping(5000);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  const listen = (channel: string, onNotify: () => void) =>
    listenOnOwnConnection(url, options.role, channel, onNotify);
  return { db, kind: 'postgres', target, ping, listen, close: () => db.destroy() };
}

const RECONNECT_MS = 1000;

async function listenOnOwnConnection(
  url: string,
  role: string | undefined,
  channel: string,
  onNotify: () => void,
): Promise<() => Promise<void>> {
  // A fixed name of the code's, never input: checked so it can stand unquoted in LISTEN.
  if (!/^[a-z_]+$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  let stopped = false;
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  const connect = async (): Promise<void> => {
    const next = new pg.Client({
      connectionString: url,
      ...(role === undefined ? {} : { options: `-c role=${role}` }),
      connectionTimeoutMillis: 5000,
    });
    next.on('notification', (message) => {
      if (message.channel === channel) onNotify();
    });
    const retry = () => {
      next.removeAllListeners('end');
      next.end().catch(() => {});
      if (client === next) client = undefined;
      if (!stopped) {
        timer = setTimeout(() => void connect().catch(() => {}), RECONNECT_MS);
        timer.unref();
      }
    };
    next.on('error', retry);
    next.on('end', retry);
    await next.connect();
    await next.query(`listen ${channel}`);
    client = next;
    // Work committed while no connection listened would wait for the poll: look now.
    onNotify();
  };
  await connect();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    const current = client;
    client = undefined;
    if (current) {
      current.removeAllListeners('end');
      current.removeAllListeners('error');
      current.on('error', () => {});
      await current.end().catch(() => {});
    }
  };
}

/** postgres://user:secret@host:5432/db → postgres://user@host:5432/db */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString().replace(/:@/, '@');
  } catch {
    return 'PostgreSQL (unparsable URL)';
  }
}

function describe(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return describe(error.errors[0]);
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    return code ? `${code} ${error.message}` : error.message;
  }
  return String(error);
}
