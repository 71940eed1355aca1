// "Online-Dienste" over HTTP on a real database: a Sögel admin stops offering the Osterfeuer
// (after the confirmation page; a draft begun before is still sent, a new one cannot start),
// offers it again and writes the authority's own fees and contact, which the citizen's service
// page then shows; bad input gets German messages, 422 and nothing stored; a second "Anbieten"
// changes nothing; clerks and coordinators get 403, services the authority cannot offer or
// does not offer 404; every change is one entry in the authority's audit chain.
import assert from 'node:assert/strict';
import test from 'node:test';
import { browserFor } from '../../app/testing.ts';
import { verifyAudit } from '../../audit/service.ts';
import { citizenInSoegel, completeOsterfeuer, START, startApp } from '../../drafts/testing.ts';
import { authorityId } from '../../mailbox/testing.ts';
import { signedInStaff } from '../testing.ts';

type Started = Awaited<ReturnType<typeof startApp>>;

const HREF = '/verwaltung/online-dienste';
const OSTERFEUER_PAGE = '/leistungen/99063010000000';

const soegelAdmin = (started: Started, email = 'admin@soegel.example') =>
  signedInStaff(started.app, started, {
    authority: 'samtgemeinde-soegel',
    email,
    role: 'authority_admin',
    name: 'Maria Kuhlmann',
  });

const soegelAgs = async (started: Started) =>
  (
    await started.database.owner
      .selectFrom('municipality')
      .select('ags')
      .where('name', '=', 'Sögel')
      .executeTakeFirstOrThrow()
  ).ags;

const activation = async (started: Started, slug: string, key: string) =>
  started.database.owner
    .selectFrom('online_service_activation as a')
    .innerJoin('online_service as s', 's.id', 'a.online_service_id')
    .innerJoin('authority as au', 'au.id', 'a.authority_id')
    .select(['a.active_since', 'a.fees', 'a.contact_unit', 'a.contact_phone', 'a.contact_email'])
    .where('au.slug', '=', slug)
    .where('s.key', '=', key)
    .executeTakeFirst();

const entries = async (started: Started, action: string) =>
  started.database.owner
    .selectFrom('audit_entry')
    .select(['chain_id', 'staff_id', 'subject_type', 'subject_id', 'fields'])
    .where('action', '=', action)
    .execute();

test('a Sögel admin stops offering the Osterfeuer and offers it again; citizens see both', async (t) => {
  const started = await startApp(t);
  const admin = await soegelAdmin(started);
  const citizen = await citizenInSoegel(started.app, started.smtp, 'hanna@example.org');
  const ags = await soegelAgs(started);
  const servicePage = () => browserFor(started.app).get(`${OSTERFEUER_PAGE}?gemeinde=${ags}`);

  // From the bar of every page, beside "Mitarbeitende".
  const inbox = await admin.browser.get('/verwaltung');
  assert.match(inbox.body, /href="\/verwaltung\/mitarbeitende">Mitarbeitende<\/a>/);
  assert.match(inbox.body, /href="\/verwaltung\/online-dienste">Online-Dienste<\/a>/);
  const list = await admin.browser.get(HREF);
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /<h1 class="kern-heading-large">Online-Dienste<\/h1>/);
  assert.match(
    list.body,
    /Osterfeuer anmelden<\/a><\/th>\s*<td class="kern-table__cell"><span class="kern-badge kern-badge--success"><span class="kern-label kern-label--small">Angeboten seit /,
  );
  assert.match(
    list.body,
    /Hund anmelden \(Hundesteuer\)<\/a><\/th>\s*<td class="kern-table__cell"><span class="kern-badge kern-badge--info"><span class="kern-label kern-label--small">Nicht angeboten/,
  );
  assert.match(list.body, /Das Vertrauensniveau legt die Verwaltung des Verbunds/);
  assert.match(list.body, />substantiell</, 'the Meldebescheinigung’s level, read-only');
  assert.doesNotMatch(list.body, /Sperrmüll anmelden/, 'a county service is not Sögel’s to offer');
  assert.doesNotMatch(list.body, /name="trustLevel"/);

  // A draft begun while it is offered.
  const draftId = await completeOsterfeuer(citizen);
  assert.match(
    (await servicePage()).body,
    /Sie können diese Leistung bei der Samtgemeinde Sögel online beantragen/,
  );

  const confirm = await admin.browser.get(`${HREF}/osterfeuer-anmelden/beenden`);
  assert.equal(confirm.statusCode, 200);
  assert.match(confirm.body, /„Osterfeuer anmelden“ nicht mehr anbieten\?/);
  assert.match(
    confirm.body,
    /Entwürfe, die Bürgerinnen und Bürger schon begonnen haben, bleiben erhalten: Sie können sie weiter ausfüllen und abschicken, bis sie nach 30 Tagen/,
  );
  assert.match(confirm.body, /Gesendete Anträge bleiben im Posteingang/);
  assert.ok(
    await activation(started, 'samtgemeinde-soegel', 'osterfeuer-anmelden'),
    'asking changes nothing',
  );

  // Without the form's token: refused, still offered.
  const forged = await admin.browser.post(`${HREF}/osterfeuer-anmelden/beenden`, {}, false);
  assert.equal(forged.statusCode, 403);
  assert.ok(await activation(started, 'samtgemeinde-soegel', 'osterfeuer-anmelden'));

  const withdrawn = await admin.browser.post(`${HREF}/osterfeuer-anmelden/beenden`, {});
  assert.equal(withdrawn.statusCode, 303);
  assert.equal(withdrawn.headers.location, `${HREF}?erledigt=beendet&dienst=osterfeuer-anmelden`);
  const after = await admin.browser.get(String(withdrawn.headers.location));
  assert.match(after.body, /„Osterfeuer anmelden“ wird nicht mehr angeboten\./);
  assert.equal(await activation(started, 'samtgemeinde-soegel', 'osterfeuer-anmelden'), undefined);
  const again = await admin.browser.post(`${HREF}/osterfeuer-anmelden/beenden`, {});
  assert.equal(again.statusCode, 409);
  assert.match(again.body, /wird bereits nicht mehr angeboten\. Es wurde nichts geändert\./);

  // The portal: not online in Sögel, not on Sögel's front; what the confirmation said holds.
  const page = await servicePage();
  assert.match(
    page.body,
    /Bei der Samtgemeinde Sögel ist diese Leistung noch nicht online verfügbar/,
  );
  assert.doesNotMatch(page.body, /Online beantragen/);
  const front = await browserFor(started.app).get('/samtgemeinde-soegel');
  assert.doesNotMatch(front.body, /Osterfeuer anmelden/);
  assert.match(front.body, /Mängel melden/);
  const neighbour = await citizenInSoegel(started.app, started.smtp, 'bernd@example.org');
  const fresh = await neighbour.get(START);
  assert.equal(fresh.headers.location, OSTERFEUER_PAGE, 'no new draft starts: back to the page');
  await citizen.get(`/antraege/entwuerfe/${draftId}/pruefen`);
  const sent = await citizen.post(`/antraege/entwuerfe/${draftId}/pruefen`, {
    _declaration: 'yes',
  });
  assert.match(
    String(sent.headers.location),
    /^\/antraege\/[0-9a-f-]{36}\?gesendet=1$/,
    'the draft is still sent',
  );

  // Offered again: a second click changes nothing and says so.
  await admin.browser.get(HREF);
  const offered = await admin.browser.post(`${HREF}/osterfeuer-anmelden/anbieten`, {});
  assert.equal(offered.statusCode, 303);
  const since = (await activation(started, 'samtgemeinde-soegel', 'osterfeuer-anmelden'))
    ?.active_since;
  assert.ok(since);
  const twice = await admin.browser.post(`${HREF}/osterfeuer-anmelden/anbieten`, {});
  assert.equal(twice.statusCode, 409);
  assert.match(twice.body, /„Osterfeuer anmelden“ wird bereits angeboten/);
  assert.deepEqual(
    (await activation(started, 'samtgemeinde-soegel', 'osterfeuer-anmelden'))?.active_since,
    since,
  );
  assert.match(
    (await servicePage()).body,
    /Sie können diese Leistung bei der Samtgemeinde Sögel online beantragen/,
  );
  assert.match(
    (await servicePage()).body,
    /Die Anmeldung ist gebührenfrei\./,
    'the Verbund’s fees',
  );

  // One entry per change in Sögel's chain, none for the refused or repeated clicks.
  const soegel = await authorityId(started.database.owner, 'samtgemeinde-soegel');
  const service = (
    await started.database.owner
      .selectFrom('online_service')
      .select('id')
      .where('key', '=', 'osterfeuer-anmelden')
      .executeTakeFirstOrThrow()
  ).id;
  for (const action of ['service.deactivated', 'service.activated']) {
    const found = await entries(started, action);
    assert.equal(found.length, 1, action);
    assert.equal(found[0]?.chain_id, soegel);
    assert.equal(found[0]?.subject_type, 'online_service');
    assert.equal(found[0]?.subject_id, service);
  }
  assert.equal((await verifyAudit(started.database.db)).ok, true);
  // Sögel's auditors read it in their Prüfprotokoll, named in German.
  const auditor = await signedInStaff(started.app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'pruefung@soegel.example',
    role: 'auditor',
  });
  const log = await auditor.browser.get('/verwaltung/pruefprotokoll');
  assert.match(log.body, /Online-Dienst nicht mehr angeboten/);
  assert.match(log.body, /Online-Dienst angeboten/);
});

test('the admin writes fees and contact; bad input is refused in German and nothing is stored', async (t) => {
  const started = await startApp(t);
  const admin = await soegelAdmin(started);
  const ags = await soegelAgs(started);
  const edit = `${HREF}/osterfeuer-anmelden/angaben`;
  // An activation the operator dated ahead (cli) is not online yet: the list says from when.
  const soegel = await authorityId(started.database.owner, 'samtgemeinde-soegel');
  await started.database.owner
    .updateTable('online_service_activation')
    .set({ active_since: new Date('2031-04-01T10:00:00Z') })
    .where('authority_id', '=', soegel)
    .where('contact_unit', '=', 'Bauamt')
    .execute();
  assert.match(
    (await admin.browser.get(HREF)).body,
    /Mängel melden<\/a><\/th>\s*<td class="kern-table__cell"><span class="kern-badge kern-badge--success"><span class="kern-label kern-label--small">Angeboten ab 1\. April 2031/,
  );

  const form = await admin.browser.get(edit);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /Angaben zu „Osterfeuer anmelden“/);
  assert.match(form.body, /Text des Verbunds: Die Anmeldung ist gebührenfrei\./);
  assert.match(form.body, /id="contactUnit"[^>]*value="Ordnungsamt"/);

  const before = await activation(started, 'samtgemeinde-soegel', 'osterfeuer-anmelden');
  const refused = await admin.browser.post(edit, {
    fees: 'x'.repeat(1001),
    contactUnit: 'Ordnungsamt',
    contactPhone: 'ruf an',
    contactEmail: 'ordnungsamt(at)soegel',
  });
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /Bitte prüfen Sie Ihre Angaben/);
  assert.match(
    refused.body,
    /<a class="kern-link" href="#fees">Die Gebühren dürfen höchstens 1\.000 Zeichen lang sein\.<\/a>/,
  );
  assert.match(refused.body, /href="#contactPhone">Geben Sie eine Telefonnummer aus Ziffern ein/);
  assert.match(refused.body, /href="#contactEmail">Geben Sie eine E-Mail-Adresse wie/);
  assert.match(refused.body, /value="ordnungsamt\(at\)soegel"/, 'what was typed stays');
  assert.deepEqual(await activation(started, 'samtgemeinde-soegel', 'osterfeuer-anmelden'), before);
  assert.equal((await entries(started, 'service.updated')).length, 0);

  await admin.browser.get(edit);
  const saved = await admin.browser.post(edit, {
    description: '',
    fees: 'Für ein Osterfeuer über 5 m Höhe fallen 30 Euro an.',
    contactUnit: 'Fachbereich Ordnung',
    contactPhone: '05952 206-130',
    contactEmail: 'Ordnung@Soegel.example',
  });
  assert.equal(saved.statusCode, 303);
  assert.match(
    (await admin.browser.get(String(saved.headers.location))).body,
    /Die Angaben zu „Osterfeuer anmelden“ wurden gespeichert\./,
  );
  assert.deepEqual(
    {
      ...(await activation(started, 'samtgemeinde-soegel', 'osterfeuer-anmelden')),
      active_since: null,
    },
    {
      active_since: null,
      fees: 'Für ein Osterfeuer über 5 m Höhe fallen 30 Euro an.',
      contact_unit: 'Fachbereich Ordnung',
      contact_phone: '05952 206-130',
      contact_email: 'Ordnung@soegel.example',
    },
  );
  const [updated] = await entries(started, 'service.updated');
  assert.deepEqual(updated?.fields, ['fees', 'contactUnit', 'contactPhone', 'contactEmail']);

  // The citizen reads Sögel's texts; Lingen's page keeps Lingen's.
  const page = await browserFor(started.app).get(`${OSTERFEUER_PAGE}?gemeinde=${ags}`);
  assert.match(page.body, /Für ein Osterfeuer über 5 m Höhe fallen 30 Euro an\./);
  assert.match(page.body, /Samtgemeinde Sögel<br>Fachbereich Ordnung/);
  assert.match(page.body, /href="tel:05952206130">05952 206-130</);
  assert.match(page.body, /mailto:Ordnung@soegel\.example/);
  assert.doesNotMatch(page.body, /Die Anmeldung ist gebührenfrei\./);

  // Saving the same again changes and audits nothing; emptying a field returns the Verbund's.
  await admin.browser.get(edit);
  const same = await admin.browser.post(edit, {
    fees: 'Für ein Osterfeuer über 5 m Höhe fallen 30 Euro an.',
    contactUnit: 'Fachbereich Ordnung',
    contactPhone: '05952 206-130',
    contactEmail: 'Ordnung@soegel.example',
  });
  assert.equal(same.headers.location, `${HREF}?erledigt=unveraendert&dienst=osterfeuer-anmelden`);
  assert.equal((await entries(started, 'service.updated')).length, 1);
  await admin.browser.get(edit);
  await admin.browser.post(edit, { fees: '', contactUnit: 'Fachbereich Ordnung' });
  const restored = await browserFor(started.app).get(`${OSTERFEUER_PAGE}?gemeinde=${ags}`);
  assert.match(restored.body, /Die Anmeldung ist gebührenfrei\./);
  assert.equal((await entries(started, 'service.updated')).length, 2);
});

test('only the authority’s admins, only its services: 403 for other roles, 404 for the rest', async (t) => {
  const started = await startApp(t);
  const admin = await soegelAdmin(started);
  for (const role of ['clerk', 'coordinator'] as const) {
    const other = await signedInStaff(started.app, started, {
      authority: 'samtgemeinde-soegel',
      email: `${role}@soegel.example`,
      role,
    });
    const page = await other.browser.get('/verwaltung');
    assert.doesNotMatch(page.body, /Online-Dienste/, `${role}: not in the bar`);
    for (const path of [
      HREF,
      `${HREF}/hund-anmelden/beenden`,
      `${HREF}/osterfeuer-anmelden/angaben`,
    ])
      assert.equal((await other.browser.get(path)).statusCode, 403, `${role} ${path}`);
    const posted = await other.browser.post(`${HREF}/hund-anmelden/anbieten`, {});
    assert.equal(posted.statusCode, 403, `${role} offers`);
  }
  assert.equal(await activation(started, 'samtgemeinde-soegel', 'hund-anmelden'), undefined);

  await admin.browser.get(HREF);
  // A county service, Papenburg's Gewerbe (not offered in Sögel), a key that does not exist.
  for (const [method, path] of [
    ['post', `${HREF}/sperrmuell-anmelden/anbieten`],
    ['post', `${HREF}/sperrmuell-anmelden/beenden`],
    ['get', `${HREF}/sperrmuell-anmelden/angaben`],
    ['get', `${HREF}/gewerbe-anmelden/angaben`],
    ['post', `${HREF}/gewerbe-anmelden/angaben`],
    ['post', `${HREF}/kein-dienst/anbieten`],
  ] as const) {
    const res =
      method === 'get'
        ? await admin.browser.get(path)
        : await admin.browser.post(path, { fees: 'frei' });
    assert.equal(res.statusCode, 404, `${method} ${path}`);
  }
  assert.equal(await activation(started, 'samtgemeinde-soegel', 'sperrmuell-anmelden'), undefined);
  assert.equal((await activation(started, 'papenburg', 'gewerbe-anmelden'))?.fees, null);
  assert.equal((await entries(started, 'service.activated')).length, 0);
  assert.equal((await entries(started, 'service.updated')).length, 0);

  // The Landkreis's admin sees the county's services and none of the members'.
  const county = await signedInStaff(started.app, started, {
    authority: 'landkreis-emsland',
    email: 'admin@emsland.example',
    role: 'authority_admin',
  });
  const list = await county.browser.get(HREF);
  assert.match(list.body, /Sperrmüll anmelden/);
  assert.doesNotMatch(list.body, /Osterfeuer anmelden/);
  assert.equal((await county.browser.get(`${HREF}/osterfeuer-anmelden/beenden`)).statusCode, 404);
});
