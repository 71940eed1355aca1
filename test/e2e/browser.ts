// Browser journeys: Debian's Chromium driven by playwright-core against the real app on
// 127.0.0.1, with a fresh seeded test database and axe-core on every page (DESIGN.md,
// "Browser tests"). Nothing leaves the machine: every request to another host is aborted.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { createAccounts } from '../../src/accounts/sign-in/service.ts';
import { buildPortal } from '../../src/app/app.ts';
import { mailQueueDrained, testKeyring } from '../../src/app/testing.ts';
import { MAIL_JOBS, workerJobs } from '../../src/app/worker.ts';
import type { Applications } from '../../src/applications/applications.ts';
import { createTestDatabase, reverseTeardown } from '../../src/db/testing.ts';
import type { Keyring } from '../../src/envelope/envelope.ts';
import { ensureTestProvider } from '../../src/identity/test-idp/routes.ts';
import { testIdentityConfig } from '../../src/identity/testing.ts';
import type { Mailer } from '../../src/mail/mailer.ts';
import { startSmtp } from '../../src/mail/testing.ts';
import { seedDemo } from '../../src/tenancy/seed.ts';
import { startScheduler } from '../../src/worker/scheduler.ts';

type Cleanup = Parameters<typeof createTestDatabase>[0];

export const CHROMIUM = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const SCREENSHOTS = fileURLToPath(new URL('../../test-results/screenshots/', import.meta.url));

const TEST_CONFIG = {
  env: 'test' as const,
  sessionSecret: 'x'.repeat(32),
  logLevel: 'silent',
  rateLimitPerMinute: 10_000,
  trustProxy: 0,
  // Links in mails start with this; journeys open their path on the test server.
  publicUrl: 'http://portal.test',
  applicationKeys: testKeyring(),
};

export type Site = {
  /** http://127.0.0.1:<port> of the running app. */
  baseUrl: string;
  /** The app's database, for journeys that set up what a clerk would (e.g. a Postfach message). */
  database: Awaited<ReturnType<typeof createTestDatabase>>;
  /** The app's mailer and public address, for mails a journey has the portal send itself. */
  notice: { mailer: Mailer; publicUrl: string };
  /** The app's Verbund keys, to post into a Postfach (sealed, ADR 0012) as a clerk would. */
  keyring: Keyring;
  /** The newest mail to an address, as received by the real SMTP test server. */
  lastMailTo(address: string): Promise<{ subject: string; body: string }>;
  /** How many mails the SMTP test server has received for an address so far. */
  mailCount(address: string): number;
  /** The applications domain API, for what an authority does that has no page yet. */
  applications: Applications;
  /** A fresh page in its own context (no cookies), with or without JavaScript. */
  newPage(options: { javaScriptEnabled: boolean }): Promise<Page>;
};

type PageState = {
  label: 'js' | 'nojs';
  problems: string[];
  /** Without JavaScript: a page that runs scripts, for axe (see expectAccessible). */
  twin?: () => Promise<Page>;
};

const stateOf = new WeakMap<BrowserContext, PageState>();

/**
 * What went wrong out of sight on this page's context: requests to other hosts (blocked),
 * assets that failed to load, script errors. A journey ends by asserting it is empty.
 */
export function problems(page: Page): string[] {
  return stateOf.get(page.context())?.problems ?? [];
}

/** A free port on 127.0.0.1, for a site whose public address must be known before it starts. */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/**
 * Starts app (fresh seeded test database) and browser; `t.after` closes them. `identity`: with
 * federated sign-in and the built-in test IdP as "BundID" (its answers go to the public
 * address, so that is the site's own address then).
 */
export async function startSite(t: Cleanup, options: { identity?: boolean } = {}): Promise<Site> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} not found. Browser tests use Debian's Chromium: run ` +
        '`apt-get update && apt-get install -y chromium` (never a downloaded browser).',
    );
  }
  const database = await createTestDatabase(t);
  await seedDemo(database.owner);
  // Mail goes through a real SMTP server started for the test; journeys read links from it.
  const smtp = await startSmtp(t);
  const port = options.identity ? await freePort() : 0;
  const publicUrl = options.identity ? `http://127.0.0.1:${port}` : TEST_CONFIG.publicUrl;
  const { app, services } = await buildPortal({
    config: options.identity
      ? { ...TEST_CONFIG, publicUrl, identity: { ...testIdentityConfig(), testIdp: true } }
      : TEST_CONFIG,
    database,
    mailer: smtp.mailer,
  });
  if (options.identity) {
    const verbund = await database.owner
      .selectFrom('verbund')
      .select('id')
      .executeTakeFirstOrThrow();
    await ensureTestProvider(database.owner, verbund.id, publicUrl);
  }
  const teardown = reverseTeardown(t);
  teardown.after(() => app.close());
  // The worker's receipts and mail jobs, as beside every portal: they post the receipt and
  // send what requests queued (ADR 0019).
  const jobs = workerJobs(services).filter(
    (job) => job.name === 'applications.receipts' || MAIL_JOBS.includes(job.name),
  );
  const scheduler = startScheduler(jobs, { debug() {}, info() {}, error() {} });
  services.onWake((job) => scheduler.wake(job));
  teardown.after(() => scheduler.stop());
  await app.listen({ host: '127.0.0.1', port });
  const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

  // launch() runs Chromium with a fresh temporary --user-data-dir and deletes it on close.
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
  teardown.after(() => browser.close());

  const newContext = async (javaScriptEnabled: boolean, problems: string[]) => {
    const context = await browser.newContext({
      baseURL: baseUrl,
      javaScriptEnabled,
      locale: 'de-DE',
      viewport: { width: 1280, height: 800 },
    });
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === '127.0.0.1') return route.continue();
      problems.push(`blocked request to ${url.origin}`);
      return route.abort('blockedbyclient');
    });
    return context;
  };

  return {
    baseUrl,
    keyring: TEST_CONFIG.applicationKeys,
    database,
    notice: { mailer: smtp.mailer, publicUrl },
    async lastMailTo(address) {
      // Sent by the worker (ADR 0019): the newest once all that was queued has gone out.
      await mailQueueDrained(database.owner);
      const mail = await smtp.lastMailTo(address);
      return { subject: mail.decoded('subject'), body: mail.body };
    },
    mailCount: (address) => smtp.received.filter((m) => m.rcptTo.includes(address)).length,
    applications: services.applications,
    async newPage({ javaScriptEnabled }) {
      const problems: string[] = [];
      const context = await newContext(javaScriptEnabled, problems);
      let twin: Promise<Page> | undefined;
      stateOf.set(context, {
        label: javaScriptEnabled ? 'js' : 'nojs',
        problems,
        twin: javaScriptEnabled
          ? undefined
          : () => {
              twin ??= newContext(true, problems).then((c) => c.newPage());
              return twin;
            },
      });
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
      page.on('requestfailed', (request) => {
        if (!request.url().startsWith(baseUrl)) return; // already counted as blocked
        // Leaving a page cancels what it was still loading (fonts, mostly): not a fault.
        if (request.failure()?.errorText === 'net::ERR_ABORTED') return;
        problems.push(`${request.url()} failed: ${request.failure()?.errorText}`);
      });
      page.on('response', (response) => {
        const type = response.request().resourceType();
        if (type !== 'document' && response.status() >= 400) {
          problems.push(`${type} ${response.url()} answered ${response.status()}`);
        }
      });
      return page;
    },
  };
}

/**
 * The pages axe has passed in this test file, by their DOM (CSRF tokens left out) and viewport.
 * The same DOM with the same style sheets at the same size renders alike, so axe would answer
 * alike: a journey's page without JavaScript is often exactly its page with JavaScript, and a
 * page visited again unchanged is common. About a quarter of the checks were such repeats
 * (test/e2e/portal.test.ts and backoffice.test.ts), and axe is most of a journey's time.
 */
const passed = new Set<string>();

/** Screenshots of every page checked, for a human to look at: on request, or of a failure. */
const EVERY_SCREENSHOT = process.env.E2E_SCREENSHOTS === '1';

/**
 * Asserts that axe finds no WCAG 2.1 A/AA violation on the page as it is now. A full-page
 * screenshot goes to test-results/screenshots/<js|nojs>-<name>.png when the check fails, or of
 * every page with E2E_SCREENSHOTS=1 (a long page's screenshot takes as long as its axe check).
 */
export async function expectAccessible(
  page: Page,
  name: string,
  options: {
    /**
     * A hand-over page (it submits itself with JavaScript): checked without JavaScript only,
     * its scripts left out of the twin so that it stays put while axe reads it.
     */
    handOver?: boolean;
  } = {},
): Promise<void> {
  const state = stateOf.get(page.context());
  const label = state?.label ?? 'js';
  const screenshot = async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: `${SCREENSHOTS}${label}-${name}.png`, fullPage: true });
  };
  if (EVERY_SCREENSHOT) await screenshot();
  // axe waits on timers, which never fire while JavaScript is off. Without JavaScript it
  // therefore checks a twin: the same DOM at the same URL, with the same style sheets, in a
  // page that runs scripts. The site ships no script of its own, so both render alike.
  const target = state?.twin
    ? await loadTwin(await state.twin(), page, options.handOver === true)
    : page;
  const size = target.viewportSize();
  const dom = (await target.content()).replace(/name="_csrf" value="[^"]*"/g, 'name="_csrf"');
  const key = createHash('sha256').update(`${size?.width}x${size?.height}\n${dom}`).digest('hex');
  if (passed.has(key)) return;
  // Legacy mode runs axe in the page itself rather than finishing in a new blank page.
  const results = await new AxeBuilder({ page: target })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .setLegacyMode()
    .analyze();
  const report = results.violations.map(
    (v) =>
      `${v.id} (${v.impact ?? 'unknown'}): ${v.help} [${v.helpUrl}]\n` +
      v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('\n'),
  );
  if (results.violations.length > 0 && !EVERY_SCREENSHOT) await screenshot();
  assert.equal(
    results.violations.length,
    0,
    `${label}-${name} (${page.url()}) has accessibility violations:\n  ${report.join('\n  ')}`,
  );
  passed.add(key);
}

async function loadTwin(twin: Page, page: Page, withoutScripts: boolean): Promise<Page> {
  const url = new URL(page.url());
  url.hash = '';
  const content = await page.content();
  const body = withoutScripts ? content.replace(/<script\b[^>]*>[^<]*<\/script>/g, '') : content;
  await twin.unrouteAll();
  await twin.route(
    (u) => u.href === url.href,
    (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body }),
  );
  // Without the fragment: going from /x to /x#y would not load the new DOM.
  await twin.goto(url.href);
  return twin;
}

/**
 * A confirmed password account, made through the accounts domain as the owner (the account
 * tables are under RLS, ADR 0021) with the link from its confirmation mail; its id.
 */
export async function registerPasswordAccount(
  site: Site,
  email: string,
  password: string,
): Promise<string> {
  const db = site.database.owner;
  const verbund = await db.selectFrom('verbund').select(['id', 'name']).executeTakeFirstOrThrow();
  const accounts = createAccounts({
    keyring: site.keyring,
    db,
    mailer: site.notice.mailer,
    publicUrl: site.notice.publicUrl,
    verbund: async () => verbund,
  });
  await accounts.register({
    email,
    password,
    passwordRepeat: password,
    consent: true,
    language: 'de',
  });
  const mail = await site.lastMailTo(email);
  const token = /\/konto\/bestaetigen\?token=([\w-]+)/.exec(mail.body)?.[1];
  assert.ok(token, 'the confirmation mail carries a link');
  await accounts.verifyEmail(token);
  const { id } = await db
    .selectFrom('account')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  return id;
}
