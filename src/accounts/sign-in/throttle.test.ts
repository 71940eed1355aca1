// Issue 14, item 1: the sign-in throttle must hold under parallel tries. Real HTTP (inject)
// against a real database; the bursts come from three client addresses so that the
// site's per-address request limit (30 a minute on sign-in) stays out of the count.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Secret, TOTP } from 'otpauth';
import { browserFor, signedInCitizen, startTestApp, TEST_PASSWORD } from '../../app/testing.ts';
import { accountsWithClock } from '../testing.ts';

const BURST = 25;
const SEQUENTIAL_LIMIT = 5;

test('throttle race: 25 parallel wrong passwords, three bursts, evaluate no more than 5 (401), the rest 429', async (t) => {
  const { app, smtp } = await startTestApp(t);
  const email = 'rieke@example.org';
  await signedInCitizen(app, smtp, email);
  const statuses: number[] = [];
  for (const [burst, address] of ['198.51.100.1', '198.51.100.2', '198.51.100.3'].entries()) {
    // Each try from its own "browser" with the CSRF token of its own sign-in page.
    const browsers = await Promise.all(
      Array.from({ length: BURST }, async () => {
        const browser = browserFor(app);
        await browser.get('/konto/anmelden');
        return browser;
      }),
    );
    const answers = await Promise.all(
      browsers.map((browser) =>
        app.inject({
          method: 'POST',
          url: '/konto/anmelden',
          remoteAddress: address,
          cookies: Object.fromEntries(browser.jar),
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          payload: new URLSearchParams({
            email,
            password: `falsch ${burst}`,
            weiter: '/',
            _csrf: browser.csrf(),
          }).toString(),
        }),
      ),
    );
    for (const answer of answers) {
      assert.ok([401, 429].includes(answer.statusCode), `got ${answer.statusCode}`);
      if (answer.statusCode === 429) assert.match(answer.body, /Zu viele Fehlversuche/);
      statuses.push(answer.statusCode);
    }
  }
  const evaluated = statuses.filter((s) => s === 401).length;
  assert.ok(
    evaluated <= SEQUENTIAL_LIMIT,
    `${evaluated} of ${statuses.length} wrong passwords were evaluated; sequential tries allow ${SEQUENTIAL_LIMIT}`,
  );
  assert.equal(statuses.filter((s) => s === 429).length, statuses.length - evaluated);
});

test('throttle race: 25 parallel wrong second-factor codes evaluate no more than 5', async (t) => {
  const { accounts, sent } = await accountsWithClock(t);
  const email = 'tjark@example.org';
  const password = 'Emslaender Moorlandschaft';
  await accounts.register({
    email,
    password,
    passwordRepeat: password,
    consent: true,
    language: 'de',
  });
  await accounts.verifyEmail(/token=([\w-]+)/.exec(sent.at(-1)?.text ?? '')?.[1] ?? '');
  const first = await accounts.login({ email, password, clientKey: '1' });
  assert.equal(first.kind, 'ok');
  const session = await accounts.session(first.kind === 'ok' ? first.token : undefined);
  assert.ok(session);
  await accounts.twoFactor.startSetup(session);
  const pending = await accounts.twoFactor.pendingSetup(session);
  assert.ok(pending);
  const code = TOTP.generate({
    secret: Secret.fromBase32(pending.secret),
    timestamp: Date.parse('2026-11-29T10:00:00Z'),
  });
  assert.ok(await accounts.twoFactor.confirmSetup(session, code));
  const ticket = await accounts.login({ email, password, clientKey: '1' });
  assert.equal(ticket.kind, 'second_factor');
  const token = ticket.kind === 'second_factor' ? ticket.token : '';
  const wrong = code === '123456' ? '654321' : '123456';
  const outcomes = await Promise.all(
    Array.from({ length: BURST }, () =>
      accounts.twoFactor.completeLogin({ token, code: wrong, clientKey: '1' }),
    ),
  );
  const evaluated = outcomes.filter((o) => o.kind === 'invalid').length;
  assert.ok(evaluated <= SEQUENTIAL_LIMIT, `${evaluated} wrong codes were evaluated`);
  assert.equal(outcomes.filter((o) => o.kind === 'throttled').length, BURST - evaluated);
});

// Issue 14, item 4 (ADR 0018): knowing an address must not be enough to lock its owner out.
test('lockout: while an attacker hammers an address, its owner still signs in from a known device; the attacker stays blocked', async (t) => {
  const { app, smtp } = await startTestApp(t);
  const email = 'wiebke@example.org';
  const owner = await signedInCitizen(app, smtp, email);
  assert.ok(owner.jar.get('device'), 'a sign-in leaves a device cookie');
  await owner.post('/konto/abmelden', {});

  const attacker = browserFor(app);
  const tries: number[] = [];
  const attack = async (address: string, password = 'geraten') => {
    await attacker.get('/konto/anmelden');
    const answer = await app.inject({
      method: 'POST',
      url: '/konto/anmelden',
      remoteAddress: address,
      cookies: Object.fromEntries(attacker.jar),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        email,
        password,
        weiter: '/',
        _csrf: attacker.csrf(),
      }).toString(),
    });
    tries.push(answer.statusCode);
    return answer.statusCode;
  };
  // From many addresses, so the per-address count never blocks the attacker.
  for (let i = 0; i < 12; i++) await attack(`203.0.113.${i + 1}`);
  assert.equal(tries.filter((s) => s === 401).length, 5, 'brute force: five guesses, then');
  assert.equal(tries.filter((s) => s === 429).length, 7, 'every further try is refused');

  await owner.get('/konto/anmelden');
  const signIn = await owner.post('/konto/anmelden', {
    email,
    password: TEST_PASSWORD,
    weiter: '/',
  });
  assert.equal(signIn.statusCode, 303, 'the owner signs in from the known device');
  assert.equal((await owner.get('/konto')).statusCode, 200);

  assert.equal(await attack('203.0.113.99'), 429, 'the attacker is still blocked');
  assert.equal(
    await attack('203.0.113.100', TEST_PASSWORD),
    429,
    'even with the right password: a new browser waits out the block',
  );
  // A device cookie is for its own address only: the attacker's own account's cookie buys
  // no guesses at the owner's.
  const own = await signedInCitizen(app, smtp, 'angreifer@example.org');
  attacker.jar.set('device', own.jar.get('device') ?? '');
  assert.equal(await attack('203.0.113.101'), 429);
});

test('lockout: a known device has an allowance of its own and is blocked after five wrong passwords', async (t) => {
  const { accounts, sent, advance } = await accountsWithClock(t);
  const email = 'okko@example.org';
  const password = 'Emslaender Moorlandschaft';
  await accounts.register({
    email,
    password,
    passwordRepeat: password,
    consent: true,
    language: 'de',
  });
  await accounts.verifyEmail(/token=([\w-]+)/.exec(sent.at(-1)?.text ?? '')?.[1] ?? '');
  const first = await accounts.login({ email, password, clientKey: '1' });
  assert.equal(first.kind, 'ok');
  const device = first.kind === 'ok' ? first.device.value : '';
  const fromDevice = (pw: string) =>
    accounts.login({ email, password: pw, clientKey: '1', deviceCookie: device });
  for (let i = 0; i < 5; i++) assert.equal((await fromDevice('falsch')).kind, 'invalid');
  assert.equal((await fromDevice(password)).kind, 'throttled', 'the device waits too');
  // The account's own count was not touched: a browser without the cookie is not blocked.
  assert.equal((await accounts.login({ email, password, clientKey: '2' })).kind, 'ok');
  // A cookie past its end is no device any more.
  advance(181 * 24 * 60 * 60_000);
  for (let i = 0; i < 5; i++) await accounts.login({ email, password: 'x', clientKey: '3' });
  assert.equal((await fromDevice(password)).kind, 'throttled', 'an expired cookie counts as none');
});
