// Forms bench (npm run bench -- --forms): the online form under load, signed in, as a fraction
// of bare Fastify measured in the same run, and the catalogue search's latency.
//
// Order: fresh database (migrated, the Emsland demo and the catalogue with its online services,
// one signed-in citizen per worker with a profile in Sögel) → server started → every worker
// signs in over HTTP and starts its own Osterfeuer draft → hello baseline → GET of a step page
// → POST of that step (validation and draft save, answered 303 to the next step) → hello
// baseline again → server stopped → searchServices() over the whole shipped catalogue, in this
// process, one query after another.
//
// Every rate comes from the same closed loop and HTTP client (node:http, keep-alive, one socket
// per worker), the baseline too, so the ratios compare the servers, not two load generators.
// Each worker has its own session and draft, and posts with the draft's current revision, as
// one citizen in one window would: no save is refused as a conflict.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '../src/accounts/passwords.ts';
import { PRIVACY_VERSION } from '../src/accounts/sign-in/service.ts';
import { searchServices } from '../src/catalog/search.ts';
import { seedCatalogDemo } from '../src/catalog/seed.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { seedDemo } from '../src/tenancy/seed.ts';
import { REPO_ROOT } from './children.ts';
import { closedLoop, type LoopResult } from './closed-loop.ts';
import { HOST } from './http-probe.ts';
import type { LoadSettings } from './load.ts';
import { type DatabaseInfo, describeCode, describeMachine, pgliteVersion } from './machine.ts';
import { assertLocal, benchDatabaseUrl, dropDatabase, freshDatabase, redact } from './postgres.ts';
import { cpuMsByProcess, cpuMsOf, memoryOf, resetPeak } from './proc-stats.ts';
import { machineLines, writeResults } from './report.ts';
import { startHello, startServer } from './servers.ts';

const OSTERFEUER = '99063010000000';
const STEP = 'veranstalter';
const NEXT_STEP = 'zeit-und-ort';
const PASSWORD = 'Osterfeuer am Hümmling 2027';
const FIRST_START_TIMEOUT_MS = 120_000;
const REQUEST_TIMEOUT_MS = 10_000;
/** Its own database: the page and login benches may run at the same time on this machine. */
const FORMS_DATABASE = 'rathausnetz_bench_forms';

/**
 * What citizens type into the search: whole words, inflected words, the first letters of a
 * word, umlauts and ß written out (ae, oe, ue, ss), two-word queries, and words that match
 * little or nothing. Each round runs all of them in this order.
 */
export const SEARCH_QUERIES = [
  'Osterfeuer',
  'osterfeuer anmelden',
  'Oster',
  'Hundesteuer',
  'Hunde',
  'hundest',
  'Hund anmelden',
  'Sperrmüll',
  'Sperrmuell',
  'sperrm',
  'Müll',
  'Muell',
  'Meldebescheinigung',
  'Melde',
  'Ummeldung',
  'Umzug',
  'Gewerbe anmelden',
  'Gewerbeanmeldung',
  'Personalausweis',
  'Ausweis verloren',
  'Reisepass',
  'Führerschein',
  'Fuehrerschein',
  'Kfz Zulassung',
  'Wohngeld',
  'Elterngeld',
  'Kita',
  'Geburtsurkunde',
  'Eheschließung',
  'Eheschliessung',
  'Straßenbeleuchtung',
  'Strassenbeleuchtung',
  'Baugenehmigung',
  'Bauantrag',
  'Grundsteuer',
  'Bafög',
  'Schwerbehindertenausweis',
  'Fischereischein',
  'Lärm',
  'Laerm',
  'Ruhestörung',
  'Parkausweis Anwohner',
  'Friedhof',
  'Zweitwohnungsteuer',
  'Xylofonunterricht',
] as const;

export type FormsOptions = {
  pglite: boolean;
  keepDb: boolean;
  settings: LoadSettings;
  adminUrl: string;
  /** Registers a temporary folder for removal when the bench ends. */
  temporary: (dir: string) => void;
};

type Citizen = { email: string };

// ---- set-up: database with one citizen per worker -----------------------------------------

async function prepareDatabase(url: string | undefined, pgliteDir: string, count: number) {
  const database = await openDatabase({ url, pgliteDir });
  try {
    await migrateToLatest(database.db);
    const { verbundId } = await seedDemo(database.db);
    await seedCatalogDemo(database.db, verbundId);
    const soegel = await database.db
      .selectFrom('municipality')
      .select('id')
      .where('ags', '=', '03454047')
      .executeTakeFirstOrThrow();
    const citizens: Citizen[] = Array.from({ length: count }, (_, i) => ({
      email: `osterfeuer${i + 1}@bench.rathausnetz.invalid`,
    }));
    // One hash for all: signing in is not what this bench measures.
    const hash = await hashPassword(PASSWORD);
    const at = new Date();
    const accounts = await database.db
      .insertInto('account')
      .values(
        citizens.map((c) => ({
          verbund_id: verbundId,
          email: c.email,
          password_hash: hash,
          email_verified_at: at,
          privacy_version: PRIVACY_VERSION,
          privacy_accepted_at: at,
          language: 'de' as const,
        })),
      )
      .returning('id')
      .execute();
    await database.db
      .insertInto('account_profile')
      .values(
        accounts.map((a, i) => ({
          verbund_id: verbundId,
          account_id: a.id,
          version: 1,
          given_name: 'Hanna',
          family_name: `Hüsing ${i + 1}`,
          birth_date: '1985-03-27',
          street: 'Ludmillenhof',
          house_number: '3',
          postcode: '49751',
          municipality_id: soegel.id,
          phone: '05952 1234',
        })),
      )
      .execute();
    return { citizens, verbundId };
  } finally {
    await database.close();
  }
}

// ---- HTTP with cookies ---------------------------------------------------------------------

type Answer = { status: number; location: string | undefined; cookies: string[]; body: string };

function send(
  agent: Agent,
  port: number,
  method: 'GET' | 'POST',
  path: string,
  cookie: string,
  body?: string,
): Promise<Answer> {
  const headers: Record<string, string | number> = cookie === '' ? {} : { cookie };
  if (body !== undefined) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    headers['content-length'] = Buffer.byteLength(body);
  }
  return new Promise((resolve, reject) => {
    const req = request(
      { host: HOST, port, method, path, agent, timeout: REQUEST_TIMEOUT_MS, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const setCookie = res.headers['set-cookie'] ?? [];
          resolve({
            status: res.statusCode ?? 0,
            location: res.headers.location,
            cookies: setCookie.map((line) => line.split(';')[0] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

/** One browser: its cookies, kept as a server sets them. */
class Browser {
  readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  private readonly jar = new Map<string, string>();
  private readonly port: number;
  constructor(port: number) {
    this.port = port;
  }

  get cookie(): string {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  async send(method: 'GET' | 'POST', path: string, form?: Record<string, string>) {
    const body = form === undefined ? undefined : new URLSearchParams(form).toString();
    const answer = await send(this.agent, this.port, method, path, this.cookie, body);
    for (const pair of answer.cookies) {
      const at = pair.indexOf('=');
      const [name, value] = [pair.slice(0, at), pair.slice(at + 1)];
      if (value === '') this.jar.delete(name);
      else this.jar.set(name, value);
    }
    return answer;
  }
}

const csrfIn = (body: string) => /name="_csrf" value="([^"]+)"/.exec(body)?.[1];
const revisionIn = (body: string) => /name="_revision" value="([0-9]+)"/.exec(body)?.[1];

/** A worker's state: signed in, its draft, the form's token and the draft's revision. */
type Worker = { browser: Browser; stepPath: string; csrf: string; revision: number };

/** Signs in, starts the Osterfeuer draft and loads its first step, checking every answer. */
async function signedInWithDraft(port: number, citizen: Citizen): Promise<Worker> {
  const browser = new Browser(port);
  const form = await browser.send('GET', '/konto/anmelden');
  const token = csrfIn(form.body);
  if (form.status !== 200 || token === undefined) {
    throw new Error(`GET /konto/anmelden gave ${form.status} without a CSRF token`);
  }
  const login = await browser.send('POST', '/konto/anmelden', {
    email: citizen.email,
    password: PASSWORD,
    weiter: '/',
    _csrf: token,
  });
  if (login.status !== 303) throw new Error(`sign-in gave ${login.status}`);
  const start = await browser.send('GET', `/leistungen/${OSTERFEUER}/antrag`);
  const stepPath = start.location ?? '';
  if (start.status !== 303 || !stepPath.endsWith(`/schritt/${STEP}`)) {
    throw new Error(`starting the Osterfeuer gave ${start.status} → ${stepPath}`);
  }
  const page = await browser.send('GET', stepPath);
  const csrf = csrfIn(page.body);
  const revision = revisionIn(page.body);
  if (page.status !== 200 || csrf === undefined || revision === undefined) {
    throw new Error(`GET ${stepPath} gave ${page.status} without CSRF token and revision`);
  }
  return { browser, stepPath, csrf, revision: Number(revision) };
}

/** Step 1 of the Osterfeuer as a private person fills it in. */
function organiserForm(worker: Worker, index: number): Record<string, string> {
  return {
    _csrf: worker.csrf,
    _revision: String(worker.revision),
    organiserKind: 'person',
    organisationName: '',
    givenName: 'Hanna',
    familyName: `Hüsing ${index + 1}`,
    'organiserAddress-street': 'Ludmillenhof',
    'organiserAddress-houseNumber': '3',
    'organiserAddress-postcode': '49751',
    'organiserAddress-place': 'Sögel',
    organiserPhone: '05952 1234',
    organiserEmail: `osterfeuer${index + 1}@bench.rathausnetz.invalid`,
  };
}

/** One step post; the outcome names the status and, for a 303, where it leads. */
async function postStep(worker: Worker, index: number): Promise<string> {
  const answer = await worker.browser.send('POST', worker.stepPath, organiserForm(worker, index));
  if (answer.status === 409) {
    // Should not happen with one window per draft; carry on from the revision now stored.
    worker.revision = Number(revisionIn(answer.body) ?? worker.revision);
  }
  if (answer.status !== 303) return String(answer.status);
  if (!answer.location?.endsWith(`/schritt/${NEXT_STEP}`)) return `303 to ${answer.location}`;
  worker.revision += 1;
  return '303';
}

async function getStep(worker: Worker): Promise<string> {
  const answer = await worker.browser.send('GET', worker.stepPath);
  // A page without the form would be a fast failure, not a step page.
  return answer.status === 200 && !answer.body.includes('name="_revision"')
    ? '200 without the form'
    : String(answer.status);
}

// ---- the run -------------------------------------------------------------------------------

type Measured = LoopResult & {
  label: string;
  ratio: number;
  /** Server CPU per operation in the window (all threads), ms. */
  serverCpuMs?: number;
  /** PostgreSQL backends of the bench database, CPU per operation in the window, ms. */
  postgresCpuMs?: number;
};

function percentile(sorted: number[], q: number): number {
  return sorted.length === 0 ? 0 : (sorted[Math.ceil(q * sorted.length) - 1] ?? 0);
}

export async function runForms(options: FormsOptions): Promise<void> {
  const { settings } = options;
  const startedAt = new Date();
  const variant = options.pglite ? 'pglite' : 'postgres';
  const perLoad = settings.warmupS + settings.durationS + 30;
  const budgetMs = (4 * perLoad + 180) * 1000 + 2 * FIRST_START_TIMEOUT_MS;
  setTimeout(() => {
    console.error(`The forms bench ran longer than ${Math.round(budgetMs / 1000)} s; giving up.`);
    process.exit(1);
  }, budgetMs).unref();

  console.log(
    `Rathausnetz forms bench — ${options.pglite ? 'PGlite' : 'PostgreSQL'} variant, ` +
      `${settings.connections} concurrent workers (each signed in with its own draft), ` +
      `${settings.durationS} s measured after ${settings.warmupS} s warm-up per run\n`,
  );

  // 1. Machine and a fresh database.
  const dataDir = mkdtempSync(join(tmpdir(), 'rathausnetz-bench-forms-'));
  options.temporary(dataDir);
  let database: DatabaseInfo;
  let databaseUrl: string | undefined;
  if (options.pglite) {
    database = await pgliteVersion();
  } else {
    assertLocal(options.adminUrl);
    database = { kind: 'postgres', ...(await freshDatabase(options.adminUrl, FORMS_DATABASE)) };
    databaseUrl = benchDatabaseUrl(options.adminUrl, FORMS_DATABASE);
  }
  const machine = describeMachine();
  const code = describeCode(REPO_ROOT);
  console.log(machineLines(machine, database, code).join('\n'));
  if (databaseUrl !== undefined) console.log(`  (fresh database ${redact(databaseUrl)})`);
  const pgliteDir = join(dataDir, 'pglite');
  const { citizens, verbundId } = await prepareDatabase(
    databaseUrl,
    pgliteDir,
    settings.connections,
  );

  // 2. The real server; every worker signs in and starts its draft before anything is measured.
  const server = await startServer(
    {
      NODE_ENV: 'development',
      HOST,
      LOG_LEVEL: 'warn',
      RATE_LIMIT_PER_MINUTE: '100000000',
      SESSION_SECRET: randomBytes(32).toString('base64url'),
      DATA_DIR: dataDir,
      ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
    },
    FIRST_START_TIMEOUT_MS,
  );
  const workers: Worker[] = [];
  for (const citizen of citizens) workers.push(await signedInWithDraft(server.port, citizen));
  const probe = await postStep(workers[0] as Worker, 0);
  if (probe !== '303') throw new Error(`a valid step post gave ${probe}; nothing to measure`);

  const loop = (
    op: (worker: number) => Promise<string>,
    success: string,
    onWindow?: { start?: () => void; end?: () => void },
  ) =>
    closedLoop(
      {
        workers: settings.connections,
        warmupMs: settings.warmupS * 1000,
        durationMs: settings.durationS * 1000,
      },
      op,
      success,
      onWindow,
    );

  // 3. Hello, GET, POST, hello; CPU of the server and its PostgreSQL backends in each window.
  const hello = async () => {
    const started = await startHello(30_000);
    const browsers = workers.map(() => new Browser(started.port));
    const result = await loop(
      async (w) => String((await (browsers[w] as Browser).send('GET', '/')).status),
      '200',
    );
    for (const b of browsers) b.agent.destroy();
    await started.child.stop();
    return result;
  };
  const isBackend = (cmdline: string) =>
    cmdline.startsWith('postgres: ') && cmdline.includes(` ${FORMS_DATABASE} `);
  const observed = async (op: (worker: number) => Promise<string>, success: string) => {
    let cpuAt = 0;
    let cpuMs = 0;
    let backendsAt = new Map<number, number>();
    let postgresMs: number | undefined;
    const result = await loop(op, success, {
      start: () => {
        cpuAt = cpuMsOf(server.child.pid);
        if (!options.pglite) backendsAt = cpuMsByProcess(isBackend);
      },
      end: () => {
        cpuMs = cpuMsOf(server.child.pid) - cpuAt;
        if (options.pglite) return;
        // Backends that started during the window count in full.
        postgresMs = 0;
        for (const [pid, ms] of cpuMsByProcess(isBackend)) {
          postgresMs += ms - (backendsAt.get(pid) ?? 0);
        }
      },
    });
    const perOp = (ms: number) => (result.successes === 0 ? 0 : ms / result.successes);
    return {
      result,
      serverCpuMs: perOp(cpuMs),
      postgresCpuMs: postgresMs === undefined ? undefined : perOp(postgresMs),
    };
  };

  const helloBefore = await hello();
  const reset = resetPeak(server.child.pid);
  const get = await observed((w) => getStep(workers[w] as Worker), '200');
  const post = await observed((w) => postStep(workers[w] as Worker, w), '303');
  const serverMemory = memoryOf(server.child.pid);
  const helloAfter = await hello();
  for (const worker of workers) worker.browser.agent.destroy();
  await server.child.stop();

  const baseline = (helloBefore.perSecond + helloAfter.perSecond) / 2;
  const ratioOf = (r: LoopResult) => (baseline > 0 ? r.perSecond / baseline : 0);
  const runs: Measured[] = [
    { label: 'hello baseline, before', ...helloBefore, ratio: ratioOf(helloBefore) },
    {
      label: `GET step page (${STEP})`,
      ...get.result,
      ratio: ratioOf(get.result),
      serverCpuMs: get.serverCpuMs,
      postgresCpuMs: get.postgresCpuMs,
    },
    {
      label: 'POST step → 303 (validate + save)',
      ...post.result,
      ratio: ratioOf(post.result),
      serverCpuMs: post.serverCpuMs,
      postgresCpuMs: post.postgresCpuMs,
    },
    { label: 'hello baseline, after', ...helloAfter, ratio: ratioOf(helloAfter) },
  ];

  // 4. Search, in this process, on the same database (the server has stopped: PGlite has one
  // user). One query at a time: the latency a citizen sees, without queueing.
  const searchDb = await openDatabase({ url: databaseUrl, pgliteDir });
  const latencies: number[] = [];
  let rounds = 0;
  let found = 0;
  try {
    const count = await searchDb.db
      .selectFrom('catalog_service')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const catalogueSize = Number(count.n);
    for (const q of SEARCH_QUERIES) await searchServices(searchDb.db, q, { verbundId });
    const until = performance.now() + settings.durationS * 1000;
    while (performance.now() < until) {
      for (const q of SEARCH_QUERIES) {
        const began = performance.now();
        const result = await searchServices(searchDb.db, q, { verbundId });
        latencies.push(performance.now() - began);
        if (rounds === 0 && result.total > 0) found++;
      }
      rounds++;
    }
    latencies.sort((a, b) => a - b);
    const search = {
      catalogueSize,
      queries: SEARCH_QUERIES.length,
      rounds,
      calls: latencies.length,
      queriesWithHits: found,
      p50Ms: percentile(latencies, 0.5),
      p95Ms: percentile(latencies, 0.95),
      p99Ms: percentile(latencies, 0.99),
      maxMs: latencies.at(-1) ?? 0,
    };

    // 5. Report.
    const ms = (value: number) => `${value.toFixed(1)} ms`;
    const cell = (value: number | undefined, width: number) =>
      (value === undefined ? '' : value.toFixed(2)).padStart(width);
    console.log('');
    console.log(
      'Throughput (closed loop, node:http keep-alive, one socket per worker; ratio = per s ÷ mean',
    );
    console.log(
      `            hello per s ${baseline.toFixed(0)}; latency of the successful operations; CPU ms per operation)`,
    );
    console.log(
      `  ${''.padEnd(36)}${'per s'.padStart(8)}${'ratio'.padStart(8)}${'p50'.padStart(10)}` +
        `${'p99'.padStart(10)}${'server CPU'.padStart(12)}${'PG CPU'.padStart(9)}`,
    );
    for (const run of runs) {
      console.log(
        `  ${run.label.padEnd(36)}${run.perSecond.toFixed(0).padStart(8)}` +
          `${run.ratio.toFixed(3).padStart(8)}${ms(run.p50Ms).padStart(10)}${ms(run.p99Ms).padStart(10)}` +
          `${cell(run.serverCpuMs, 12)}${cell(run.postgresCpuMs, 9)}`,
      );
      const other = Object.entries(run.outcomes).filter(
        ([outcome]) => outcome !== '200' && outcome !== '303',
      );
      if (other.length > 0)
        console.log(`    other outcomes: ${JSON.stringify(Object.fromEntries(other))}`);
    }
    console.log(
      `  server peak RSS ${serverMemory.peakMb.toFixed(1)} MB` +
        `${reset ? ' (GET and POST runs)' : ' (since start)'}`,
    );
    console.log('');
    console.log(
      `Search (searchServices over ${catalogueSize} catalogue entries, ${SEARCH_QUERIES.length} queries ` +
        `× ${rounds} rounds, one at a time, in this process)`,
    );
    console.log(
      `  p50 ${ms(search.p50Ms)}   p95 ${ms(search.p95Ms)}   p99 ${ms(search.p99Ms)}   max ${ms(search.maxMs)}` +
        `   (${found} of ${SEARCH_QUERIES.length} queries find something)`,
    );

    const file = writeResults(startedAt, {
      kind: 'forms',
      startedAt: startedAt.toISOString(),
      variant,
      settings,
      machine,
      database,
      code,
      baselinePerSecond: baseline,
      runs,
      serverPeakRssMb: serverMemory.peakMb,
      search,
    });
    console.log(`\nResults written to ${file}`);
  } finally {
    await searchDb.close();
  }

  if (!options.pglite && !options.keepDb) await dropDatabase(options.adminUrl, FORMS_DATABASE);
}
