import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserFor, startTestApp, type TestBrowser } from '../app/testing.ts';
import { startOidcProvider } from './oidc/test-provider.ts';
import { addProvider } from './providers.ts';
import { testIdentityConfig } from './testing.ts';

// An OIDC account (a Land's Keycloak, say) as a real `oidc-provider` on 127.0.0.1
// (oidc/test-provider.ts): the portal discovers it, sends the citizen there with PKCE, state,
// nonce and acr_values, and redeems the code over HTTP.

const CALLBACK = 'http://portal.test/anmelden/nutzerkonto/rueckkehr';

async function startProvider(t: Parameters<typeof startTestApp>[0], acr: { value: string }) {
  const provider = await startOidcProvider(t, {
    redirectUri: CALLBACK,
    postLogoutRedirectUri: 'http://portal.test/konto/abgemeldet',
    acr,
  });
  return provider.issuer;
}

/** Follows the provider's redirects with its cookies until it sends the browser back to us. */
async function roundTrip(start: string) {
  const jar = new Map<string, string>();
  let url = start;
  for (let hop = 0; hop < 10; hop++) {
    if (url.startsWith(CALLBACK)) return url.slice('http://portal.test'.length);
    const res = await fetch(url, {
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const [name = '', value = ''] = pair.split('=');
      jar.set(name, value);
    }
    const location = res.headers.get('location');
    assert.ok(location, `hop ${hop}: the provider redirects (got ${res.status})`);
    url = new URL(location, url).href;
  }
  throw new Error('the provider never sent the browser back');
}

async function signIn(browser: TestBrowser, level: string, next = '/konto') {
  const start = await browser.get(
    `/anmelden/nutzerkonto/nds?niveau=${level}&weiter=${encodeURIComponent(next)}`,
  );
  assert.equal(start.statusCode, 303);
  const authorize = new URL(start.headers.location as string);
  return { authorize, back: await roundTrip(authorize.href) };
}

test('OIDC: code + PKCE with acr_values; the acr comes back as the level; then linking', async (t) => {
  const acr = { value: 'loa-substantial' };
  const issuer = await startProvider(t, acr);
  process.env.TEST_NDS_SECRET = 'test-client-secret-test-client-secret';
  const { app, services, database, verbundId } = await startTestApp(t, 'test', {
    identity: testIdentityConfig(),
  });
  await addProvider(database.owner, verbundId, {
    slug: 'nds',
    type: 'oidc',
    displayName: 'Servicekonto Niedersachsen',
    issuer,
    clientId: 'rathausnetz',
    clientSecretEnv: 'TEST_NDS_SECRET',
    levels: ['low', 'substantial'],
    acrMap: { 'loa-low': 'low', 'loa-substantial': 'substantial' },
  });

  const browser = browserFor(app);
  const { authorize, back } = await signIn(browser, 'substantial');
  assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
  assert.ok(authorize.searchParams.get('code_challenge'));
  assert.ok(authorize.searchParams.get('nonce'));
  assert.equal(authorize.searchParams.get('acr_values'), 'loa-substantial');
  const arrived = await browser.get(back);
  assert.equal(arrived.statusCode, 303);
  assert.equal(arrived.headers.location, '/konto/nutzerkonto/neu');
  await browser.get('/konto/nutzerkonto/neu');
  const created = await browser.post('/konto/nutzerkonto/neu', {});
  assert.equal(created.headers.location, '/konto');
  const session = await services.accounts.session(browser.jar.get('session'));
  assert.equal(session?.trustLevel, 'substantial');
  assert.equal(session?.email, 'hanna.lingen@example.org');

  // A tampered state finds no sign-in in flight: refused, no session.
  const other = browserFor(app);
  const second = await signIn(other, 'substantial');
  const tampered = second.back.replace(
    /state=[^&]+/,
    'state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
  );
  const refused = await other.get(tampered);
  assert.equal(refused.statusCode, 400);
  assert.match(refused.body, /Die Anmeldung ist nicht gelungen/);
  assert.equal(other.jar.get('session'), undefined);
  // The untouched answer still works once, and signs the same person straight in.
  const ok = await other.get(second.back);
  assert.equal(ok.statusCode, 303);
  assert.equal(
    (await services.accounts.session(other.jar.get('session')))?.accountId,
    session?.accountId,
  );

  // The provider answers with a lower acr than asked for: refused.
  acr.value = 'loa-low';
  const third = browserFor(app);
  const low = await signIn(third, 'substantial');
  const lowAnswer = await third.get(low.back);
  assert.equal(lowAnswer.statusCode, 400);
  assert.match(lowAnswer.body, /niedrigeres Vertrauensniveau/);
  assert.equal(third.jar.get('session'), undefined);
});
