// The back office over HTTP on a real database with the real SMTP test server: a Sögel clerk
// is invited, sets a password and the mandatory TOTP, finds a citizen's Osterfeuer by its
// reference number, reads it as sent, moves it on (the citizen sees it, gets the notice mail);
// bad input is refused in German with nothing changed; a Lingen clerk sees none of it, and
// the database refuses the rows to the runtime role; everything is in the audit log.
import assert from 'node:assert/strict';
import test from 'node:test';
import { sql } from 'kysely';
import { browserFor, TEST_PASSWORD } from '../app/testing.ts';
import { verifyAudit } from '../audit/service.ts';
import { withAuthority } from '../db/rls.ts';
import { citizenInSoegel, draftOf, postStep, sendOsterfeuer, startApp } from '../drafts/testing.ts';
import { pngFile } from '../files/testing.ts';
import { authorityId } from '../mailbox/testing.ts';
import { codeFor, signedInStaff, staffAccountsFor } from './testing.ts';

const versionIn = (page: string) => /name="version" value="([0-9]+)"/.exec(page)?.[1] ?? '';

test('a Sögel clerk signs in with TOTP, finds, reads and moves on an application; Lingen sees nothing', async (t) => {
  const started = await startApp(t);
  const { app, smtp, database } = started;
  // The test's own looks past RLS; the SQL-level check below runs as the runtime role.
  const db = database.owner;
  const citizen = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const id = await sendOsterfeuer(citizen);
  const { reference } = await db
    .selectFrom('application')
    .select('reference')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

  const soegel = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'sachbearbeitung@soegel.example',
    name: 'Gerda Kuhl',
  });
  const clerk = soegel.browser;

  // Inbox: counts per status, the application, found by its reference number.
  const inbox = await clerk.get('/verwaltung');
  assert.equal(inbox.statusCode, 200);
  assert.equal(inbox.headers['cache-control'], 'no-store');
  assert.match(inbox.body, /Eingereicht \(1\)/);
  assert.match(inbox.body, /Angemeldet als Gerda Kuhl/);
  const found = await clerk.get(`/verwaltung?aktenzeichen=${reference.toLowerCase()}`);
  assert.match(found.body, new RegExp(`href="/verwaltung/antraege/${id}">${reference}<`));
  assert.match(found.body, /Osterfeuer/);
  const none = await clerk.get('/verwaltung?aktenzeichen=EL-2026-999999');
  assert.match(none.body, /Keine Anträge gefunden/);
  const filtered = await clerk.get('/verwaltung?status=completed');
  assert.match(filtered.body, /Keine Anträge gefunden/);
  assert.equal(
    (await clerk.get('/verwaltung?nach=kaputt')).statusCode,
    200,
    'a forged cursor is ignored',
  );

  // Detail: the answers as sent, from the frozen snapshot.
  const detail = await clerk.get(`/verwaltung/antraege/${id}`);
  assert.equal(detail.statusCode, 200);
  assert.match(detail.body, /Schützenverein Sögel e\. V\./);
  assert.match(detail.body, /Bernd Hüsing/);
  assert.match(
    detail.body,
    /Anmeldung beim Absenden<\/dt><dd[^>]*>Bürgerkonto, Vertrauensniveau „basis“</,
  );
  assert.match(detail.body, /Verlauf/);

  // Outside the graph: submitted → completed is refused, nothing changed.
  const version = versionIn(detail.body);
  const jump = await clerk.post(`/verwaltung/antraege/${id}/status`, {
    status: 'completed',
    note: '',
    version,
  });
  assert.equal(jump.statusCode, 409);
  assert.match(jump.body, /Dieser Statuswechsel ist nicht vorgesehen/);
  const tooLong = await clerk.post(`/verwaltung/antraege/${id}/status`, {
    status: 'received',
    note: 'x'.repeat(501),
    version,
  });
  assert.equal(tooLong.statusCode, 422);
  assert.match(tooLong.body, /Der Hinweis ist zu lang \(höchstens 500 Zeichen\)/);
  const unknown = await clerk.post(`/verwaltung/antraege/${id}/status`, {
    status: 'archived',
    note: '',
    version,
  });
  assert.equal(unknown.statusCode, 422);
  const noCsrf = await clerk.post(
    `/verwaltung/antraege/${id}/status`,
    { status: 'received', note: '', version },
    false,
  );
  assert.equal(noCsrf.statusCode, 403);
  const row = () =>
    db
      .selectFrom('application')
      .select(['status', 'version'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  assert.deepEqual(await row(), { status: 'submitted', version: 1 });

  // A right change: the citizen sees it on the timeline and in the Postfach, and gets a notice.
  await clerk.get(`/verwaltung/antraege/${id}`);
  const mails = smtp.received.length;
  const changed = await clerk.post(`/verwaltung/antraege/${id}/status`, {
    status: 'received',
    note: 'Wir prüfen den Abstand zur Kreisstraße.',
    version,
  });
  assert.equal(changed.statusCode, 303);
  assert.equal(changed.headers.location, `/verwaltung/antraege/${id}?geaendert=1`);
  assert.match(
    (await clerk.get(String(changed.headers.location))).body,
    /Der Status wurde geändert/,
  );
  assert.deepEqual(await row(), { status: 'received', version: 2 });
  const timeline = await citizen.get(`/antraege/${id}`);
  assert.match(timeline.body, /Eingegangen bei der Behörde/);
  assert.match(timeline.body, /Wir prüfen den Abstand zur Kreisstraße\./);
  // Mail is queued and sent by the worker: wait for the queue before counting.
  const notice = await smtp.lastMailTo('hanna@example.org');
  assert.ok(smtp.received.length > mails, 'a notice mail arrived');
  assert.doesNotMatch(notice.body, /Kreisstraße|Osterfeuer/, 'the notice carries no content');

  // A second clerk's form still shows version 1: refused with a clear message, note kept.
  const stale = await clerk.post(`/verwaltung/antraege/${id}/status`, {
    status: 'processing',
    note: 'Mein Hinweis',
    version,
  });
  assert.equal(stale.statusCode, 409);
  assert.match(
    stale.body,
    /Jemand anderes hat diesen Antrag inzwischen geändert \(jetzt: „Eingegangen“\)/,
  );
  assert.match(stale.body, />Mein Hinweis<\/textarea>/);
  assert.deepEqual(await row(), { status: 'received', version: 2 });

  // Lingen: 404 for the id, nothing by the reference number, no status change.
  const lingen = await signedInStaff(app, started, {
    authority: 'lingen-ems',
    email: 'amt@lingen.example',
  });
  assert.equal((await lingen.browser.get(`/verwaltung/antraege/${id}`)).statusCode, 404);
  assert.match(
    (await lingen.browser.get(`/verwaltung?aktenzeichen=${reference}`)).body,
    /Keine Anträge gefunden/,
  );
  await lingen.browser.get('/verwaltung');
  const forged = await lingen.browser.post(`/verwaltung/antraege/${id}/status`, {
    status: 'processing',
    note: '',
    version: '2',
  });
  assert.equal(forged.statusCode, 404);
  assert.equal((await lingen.browser.get('/verwaltung/antraege/not-a-uuid')).statusCode, 404);
  assert.deepEqual(await row(), { status: 'received', version: 2 });

  // The database itself refuses Sögel's rows to the runtime role acting for Lingen.
  const lingenId = await authorityId(db, 'lingen-ems');
  const seen = await withAuthority(database.db, lingenId, async (trx) => ({
    byId: await trx.selectFrom('application').select('id').where('id', '=', id).execute(),
    byReference: await trx
      .selectFrom('application')
      .select('id')
      .where('reference', '=', reference)
      .execute(),
    updated: (
      await trx
        .updateTable('application')
        .set({ status: 'rejected' })
        .where('id', '=', id)
        .executeTakeFirst()
    ).numUpdatedRows,
  }));
  assert.deepEqual(seen, { byId: [], byReference: [], updated: 0n });

  // Without a session: back to the sign-in page.
  const stranger = browserFor(app);
  const away = await stranger.get(`/verwaltung/antraege/${id}`);
  assert.equal(away.statusCode, 303);
  assert.equal(away.headers.location, '/verwaltung/anmelden');

  // The audit log: sign-ins, views and the change, in Sögel's chain; the chain holds.
  const soegelId = await authorityId(db, 'samtgemeinde-soegel');
  const actions = await db
    .selectFrom('audit_entry')
    .select(['action', 'subject_id'])
    .where('chain_id', '=', soegelId)
    .orderBy('seq')
    .execute();
  const names = actions.map((a) => a.action);
  for (const action of [
    'staff.invited',
    'staff.totp_enabled',
    'staff.signin',
    'application.viewed',
    'application.status_changed',
  ]) {
    assert.ok(names.includes(action), `${action} is audited`);
  }
  assert.equal(
    actions.filter((a) => a.action === 'application.status_changed').length,
    1,
    'refused changes are not',
  );
  assert.equal((await verifyAudit(db)).ok, true);
});

test('sign-in: wrong password and code are refused, throttled after five, codes are single-use', async (t) => {
  const started = await startApp(t);
  const { app } = started;
  const staff = await signedInStaff(app, started, {
    authority: 'meppen',
    email: 'clerk@meppen.example',
  });

  // A second sign-in: the code of the step used at setup is spent; the next one works.
  const again = browserFor(app);
  await again.get('/verwaltung/anmelden');
  const password = await again.post('/verwaltung/anmelden', {
    email: staff.email,
    password: TEST_PASSWORD,
  });
  assert.equal(password.headers.location, '/verwaltung/anmelden/code');
  assert.equal(
    (await again.get('/verwaltung')).statusCode,
    303,
    'no inbox before the second factor',
  );
  await again.get('/verwaltung/anmelden/code');
  const replayed = await again.post('/verwaltung/anmelden/code', {
    code: await codeFor(staff.secret),
  });
  assert.equal(replayed.statusCode, 401);
  assert.match(replayed.body, /Der Sicherheitscode ist nicht richtig oder schon benutzt/);
  const ok = await again.post('/verwaltung/anmelden/code', {
    code: await codeFor(staff.secret, 1),
  });
  assert.equal(ok.headers.location, '/verwaltung');
  assert.equal((await again.get('/verwaltung')).statusCode, 200);
  const cookie = ok.cookies.find((c) => c.name === 'staff');
  assert.ok(cookie?.httpOnly, 'own httpOnly cookie');
  assert.equal(cookie?.sameSite, 'Strict');

  // Sign out ends the session.
  await again.get('/verwaltung');
  assert.equal((await again.post('/verwaltung/abmelden', {})).statusCode, 303);
  assert.equal((await again.get('/verwaltung')).statusCode, 303);

  const attacker = browserFor(app);
  await attacker.get('/verwaltung/anmelden');
  const wrong = await attacker.post('/verwaltung/anmelden', {
    email: staff.email,
    password: 'falsch falsch falsch',
  });
  assert.equal(wrong.statusCode, 401);
  assert.match(wrong.body, /E-Mail-Adresse oder Passwort sind nicht richtig/);
  for (let i = 0; i < 4; i++)
    await attacker.post('/verwaltung/anmelden', { email: staff.email, password: 'nein' });
  const blocked = await attacker.post('/verwaltung/anmelden', {
    email: staff.email,
    password: TEST_PASSWORD,
  });
  assert.equal(blocked.statusCode, 429, 'even the right password waits');
  assert.match(blocked.body, /Zu viele fehlgeschlagene Anmeldeversuche/);
});

test('invitation links are single-use and expire; the password policy applies', async (t) => {
  const started = await startApp(t);
  const { app } = started;
  const accounts = staffAccountsFor(started.database, started.keyring);
  const { link } = await accounts.invite({
    authoritySlug: 'papenburg',
    role: 'authority_admin',
    email: 'Admin@Papenburg.example',
  });
  const path = new URL(link).pathname;
  const browser = browserFor(app);
  assert.match(
    (await browser.get(path)).body,
    /als admin@papenburg\.example in die Verwaltung eingeladen/,
  );
  const weak = await browser.post(path, { password: 'passwort' });
  assert.equal(weak.statusCode, 422);
  assert.equal((await browser.post(path, { password: TEST_PASSWORD })).statusCode, 200);
  const reused = await browser.get(path);
  assert.equal(reused.statusCode, 410);
  assert.match(reused.body, /unbekannt, abgelaufen oder wurde schon benutzt/);
  assert.equal((await browser.post(path, { password: TEST_PASSWORD })).statusCode, 410);
  assert.equal((await browser.get('/verwaltung/einladung/x')).statusCode, 410);
  await assert.rejects(
    accounts.invite({ authoritySlug: 'atlantis', role: 'clerk', email: 'a@b.example' }),
  );
});

test('attachments download as attachments with their scan status, audited; another authority gets 404', async (t) => {
  const started = await startApp(t);
  const { app, database } = started;
  const citizen = browserFor(app);
  const { id: draftId } = draftOf(
    (await citizen.get('/leistungen/99089014014000/antrag?gemeinde=03454035')).headers.location,
  );
  for (const [step, form] of [
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
  ] as const) {
    assert.equal((await postStep(citizen, draftId, step, form)).statusCode, 303);
  }
  const png = pngFile();
  const photoStep = `/antraege/entwuerfe/${draftId}/schritt/foto-und-kontakt`;
  const revision =
    /name="_revision" value="([0-9]+)"/.exec((await citizen.get(photoStep)).body)?.[1] ?? '';
  await citizen.postMultipart(photoStep, { _revision: revision, wantsReply: 'no' }, [
    { name: 'schlagloch.png', type: 'image/png', content: png, field: 'photo' },
  ]);
  await citizen.get(`/antraege/entwuerfe/${draftId}/pruefen`);
  await citizen.post(`/antraege/entwuerfe/${draftId}/pruefen`, { _declaration: 'yes' });
  const application = await database.owner
    .selectFrom('application')
    .select('id')
    .executeTakeFirstOrThrow();
  const file = await database.owner
    .selectFrom('application_attachment')
    .select('id')
    .executeTakeFirstOrThrow();

  const meppen = await signedInStaff(app, started, {
    authority: 'meppen',
    email: 'clerk@meppen.example',
  });
  const detail = await meppen.browser.get(`/verwaltung/antraege/${application.id}`);
  assert.match(detail.body, /schlagloch\.png herunterladen/);
  assert.match(detail.body, /Virenprüfung: nicht geprüft/);
  const url = `/verwaltung/antraege/${application.id}/anhaenge/${file.id}`;
  const download = await meppen.browser.get(url);
  assert.equal(download.statusCode, 200);
  assert.match(
    String(download.headers['content-disposition']),
    /^attachment; filename="schlagloch\.png"/,
  );
  assert.equal(download.headers['x-scan-status'], 'unscanned');
  assert.deepEqual(download.rawPayload, png);

  const papenburg = await signedInStaff(app, started, {
    authority: 'papenburg',
    email: 'clerk@papenburg.example',
  });
  assert.equal((await papenburg.browser.get(url)).statusCode, 404);
  const downloads = await sql<{
    n: string;
  }>`select count(*)::text as n from audit_entry where action = 'attachment.downloaded'`.execute(
    database.owner,
  );
  assert.equal(downloads.rows[0]?.n, '1', 'the download is audited, the refused one is not');
});
