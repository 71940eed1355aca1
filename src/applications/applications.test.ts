// Sending applications, on a real database (PGlite, or PostgreSQL with DATABASE_URL) with the
// real SMTP test server: the Osterfeuer of a club in Sögel from the check page to "Meine
// Anträge", idempotent sending under concurrency, a transaction that dies midway, status
// changes through the domain API, withdrawal, retention, anonymous use and bad input.
import assert from 'node:assert/strict';
import test from 'node:test';
import { type Kysely, sql } from 'kysely';
import { extractText } from 'unpdf';
import { browserFor, type TestBrowser, testServices } from '../app/testing.ts';
import { workerJobs } from '../app/worker.ts';
import type { DB } from '../db/schema.ts';
import {
  citizenInSoegel,
  completeOsterfeuer,
  draftOf,
  postStep,
  startApp,
} from '../drafts/testing.ts';
import { pngFile } from '../files/testing.ts';
import { builtinRegistry } from '../forms/registry.ts';
import { formWith, text } from '../forms/testing.ts';

const REFERENCE = /EL-20[0-9]{2}-[0-9]{6}/;
const APPLICATION_URL = /^\/antraege\/([0-9a-f-]{36})\?gesendet=1$/;

async function send(browser: TestBrowser, draftId: string) {
  await browser.get(`/antraege/entwuerfe/${draftId}/pruefen`);
  return browser.post(`/antraege/entwuerfe/${draftId}/pruefen`, { _declaration: 'yes' });
}

function applicationOf(location: unknown): string {
  const match = APPLICATION_URL.exec(String(location));
  assert.ok(match, `an application address, not ${String(location)}`);
  return match[1] as string;
}

async function counts(db: Kysely<DB>) {
  const row = async (table: string) =>
    Number(
      (await sql<{ n: string }>`select count(*)::text as n from ${sql.table(table)}`.execute(db))
        .rows[0]?.n,
    );
  return {
    applications: await row('application'),
    events: await row('application_event'),
    outbox: await row('delivery'),
    threads: await row('mailbox_thread'),
    messages: await row('mailbox_message'),
    drafts: await row('draft'),
  };
}

test('an Osterfeuer is sent: reference number, Samtgemeinde, receipt in the Postfach, notice mail, Meine Anträge', async (t) => {
  const { app, services, smtp, database } = await startApp(t);
  const browser = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const draftId = await completeOsterfeuer(browser);
  const mailsBefore = smtp.received.length;

  const sent = await send(browser, draftId);
  assert.equal(sent.statusCode, 303);
  const id = applicationOf(sent.headers.location);

  const page = await browser.get(String(sent.headers.location));
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Ihr Antrag wurde gesendet/);
  const reference = REFERENCE.exec(page.body)?.[0];
  assert.ok(reference, 'the page shows the reference number');
  assert.match(page.body, /Samtgemeinde Sögel/);
  assert.match(page.body, /Eingereicht/);
  assert.equal(page.headers['cache-control'], 'no-store');

  // The draft became the application: gone from "Meine Entwürfe", its form lands here now.
  assert.doesNotMatch((await browser.get('/antraege/entwuerfe')).body, /Osterfeuer anmelden/);
  const again = await browser.get(`/antraege/entwuerfe/${draftId}/pruefen`);
  assert.equal(again.statusCode, 303);
  assert.equal(again.headers.location, `/antraege/${id}`);

  const list = await browser.get('/antraege');
  assert.equal(list.statusCode, 200);
  assert.match(list.body, new RegExp(reference));
  assert.match(list.body, /Osterfeuer anmelden/);
  assert.match(list.body, /Eingereicht/);

  // The confirmation is in the Postfach at once; the worker adds the receipt, then the mail
  // (which says only that a message is waiting).
  const postfach = await browser.get('/postfach');
  assert.match(postfach.body, new RegExp(`Ihr Antrag ${reference}`));
  const threadId = /href="\/postfach\/([0-9a-f-]{36})"/.exec(postfach.body)?.[1];
  const before = await browser.get(`/postfach/${threadId}`);
  assert.match(before.body, new RegExp(`Ihre Vorgangsnummer lautet ${reference}`));
  assert.doesNotMatch(before.body, /Eingangsbestaetigung-/);
  assert.equal(smtp.received.length, mailsBefore, 'no notice before the receipt is there');
  assert.equal(await services.applications.postPendingReceipts(), 1);
  assert.equal(await services.applications.postPendingReceipts(), 0, 'posted once');
  const thread = await browser.get(`/postfach/${threadId}`);
  assert.match(thread.body, new RegExp(`Eingangsbestaetigung-${reference}\\.pdf`));
  const notice = await smtp.lastMailTo('hanna@example.org');
  assert.equal(smtp.received.length, mailsBefore + 1, 'one notice');
  assert.match(notice.decoded('subject'), /Neue Nachricht in Ihrem Postfach/);
  assert.doesNotMatch(notice.body, /Osterfeuer|Sögel|Schützenverein|EL-/);

  // Stored: one application, its first event, one delivery (no route configured yet: it waits for one); the answers only encrypted.
  const stored = await database.owner
    .selectFrom('application')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  assert.equal(stored.status, 'submitted');
  assert.equal(stored.reference, reference);
  const payload = Buffer.from(stored.payload);
  assert.ok(payload.length > 500, 'the snapshot is stored');
  assert.ok(!payload.includes(Buffer.from('Schützenverein')), 'not in clear text');
  assert.ok(!payload.includes(Buffer.from('Hüsing')));
  assert.ok(stored.receipt_posted_at, 'the receipt was posted');
  const outbox = await database.owner.selectFrom('delivery').selectAll().execute();
  assert.deepEqual(
    outbox.map((o) => [o.application_id, o.authority_id, o.route_id, o.status]),
    [[id, stored.authority_id, null, 'pending']],
  );

  // The receipt downloads as a PDF for its owner only.
  const receipt = await browser.get(`/antraege/${id}/eingangsbestaetigung`);
  assert.equal(receipt.statusCode, 200);
  assert.equal(receipt.headers['content-type'], 'application/pdf');
  assert.match(String(receipt.headers['content-disposition']), /attachment/);
  const { text } = await extractText(new Uint8Array(receipt.rawPayload), { mergePages: true });
  const receiptText = text.replace(/\s+/g, ' ');
  for (const expected of [
    'Eingangsbestätigung',
    reference,
    'Samtgemeinde Sögel',
    'Osterfeuer anmelden',
    'Schützenverein Sögel e. V.',
    'Hanna Hüsing',
    'Bernd Hüsing',
    '0170 1234567',
    '27. März 2027',
  ]) {
    assert.ok(receiptText.includes(expected), `the receipt shows ${expected}`);
  }
  const stranger = await citizenInSoegel(app, smtp, 'fremd@example.org');
  assert.equal((await stranger.get(`/antraege/${id}`)).statusCode, 404);
  assert.equal((await stranger.get(`/antraege/${id}/eingangsbestaetigung`)).statusCode, 404);
  assert.doesNotMatch((await stranger.get('/antraege')).body, new RegExp(reference));
});

test('a double click, a reload and 20 concurrent sends of one draft make exactly one application', async (t) => {
  const { app, services, smtp, database } = await startApp(t);
  const browser = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const draftId = await completeOsterfeuer(browser);

  await browser.get(`/antraege/entwuerfe/${draftId}/pruefen`);
  const form = { _declaration: 'yes', _csrf: browser.csrf() };
  const cookies = Object.fromEntries(browser.jar);
  const responses = await Promise.all(
    Array.from({ length: 20 }, () =>
      app.inject({
        method: 'POST',
        url: `/antraege/entwuerfe/${draftId}/pruefen`,
        cookies,
        payload: new URLSearchParams(form).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    ),
  );
  const locations = new Set(
    responses.map((r) => {
      assert.equal(r.statusCode, 303, r.body.slice(0, 300));
      return String(r.headers.location).replace('?gesendet=1', '');
    }),
  );
  assert.equal(locations.size, 1, 'every request lands on the same application');
  const after = await counts(database.owner);
  assert.equal(after.applications, 1);
  assert.equal(after.events, 1);
  assert.equal(after.outbox, 1);
  assert.equal(after.threads, 1, 'one confirmation, not twenty');

  // And the domain API directly: concurrent calls return the one application.
  const browser2 = await citizenInSoegel(app, smtp, 'bernd@example.org');
  const second = await completeOsterfeuer(browser2);
  const accountId = (
    await database.owner
      .selectFrom('account')
      .select('id')
      .where('email', '=', 'bernd@example.org')
      .executeTakeFirstOrThrow()
  ).id;
  const results = await Promise.all(
    Array.from({ length: 20 }, () => services.applications.submit({ accountId }, second, 'de')),
  );
  assert.equal(new Set(results.map((r) => r.id)).size, 1);
  assert.equal(results.filter((r) => r.created).length, 1);
  assert.equal((await counts(database.owner)).applications, 2);
});

test('a send that dies midway leaves nothing half-written, says so, and works on the next try', async (t) => {
  const { app, smtp, database } = await startApp(t);
  const browser = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const draftId = await completeOsterfeuer(browser);
  const before = await counts(database.owner);

  // The last insert of the transaction fails, as when the database goes away mid-commit.
  await sql`create function fail_delivery() returns trigger language plpgsql as $$
    begin raise exception 'database unavailable' using errcode = '57P03'; end $$`.execute(
    database.owner,
  );
  await sql`create trigger fail_delivery before insert on delivery
    for each row execute function fail_delivery()`.execute(database.owner);

  const failed = await send(browser, draftId);
  assert.equal(failed.statusCode, 503);
  assert.match(failed.body, /Ihr Antrag wurde nicht gesendet\. Es ist nichts verloren gegangen/);
  assert.deepEqual(
    await counts(database.owner),
    before,
    'nothing written, the draft is still there',
  );
  const nextNumber = await sql<{
    n: string;
  }>`select last_value::text as n from application_number`.execute(database.owner);
  assert.ok(nextNumber.rows[0], 'a number may be skipped; that is all');

  await sql`drop trigger fail_delivery on delivery`.execute(database.owner);
  const retried = await send(browser, draftId);
  assert.equal(retried.statusCode, 303);
  applicationOf(retried.headers.location);
  assert.equal((await counts(database.owner)).applications, 1);
});

test('status changes through the domain API appear on the timeline and in the Postfach, with a notice', async (t) => {
  const { app, services, smtp, database } = await startApp(t);
  const browser = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const id = applicationOf(
    (await send(browser, await completeOsterfeuer(browser))).headers.location,
  );
  const { authority_id: authorityId } = await database.owner
    .selectFrom('application')
    .select('authority_id')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const mails = smtp.received.length;

  await services.applications.changeStatus({
    authorityId,
    applicationId: id,
    status: 'processing',
    actor: 'authority',
    note: 'Wir prüfen den Abstand zur Kreisstraße.',
  });
  const page = await browser.get(`/antraege/${id}`);
  assert.match(page.body, /In Bearbeitung/);
  assert.match(page.body, /Wir prüfen den Abstand zur Kreisstraße\./);
  assert.match(page.body, /durch: Behörde/);
  assert.match(page.body, /hat sich geändert: In Bearbeitung/);
  const notice = await smtp.lastMailTo('hanna@example.org');
  assert.ok(smtp.received.length > mails, 'a notice mail arrived');
  assert.doesNotMatch(notice.body, /Bearbeitung|Kreisstraße/);
  assert.match((await browser.get('/antraege')).body, /In Bearbeitung/);

  // Another authority cannot see it, let alone change it; nor may anyone reopen a closed one.
  const other = await database.owner
    .selectFrom('authority')
    .select('id')
    .where('slug', '=', 'meppen')
    .executeTakeFirstOrThrow();
  await assert.rejects(
    services.applications.changeStatus({
      authorityId: other.id,
      applicationId: id,
      status: 'completed',
      actor: 'authority',
    }),
    { name: 'NotFoundError' },
  );
  await assert.rejects(
    services.applications.changeStatus({
      authorityId,
      applicationId: id,
      status: 'submitted',
      actor: 'connector',
    }),
    { name: 'TransitionNotAllowedError' },
  );
  await services.applications.changeStatus({
    authorityId,
    applicationId: id,
    status: 'completed',
    actor: 'connector',
  });
  await assert.rejects(
    services.applications.changeStatus({
      authorityId,
      applicationId: id,
      status: 'processing',
      actor: 'authority',
    }),
    { name: 'TransitionNotAllowedError' },
  );
  const closed = await browser.get(`/antraege/${id}`);
  assert.match(closed.body, /Abgeschlossen/);
  assert.doesNotMatch(
    closed.body,
    /Antrag zurückziehen/,
    'a closed application cannot be withdrawn',
  );
  const refused = await browser.post(`/antraege/${id}/zurueckziehen`, { bestaetigung: 'yes' });
  assert.equal(refused.statusCode, 409);
});

test('the citizen withdraws an open application after confirming; retention then removes it', async (t) => {
  const { app, services, smtp, database } = await startApp(t);
  const browser = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const id = applicationOf(
    (await send(browser, await completeOsterfeuer(browser))).headers.location,
  );

  await browser.get(`/antraege/${id}`);
  const unconfirmed = await browser.post(`/antraege/${id}/zurueckziehen`, {});
  assert.equal(unconfirmed.statusCode, 422);
  assert.match(unconfirmed.body, /Bestätigen Sie bitte/);
  const noCsrf = await browser.post(
    `/antraege/${id}/zurueckziehen`,
    { bestaetigung: 'yes' },
    false,
  );
  assert.equal(noCsrf.statusCode, 403);
  const withdrawn = await browser.post(`/antraege/${id}/zurueckziehen`, { bestaetigung: 'yes' });
  assert.equal(withdrawn.statusCode, 303);
  const page = await browser.get(String(withdrawn.headers.location));
  assert.match(page.body, /Sie haben den Antrag zurückgezogen/);
  assert.match(page.body, /Zurückgezogen/);
  assert.match(page.body, /durch: Sie/);

  const row = await database.owner
    .selectFrom('application')
    .select(['status', 'closed_at', 'retain_until'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  assert.equal(row.status, 'withdrawn');
  assert.ok(row.closed_at && row.retain_until && row.retain_until > row.closed_at);

  // Nothing is due yet; once the retention period has passed, the worker deletes it.
  assert.deepEqual(await services.applications.purgeExpired(), []);
  await database.owner
    .updateTable('application')
    .set({ retain_until: new Date(Date.now() - 1000) })
    .where('id', '=', id)
    .execute();
  const purged = await services.applications.purgeExpired();
  assert.equal(purged.length, 1);
  const left = await counts(database.owner);
  assert.equal(left.applications + left.events + left.outbox, 0);
  assert.equal((await browser.get(`/antraege/${id}`)).statusCode, 404);
});

test('bad input: another citizen’s draft, an incomplete draft, a withdrawn form version, a malformed id', async (t) => {
  const { app, services, smtp, database } = await startApp(t);
  const owner = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const draftId = await completeOsterfeuer(owner);
  const other = await citizenInSoegel(app, smtp, 'fremd@example.org');

  await other.get('/antraege');
  const foreign = await other.post(`/antraege/entwuerfe/${draftId}/pruefen`, {
    _declaration: 'yes',
  });
  assert.equal(foreign.statusCode, 404);
  const malformed = await other.post('/antraege/entwuerfe/not-a-uuid/pruefen', {
    _declaration: 'yes',
  });
  assert.equal(malformed.statusCode, 404);
  assert.equal((await other.get('/antraege/not-a-uuid')).statusCode, 404);
  assert.equal((await counts(database.owner)).applications, 0);

  // An incomplete draft cannot be sent: the check page sends the citizen to the open step.
  const started = await other.get('/leistungen/99063010000000/antrag');
  const incomplete = draftOf(started.headers.location);
  await other.get(`/antraege/entwuerfe/${incomplete.id}/pruefen`);
  const early = await other.post(`/antraege/entwuerfe/${incomplete.id}/pruefen`, {
    _declaration: 'yes',
  });
  assert.equal(early.statusCode, 303);
  assert.match(String(early.headers.location), /\/schritt\/veranstalter$/);
  await assert.rejects(
    services.applications.submit(
      {
        accountId: (
          await database.owner
            .selectFrom('account')
            .select('id')
            .where('email', '=', 'fremd@example.org')
            .executeTakeFirstOrThrow()
        ).id,
      },
      incomplete.id,
      'de',
    ),
    { name: 'DraftIncompleteError' },
  );

  // A service above the session's trust level (Meldebescheinigung: substantial): step-up.
  const meldebescheinigung = await database.owner
    .selectFrom('online_service')
    .select(['id', 'key', 'form_id', 'verbund_id'])
    .where('key', '=', 'meldebescheinigung-beantragen')
    .executeTakeFirstOrThrow();
  const soegel = await database.owner
    .selectFrom('authority')
    .select('id')
    .where('slug', '=', 'samtgemeinde-soegel')
    .executeTakeFirstOrThrow();
  const otherId = (
    await database.owner
      .selectFrom('account')
      .select('id')
      .where('email', '=', 'fremd@example.org')
      .executeTakeFirstOrThrow()
  ).id;
  const high = await database.owner
    .insertInto('draft')
    .values({
      verbund_id: meldebescheinigung.verbund_id,
      account_id: otherId,
      online_service_id: meldebescheinigung.id,
      service_key: meldebescheinigung.key,
      authority_id: soegel.id,
      form_id: String(meldebescheinigung.form_id),
      form_version: 1,
      answers: '{}',
      updated_at: new Date(),
      expires_at: new Date(Date.now() + 86_400_000),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const stepUp = await other.post(`/antraege/entwuerfe/${high.id}/pruefen`, {
    _declaration: 'yes',
  });
  assert.equal(stepUp.statusCode, 303);
  assert.match(
    String(stepUp.headers.location),
    /^\/konto\/vertrauensniveau\?benoetigt=substantial/,
  );
  assert.equal((await counts(database.owner)).applications, 0);

  // A form version withdrawn meanwhile (e.g. a change in the law): not sent, and said why.
  const form = builtinRegistry().publish({
    ...formWith([
      { id: 'ort', fields: [{ type: 'text', id: 'where', label: text('Wo?'), required: true }] },
    ]),
    id: 'withdrawn-test-form',
  });
  await database.owner
    .updateTable('online_service')
    .set({ form_id: form.id })
    .where('key', '=', 'osterfeuer-anmelden')
    .execute();
  const fresh = await citizenInSoegel(app, smtp, 'dritte@example.org');
  const s = draftOf((await fresh.get('/leistungen/99063010000000/antrag')).headers.location);
  assert.equal((await postStep(fresh, s.id, s.step, { where: 'Sportplatz' })).statusCode, 303);
  builtinRegistry().withdraw(form.id, form.version);
  const refused = await send(fresh, s.id);
  assert.equal(refused.statusCode, 409);
  assert.match(refused.body, /Formular wurde inzwischen zurückgezogen/);
  assert.equal((await counts(database.owner)).applications, 0);
});

test('anonymous use: Mängel melden with a photo is sent without an account, the photo sealed with it', async (t) => {
  const { app, database, services } = await startApp(t);
  const browser = browserFor(app);
  const started = await browser.get('/leistungen/99089014014000/antrag?gemeinde=03454035');
  const { id } = draftOf(started.headers.location);
  const steps: [string, Record<string, string>][] = [
    [
      'mangel',
      {
        category: 'road',
        description: 'Tiefes Schlagloch auf der rechten Fahrspur, etwa 30 cm breit.',
      },
    ],
    [
      'ort',
      {
        locationKind: 'address',
        'locationAddress-street': 'Kirchstraße',
        'locationAddress-houseNumber': '5',
        'locationAddress-postcode': '49716',
        'locationAddress-place': 'Meppen',
      },
    ],
  ];
  for (const [step, form] of steps) {
    assert.equal((await postStep(browser, id, step, form)).statusCode, 303, step);
  }
  const png = pngFile();
  const photoStep = `/antraege/entwuerfe/${id}/schritt/foto-und-kontakt`;
  const page = await browser.get(photoStep);
  const revision = /name="_revision" value="([0-9]+)"/.exec(page.body)?.[1] ?? '';
  const uploaded = await browser.postMultipart(
    photoStep,
    { _revision: revision, wantsReply: 'no' },
    [{ name: 'schlagloch.png', type: 'image/png', content: png, field: 'photo' }],
  );
  assert.equal(uploaded.statusCode, 303, uploaded.body.slice(0, 500));

  const sent = await send(browser, id);
  assert.equal(sent.statusCode, 303);
  const applicationId = applicationOf(sent.headers.location);
  const shown = await browser.get(String(sent.headers.location));
  assert.equal(shown.statusCode, 200);
  assert.match(shown.body, /nur in diesem Browser wieder öffnen/);
  assert.doesNotMatch(shown.body, /Antrag zurückziehen/);
  const receipt = await browser.get(`/antraege/${applicationId}/eingangsbestaetigung`);
  assert.equal(receipt.statusCode, 200);
  const { text } = await extractText(new Uint8Array(receipt.rawPayload), { mergePages: true });
  assert.ok(text.includes('schlagloch.png'), 'the receipt names the photo');
  assert.ok(text.includes('Ohne Bürgerkonto gesendet'));

  // The photo moved from the draft into the application, encrypted; the draft's copy is gone.
  const files = await database.owner.selectFrom('application_attachment').selectAll().execute();
  assert.equal(files.length, 1);
  assert.equal(files[0]?.file_name, 'schlagloch.png');
  assert.equal(files[0]?.size, png.length);
  assert.ok(!Buffer.from(files[0]?.content ?? []).includes(png.subarray(0, 64)));
  assert.equal(
    (await database.owner.selectFrom('form_attachment').selectAll().execute()).length,
    0,
  );

  // Its delivery late: the browser that sent it gets the honest line too (read by its key).
  await database.owner
    .updateTable('delivery')
    .set({ created_at: sql`now() - interval '2 hours'` })
    .where('application_id', '=', applicationId)
    .execute();
  assert.match(
    (await browser.get(`/antraege/${applicationId}`)).body,
    /die Weiterleitung an die Verwaltung verzögert sich/,
  );

  const stranger = browserFor(app);
  const denied = await stranger.get(`/antraege/${applicationId}`);
  assert.equal(denied.statusCode, 303);
  assert.match(String(denied.headers.location), /^\/konto\/anmelden/);
  const row = await database.owner
    .selectFrom('application')
    .select(['account_id', 'anonymous_key_hash'])
    .executeTakeFirstOrThrow();
  assert.equal(row.account_id, null);
  assert.match(String(row.anonymous_key_hash), /^[0-9a-f]{64}$/);
  // Receivers learn it came without a Bürgerkonto: no trust level to rely on.
  assert.equal((await services.applications.deliverable(applicationId)).signedInAt, null);
});

test('the worker posts receipts, each once, passes over one that fails and backs off, and applies retention', async (t) => {
  const { app, smtp, database, keyring } = await startApp(t);
  const browser = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const first = applicationOf(
    (await send(browser, await completeOsterfeuer(browser))).headers.location,
  );
  const second = applicationOf(
    (await send(browser, await completeOsterfeuer(browser))).headers.location,
  );
  // One snapshot that cannot be opened (as after a botched key change): that receipt fails.
  await database.owner
    .updateTable('application')
    .set({ payload: Buffer.from('not a sealed snapshot') })
    .where('id', '=', first)
    .execute();

  const jobs = workerJobs(testServices(database, smtp.mailer, { keyring }));
  const job = (name: string) => {
    const found = jobs.find((j) => j.name === name);
    assert.ok(found, `the worker runs ${name}`);
    return found;
  };
  await assert.rejects(job('applications.receipts').run(), /1 receipts failed, 1 posted/);
  const files = await database.owner
    .selectFrom('mailbox_attachment as f')
    .innerJoin('mailbox_message as m', 'm.id', 'f.message_id')
    .innerJoin('mailbox_thread as th', 'th.id', 'm.thread_id')
    .select(['f.file_name', 'th.application_id'])
    .execute();
  assert.equal(files.length, 1);
  assert.equal(files[0]?.application_id, second);
  assert.match(String(files[0]?.file_name), /^Eingangsbestaetigung-EL-/);
  const pending = await database.owner
    .selectFrom('application')
    .select('id')
    .where('receipt_posted_at', 'is', null)
    .execute();
  assert.deepEqual(
    pending.map((p) => p.id),
    [first],
    'the failed one waits for the next run',
  );
  // Run again at once: the failed one is not tried again yet (it backs off), so no error.
  assert.equal(await job('applications.receipts').run(), 0);

  assert.deepEqual(await job('applications.retention').run(), { deleted: [] });
});

test('the sending session’s trust level is kept with the application for its receivers', async (t) => {
  const { app, services, smtp, database } = await startApp(t);
  const citizen = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const draftId = await completeOsterfeuer(citizen);
  const { id: accountId } = await database.owner
    .selectFrom('account')
    .select('id')
    .where('email', '=', 'hanna@example.org')
    .executeTakeFirstOrThrow();
  // As a session signed in through BundID with the online ID card would send it.
  const sent = await services.applications.submit({ accountId }, draftId, 'de', {
    trustLevel: 'substantial',
  });
  const deliverable = await services.applications.deliverable(sent.id);
  assert.equal(deliverable.signedInAt, 'substantial');
  assert.equal(deliverable.reference, sent.reference);
});
