import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signedInCitizen, startTestApp } from '../app/testing.ts';
import { seedCatalogDemo } from '../catalog/seed.ts';
import { DEMO_PERSONA } from './test-idp/idp.ts';
import { connectTestIdp, testIdentityConfig } from './testing.ts';

// Step-up (issue 13, item 5): "Meldebescheinigung beantragen" needs substantial. A citizen
// signed in with a password (basic) is told before starting what is needed and how, goes to
// BundID with that minimum, and comes back to the exact page with a new session id.

const SERVICE = '/leistungen/99115003012000';

test('a basic session steps up to substantial through BundID and returns to the same page', async (t) => {
  const { app, smtp, database, verbundId, services } = await startTestApp(t, 'test', {
    identity: testIdentityConfig(),
  });
  await seedCatalogDemo(database.owner, verbundId);
  const idp = await connectTestIdp(database.owner, verbundId);
  const email = 'lea.papenburg@example.org';
  const browser = await signedInCitizen(app, smtp, email);
  const basic = browser.jar.get('session');

  // Before starting: the service page names the level and the way to it.
  const page = await browser.get(`${SERVICE}?gemeinde=03454032`);
  assert.match(
    page.body,
    /Diese Leistung erfordert das Vertrauensniveau „substantiell“ – Anmeldung mit BundID \(Online-Ausweis\)/,
  );

  const start = await browser.get(`${SERVICE}/antrag?gemeinde=03454032`);
  assert.equal(start.statusCode, 303);
  const explain = await browser.get(start.headers.location as string);
  assert.equal(explain.statusCode, 200);
  assert.match(
    explain.body,
    /Diese Leistung erfordert das Vertrauensniveau &#39;substantiell&#39; – Anmeldung mit BundID \(Online-Ausweis\)/,
  );
  const href = /href="(\/anmelden\/nutzerkonto\/bundid\?niveau=substantial&amp;weiter=[^"]+)"/.exec(
    explain.body,
  )?.[1];
  assert.ok(href, 'the page links to the BundID sign-in at substantial');
  const post = await browser.get(href.replaceAll('&amp;', '&'));
  const field = (name: string) =>
    new RegExp(`name="${name}" value="([^"]+)"`).exec(post.body)?.[1] ?? '';
  const request = idp.parseRequest(field('SAMLRequest'));
  assert.equal(request.requestedLevel, 3, 'the IdP is asked for at least substantial');

  const samlResponse = await idp.respond(request, { ...DEMO_PERSONA, bpk2: 'bpk2-lea', email }, 3);
  const arrival = await browser.post(
    '/saml/acs',
    { SAMLResponse: samlResponse, RelayState: field('RelayState') },
    false,
  );
  assert.equal(arrival.headers.location, '/konto/nutzerkonto/neu');
  // Her password account is the one to keep: she links it (she is signed in already).
  await browser.get('/konto/nutzerkonto/verknuepfen');
  const linked = await browser.post('/konto/nutzerkonto/verknuepfen', {});
  assert.equal(linked.statusCode, 303);
  assert.equal(
    linked.headers.location,
    `${SERVICE}/antrag?gemeinde=03454032`,
    'back to the exact page',
  );
  const stepped = browser.jar.get('session');
  assert.ok(stepped && stepped !== basic, 'a new session id');
  assert.equal((await services.accounts.session(stepped))?.trustLevel, 'substantial');
  assert.equal(await services.accounts.session(basic), undefined);

  // Now the form starts.
  const form = await browser.get(linked.headers.location as string);
  assert.equal(form.statusCode, 303);
  assert.doesNotMatch(String(form.headers.location), /vertrauensniveau|anmelden/);
});
