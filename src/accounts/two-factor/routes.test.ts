import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Secret, TOTP } from 'otpauth';
import { browserFor, signedInCitizen, startTestApp, type TestBrowser } from '../../app/testing.ts';
import { requireTrustLevel } from '../sign-in/session.ts';

type Cleanup = Parameters<typeof startTestApp>[0];
const PASSWORD = 'Hasetal Radweg im Sommer';

/**
 * The code of the current step plus `steps`, as the citizen's app would show it. The server
 * checks against the real clock, so each test uses increasing steps (-1, 0, +1: all inside
 * the ±1 window) and never the last second of a step, which the server might see as the next.
 */
async function codeFor(secret: string, steps = 0): Promise<string> {
  const left = 30_000 - (Date.now() % 30_000);
  if (left < 1500) await sleep(left + 50);
  return TOTP.generate({
    secret: Secret.fromBase32(secret),
    timestamp: Date.now() + steps * 30_000,
  });
}

const wrongCode = (right: string) => (right === '000000' ? '111111' : '000000');

async function setUp(t: Cleanup, env: 'test' | 'production' = 'test') {
  const started = await startTestApp(t, env);
  // A page that needs trust level `low`, as a service will; added before the app is ready.
  started.app.get('/test/niedrig', { preHandler: requireTrustLevel('low') }, async () => 'ok');
  return started;
}

/** Walks through the setup pages; the setup code is of the step before (steps -1). */
async function enableTotp(browser: TestBrowser) {
  await browser.get('/konto/zwei-faktor');
  const started = await browser.post('/konto/zwei-faktor/einrichten', {});
  assert.equal(started.statusCode, 303);
  assert.equal(started.headers.location, '/konto/zwei-faktor/einrichten');
  const page = await browser.get('/konto/zwei-faktor/einrichten');
  assert.equal(page.statusCode, 200);
  const shown = /<code class="totp-secret">([A-Z2-7 ]+)<\/code>/.exec(page.body)?.[1];
  assert.ok(shown, 'the secret is shown for typing in by hand');
  const secret = shown.replace(/ /g, '');
  const done = await browser.post('/konto/zwei-faktor/bestaetigen', {
    code: await codeFor(secret, -1),
  });
  assert.equal(done.statusCode, 200);
  const codes = [...done.body.matchAll(/<code class="recovery-code">([0-9a-z-]+)<\/code>/g)].map(
    (m) => m[1] as string,
  );
  assert.equal(codes.length, 10);
  return { secret, codes, page: page.body, done };
}

/** A fresh browser through the password step; returns it on the code page. */
async function passwordStep(app: Parameters<typeof browserFor>[0], email: string, weiter = '/') {
  const browser = browserFor(app);
  await browser.get('/konto/anmelden');
  const res = await browser.post('/konto/anmelden', { email, password: PASSWORD, weiter });
  assert.equal(res.statusCode, 303);
  await browser.get(res.headers.location as string);
  return { browser, res };
}

test('setup: wrong code, then the right one; recovery codes are shown once', async (t) => {
  const { app, smtp } = await setUp(t);
  const browser = await signedInCitizen(app, smtp, 'hanna@example.org');
  const off = await browser.get('/konto/zwei-faktor');
  assert.equal(off.statusCode, 200);
  assert.match(off.body, /Die Zwei-Faktor-Anmeldung ist ausgeschaltet/);
  assert.match((await browser.get('/konto')).body, /href="\/konto\/zwei-faktor"/);

  await browser.post('/konto/zwei-faktor/einrichten', {});
  const page = await browser.get('/konto/zwei-faktor/einrichten');
  assert.match(
    page.body,
    /<svg role="img" aria-label="QR-Code zum Einrichten der Authenticator-App"/,
  );
  assert.doesNotMatch(page.body, /<script/);
  assert.match(page.headers['cache-control'] as string, /no-store/);
  const secret = (
    /<code class="totp-secret">([A-Z2-7 ]+)<\/code>/.exec(page.body)?.[1] ?? ''
  ).replace(/ /g, '');
  assert.equal(secret.length, 32);

  const right = await codeFor(secret, -1);
  const wrong = await browser.post('/konto/zwei-faktor/bestaetigen', { code: wrongCode(right) });
  assert.equal(wrong.statusCode, 422);
  assert.match(wrong.body, /Der Code ist falsch oder abgelaufen/);
  assert.match(wrong.body, /href="#code"/, 'the error summary links to the field');
  assert.match((await browser.get('/konto/zwei-faktor')).body, /noch nicht abgeschlossen/);

  await browser.get('/konto/zwei-faktor/einrichten');
  const done = await browser.post('/konto/zwei-faktor/bestaetigen', { code: right });
  assert.equal(done.statusCode, 200);
  assert.match(done.headers['cache-control'] as string, /no-store/);
  assert.match(done.body, /nur jetzt und nie wieder/);
  const codes = [...done.body.matchAll(/<code class="recovery-code">([0-9a-z-]+)<\/code>/g)].map(
    (m) => m[1] as string,
  );
  assert.equal(codes.length, 10);

  const on = await browser.get('/konto/zwei-faktor');
  assert.match(on.body, /Die Zwei-Faktor-Anmeldung ist eingeschaltet/);
  assert.match(on.body, /Unbenutzte Wiederherstellungscodes: 10 von 10/);
  const again = await browser.get('/konto/zwei-faktor/einrichten');
  assert.equal(again.statusCode, 303, 'no setup page once it is on');
  for (const body of [on.body, again.body]) {
    assert.ok(!body.includes(secret), 'the secret is never sent again');
    for (const code of codes) assert.ok(!body.includes(code), 'nor are the recovery codes');
  }
  const log = (await browser.get('/konto')).body;
  assert.match(log, /Zwei-Faktor-Anmeldung eingeschaltet/);
});

test('sign-in asks for the code; the right one opens a `low` session with a fresh id', async (t) => {
  const { app, smtp, database } = await setUp(t);
  const { secret } = await enableTotp(await signedInCitizen(app, smtp, 'ida@example.org'));

  const browser = browserFor(app);
  browser.jar.set('session', 'planted-by-an-attacker-planted-by-an-attack');
  await browser.get('/konto/anmelden?weiter=%2Fkonto%2Fzwei-faktor');
  const password = await browser.post('/konto/anmelden', {
    email: 'ida@example.org',
    password: PASSWORD,
    weiter: '/konto/zwei-faktor',
  });
  assert.equal(password.statusCode, 303);
  assert.equal(password.headers.location, '/konto/anmelden/code?weiter=%2Fkonto%2Fzwei-faktor');
  const pending = password.cookies.find((c) => c.name === 'login-pending');
  assert.ok(pending);
  assert.equal(pending.httpOnly, true);
  assert.equal(pending.sameSite, 'Lax');
  assert.equal(pending.path, '/');
  assert.ok(pending.expires && pending.expires.getTime() - Date.now() <= 5 * 60_000 + 1000);
  assert.equal(
    password.cookies.find((c) => c.name === 'session'),
    undefined,
    'the password alone opens no session',
  );
  assert.equal((await browser.get('/konto')).statusCode, 303);

  const page = await browser.get(password.headers.location as string);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Sicherheitscode eingeben/);
  assert.match(page.body, /autocomplete="one-time-code"/);
  const right = await codeFor(secret);
  const wrong = await browser.post('/konto/anmelden/code', {
    code: wrongCode(right),
    weiter: '/konto/zwei-faktor',
  });
  assert.equal(wrong.statusCode, 401);
  assert.match(wrong.body, /Der Code ist falsch oder abgelaufen/);

  const done = await browser.post('/konto/anmelden/code', {
    code: right,
    weiter: '/konto/zwei-faktor',
  });
  assert.equal(done.statusCode, 303);
  assert.equal(done.headers.location, '/konto/zwei-faktor', 'the same redirect as without TOTP');
  const session = done.cookies.find((c) => c.name === 'session');
  assert.ok(session && session.value !== 'planted-by-an-attacker-planted-by-an-attack');
  assert.equal(session.httpOnly, true);
  assert.equal(browser.jar.has('login-pending'), false, 'the ticket cookie is removed');
  const rows = await database.owner
    .selectFrom('account_session')
    .select('trust_level')
    .orderBy('created_at', 'desc')
    .execute();
  assert.equal(rows[0]?.trust_level, 'low');
  assert.equal((await browser.get('/konto/zwei-faktor')).statusCode, 200);
  assert.equal((await browser.get('/test/niedrig')).statusCode, 200, 'low is enough for low');

  // Single use: the ticket cookie of this sign-in, sent again, opens nothing.
  const replayTicket = browserFor(app);
  replayTicket.jar.set('login-pending', pending.value);
  await replayTicket.get('/konto/anmelden');
  const reused = await replayTicket.post('/konto/anmelden/code', {
    code: await codeFor(secret, 1),
  });
  assert.equal(reused.statusCode, 400);
  assert.match(reused.body, /Die Anmeldung ist abgelaufen oder wurde schon abgeschlossen/);
});

test('a code that was used once is refused the second time', async (t) => {
  const { app, smtp } = await setUp(t);
  const { secret } = await enableTotp(await signedInCitizen(app, smtp, 'jan@example.org'));
  const code = await codeFor(secret);
  const first = await passwordStep(app, 'jan@example.org');
  assert.equal((await first.browser.post('/konto/anmelden/code', { code })).statusCode, 303);
  const second = await passwordStep(app, 'jan@example.org');
  const replay = await second.browser.post('/konto/anmelden/code', { code });
  assert.equal(replay.statusCode, 401);
  assert.match(replay.body, /Dieser Code wurde schon benutzt/);
  assert.equal(second.browser.jar.has('session'), false);
});

test('wrong codes are throttled like wrong passwords', async (t) => {
  const { app, smtp } = await setUp(t);
  const { secret } = await enableTotp(await signedInCitizen(app, smtp, 'karl@example.org'));
  const { browser } = await passwordStep(app, 'karl@example.org');
  const right = await codeFor(secret);
  for (let i = 0; i < 4; i++) {
    const res = await browser.post('/konto/anmelden/code', { code: wrongCode(right) });
    assert.equal(res.statusCode, 401);
  }
  const fifth = await browser.post('/konto/anmelden/code', { code: wrongCode(right) });
  assert.equal(fifth.statusCode, 401);
  const blocked = await browser.post('/konto/anmelden/code', { code: right });
  assert.equal(blocked.statusCode, 429, 'even the right code waits');
  assert.match(blocked.body, /Zu viele Fehlversuche/);
  const again = browserFor(app);
  await again.get('/konto/anmelden');
  const password = await again.post('/konto/anmelden', {
    email: 'karl@example.org',
    password: PASSWORD,
    weiter: '/',
  });
  assert.equal(password.statusCode, 429, 'the password step is blocked too');
});

test('the sign-in ticket expires after five minutes', async (t) => {
  const { app, smtp, database } = await setUp(t);
  const { secret } = await enableTotp(await signedInCitizen(app, smtp, 'lena@example.org'));
  const { browser } = await passwordStep(app, 'lena@example.org');
  await database.owner
    .updateTable('account_pending_login')
    .set({ expires_at: new Date(Date.now() - 1000) })
    .execute();
  const page = await browser.get('/konto/anmelden/code');
  assert.equal(page.statusCode, 400);
  assert.match(page.body, /Die Anmeldung ist abgelaufen/);
  assert.match(page.body, /href="\/konto\/anmelden"/);
  const { browser: other } = await passwordStep(app, 'lena@example.org');
  await database.owner
    .updateTable('account_pending_login')
    .set({ expires_at: new Date(Date.now() - 1000) })
    .execute();
  const post = await other.post('/konto/anmelden/code', { code: await codeFor(secret) });
  assert.equal(post.statusCode, 400);
  assert.equal(other.jar.has('session'), false);
  assert.equal(other.jar.has('login-pending'), false, 'the dead ticket cookie is removed');
});

test('recovery codes sign in, each once', async (t) => {
  const { app, smtp } = await setUp(t);
  const { codes } = await enableTotp(await signedInCitizen(app, smtp, 'mia@example.org'));
  const first = await passwordStep(app, 'mia@example.org');
  const ok = await first.browser.post('/konto/anmelden/code', { code: codes[3] ?? '' });
  assert.equal(ok.statusCode, 303);
  const status = await first.browser.get('/konto/zwei-faktor');
  assert.match(status.body, /Unbenutzte Wiederherstellungscodes: 9 von 10/);
  assert.match((await first.browser.get('/konto')).body, /Wiederherstellungscode benutzt/);
  const second = await passwordStep(app, 'mia@example.org');
  const reused = await second.browser.post('/konto/anmelden/code', { code: codes[3] ?? '' });
  assert.equal(reused.statusCode, 401);
});

test('turning it off needs the password and a code', async (t) => {
  const { app, smtp } = await setUp(t);
  const browser = await signedInCitizen(app, smtp, 'nina@example.org');
  const { secret } = await enableTotp(browser);
  await browser.get('/konto/zwei-faktor');
  const code = await codeFor(secret);
  const noPassword = await browser.post('/konto/zwei-faktor/ausschalten', {
    password: 'falsches Passwort',
    code,
  });
  assert.equal(noPassword.statusCode, 422);
  assert.match(noPassword.body, /Das Passwort oder der Code ist falsch/);
  const noCode = await browser.post('/konto/zwei-faktor/ausschalten', {
    password: PASSWORD,
    code: wrongCode(code),
  });
  assert.equal(noCode.statusCode, 422);
  assert.match(noCode.body, /Das Passwort oder der Code ist falsch/);
  const off = await browser.post('/konto/zwei-faktor/ausschalten', { password: PASSWORD, code });
  assert.equal(off.statusCode, 200);
  assert.match(off.body, /Die Zwei-Faktor-Anmeldung ist ausgeschaltet/);
  assert.match((await browser.get('/konto')).body, /Zwei-Faktor-Anmeldung ausgeschaltet/);

  const plain = browserFor(app);
  await plain.get('/konto/anmelden');
  const login = await plain.post('/konto/anmelden', {
    email: 'nina@example.org',
    password: PASSWORD,
    weiter: '/',
  });
  assert.equal(login.headers.location, '/konto', 'the password alone signs in again');
});

test('step-up: a code raises the session to `low` under a new id', async (t) => {
  const { app, smtp, database } = await setUp(t);
  const browser = await signedInCitizen(app, smtp, 'otto@example.org');
  const noTotp = await browser.get('/test/niedrig');
  assert.equal(noTotp.statusCode, 303);
  const explain = await browser.get(noTotp.headers.location as string);
  assert.equal(explain.statusCode, 200);
  assert.match(explain.body, /zweiten Faktor/);
  assert.match(explain.body, /href="\/konto\/zwei-faktor"/, 'without TOTP: how to set it up');

  const { secret } = await enableTotp(browser);
  const oldId = browser.jar.get('session') ?? '';
  const guarded = await browser.get('/test/niedrig');
  assert.equal(guarded.statusCode, 303);
  assert.equal(
    guarded.headers.location,
    '/konto/vertrauensniveau?benoetigt=low&weiter=%2Ftest%2Fniedrig',
  );
  const form = await browser.get(guarded.headers.location as string);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /action="\/konto\/vertrauensniveau"/);

  const right = await codeFor(secret);
  const wrong = await browser.post('/konto/vertrauensniveau', {
    code: wrongCode(right),
    weiter: '/test/niedrig',
  });
  assert.equal(wrong.statusCode, 401);
  assert.equal(browser.jar.get('session'), oldId);

  const csrfBefore = browser.jar.get('csrf');
  const raised = await browser.post('/konto/vertrauensniveau', {
    code: right,
    weiter: '/test/niedrig',
  });
  assert.equal(raised.statusCode, 303);
  const csrfAfter = browser.jar.get('csrf');
  assert.ok(csrfAfter && csrfAfter !== csrfBefore, 'csrf: the CSRF secret is rotated at step-up');
  assert.equal(raised.headers.location, '/test/niedrig');
  const newId = browser.jar.get('session') ?? '';
  assert.ok(newId !== '' && newId !== oldId, 'the session id is rotated');
  assert.equal((await browser.get('/test/niedrig')).statusCode, 200);
  const sessions = await database.owner
    .selectFrom('account_session')
    .select('trust_level')
    .execute();
  assert.deepEqual(
    sessions.map((s) => s.trust_level),
    ['low'],
    'the old row is gone, the new one is low',
  );

  const stale = browserFor(app);
  stale.jar.set('session', oldId);
  assert.equal((await stale.get('/konto')).statusCode, 303, 'the old id opens nothing');
  assert.match((await browser.get('/konto')).body, /Mit Sicherheitscode bestätigt/);
});

test('every two-factor form refuses a post without CSRF token and changes nothing', async (t) => {
  const { app, smtp, database } = await setUp(t);
  const browser = await signedInCitizen(app, smtp, 'paul@example.org');
  const refused = async (url: string, form: Record<string, string>) => {
    const res = await browser.post(url, form, false);
    assert.equal(res.statusCode, 403, url);
    assert.match(res.body, /Das Formular ist abgelaufen/, url);
  };
  await refused('/konto/zwei-faktor/einrichten', {});
  assert.equal(
    (await database.owner.selectFrom('account_totp').select('secret').execute()).length,
    0,
  );

  const { secret } = await enableTotp(browser);
  const code = await codeFor(secret);
  await refused('/konto/zwei-faktor/bestaetigen', { code });
  await refused('/konto/zwei-faktor/neue-codes', { 'renew-code': code });
  await refused('/konto/zwei-faktor/ausschalten', { password: PASSWORD, code });
  await refused('/konto/vertrauensniveau', { code, weiter: '/' });
  const { browser: signingIn } = await passwordStep(app, 'paul@example.org');
  const noToken = await signingIn.post('/konto/anmelden/code', { code }, false);
  assert.equal(noToken.statusCode, 403);
  assert.equal(signingIn.jar.has('session'), false);

  const status = await browser.get('/konto/zwei-faktor');
  assert.match(status.body, /eingeschaltet/, 'still on');
  assert.match(status.body, /10 von 10/, 'the recovery codes were not replaced');
  const stored = await database.owner.selectFrom('account_session').select('trust_level').execute();
  assert.ok(
    stored.every((s) => s.trust_level === 'basic'),
    'no session was raised',
  );
  // And the code itself was not used up by the refused posts.
  const ok = await signingIn.post('/konto/anmelden/code', { code });
  assert.equal(ok.statusCode, 303);
});

test('in production the ticket cookie is __Host- and Secure', async (t) => {
  const { app, database } = await setUp(t, 'production');
  const browser = browserFor(app);
  await browser.get('/konto/registrieren');
  await browser.post('/konto/registrieren', {
    email: 'quirin@example.org',
    password: PASSWORD,
    passwordRepeat: PASSWORD,
    consent: 'ja',
  });
  await database.owner.updateTable('account').set({ email_verified_at: new Date() }).execute();
  const account = await database.owner
    .selectFrom('account')
    .select(['id', 'verbund_id'])
    .executeTakeFirstOrThrow();
  await database.owner
    .insertInto('account_totp')
    .values({
      account_id: account.id,
      verbund_id: account.verbund_id,
      secret: new Secret({ size: 20 }).base32,
      confirmed_at: new Date(),
    })
    .execute();
  await browser.get('/konto/anmelden');
  const res = await browser.post('/konto/anmelden', {
    email: 'quirin@example.org',
    password: PASSWORD,
    weiter: '/',
  });
  assert.equal(res.statusCode, 303);
  const cookie = res.cookies.find((c) => c.name === '__Host-login-pending');
  assert.ok(cookie);
  assert.equal(cookie.secure, true);
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.path, '/');
  assert.equal(cookie.domain, undefined);
});
