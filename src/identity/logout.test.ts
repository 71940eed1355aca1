import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  browserFor,
  signedInCitizen,
  startTestApp,
  TEST_PUBLIC_URL,
  type TestBrowser,
} from '../app/testing.ts';
import { startOidcProvider, TEST_OIDC_CLIENT_ID, TEST_OIDC_SECRET } from './oidc/test-provider.ts';
import { addProvider } from './providers.ts';
import { testIdentityConfig } from './testing.ts';

// Single logout with an OIDC account (issue 13, item 6): "Abmelden" ends our session first,
// then hands the browser to the provider's end_session with client_id,
// post_logout_redirect_uri and state; the provider sends it back to "Sie sind abgemeldet".
// Without end_session, or with the provider down, the sign-out is ours alone, and says so.

const CALLBACK = `${TEST_PUBLIC_URL}/anmelden/nutzerkonto/rueckkehr`;
const SIGNED_OUT = `${TEST_PUBLIC_URL}/konto/abgemeldet`;

/** The browser at the provider: its own cookies, redirects followed until it comes to us. */
function providerAgent() {
  const jar = new Map<string, string>();
  async function request(url: string, init: RequestInit = {}) {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: {
        ...(init.headers as Record<string, string>),
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';');
      const at = pair.indexOf('=');
      jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return res;
  }
  /** Follows redirects from `url` until one leads to the portal; returns that path. */
  async function follow(start: Response, from: string) {
    let res = start;
    let url = from;
    for (let hop = 0; hop < 10; hop++) {
      const location = res.headers.get('location');
      assert.ok(location, `hop ${hop}: the provider redirects (got ${res.status})`);
      url = new URL(location, url).href;
      if (url.startsWith(TEST_PUBLIC_URL)) return url.slice(TEST_PUBLIC_URL.length);
      res = await request(url);
    }
    throw new Error('the provider never sent the browser back');
  }
  return { request, follow };
}

async function signInWith(
  browser: TestBrowser,
  agent: ReturnType<typeof providerAgent>,
  slug: string,
) {
  const start = await browser.get(`/anmelden/nutzerkonto/${slug}?niveau=substantial`);
  assert.equal(start.statusCode, 303);
  const authorize = start.headers.location as string;
  const back = await agent.follow(await agent.request(authorize), authorize);
  const arrived = await browser.get(back);
  if (arrived.headers.location === '/konto/nutzerkonto/neu') {
    await browser.get('/konto/nutzerkonto/neu');
    const created = await browser.post('/konto/nutzerkonto/neu', {});
    assert.equal(created.headers.location, '/konto');
  } else {
    assert.equal(arrived.headers.location, '/konto');
  }
  await browser.get('/konto');
  const token = browser.jar.get('session');
  assert.ok(token, 'signed in');
  return token;
}

const hidden = (body: string) =>
  Object.fromEntries(
    [...body.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [
      m[1],
      (m[2] ?? '').replaceAll('&amp;', '&'),
    ]),
  );

test('OIDC single logout: local first, then end_session and back to "Sie sind abgemeldet"', async (t) => {
  const acr = { value: 'loa-substantial' };
  const idp = await startOidcProvider(t, {
    redirectUri: CALLBACK,
    postLogoutRedirectUri: SIGNED_OUT,
    acr,
  });
  const plain = await startOidcProvider(t, {
    redirectUri: CALLBACK,
    postLogoutRedirectUri: SIGNED_OUT,
    acr,
    endSession: false,
    person: { sub: 'oidc-sub-0815', email: 'jan.meppen@example.org' },
  });
  process.env.TEST_NDS_SECRET = TEST_OIDC_SECRET;
  const { app, services, database, verbundId, smtp } = await startTestApp(t, 'test', {
    identity: testIdentityConfig(),
  });
  for (const [slug, issuer] of [
    ['nds', idp.issuer],
    ['ohne-slo', plain.issuer],
  ] as const) {
    await addProvider(database.owner, verbundId, {
      slug,
      type: 'oidc',
      displayName: slug === 'nds' ? 'Servicekonto Niedersachsen' : 'Servicekonto ohne SLO',
      issuer,
      clientId: TEST_OIDC_CLIENT_ID,
      clientSecretEnv: 'TEST_NDS_SECRET',
      levels: ['low', 'substantial'],
      acrMap: { 'loa-low': 'low', 'loa-substantial': 'substantial' },
    });
  }

  await t.test('with end_session: the provider signs out too and sends us back', async () => {
    const browser = browserFor(app);
    const agent = providerAgent();
    const token = await signInWith(browser, agent, 'nds');
    // Signed in at the provider: a second sign-in there needs no interaction.
    const probe = idp.seen.interactions;
    await signInWith(browserFor(app), agent, 'nds');
    assert.equal(idp.seen.interactions, probe);
    const out = await browser.post('/konto/abmelden', {});
    // Our session has ended before the browser leaves for the provider.
    assert.equal(await services.accounts.session(token), undefined);
    assert.equal(browser.jar.get('session'), undefined);
    assert.equal(out.statusCode, 200);
    assert.match(out.body, /Abmeldung bei Servicekonto Niedersachsen/);
    assert.match(out.body, /Sie sind im Portal abgemeldet/);
    const action = /<form method="get" action="([^"]+)"/.exec(out.body)?.[1];
    assert.equal(action, `${idp.issuer}/session/end`);
    const fields = hidden(out.body);
    assert.equal(fields.client_id, TEST_OIDC_CLIENT_ID);
    assert.equal(fields.post_logout_redirect_uri, SIGNED_OUT);
    assert.match(fields.state ?? '', /^[\w-]{43}$/);
    assert.equal(fields.id_token_hint, undefined, 'no ID token is kept');
    // This one page may send its form to the provider; no other.
    assert.match(String(out.headers['content-security-policy']), new RegExp(idp.issuer));

    // At the provider: its confirmation, then back to our page with the state.
    const endSession = `${action}?${new URLSearchParams(fields)}`;
    const confirm = await agent.request(endSession);
    assert.equal(confirm.status, 200);
    const page = await confirm.text();
    const confirmAction = /action="([^"]+)"/.exec(page)?.[1] ?? '';
    const confirmUrl = new URL(confirmAction, endSession).href;
    const xsrf = /name="xsrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const done = await agent.request(confirmUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ xsrf, logout: 'yes' }).toString(),
    });
    const back = await agent.follow(done, confirmUrl);
    assert.match(back, /^\/konto\/abgemeldet\?state=/);
    assert.equal(new URL(back, TEST_PUBLIC_URL).searchParams.get('state'), fields.state);
    const signedOut = await browser.get(back);
    assert.equal(signedOut.statusCode, 200);
    assert.match(signedOut.body, /<h1[^>]*>Sie sind abgemeldet<\/h1>/);
    assert.doesNotMatch(signedOut.body, /nicht erreichbar/);
    assert.equal(browser.jar.get('logout-state'), undefined, 'the state is used up');

    // The provider's session is gone: the next sign-in asks it to sign in afresh
    // (oidc-provider sends the browser to its interaction again), and still works.
    const again = browserFor(app);
    const before = idp.seen.interactions;
    await signInWith(again, agent, 'nds');
    assert.equal(idp.seen.interactions, before + 1, 'the provider signed the person in afresh');
    assert.ok(idp.seen.endSession > 0);

    // The same answer again, or a made-up state, belongs to no sign-out in this browser.
    const replayed = await browser.get(back);
    assert.equal(replayed.statusCode, 400);
    assert.match(replayed.body, /Abmeldung nicht zuzuordnen/);
    const forged = await again.get(
      '/konto/abgemeldet?state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
    );
    assert.equal(forged.statusCode, 400);
    assert.match(forged.body, /gehört zu keiner Abmeldung in diesem Browser/);
  });

  await t.test('without end_session: signed out here only, no detour', async () => {
    const browser = browserFor(app);
    const token = await signInWith(browser, providerAgent(), 'ohne-slo');
    const out = await browser.post('/konto/abmelden', {});
    assert.equal(out.statusCode, 303);
    assert.equal(out.headers.location, '/konto/abgemeldet');
    assert.equal(await services.accounts.session(token), undefined);
    const page = await browser.get('/konto/abgemeldet');
    assert.match(page.body, /Sie sind abgemeldet/);
    assert.equal(plain.seen.endSession, 0);
  });

  await t.test('a password session signs out as before', async () => {
    const browser = await signedInCitizen(app, smtp, 'passwort@example.org');
    const token = browser.jar.get('session');
    await browser.get('/konto');
    const out = await browser.post('/konto/abmelden', {});
    assert.equal(out.statusCode, 303);
    assert.equal(out.headers.location, '/');
    assert.equal(await services.accounts.session(token), undefined);
  });

  await t.test(
    '"Auf allen Geräten abmelden": every session ends, this browser at the provider too',
    async () => {
      const agent = providerAgent();
      const browser = browserFor(app);
      const token = await signInWith(browser, agent, 'nds');
      const elsewhere = await signInWith(browserFor(app), providerAgent(), 'nds');
      const page = await browser.get('/konto');
      assert.match(page.body, /action="\/konto\/ueberall-abmelden"/);
      const out = await browser.post('/konto/ueberall-abmelden', {});
      assert.equal(await services.accounts.session(token), undefined);
      assert.equal(await services.accounts.session(elsewhere), undefined, 'the other device too');
      assert.equal(out.statusCode, 200);
      assert.match(out.body, /Abmeldung bei Servicekonto Niedersachsen/);
      assert.equal(
        /<form method="get" action="([^"]+)"/.exec(out.body)?.[1],
        `${idp.issuer}/session/end`,
      );
    },
  );

  await t.test('provider down: signed out here all the same, and told so', async () => {
    const browser = browserFor(app);
    const token = await signInWith(browser, providerAgent(), 'nds');
    await idp.close();
    const out = await browser.post('/konto/abmelden', {});
    assert.equal(out.statusCode, 303);
    assert.equal(out.headers.location, '/konto/abgemeldet?hinweis=nicht-erreichbar');
    assert.equal(await services.accounts.session(token), undefined);
    assert.equal(browser.jar.get('session'), undefined);
    const page = await browser.get(out.headers.location as string);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Sie sind abgemeldet/);
    assert.match(page.body, /Ihr Nutzerkonto war gerade nicht erreichbar/);
  });
});
