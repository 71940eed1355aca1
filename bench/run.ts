// Rathausnetz bench: the portal's pages as a fraction of bare Fastify on the same machine,
// the server's memory under load and its start-up time, judged against the targets.
//
//   npm run bench                      PostgreSQL (BENCH_DATABASE_URL or the local default)
//   npm run bench -- --pglite          embedded PGlite in a fresh temporary data folder
//   npm run bench -- --duration 3 --warmup 1    a quick run
//   npm run bench -- --login           the login bench instead (bench/login.ts)
//   npm run bench -- --forms           the forms bench instead (bench/forms.ts)
//   npm run bench -- --submit          the submission bench instead (bench/submit.ts)
//
// A measurement, not a test: it exits 0 whatever the verdicts (non-zero only when it could
// not measure at all, e.g. PostgreSQL is down).
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { usePasswordCostForTests } from '../src/accounts/passwords.ts';
import { killAllChildren, REPO_ROOT } from './children.ts';
import { runForms } from './forms.ts';
import { get, HOST } from './http-probe.ts';
import type { LoadResult, LoadSettings } from './load.ts';
import { ACCOUNTS, runLogin } from './login.ts';
import { type DatabaseInfo, describeCode, describeMachine, pgliteVersion } from './machine.ts';
import {
  assertLocal,
  BENCH_DATABASE,
  benchDatabaseUrl,
  DEFAULT_ADMIN_URL,
  dropDatabase,
  freshDatabase,
  PostgresUnavailableError,
  redact,
} from './postgres.ts';
import { memoryOf } from './proc-stats.ts';
import { machineLines, tableHeader, tableRow, verdictLines, writeResults } from './report.ts';
import { type Observed, observeLoad, startHello, startServer } from './servers.ts';
import { LATENCY_CLIENTS, runSubmit, SUBMIT_DATABASE } from './submit.ts';
import { judge } from './targets.ts';

// The submission bench reuses the form tests' answers, and importing them sets the tests'
// cheap Argon2id in this process. Every bench seeds accounts with real hashes: a hash records
// its parameters, so cheap seeds would make the server's sign-ins cheap too.
usePasswordCostForTests('production');

const AUTHORITY_PATH = '/lingen-ems';
/** Measured on the real server, in this order; /healthz is the reference without a page. */
const SERVER_RUNS = [
  { path: '/healthz', label: '/healthz (JSON, reference)' },
  { path: '/', label: '/ (start page)' },
  { path: AUTHORITY_PATH, label: `${AUTHORITY_PATH} (authority page)` },
] as const;
const RESTARTS = 3;
const FIRST_START_TIMEOUT_MS = 120_000;
const RESTART_TIMEOUT_MS = 30_000;

const HELP = `Usage: node bench/run.ts [--login [--threadpool N] [--cpu-prof] | --forms | --submit [--submit-prof DIR] [--web-processes N]]
                         [--pglite] [--duration S] [--warmup S] [--connections N] [--keep-db]

  --login          the login bench instead of the page bench: sign-ins/s with the real
                   Argon2id parameters ÷ raw Argon2id verifications/s (${ACCOUNTS} accounts)
  --forms          the forms bench instead: GET of a form step page and POST of a step
                   (validation + draft save → 303), signed in, ÷ bare Fastify in the same
                   run; searchServices() latency (p50/p95/p99) over the whole catalogue
  --threadpool N   UV_THREADPOOL_SIZE of the server and the verify process, --login only
                   (env BENCH_THREADPOOL, default 4 = libuv's default)
  --cpu-prof       --login only: profile the server (node --cpu-prof) and print where its
                   event loop spends a sign-in, by component; the profiler slows the server,
                   so the rates of such a run are not the ones to compare
  --submit         the submission bench: Osterfeuer applications sent over HTTP per second ÷
                   the same rows inserted with pg per second, p99 at ${LATENCY_CLIENTS} clients, and
                   "Meine Anträge" among 10,000 applications (PostgreSQL only, database
                   ${SUBMIT_DATABASE})
  --submit-prof DIR --submit only: the server writes a V8 CPU profile into DIR
  --web-processes N --submit only: web processes side by side, clients spread over them as a
                   load balancer would (env BENCH_WEB_PROCESSES, default: one per CPU)
  --pglite         run the server on embedded PGlite (fresh temporary DATA_DIR)
  --duration S     seconds measured per endpoint   (env BENCH_DURATION, default 10)
  --warmup S       seconds of warm-up per endpoint (env BENCH_WARMUP, default 2)
  --connections N  concurrent connections          (env BENCH_CONNECTIONS, default 10;
                   --login: concurrent sign-ins and concurrent verifications;
                   --forms: concurrent citizens, each signed in with its own draft)
  --keep-db        keep the ${BENCH_DATABASE} database afterwards (PostgreSQL variant;
                   --forms: rathausnetz_bench_forms)

  BENCH_DATABASE_URL  PostgreSQL server to create ${BENCH_DATABASE} on
                      (default ${DEFAULT_ADMIN_URL}; must be local)`;

type Options = {
  pglite: boolean;
  keepDb: boolean;
  login: boolean;
  forms: boolean;
  submit: boolean;
  cpuProfDir: string | undefined;
  webProcesses: number;
  threadpool: number;
  cpuProf: boolean;
  settings: LoadSettings;
};

function readOptions(): Options {
  const { values } = parseArgs({
    options: {
      pglite: { type: 'boolean', default: false },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      'keep-db': { type: 'boolean', default: false },
      login: { type: 'boolean', default: false },
      forms: { type: 'boolean', default: false },
      threadpool: { type: 'string' },
      'cpu-prof': { type: 'boolean', default: false },
      submit: { type: 'boolean', default: false },
      'submit-prof': { type: 'string' },
      'web-processes': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    process.exit(0);
  }
  const number = (name: string, value: string | undefined, fallback: number, min: number) => {
    if (value === undefined || value.trim() === '') return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min) {
      console.error(`${name} must be a whole number of at least ${min} (got "${value}")`);
      process.exit(64);
    }
    return parsed;
  };
  const env = process.env;
  return {
    pglite: values.pglite,
    keepDb: values['keep-db'],
    login: values.login,
    forms: values.forms,
    submit: values.submit,
    cpuProfDir: values['submit-prof'],
    webProcesses: number(
      '--web-processes',
      values['web-processes'] ?? env.BENCH_WEB_PROCESSES,
      availableParallelism(),
      1,
    ),
    threadpool: number('--threadpool', values.threadpool ?? env.BENCH_THREADPOOL, 4, 1),
    cpuProf: values['cpu-prof'],
    settings: {
      connections: number('--connections', values.connections ?? env.BENCH_CONNECTIONS, 10, 1),
      pipelining: 1,
      durationS: number('--duration', values.duration ?? env.BENCH_DURATION, 10, 1),
      warmupS: number('--warmup', values.warmup ?? env.BENCH_WARMUP, 2, 0),
    },
  };
}

// ---- cleanup: children die with the bench, temporary folders go ----------------------------

const temporaryDirs: string[] = [];

function cleanUp(): void {
  killAllChildren();
  for (const dir of temporaryDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the servers and leaving.`);
    cleanUp();
    process.exit(130);
  });
}

// ---- the measurement -----------------------------------------------------------------------

type ServerRun = Observed & {
  label: string;
  ratio: number;
  /** Baseline CPU/req ÷ this CPU/req: the same ratio by CPU cost, less sensitive to noise. */
  cpuRatio: number;
};

async function main(): Promise<void> {
  const options = readOptions();
  const { settings } = options;
  const startedAt = new Date();
  const variant = options.pglite ? 'pglite' : 'postgres';
  const adminUrl = process.env.BENCH_DATABASE_URL?.trim() || DEFAULT_ADMIN_URL;
  if (options.login) {
    await runLogin({
      ...options,
      adminUrl,
      temporary: (dir) => temporaryDirs.push(dir),
    });
    return;
  }
  if (options.forms) {
    await runForms({
      ...options,
      adminUrl,
      temporary: (dir) => temporaryDirs.push(dir),
    });
    return;
  }
  if (options.submit) {
    if (options.pglite) {
      console.error('--submit measures PostgreSQL only');
      process.exit(64);
    }
    await runSubmit({ ...options, adminUrl, temporary: (dir) => temporaryDirs.push(dir) });
    return;
  }

  // Every step is bounded; this is the backstop should one of them hang anyway.
  const perLoad = settings.warmupS + settings.durationS + 15;
  const budgetMs =
    ((1 + SERVER_RUNS.length) * perLoad + 60) * 1000 +
    FIRST_START_TIMEOUT_MS +
    RESTARTS * RESTART_TIMEOUT_MS;
  setTimeout(() => {
    console.error(`The bench ran longer than ${Math.round(budgetMs / 1000)} s; giving up.`);
    process.exit(1);
  }, budgetMs).unref();

  const loadTime = (1 + SERVER_RUNS.length) * (settings.warmupS + settings.durationS);
  console.log(
    `Rathausnetz bench — ${options.pglite ? 'PGlite' : 'PostgreSQL'} variant, ` +
      `${settings.connections} connections, pipelining ${settings.pipelining}, ` +
      `${settings.durationS} s per endpoint after ${settings.warmupS} s warm-up ` +
      `(≈${loadTime} s of load)\n`,
  );

  // 1. Machine and database.
  let database: DatabaseInfo;
  let databaseUrl: string | undefined;
  if (options.pglite) {
    database = await pgliteVersion();
  } else {
    assertLocal(adminUrl);
    const info = await freshDatabase(adminUrl);
    database = { kind: 'postgres', ...info };
    databaseUrl = benchDatabaseUrl(adminUrl);
  }
  const machine = describeMachine();
  const code = describeCode(REPO_ROOT);
  console.log(machineLines(machine, database, code).join('\n'));
  if (databaseUrl !== undefined) console.log(`  (fresh database ${redact(databaseUrl)})`);
  console.log('');

  // 2. Baseline: bare Fastify.
  console.log(tableHeader().join('\n'));
  const hello = await startHello(RESTART_TIMEOUT_MS);
  const baseline = await observeLoad(hello.child, hello.port, '/', settings);
  await hello.child.stop();
  console.log(tableRow('baseline: bare Fastify hello', baseline, 1));
  const ratioOf = (run: LoadResult) =>
    baseline.reqPerSec > 0 ? run.reqPerSec / baseline.reqPerSec : 0;

  // 3. The real server on a fresh database.
  const dataDir = mkdtempSync(join(tmpdir(), 'rathausnetz-bench-'));
  temporaryDirs.push(dataDir);
  const serverEnv: Record<string, string> = {
    NODE_ENV: 'development',
    HOST,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '100000000',
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    DATA_DIR: dataDir,
    ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
  };
  const first = await startServer(serverEnv, FIRST_START_TIMEOUT_MS);
  const startupPeakRssMb = memoryOf(first.child.pid).peakMb;
  for (const { path } of SERVER_RUNS) {
    const answer = await get(first.port, path);
    if (answer.status !== 200) {
      throw new Error(`${path} answers ${answer.status} before the load; nothing to measure`);
    }
  }
  const runs: ServerRun[] = [];
  for (const { path, label } of SERVER_RUNS) {
    const observed = await observeLoad(first.child, first.port, path, settings);
    const run = {
      ...observed,
      label,
      ratio: ratioOf(observed),
      cpuRatio:
        observed.cpuUsPerRequest > 0 ? baseline.cpuUsPerRequest / observed.cpuUsPerRequest : 0,
    };
    runs.push(run);
    console.log(tableRow(label, run, run.ratio));
  }
  const peakSinceStart = runs.some((run) => run.peakIncludesStartup);
  if (peakSinceStart) {
    console.log('  (the kernel refused to reset VmHWM: peak RSS includes start-up)');
  }
  await first.child.stop();

  // 4. Start-up on the now existing database.
  const restartsMs: number[] = [];
  for (let i = 0; i < RESTARTS; i++) {
    const again = await startServer(serverEnv, RESTART_TIMEOUT_MS);
    restartsMs.push(again.ms);
    await again.child.stop();
  }
  const ms = (value: number) => `${Math.round(value)} ms`;
  console.log('\nStart-up (spawn of node src/main.ts → first 200 of /, polled every 10 ms)');
  console.log(`  first start, empty database (migrate + seed)   ${ms(first.ms)}`);
  console.log(`  restart on the existing database              ${restartsMs.map(ms).join(', ')}`);
  console.log(`  server peak RSS during first start             ${startupPeakRssMb.toFixed(1)} MB`);

  // 5. Verdicts and the record.
  const authority = runs.find((run) => run.path === AUTHORITY_PATH);
  const peakRssUnderLoadMb = Math.max(...runs.map((run) => run.peakRssMb));
  const verdicts = judge({
    database: database.kind,
    authorityRatio: authority?.ratio ?? 0,
    authorityClean:
      authority !== undefined &&
      authority.non2xx === 0 &&
      authority.errors === 0 &&
      authority.timeouts === 0,
    peakRssUnderLoadMb,
    restartMs: restartsMs.length > 0 ? Math.max(...restartsMs) : undefined,
  });
  console.log('');
  console.log(verdictLines(verdicts).join('\n'));

  const file = writeResults(startedAt, {
    startedAt: startedAt.toISOString(),
    variant,
    settings,
    machine,
    database,
    code,
    baseline,
    server: {
      runs,
      peakRssUnderLoadMb,
      peakRssIncludesStartup: peakSinceStart,
      firstStartMs: first.ms,
      startupPeakRssMb,
      restartsMs,
    },
    verdicts,
  });
  console.log(`\nResults written to ${file}`);

  if (!options.pglite && !options.keepDb) await dropDatabase(adminUrl);
}

try {
  await main();
} catch (error) {
  killAllChildren();
  if (error instanceof PostgresUnavailableError) {
    console.error(`\n${error.message}`);
  } else {
    console.error(
      `\nThe bench could not measure: ${error instanceof Error ? error.message : error}`,
    );
  }
  process.exitCode = 1;
}
