// The bench's own PostgreSQL database: dropped and created fresh on the configured server.
import pg from 'pg';

export const BENCH_DATABASE = 'rathausnetz_bench';
export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1', '']);

export class PostgresUnavailableError extends Error {
  constructor(adminUrl: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `PostgreSQL at ${redact(adminUrl)} is not reachable (${reason}).\n` +
        'Start the local server, e.g.:\n' +
        '  pg_lsclusters                     # Debian: lists the clusters and whether they run\n' +
        '  sudo pg_ctlcluster 15 main start  # or: sudo service postgresql start\n' +
        'or point BENCH_DATABASE_URL at a local server (superuser, e.g. ' +
        `${DEFAULT_ADMIN_URL}),\nor run the embedded variant: npm run bench -- --pglite`,
      { cause },
    );
    this.name = 'PostgresUnavailableError';
  }
}

/** All bench traffic stays on this machine. */
export function assertLocal(url: string): void {
  const parsed = new URL(url);
  const socketHost = parsed.searchParams.get('host') ?? '';
  if (!LOCAL_HOSTS.has(parsed.hostname) && !socketHost.startsWith('/')) {
    throw new Error(`BENCH_DATABASE_URL must point at 127.0.0.1 (got ${redact(url)})`);
  }
}

export function benchDatabaseUrl(adminUrl: string, name = BENCH_DATABASE): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(adminUrl: string, run: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw new PostgresUnavailableError(adminUrl, error);
  }
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export type PostgresInfo = { serverVersion: string; version: string };

/** Drops and creates the bench database; returns the server's version. */
export function freshDatabase(adminUrl: string, name = BENCH_DATABASE): Promise<PostgresInfo> {
  return withAdmin(adminUrl, async (client) => {
    const info = await client.query<{ server_version: string; version: string }>(
      "select current_setting('server_version') as server_version, version() as version",
    );
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
    const row = info.rows[0];
    return { serverVersion: row?.server_version ?? '?', version: row?.version ?? '?' };
  });
}

export function dropDatabase(adminUrl: string, name = BENCH_DATABASE): Promise<void> {
  return withAdmin(adminUrl, async (client) => {
    await client.query(`drop database if exists ${name} with (force)`);
  });
}

export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString().replace(/:@/, '@');
  } catch {
    return '(unparsable URL)';
  }
}
