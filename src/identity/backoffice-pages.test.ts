// "Anmeldedienste" in the back office: the Verbund's admin finds it in the staff bar and reads
// which identity providers are connected, with their levels and how sign-out works, and no
// secret; a clerk gets 403 and no link.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startTestApp } from '../app/testing.ts';
import { signedInStaff } from '../backoffice/testing.ts';
import { connectTestIdp, testIdentityConfig } from './testing.ts';

test('the Verbund admin sees the connected sign-in services; a clerk does not', async (t) => {
  const started = await startTestApp(t, 'test', { identity: testIdentityConfig() });
  const { app, database, verbundId } = started;
  const admin = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'verbund@emsland.example',
    role: 'verbund_admin',
  });
  const none = await admin.browser.get('/verwaltung/anmeldedienste');
  assert.equal(none.statusCode, 200);
  assert.match(none.body, /Es ist noch kein Anmeldedienst angebunden/);

  await connectTestIdp(database.owner, verbundId);
  const home = await admin.browser.get('/verwaltung');
  assert.match(home.body, /href="\/verwaltung\/anmeldedienste">Anmeldedienste</, 'in the bar');
  const page = await admin.browser.get('/verwaltung/anmeldedienste');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<h1 class="kern-heading-large">Anmeldedienste<\/h1>/);
  assert.match(page.body, /<th class="kern-table__cell" scope="row">BundID/);
  assert.match(page.body, /SAML 2\.0, 1 Signaturzertifikat\(e\)/);
  assert.match(page.body, /substantiell/);
  assert.doesNotMatch(page.body, /BEGIN CERTIFICATE|client_secret/i, 'no key material');

  const clerk = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'sachbearbeitung@soegel.example',
  });
  const refused = await clerk.browser.get('/verwaltung/anmeldedienste');
  assert.equal(refused.statusCode, 403);
  assert.match(refused.body, /Die Anmeldedienste sieht nur die Verwaltung des Verbunds/);
  assert.doesNotMatch((await clerk.browser.get('/verwaltung')).body, /anmeldedienste/);
});
