// Issue 14, item 2 (ADR 0019): every mail is queued and sent by the worker, so no answer
// waits for SMTP and a password reset takes the same path for known and unknown addresses.
// Real SMTP servers (smtp-server in the test), real database.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import {
  browserFor,
  linkIn,
  signedInCitizen,
  startTestApp,
  TEST_PASSWORD,
} from '../app/testing.ts';
import { createTestDatabase } from '../db/testing.ts';
import { createMailer } from './mailer.ts';
import { createMailQueue, createMailSender } from './outbox.ts';
import { startSmtp, TEST_FROM } from './testing.ts';

const SMTP_MS = 150;
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

async function askForReset(app: Awaited<ReturnType<typeof startTestApp>>['app'], email: string) {
  const page = await app.inject({ url: '/konto/passwort-vergessen' });
  const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const cookies = Object.fromEntries(page.cookies.map((c) => [c.name, c.value]));
  const started = performance.now();
  const answer = await app.inject({
    method: 'POST',
    url: '/konto/passwort-vergessen',
    cookies,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ email, _csrf: csrf }).toString(),
  });
  const ms = performance.now() - started;
  assert.equal(answer.statusCode, 200);
  assert.match(answer.body, /Wenn zu dieser E-Mail-Adresse ein Konto besteht/);
  return { ms, body: answer.body.replace(/name="_csrf" value="[^"]+"/g, '') };
}

test('reset timing: a known and an unknown address run the same statements; the mail follows once the job runs', async (t) => {
  let capture: string[] | undefined;
  const { app, smtp, mailJobs } = await startTestApp(
    t,
    'test',
    {},
    {},
    {
      smtpDelayMs: SMTP_MS,
      worker: false,
      log: (event) => {
        if (event.level === 'query') capture?.push(event.query.sql);
      },
    },
  );
  // Without a worker beside the app no mail leaves: the test runs the jobs itself.
  const runJobs = async () => {
    for (let round = 0; round < 2; round++) for (const job of mailJobs) await job.run();
  };
  const browser = browserFor(app);
  await browser.get('/konto/registrieren');
  await browser.post('/konto/registrieren', {
    email: 'known@example.org',
    password: TEST_PASSWORD,
    passwordRepeat: TEST_PASSWORD,
    consent: 'ja',
  });
  await runJobs();
  const { path, token } = linkIn(
    (await smtp.lastMailTo('known@example.org')).body,
    '/konto/bestaetigen',
  );
  await browser.get(path);
  await browser.post('/konto/bestaetigen', { token });

  const statementsOf = async (email: string) => {
    capture = [];
    const answer = await askForReset(app, email);
    const statements = capture;
    capture = undefined;
    return { statements, body: answer.body };
  };
  const known = await statementsOf('known@example.org');
  const unknown = await statementsOf('nobody@example.org');
  assert.deepEqual(known.statements, unknown.statements, 'the same path, statement for statement');
  assert.equal(known.body, unknown.body, 'and the same page');
  const before = smtp.received.filter((m) => m.rcptTo.includes('known@example.org')).length;
  assert.equal(before, 1, 'only the confirmation so far: the answer did not send the link');

  await runJobs();
  const mails = await smtp.mailsTo('known@example.org', 2);
  assert.equal(mails.at(-1)?.decoded('subject'), 'Passwort zurücksetzen');
  assert.equal(smtp.received.filter((m) => m.rcptTo.includes('nobody@example.org')).length, 0);
});

test('reset timing: with a relay taking 150 ms per mail, known and unknown addresses answer alike and neither waits for SMTP', async (t) => {
  const { app, smtp } = await startTestApp(t, 'test', {}, {}, { smtpDelayMs: SMTP_MS });
  const email = 'known@example.org';
  await signedInCitizen(app, smtp, email);
  const known: number[] = [];
  const unknown: number[] = [];
  const pause = () => new Promise((resolve) => setTimeout(resolve, 50));
  for (let i = 0; i < 7; i++) {
    // Each answer measured with the worker idle, so only the request's own path counts.
    await smtp.mailsTo(email, 1 + i, 10_000);
    await pause();
    unknown.push((await askForReset(app, `nobody${i}@example.org`)).ms);
    await pause();
    known.push((await askForReset(app, email)).ms);
    // The confirmation and the links asked for before may have arrived, never this one.
    assert.ok(
      smtp.received.filter((m) => m.rcptTo.includes(email)).length <= 1 + i,
      'the answer came before the relay had the mail',
    );
  }
  const gap = Math.abs(median(known) - median(unknown));
  assert.ok(
    gap < SMTP_MS / 2,
    `median known ${median(known).toFixed(1)} ms, unknown ${median(unknown).toFixed(1)} ms`,
  );
  // The worker sends every link all the same.
  assert.equal((await smtp.mailsTo(email, 8, 10_000)).length, 8);
});

test('mail outbox: queued during an SMTP outage, retried with backoff, sent once the relay is back', async (t) => {
  const database = await createTestDatabase(t);
  // The portal's runtime role queues and sends; the test reads the queue as the owner.
  const { db, owner } = database;
  let clock = new Date(Date.now() + 1000);
  const now = () => clock;
  // A port with nothing listening: connection refused, as when the relay is down.
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const { port } = closed.address() as { port: number };
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  const down = createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from: TEST_FROM, env: 'test' });
  t.after(() => down.close());

  const queue = createMailQueue(db);
  await queue.send({ to: 'wilma@example.org', subject: 'Neue Nachricht', text: 'Hallo' });
  const first = await createMailSender({ db, transport: down, now }).deliverDue();
  assert.deepEqual(first, { sent: 0, retrying: 1, failed: 0 });
  const row = await owner
    .selectFrom('mail_outbox')
    .select(['attempts', 'next_attempt_at', 'last_error'])
    .executeTakeFirstOrThrow();
  assert.equal(row.attempts, 1);
  assert.ok(row.next_attempt_at.getTime() > clock.getTime(), 'the next try waits');
  assert.ok(!row.last_error?.includes('wilma'), 'the error names no recipient');

  const smtp = await startSmtp(t);
  const sender = createMailSender({ db, transport: smtp.mailer, now });
  assert.deepEqual(await sender.deliverDue(), { sent: 0, retrying: 0, failed: 0 }, 'not yet due');
  clock = new Date(clock.getTime() + 60_000);
  assert.deepEqual(await sender.deliverDue(), { sent: 1, retrying: 0, failed: 0 });
  assert.equal((await smtp.lastMailTo('wilma@example.org')).body, 'Hallo');
  assert.equal(
    (await owner.selectFrom('mail_outbox').select('id').execute()).length,
    0,
    'sent mail leaves the queue',
  );
});

test('mail outbox: a recipient the relay refuses is given up and keeps neither address nor text', async (t) => {
  const { db, owner } = await createTestDatabase(t);
  const smtp = await startSmtp(t, {
    onRcptTo(_address, _session, callback) {
      callback(Object.assign(new Error('no such user'), { responseCode: 550 }));
    },
  });
  await createMailQueue(db).send({ to: 'weg@example.org', subject: 'Link', text: 'geheim' });
  assert.deepEqual(await createMailSender({ db, transport: smtp.mailer }).deliverDue(), {
    sent: 0,
    retrying: 0,
    failed: 1,
  });
  const row = await owner
    .selectFrom('mail_outbox')
    .select(['recipient', 'subject', 'body', 'failed_at', 'last_error'])
    .executeTakeFirstOrThrow();
  assert.deepEqual([row.recipient, row.subject, row.body], ['', '', '']);
  assert.ok(row.failed_at);
  assert.match(row.last_error ?? '', /SMTP 550/);
});
