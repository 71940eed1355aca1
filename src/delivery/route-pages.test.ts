// "Zustellwege" in the back office, through the real portal (PGlite, or PostgreSQL with
// DATABASE_URL) and a real HTTP receiver: an authority admin sets up a webhook route, is told
// in German what is wrong with bad settings (nothing stored), tests the connection against the
// receiver, and removes the route — refused while deliveries wait on it unless confirmed.
// Secrets never come back to the browser and are stored sealed; every step is audited; clerks
// and other authorities' admins get nothing.
import assert from 'node:assert/strict';
import test from 'node:test';
import { signedInStaff } from '../backoffice/testing.ts';
import { citizenInSoegel, completeOsterfeuer, startApp } from '../drafts/testing.ts';
import { builtInConnectors } from './connectors/registry.ts';
import { deliveryDe } from './messages.de.ts';
import { deliveryEn } from './messages.en.ts';
import { routeFields } from './route-form.ts';
import { SECRET_A, startReceiver } from './testing.ts';

test('an admin sets up, tests and removes a webhook route in the back office', async (t) => {
  const started = await startApp(t);
  const { app, smtp, database } = started;
  const db = database.owner;
  let answer = 200;
  const receiver = await startReceiver(t, (_hit, res) => {
    res.statusCode = answer;
    res.end('{}');
  });
  const admin = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'admin@soegel.example',
    role: 'authority_admin',
    name: 'Anke Admin',
  });

  // Found from the back office's start page.
  const start = await admin.browser.get('/verwaltung');
  assert.match(
    start.body,
    /<a class="kern-link" href="\/verwaltung\/zustellwege">Zustellwege<\/a>/,
  );
  const empty = await admin.browser.get('/verwaltung/zustellwege');
  assert.equal(empty.statusCode, 200);
  assert.match(
    empty.body,
    /<h1 class="kern-heading-large">Zustellwege zu Fachverfahren und DMS<\/h1>/,
  );
  assert.match(empty.body, /Es ist noch kein Zustellweg eingerichtet/);
  assert.match(empty.body, /Webhook: signierte Übermittlung an ein Fachverfahren/);

  const form = await admin.browser.get('/verwaltung/zustellwege/neu?art=webhook');
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /Neuer Zustellweg: Webhook/);
  assert.match(
    form.body,
    /<label class="kern-label" for="route-url">Adresse des Fachverfahrens \(URL\)<\/label>/,
  );
  assert.match(
    form.body,
    /<label class="kern-label" for="route-secrets">Signaturschlüssel<\/label>/,
  );
  assert.match(form.body, /Osterfeuer/, 'the services of the authority to choose from');

  // Bad settings: each named in German at its field, nothing stored, the secret not echoed.
  const bad = await admin.browser.post('/verwaltung/zustellwege', {
    art: 'webhook',
    name: 'Mein Weg!',
    leistung: 'keine-solche-leistung',
    c_url: 'ftp://dms.example/',
    c_secrets: 'zu-kurz-aber-geheim',
    c_inlineLimitBytes: 'viel',
    warnung: 'nicht eine adresse',
  });
  assert.equal(bad.statusCode, 400);
  for (const message of [
    'Der Kurzname darf nur Kleinbuchstaben, Ziffern und einzelne Bindestriche enthalten',
    'Bitte wählen Sie eine Leistung Ihrer Behörde.',
    '„Höchstgröße mitgesendeter Dateien in Byte“ muss eine ganze Zahl sein.',
    'Bitte geben Sie eine einzelne E-Mail-Adresse an.',
  ])
    assert.ok(bad.body.includes(message), message);
  assert.ok(!bad.body.includes('zu-kurz-aber-geheim'), 'a typed secret is not sent back');
  assert.match(bad.body, /value="ftp:\/\/dms.example\/"/, 'other values are kept');
  const schemaBad = await admin.browser.post('/verwaltung/zustellwege', {
    art: 'webhook',
    name: 'fachverfahren',
    c_url: 'ftp://dms.example/',
    c_secrets: 'zu-kurz-aber-geheim',
  });
  assert.equal(schemaBad.statusCode, 400);
  assert.ok(
    schemaBad.body.includes('„Adresse des Fachverfahrens (URL)“ hat nicht die erwartete Form.'),
  );
  assert.ok(schemaBad.body.includes('„Signaturschlüssel“ ist zu kurz oder zu klein.'));
  assert.equal((await db.selectFrom('delivery_route').select('id').execute()).length, 0);

  // Without the CSRF token: refused.
  const forged = await admin.browser.post(
    '/verwaltung/zustellwege',
    { art: 'webhook', name: 'fachverfahren', c_url: receiver.url, c_secrets: SECRET_A },
    false,
  );
  assert.equal(forged.statusCode, 403);

  await admin.browser.get('/verwaltung/zustellwege/neu?art=webhook');
  const added = await admin.browser.post('/verwaltung/zustellwege', {
    art: 'webhook',
    name: 'fachverfahren',
    leistung: '',
    c_url: receiver.url,
    c_secrets: SECRET_A,
  });
  assert.equal(added.statusCode, 303);
  assert.equal(added.headers.location, '/verwaltung/zustellwege?erledigt=angelegt');
  const listed = await admin.browser.get('/verwaltung/zustellwege?erledigt=angelegt');
  assert.match(listed.body, /Der Zustellweg wurde eingerichtet/);
  assert.match(listed.body, /<th class="kern-table__cell" scope="row">fachverfahren<\/th>/);
  assert.match(listed.body, /Alle Leistungen \(Standardweg\)/);
  assert.match(listed.body, /Geheimnisse verschlüsselt gespeichert: Signaturschlüssel/);
  assert.ok(!listed.body.includes(SECRET_A), 'the secret is never shown');
  const stored = await db.selectFrom('delivery_route').selectAll().executeTakeFirstOrThrow();
  assert.ok(!JSON.stringify(stored).includes(SECRET_A), 'stored sealed, not in clear');
  assert.equal(stored.connector_type, 'webhook');

  // The same name again for the same scope: a clear conflict, still one route.
  await admin.browser.get('/verwaltung/zustellwege/neu?art=webhook');
  const twice = await admin.browser.post('/verwaltung/zustellwege', {
    art: 'webhook',
    name: 'fachverfahren',
    c_url: receiver.url,
    c_secrets: SECRET_A,
  });
  assert.equal(twice.statusCode, 409);
  assert.match(
    twice.body,
    /Einen Zustellweg mit diesem Kurznamen gibt es für diese Leistung schon/,
  );
  assert.equal((await db.selectFrom('delivery_route').select('id').execute()).length, 1);

  // "Verbindung testen" reaches the receiver; a receiver in trouble is reported as such.
  await admin.browser.get('/verwaltung/zustellwege');
  const tested = await admin.browser.post(`/verwaltung/zustellwege/${stored.id}/testen`, {});
  assert.equal(tested.statusCode, 200);
  assert.match(tested.body, /Die Verbindung des Zustellwegs fachverfahren funktioniert\./);
  assert.equal(receiver.hits.length, 1);
  assert.match(receiver.hits[0]?.body ?? '', /"event":"ping"/);
  answer = 503;
  const broken = await admin.browser.post(`/verwaltung/zustellwege/${stored.id}/testen`, {});
  assert.equal(broken.statusCode, 200);
  assert.match(broken.body, /role="alert"[\s\S]*funktioniert nicht\. Technische Meldung: [^<]*503/);

  // A clerk of the same authority, and the admin of another, get nothing.
  const clerk = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'sachbearbeitung@soegel.example',
  });
  assert.doesNotMatch(
    (await clerk.browser.get('/verwaltung')).body,
    /href="\/verwaltung\/zustellwege"/,
  );
  assert.equal((await clerk.browser.get('/verwaltung/zustellwege')).statusCode, 403);
  assert.equal(
    (await clerk.browser.post(`/verwaltung/zustellwege/${stored.id}/entfernen`, {})).statusCode,
    403,
  );
  const lingen = await signedInStaff(app, started, {
    authority: 'lingen-ems',
    email: 'admin@lingen.example',
    role: 'authority_admin',
  });
  const foreign = await lingen.browser.get('/verwaltung/zustellwege');
  assert.doesNotMatch(foreign.body, /fachverfahren/, "another authority's routes are not listed");
  assert.equal(
    (await lingen.browser.post(`/verwaltung/zustellwege/${stored.id}/testen`, {})).statusCode,
    404,
  );
  assert.equal(
    (await lingen.browser.post(`/verwaltung/zustellwege/${stored.id}/entfernen`, {})).statusCode,
    404,
  );
  assert.equal((await db.selectFrom('delivery_route').select('id').execute()).length, 1);

  // A delivery waits on the route: removing asks first, then removes when confirmed.
  const citizen = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const draftId = await completeOsterfeuer(citizen);
  await citizen.get(`/antraege/entwuerfe/${draftId}/pruefen`);
  await citizen.post(`/antraege/entwuerfe/${draftId}/pruefen`, { _declaration: 'yes' });
  await db.updateTable('delivery').set({ route_id: stored.id, status: 'pending' }).execute();
  await admin.browser.get('/verwaltung/zustellwege');
  const asked = await admin.browser.post(`/verwaltung/zustellwege/${stored.id}/entfernen`, {});
  assert.equal(asked.statusCode, 409);
  assert.match(asked.body, /Über den Zustellweg fachverfahren sind noch 1 Zustellungen offen/);
  assert.match(asked.body, />Trotzdem entfernen</);
  assert.equal((await db.selectFrom('delivery_route').select('id').execute()).length, 1);
  const removed = await admin.browser.post(`/verwaltung/zustellwege/${stored.id}/entfernen`, {
    trotzdem: '1',
  });
  assert.equal(removed.statusCode, 303);
  assert.match(
    (await admin.browser.get(String(removed.headers.location))).body,
    /Der Zustellweg wurde entfernt/,
  );
  assert.equal((await db.selectFrom('delivery_route').select('id').execute()).length, 0);

  const audit = await db
    .selectFrom('audit_entry')
    .select(['action', 'subject_id'])
    .where('action', 'like', 'delivery.route%')
    .orderBy('seq')
    .execute();
  assert.deepEqual(
    audit.map((a) => a.action),
    [
      'delivery.route_added',
      'delivery.route_tested',
      'delivery.route_tested',
      'delivery.route_removed',
    ],
  );
  assert.ok(audit.every((a) => a.subject_id === stored.id));
});

test('every setting the route form offers has a German and an English label', () => {
  const connectors = builtInConnectors({
    mailer: { send: async () => {} },
    verbundName: async () => 'Landkreis Emsland',
  });
  for (const connector of connectors.values()) {
    assert.ok(`delivery.routes.typeName.${connector.type}` in deliveryDe, connector.type);
    for (const field of routeFields(connector).fields) {
      const key = `delivery.routes.field.${connector.type}.${field.key}`;
      assert.ok(key in deliveryDe && key in deliveryEn, key);
    }
  }
});
