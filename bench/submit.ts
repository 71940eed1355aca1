// Submission bench (npm run bench -- --submit): Osterfeuer applications sent end to end through
// the real server (web role: signed-in sessions, CSRF, the whole check and transaction of
// src/applications/service.ts) as a fraction of the same rows inserted with `pg` directly,
// measured in the same run. Target ≥ 0.5. PostgreSQL only. The receipts those submissions
// leave pending are then posted by the worker role alone, and its rate is reported (ADR 0014).
//
// Order: fresh database (migrated, demo directory and catalogue) → server → LOAD_ACCOUNTS + 1
// citizens sign in over HTTP and save a profile in Sögel → one Osterfeuer draft completed over
// HTTP (public-event branch, every step) and sent as a probe → that draft's stored row cloned,
// one completed draft per planned submission → baseline, then three rounds of submissions at
// 10 clients each followed by a baseline (the ratio is the median of the rounds, each against
// the baselines around it) → submissions, 50 clients (latency) → 10,000 applications of other
// citizens inserted directly → "Meine Anträge" of a citizen with three applications → servers
// stopped, worker started: receipts posted per second.
//
// The baseline runs as the superuser (no row-level security, no roles switched): the cost of
// the rows themselves, not of the checks the portal makes around them.
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { hashPassword } from '../src/accounts/passwords.ts';
import { PRIVACY_VERSION } from '../src/accounts/sign-in/service.ts';
import { seedCatalogDemo } from '../src/catalog/seed.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { answerColumns, draftKey, newDraft, openAnswers } from '../src/drafts/sealing.ts';
import {
  hannasProfile,
  organiser,
  START,
  safety,
  soegelIn,
  timeAndPlace,
  visitors,
} from '../src/drafts/testing.ts';
import { type Keyring, parseApplicationKeys } from '../src/envelope/envelope.ts';
import { seedDemo } from '../src/tenancy/seed.ts';
import { REPO_ROOT, startNode } from './children.ts';
import { closedLoop, type LoopResult } from './closed-loop.ts';
import { HOST } from './http-probe.ts';
import type { LoadSettings } from './load.ts';
import { type DatabaseInfo, describeCode, describeMachine } from './machine.ts';
import { assertLocal, benchDatabaseUrl, dropDatabase, freshDatabase, redact } from './postgres.ts';
import { cpuMsByProcess, cpuMsOf } from './proc-stats.ts';
import { machineLines, verdictLines, writeResults } from './report.ts';
import { SERVER_SCRIPT, startServer } from './servers.ts';
import { TARGETS, type Verdict } from './targets.ts';

/** Its own database: the page and login benches of other work may run at the same time. */
export const SUBMIT_DATABASE = 'rathausnetz_bench_submit';
export const LATENCY_CLIENTS = 50;
const DRAFTS_PER_CLIENT_RATE = 3000;
const DRAFTS_PER_CLIENT_LATENCY = 300;
const BASELINE_DRAFTS = 90_000;
/** Submission phases, each between two baselines. */
const ROUNDS = 3;
const OTHER_APPLICATIONS = 10_000;
const OTHER_ACCOUNTS = 500;
const LIST_REQUESTS = 2000;
const LIST_CLIENTS = 10;
const READER_APPLICATIONS = 3;
const PASSWORD = 'Osterfeuer am Sportplatz in Sögel';
const FIRST_START_TIMEOUT_MS = 120_000;
const REQUEST_TIMEOUT_MS = 30_000;
const SENT = /^\/antraege\/([0-9a-f-]{36})\?gesendet=1$/;

export type SubmitOptions = {
  keepDb: boolean;
  settings: LoadSettings;
  adminUrl: string;
  /** Folder for V8 CPU profiles of the servers (node --cpu-prof), or undefined. */
  cpuProfDir: string | undefined;
  /** Web processes side by side (the design scales out so: DESIGN.md, "Scale"). */
  webProcesses: number;
  temporary: (dir: string) => void;
};

// ---- a browser without a browser: cookie jar, CSRF token, own client address ---------------

type Answer = {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
};

let nextAddress = 0;

class Citizen {
  readonly jar = new Map<string, string>();
  readonly agent = new Agent({ keepAlive: true, maxSockets: 1 });
  readonly address: string;
  csrf = '';
  readonly port: number;
  readonly email: string;

  constructor(port: number, email: string) {
    this.port = port;
    this.email = email;
    nextAddress++;
    this.address = `10.${nextAddress >> 16}.${(nextAddress >> 8) & 255}.${nextAddress & 255}`;
  }

  send(method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<Answer> {
    const body =
      form === undefined
        ? undefined
        : new URLSearchParams({ ...form, _csrf: this.csrf }).toString();
    const headers: Record<string, string | number> = {
      'x-forwarded-for': this.address,
      cookie: [...this.jar].map(([name, value]) => `${name}=${value}`).join('; '),
    };
    if (body !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = Buffer.byteLength(body);
    }
    return new Promise((resolve, reject) => {
      const req = request(
        { host: HOST, port: this.port, method, path, agent: this.agent, headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const setCookie = res.headers['set-cookie'] ?? [];
            for (const line of setCookie) {
              const pair = line.split(';')[0] ?? '';
              const eq = pair.indexOf('=');
              if (eq > 0) this.jar.set(pair.slice(0, eq), pair.slice(eq + 1));
            }
            const text = Buffer.concat(chunks).toString('utf8');
            const token = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
            if (token !== undefined) this.csrf = token;
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
          });
          res.on('error', reject);
        },
      );
      req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end(body);
    });
  }

  async signInWithProfile(): Promise<void> {
    await this.send('GET', '/konto/anmelden');
    const signedIn = await this.send('POST', '/konto/anmelden', {
      email: this.email,
      password: PASSWORD,
      weiter: '/',
    });
    if (signedIn.status !== 303 || !this.jar.has('session')) {
      throw new Error(`sign-in of ${this.email} gave ${signedIn.status}`);
    }
    const form = await this.send('GET', '/konto/profil');
    const saved = await this.send('POST', '/konto/profil', hannasProfile(soegelIn(form.body)));
    if (saved.status !== 303) throw new Error(`saving the profile gave ${saved.status}`);
  }

  /** Every step of the Osterfeuer (public event), as the form engine's pages take them. */
  async completeOsterfeuer(): Promise<string> {
    const started = await this.send('GET', START);
    const id = /\/antraege\/entwuerfe\/([0-9a-f-]{36})\//.exec(
      String(started.headers.location),
    )?.[1];
    if (id === undefined) throw new Error(`starting the Osterfeuer gave ${started.status}`);
    for (const [step, form] of [
      ['veranstalter', organiser],
      ['zeit-und-ort', timeAndPlace],
      ['sicherheit', safety],
      ['besucher', visitors],
    ] as const) {
      const page = await this.send('GET', `/antraege/entwuerfe/${id}/schritt/${step}`);
      const revision = /name="_revision" value="([0-9]+)"/.exec(page.body)?.[1] ?? '';
      const posted = await this.send('POST', `/antraege/entwuerfe/${id}/schritt/${step}`, {
        ...form,
        _revision: revision,
      });
      if (posted.status !== 303) throw new Error(`step ${step} gave ${posted.status}`);
    }
    return id;
  }

  /** Sends a draft; the outcome is the answer's status, '303' only for the application page. */
  async submit(draftId: string): Promise<string> {
    const answer = await this.send('POST', `/antraege/entwuerfe/${draftId}/pruefen`, {
      _declaration: 'yes',
    });
    if (answer.status !== 303) return String(answer.status);
    return SENT.test(String(answer.headers.location))
      ? '303'
      : `303 to ${String(answer.headers.location).replace(/[0-9a-f-]{36}/g, ':id')}`;
  }
}

// ---- set-up ---------------------------------------------------------------------------------

async function prepareDatabase(url: string, emails: string[]): Promise<void> {
  const database = await openDatabase({ url });
  try {
    await migrateToLatest(database.db);
    await seedDemo(database.db);
    const verbund = await database.db.selectFrom('verbund').select('id').executeTakeFirstOrThrow();
    await seedCatalogDemo(database.db, verbund.id);
    // One hash for all: the password is the same, and the hash is not what is measured here.
    const hash = await hashPassword(PASSWORD);
    const at = new Date();
    await database.db
      .insertInto('account')
      .values(
        emails.map((email) => ({
          verbund_id: verbund.id,
          email,
          password_hash: hash,
          email_verified_at: at,
          privacy_version: PRIVACY_VERSION,
          privacy_accepted_at: at,
          language: 'de' as const,
        })),
      )
      .execute();
  } finally {
    await database.close();
  }
}

/**
 * Copies of a completed draft row for one account: the answers exactly as the engine stored
 * them, each copy sealed with its own data key as the portal seals every draft (ADR 0012).
 */
async function cloneDraft(
  client: pg.Client,
  keyring: Keyring,
  templateId: string,
  email: string,
  count: number,
): Promise<string[]> {
  const answers = await templateAnswers(client, keyring, templateId);
  const ids: string[] = [];
  const keyIds: string[] = [];
  const wrapped: Buffer[] = [];
  const sealed: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const draft = newDraft(keyring);
    ids.push(draft.id);
    keyIds.push(draft.columns.key_id);
    wrapped.push(Buffer.from(draft.columns.wrapped_key));
    sealed.push(Buffer.from(answerColumns(draft.dataKey, answers).sealed_answers));
  }
  const { rows } = await client.query<{ id: string }>(
    `insert into draft (id, verbund_id, account_id, online_service_id, service_key, authority_id,
       form_id, form_version, answers, sealed_answers, key_id, wrapped_key, completed_steps,
       current_step, revision, updated_at, expires_at)
     select c.id, d.verbund_id, a.id, d.online_service_id, d.service_key, d.authority_id, d.form_id,
       d.form_version, null, c.sealed, c.key_id, c.wrapped, d.completed_steps, d.current_step,
       d.revision, now(), now() + interval '30 days'
     from draft d, account a,
       unnest($3::uuid[], $4::text[], $5::bytea[], $6::bytea[]) as c(id, key_id, wrapped, sealed)
     where d.id = $1 and a.email = $2
     returning id`,
    [templateId, email, ids, keyIds, wrapped, sealed],
  );
  return rows.map((row) => row.id);
}

/** The template draft's answers, opened with the portal's key as the portal would. */
async function templateAnswers(client: pg.Client, keyring: Keyring, draftId: string) {
  const { rows } = await client.query<{
    id: string;
    answers: unknown;
    sealed_answers: Buffer | null;
    key_id: string | null;
    wrapped_key: Buffer | null;
  }>('select id, answers, sealed_answers, key_id, wrapped_key from draft where id = $1', [draftId]);
  const row = rows[0];
  if (row === undefined) throw new Error(`template draft ${draftId} is gone`);
  return openAnswers(draftKey(keyring, row), row) as Record<string, unknown>;
}

type Template = {
  verbundId: string;
  authorityId: string;
  accountId: string;
  onlineServiceId: string;
  leikaKey: string;
  title: string;
  formId: string;
  formVersion: number;
  payloadBytes: number;
  wrappedKeyBytes: number;
  keyId: string;
  prefix: string;
  subject: string;
  threadKeyId: string;
  threadWrappedKeyBytes: number;
  sealedBodyBytes: number;
  /** Blind-index entries of the applicant's name (src/backoffice/name-index). */
  nameTokens: number;
};

async function readTemplate(client: pg.Client, applicationId: string): Promise<Template> {
  const { rows } = await client.query(
    `select a.verbund_id, a.authority_id, a.account_id, a.online_service_id, a.leika_key, a.title,
       a.form_id, a.form_version, length(a.payload) as payload_bytes,
       length(a.wrapped_key) as wrapped_key_bytes, a.key_id, split_part(a.reference, '-', 1) as prefix,
       t.subject, t.key_id as thread_key_id, length(t.wrapped_key) as thread_wrapped_key_bytes,
       length(m.sealed_body) as sealed_body_bytes,
       (select count(*) from application_name_token n where n.application_id = a.id) as name_tokens
     from application a join mailbox_thread t on t.application_id = a.id
       join mailbox_message m on m.thread_id = t.id
     where a.id = $1`,
    [applicationId],
  );
  const r = rows[0];
  if (r === undefined) throw new Error('the probe application has no Postfach confirmation');
  return {
    verbundId: r.verbund_id,
    authorityId: r.authority_id,
    accountId: r.account_id,
    onlineServiceId: r.online_service_id,
    leikaKey: r.leika_key,
    title: r.title,
    formId: r.form_id,
    formVersion: r.form_version,
    payloadBytes: Number(r.payload_bytes),
    wrappedKeyBytes: Number(r.wrapped_key_bytes),
    keyId: r.key_id,
    prefix: r.prefix,
    subject: r.subject,
    threadKeyId: r.thread_key_id,
    threadWrappedKeyBytes: Number(r.thread_wrapped_key_bytes),
    sealedBodyBytes: Number(r.sealed_body_bytes),
    nameTokens: Number(r.name_tokens),
  };
}

// ---- the baseline: the same rows with pg, no HTTP, no app code ------------------------------

type CpuShare = { backendsMs: number; benchMs: number };

/** CPU of the bench's PostgreSQL backends and of this process between start() and end(). */
function cpuWindow() {
  const share: CpuShare = { backendsMs: 0, benchMs: 0 };
  let backends = new Map<number, number>();
  let own = process.cpuUsage();
  return {
    share,
    hooks: {
      start: () => {
        backends = cpuMsByProcess(isBenchBackend);
        own = process.cpuUsage();
      },
      end: () => {
        for (const [pid, ms] of cpuMsByProcess(isBenchBackend)) {
          share.backendsMs += ms - (backends.get(pid) ?? 0);
        }
        const used = process.cpuUsage(own);
        share.benchMs = (used.user + used.system) / 1000;
      },
    },
  };
}

const isBenchBackend = (cmdline: string) =>
  cmdline.startsWith('postgres: ') && cmdline.includes(` ${SUBMIT_DATABASE} `);

async function baseline(
  url: string,
  template: Template,
  drafts: string[],
  settings: LoadSettings,
): Promise<LoopResult & { cpu: CpuShare }> {
  const cpu = cpuWindow();
  const clients = Array.from(
    { length: settings.connections },
    () => new pg.Client({ connectionString: url }),
  );
  await Promise.all(clients.map((c) => c.connect()));
  const year = new Date().getUTCFullYear();
  try {
    const result = await closedLoop(
      {
        workers: settings.connections,
        warmupMs: settings.warmupS * 1000,
        durationMs: settings.durationS * 1000,
      },
      async (worker) => {
        const client = clients[worker] as pg.Client;
        const draftId = drafts.pop();
        if (draftId === undefined) return 'no draft left';
        const at = new Date();
        await client.query('begin');
        try {
          const n = (await client.query("select nextval('application_number')::text as n")).rows[0]
            .n as string;
          const id = (
            await client.query(
              `insert into application (verbund_id, authority_id, account_id, draft_id,
                 online_service_id, leika_key, title, form_id, form_version, reference, language,
                 status, key_id, wrapped_key, payload, submitted_at, status_changed_at)
               values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'de', 'submitted', $11, $12, $13, $14, $14)
               returning id`,
              [
                template.verbundId,
                template.authorityId,
                template.accountId,
                draftId,
                template.onlineServiceId,
                template.leikaKey,
                template.title,
                template.formId,
                template.formVersion,
                `${template.prefix}-${year}-${n.padStart(6, '0')}`,
                template.keyId,
                randomBytes(template.wrappedKeyBytes),
                randomBytes(template.payloadBytes),
                at,
              ],
            )
          ).rows[0].id as string;
          await client.query(
            `insert into application_event (application_id, authority_id, account_id, status, actor, created_at)
             values ($1, $2, $3, 'submitted', 'system', $4)`,
            [id, template.authorityId, template.accountId, at],
          );
          await client.query(
            `insert into delivery (verbund_id, application_id, authority_id, route_id, route_name,
               created_at, updated_at, next_attempt_at)
             values ($1, $2, $3, null, null, $4, $4, $4)`,
            [template.verbundId, id, template.authorityId, at],
          );
          const threadId = (
            await client.query(
              `insert into mailbox_thread (verbund_id, authority_id, account_id, subject, application_id,
                 last_message_at, key_id, wrapped_key)
               values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
              [
                template.verbundId,
                template.authorityId,
                template.accountId,
                template.subject,
                id,
                at,
                template.threadKeyId,
                randomBytes(template.threadWrappedKeyBytes),
              ],
            )
          ).rows[0].id as string;
          await client.query(
            `insert into mailbox_message (verbund_id, authority_id, account_id, thread_id, sender,
               sealed_body, sent_at)
             values ($1, $2, $3, $4, 'authority', $5, $6)`,
            [
              template.verbundId,
              template.authorityId,
              template.accountId,
              threadId,
              randomBytes(template.sealedBodyBytes),
              at,
            ],
          );
          await client.query(
            `insert into application_name_token (application_id, authority_id, token)
             select $1, $2, md5(random()::text) from generate_series(1, $3::int)`,
            [id, template.authorityId, template.nameTokens],
          );
          const deleted = await client.query('delete from draft where id = $1', [draftId]);
          await client.query('commit');
          return deleted.rowCount === 1 ? 'committed' : 'committed without a draft to delete';
        } catch (error) {
          await client.query('rollback');
          throw error;
        }
      },
      'committed',
      cpu.hooks,
    );
    return { ...result, cpu: cpu.share };
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
}

// ---- "Meine Anträge" ------------------------------------------------------------------------

/** OTHER_APPLICATIONS applications of OTHER_ACCOUNTS citizens, spread over every authority. */
async function insertOtherApplications(client: pg.Client, template: Template): Promise<number> {
  await client.query(
    `insert into account (verbund_id, email, password_hash, email_verified_at, privacy_version,
       privacy_accepted_at, language)
     select $1, 'nachbar' || g || '@bench.rathausnetz.invalid', a.password_hash, now(),
       a.privacy_version, now(), 'de'
     from account a, generate_series(1, $2::int) g where a.id = $3`,
    [template.verbundId, OTHER_ACCOUNTS, template.accountId],
  );
  // Statuses as a year of work leaves them: most still open, some closed.
  const { rowCount } = await client.query(
    `with others as (
       select id, row_number() over (order by id) - 1 as i from account
       where email like 'nachbar%@bench.rathausnetz.invalid'),
     authorities as (
       select id, row_number() over (order by id) - 1 as i, count(*) over () as n
       from authority where verbund_id = $1),
     rows as (
       select g, (array['submitted','received','processing','action_required','completed',
         'rejected','withdrawn'])[1 + (g * 7919) % 7] as status,
         now() - ((g * 104729) % 365) * interval '1 day' as at
       from generate_series(1, $2::int) g)
     insert into application (verbund_id, authority_id, account_id, draft_id, online_service_id,
       leika_key, title, form_id, form_version, reference, language, status, key_id, wrapped_key,
       payload, submitted_at, status_changed_at, receipt_posted_at)
     select $1, au.id, o.id, gen_random_uuid(), $3, $4, $5, $6, $7,
       $8 || '-' || extract(year from r.at)::int || '-' || lpad(nextval('application_number')::text, 6, '0'),
       'de', r.status, $9, decode(repeat('a5', $10), 'hex'), decode(repeat('5a', $11), 'hex'), r.at, r.at, r.at
     from rows r
       join others o on o.i = r.g % $12
       join authorities au on au.i = (r.g * 31) % au.n`,
    [
      template.verbundId,
      OTHER_APPLICATIONS,
      template.onlineServiceId,
      template.leikaKey,
      template.title,
      template.formId,
      template.formVersion,
      template.prefix,
      template.keyId,
      template.wrappedKeyBytes,
      template.payloadBytes,
      OTHER_ACCOUNTS,
    ],
  );
  await client.query('analyze');
  return rowCount ?? 0;
}

type FixedResult = {
  requests: number;
  outcomes: Record<string, number>;
  perSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
};

/** `total` requests by `workers` parallel loops; latencies of the successful ones. */
async function fixedCount(
  total: number,
  workers: number,
  op: (worker: number) => Promise<string>,
  success: string,
): Promise<FixedResult> {
  const outcomes: Record<string, number> = {};
  const latencies: number[] = [];
  let started = 0;
  const begin = performance.now();
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (started < total) {
        started++;
        const from = performance.now();
        let outcome: string;
        try {
          outcome = await op(worker);
        } catch (error) {
          outcome = `error: ${error instanceof Error ? error.message : String(error)}`;
        }
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
        if (outcome === success) latencies.push(performance.now() - from);
      }
    }),
  );
  const seconds = (performance.now() - begin) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies.length === 0 ? 0 : (latencies[Math.ceil(q * latencies.length) - 1] ?? 0);
  return {
    requests: total,
    outcomes,
    perSecond: latencies.length / seconds,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
    maxMs: latencies.at(-1) ?? 0,
  };
}

// ---- receipts: the worker's share ------------------------------------------------------------

type ReceiptsResult = {
  pendingAtStart: number;
  posted: number;
  seconds: number;
  perSecond: number;
  cpuMsPerReceipt: number;
  backendMsPerReceipt: number;
};

const pendingReceipts = async (db: pg.Client) =>
  Number(
    (await db.query('select count(*)::int as n from application where receipt_posted_at is null'))
      .rows[0].n,
  );

/**
 * Starts the worker role (nothing else running) and counts the receipts it posts in
 * `settings.durationS` seconds, from its first posted receipt on (start-up and loading
 * pdfkit are not the steady state).
 */
async function measureReceipts(
  db: pg.Client,
  env: Record<string, string>,
  settings: LoadSettings,
): Promise<ReceiptsResult> {
  const pendingAtStart = await pendingReceipts(db);
  const worker = startNode('worker', SERVER_SCRIPT, {
    ...env,
    PROCESS_ROLE: 'worker',
    NODE_OPTIONS: '--max-semi-space-size=4',
  });
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  try {
    const deadline = Date.now() + FIRST_START_TIMEOUT_MS;
    let pending = pendingAtStart;
    while (pending === pendingAtStart) {
      if (Date.now() > deadline) throw new Error('the worker posted no receipt');
      await sleep(100);
      pending = await pendingReceipts(db);
    }
    const from = { pending, at: performance.now(), cpu: cpuMsOf(worker.pid) };
    const backendsFrom = cpuMsByProcess(isBenchBackend);
    const until = from.at + settings.durationS * 1000;
    while (performance.now() < until && pending > 0) {
      await sleep(200);
      pending = await pendingReceipts(db);
    }
    const seconds = (performance.now() - from.at) / 1000;
    const posted = from.pending - pending;
    let backendMs = 0;
    for (const [pid, ms] of cpuMsByProcess(isBenchBackend))
      backendMs += ms - (backendsFrom.get(pid) ?? 0);
    const per = (value: number) => (posted === 0 ? 0 : value / posted);
    return {
      pendingAtStart,
      posted,
      seconds,
      perSecond: posted / seconds,
      cpuMsPerReceipt: per(cpuMsOf(worker.pid) - from.cpu),
      backendMsPerReceipt: per(backendMs),
    };
  } finally {
    await worker.stop();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

// ---- the run --------------------------------------------------------------------------------

export async function runSubmit(options: SubmitOptions): Promise<void> {
  const { settings } = options;
  const startedAt = new Date();
  const perLoad = settings.warmupS + settings.durationS + 60;
  const budgetMs = ((2 * ROUNDS + 4) * perLoad + 900) * 1000 + FIRST_START_TIMEOUT_MS;
  setTimeout(() => {
    console.error(
      `The submission bench ran longer than ${Math.round(budgetMs / 1000)} s; giving up.`,
    );
    process.exit(1);
  }, budgetMs).unref();
  const rateClients = settings.connections;
  console.log(
    `Rathausnetz submission bench — PostgreSQL, ${options.webProcesses} web process(es), ` +
      `${rateClients} clients (rate) and ${LATENCY_CLIENTS} (latency), ${settings.durationS} s ` +
      `measured after ${settings.warmupS} s warm-up per phase\n`,
  );

  // 1. Machine, a fresh database, accounts.
  assertLocal(options.adminUrl);
  const database: DatabaseInfo = {
    kind: 'postgres',
    ...(await freshDatabase(options.adminUrl, SUBMIT_DATABASE)),
  };
  const url = benchDatabaseUrl(options.adminUrl, SUBMIT_DATABASE);
  const machine = describeMachine();
  const code = describeCode(REPO_ROOT);
  console.log(machineLines(machine, database, code).join('\n'));
  console.log(`  (fresh database ${redact(url)})`);
  const loadAccounts = rateClients + LATENCY_CLIENTS;
  const emails = Array.from(
    { length: loadAccounts + 1 },
    (_, i) => `buerger${i + 1}@bench.rathausnetz.invalid`,
  );
  await prepareDatabase(url, emails);

  // 2. The server; citizens sign in and save their profile over HTTP.
  const dataDir = mkdtempSync(join(tmpdir(), 'rathausnetz-bench-submit-'));
  options.temporary(dataDir);
  // Web and worker share the data folder: the development application key lives there.
  // The portal's application key, known here too: the drafts cloned below are sealed with it.
  const keyText = `bench:${randomBytes(32).toString('base64')}`;
  const { keyring } = parseApplicationKeys(keyText, undefined);
  if (keyring === undefined) throw new Error('the bench key did not parse');
  const portalEnv = {
    NODE_ENV: 'development',
    APPLICATION_KEYS: keyText,
    HOST,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '100000000',
    TRUST_PROXY_HOPS: '1',
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    DATA_DIR: dataDir,
    DATABASE_URL: url,
  };
  // Stateless web processes side by side, one per CPU by default, each citizen bound to one as
  // a load balancer with sticky connections would do it.
  const servers: Awaited<ReturnType<typeof startServer>>[] = [];
  for (let i = 0; i < options.webProcesses; i++) {
    servers.push(
      await startServer(
        {
          ...portalEnv,
          // The web role only: receipts are the worker's (ADR 0014), measured on their own below.
          PROCESS_ROLE: 'web',
          ...(options.cpuProfDir === undefined
            ? {}
            : {
                NODE_OPTIONS: `--max-semi-space-size=4 --cpu-prof --cpu-prof-dir=${options.cpuProfDir}`,
              }),
        },
        FIRST_START_TIMEOUT_MS,
      ),
    );
  }
  const portOf = (i: number) => (servers[i % servers.length] as { port: number }).port;
  const serversCpuMs = () => servers.reduce((sum, s) => sum + cpuMsOf(s.child.pid), 0);
  const citizens = emails.map((email, i) => new Citizen(portOf(i), email));
  for (const citizen of citizens) await citizen.signInWithProfile();
  const reader = citizens[loadAccounts] as Citizen;

  // 3. One draft completed over HTTP and sent as the probe; its row is the template.
  const first = citizens[0] as Citizen;
  const templateDraft = await first.completeOsterfeuer();
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const answered = Object.keys(await templateAnswers(db, keyring, templateDraft)).length;
  const planned = new Map<Citizen, string[]>();
  const plan = async (citizen: Citizen, count: number) => {
    planned.set(citizen, await cloneDraft(db, keyring, templateDraft, citizen.email, count));
  };
  for (const [i, citizen] of citizens.entries()) {
    if (citizen === reader) await plan(citizen, READER_APPLICATIONS);
    else await plan(citizen, i < rateClients ? DRAFTS_PER_CLIENT_RATE : DRAFTS_PER_CLIENT_LATENCY);
  }
  const baselineDrafts = await cloneDraft(db, keyring, templateDraft, first.email, BASELINE_DRAFTS);
  // The baseline's rows are not real applications (random bytes for the snapshot): no receipt.
  const baselineDraftIds = [...baselineDrafts];
  await db.query('analyze');
  // The check page gives each citizen its form token; the probe must arrive as the load will.
  for (const citizen of citizens) {
    const own = planned.get(citizen)?.[0] ?? templateDraft;
    await citizen.send('GET', `/antraege/entwuerfe/${own}/pruefen`);
  }
  await first.send('GET', `/antraege/entwuerfe/${templateDraft}/pruefen`);
  const probe = await first.submit(templateDraft);
  if (probe !== '303') throw new Error(`the probe submission gave ${probe}; nothing to measure`);
  const probeId = (
    await db.query('select id from application where draft_id = $1', [templateDraft])
  ).rows[0]?.id as string;
  const template = await readTemplate(db, probeId);
  console.log(
    `  Osterfeuer draft: ${answered} answered fields (public event), every step completed; ` +
      `snapshot ${template.payloadBytes} bytes encrypted`,
  );

  const next = (citizen: Citizen) => planned.get(citizen)?.shift();
  const submitLoop = (group: Citizen[], warmupS: number, durationS: number) =>
    closedLoop(
      { workers: group.length, warmupMs: warmupS * 1000, durationMs: durationS * 1000 },
      async (worker) => {
        const citizen = group[worker] as Citizen;
        const draft = next(citizen);
        return draft === undefined ? 'no draft left' : citizen.submit(draft);
      },
      '303',
    );

  // 4. Baseline and submissions at 10 clients in turns, ending with a baseline: each
  // submission phase is compared with the baselines right before and after it, so a slow
  // spell of the machine (they come and go here) skews one round, not the verdict.
  const baselines = [await baseline(url, template, baselineDrafts, settings)];
  type RatePhase = LoopResult & { cpu: CpuShare; serverCpuMs: number };
  const rates: RatePhase[] = [];
  const rateGroup = citizens.slice(0, rateClients);
  for (let round = 0; round < ROUNDS; round++) {
    const rateCpu = cpuWindow();
    let serverCpuAtStart = 0;
    let serverCpuMs = 0;
    const phase = await closedLoop(
      {
        workers: rateClients,
        warmupMs: settings.warmupS * 1000,
        durationMs: settings.durationS * 1000,
      },
      async (worker) => {
        const citizen = rateGroup[worker] as Citizen;
        const draft = next(citizen);
        return draft === undefined ? 'no draft left' : citizen.submit(draft);
      },
      '303',
      {
        start: () => {
          serverCpuAtStart = serversCpuMs();
          rateCpu.hooks.start();
        },
        end: () => {
          serverCpuMs = serversCpuMs() - serverCpuAtStart;
          rateCpu.hooks.end();
        },
      },
    );
    rates.push({ ...phase, cpu: rateCpu.share, serverCpuMs });
    baselines.push(await baseline(url, template, baselineDrafts, settings));
  }

  // 5. Latency at 50 clients.
  const latency = await submitLoop(
    citizens.slice(rateClients, loadAccounts),
    settings.warmupS,
    settings.durationS,
  );

  // 6. "Meine Anträge" among 10,000 applications of others.
  for (let i = 0; i < READER_APPLICATIONS; i++) {
    const draft = next(reader);
    if (draft === undefined || (await reader.submit(draft)) !== '303') {
      throw new Error('the reader could not send its applications');
    }
  }
  const others = await insertOtherApplications(db, template);
  const total = Number((await db.query('select count(*)::int as n from application')).rows[0].n);
  const mine = await reader.send('GET', '/antraege');
  const shown = (mine.body.match(new RegExp(`${template.prefix}-[0-9]{4}-[0-9]{6}`, 'g')) ?? [])
    .length;
  if (mine.status !== 200 || shown < READER_APPLICATIONS) {
    throw new Error(`GET /antraege gave ${mine.status} with ${shown} references`);
  }
  const readers = Array.from({ length: LIST_CLIENTS }, (_, i) => {
    const copy = new Citizen(portOf(i), reader.email);
    for (const [name, value] of reader.jar) copy.jar.set(name, value);
    return copy;
  });
  await fixedCount(
    200,
    LIST_CLIENTS,
    async (w) => String((await readers[w]?.send('GET', '/antraege'))?.status),
    '200',
  );
  const list = await fixedCount(
    LIST_REQUESTS,
    LIST_CLIENTS,
    async (w) => String((await (readers[w] as Citizen).send('GET', '/antraege')).status),
    '200',
  );
  for (const citizen of [...citizens, ...readers]) citizen.agent.destroy();
  for (const server of servers) await server.child.stop();

  // 7. The worker posts the receipts of all that was sent (ADR 0014), alone on the machine.
  await db.query(
    'update application set receipt_posted_at = submitted_at where draft_id = any($1::uuid[])',
    [baselineDraftIds],
  );
  const receipts = await measureReceipts(db, portalEnv, settings);
  await db.end();

  // 8. Report.
  const roundRatios = rates.map((r, i) => {
    const around = ((baselines[i]?.perSecond ?? 0) + (baselines[i + 1]?.perSecond ?? 0)) / 2;
    return around > 0 ? r.perSecond / around : 0;
  });
  const ratio = median(roundRatios);
  const others303 = (r: { outcomes: Record<string, number> }, ok: string) =>
    Object.entries(r.outcomes).filter(([outcome]) => outcome !== ok);
  const rateFailures = rates.flatMap((r) => others303(r, '303'));
  const latencyFailures = others303(latency, '303');
  const listFailures = others303(list, '200');
  const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(10);
  const row = (label: string, r: LoopResult) =>
    `  ${label.padEnd(44)}${r.perSecond.toFixed(1).padStart(8)}${ms(r.p50Ms)}${ms(r.p95Ms)}${ms(r.p99Ms)}`;
  const outcomeText = (failures: [string, number][]) =>
    failures.length === 0
      ? 'no other answers, no errors'
      : JSON.stringify(Object.fromEntries(failures));
  console.log('');
  console.log(
    `  ${''.padEnd(44)}${'per s'.padStart(8)}${'p50'.padStart(10)}${'p95'.padStart(10)}${'p99'.padStart(10)}`,
  );
  for (const [i, base] of baselines.entries()) {
    console.log(row(`baseline pg tx, ${settings.connections} connections`, base));
    const r = rates[i];
    if (r === undefined) continue;
    console.log(row(`POST …/pruefen → 303, ${rateClients} clients`, r));
    console.log(
      `  ${`  round ${i + 1}: ratio`.padEnd(44)}${(roundRatios[i] ?? 0).toFixed(3).padStart(8)}`,
    );
  }
  console.log(`  ${`ratio: median of ${ROUNDS} rounds`.padEnd(44)}${ratio.toFixed(3).padStart(8)}`);
  console.log(row(`POST …/pruefen → 303, ${LATENCY_CLIENTS} clients`, latency));
  const submitted = rates.reduce((sum, r) => sum + r.successes, 0);
  console.log(
    `  ${submitted} submissions in ${ROUNDS} × ${settings.durationS} s at ${rateClients} clients: ${outcomeText(rateFailures)}`,
  );
  console.log(
    `  ${latency.successes} submissions in ${latency.durationS} s at ${LATENCY_CLIENTS} clients: ${outcomeText(latencyFailures)}`,
  );
  console.log(`  baseline outcomes ${baselines.map((b) => JSON.stringify(b.outcomes)).join(', ')}`);
  const sum = (pick: (r: RatePhase) => number) => rates.reduce((total, r) => total + pick(r), 0);
  const perSubmission = (value: number) => (submitted === 0 ? 0 : value / submitted);
  const cpuPerSubmission = {
    server: perSubmission(sum((r) => r.serverCpuMs)),
    postgres: perSubmission(sum((r) => r.cpu.backendsMs)),
    benchClient: perSubmission(sum((r) => r.cpu.benchMs)),
  };
  const baselineTx = baselines.reduce((total, b) => total + b.successes, 0) || 1;
  const cpuPerBaselineTx = {
    postgres: baselines.reduce((total, b) => total + b.cpu.backendsMs, 0) / baselineTx,
    benchClient: baselines.reduce((total, b) => total + b.cpu.benchMs, 0) / baselineTx,
  };
  console.log(
    `  CPU per submission: server${servers.length > 1 ? `s (${servers.length})` : ''} ${cpuPerSubmission.server.toFixed(2)} ms, ` +
      `PostgreSQL ${cpuPerSubmission.postgres.toFixed(2)} ms, bench (HTTP client) ` +
      `${cpuPerSubmission.benchClient.toFixed(2)} ms (/proc, 10-ms ticks)`,
  );
  console.log(
    `  CPU per baseline transaction: PostgreSQL ${cpuPerBaselineTx.postgres.toFixed(2)} ms, ` +
      `bench (pg client) ${cpuPerBaselineTx.benchClient.toFixed(2)} ms`,
  );
  console.log('');
  console.log(
    `"Meine Anträge" (GET /antraege, ${READER_APPLICATIONS} own applications; ${others} of ` +
      `${OTHER_ACCOUNTS} other citizens inserted, ${total} in the database)`,
  );
  console.log(
    `  ${LIST_REQUESTS} requests, ${LIST_CLIENTS} clients: ${list.perSecond.toFixed(1)}/s, ` +
      `p50 ${list.p50Ms.toFixed(1)} ms, p95 ${list.p95Ms.toFixed(1)} ms, p99 ${list.p99Ms.toFixed(1)} ms, ` +
      `max ${list.maxMs.toFixed(1)} ms; ${outcomeText(listFailures)}`,
  );

  console.log('');
  console.log(
    `Receipts (worker role alone, ${receipts.pendingAtStart} pending): ${receipts.perSecond.toFixed(1)} ` +
      `posted/s over ${receipts.seconds.toFixed(1)} s, worker CPU ${receipts.cpuMsPerReceipt.toFixed(1)} ms ` +
      `and PostgreSQL ${receipts.backendMsPerReceipt.toFixed(1)} ms per receipt (PDF rendered, attached, notice mail)`,
  );

  const target = `submissions/s ÷ baseline tx/s ≥ ${TARGETS.submitRatioMin} on PostgreSQL`;
  const clean = rateFailures.length === 0 && submitted > 0;
  const verdicts: Verdict[] = [
    {
      target,
      outcome: clean && ratio >= TARGETS.submitRatioMin ? 'PASS' : 'FAIL',
      detail: `measured ${ratio.toFixed(3)}${clean ? '' : ' (run had other answers or errors)'}`,
    },
    {
      target: `p99 of a submission at ${LATENCY_CLIENTS} clients (reported, no target)`,
      outcome: 'n/a',
      detail: `${latency.p99Ms.toFixed(1)} ms`,
    },
    {
      target: 'receipts posted per second by one worker (reported, no target)',
      outcome: 'n/a',
      detail: `${receipts.perSecond.toFixed(1)}/s`,
    },
    {
      target: `"Meine Anträge" p95 with ${others} other applications (reported, no target)`,
      outcome: 'n/a',
      detail: `${list.p95Ms.toFixed(1)} ms`,
    },
  ];
  console.log('');
  console.log(verdictLines(verdicts).join('\n'));
  const file = writeResults(startedAt, {
    kind: 'submit',
    startedAt: startedAt.toISOString(),
    variant: 'postgres',
    settings: { ...settings, latencyClients: LATENCY_CLIENTS, webProcesses: options.webProcesses },
    machine,
    database,
    code,
    answeredFields: answered,
    payloadBytes: template.payloadBytes,
    baselines,
    submit: rates,
    roundRatios,
    ratio,
    target: TARGETS.submitRatioMin,
    cpuMsPerSubmission: cpuPerSubmission,
    cpuMsPerBaselineTransaction: cpuPerBaselineTx,
    latency,
    myApplications: { otherApplications: others, totalApplications: total, ...list },
    receipts,
    verdicts,
  });
  console.log(`\nResults written to ${file}`);
  if (options.cpuProfDir !== undefined)
    console.log(`CPU profile of the server in ${options.cpuProfDir}`);
  if (!options.keepDb) await dropDatabase(options.adminUrl, SUBMIT_DATABASE);
}
