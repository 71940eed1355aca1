// The Verbund's own Prüfprotokoll over HTTP on a real database (ADR 0046): the Verbund admin
// changes an online service and invites a Verbund auditor by mail; that auditor reads the
// change in the Verbund's chain, filters and pages it, and every reading is itself an entry
// there. The Verbund admin (without the auditor membership), clerks and an authority's
// auditors get 403; the admin who also holds the auditor membership reads it.
import assert from 'node:assert/strict';
import test from 'node:test';
import { browserFor, TEST_PASSWORD, TEST_PUBLIC_URL } from '../app/testing.ts';
import { codeFor, signedInStaff, staffAccountsFor, staffByLink } from '../backoffice/testing.ts';
import { withWorker } from '../db/rls.ts';
import { startApp } from '../drafts/testing.ts';
import { appendAudit } from './service.ts';

const HREF = '/verwaltung/verbund/pruefprotokoll';
const rowsIn = (page: string) => (page.match(/<tr class="kern-table__row">\s*<td/g) ?? []).length;

/** Vera Verbund, the Verbund's admin, signed in at the back office. */
const verbundAdmin = (started: Awaited<ReturnType<typeof startApp>>) =>
  signedInStaff(started.app, started, {
    authority: null,
    email: 'verbund@emsland.example',
    role: 'verbund_admin',
    name: 'Vera Verbund',
  });

test('the Verbund auditor reads the Verbund’s chain; its admins, clerks and authorities’ auditors do not', async (t) => {
  const started = await startApp(t);
  const { app, smtp, database, verbundId } = started;
  const owner = database.owner;
  const admin = await verbundAdmin(started);

  // A change in the Verbund's chain: Osterfeuer's settings, saved by the admin.
  const service = await owner
    .selectFrom('online_service')
    .select(['id', 'title', 'version'])
    .where('key', '=', 'osterfeuer-anmelden')
    .executeTakeFirstOrThrow();
  const saved = await admin.browser.post(
    `/verwaltung/leistungskatalog/${service.id}/einstellungen`,
    {
      title: service.title,
      trustLevel: 'substantial',
      description: 'Melden Sie Ihr Osterfeuer spätestens zwei Wochen vorher an.',
      fees: 'Gebührenfrei.',
      retentionMonths: '24',
      version: String(service.version),
    },
  );
  assert.equal(saved.statusCode, 303);

  // The admin writes this chain and does not read it: no link, and the page is refused.
  const home = await admin.browser.get('/verwaltung');
  assert.doesNotMatch(home.body, new RegExp(`href="${HREF}"`));
  assert.match(home.body, /href="\/verwaltung\/verbund\/pruefende">Prüfung des Verbunds</);
  const refused = await admin.browser.get(HREF);
  assert.equal(refused.statusCode, 403);
  assert.match(refused.body, /Die Verwaltung des Verbunds liest es nicht\./);

  // The invitation of a Verbund auditor: bad input named in German, the link in the mail only.
  const auditorsPage = await admin.browser.get('/verwaltung/verbund/pruefende');
  assert.equal(auditorsPage.statusCode, 200);
  assert.match(auditorsPage.body, /<h1 class="kern-heading-large">Prüfung des Verbunds<\/h1>/);
  const badInvite = await admin.browser.post('/verwaltung/verbund/pruefende', {
    inviteEmail: 'kein-at',
    inviteName: 'Paul Prüfer',
  });
  assert.equal(badInvite.statusCode, 422);
  assert.match(badInvite.body, /href="#inviteEmail">Bitte geben Sie eine gültige E-Mail/);
  assert.match(badInvite.body, /value="Paul Prüfer"/, 'what was typed stays');
  assert.equal(
    (
      await admin.browser.post(
        '/verwaltung/verbund/pruefende',
        { inviteEmail: 'a@b.example' },
        false,
      )
    ).statusCode,
    403,
    'no CSRF token',
  );
  const self = await admin.browser.post('/verwaltung/verbund/pruefende', {
    inviteEmail: 'Verbund@emsland.example',
    inviteName: 'Vera Verbund',
  });
  assert.equal(self.statusCode, 422, 'an admin does not become their own auditor here');
  assert.match(self.body, /Sie können sich nicht selbst zur Prüfung des Verbunds einladen/);
  const invited = await admin.browser.post('/verwaltung/verbund/pruefende', {
    inviteEmail: 'pruefung@emsland.example',
    inviteName: 'Paul Prüfer',
  });
  assert.equal(invited.statusCode, 200);
  assert.match(
    invited.body,
    /Die Einladung wurde per E-Mail an pruefung@emsland\.example gesendet/,
  );
  assert.doesNotMatch(invited.body, /\/verwaltung\/einladung\//);
  const mail = await smtp.lastMailTo('pruefung@emsland.example');
  assert.match(mail.decoded('subject'), /^Einladung in die Verwaltung: /);
  const link = new RegExp(
    `${TEST_PUBLIC_URL.replace(/\./g, '\\.')}/verwaltung/einladung/[\\w-]{43}`,
  ).exec(mail.body)?.[0];
  assert.ok(link);
  const membership = await owner
    .selectFrom('staff_membership as m')
    .innerJoin('staff as s', 's.id', 'm.staff_id')
    .select(['m.authority_id', 'm.role'])
    .where('s.email', '=', 'pruefung@emsland.example')
    .execute();
  assert.deepEqual(membership, [{ authority_id: null, role: 'auditor' }]);

  // The Verbund auditor starts at the Verbund's Prüfprotokoll and reads the admin's change.
  const auditor = await staffByLink(app, link, 'pruefung@emsland.example', HREF);
  const page = await auditor.browser.get(HREF);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<h1 class="kern-heading-large">Prüfprotokoll des Verbunds<\/h1>/);
  assert.match(page.body, new RegExp(`href="${HREF}">Prüfprotokoll des Verbunds<`));
  assert.doesNotMatch(page.body, /href="\/verwaltung\/pruefprotokoll"/, 'no authority’s log');
  assert.match(page.body, /Die Prüfkette ist unversehrt/);
  assert.match(page.body, />Einstellungen eines Online-Dienstes geändert \(Verbund\)<\/td>/);
  assert.match(page.body, />Vera Verbund<\/td>/);
  assert.match(page.body, new RegExp(`Leistung: ${service.id}`));
  assert.doesNotMatch(page.body, /Aktenzeichen/, 'no applications in this chain');

  // Filters: action, person, days; bad input named in German with 422.
  const adminId = /<option value="([0-9a-f-]{36})">Vera Verbund<\/option>/.exec(page.body)?.[1];
  assert.ok(adminId, 'the people of this chain to choose from');
  const changes = await auditor.browser.get(`${HREF}?aktion=verbund.service_changed`);
  assert.equal(changes.statusCode, 200);
  assert.equal(rowsIn(changes.body), 1, 'the one change');
  const byAdmin = await auditor.browser.get(`${HREF}?person=${adminId}`);
  assert.ok(rowsIn(byAdmin.body) >= 2, 'the change, the sign-in and the invitation');
  assert.doesNotMatch(byAdmin.body, />Paul Prüfer<\/td>/);
  const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  assert.match(
    (await auditor.browser.get(`${HREF}?von=${tomorrow}`)).body,
    /Keine Einträge gefunden/,
  );
  const bad = await auditor.browser.get(
    `${HREF}?von=gestern&bis=2026-13-45&aktion=drop.table&person=Vera`,
  );
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /Bitte geben Sie ein Datum im Format JJJJ-MM-TT an\./);
  assert.match(bad.body, /Bitte wählen Sie eine Aktion aus der Liste\./);
  assert.match(bad.body, /Bitte wählen Sie eine Person aus der Liste\./);
  const range = await auditor.browser.get(`${HREF}?von=2026-12-02&bis=2026-12-01`);
  assert.equal(range.statusCode, 422);
  assert.match(range.body, /Das Bis-Datum liegt vor dem Von-Datum\./);

  // Every reading is an entry in the Verbund's chain, by the auditor.
  const reads = await owner
    .selectFrom('audit_entry')
    .select(['authority_id', 'staff_id'])
    .where('chain_id', '=', verbundId)
    .where('action', '=', 'audit.viewed')
    .execute();
  assert.ok(reads.length >= 6, 'every visit of the page is an entry');
  assert.ok(reads.every((r) => r.authority_id === null && r.staff_id !== adminId));

  // Keyset pages of 50 through the Verbund's chain.
  await withWorker(database.db, async (trx) => {
    for (let i = 0; i < 55; i += 1) {
      await appendAudit(trx, {
        authorityId: null,
        verbundId,
        staffId: adminId,
        action: 'identity.provider_changed',
        subject: { type: 'identity_provider', id: `provider-${i}` },
        at: new Date(),
      });
    }
  });
  const first = await auditor.browser.get(`${HREF}?aktion=identity.provider_changed`);
  assert.equal(rowsIn(first.body), 50);
  assert.match(first.body, /Anmeldedienst: provider-54/);
  const next = /href="(\/verwaltung\/verbund\/pruefprotokoll\?[^"]*vor=[0-9]+)"/.exec(
    first.body,
  )?.[1];
  assert.ok(next, 'a link to older entries');
  const second = await auditor.browser.get(next.replaceAll('&amp;', '&'));
  assert.equal(rowsIn(second.body), 5);
  assert.match(second.body, /Zu den neuesten Einträgen/);
  const full = await auditor.browser.get(`${HREF}?pruefung=vollstaendig`);
  assert.match(full.body, /Die Prüfkette ist unversehrt/);
  assert.match(full.body, /Zuletzt von Anfang an geprüft: /);

  // A clerk and Sögel's auditor: refused; Sögel's own log shows nothing of the Verbund's.
  const clerk = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'sachbearbeitung@soegel.example',
  });
  assert.equal((await clerk.browser.get(HREF)).statusCode, 403);
  const soegelAuditor = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'pruefung@soegel.example',
    role: 'auditor',
  });
  const notHers = await soegelAuditor.browser.get(HREF);
  assert.equal(notHers.statusCode, 403);
  assert.match(notHers.body, /Rolle Prüfung im Verbund/);
  const own = await soegelAuditor.browser.get('/verwaltung/pruefprotokoll');
  assert.doesNotMatch(own.body, new RegExp(`href="${HREF}"`));
  assert.doesNotMatch(own.body, /geändert \(Verbund\)<\/td>|Anmeldedienst geändert<\/td>/);
  assert.doesNotMatch(own.body, /Vera Verbund/);

  // The admin who also holds the Verbund's auditor membership (given by the operator, as
  // `cli staff:invite --verbund` does) reads it, and stays admin.
  await staffAccountsFor(database, started.keyring).invite({
    authoritySlug: null,
    role: 'auditor',
    email: 'verbund@emsland.example',
  });
  const both = await admin.browser.get(HREF);
  assert.equal(both.statusCode, 200);
  assert.match(both.body, new RegExp(`href="${HREF}">Prüfprotokoll des Verbunds<`));
  assert.equal((await admin.browser.get('/verwaltung/behoerden')).statusCode, 200);
});

test('the Verbund admin sees who audits the Verbund and locks and frees their access, audited', async (t) => {
  const started = await startApp(t);
  const { app, database, verbundId } = started;
  const owner = database.owner;
  const admin = await verbundAdmin(started);
  const auditor = await signedInStaff(app, started, {
    authority: null,
    email: 'pruefung@emsland.example',
    role: 'auditor',
    name: 'Paul Prüfer',
  });
  assert.equal((await auditor.browser.get(HREF)).statusCode, 200);
  const paul = await owner
    .selectFrom('staff')
    .select('id')
    .where('email', '=', 'pruefung@emsland.example')
    .executeTakeFirstOrThrow();

  const list = await admin.browser.get('/verwaltung/verbund/pruefende');
  assert.equal(list.statusCode, 200);
  assert.match(
    list.body,
    /<h2 class="kern-heading-medium" id="auditors-heading">Wer den Verbund prüft<\/h2>/,
  );
  assert.match(
    list.body,
    /<th class="kern-table__cell" scope="row">Paul Prüfer<\/th>\s*<td class="kern-table__cell">pruefung@emsland\.example<\/td>/,
  );
  assert.match(list.body, /<td class="kern-table__cell">Aktiv<\/td>/);
  assert.match(
    list.body,
    /aria-label="Zugang sperren: Paul Prüfer"><span class="kern-label">Zugang sperren</,
  );

  const lockHref = `/verwaltung/verbund/pruefende/${paul.id}/sperren`;
  assert.equal((await admin.browser.post(lockHref, {}, false)).statusCode, 403, 'no CSRF token');
  const locked = await admin.browser.post(lockHref, {});
  assert.equal(locked.statusCode, 200);
  assert.match(
    locked.body,
    /Der Zugang von Paul Prüfer zum Prüfprotokoll des Verbunds ist gesperrt\./,
  );
  assert.match(locked.body, /<td class="kern-table__cell">Gesperrt<\/td>/);
  assert.match(locked.body, /aria-label="Zugang wieder freigeben: Paul Prüfer"/);
  assert.notEqual(
    (await auditor.browser.get(HREF)).statusCode,
    200,
    'locked from the next request on',
  );
  // A second click locks nothing more and is no second entry.
  assert.equal((await admin.browser.post(lockHref, {})).statusCode, 200);

  // Nobody else's access here: unknown ids, malformed ids, a clerk.
  const unknown = await admin.browser.post(
    '/verwaltung/verbund/pruefende/00000000-0000-4000-8000-000000000000/sperren',
    {},
  );
  assert.equal(unknown.statusCode, 404);
  assert.equal(
    (await admin.browser.post('/verwaltung/verbund/pruefende/1;drop/sperren', {})).statusCode,
    404,
  );
  const clerk = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'sachbearbeitung@soegel.example',
  });
  assert.equal((await clerk.browser.get('/verwaltung/verbund/pruefende')).statusCode, 403);

  const freed = await admin.browser.post(`/verwaltung/verbund/pruefende/${paul.id}/freigeben`, {});
  assert.equal(freed.statusCode, 200);
  assert.match(freed.body, /Der Zugang von Paul Prüfer ist wieder freigegeben\./);
  // The lock ended the session that had nothing left to open; signed in anew, Paul reads again.
  const again = browserFor(app);
  await again.get('/verwaltung/anmelden');
  await again.post('/verwaltung/anmelden', { email: auditor.email, password: TEST_PASSWORD });
  await again.get('/verwaltung/anmelden/code');
  const code = await again.post('/verwaltung/anmelden/code', {
    code: await codeFor(auditor.secret, 1),
  });
  assert.equal(code.headers.location, HREF);
  assert.equal((await again.get(HREF)).statusCode, 200, 'reads the log again');

  const entries = await owner
    .selectFrom('audit_entry')
    .select(['action', 'subject_id', 'authority_id'])
    .where('chain_id', '=', verbundId)
    .where('action', 'in', ['staff.deactivated', 'staff.reactivated'])
    .orderBy('seq')
    .execute();
  assert.deepEqual(entries, [
    { action: 'staff.deactivated', subject_id: paul.id, authority_id: null },
    { action: 'staff.reactivated', subject_id: paul.id, authority_id: null },
  ]);
});
