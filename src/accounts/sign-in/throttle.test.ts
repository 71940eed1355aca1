// Issue 14, item 1: the sign-in throttle must hold under parallel tries. Real HTTP (inject)
// against a real database; the bursts come from three client addresses so that the
// site's per-address request limit (30 a minute on sign-in) stays out of the count.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Secret, TOTP } from 'otpauth';
import { browserFor, signedInCitizen, startTestApp } from '../../web/testing.ts';
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
