// Issue 14, items 3 and 10: what a password reset and a sign-in end. Real HTTP (inject) on a
// real database, mails through the real SMTP test server.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  browserFor,
  linkIn,
  signedInCitizen,
  startTestApp,
  TEST_PASSWORD,
} from '../../app/testing.ts';

const NEW_PASSWORD = 'ein neues langes Kennwort';

test('reset: an older reset link no longer works after a reset with a newer one; sessions in another browser end', async (t) => {
  const { app, smtp } = await startTestApp(t);
  const email = 'gesa@example.org';
  const elsewhere = await signedInCitizen(app, smtp, email);
  assert.equal((await elsewhere.get('/konto')).statusCode, 200);

  const before = (await smtp.mailsTo(email, 1)).length;
  const browser = browserFor(app);
  for (let i = 0; i < 2; i++) {
    await browser.get('/konto/passwort-vergessen');
    await browser.post('/konto/passwort-vergessen', { email });
  }
  const resets = (await smtp.mailsTo(email, before + 2)).slice(before);
  const [first, second] = resets.map((mail) => linkIn(mail.body, '/konto/passwort-neu'));
  assert.ok(first && second && first.token !== second.token, 'two different links');

  await browser.get(second.path);
  const done = await browser.post('/konto/passwort-neu', {
    token: second.token,
    password: NEW_PASSWORD,
    passwordRepeat: NEW_PASSWORD,
  });
  assert.match(done.body, /Ihr neues Passwort ist gespeichert/);

  const stale = await browser.get(first.path);
  assert.equal(stale.statusCode, 400, 'opening the older link shows it is no longer valid');
  const replay = await browser.post('/konto/passwort-neu', {
    token: first.token,
    password: 'noch ein langes Kennwort',
    passwordRepeat: 'noch ein langes Kennwort',
  });
  assert.equal(replay.statusCode, 400, 'and it sets no password');
  assert.equal((await elsewhere.get('/konto')).statusCode, 303, 'the other browser is signed out');

  const oldPassword = browserFor(app);
  await oldPassword.get('/konto/anmelden');
  const refused = await oldPassword.post('/konto/anmelden', {
    email,
    password: TEST_PASSWORD,
    weiter: '/',
  });
  assert.equal(refused.statusCode, 401, 'the old password is gone');
  await oldPassword.signIn(email, NEW_PASSWORD);
});

test('sessions: signing in as a second account in the same browser ends the first session on the server', async (t) => {
  const { app, smtp, database } = await startTestApp(t);
  const browser = await signedInCitizen(app, smtp, 'hinnerk@example.org');
  await signedInCitizen(app, smtp, 'imke@example.org');
  const first = browser.jar.get('session') ?? '';
  assert.notEqual(first, '');

  await browser.signIn('imke@example.org');
  const second = browser.jar.get('session') ?? '';
  assert.notEqual(second, first);
  assert.match((await browser.get('/konto')).body, /imke@example\.org/);

  // The first cookie, kept by someone else, opens nothing any more.
  const kept = browserFor(app);
  kept.jar.set('session', first);
  assert.equal((await kept.get('/konto')).statusCode, 303, 'the first session has ended');
  const rows = await database.owner
    .selectFrom('account_session')
    .innerJoin('account', 'account.id', 'account_session.account_id')
    .select('account.email')
    .execute();
  assert.equal(
    rows.filter((r) => r.email === 'hinnerk@example.org').length,
    0,
    'no session of the first account is left',
  );
});

test('csrf: the CSRF secret is rotated at sign-in; a token from before no longer posts', async (t) => {
  const { app, smtp } = await startTestApp(t);
  const browser = await signedInCitizen(app, smtp, 'jelto@example.org');
  await browser.post('/konto/abmelden', {});
  await browser.get('/konto/anmelden');
  const secretBefore = browser.jar.get('csrf');
  const tokenBefore = browser.csrf();
  assert.ok(secretBefore && tokenBefore);
  const login = await browser.post('/konto/anmelden', {
    email: 'jelto@example.org',
    password: TEST_PASSWORD,
    weiter: '/',
  });
  assert.equal(login.statusCode, 303);
  const secretAfter = browser.jar.get('csrf');
  assert.ok(
    secretAfter && secretAfter !== secretBefore,
    'a new CSRF secret comes with the session',
  );

  // A token read (or planted) before the sign-in is refused, and signs nobody out.
  const stale = await app.inject({
    method: 'POST',
    url: '/konto/abmelden',
    cookies: Object.fromEntries(browser.jar),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: tokenBefore }).toString(),
  });
  assert.equal(stale.statusCode, 403);
  assert.equal((await browser.get('/konto')).statusCode, 200, 'still signed in');
  // A page after the sign-in hands out a token that works.
  const out = await browser.post('/konto/abmelden', {});
  assert.equal(out.statusCode, 303);
});
