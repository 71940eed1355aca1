// The Verbund office in the back office: the Verbund admin lists the authorities with their
// figures, keeps an onboarding authority's contact data (refused whole on bad input), takes it
// live once (a second time is a 409 that says so), invites its first admin by mail and reads
// the catalogue's online offer; every change in the authority's audit chain. Everyone else
// gets 403, and the Verbund admin still sees no application.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserFor, TEST_PUBLIC_URL } from '../../app/testing.ts';
import { verifyAudit } from '../../audit/service.ts';
import { citizenInSoegel, completeOsterfeuer, startApp } from '../../drafts/testing.ts';
import { authorityId } from '../../mailbox/testing.ts';
import { signedInStaff, staffByLink } from '../testing.ts';

const contactOf = (db: Awaited<ReturnType<typeof startApp>>['database']['owner'], slug: string) =>
  db
    .selectFrom('authority')
    .select(['street', 'phone', 'email', 'website', 'status', 'went_live_at'])
    .where('slug', '=', slug)
    .executeTakeFirstOrThrow();

test('the Verbund admin keeps an authority, takes it live and invites its admin', async (t) => {
  const started = await startApp(t);
  const { app, smtp, database } = started;
  const owner = database.owner;
  const admin = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'verbund@emsland.example',
    role: 'verbund_admin',
    name: 'Vera Verbund',
  });
  await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'sachbearbeitung@soegel.example',
  });
  const browser = admin.browser;

  const home = await browser.get('/verwaltung');
  assert.match(home.body, /href="\/verwaltung\/behoerden">Behörden</);
  assert.match(home.body, /href="\/verwaltung\/leistungskatalog">Leistungskatalog</);

  const list = await browser.get('/verwaltung/behoerden');
  assert.equal(list.statusCode, 200);
  assert.equal(list.headers['cache-control'], 'no-store');
  const rows = list.body.split('<tr class="kern-table__row">').slice(2);
  const count = await owner
    .selectFrom('authority')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  assert.equal(rows.length, Number(count.n), 'the county and every member');
  assert.match(rows[0] ?? '', /Landkreis Emsland/, 'the county first');
  const row = (name: string) => rows.find((r) => r.includes(`>${name}</a>`)) ?? '';
  assert.match(row('Gemeinde Geeste'), /Gemeinde<\/td>.*im Aufbau.*–<\/td>/s);
  const soegel = row('Samtgemeinde Sögel');
  assert.match(soegel, /online/);
  assert.match(soegel, /\d{4}<\/td>/, 'the date it went live');
  const figures = [...soegel.matchAll(/--numeric">(\d+)<\/td>/g)].map((m) => Number(m[1]));
  assert.ok((figures[0] ?? 0) >= 1, 'Sögel offers online services');
  assert.equal(figures[1], 1, 'one active clerk (the Verbund admin is no member)');

  const page = await browser.get('/verwaltung/behoerden/geeste');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<h1 class="kern-heading-large">Gemeinde Geeste<\/h1>/);
  assert.equal((await browser.get('/verwaltung/behoerden/atlantis')).statusCode, 404);

  // Bad input: every field named, nothing stored.
  const before = await contactOf(owner, 'geeste');
  const bad = await browser.post('/verwaltung/behoerden/geeste/kontakt', {
    street: 'Am Rathaus 3',
    phone: 'ruf mich an',
    email: 'kein-at',
    website: 'javascript:alert(1)',
  });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /Bitte geben Sie eine Telefonnummer aus Ziffern an/);
  assert.match(bad.body, /Bitte geben Sie eine gültige E-Mail-Adresse an, zum Beispiel/);
  assert.match(bad.body, /Bitte geben Sie eine Internetadresse mit http:\/\/ oder https:\/\//);
  assert.match(bad.body, /value="ruf mich an"/, 'what was typed stays in the form');
  assert.deepEqual(await contactOf(owner, 'geeste'), before);
  const noCsrf = await browser.post(
    '/verwaltung/behoerden/geeste/kontakt',
    { street: '', phone: '05907 500', email: '', website: '' },
    false,
  );
  assert.equal(noCsrf.statusCode, 403);
  assert.deepEqual(await contactOf(owner, 'geeste'), before);

  const saved = await browser.post('/verwaltung/behoerden/geeste/kontakt', {
    street: 'Am Rathaus 3',
    phone: '05907  500-0',
    email: 'Rathaus@GEESTE.example',
    website: 'https://www.geeste.example',
  });
  assert.equal(saved.statusCode, 303);
  assert.equal(saved.headers.location, '/verwaltung/behoerden/geeste?hinweis=gespeichert');
  const after = await contactOf(owner, 'geeste');
  assert.equal(after.phone, '05907 500-0');
  assert.equal(after.email, 'Rathaus@geeste.example');
  assert.match((await browser.get(String(saved.headers.location))).body, /wurden gespeichert/);
  // The portal front shows it at once: the directory cache was refreshed.
  assert.match((await browserFor(app).get('/geeste')).body, /05907 500-0/);

  // Online schalten: a confirmation page, then live; a second time is refused clearly.
  const confirm = await browser.get('/verwaltung/behoerden/geeste/online-schalten');
  assert.equal(confirm.statusCode, 200);
  assert.match(confirm.body, /Gemeinde Geeste online schalten\?/);
  assert.equal(
    (await browser.post('/verwaltung/behoerden/geeste/online-schalten', {}, false)).statusCode,
    403,
  );
  assert.equal((await contactOf(owner, 'geeste')).status, 'onboarding');
  const live = await browser.post('/verwaltung/behoerden/geeste/online-schalten', {});
  assert.equal(live.statusCode, 303);
  assert.equal(live.headers.location, '/verwaltung/behoerden/geeste?hinweis=online');
  const done = await contactOf(owner, 'geeste');
  assert.equal(done.status, 'live');
  assert.ok(done.went_live_at instanceof Date);
  assert.match((await browser.get(String(live.headers.location))).body, /ist jetzt online/);
  assert.match(
    (await browserFor(app).get('/geeste')).body,
    /bietet ihre Online-Dienste in diesem Portal an/,
  );
  const again = await browser.post('/verwaltung/behoerden/geeste/online-schalten', {});
  assert.equal(again.statusCode, 409);
  assert.match(again.body, /Die Gemeinde Geeste ist bereits online/);
  const asked = await browser.get('/verwaltung/behoerden/geeste/online-schalten');
  assert.equal(asked.statusCode, 303, 'no question for an authority that is live');

  // The first admin, invited by mail; the page shows no link.
  const mails = smtp.received.length;
  const badInvite = await browser.post('/verwaltung/behoerden/geeste/einladen', {
    inviteEmail: 'kein-at',
    inviteName: 'Gesa Geeste',
  });
  assert.equal(badInvite.statusCode, 422);
  assert.match(badInvite.body, /href="#inviteEmail">Bitte geben Sie eine gültige E-Mail/);
  const invited = await browser.post('/verwaltung/behoerden/geeste/einladen', {
    inviteEmail: 'gesa@geeste.example',
    inviteName: 'Gesa Geeste',
  });
  assert.equal(invited.statusCode, 200);
  assert.match(invited.body, /Die Einladung wurde per E-Mail an gesa@geeste\.example gesendet/);
  assert.doesNotMatch(invited.body, /\/verwaltung\/einladung\//);
  const mail = await smtp.lastMailTo('gesa@geeste.example');
  assert.equal(smtp.received.length, mails + 1, 'one mail, for the one invitation');
  assert.equal(mail.decoded('subject'), 'Einladung in die Verwaltung: Gemeinde Geeste');
  const link = new RegExp(
    `${TEST_PUBLIC_URL.replace(/\./g, '\\.')}/verwaltung/einladung/[\\w-]{43}`,
  ).exec(mail.body)?.[0];
  assert.ok(link);
  const gesa = await staffByLink(app, link, 'gesa@geeste.example');
  const staffPage = await gesa.browser.get('/verwaltung/mitarbeitende');
  assert.equal(staffPage.statusCode, 200, 'an admin of Geeste');
  assert.match(staffPage.body, /Gesa Geeste/);

  // Audited in Geeste's chain, by the Verbund admin; the chain holds.
  const geeste = await authorityId(owner, 'geeste');
  const entries = await owner
    .selectFrom('audit_entry')
    .select(['action', 'staff_id', 'subject_id'])
    .where('authority_id', '=', geeste)
    .orderBy('seq')
    .execute();
  const actions = entries.map((e) => e.action);
  assert.deepEqual(
    actions.filter((a) => a !== 'staff.signin' && a !== 'staff.totp_enabled'),
    ['verbund.authority_updated', 'verbund.authority_live', 'staff.invited'],
  );
  const verbundAdmin = await owner
    .selectFrom('staff')
    .select('id')
    .where('email', '=', 'verbund@emsland.example')
    .executeTakeFirstOrThrow();
  assert.ok(
    entries
      .filter((e) => e.action.startsWith('verbund.'))
      .every((e) => e.staff_id === verbundAdmin.id),
  );
  assert.equal((await verifyAudit(owner)).ok, true);

  // Leistungskatalog: who offers a service online, and who not.
  const catalogue = await browser.get('/verwaltung/leistungskatalog?q=Osterfeuer');
  assert.equal(catalogue.statusCode, 200);
  const osterfeuer = catalogue.body
    .split('<tr class="kern-table__row">')
    .find((r) => r.includes('Osterfeuer') && r.includes('Samtgemeinde Sögel'));
  assert.ok(osterfeuer, 'Sögel offers the Osterfeuer online');
  assert.match(osterfeuer, /Gemeinde Geeste/, 'Geeste does not');
  const empty = await browser.get('/verwaltung/leistungskatalog?q=');
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /Geben Sie einen Suchbegriff ein/);
  assert.equal((await browser.get('/verwaltung/leistungskatalog')).statusCode, 200);
});

test('only the Verbund admin reaches the Verbund office, and sees no application', async (t) => {
  const started = await startApp(t);
  const { app, smtp, database } = started;
  const citizen = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const draftId = await completeOsterfeuer(citizen);
  await citizen.get(`/antraege/entwuerfe/${draftId}/pruefen`);
  const sent = await citizen.post(`/antraege/entwuerfe/${draftId}/pruefen`, {
    _declaration: 'yes',
  });
  const id = /\/antraege\/([0-9a-f-]{36})/.exec(String(sent.headers.location))?.[1];
  assert.ok(id, 'sent');

  for (const role of ['clerk', 'authority_admin', 'coordinator', 'auditor'] as const) {
    const other = await signedInStaff(app, started, {
      authority: 'samtgemeinde-soegel',
      email: `${role}@soegel.example`,
      role,
    });
    for (const path of [
      '/verwaltung/behoerden',
      '/verwaltung/behoerden/geeste',
      '/verwaltung/behoerden/geeste/online-schalten',
      '/verwaltung/leistungskatalog?q=Osterfeuer',
    ]) {
      const refused = await other.browser.get(path);
      assert.equal(refused.statusCode, 403, `${role} ${path}`);
      assert.match(refused.body, /nur Mitarbeitende mit der Rolle Verbundverwaltung/);
    }
    const post = await other.browser.post('/verwaltung/behoerden/geeste/online-schalten', {});
    assert.equal(post.statusCode, 403, `${role} takes nothing live`);
    assert.doesNotMatch((await other.browser.get('/verwaltung')).body, /verwaltung\/behoerden/);
  }
  assert.equal(
    (
      await database.owner
        .selectFrom('authority')
        .select('status')
        .where('slug', '=', 'geeste')
        .executeTakeFirstOrThrow()
    ).status,
    'onboarding',
  );

  const admin = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'verbund@emsland.example',
    role: 'verbund_admin',
  });
  const inbox = await admin.browser.get('/verwaltung');
  assert.match(inbox.body, /Keine Behörde/);
  assert.doesNotMatch(inbox.body, /Osterfeuer|antraege\//);
  assert.equal((await admin.browser.get(`/verwaltung/antraege/${id}`)).statusCode, 404);
  const moved = await admin.browser.post(`/verwaltung/antraege/${id}/status`, {
    status: 'received',
    note: '',
    version: '1',
  });
  assert.ok([403, 404].includes(moved.statusCode), `status change refused (${moved.statusCode})`);
  const exported = await admin.browser.get('/verwaltung?aktenzeichen=EL');
  assert.doesNotMatch(exported.body, /Osterfeuer/);
});
