// Login bench (npm run bench -- --login): sign-ins per second through the real server with
// the real Argon2id parameters, as a fraction of raw Argon2id verifications per second
// measured in the same run. Target ≥ 0.8: the hash should be the only real cost of a sign-in.
//
// Order: fresh database (migrated, seeded, ACCOUNTS verified accounts inserted with hashes
// from the portal's hashPassword) → server started → baseline → sign-in load → baseline again.
// The ratio divides by the mean of the two baselines; both are printed, so drift shows.
//
// The route limit of 30 sign-ins per minute and client address on POST /konto/anmelden stays
// as it is: the server runs with TRUST_PROXY_HOPS=1, as behind the load balancer of a real
// deployment, and each request names its own client address in X-Forwarded-For, as sign-ins
// of many citizens would. The rate limiter and the login throttle run for every request.
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '../src/accounts/passwords.ts';
import { PRIVACY_VERSION } from '../src/accounts/sign-in/service.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { seedDemo } from '../src/tenancy/seed.ts';
import { REPO_ROOT, startNode } from './children.ts';
import { closedLoop, type LoopResult } from './closed-loop.ts';
import { type ComponentCost, monotonicUs, profileByComponent } from './cpu-profile.ts';
import { HOST } from './http-probe.ts';
import type { LoadSettings } from './load.ts';
import { type DatabaseInfo, describeCode, describeMachine, pgliteVersion } from './machine.ts';
import {
  assertLocal,
  BENCH_DATABASE,
  benchDatabaseUrl,
  dropDatabase,
  freshDatabase,
  redact,
} from './postgres.ts';
import {
  cpuMsByProcess,
  cpuMsByThread,
  cpuMsOf,
  machineBusyMs,
  memoryOf,
  resetPeak,
  threadCpuSince,
} from './proc-stats.ts';
import { machineLines, verdictLines, writeResults } from './report.ts';
import { startServer } from './servers.ts';
import { judgeLogin, TARGETS } from './targets.ts';

export const ACCOUNTS = 50;
const LOGIN_PATH = '/konto/anmelden';
const FIRST_START_TIMEOUT_MS = 120_000;
const REQUEST_TIMEOUT_MS = 10_000;
const VERIFY_SCRIPT = 'bench/argon2-verify.ts';

export type LoginOptions = {
  pglite: boolean;
  keepDb: boolean;
  settings: LoadSettings;
  /** UV_THREADPOOL_SIZE of the server and of the baseline process. */
  threadpool: number;
  /** Profile the server (node --cpu-prof) and report its event loop by component. */
  cpuProf: boolean;
  adminUrl: string;
  /** Registers a temporary folder for removal when the bench ends. */
  temporary: (dir: string) => void;
};

type Account = { email: string; password: string };

/** What the baseline process writes (see argon2-verify.ts). */
type VerifyResult = LoopResult & {
  hash: string;
  threadpoolSize: string;
  cpuMsPerOp: number;
  otherCpus: number;
  threadCpuMsPerOp: Record<string, number>;
};

/** Thread names of a Node process, in the columns of the CPU table. */
const THREAD_COLUMNS = [
  ['MainThread', 'event loop'],
  ['libuv-worker', 'threadpool'],
  ['V8Worker', 'V8 helpers'],
] as const;

// ---- set-up: database with verified accounts ----------------------------------------------

async function prepareDatabase(
  url: string | undefined,
  pgliteDir: string,
): Promise<{ accounts: Account[]; verbundId: string }> {
  const database = await openDatabase({ url, pgliteDir });
  try {
    await migrateToLatest(database.db);
    await seedDemo(database.db);
    const verbund = await database.db.selectFrom('verbund').select('id').executeTakeFirstOrThrow();
    const accounts = Array.from({ length: ACCOUNTS }, (_, i) => ({
      email: `buerger${i + 1}@bench.rathausnetz.invalid`,
      password: `Anmeldung ${i + 1} am Hasetal-Radweg`,
    }));
    const hashes = await Promise.all(accounts.map((a) => hashPassword(a.password)));
    const at = new Date();
    await database.db
      .insertInto('account')
      .values(
        accounts.map((a, i) => ({
          verbund_id: verbund.id,
          email: a.email,
          password_hash: hashes[i] as string,
          email_verified_at: at,
          privacy_version: PRIVACY_VERSION,
          privacy_accepted_at: at,
          language: 'de' as const,
        })),
      )
      .execute();
    return { accounts, verbundId: verbund.id };
  } finally {
    await database.close();
  }
}

// ---- the baseline: raw verify() in its own process -----------------------------------------

async function measureVerify(options: LoginOptions, dir: string, run: number) {
  const { settings } = options;
  const file = join(dir, `verify-${run}.json`);
  const child = startNode('argon2-verify', VERIFY_SCRIPT, {
    UV_THREADPOOL_SIZE: String(options.threadpool),
    BENCH_WORKERS: String(settings.connections),
    BENCH_WARMUP_MS: String(settings.warmupS * 1000),
    BENCH_DURATION_MS: String(settings.durationS * 1000),
    BENCH_RESULT_FILE: file,
  });
  const limitMs = (settings.warmupS + settings.durationS + 30) * 1000;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), limitMs);
  });
  const ended = await Promise.race([child.exited(), late]);
  clearTimeout(timer);
  if (ended === 'late') {
    await child.stop();
    throw new Error(`the Argon2id baseline did not finish within ${limitMs / 1000} s`);
  }
  if (ended !== '0')
    throw new Error(`the Argon2id baseline ended with ${ended}:\n${child.output()}`);
  return JSON.parse(readFileSync(file, 'utf8')) as VerifyResult;
}

// ---- sign-ins over HTTP --------------------------------------------------------------------

type Answer = { status: number; headers: Record<string, string | string[] | undefined> };

function send(
  agent: Agent,
  port: number,
  method: 'GET' | 'POST',
  headers: Record<string, string>,
  body?: string,
): Promise<Answer & { body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: HOST,
        port,
        method,
        path: LOGIN_PATH,
        agent,
        timeout: REQUEST_TIMEOUT_MS,
        headers:
          body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

/** A distinct client address for every request: 10.0.0.1, 10.0.0.2, … (16 million of them). */
let nextAddress = 0;
function clientAddress(): string {
  nextAddress = (nextAddress + 1) % 0xffffff || 1;
  return `10.${nextAddress >> 16}.${(nextAddress >> 8) & 255}.${nextAddress & 255}`;
}

function cookieFrom(answer: Answer, name: string): string | undefined {
  const setCookie = answer.headers['set-cookie'] ?? [];
  for (const line of Array.isArray(setCookie) ? setCookie : [setCookie]) {
    const pair = line.split(';')[0] ?? '';
    if (pair.startsWith(`${name}=`)) return pair;
  }
  return undefined;
}

type Csrf = { cookie: string; token: string };

/** GET the sign-in form: the `csrf` cookie (signed secret) and the form's `_csrf` token. */
async function csrfPair(agent: Agent, port: number): Promise<Csrf> {
  const answer = await send(agent, port, 'GET', { 'x-forwarded-for': clientAddress() });
  const cookie = cookieFrom(answer, 'csrf');
  const token = /name="_csrf" value="([^"]+)"/.exec(answer.body)?.[1];
  if (answer.status !== 200 || cookie === undefined || token === undefined) {
    throw new Error(`GET ${LOGIN_PATH} gave ${answer.status} without a CSRF cookie and token`);
  }
  return { cookie, token };
}

// The load generator shares the CPUs with the server: each form body is encoded once.
const bodies = new Map<string, string>();

function signIn(agent: Agent, port: number, csrf: Csrf, account: Account) {
  const key = `${csrf.token} ${account.email}`;
  let body = bodies.get(key);
  if (body === undefined) {
    body = new URLSearchParams({
      email: account.email,
      password: account.password,
      weiter: '/',
      _csrf: csrf.token,
    }).toString();
    bodies.set(key, body);
  }
  return send(
    agent,
    port,
    'POST',
    {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: csrf.cookie,
      'x-forwarded-for': clientAddress(),
    },
    body,
  );
}

// ---- the run -------------------------------------------------------------------------------

export async function runLogin(options: LoginOptions): Promise<void> {
  const { settings } = options;
  const startedAt = new Date();
  const variant = options.pglite ? 'pglite' : 'postgres';
  const perLoad = settings.warmupS + settings.durationS + 30;
  const budgetMs = (3 * perLoad + 120) * 1000 + FIRST_START_TIMEOUT_MS;
  setTimeout(() => {
    console.error(`The login bench ran longer than ${Math.round(budgetMs / 1000)} s; giving up.`);
    process.exit(1);
  }, budgetMs).unref();

  console.log(
    `Rathausnetz login bench — ${options.pglite ? 'PGlite' : 'PostgreSQL'} variant, ` +
      `${settings.connections} concurrent workers, ${settings.durationS} s measured after ` +
      `${settings.warmupS} s warm-up, three times (verify, sign-in, verify)\n`,
  );

  // 1. Machine and a fresh database with verified accounts.
  const dataDir = mkdtempSync(join(tmpdir(), 'rathausnetz-bench-login-'));
  options.temporary(dataDir);
  let database: DatabaseInfo;
  let databaseUrl: string | undefined;
  if (options.pglite) {
    database = await pgliteVersion();
  } else {
    assertLocal(options.adminUrl);
    database = { kind: 'postgres', ...(await freshDatabase(options.adminUrl)) };
    databaseUrl = benchDatabaseUrl(options.adminUrl);
  }
  const machine = describeMachine();
  const code = describeCode(REPO_ROOT);
  console.log(machineLines(machine, database, code).join('\n'));
  if (databaseUrl !== undefined) console.log(`  (fresh database ${redact(databaseUrl)})`);
  const { accounts } = await prepareDatabase(databaseUrl, join(dataDir, 'pglite'));

  // 2. The real server; one sign-in must work before anything is measured.
  const profileDir = join(dataDir, 'cpu-profile');
  const server = await startServer(
    {
      NODE_ENV: 'development',
      HOST,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '100000000',
      TRUST_PROXY_HOPS: '1',
      UV_THREADPOOL_SIZE: String(options.threadpool),
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      DATA_DIR: dataDir,
      ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
    },
    FIRST_START_TIMEOUT_MS,
    options.cpuProf ? `--cpu-prof --cpu-prof-dir=${profileDir}` : '',
  );
  const agents = Array.from(
    { length: settings.connections },
    () => new Agent({ keepAlive: true, maxSockets: 1 }),
  );
  const pairs: Csrf[] = [];
  for (const agent of agents) pairs.push(await csrfPair(agent, server.port));
  const probe = await signIn(
    agents[0] as Agent,
    server.port,
    pairs[0] as Csrf,
    accounts[0] as Account,
  );
  if (probe.status !== 303 || cookieFrom(probe, 'session') === undefined) {
    throw new Error(
      `a sign-in with the right password gave ${probe.status}` +
        `${probe.status === 303 ? ' without a session cookie' : ''}; nothing to measure:\n` +
        probe.body.slice(0, 300),
    );
  }

  // 3. Baseline, sign-ins, baseline again.
  const verifyBefore = await measureVerify(options, dataDir, 1);
  let next = 0;
  const reset = resetPeak(server.child.pid);
  const isBackend = (cmdline: string) =>
    cmdline.startsWith('postgres: ') && cmdline.includes(` ${BENCH_DATABASE} `);
  let serverCpuAtStart = 0;
  let serverCpuMs = 0;
  let serverThreadsAtStart: Record<string, number> = {};
  let serverThreadMs: Record<string, number> = {};
  let machineAtStart = 0;
  let machineMs = 0;
  let loaderCpuAtStart = process.cpuUsage();
  let loaderCpuMs = 0;
  let backendsAtStart = new Map<number, number>();
  let backendsCpuMs: number | undefined;
  const windowUs = { from: 0, to: 0 };
  const login = await closedLoop(
    {
      workers: settings.connections,
      warmupMs: settings.warmupS * 1000,
      durationMs: settings.durationS * 1000,
    },
    async (worker) => {
      const account = accounts[next++ % accounts.length] as Account;
      const answer = await signIn(
        agents[worker] as Agent,
        server.port,
        pairs[worker] as Csrf,
        account,
      );
      return answer.status === 303 && cookieFrom(answer, 'session') === undefined
        ? '303 without session cookie'
        : String(answer.status);
    },
    '303',
    {
      start: () => {
        windowUs.from = monotonicUs();
        serverCpuAtStart = cpuMsOf(server.child.pid);
        serverThreadsAtStart = cpuMsByThread(server.child.pid);
        machineAtStart = machineBusyMs();
        loaderCpuAtStart = process.cpuUsage();
        if (!options.pglite) backendsAtStart = cpuMsByProcess(isBackend);
      },
      end: () => {
        windowUs.to = monotonicUs();
        serverCpuMs = cpuMsOf(server.child.pid) - serverCpuAtStart;
        serverThreadMs = threadCpuSince(serverThreadsAtStart, cpuMsByThread(server.child.pid));
        machineMs = machineBusyMs() - machineAtStart;
        const used = process.cpuUsage(loaderCpuAtStart);
        loaderCpuMs = (used.user + used.system) / 1000;
        if (!options.pglite) {
          // Backends that started during the window count in full.
          backendsCpuMs = 0;
          for (const [pid, ms] of cpuMsByProcess(isBackend)) {
            backendsCpuMs += ms - (backendsAtStart.get(pid) ?? 0);
          }
        }
      },
    },
  );
  const serverMemory = memoryOf(server.child.pid);
  for (const agent of agents) agent.destroy();
  const verifyAfter = await measureVerify(options, dataDir, 2);
  // The profile is written when the server exits.
  await server.child.stop(30_000);
  let profile: { file: string; components: ComponentCost[] } | undefined;
  if (options.cpuProf) {
    const written = readdirSync(profileDir).find((name) => name.endsWith('.cpuprofile'));
    if (written === undefined) throw new Error(`the server wrote no CPU profile to ${profileDir}`);
    const file = `bench/results/${startedAt.toISOString().replace(/[:.]/g, '-')}-server.cpuprofile`;
    copyFileSync(join(profileDir, written), join(REPO_ROOT, file));
    profile = {
      file,
      components: profileByComponent(join(REPO_ROOT, file), windowUs.from, windowUs.to),
    };
  }

  // 4. Report.
  const verifiesPerSec = (verifyBefore.perSecond + verifyAfter.perSecond) / 2;
  const ratio = verifiesPerSec > 0 ? login.perSecond / verifiesPerSec : 0;
  const failures = Object.entries(login.outcomes).filter(([outcome]) => outcome !== '303');
  const perLogin = (ms: number | undefined) =>
    ms === undefined || login.successes === 0 ? undefined : ms / login.successes;
  const meanOf = (a: Record<string, number>, b: Record<string, number>) =>
    Object.fromEntries(
      [...new Set([...Object.keys(a), ...Object.keys(b)])].map((name) => [
        name,
        ((a[name] ?? 0) + (b[name] ?? 0)) / 2,
      ]),
    );
  const cpu = {
    verifyMsPerOp: (verifyBefore.cpuMsPerOp + verifyAfter.cpuMsPerOp) / 2,
    verifyByThread: meanOf(verifyBefore.threadCpuMsPerOp, verifyAfter.threadCpuMsPerOp),
    serverMsPerLogin: perLogin(serverCpuMs),
    serverByThread: Object.fromEntries(
      Object.entries(serverThreadMs).map(([name, ms]) => [name, perLogin(ms) ?? 0]),
    ),
    postgresBackendsMsPerLogin: perLogin(backendsCpuMs),
    loadGeneratorMsPerLogin: perLogin(loaderCpuMs),
  };

  // The cost of a sign-in to the portal itself, against the cost of the hash alone; less
  // sensitive to other work on the machine than the two rates.
  const portalMs =
    cpu.serverMsPerLogin === undefined
      ? undefined
      : cpu.serverMsPerLogin + (cpu.postgresBackendsMsPerLogin ?? 0);
  const cpuRatio =
    portalMs === undefined || portalMs === 0 ? undefined : cpu.verifyMsPerOp / portalMs;

  // Machine busy time not spent by the server, its PostgreSQL backends or this process.
  const ours = serverCpuMs + (backendsCpuMs ?? 0) + loaderCpuMs;
  const loginOtherCpus = Math.max(0, machineMs - ours) / 1000 / login.durationS;

  const params = /m=(\d+),t=(\d+),p=(\d+)/.exec(verifyBefore.hash);
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const cell = (value: number | undefined, width = 12) =>
    (value === undefined ? '' : value.toFixed(1)).padStart(width);
  const row = (label: string, rate: number, r: LoopResult, others: number) =>
    `  ${label.padEnd(38)}${rate.toFixed(1).padStart(8)}${ms(r.p50Ms).padStart(11)}` +
    `${ms(r.p99Ms).padStart(11)}${others.toFixed(2).padStart(14)}`;
  console.log('');
  console.log(
    `Argon2id     ${verifyBefore.hash}` +
      (params ? ` (${Number(params[1]) / 1024} MiB, ${params[2]} passes, ${params[3]} lane)` : '') +
      ', hash made by hashPassword() of src/accounts/passwords.ts',
  );
  console.log(
    `Threadpool   UV_THREADPOOL_SIZE=${options.threadpool} in the server and in the verify process ` +
      `(${machine.cpuCount} CPUs)`,
  );
  console.log(
    `Sign-ins     ${ACCOUNTS} verified accounts cycled, right passwords only, one CSRF pair ` +
      'per worker, no session cookie sent;',
  );
  console.log(
    '             TRUST_PROXY_HOPS=1 and a new X-Forwarded-For address per request ' +
      '(route limit: 30/min per address)',
  );
  console.log('');
  console.log(
    `Throughput (${settings.connections} workers in a closed loop; latency of the successful ones)`,
  );
  console.log(
    `  ${''.padEnd(38)}${'per s'.padStart(8)}${'p50'.padStart(11)}${'p99'.padStart(11)}` +
      `${'other work'.padStart(14)}`,
  );
  const before = verifyBefore;
  const after = verifyAfter;
  console.log(row('raw verify(), own process, before', before.perSecond, before, before.otherCpus));
  console.log(row('POST /konto/anmelden → 303', login.perSecond, login, loginOtherCpus));
  console.log(row('raw verify(), own process, after', after.perSecond, after, after.otherCpus));
  console.log(
    `  ${`ratio: logins/s ÷ mean verifies/s ${verifiesPerSec.toFixed(1)}`.padEnd(38)}` +
      ratio.toFixed(3).padStart(8),
  );
  console.log(
    `  other work = CPUs busy with other processes during the window, of ${machine.cpuCount}` +
      '; above ~0.1 the rates are lower than the machine can do',
  );
  console.log(
    `  ${login.successes} sign-ins (303 with a session cookie) in ${login.durationS} s; ` +
      (failures.length === 0
        ? 'no other answers, no errors'
        : `other outcomes: ${JSON.stringify(Object.fromEntries(failures))}`),
  );

  const known = new Set<string>(THREAD_COLUMNS.map(([name]) => name));
  const other = (byThread: Record<string, number>) =>
    Object.entries(byThread)
      .filter(([name]) => !known.has(name))
      .reduce((sum, [, value]) => sum + value, 0);
  const threadRow = (label: string, byThread: Record<string, number>, total: number) =>
    `  ${label.padEnd(38)}${THREAD_COLUMNS.map(([name]) => cell(byThread[name] ?? 0)).join('')}` +
    `${cell(other(byThread), 8)}${cell(total, 9)}`;
  const onlyTotal = (label: string, total: number | undefined) =>
    `  ${label.padEnd(38)}${''.padStart(12 * THREAD_COLUMNS.length + 8)}${cell(total, 9)}`;
  console.log('');
  console.log('CPU per operation in the measured window (ms; /proc, 10-ms ticks)');
  console.log(
    `  ${''.padEnd(38)}${THREAD_COLUMNS.map(([, title]) => title.padStart(12)).join('')}` +
      `${'other'.padStart(8)}${'total'.padStart(9)}`,
  );
  console.log(
    threadRow('verify process, per verify (mean)', cpu.verifyByThread, cpu.verifyMsPerOp),
  );
  console.log(
    threadRow('server process, per sign-in', cpu.serverByThread, cpu.serverMsPerLogin ?? 0),
  );
  if (!options.pglite) {
    console.log(onlyTotal('PostgreSQL backends, per sign-in', cpu.postgresBackendsMsPerLogin));
  }
  console.log(onlyTotal('load generator (bench), per sign-in', cpu.loadGeneratorMsPerLogin));
  if (cpuRatio !== undefined) {
    console.log(
      `  ${'CPU ratio: verify ÷ (server + PostgreSQL)'.padEnd(38)}${cpuRatio.toFixed(3).padStart(8)}` +
        '   (≈ the throughput ratio when the CPUs, not the threadpool, are the limit)',
    );
  }
  if (options.threadpool >= machine.cpuCount) {
    console.log(
      `  threadpool ${options.threadpool} ≥ ${machine.cpuCount} CPUs: the hashes alone fill the machine, so every ` +
        'other CPU-ms of a sign-in costs throughput\n' +
        `  (--threadpool ${Math.max(1, machine.cpuCount - 1)} leaves a CPU for the rest and shows what that costs in time alone)`,
    );
  }
  if (profile !== undefined) {
    const perSignIn = (ms: number) => (login.successes === 0 ? 0 : ms / login.successes);
    const busy = profile.components.reduce((sum, c) => sum + c.ms, 0);
    const shown = profile.components.slice(0, 12);
    const rest = busy - shown.reduce((sum, c) => sum + c.ms, 0);
    // Samples carry wall time: on a busy machine a thread also waits for a CPU inside them
    // (most of all right after waking another process, e.g. on a socket write), so the
    // shares matter here, not the sum, which the /proc figure above gives.
    console.log('');
    console.log(
      'Server event loop by component (V8 CPU profile of the measured window, ms of busy ' +
        `samples per sign-in; ${profile.file})`,
    );
    for (const c of shown) {
      console.log(
        `  ${c.component.padEnd(38)}${perSignIn(c.ms).toFixed(2).padStart(8)}` +
          `${((100 * c.ms) / busy).toFixed(0).padStart(6)} %`,
      );
    }
    console.log(`  ${'everything else'.padEnd(38)}${perSignIn(rest).toFixed(2).padStart(8)}`);
    console.log(`  ${'busy in all'.padEnd(38)}${perSignIn(busy).toFixed(2).padStart(8)}`);
    console.log('  (profiler on: the rates above are lower than without it)');
  }
  console.log(
    `  server peak RSS ${serverMemory.peakMb.toFixed(1)} MB` +
      `${reset ? ' (warm-up and run)' : ' (since start)'}`,
  );

  const verdicts = judgeLogin({
    database: database.kind,
    loginRatio: ratio,
    loginClean: failures.length === 0 && login.successes > 0,
  });
  console.log('');
  console.log(verdictLines(verdicts).join('\n'));

  const file = writeResults(startedAt, {
    kind: 'login',
    startedAt: startedAt.toISOString(),
    variant,
    settings: { ...settings, threadpoolSize: options.threadpool, accounts: ACCOUNTS },
    machine,
    database,
    code,
    argon2: verifyBefore.hash,
    verify: { before: verifyBefore, after: verifyAfter, meanPerSecond: verifiesPerSec },
    login,
    ratio,
    target: TARGETS.loginRatioMin,
    cpuMs: cpu,
    cpuRatio,
    loginOtherCpus,
    serverPeakRssMb: serverMemory.peakMb,
    ...(profile === undefined ? {} : { serverProfile: profile }),
    verdicts,
  });
  console.log(`\nResults written to ${file}`);

  if (!options.pglite && !options.keepDb) await dropDatabase(options.adminUrl);
}
