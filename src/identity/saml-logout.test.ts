import assert from 'node:assert/strict';
import { createVerify } from 'node:crypto';
import { stringify } from 'node:querystring';
import { test } from 'node:test';
import { inflateRawSync } from 'node:zlib';
import { browserFor, startTestApp, type TestBrowser } from '../app/testing.ts';
import { DEMO_PERSONA } from './test-idp/idp.ts';
import { connectTestIdp, TEST_IDP_SLO, testIdentityConfig } from './testing.ts';

// SAML single logout with the BundID-like test IdP (test-idp/idp.ts) through the portal's
// routes: "Abmelden" ends our session, then sends a signed LogoutRequest (HTTP-Redirect) with
// the NameID and SessionIndex of the sign-in; the IdP's signed LogoutResponse brings the
// browser to "Sie sind abgemeldet". The IdP's own LogoutRequest ends the session it names
// and gets our signed LogoutResponse. Forged, unsigned or misdirected messages: 400, German.

const SP_SLO = 'http://portal.test/saml/slo';
type Logged = { event?: string; reason?: string };

async function portal(t: Parameters<typeof startTestApp>[0], singleLogout = true) {
  const logs: Logged[] = [];
  const started = await startTestApp(
    t,
    'test',
    { identity: testIdentityConfig() },
    {
      logger: { level: 'warn', stream: { write: (line: string) => logs.push(JSON.parse(line)) } },
    },
  );
  const idp = await connectTestIdp(started.database.owner, started.verbundId, { singleLogout });
  return { ...started, idp, logs };
}

type Portal = Awaited<ReturnType<typeof portal>>;

const field = (body: string, name: string) =>
  new RegExp(`name="${name}" value="([^"]*)"`).exec(body)?.[1]?.replaceAll('&amp;', '&');

/** Signs in with BundID (a new Bürgerkonto the first time); returns the session token. */
async function signIn(p: Portal, browser: TestBrowser) {
  const page = await browser.get('/anmelden/nutzerkonto/bundid?niveau=substantial');
  const samlRequest = field(page.body, 'SAMLRequest') ?? '';
  const relayState = field(page.body, 'RelayState') ?? '';
  const samlResponse = await p.idp.respond(p.idp.parseRequest(samlRequest), DEMO_PERSONA, 3);
  const arrival = await browser.post(
    '/saml/acs',
    { SAMLResponse: samlResponse, RelayState: relayState },
    false,
  );
  if (arrival.headers.location === '/konto/nutzerkonto/neu') {
    await browser.get('/konto/nutzerkonto/neu');
    await browser.post('/konto/nutzerkonto/neu', {});
  }
  await browser.get('/konto');
  const token = browser.jar.get('session');
  assert.ok(token, 'signed in');
  return token;
}

/** "Abmelden": the hand-over page and the LogoutRequest it would send, as the IdP reads it. */
async function signOut(p: Portal, browser: TestBrowser) {
  const out = await browser.post('/konto/abmelden', {});
  assert.equal(out.statusCode, 200);
  assert.match(out.body, /Abmeldung bei BundID/);
  assert.match(out.body, new RegExp(`<form method="get" action="${TEST_IDP_SLO}"`));
  const query = Object.fromEntries(
    ['SAMLRequest', 'RelayState', 'SigAlg', 'Signature'].map((n) => [n, field(out.body, n)]),
  );
  return p.idp.parseLogoutRequest(query); // throws unless signed by our key
}

const path = (url: string) => url.slice('http://portal.test'.length);

test('SAML single logout started here: signed LogoutRequest, validated LogoutResponse', async (t) => {
  const p = await portal(t);
  const { app, services } = p;
  const metadata = await app.inject({ url: '/saml/metadata' });
  assert.match(
    metadata.body,
    /SingleLogoutService Binding="urn:oasis:names:tc:SAML:2\.0:bindings:HTTP-Redirect" Location="http:\/\/portal\.test\/saml\/slo"/,
  );

  const browser = browserFor(app);
  const token = await signIn(p, browser);
  const request = await signOut(p, browser);
  const stateCookie = browser.jar.get('logout-state') ?? '';
  assert.ok(stateCookie, 'the state this browser keeps for the answer');
  // Our session ended before the browser left.
  assert.equal(await services.accounts.session(token), undefined);
  assert.equal(browser.jar.get('session'), undefined);
  assert.equal(request.destination, TEST_IDP_SLO);
  assert.equal(request.issuer, 'http://portal.test/saml/metadata');
  assert.match(request.nameId, /^_[0-9a-f]{32}$/, 'the NameID of the assertion');
  assert.match(request.sessionIndex, /^_[0-9a-f]{32}$/, 'its SessionIndex');

  // Forged answers with this browser's cookie in place: each refused, German, 400.
  const refused = async (url: string, reason: string) => {
    const res = await browser.get(path(url));
    assert.equal(res.statusCode, 400, reason);
    assert.match(res.body, /Abmeldung nicht zuzuordnen/);
    assert.equal(p.logs.at(-1)?.reason, reason);
  };
  await refused(p.idp.logoutResponseUrl(request, SP_SLO, { rogue: true }), 'signature');
  const unsigned = p.idp.logoutResponseUrl(request, SP_SLO).replace(/&Signature=[^&]+/, '');
  await refused(unsigned, 'signature');
  await refused(
    p.idp.logoutResponseUrl(request, SP_SLO, { inResponseTo: '_another-request' }),
    'in_response_to',
  );
  await refused(
    p.idp.logoutResponseUrl({ ...request, relayState: 'fremd' }, SP_SLO),
    'in_response_to',
  );
  await refused(p.idp.logoutResponseUrl(request, 'http://andere.test/saml/slo'), 'destination');
  await refused(p.idp.logoutResponseUrl(request, SP_SLO, { status: 'Responder' }), 'status');

  // The IdP's real answer: "Sie sind abgemeldet".
  const answer = p.idp.logoutResponseUrl(request, SP_SLO);
  const back = await browser.get(path(answer));
  assert.equal(back.statusCode, 303);
  assert.equal(back.headers.location, '/konto/abgemeldet');
  const page = await browser.get('/konto/abgemeldet');
  assert.match(page.body, /<h1[^>]*>Sie sind abgemeldet<\/h1>/);
  // Once only: the cookie that bound it to this browser is gone.
  const again = await browser.get(path(answer));
  assert.equal(again.statusCode, 400);
  // And with the cookie put back, the request it answered is used up (ADR 0047).
  browser.jar.set('logout-state', stateCookie);
  await refused(answer, 'replay');
});

test('SAML single logout started by the IdP ends the session it names and answers', async (t) => {
  const p = await portal(t);
  const { app, services, database } = p;
  const first = browserFor(app);
  const other = browserFor(app);
  const token = await signIn(p, first);
  const otherToken = await signIn(p, other);
  const rows = await database.owner
    .selectFrom('identity_session')
    .select(['saml_name_id', 'saml_session_index'])
    .orderBy('created_at')
    .execute();
  assert.equal(rows.length, 2);
  const [session] = rows;
  assert.ok(session?.saml_name_id && session.saml_session_index);

  // Signed by another key, or not at all: refused, nobody signed out.
  for (const url of [
    p.idp.logoutRequestUrl(SP_SLO, { nameId: session.saml_name_id }, { rogue: true }).url,
    p.idp
      .logoutRequestUrl(SP_SLO, { nameId: session.saml_name_id })
      .url.replace(/&Signature=[^&]+/, ''),
  ]) {
    const res = await app.inject({ url: path(url) });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Abmeldung nicht zuzuordnen/);
  }
  assert.ok(await services.accounts.session(token));

  // A copy kept too long (issued eleven minutes ago, properly signed): refused, still signed in.
  const stale = p.idp.logoutRequestUrl(
    SP_SLO,
    { nameId: session.saml_name_id, sessionIndex: session.saml_session_index },
    { age: 11 * 60_000 },
  );
  const staleRes = await app.inject({ url: path(stale.url) });
  assert.equal(staleRes.statusCode, 400);
  assert.match(staleRes.body, /Abmeldung nicht zuzuordnen/);
  assert.equal(p.logs.at(-1)?.reason, 'expired');
  assert.ok(await services.accounts.session(token), 'an old LogoutRequest ends nothing');

  const request = p.idp.logoutRequestUrl(
    SP_SLO,
    { nameId: session.saml_name_id, sessionIndex: session.saml_session_index },
    { relayState: 'idp-state' },
  );
  const res = await app.inject({ url: path(request.url) });
  assert.equal(res.statusCode, 303);
  assert.equal(await services.accounts.session(token), undefined, 'that session has ended');
  assert.ok(await services.accounts.session(otherToken), 'the other one has not');
  const logged = await database.owner
    .selectFrom('security_event')
    .select('kind')
    .where('kind', '=', 'logout.provider')
    .execute();
  assert.equal(logged.length, 1, "in the citizen's security log, once");
  const log = await first.get('/konto');
  assert.equal(log.statusCode, 303, 'this browser is signed out');

  // Our LogoutResponse: to the IdP's SLO, signed with our key, answering its request.
  const answer = new URL(String(res.headers.location));
  assert.equal(`${answer.origin}${answer.pathname}`, TEST_IDP_SLO);
  const q = Object.fromEntries(answer.searchParams);
  assert.equal(q.RelayState, 'idp-state');
  const verifier = createVerify('RSA-SHA256');
  verifier.update(
    stringify({ SAMLResponse: q.SAMLResponse, RelayState: q.RelayState, SigAlg: q.SigAlg }),
  );
  assert.ok(verifier.verify(testIdentityConfig().spSigningCert, q.Signature ?? '', 'base64'));
  const xml = inflateRawSync(Buffer.from(q.SAMLResponse ?? '', 'base64')).toString('utf8');
  assert.match(xml, new RegExp(`InResponseTo="${request.id}"`));
  assert.match(xml, /status:Success/);

  // The same LogoutRequest again (a copy of the URL): refused and not answered.
  const replayed = await app.inject({ url: path(request.url) });
  assert.equal(replayed.statusCode, 400);
  assert.match(replayed.body, /Abmeldung nicht zuzuordnen/);
  assert.equal(p.logs.at(-1)?.reason, 'replay');
  assert.equal(replayed.headers.location, undefined, 'no second LogoutResponse');

  // A NameID we do not know: answered, but not as a success.
  const unknown = await app.inject({
    url: path(p.idp.logoutRequestUrl(SP_SLO, { nameId: '_unbekannt' }).url),
  });
  assert.equal(unknown.statusCode, 303);
  const unknownXml = inflateRawSync(
    Buffer.from(
      new URL(String(unknown.headers.location)).searchParams.get('SAMLResponse') ?? '',
      'base64',
    ),
  ).toString('utf8');
  assert.doesNotMatch(unknownXml, /status:Success"\/>/);
  assert.ok(await services.accounts.session(otherToken));
});

test('SAML IdP without SingleLogoutService: signed out here only', async (t) => {
  const p = await portal(t, false);
  const browser = browserFor(p.app);
  const token = await signIn(p, browser);
  const out = await browser.post('/konto/abmelden', {});
  assert.equal(out.statusCode, 303);
  assert.equal(out.headers.location, '/konto/abgemeldet');
  assert.equal(await p.services.accounts.session(token), undefined);
});
