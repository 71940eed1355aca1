import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { browserFor, startTestApp, type TestBrowser } from '../app/testing.ts';
import { DEMO_PERSONA } from './test-idp/idp.ts';
import { connectTestIdp, TEST_IDP_SLO, testIdentityConfig } from './testing.ts';

// SAML single logout over the HTTP-POST binding (ADR 0047), as BundID prefers it, with the
// test IdP configured for POST: our signed LogoutRequest goes as a form; the IdP's signed
// LogoutResponse is posted back cross-site, without our cookie, and must answer a request of
// ours in flight, once; the IdP's own LogoutRequest by POST ends the session it names and is
// answered by a signed LogoutResponse form. Forged, misdirected, stale, replayed or oversized
// messages: 400 with the German page, nobody signed out, nothing used up.

const SP_SLO = 'http://portal.test/saml/slo';
type Logged = { event?: string; reason?: string };

async function portal(t: Parameters<typeof startTestApp>[0]) {
  const logs: Logged[] = [];
  const started = await startTestApp(
    t,
    'test',
    { identity: testIdentityConfig() },
    {
      logger: { level: 'warn', stream: { write: (line: string) => logs.push(JSON.parse(line)) } },
    },
  );
  const idp = await connectTestIdp(started.database.owner, started.verbundId, {
    sloBinding: 'HTTP-POST',
  });
  return { ...started, idp, logs };
}

type Portal = Awaited<ReturnType<typeof portal>>;

const field = (body: string, name: string) =>
  new RegExp(`name="${name}" value="([^"]*)"`).exec(body)?.[1]?.replaceAll('&amp;', '&');

async function signIn(p: Portal, browser: TestBrowser) {
  const page = await browser.get('/anmelden/nutzerkonto/bundid?niveau=substantial');
  const samlResponse = await p.idp.respond(
    p.idp.parseRequest(field(page.body, 'SAMLRequest') ?? ''),
    DEMO_PERSONA,
    3,
  );
  const arrival = await browser.post(
    '/saml/acs',
    { SAMLResponse: samlResponse, RelayState: field(page.body, 'RelayState') ?? '' },
    false,
  );
  if (arrival.headers.location === '/konto/nutzerkonto/neu') {
    await browser.get('/konto/nutzerkonto/neu');
    await browser.post('/konto/nutzerkonto/neu', {});
  }
  await browser.get('/konto'); // the page with "Abmelden" and its CSRF token
  const token = browser.jar.get('session');
  assert.ok(token, 'signed in');
  return token;
}

/** What the IdP posts to our SingleLogoutService: a cross-site POST, so no cookie of ours. */
const postToSlo = (p: Portal, fields: Record<string, string>) =>
  p.app.inject({
    method: 'POST',
    url: '/saml/slo',
    payload: new URLSearchParams(fields).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });

async function refusedPost(p: Portal, fields: Record<string, string>, reason: string) {
  const res = await postToSlo(p, fields);
  assert.equal(res.statusCode, 400, reason);
  assert.match(res.body, /Abmeldung nicht zuzuordnen/, reason);
  assert.equal(p.logs.at(-1)?.reason, reason);
}

test('single logout by POST started here: signed form out, the answer once, without cookie', async (t) => {
  const p = await portal(t);
  const metadata = await p.app.inject({ url: '/saml/metadata' });
  for (const binding of ['HTTP-POST', 'HTTP-Redirect'])
    assert.match(
      metadata.body,
      new RegExp(
        `SingleLogoutService Binding="urn:oasis:names:tc:SAML:2\\.0:bindings:${binding}" Location="${SP_SLO}"`,
      ),
      `our metadata offers ${binding}`,
    );

  const browser = browserFor(p.app);
  const token = await signIn(p, browser);
  const out = await browser.post('/konto/abmelden', {});
  assert.equal(out.statusCode, 200);
  assert.match(out.body, /Abmeldung bei BundID/);
  assert.match(
    out.body,
    new RegExp(`<form method="post" action="${TEST_IDP_SLO}" data-auto-post>`),
  );
  assert.match(out.body, /<button[^>]*type="submit"><span class="kern-label">Weiter<\/span>/);
  assert.match(
    String(out.headers['content-security-policy']),
    /form-action [^;]*https:\/\/idp\.bundid\.test/,
  );
  assert.equal(await p.services.accounts.session(token), undefined, 'signed out here first');
  const request = p.idp.parseLogoutRequestPost({
    SAMLRequest: field(out.body, 'SAMLRequest'),
    RelayState: field(out.body, 'RelayState'),
  }); // throws unless signed by our key
  assert.equal(request.destination, TEST_IDP_SLO);
  assert.equal(request.issuer, 'http://portal.test/saml/metadata');
  assert.match(request.nameId, /^_[0-9a-f]{32}$/, 'the NameID of the assertion');
  assert.match(request.sessionIndex, /^_[0-9a-f]{32}$/, 'its SessionIndex');
  assert.ok(request.relayState);

  // Forged or misdirected answers: each refused, and the request stays open for the real one.
  await refusedPost(p, p.idp.logoutResponsePost(request, SP_SLO, { unsigned: true }), 'signature');
  await refusedPost(p, p.idp.logoutResponsePost(request, SP_SLO, { rogue: true }), 'signature');
  await refusedPost(
    p,
    p.idp.logoutResponsePost(request, SP_SLO, { issuer: 'https://andere-idp.test/saml' }),
    'unknown_provider',
  );
  await refusedPost(
    p,
    p.idp.logoutResponsePost(request, 'http://andere.test/saml/slo'),
    'destination',
  );
  await refusedPost(
    p,
    p.idp.logoutResponsePost(request, SP_SLO, {
      inResponseTo: '_0123456789abcdef0123456789abcdef01234567',
    }),
    'in_response_to',
  );
  await refusedPost(
    p,
    p.idp.logoutResponsePost({ ...request, relayState: 'fremd' }, SP_SLO),
    'in_response_to',
  );
  await refusedPost(p, p.idp.logoutResponsePost(request, SP_SLO, { age: 20 * 60_000 }), 'expired');
  await refusedPost(
    p,
    p.idp.logoutResponsePost(request, SP_SLO, { status: 'Responder' }),
    'status',
  );
  // Bigger than any logout message, refused before it is decoded or parsed.
  await refusedPost(p, { SAMLResponse: 'A'.repeat(62_000), RelayState: 'x' }, 'malformed');
  await refusedPost(p, { SAMLResponse: '<kein base64>' }, 'malformed');

  // Too late: the request in flight has expired.
  const pending = p.database.owner.updateTable('identity_logout_request');
  await pending.set({ expires_at: new Date(Date.now() - 1000) }).execute();
  await refusedPost(p, p.idp.logoutResponsePost(request, SP_SLO), 'expired');
  await pending.set({ expires_at: new Date(Date.now() + 60_000) }).execute();

  // The IdP's real answer, posted without any cookie of ours: "Sie sind abgemeldet".
  const answer = p.idp.logoutResponsePost(request, SP_SLO);
  const back = await postToSlo(p, answer);
  assert.equal(back.statusCode, 303);
  assert.equal(back.headers.location, '/konto/abgemeldet');
  const page = await browser.get('/konto/abgemeldet');
  assert.match(page.body, /<h1[^>]*>Sie sind abgemeldet<\/h1>/);
  // Once only: the request is used up.
  await refusedPost(p, answer, 'replay');
  const row = await p.database.owner
    .selectFrom('identity_logout_request')
    .select(['request_id', 'used_at'])
    .executeTakeFirstOrThrow();
  assert.equal(row.request_id, request.id);
  assert.ok(row.used_at, 'marked answered');
});

test('single logout by POST started by the IdP ends the session it names and answers by POST', async (t) => {
  const p = await portal(t);
  const first = browserFor(p.app);
  const other = browserFor(p.app);
  const token = await signIn(p, first);
  const otherToken = await signIn(p, other);
  const [session] = await p.database.owner
    .selectFrom('identity_session')
    .select(['saml_name_id', 'saml_session_index'])
    .orderBy('created_at')
    .execute();
  assert.ok(session?.saml_name_id && session.saml_session_index);
  const named = { nameId: session.saml_name_id, sessionIndex: session.saml_session_index };

  // Refused, and nobody signed out.
  const bad: [Record<string, string>, string][] = [
    [p.idp.logoutRequestPost(SP_SLO, named, { unsigned: true }).fields, 'signature'],
    [p.idp.logoutRequestPost(SP_SLO, named, { rogue: true }).fields, 'signature'],
    [p.idp.logoutRequestPost('http://andere.test/saml/slo', named).fields, 'destination'],
    [p.idp.logoutRequestPost(SP_SLO, named, { age: 20 * 60_000 }).fields, 'expired'],
    [
      p.idp.logoutRequestPost(SP_SLO, named, { issuer: 'https://andere-idp.test/saml' }).fields,
      'unknown_provider',
    ],
  ];
  for (const [fields, reason] of bad) await refusedPost(p, fields, reason);
  // A signed request with a second, unsigned SessionIndex smuggled into the signature.
  const signed = p.idp.logoutRequestPost(SP_SLO, { nameId: '_unbekannt' }).fields;
  const smuggled = Buffer.from(signed.SAMLRequest ?? '', 'base64')
    .toString('utf8')
    .replace(
      '</ds:SignatureValue>',
      `</ds:SignatureValue><ds:Object><samlp:SessionIndex xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">${named.sessionIndex}</samlp:SessionIndex></ds:Object>`,
    );
  await refusedPost(p, { SAMLRequest: Buffer.from(smuggled).toString('base64') }, 'signature');
  assert.ok(await p.services.accounts.session(token), 'still signed in');
  assert.ok(await p.services.accounts.session(otherToken));

  const request = p.idp.logoutRequestPost(SP_SLO, named, { relayState: 'idp-state' });
  const res = await postToSlo(p, request.fields);
  assert.equal(res.statusCode, 200);
  assert.equal(await p.services.accounts.session(token), undefined, 'that session has ended');
  assert.ok(await p.services.accounts.session(otherToken), 'the other one has not');
  assert.equal((await first.get('/konto')).statusCode, 303, 'this browser is signed out');
  // The same posted request once more: refused, the other session untouched.
  await refusedPost(p, request.fields, 'replay');
  assert.ok(await p.services.accounts.session(otherToken));

  // Our answer: a form to the IdP's SingleLogoutService (also without JavaScript: "Weiter"),
  // with our signed LogoutResponse to its request.
  assert.match(
    res.body,
    new RegExp(`<form method="post" action="${TEST_IDP_SLO}" data-auto-post>`),
  );
  assert.match(res.body, /<span class="kern-label">Weiter<\/span>/);
  assert.match(res.body, /<script src="\/assets\/identity\/auto-post\.js" defer><\/script>/);
  assert.match(
    String(res.headers['content-security-policy']),
    /form-action [^;]*https:\/\/idp\.bundid\.test/,
  );
  assert.equal(field(res.body, 'RelayState'), 'idp-state');
  const xml = Buffer.from(field(res.body, 'SAMLResponse') ?? '', 'base64').toString('utf8');
  const root = new DOMParser().parseFromString(xml, 'text/xml').documentElement;
  assert.equal(root?.localName, 'LogoutResponse');
  assert.equal(root?.getAttribute('InResponseTo'), request.id);
  assert.equal(root?.getAttribute('Destination'), TEST_IDP_SLO);
  assert.match(xml, /status:Success"\/>/);
  const signature = root?.getElementsByTagNameNS(
    'http://www.w3.org/2000/09/xmldsig#',
    'Signature',
  )[0];
  assert.ok(signature, 'signed');
  const verifier = new SignedXml({ publicCert: testIdentityConfig().spSigningCert });
  verifier.loadSignature(signature);
  assert.ok(verifier.checkSignature(xml), 'by our signing key');

  // A NameID we do not know: answered, but not as a success.
  const unknown = await postToSlo(
    p,
    p.idp.logoutRequestPost(SP_SLO, { nameId: '_unbekannt' }).fields,
  );
  assert.equal(unknown.statusCode, 200);
  const unknownXml = Buffer.from(field(unknown.body, 'SAMLResponse') ?? '', 'base64').toString(
    'utf8',
  );
  assert.doesNotMatch(unknownXml, /status:Success"\/>/);
  assert.ok(await p.services.accounts.session(otherToken));
});
