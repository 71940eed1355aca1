// "API-Zugänge" in the back office, through the real portal (PGlite, or PostgreSQL with
// DATABASE_URL): an authority admin issues a credential for one of its routes and sees the
// token once; the token opens /api/v1; revoked, it no longer does. Bad input is named in
// German and stores nothing; clerks and other authorities' admins get nothing; both steps are
// audited.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import test from 'node:test';
import { signedInStaff } from '../backoffice/testing.ts';
import { SECRET_A } from '../delivery/testing.ts';
import { startApp } from '../drafts/testing.ts';

test('an admin issues and revokes an API credential for a delivery route', async (t) => {
  const started = await startApp(t);
  const { app, database, services } = started;
  const db = database.owner;
  const admin = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'admin@soegel.example',
    role: 'authority_admin',
  });

  // No route yet: the page says what comes first and links there.
  assert.match(
    (await admin.browser.get('/verwaltung')).body,
    /href="\/verwaltung\/api-zugaenge">API-Zugänge</,
  );
  const first = await admin.browser.get('/verwaltung/api-zugaenge');
  assert.equal(first.statusCode, 200);
  assert.match(
    first.body,
    /<h1 class="kern-heading-large">API-Zugänge für Fachverfahren und DMS<\/h1>/,
  );
  assert.match(first.body, /Richten Sie zuerst unter „Zustellwege“ einen ein/);
  assert.match(first.body, /href="\/api\/v1\/openapi.json">Schnittstellenbeschreibung \(OpenAPI\)/);
  // Followed from this page, with the staff cookie the browser sends along: the document.
  const spec = await admin.browser.get('/api/v1/openapi.json');
  assert.equal(spec.statusCode, 200);
  assert.equal(JSON.parse(spec.body).openapi, '3.1.0');

  await services.delivery.routes.add({
    authoritySlug: 'samtgemeinde-soegel',
    name: 'fachverfahren',
    type: 'webhook',
    config: { url: 'https://fv.soegel.example/hook', secrets: [SECRET_A] },
  });
  const form = await admin.browser.get('/verwaltung/api-zugaenge');
  assert.match(form.body, /<option value="fachverfahren">fachverfahren<\/option>/);

  const noLabel = await admin.browser.post('/verwaltung/api-zugaenge', {
    zustellweg: 'fachverfahren',
    bezeichnung: '  ',
  });
  assert.equal(noLabel.statusCode, 400);
  assert.match(noLabel.body, /Bitte geben Sie eine Bezeichnung mit höchstens 80 Zeichen an\./);
  const noRoute = await admin.browser.post('/verwaltung/api-zugaenge', {
    zustellweg: 'gibt-es-nicht',
    bezeichnung: 'Fachverfahren Ordnungsamt',
  });
  assert.equal(noRoute.statusCode, 400);
  assert.match(noRoute.body, /Bitte wählen Sie einen Ihrer Zustellwege\./);
  assert.equal((await db.selectFrom('api_credential').select('id').execute()).length, 0);

  const issued = await admin.browser.post('/verwaltung/api-zugaenge', {
    zustellweg: 'fachverfahren',
    bezeichnung: 'Fachverfahren Ordnungsamt',
  });
  assert.equal(issued.statusCode, 200);
  assert.equal(issued.headers['cache-control'], 'no-store');
  assert.match(issued.body, /API-Zugang ausgestellt/);
  const token = /<code class="api-token">(rn1\.[^<]+)<\/code>/.exec(issued.body)?.[1];
  assert.ok(token, 'the token is shown once');
  const stored = await db.selectFrom('api_credential').selectAll().executeTakeFirstOrThrow();
  assert.ok(!JSON.stringify(stored).includes(token.split('.').pop() as string), 'only its hash');
  const listed = await admin.browser.get('/verwaltung/api-zugaenge');
  assert.match(listed.body, /scope="row">Fachverfahren Ordnungsamt<\/th>/);
  assert.ok(!listed.body.includes(token), 'never shown again');

  // The token opens the back-channel: an unknown application is 404, not 401.
  const api = (bearer: string) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/applications/${randomUUID()}/status`,
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ status: 'processing' }),
    });
  assert.equal((await api(token)).statusCode, 404);

  // A clerk, and Lingen's admin, can neither see nor revoke it.
  const clerk = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'sachbearbeitung@soegel.example',
  });
  assert.equal((await clerk.browser.get('/verwaltung/api-zugaenge')).statusCode, 403);
  const lingen = await signedInStaff(app, started, {
    authority: 'lingen-ems',
    email: 'admin@lingen.example',
    role: 'authority_admin',
  });
  assert.doesNotMatch((await lingen.browser.get('/verwaltung/api-zugaenge')).body, /Ordnungsamt/);
  const foreign = await lingen.browser.post(`/verwaltung/api-zugaenge/${stored.id}/widerrufen`, {});
  assert.equal(foreign.statusCode, 404);
  assert.equal((await api(token)).statusCode, 404, 'still valid');

  await admin.browser.get('/verwaltung/api-zugaenge');
  const revoked = await admin.browser.post(`/verwaltung/api-zugaenge/${stored.id}/widerrufen`, {});
  assert.equal(revoked.statusCode, 303);
  const after = await admin.browser.get(String(revoked.headers.location));
  assert.match(after.body, /Der Zugang wurde widerrufen/);
  assert.match(after.body, /Widerrufen am /);
  assert.equal((await api(token)).statusCode, 401);
  const twice = await admin.browser.post(`/verwaltung/api-zugaenge/${stored.id}/widerrufen`, {});
  assert.equal(twice.statusCode, 404);
  assert.match(twice.body, /Diesen Zugang gibt es nicht oder er ist schon widerrufen/);

  const audit = await db
    .selectFrom('audit_entry')
    .select(['action', 'subject_id'])
    .where('action', 'like', 'api.credential%')
    .orderBy('seq')
    .execute();
  assert.deepEqual(audit, [
    { action: 'api.credential_issued', subject_id: stored.id },
    { action: 'api.credential_revoked', subject_id: stored.id },
  ]);
});
