// What the numbers were measured on: hardware, runtime, database and code.
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { PGlite } from '@electric-sql/pglite';

export type Machine = {
  cpuModel: string;
  cpuCount: number;
  totalMemoryGiB: number;
  node: string;
  kernel: string;
  /** 1-minute load average when the bench started: other work skews the numbers. */
  loadAverage1m: number;
};

export type DatabaseInfo = {
  kind: 'postgres' | 'pglite';
  /** Short version, e.g. "15.20" or "18.7 (PGlite 0.5.17)". */
  serverVersion: string;
  /** `select version()` in full. */
  version: string;
};

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCount: cpus.length,
    totalMemoryGiB: os.totalmem() / 1024 ** 3,
    node: process.version,
    kernel: `${os.type()} ${os.release()} ${os.machine()} (${os.version()})`,
    loadAverage1m: os.loadavg()[0] ?? 0,
  };
}

/** The PostgreSQL inside PGlite, asked in memory (the server opens its own instance). */
export async function pgliteVersion(): Promise<DatabaseInfo> {
  const pglite = await PGlite.create();
  try {
    const { rows } = await pglite.query<{ version: string }>('select version() as version');
    const version = rows[0]?.version ?? '?';
    const short = /^PostgreSQL (\S+ \(PGlite [^)]+\))/.exec(version)?.[1] ?? version;
    return { kind: 'pglite', serverVersion: short, version };
  } finally {
    await pglite.close();
  }
}

/** Commit of the working tree, marked when it has uncommitted changes; undefined without git. */
export function describeCode(cwd: string): string | undefined {
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  try {
    const commit = git('rev-parse', '--short', 'HEAD');
    return git('status', '--porcelain', '--untracked-files=no', '--', 'src').length > 0
      ? `${commit} + uncommitted changes in src/`
      : commit;
  } catch {
    return undefined;
  }
}
