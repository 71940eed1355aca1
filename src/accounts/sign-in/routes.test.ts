import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserFor, startTestApp, TEST_PASSWORD } from '../../app/testing.ts';

const PASSWORD = TEST_PASSWORD;

async function setUp(t: Parameters<typeof startTestApp>[0], env: 'test' | 'production' = 'test') {
  const started = await startTestApp(t, env);
  return { ...started, browser: browserFor(started.app) };
}

async function register(
  browser: ReturnType<typeof browserFor>,
  email: string,
  password = PASSWORD,
) {
  await browser.get('/konto/registrieren');
  return browser.post('/konto/registrieren', {
    email,
    password,
    passwordRepeat: password,
    consent: 'ja',
  });
}

function linkFrom(body: string, path: string): string {
  const match = new RegExp(`http://portal\\.test(${path}\\?token=[\\w-]+)`).exec(body);
  assert.ok(match, `mail contains a ${path} link`);
  return match[1] as string;
}

test('register → mailed link → confirm → sign in → account page → sign out', async (t) => {
  const { browser, smtp } = await setUp(t);
  const registered = await register(browser, 'clara@example.org');
  assert.equal(registered.statusCode, 200);
  assert.match(registered.body, /Prüfen Sie Ihr E-Mail-Postfach/);

  const mail = await smtp.lastMailTo('clara@example.org');
  assert.equal(mail.decoded('subject'), 'Bitte bestätigen Sie Ihre E-Mail-Adresse');
  const confirmPath = linkFrom(mail.body, '/konto/bestaetigen');

  const confirmPage = await browser.get(confirmPath);
  assert.equal(confirmPage.statusCode, 200, 'opening the link alone does not use it up');
  const confirmed = await browser.post('/konto/bestaetigen', {
    token: new URL(confirmPath, 'http://x').searchParams.get('token') ?? '',
  });
  assert.match(confirmed.body, /Ihre E-Mail-Adresse ist bestätigt/);
  assert.equal((await browser.get(confirmPath)).statusCode, 400, 'a used link is refused');

  await browser.get('/konto/anmelden');
  const login = await browser.post('/konto/anmelden', {
    email: 'clara@example.org',
    password: PASSWORD,
    weiter: '/',
  });
  assert.equal(login.statusCode, 303);
  assert.equal(login.headers.location, '/konto');
  const cookie = login.cookies.find((c) => c.name === 'session');
  assert.ok(cookie);
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.sameSite, 'Lax');
  assert.equal(cookie.path, '/');

  const account = await browser.get('/konto');
  assert.equal(account.statusCode, 200);
  assert.match(account.body, /clara@example\.org/);
  assert.match(account.body, /Sicherheitsprotokoll/);
  assert.match(account.body, /E-Mail-Adresse bestätigt/);
  assert.match(account.body, />Mein Konto</, 'the header knows the citizen is signed in');

  const out = await browser.post('/konto/abmelden', {});
  assert.equal(out.statusCode, 303);
  const after = await browser.get('/konto');
  assert.equal(after.statusCode, 303);
  assert.match(after.headers.location as string, /^\/konto\/anmelden\?weiter=/);
});

test('a fresh session id at every sign-in; a planted or stale id opens nothing', async (t) => {
  const { browser, smtp } = await setUp(t);
  await register(browser, 'dirk@example.org');
  const token =
    new URL(
      linkFrom((await smtp.lastMailTo('dirk@example.org')).body, '/konto/bestaetigen'),
      'http://x',
    ).searchParams.get('token') ?? '';
  await browser.get(`/konto/bestaetigen?token=${token}`);
  await browser.post('/konto/bestaetigen', { token });

  browser.jar.set('session', 'planted-by-an-attacker-planted-by-an-attack');
  await browser.get('/konto/anmelden');
  const first = await browser.post('/konto/anmelden', {
    email: 'dirk@example.org',
    password: PASSWORD,
    weiter: '/',
  });
  const firstId = first.cookies.find((c) => c.name === 'session')?.value;
  assert.ok(firstId && firstId !== 'planted-by-an-attacker-planted-by-an-attack');
  await browser.get('/konto/anmelden');
  const second = await browser.post('/konto/anmelden', {
    email: 'dirk@example.org',
    password: PASSWORD,
    weiter: '/',
  });
  const secondId = second.cookies.find((c) => c.name === 'session')?.value;
  assert.ok(secondId && secondId !== firstId);
});

test('the same answer for a new and a known address; the owner gets a mail instead', async (t) => {
  const { browser, smtp, database } = await setUp(t);
  const strip = (body: string) => body.replace(/name="_csrf" value="[^"]+"/g, '');
  const first = await register(browser, 'eva@example.org');
  const again = await register(browser, 'EVA@example.org', 'ein anderes langes Passwort');
  assert.equal(again.statusCode, first.statusCode);
  assert.equal(strip(again.body), strip(first.body));
  const accounts = await database.owner.selectFrom('account').select('id').execute();
  assert.equal(accounts.length, 1);
  // Unverified owner: a fresh confirmation link; both mails go to the same mailbox.
  // Sent by the worker (ADR 0019): wait for both.
  assert.equal((await smtp.mailsTo('eva@example.org', 2)).length, 2);
});

test('form posts without a valid CSRF token are refused and change nothing', async (t) => {
  const { browser, database, smtp } = await setUp(t);
  await browser.get('/konto/registrieren');
  const res = await browser.post(
    '/konto/registrieren',
    { email: 'forged@example.org', password: PASSWORD, passwordRepeat: PASSWORD, consent: 'ja' },
    false,
  );
  assert.equal(res.statusCode, 403);
  assert.match(res.body, /Das Formular ist abgelaufen/);
  assert.doesNotMatch(res.body, /at .*\.ts:\d+/);
  assert.equal((await database.owner.selectFrom('account').select('id').execute()).length, 0);
  assert.equal(smtp.received.length, 0);
});

test('invalid registrations get each problem next to its field, in German, with 422', async (t) => {
  const { browser, database } = await setUp(t);
  await browser.get('/konto/registrieren');
  const res = await browser.post('/konto/registrieren', {
    email: 'not-an-address',
    password: 'kurz',
    passwordRepeat: 'kurz',
  });
  assert.equal(res.statusCode, 422);
  assert.match(
    res.body,
    /<a class="kern-link" href="#email">Geben Sie eine E-Mail-Adresse im Format/,
  );
  assert.match(
    res.body,
    /<a class="kern-link" href="#password">Das Passwort muss mindestens 12 Zeichen lang sein/,
  );
  assert.match(res.body, /<a class="kern-link" href="#consent">Bestätigen Sie/);
  assert.match(res.body, /value="not-an-address"/, 'the address is kept, the password is not');
  assert.doesNotMatch(res.body, /value="kurz"/);
  const huge = await browser.post('/konto/registrieren', {
    email: `${'a'.repeat(5000)}@x.de`,
    password: PASSWORD,
    passwordRepeat: PASSWORD,
    consent: 'ja',
  });
  assert.equal(huge.statusCode, 400);
  assert.equal((await database.owner.selectFrom('account').select('id').execute()).length, 0);
});

test('wrong passwords are answered alike, then throttled with a 429 and a German message', async (t) => {
  const { browser } = await setUp(t);
  const attempt = async (email: string) => {
    await browser.get('/konto/anmelden');
    return browser.post('/konto/anmelden', { email, password: 'falsches Passwort', weiter: '/' });
  };
  const unknown = await attempt('nobody@example.org');
  assert.equal(unknown.statusCode, 401);
  assert.match(unknown.body, /Die E-Mail-Adresse oder das Passwort ist falsch\./);
  for (let i = 0; i < 4; i++) await attempt('nobody@example.org');
  const blocked = await attempt('nobody@example.org');
  assert.equal(blocked.statusCode, 429);
  assert.match(blocked.body, /Zu viele Fehlversuche/);
});

test('password reset by mailed link: single use, ends every session', async (t) => {
  const { browser, smtp } = await setUp(t);
  await register(browser, 'franz@example.org');
  const verify =
    new URL(
      linkFrom((await smtp.lastMailTo('franz@example.org')).body, '/konto/bestaetigen'),
      'http://x',
    ).searchParams.get('token') ?? '';
  await browser.get(`/konto/bestaetigen?token=${verify}`);
  await browser.post('/konto/bestaetigen', { token: verify });
  await browser.get('/konto/anmelden');
  await browser.post('/konto/anmelden', {
    email: 'franz@example.org',
    password: PASSWORD,
    weiter: '/',
  });
  assert.equal((await browser.get('/konto')).statusCode, 200);

  await browser.get('/konto/passwort-vergessen');
  const asked = await browser.post('/konto/passwort-vergessen', { email: 'franz@example.org' });
  assert.match(asked.body, /Wenn zu dieser E-Mail-Adresse ein Konto besteht/);
  // The worker sends the link (ADR 0019): the second mail after the confirmation.
  const mail = (await smtp.mailsTo('franz@example.org', 2)).at(-1);
  assert.ok(mail);
  assert.equal(mail.decoded('subject'), 'Passwort zurücksetzen');
  const resetPath = linkFrom(mail.body, '/konto/passwort-neu');
  const token = new URL(resetPath, 'http://x').searchParams.get('token') ?? '';

  await browser.get(resetPath);
  const done = await browser.post('/konto/passwort-neu', {
    token,
    password: 'ein neues langes Kennwort',
    passwordRepeat: 'ein neues langes Kennwort',
  });
  assert.match(done.body, /Ihr neues Passwort ist gespeichert/);
  assert.equal((await browser.get('/konto')).statusCode, 303, 'the old session has ended');
  const replay = await browser.post('/konto/passwort-neu', {
    token,
    password: 'noch ein langes Kennwort',
    passwordRepeat: 'noch ein langes Kennwort',
  });
  assert.equal(replay.statusCode, 400);
  assert.match(replay.body, /Dieser Link ist ungültig, abgelaufen oder wurde schon benutzt/);
});

test('in production the session cookie is __Host- and Secure', async (t) => {
  const { browser, database } = await setUp(t, 'production');
  // Skip the mailed link: this test is about the cookie, not verification.
  await register(browser, 'gerd@example.org');
  await database.owner.updateTable('account').set({ email_verified_at: new Date() }).execute();
  await browser.get('/konto/anmelden');
  const login = await browser.post('/konto/anmelden', {
    email: 'gerd@example.org',
    password: PASSWORD,
    weiter: '/',
  });
  const cookie = login.cookies.find((c) => c.name === '__Host-session');
  assert.ok(cookie, 'cookie is named __Host-session');
  assert.equal(cookie.secure, true);
  assert.equal(cookie.httpOnly, true);
  assert.equal(cookie.path, '/');
  assert.equal(cookie.domain, undefined);
});

test('a route that needs a higher trust level explains the step-up', async (t) => {
  const { browser } = await setUp(t);
  const res = await browser.get('/konto/vertrauensniveau?benoetigt=substantial&weiter=%2Fkonto');
  assert.equal(res.statusCode, 403);
  assert.match(res.body, /ELSTER-Zertifikat oder BundID/);
});
