// The assigned clerk's notice of a citizen's message, through the real portal and SMTP test
// server: queued in the citizen's own transaction (a refused message queues nothing), turned
// into one content-free mail per application by the worker's job, dropped when nobody holds
// the application; and the citizen's database role can queue a notice for no one else's
// application nor read the queue (PostgreSQL, where the runtime role is what requests run as).

import assert from 'node:assert/strict';
import test from 'node:test';
import { sql } from 'kysely';
import { mailQueueDrained } from '../app/testing.ts';
import { MAIL_JOBS } from '../app/worker.ts';
import { withAccount } from '../db/rls.ts';
import { PERMISSION_DENIED, reverseTeardown } from '../db/testing.ts';
import { citizenInSoegel, sendOsterfeuer, startApp } from '../drafts/testing.ts';
import { MAIL_OUTBOX_JOB } from '../mail/outbox.ts';
import { parseMail } from '../mail/testing.ts';
import { createAccount } from '../mailbox/testing.ts';
import { startScheduler } from '../worker/scheduler.ts';
import { ANSWER_NOTICES_JOB } from './answer-notices.ts';
import { signedInStaff } from './testing.ts';

const CLERK = 'sachbearbeitung@soegel.example';
const SUBJECT = 'Neue Nachricht zu einem Ihnen zugewiesenen Antrag';

test('messages about an application make one content-free notice to the clerk who holds it', async (t) => {
  // Every mail job but the notices' runs beside the app: the test takes their turns itself.
  const started = await startApp(t, {}, {}, { worker: false });
  const { app, smtp, database, services } = started;
  const jobs = started.mailJobs.filter((job) => job.name !== ANSWER_NOTICES_JOB);
  assert.equal(jobs.length, MAIL_JOBS.length - 1, 'the notices are one of the mail jobs');
  const scheduler = startScheduler(jobs, { debug() {}, info() {}, error() {} });
  services.onWake((job) => scheduler.wake(job));
  reverseTeardown(t).after(() => scheduler.stop());
  const db = database.owner;
  const queued = async () =>
    Number(
      (await sql<{ n: string }>`select count(*) as n from staff_notice`.execute(db)).rows[0]?.n,
    );

  const citizen = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const id = await sendOsterfeuer(citizen);
  const clerk = (
    await signedInStaff(app, started, { authority: 'samtgemeinde-soegel', email: CLERK })
  ).browser;
  const taken = await clerk.post('/verwaltung/zuweisen', {
    antrag: id,
    assignee: 'mir',
    reason: '',
  });
  assert.equal(taken.statusCode, 303);
  const { id: threadId } = await db
    .selectFrom('mailbox_thread')
    .select('id')
    .where('application_id', '=', id)
    .executeTakeFirstOrThrow();
  const write = (body: string) =>
    citizen.postMultipart(`/postfach/${threadId}/antwort`, { body }, []);

  // A message refused queues nothing; two sent queue two, committed with them.
  assert.equal((await write('   ')).statusCode, 422);
  assert.equal(await queued(), 0);
  assert.equal((await write('Eine Frage zum Lageplan.')).statusCode, 303);
  assert.equal((await write('Und noch eine.')).statusCode, 303);
  assert.equal(await queued(), 2);

  // The worker's turn: one mail for the application, saying where and never what.
  assert.deepEqual(await services.answerNotices.sendQueued(), { sent: 1, dropped: 0 });
  assert.equal(await queued(), 0);
  scheduler.wake(MAIL_OUTBOX_JOB);
  await mailQueueDrained(db);
  const notices = () =>
    smtp.received
      .filter((m) => m.rcptTo.includes(CLERK))
      .map((m) => parseMail(m.raw))
      .filter((m) => m.decoded('subject') === SUBJECT);
  assert.equal(notices().length, 1, 'one notice for two messages');
  const notice = notices()[0];
  assert.ok(notice?.body.includes(`/verwaltung/antraege/${id}`), 'where to look');
  assert.doesNotMatch(notice?.body ?? '', /Lageplan|Frage|Osterfeuer|Hanna/, 'what, never');
  assert.deepEqual(await services.answerNotices.sendQueued(), { sent: 0, dropped: 0 });

  // Given back to the team: the next message tells nobody by mail (the inbox shows it).
  const released = await clerk.post('/verwaltung/zuweisen', {
    antrag: id,
    assignee: 'niemand',
    reason: '',
  });
  assert.equal(released.statusCode, 303);
  assert.equal((await write('Hallo?')).statusCode, 303);
  assert.deepEqual(await services.answerNotices.sendQueued(), { sent: 0, dropped: 1 });
  await mailQueueDrained(db);
  assert.equal(notices().length, 1, 'no notice to a clerk who gave it back');

  if (database.kind === 'postgres') {
    // As the role requests run as: another citizen cannot queue a notice for Hanna's
    // application, and Hanna cannot read the queue back. (PGlite's single connection is a
    // superuser in tests, which row-level security does not bind: ADR 0015.)
    const other = await createAccount(db, started.verbundId, 'ben@example.org');
    await assert.rejects(
      withAccount(database.db, other, (trx) =>
        trx.insertInto('staff_notice').values({ application_id: id }).execute(),
      ),
      PERMISSION_DENIED,
    );
    const hanna = await db
      .selectFrom('application')
      .select('account_id')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await assert.rejects(
      withAccount(database.db, String(hanna.account_id), (trx) =>
        trx.selectFrom('staff_notice').selectAll().execute(),
      ),
      PERMISSION_DENIED,
    );
  }
});
