// Test support for HTTP-level tests: the portal, built through the composition root, on a
// fresh seeded database with a real SMTP test server, and a "browser" that keeps cookies and
// fills in each form's CSRF token.

import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { type Kysely, type LogConfig, sql } from 'kysely';
import { usePasswordCostForTests } from '../accounts/passwords.ts';
import type { DB } from '../db/schema.ts';
import { createTestDatabase, reverseTeardown } from '../db/testing.ts';
import { type Keyring, parseApplicationKeys } from '../envelope/envelope.ts';
import { startSmtp } from '../mail/testing.ts';
import { seedDemo } from '../tenancy/seed.ts';
import { type Scheduler, startScheduler } from '../worker/scheduler.ts';
import { type AppDeps, buildPortal } from './app.ts';
import { buildServices } from './services.ts';
import { MAIL_JOBS, workerJobs } from './worker.ts';

// Every test that uses these helpers hashes passwords at the test cost (passwords.ts).
usePasswordCostForTests('cheap');

type Cleanup = Parameters<typeof createTestDatabase>[0];

export const TEST_PUBLIC_URL = 'http://portal.test';

/** The configuration every test portal runs with; `keyring` is the Verbund's keys. */
export function testConfig(
  keyring: Keyring,
  env: 'test' | 'production' = 'test',
): AppDeps['config'] {
  return {
    env,
    sessionSecret: 'test-secret-test-secret-test-secret-!',
    logLevel: 'silent',
    rateLimitPerMinute: 10_000,
    trustProxy: 0,
    publicUrl: TEST_PUBLIC_URL,
    applicationKeys: keyring,
  };
}

/** The services of a test portal, built once through the composition root, without the web. */
export function testServices(
  database: AppDeps['database'],
  mailer: Pick<AppDeps['mailer'], 'send'>,
  options: { keyring?: Keyring } & Omit<AppDeps, 'config' | 'database' | 'mailer' | 'logger'> = {},
) {
  const { keyring = testKeyring(), ...overrides } = options;
  const fullMailer = { send: mailer.send, close: async () => {} };
  return buildServices(testConfig(keyring), database, fullMailer, overrides);
}

export async function startTestApp(
  t: Cleanup,
  env: 'test' | 'production' = 'test',
  extra: Partial<Pick<AppDeps['config'], 'uploadLimits' | 'clamdUrl' | 'identity'>> = {},
  overrides: Omit<AppDeps, 'config' | 'database' | 'mailer'> = {},
  setup: {
    /** How long the SMTP test server takes to accept each message (a slow relay). */
    smtpDelayMs?: number;
    log?: LogConfig;
    /** false: no mail jobs run beside the app; the test runs `mailJobs` itself. */
    worker?: boolean;
  } = {},
) {
  const database = await createTestDatabase(t, setup.log ? { log: setup.log } : {});
  const seeded = await seedDemo(database.owner);
  const smtp = await startSmtp(t, {}, undefined, setup.smtpDelayMs);
  const keyring = testKeyring();
  const { app, services } = await buildPortal({
    config: { ...testConfig(keyring, env), ...extra },
    database,
    mailer: smtp.mailer,
    ...overrides,
  });
  const teardown = reverseTeardown(t);
  teardown.after(() => app.close());
  // The worker's mail jobs, as beside every portal: requests only queue mail (ADR 0019).
  const mailJobs = workerJobs(services).filter((job) => MAIL_JOBS.includes(job.name));
  if (setup.worker !== false) {
    const scheduler: Scheduler = startScheduler(mailJobs, { debug() {}, info() {}, error() {} });
    services.onWake((job) => scheduler.wake(job));
    teardown.after(() => scheduler.stop());
  }
  // The newest mail once the worker has sent what was queued, not one that came before.
  const lastMailTo: typeof smtp.lastMailTo = async (address, ms) => {
    if (setup.worker !== false) await mailQueueDrained(database.owner, ms);
    return smtp.lastMailTo(address, ms);
  };
  return {
    app,
    services,
    smtp: { ...smtp, lastMailTo },
    database,
    keyring,
    verbundId: seeded.verbundId,
    mailJobs,
  };
}

/**
 * Resolves once nothing queued is waiting (no due mail, reset request or
 * clerk's notice), i.e. the worker beside the app has sent all it was given. Reads as the
 * test's own login role.
 */
export async function mailQueueDrained(db: Kysely<DB>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const { rows } = await sql<{ n: string }>`
      select (select count(*) from mail_outbox where failed_at is null)
        + (select count(*) from password_reset_request)
        + (select count(*) from staff_notice) as n`.execute(db);
    if (Number(rows[0]?.n ?? 0) === 0) return;
    if (Date.now() > until) throw new Error(`mail still queued after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A fresh Verbund key per test app: nothing encrypted in one test opens in another. */
export function testKeyring(): Keyring {
  const { keyring } = parseApplicationKeys(`test:${randomBytes(32).toString('base64')}`, undefined);
  if (keyring === undefined) throw new Error('test key rejected');
  return keyring;
}

/** `field` is the input's name, `attachments` unless given. */
export type UploadFile = { name: string; type: string; content: Buffer; field?: string };

/** A multipart/form-data body with the fields first (as a browser sends a form with files). */
export function multipartBody(fields: Record<string, string>, files: UploadFile[] = []) {
  const boundary = `----rathausnetz${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  }
  for (const file of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field ?? 'attachments'}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

export type TestBrowser = ReturnType<typeof browserFor>;

export function browserFor(app: FastifyInstance) {
  const jar = new Map<string, string>();
  let csrf = '';
  const remember = (res: LightMyRequestResponse) => {
    for (const c of res.cookies) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) jar.delete(c.name);
      else jar.set(c.name, c.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(res.body)?.[1];
    if (token) csrf = token;
    return res;
  };
  const cookies = () => Object.fromEntries(jar);
  return {
    jar,
    csrf: () => csrf,
    get: async (url: string) => remember(await app.inject({ url, cookies: cookies() })),
    /** Posts a urlencoded form with the CSRF token of the last page loaded (unless told not to). */
    post: async (url: string, form: Record<string, string>, withCsrf = true) =>
      remember(
        await app.inject({
          method: 'POST',
          url,
          cookies: cookies(),
          payload: new URLSearchParams({
            ...form,
            ...(withCsrf ? { _csrf: csrf } : {}),
          }).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
      ),
    /** A form with files, token first as a browser sends it; `token: null` sends none. */
    postMultipart: async (
      url: string,
      fields: Record<string, string>,
      files: UploadFile[] = [],
      token: string | null = csrf,
    ) => {
      const body = multipartBody({ ...(token === null ? {} : { _csrf: token }), ...fields }, files);
      return remember(await app.inject({ method: 'POST', url, cookies: cookies(), ...body }));
    },
    /**
     * Answers the question after signing in on a browser with anonymous drafts or reports
     * (src/drafts/adoption.ts): take them over, or leave them.
     */
    async answerAdoption(choice: 'uebernehmen' | 'verwerfen', next = '/') {
      const page = await this.get(`/konto/uebernehmen?weiter=${encodeURIComponent(next)}`);
      if (page.statusCode !== 200) throw new Error(`no adoption question (${page.statusCode})`);
      const res = await this.post('/konto/uebernehmen', { entscheidung: choice, weiter: next });
      if (res.statusCode !== 303) throw new Error(`adoption answer failed with ${res.statusCode}`);
      return res;
    },
    /** Signs in with the address and password (no second factor). */
    async signIn(email: string, password = TEST_PASSWORD) {
      await this.get('/konto/anmelden');
      const res = await this.post('/konto/anmelden', { email, password, weiter: '/' });
      if (res.statusCode !== 303) throw new Error(`sign-in failed with ${res.statusCode}`);
    },
  };
}

export const TEST_PASSWORD = 'Hasetal Radweg im Sommer';

/** The path and token of the newest link to `path` in a mail body. */
export function linkIn(body: string, path: string): { path: string; token: string } {
  const match = new RegExp(
    `${TEST_PUBLIC_URL.replace(/\./g, '\\.')}(${path}\\?token=([\\w-]+))`,
  ).exec(body);
  if (!match) throw new Error(`no ${path} link in the mail`);
  return { path: match[1] as string, token: match[2] as string };
}

/** Registers, confirms by the mailed link and signs in: a citizen ready to use the portal. */
export async function signedInCitizen(
  app: FastifyInstance,
  smtp: Awaited<ReturnType<typeof startSmtp>>,
  email: string,
  password = TEST_PASSWORD,
): Promise<TestBrowser> {
  const browser = browserFor(app);
  await browser.get('/konto/registrieren');
  await browser.post('/konto/registrieren', {
    email,
    password,
    passwordRepeat: password,
    consent: 'ja',
  });
  const { path, token } = linkIn((await smtp.lastMailTo(email)).body, '/konto/bestaetigen');
  await browser.get(path);
  await browser.post('/konto/bestaetigen', { token });
  await browser.get('/konto/anmelden');
  const login = await browser.post('/konto/anmelden', { email, password, weiter: '/' });
  if (login.statusCode !== 303) throw new Error(`sign-in failed with ${login.statusCode}`);
  return browser;
}
