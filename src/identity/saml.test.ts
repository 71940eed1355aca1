import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { browserFor, signedInCitizen, startTestApp, type TestBrowser } from '../app/testing.ts';
import type { Flaw } from './test-idp/idp.ts';
import { DEMO_PERSONA } from './test-idp/idp.ts';
import { connectTestIdp, TEST_IDP_SSO, testIdentityConfig } from './testing.ts';

// BundID over SAML end to end through the portal's HTTP routes: a SAML IdP in this process
// (test-idp/idp.ts) checks our signed AuthnRequest and answers with real signed and encrypted
// assertions; the portal runs on a real database. Only the browser is app.inject.

type Logged = { event?: string; reason?: string; provider?: string | null; msg?: string };

async function portal(t: Parameters<typeof startTestApp>[0], idpOptions = {}) {
  const logs: Logged[] = [];
  const started = await startTestApp(
    t,
    'test',
    { identity: testIdentityConfig() },
    {
      logger: { level: 'warn', stream: { write: (line: string) => logs.push(JSON.parse(line)) } },
    },
  );
  const idp = await connectTestIdp(started.database.owner, started.verbundId, idpOptions);
  return { ...started, idp, logs };
}

/** Follows "Mit BundID anmelden" to the POST-binding page and reads the form it would send. */
async function startSignIn(browser: TestBrowser, level = 'substantial', next = '/antraege') {
  const page = await browser.get(
    `/anmelden/nutzerkonto/bundid?niveau=${level}&weiter=${encodeURIComponent(next)}`,
  );
  assert.equal(page.statusCode, 200);
  assert.match(page.body, new RegExp(`<form method="post" action="${TEST_IDP_SSO}"`));
  // Without JavaScript the citizen sees and presses "Weiter".
  assert.match(page.body, /<button[^>]*type="submit"><span class="kern-label">Weiter<\/span>/);
  assert.match(
    String(page.headers['content-security-policy']),
    /form-action 'self' https:\/\/idp\.bundid\.test/,
  );
  const field = (name: string) => {
    const value = new RegExp(`name="${name}" value="([^"]+)"`).exec(page.body)?.[1];
    assert.ok(value, `the form carries ${name}`);
    return value;
  };
  return { samlRequest: field('SAMLRequest'), relayState: field('RelayState') };
}

async function answer(
  browser: TestBrowser,
  idp: Awaited<ReturnType<typeof portal>>['idp'],
  started: { samlRequest: string; relayState: string },
  options: { level?: number; flaw?: Flaw; persona?: typeof DEMO_PERSONA } = {},
) {
  const request = idp.parseRequest(started.samlRequest);
  const samlResponse = await idp.respond(
    request,
    options.persona ?? DEMO_PERSONA,
    options.level ?? 3,
    options.flaw,
  );
  return browser.post(
    '/saml/acs',
    { SAMLResponse: samlResponse, RelayState: started.relayState },
    false,
  );
}

const sessionCookie = (browser: TestBrowser) => browser.jar.get('session');

test('the sign-in page offers "Mit BundID anmelden"; the AuthnRequest asks BundID as it must', async (t) => {
  const { app, idp } = await portal(t);
  const browser = browserFor(app);
  const signIn = await browser.get('/konto/anmelden');
  assert.match(signIn.body, /Mit BundID anmelden/);
  assert.match(
    signIn.body,
    /href="\/anmelden\/nutzerkonto\/bundid\?niveau=substantial&amp;weiter=/,
  );

  const started = await startSignIn(browser, 'substantial');
  const request = idp.parseRequest(started.samlRequest); // throws unless signed by our key
  assert.equal(request.requestedLevel, 3);
  assert.equal(request.comparison, 'minimum');
  assert.equal(request.acsUrl, 'http://portal.test/saml/acs');
  assert.equal(request.issuer, 'http://portal.test/saml/metadata');
  const extension = request.extension;
  assert.ok(extension, 'the AKDB extension is there');
  assert.equal(extension.getAttribute('Version'), '2');
  const xml = extension.toString();
  assert.match(xml, /OrganizationDisplayName>Portalverbund Landkreis Emsland</);
  assert.match(xml, /OnlineServiceId>emsland-test</);
  assert.match(
    xml,
    /RequestedAttribute Name="urn:oid:1\.3\.6\.1\.4\.1\.25484\.494450\.3" RequiredAttribute="true"/,
  );
});

test('SP metadata names our entity, the POST consumer and both certificates', async (t) => {
  const { app } = await portal(t);
  const res = await app.inject({ url: '/saml/metadata' });
  assert.equal(res.statusCode, 200);
  assert.match(res.headers['content-type'] as string, /samlmetadata\+xml/);
  assert.match(res.body, /entityID="http:\/\/portal\.test\/saml\/metadata"/);
  assert.match(res.body, /Location="http:\/\/portal\.test\/saml\/acs"/);
  assert.match(res.body, /KeyDescriptor use="signing"/);
  assert.match(res.body, /KeyDescriptor use="encryption"/);
});

test('first BundID sign-in creates a Bürgerkonto at substantial; the next one signs straight in', async (t) => {
  const { app, idp, services, database, verbundId } = await portal(t);
  const browser = browserFor(app);
  const arrival = await answer(
    browser,
    idp,
    await startSignIn(browser, 'substantial', '/antraege'),
  );
  assert.equal(arrival.statusCode, 303);
  assert.equal(arrival.headers.location, '/konto/nutzerkonto/neu');
  assert.equal(sessionCookie(browser), undefined, 'no session before the citizen chooses');

  const choice = await browser.get('/konto/nutzerkonto/neu');
  assert.match(choice.body, /Erste Anmeldung mit BundID/);
  assert.match(choice.body, /Neues Bürgerkonto anlegen/);
  assert.match(choice.body, /Vorhandenes Bürgerkonto verknüpfen/);
  const created = await browser.post('/konto/nutzerkonto/neu', {});
  assert.equal(created.statusCode, 303);
  assert.equal(created.headers.location, '/antraege', 'back where the citizen wanted to go');
  const first = sessionCookie(browser);
  assert.ok(first);
  const session = await services.accounts.session(first);
  assert.equal(session?.trustLevel, 'substantial');
  assert.equal(session?.email, DEMO_PERSONA.email);

  // The bPK2 is stored only as a keyed hash, nowhere in clear.
  const links = await sql<{ subject_key: string }>`select subject_key from identity_link`.execute(
    database.owner,
  );
  assert.equal(links.rows.length, 1);
  assert.notEqual(links.rows[0]?.subject_key, DEMO_PERSONA.bpk2);
  const dump = await sql<{ found: number }>`select count(*)::int as found from identity_link l
    join identity_pending_link p on true where l.subject_key like ${`%${DEMO_PERSONA.bpk2}%`}`.execute(
    database.owner,
  );
  assert.equal(dump.rows[0]?.found, 0);
  // Delivered at substantial: marked verified. The e-mail address came at "NORMAL" (the
  // citizen typed it into the BundID account), so it is not.
  const verified = await services.identity?.service.verifiedAttributes(session?.accountId ?? '');
  assert.deepEqual(Object.fromEntries((verified ?? []).map((a) => [a.name, a.value])), {
    given_name: 'Erika',
    family_name: 'Mustermann',
    birth_date: '1964-08-12',
    street: 'Heidestraße 17',
    postcode: '49716',
    city: 'Meppen',
  });
  void verbundId;

  // Another browser, the same person: signed in at once, a session id of its own.
  const again = browserFor(app);
  const back = await answer(again, idp, await startSignIn(again, 'substantial', '/konto'), {
    level: 4,
    persona: { ...DEMO_PERSONA, street: 'Marktplatz 1' },
  });
  assert.equal(back.statusCode, 303);
  assert.equal(back.headers.location, '/konto');
  const second = sessionCookie(again);
  assert.ok(second && second !== first);
  const secondSession = await services.accounts.session(second);
  assert.equal(secondSession?.trustLevel, 'high');
  assert.equal(secondSession?.accountId, session?.accountId);
  const refreshed = await services.identity?.service.verifiedAttributes(session?.accountId ?? '');
  assert.equal(refreshed?.find((a) => a.name === 'street')?.value, 'Marktplatz 1');
  assert.ok(refreshed?.every((a) => a.trust_level === 'high'));
});

test('a citizen with a password account links it after proving it, and keeps one account', async (t) => {
  const { app, idp, services, smtp } = await portal(t);
  const email = 'jan.hasetal@example.org';
  const browser = await signedInCitizen(app, smtp, email);
  const basic = sessionCookie(browser);
  const arrival = await answer(browser, idp, await startSignIn(browser, 'substantial', '/konto'), {
    persona: { ...DEMO_PERSONA, bpk2: 'bpk2-jan', email },
  });
  assert.equal(arrival.headers.location, '/konto/nutzerkonto/neu');
  // Creating would clash with the address: the page says to link instead.
  await browser.get('/konto/nutzerkonto/neu');
  const clash = await browser.post('/konto/nutzerkonto/neu', {});
  assert.equal(clash.statusCode, 409);
  assert.match(clash.body, /gibt es schon ein Bürgerkonto/);

  const linkPage = await browser.get('/konto/nutzerkonto/verknuepfen');
  assert.equal(linkPage.statusCode, 200);
  assert.match(linkPage.body, /Bürgerkonto mit BundID verknüpfen/);
  const linked = await browser.post('/konto/nutzerkonto/verknuepfen', {});
  assert.equal(linked.statusCode, 303);
  assert.equal(linked.headers.location, '/konto');
  const stepped = sessionCookie(browser);
  assert.ok(stepped && stepped !== basic, 'the session id rotates at the step-up');
  assert.equal(await services.accounts.session(basic), undefined, 'the basic session ended');
  const session = await services.accounts.session(stepped);
  assert.equal(session?.email, email);
  assert.equal(session?.trustLevel, 'substantial');

  // From now on BundID alone opens the same account.
  const later = browserFor(app);
  const direct = await answer(later, idp, await startSignIn(later), {
    persona: { ...DEMO_PERSONA, bpk2: 'bpk2-jan', email },
  });
  assert.equal(direct.statusCode, 303);
  assert.equal(
    (await services.accounts.session(sessionCookie(later)))?.accountId,
    session?.accountId,
  );
});

test('a signing certificate rollover: the next key is accepted while both are configured', async (t) => {
  const { app, idp, services } = await portal(t, {
    signWith: 'idp-next',
    trusted: ['idp', 'idp-next'],
  });
  const browser = browserFor(app);
  const arrival = await answer(browser, idp, await startSignIn(browser));
  assert.equal(arrival.statusCode, 303);
  await browser.get('/konto/nutzerkonto/neu');
  await browser.post('/konto/nutzerkonto/neu', {});
  assert.equal(
    (await services.accounts.session(sessionCookie(browser)))?.trustLevel,
    'substantial',
  );
});

test('assertions signed with RSASSA-PSS (BundID since 2024/25) and with PKCS#1 v1.5 both pass', async (t) => {
  for (const signatureAlgorithm of ['rsassa-pss', 'rsa-pkcs1'] as const) {
    const { app, idp, services } = await portal(t, { signatureAlgorithm });
    const browser = browserFor(app);
    const post = await startSignIn(browser);
    // What the IdP signs with shows in the assertion before it is encrypted.
    const plain = Buffer.from(
      await idp.respond(idp.parseRequest(post.samlRequest), DEMO_PERSONA, 3, 'not_encrypted'),
      'base64',
    ).toString('utf8');
    assert.match(
      plain,
      signatureAlgorithm === 'rsassa-pss'
        ? /SignatureMethod Algorithm="http:\/\/www\.w3\.org\/2007\/05\/xmldsig-more#sha256-rsa-MGF1"/
        : /SignatureMethod Algorithm="http:\/\/www\.w3\.org\/2001\/04\/xmldsig-more#rsa-sha256"/,
    );
    const arrival = await answer(browser, idp, await startSignIn(browser));
    assert.equal(arrival.statusCode, 303, signatureAlgorithm);
    await browser.get('/konto/nutzerkonto/neu');
    await browser.post('/konto/nutzerkonto/neu', {});
    assert.equal(
      (await services.accounts.session(sessionCookie(browser)))?.trustLevel,
      'substantial',
      signatureAlgorithm,
    );
  }
});

const BAD: { name: string; flaw?: Flaw; level?: number; reason: string; text: RegExp }[] = [
  {
    name: 'an unsigned assertion',
    flaw: 'unsigned',
    reason: 'signature',
    text: /nicht sicher prüfen/,
  },
  {
    name: 'a wrongly signed assertion',
    flaw: 'rogue_signature',
    reason: 'signature',
    text: /nicht sicher prüfen/,
  },
  {
    name: 'signature wrapping (a second, unsigned assertion)',
    flaw: 'wrapping',
    reason: 'not_encrypted',
    text: /nicht sicher prüfen/,
  },
  {
    name: 'an assertion for another audience',
    flaw: 'wrong_audience',
    reason: 'audience',
    text: /nicht sicher prüfen/,
  },
  {
    name: 'a response for another destination',
    flaw: 'wrong_destination',
    reason: 'destination',
    text: /nicht sicher prüfen/,
  },
  { name: 'an expired assertion', flaw: 'expired', reason: 'expired', text: /nicht sicher prüfen/ },
  {
    name: 'an assertion in clear text',
    flaw: 'not_encrypted',
    reason: 'not_encrypted',
    text: /nicht sicher prüfen/,
  },
  {
    name: 'a lower level than requested',
    level: 2,
    reason: 'level_too_low',
    text: /niedrigeres Vertrauensniveau/,
  },
  {
    name: 'a missing bPK2',
    flaw: 'no_bpk2',
    reason: 'attribute_missing',
    text: /nicht alle nötigen Angaben/,
  },
];

for (const bad of BAD) {
  test(`refused: ${bad.name}; a German page, a log line without personal data, no session`, async (t) => {
    const { app, idp, logs, database } = await portal(t);
    const browser = browserFor(app);
    const res = await answer(browser, idp, await startSignIn(browser), {
      ...(bad.flaw ? { flaw: bad.flaw } : {}),
      ...(bad.level ? { level: bad.level } : {}),
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Die Anmeldung ist nicht gelungen/);
    assert.match(res.body, bad.text);
    assert.equal(sessionCookie(browser), undefined);
    assert.equal(browser.jar.get('identity-pending'), undefined);
    const line = logs.find((l) => l.event === 'identity.refused');
    assert.deepEqual(
      { reason: line?.reason, provider: line?.provider },
      { reason: bad.reason, provider: 'bundid' },
    );
    const logged = JSON.stringify(logs);
    for (const personal of [DEMO_PERSONA.bpk2, 'Mustermann', 'Erika', DEMO_PERSONA.email ?? ''])
      assert.ok(!logged.includes(personal), `the log holds no ${personal}`);
    const { rows } = await sql<{ n: number }>`select (select count(*) from account_session)::int
      + (select count(*) from identity_link)::int + (select count(*) from identity_pending_link)::int as n`.execute(
      database.owner,
    );
    assert.equal(rows[0]?.n, 0, 'nothing was written');
  });
}

test('refused: a replayed assertion, a tampered RelayState, an unknown IdP', async (t) => {
  const { app, idp, logs, services } = await portal(t);
  const browser = browserFor(app);
  const started = await startSignIn(browser);
  const request = idp.parseRequest(started.samlRequest);
  const samlResponse = await idp.respond(request, DEMO_PERSONA, 3);

  // Tampered RelayState: one character changed.
  const flipped = `${started.relayState.slice(0, -1)}${started.relayState.endsWith('A') ? 'B' : 'A'}`;
  const tampered = await browser.post(
    '/saml/acs',
    { SAMLResponse: samlResponse, RelayState: flipped },
    false,
  );
  assert.equal(tampered.statusCode, 400);
  assert.match(tampered.body, /abgelaufen oder wurde schon verwendet/);
  assert.equal(logs.at(-1)?.reason, 'unknown_state');

  const ok = await browser.post(
    '/saml/acs',
    { SAMLResponse: samlResponse, RelayState: started.relayState },
    false,
  );
  assert.equal(ok.statusCode, 303);

  // The same assertion again, even under a fresh sign-in's RelayState: a replay.
  const other = browserFor(app);
  const fresh = await startSignIn(other);
  const replay = await other.post(
    '/saml/acs',
    { SAMLResponse: samlResponse, RelayState: fresh.relayState },
    false,
  );
  assert.equal(replay.statusCode, 400);
  assert.equal(sessionCookie(other), undefined);
  assert.ok(['replay', 'in_response_to'].includes(logs.at(-1)?.reason ?? ''));

  // The very same POST twice (RelayState used up).
  const twice = await browser.post(
    '/saml/acs',
    { SAMLResponse: samlResponse, RelayState: started.relayState },
    false,
  );
  assert.equal(twice.statusCode, 400);
  assert.equal(logs.at(-1)?.reason, 'unknown_state');

  const unknown = await browser.get('/anmelden/nutzerkonto/niemand?niveau=substantial');
  assert.equal(unknown.statusCode, 400);
  assert.match(unknown.body, /nicht angebunden/);
  assert.deepEqual(
    { reason: logs.at(-1)?.reason, provider: logs.at(-1)?.provider },
    { reason: 'unknown_provider', provider: 'niemand' },
  );
  void services;
});

test('replay: an assertion id used once is refused under a new request id too', async (t) => {
  const { app, idp, logs } = await portal(t);
  const first = browserFor(app);
  const started = await startSignIn(first);
  const request = idp.parseRequest(started.samlRequest);
  const response = await idp.respond(request, DEMO_PERSONA, 3, undefined, '_assertion-once');
  assert.equal(
    (
      await first.post(
        '/saml/acs',
        { SAMLResponse: response, RelayState: started.relayState },
        false,
      )
    ).statusCode,
    303,
  );
  // Everything fits the new sign-in (request id, times, signature) but the assertion id was
  // used before: only the one-time check stands in the way.
  const second = browserFor(app);
  const next = await startSignIn(second);
  const replayed = await idp.respond(
    idp.parseRequest(next.samlRequest),
    DEMO_PERSONA,
    3,
    undefined,
    '_assertion-once',
  );
  const res = await second.post(
    '/saml/acs',
    { SAMLResponse: replayed, RelayState: next.relayState },
    false,
  );
  assert.equal(res.statusCode, 400);
  assert.equal(logs.at(-1)?.reason, 'replay');
});
