// Nothing fails silently, through the real portal (PGlite, or PostgreSQL with DATABASE_URL):
// the citizen's page while a delivery is under way, late and delivered; the banner and the
// deliveries list of the authority's admin, resend with its audit entry; the admin's alert,
// the daily digest. The worker is the portal's own outbox worker against a real HTTP receiver.

import assert from 'node:assert/strict';
import test from 'node:test';
import { sql } from 'kysely';
import type { TestBrowser } from '../app/testing.ts';
import { signedInStaff } from '../backoffice/testing.ts';
import { withAccount, withAuthority } from '../db/rls.ts';
import { reverseTeardown } from '../db/testing.ts';
import { citizenInSoegel, completeOsterfeuer, startApp } from '../drafts/testing.ts';
import { SECRET_A, startReceiver } from './testing.ts';

const APPLICATION_URL = /^\/antraege\/([0-9a-f-]{36})\?gesendet=1$/;
const HONEST =
  'Ihr Antrag ist sicher bei uns eingegangen; die Weiterleitung an die Verwaltung verzögert sich.';

async function sendOsterfeuer(citizen: TestBrowser): Promise<string> {
  const draftId = await completeOsterfeuer(citizen);
  await citizen.get(`/antraege/entwuerfe/${draftId}/pruefen`);
  const sent = await citizen.post(`/antraege/entwuerfe/${draftId}/pruefen`, {
    _declaration: 'yes',
  });
  const id = APPLICATION_URL.exec(String(sent.headers.location))?.[1];
  assert.ok(id, 'sent');
  return id;
}

const timeline = (body: string) =>
  /<ol class="kern-list application-timeline">([\s\S]*?)<\/ol>/.exec(body)?.[1] ?? '';

test('late and failed deliveries: the citizen is told honestly, the admin sees, resends, is audited', async (t) => {
  const started = await startApp(t);
  const { app, smtp, database } = started;
  const db = database.owner;
  const citizen = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const id = await sendOsterfeuer(citizen);

  // Just sent, no route configured yet: under way, not "received", no alarm.
  const fresh = await citizen.get(`/antraege/${id}`);
  assert.equal(fresh.statusCode, 200);
  assert.doesNotMatch(timeline(fresh.body), /Eingegangen bei der Behörde/);
  assert.ok(!fresh.body.includes(HONEST), 'nothing late yet');

  // Two hours under way: the honest line.
  await db
    .updateTable('delivery')
    .set({ created_at: sql`now() - interval '2 hours'` })
    .where('application_id', '=', id)
    .execute();
  const late = await citizen.get(`/antraege/${id}`);
  assert.ok(late.body.includes(HONEST), 'the honest line while delivery is late');

  const admin = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'admin@soegel.example',
    role: 'authority_admin',
    name: 'Anke Admin',
  });
  const clerk = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'sachbearbeitung@soegel.example',
  });
  const lateBanner = await admin.browser.get('/verwaltung');
  assert.match(lateBanner.body, /Zustellung fehlgeschlagen/);
  assert.match(lateBanner.body, /1 Zustellungen sind seit über einer Stunde unterwegs/);

  // After the last attempt: failed.
  await db
    .updateTable('delivery')
    .set({ status: 'failed', attempts: 10, last_error: 'HTTP 503 from receiver' })
    .where('application_id', '=', id)
    .execute();
  const { idempotency_key: key, id: deliveryId } = await db
    .selectFrom('delivery')
    .select(['idempotency_key', 'id'])
    .where('application_id', '=', id)
    .executeTakeFirstOrThrow();
  const inbox = await admin.browser.get('/verwaltung');
  assert.match(inbox.body, /role="alert"[\s\S]*Zustellung fehlgeschlagen/);
  assert.match(
    inbox.body,
    /1 Anträge konnten nicht an Ihr Fachverfahren oder DMS zugestellt werden/,
  );
  assert.match(
    inbox.body,
    /href="\/verwaltung\/zustellungen">Zustellungen ansehen und erneut senden</,
  );
  assert.match(inbox.body, /href="\/verwaltung\/zustellungen">Zustellungen</, 'in the navigation');
  const failedPage = await citizen.get(`/antraege/${id}`);
  assert.ok(failedPage.body.includes(HONEST), 'failed is late too for the citizen');

  // A clerk sees no banner and may not open the list.
  assert.doesNotMatch((await clerk.browser.get('/verwaltung')).body, /Zustellung fehlgeschlagen/);
  const refused = await clerk.browser.get('/verwaltung/zustellungen');
  assert.equal(refused.statusCode, 403);
  assert.match(refused.body, /Nur für Administratorinnen und Administratoren/);
  const clerkResend = await clerk.browser.post(
    `/verwaltung/zustellungen/${deliveryId}/erneut-senden`,
    {},
  );
  assert.equal(clerkResend.statusCode, 403);

  const list = await admin.browser.get('/verwaltung/zustellungen');
  assert.equal(list.statusCode, 200);
  assert.match(
    list.body,
    /<h1 class="kern-heading-large">Zustellungen an Fachverfahren und DMS<\/h1>/,
  );
  assert.match(list.body, /Fehlgeschlagen/);
  assert.match(list.body, /HTTP 503 from receiver/);
  assert.match(list.body, />Erneut senden</);

  // Without the CSRF token: refused, nothing changed.
  const forged = await admin.browser.post(
    `/verwaltung/zustellungen/${deliveryId}/erneut-senden`,
    {},
    false,
  );
  assert.equal(forged.statusCode, 403);
  assert.equal(
    (
      await db
        .selectFrom('delivery')
        .select('status')
        .where('id', '=', deliveryId)
        .executeTakeFirstOrThrow()
    ).status,
    'failed',
  );

  await admin.browser.get('/verwaltung/zustellungen');
  const resent = await admin.browser.post(
    `/verwaltung/zustellungen/${deliveryId}/erneut-senden`,
    {},
  );
  assert.equal(resent.statusCode, 303);
  assert.equal(resent.headers.location, '/verwaltung/zustellungen?erneut=1');
  const after = await admin.browser.get('/verwaltung/zustellungen?erneut=1');
  assert.match(after.body, /Die Zustellung wird erneut versucht/);
  const row = await db
    .selectFrom('delivery')
    .select(['status', 'attempts', 'idempotency_key', 'last_error'])
    .where('id', '=', deliveryId)
    .executeTakeFirstOrThrow();
  assert.deepEqual(row, { status: 'pending', attempts: 0, idempotency_key: key, last_error: null });
  const audit = await db
    .selectFrom('audit_entry')
    .select(['action', 'subject_id'])
    .where('action', '=', 'delivery.resent')
    .execute();
  assert.deepEqual(audit, [{ action: 'delivery.resent', subject_id: deliveryId }]);

  // Twice, or an id that is not one: a notice, no change, no 500.
  const again = await admin.browser.post(
    `/verwaltung/zustellungen/${deliveryId}/erneut-senden`,
    {},
  );
  assert.equal(again.headers.location, '/verwaltung/zustellungen?erneut=0');
  assert.match(
    (await admin.browser.get('/verwaltung/zustellungen?erneut=0')).body,
    /nicht mehr fehlgeschlagen oder abgelehnt/,
  );
  const bogus = await admin.browser.post('/verwaltung/zustellungen/kaputt/erneut-senden', {});
  assert.equal(bogus.statusCode, 303);
});

test("the citizen's progress is read as the citizen: their own, never another's, no delivery row", async (t) => {
  const started = await startApp(t);
  const { app, smtp, database } = started;
  const owner = database.owner;
  const hanna = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const ben = await citizenInSoegel(app, smtp, 'ben@example.org');
  const id = await sendOsterfeuer(hanna);
  await owner
    .updateTable('delivery')
    .set({ created_at: sql`now() - interval '2 hours'` })
    .where('application_id', '=', id)
    .execute();

  // The page: the late line for the owner; another citizen gets 404 as for any unknown id.
  const own = await hanna.get(`/antraege/${id}`);
  assert.equal(own.statusCode, 200);
  assert.ok(own.body.includes(HONEST), 'the honest line for the owner');
  const other = await ben.get(`/antraege/${id}`);
  assert.equal(other.statusCode, 404);
  assert.ok(!other.body.includes(HONEST));

  // SQL, as the role web and worker run as (PostgreSQL: rathausnetz_app, ADR 0015).
  const accountOf = async (email: string) =>
    (
      await owner
        .selectFrom('account')
        .select('id')
        .where('email', '=', email)
        .executeTakeFirstOrThrow()
    ).id;
  const progressAs = (accountId: string) =>
    withAccount(database.db, accountId, async (trx) => {
      const { rows } = await sql<{ total: number; delivered: number; retrying: number }>`
        select total, delivered, retrying from delivery_progress_of(${id})`.execute(trx);
      const visible = await trx.selectFrom('delivery').select('id').execute();
      return { progress: rows[0], rows: visible.length };
    });
  assert.deepEqual(await progressAs(await accountOf('hanna@example.org')), {
    progress: { total: 1, delivered: 0, retrying: 0 },
    rows: 0,
  });
  assert.deepEqual(await progressAs(await accountOf('ben@example.org')), {
    progress: { total: 0, delivered: 0, retrying: 0 },
    rows: 0,
  });
  const authority = await owner
    .selectFrom('authority')
    .select('id')
    .where('slug', '=', 'samtgemeinde-soegel')
    .executeTakeFirstOrThrow();
  const asStaff = await withAuthority(database.db, authority.id, async (trx) => {
    const { rows } = await sql<{ total: number }>`
      select total from delivery_progress_of(${id})`.execute(trx);
    return rows[0]?.total;
  });
  assert.equal(asStaff, 0, 'the function answers citizens only; staff read their table');
  if (process.env.DATABASE_URL) {
    // Without an act-as helper the runtime role may not call it at all.
    await assert.rejects(
      sql`select * from delivery_progress_of(${id})`.execute(database.db),
      (error: { code?: string }) => error.code === '42501',
    );
  }
});

test('delivered: the application is received for the citizen; failed: the admins get a content-free mail, once a day a digest', async (t) => {
  const started = await startApp(t);
  const { app, smtp, database, services } = started;
  const db = database.owner;
  let answer = 200;
  const receiver = await startReceiver(t, (_hit, res) => {
    res.statusCode = answer;
    res.end('{"reference":"DMS-1"}');
  });
  await services.delivery.routes.add({
    authoritySlug: 'samtgemeinde-soegel',
    name: 'dms',
    type: 'webhook',
    config: { url: receiver.url, secrets: [SECRET_A] },
  });
  await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'admin@soegel.example',
    role: 'authority_admin',
  });
  const worker = services.delivery.outboxWorker();
  worker.start();
  reverseTeardown(t).after(() => worker.stop(100));

  const citizen = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const id = await sendOsterfeuer(citizen);
  const until = Date.now() + 30_000;
  let status = '';
  while (status !== 'received' && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    status = (
      await db
        .selectFrom('application')
        .select('status')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).status;
  }
  assert.equal(status, 'received', 'marked received once delivered');
  const page = await citizen.get(`/antraege/${id}`);
  assert.match(timeline(page.body), /Eingegangen bei der Behörde/);
  assert.ok(!page.body.includes(HONEST));

  // A refusal (4xx): the admin hears of it, without the application's content or reference.
  answer = 422;
  const second = await sendOsterfeuer(citizen);
  const { reference } = await db
    .selectFrom('application')
    .select('reference')
    .where('id', '=', second)
    .executeTakeFirstOrThrow();
  const mail = await smtp.lastMailTo('admin@soegel.example', 30_000);
  assert.match(mail.decoded('subject'), /Zustellung vom Fachverfahren abgelehnt/);
  assert.match(mail.body, /\/verwaltung\/zustellungen/);
  assert.ok(
    !mail.body.includes(reference) && !mail.decoded('subject').includes(reference),
    'content-free',
  );
  assert.ok(!mail.body.includes('Hanna'), 'no names');

  const first = await services.delivery.attention.sendDigests();
  assert.deepEqual(first, { authorities: 1, mails: 1 });
  const digest = await smtp.lastMailTo('admin@soegel.example', 30_000);
  assert.match(digest.decoded('subject'), /Tägliche Übersicht/);
  assert.match(digest.body, /Fehlgeschlagen oder abgelehnt: 1/);
  assert.deepEqual(
    await services.delivery.attention.sendDigests(),
    { authorities: 0, mails: 0 },
    'once a day',
  );

  // The casework detail's view of the attempts.
  const authority = await db
    .selectFrom('authority')
    .select('id')
    .where('slug', '=', 'samtgemeinde-soegel')
    .executeTakeFirstOrThrow();
  const attempts = await services.delivery.attention.attemptsFor(authority.id, second);
  assert.equal(attempts.length, 1);
  assert.equal(attempts[0]?.status, 'rejected');
  assert.equal(attempts[0]?.route_name, 'dms');
});

test('two routes delivered by two workers at once: received exactly once, with its message', async (t) => {
  const started = await startApp(t);
  const { app, smtp, database, services } = started;
  const db = database.owner;
  // Both receivers answer at about the same moment, so both outcomes are written together.
  const receivers = await Promise.all(
    ['dms', 'fachverfahren'].map(() =>
      startReceiver(t, (_hit, res) => {
        setTimeout(() => res.end('{"reference":"DMS-1"}'), 20);
      }),
    ),
  );
  for (const [i, name] of ['dms', 'fachverfahren'].entries()) {
    await services.delivery.routes.add({
      authoritySlug: 'samtgemeinde-soegel',
      name,
      type: 'webhook',
      config: { url: receivers[i]?.url as string, secrets: [SECRET_A] },
    });
  }
  const citizen = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const ids = [await sendOsterfeuer(citizen), await sendOsterfeuer(citizen)];
  // A processing period set after sending: the due date comes from the "received" change,
  // recomputed for the applications of a batch together.
  const { authority_id, online_service_id } = await db
    .selectFrom('application')
    .select(['authority_id', 'online_service_id'])
    .where('id', '=', ids[0] as string)
    .executeTakeFirstOrThrow();
  await db
    .insertInto('processing_period')
    .values({ authority_id, online_service_id, working_days: 10, updated_at: new Date() })
    .execute();
  const workers = [services.delivery.outboxWorker(), services.delivery.outboxWorker()];
  for (const w of workers) {
    w.start();
    reverseTeardown(t).after(() => w.stop(100));
  }
  const until = Date.now() + 30_000;
  const received = async () =>
    db
      .selectFrom('application_event')
      .select(['application_id', 'actor'])
      .where('application_id', 'in', ids)
      .where('status', '=', 'received')
      .execute();
  while ((await received()).length < ids.length && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
  }
  // A moment more: a second "received" would come right after the first.
  await new Promise((r) => setTimeout(r, 300));
  const events = await received();
  assert.equal(events.length, ids.length, 'one "received" per application, not one per route');
  assert.ok(events.every((e) => e.actor === 'connector'));
  const deliveries = await db
    .selectFrom('delivery')
    .select('status')
    .where('application_id', 'in', ids)
    .execute();
  assert.deepEqual(
    deliveries.map((d) => d.status),
    ['delivered', 'delivered', 'delivered', 'delivered'],
  );
  for (const id of ids) {
    const page = await citizen.get(`/antraege/${id}`);
    assert.equal(timeline(page.body).match(/Eingegangen bei der Behörde/g)?.length, 1);
  }
  const dates = await db
    .selectFrom('application')
    .select(['status', sql<string | null>`due_on::text`.as('due_on')])
    .where('id', 'in', ids)
    .execute();
  for (const row of dates) {
    assert.equal(row.status, 'received');
    assert.match(row.due_on ?? '', /^\d{4}-\d{2}-\d{2}$/, 'due date set with the change');
  }
});
