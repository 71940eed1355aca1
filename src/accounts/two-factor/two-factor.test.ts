import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Secret, TOTP } from 'otpauth';
import { accountsWithClock } from '../testing.ts';
import { PENDING_LOGIN_TTL_MS } from './service.ts';

const PASSWORD = 'Emslaender Moorlandschaft';

// Service tests on a real database with a clock the test moves: TOTP steps are 30 s apart.
async function setUp(t: Parameters<typeof accountsWithClock>[0], email = 'anna@example.org') {
  const { database, accounts, sent, advance, now } = await accountsWithClock(t);
  await accounts.register({
    email,
    password: PASSWORD,
    passwordRepeat: PASSWORD,
    consent: true,
    language: 'de',
  });
  const link = /token=([\w-]+)/.exec(sent.at(-1)?.text ?? '')?.[1] ?? '';
  await accounts.verifyEmail(link);
  const login = (password = PASSWORD, clientKey = '1') =>
    accounts.login({ email, password, clientKey });
  const basic = await login();
  assert.equal(basic.kind, 'ok');
  const session = await accounts.session(basic.kind === 'ok' ? basic.token : undefined);
  assert.ok(session);
  assert.equal(session.trustLevel, 'basic', 'without TOTP a session is basic');

  /** Sets TOTP up through the service, as the setup page does; returns secret and codes. */
  const enable = async () => {
    await accounts.twoFactor.startSetup(session);
    const pending = await accounts.twoFactor.pendingSetup(session);
    assert.ok(pending);
    const codes = await accounts.twoFactor.confirmSetup(session, codeAt(pending.secret));
    assert.ok(codes);
    return { secret: pending.secret, codes };
  };
  const codeAt = (secret: string, offsetMs = 0) =>
    TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: now().getTime() + offsetMs });
  /** Password step of a sign-in for an account with TOTP: the ticket for the code page. */
  const ticket = async (clientKey = '1') => {
    const outcome = await login(PASSWORD, clientKey);
    assert.equal(outcome.kind, 'second_factor');
    return outcome.kind === 'second_factor' ? outcome.token : '';
  };
  const events = async () => (await accounts.overview(session.accountId)).events.map((e) => e.kind);
  return {
    database,
    accounts,
    sent,
    advance,
    session,
    enable,
    codeAt,
    ticket,
    login,
    events,
    twoFactor: accounts.twoFactor,
  };
}

test('setup: a wrong code is refused, the right one turns TOTP on; the secret is not shown again', async (t) => {
  const { twoFactor, session, codeAt, database, events } = await setUp(t);
  assert.deepEqual(await twoFactor.status(session.accountId), { state: 'off' });
  assert.equal(await twoFactor.startSetup(session), true);
  const pending = await twoFactor.pendingSetup(session);
  assert.ok(pending);
  assert.match(pending.secret, /^[A-Z2-7]{32}$/, '20 random bytes in base32');
  const uri = new URL(pending.uri);
  assert.equal(uri.protocol, 'otpauth:');
  assert.equal(uri.host, 'totp');
  assert.equal(uri.searchParams.get('secret'), pending.secret);
  assert.equal(uri.searchParams.get('issuer'), 'Portalverbund Landkreis Emsland');
  assert.equal(uri.searchParams.get('algorithm'), 'SHA1');
  assert.equal(uri.searchParams.get('digits'), '6');
  assert.equal(uri.searchParams.get('period'), '30');

  const wrong = codeAt(pending.secret) === '000000' ? '111111' : '000000';
  assert.equal(await twoFactor.confirmSetup(session, wrong), undefined);
  assert.equal(
    await twoFactor.confirmSetup(session, codeAt(pending.secret, 5 * 60_000)),
    undefined,
    'a code five minutes ahead is outside the ±1 step window',
  );
  assert.deepEqual(await twoFactor.status(session.accountId), { state: 'pending' });

  const codes = await twoFactor.confirmSetup(session, codeAt(pending.secret, -30_000));
  assert.ok(codes, 'one step of clock drift is forgiven');
  assert.equal(codes.length, 10);
  assert.equal(new Set(codes).size, 10);
  for (const code of codes)
    assert.match(code, /^[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{4}-[0-9a-hjkmnp-tv-z]{2}$/);

  const status = await twoFactor.status(session.accountId);
  assert.equal(status.state, 'on');
  assert.equal(status.state === 'on' && status.recoveryCodesLeft, 10);
  assert.equal(await twoFactor.pendingSetup(session), undefined, 'the secret is never shown again');
  assert.equal(await twoFactor.startSetup(session), false, 'a running setup is not replaced');
  assert.equal(
    await twoFactor.confirmSetup(session, codeAt(pending.secret, 30_000)),
    undefined,
    'nothing left to confirm',
  );

  const stored = await database.owner
    .selectFrom('account_recovery_code')
    .select('code_hash')
    .execute();
  assert.equal(stored.length, 10);
  const all = stored.map((r) => r.code_hash).join(' ');
  for (const code of codes) {
    assert.ok(!all.includes(code) && !all.includes(code.replace(/-/g, '')), 'only hashes stored');
  }
  assert.equal((await events())[0], 'totp.enabled');
});

test('with TOTP the password opens no session; the right code opens a `low` one, once', async (t) => {
  const { twoFactor, enable, ticket, codeAt, advance, accounts, database, events } = await setUp(t);
  const { secret } = await enable();
  const sessionsBefore = await database.owner
    .selectFrom('account_session')
    .select('id_hash')
    .execute();

  const token = await ticket();
  assert.equal(await accounts.session(token), undefined, 'the ticket is not a session');
  const rows = await database.owner.selectFrom('account_session').select('id_hash').execute();
  assert.equal(rows.length, sessionsBefore.length, 'no session yet');
  const pendingRows = await database.owner
    .selectFrom('account_pending_login')
    .select('id_hash')
    .execute();
  assert.equal(pendingRows.length, 1);
  assert.notEqual(pendingRows[0]?.id_hash, token, 'only a hash of the ticket is stored');
  assert.equal(await twoFactor.pendingLoginUsable(token), true);

  advance(30_000);
  const done = await twoFactor.completeLogin({ token, code: codeAt(secret), clientKey: '1' });
  assert.equal(done.kind, 'ok');
  const session = await accounts.session(done.kind === 'ok' ? done.token : undefined);
  assert.equal(session?.trustLevel, 'low');
  assert.notEqual(done.kind === 'ok' && done.token, token, 'the session id is new');

  advance(30_000);
  assert.equal(await twoFactor.pendingLoginUsable(token), false);
  assert.deepEqual(
    await twoFactor.completeLogin({ token, code: codeAt(secret), clientKey: '1' }),
    { kind: 'expired' },
    'the ticket works once',
  );
  assert.equal((await events())[0], 'login.succeeded');
});

test('the sign-in ticket expires after five minutes', async (t) => {
  const { twoFactor, enable, ticket, codeAt, advance } = await setUp(t);
  const { secret } = await enable();
  const token = await ticket();
  advance(PENDING_LOGIN_TTL_MS + 1000);
  assert.equal(await twoFactor.pendingLoginUsable(token), false);
  assert.deepEqual(await twoFactor.completeLogin({ token, code: codeAt(secret), clientKey: '1' }), {
    kind: 'expired',
  });
  assert.deepEqual(
    await twoFactor.completeLogin({ token: 'not-a-ticket', code: codeAt(secret), clientKey: '1' }),
    { kind: 'expired' },
  );
});

test('a code is refused the second time, and so is any code of an earlier step', async (t) => {
  const { twoFactor, enable, ticket, codeAt, advance } = await setUp(t);
  const { secret } = await enable();
  advance(60_000);
  const code = codeAt(secret);
  const first = await twoFactor.completeLogin({ token: await ticket(), code, clientKey: '1' });
  assert.equal(first.kind, 'ok');
  const again = await twoFactor.completeLogin({ token: await ticket(), code, clientKey: '1' });
  assert.equal(again.kind, 'replayed');
  const earlier = await twoFactor.completeLogin({
    token: await ticket(),
    code: codeAt(secret, -30_000),
    clientKey: '1',
  });
  assert.equal(earlier.kind, 'replayed', 'the step before the used one is spent too');
  const next = await twoFactor.completeLogin({
    token: await ticket(),
    code: codeAt(secret, 30_000),
    clientKey: '1',
  });
  assert.equal(next.kind, 'ok', 'the next step is fine');
});

test('each recovery code signs in once; typing mistakes in case and dashes are forgiven', async (t) => {
  const { twoFactor, enable, ticket, session, events, database } = await setUp(t);
  const { codes } = await enable();
  const [first = '', second = ''] = codes;
  const typed = ` ${first.replace(/-/g, ' ').toUpperCase()} `;
  const done = await twoFactor.completeLogin({
    token: await ticket(),
    code: typed,
    clientKey: '1',
  });
  assert.equal(done.kind, 'ok');
  assert.equal((await events()).slice(0, 2).join(), 'login.succeeded,recovery_code.used');
  const status = await twoFactor.status(session.accountId);
  assert.equal(status.state === 'on' && status.recoveryCodesLeft, 9);

  const token = await ticket();
  assert.equal(
    (await twoFactor.completeLogin({ token, code: first, clientKey: '1' })).kind,
    'invalid',
    'a used code is spent',
  );
  assert.equal((await twoFactor.completeLogin({ token, code: second, clientKey: '1' })).kind, 'ok');
  const used = await database.owner
    .selectFrom('account_recovery_code')
    .select('used_at')
    .where('used_at', 'is not', null)
    .execute();
  assert.equal(used.length, 2);
});

test('wrong codes count against the sign-in throttle; the right password does not reset it', async (t) => {
  const { twoFactor, enable, ticket, codeAt, advance, login, sent, events, database } =
    await setUp(t);
  const { secret } = await enable();
  advance(60_000);
  const right = codeAt(secret);
  const wrong = right === '123456' ? '654321' : '123456';
  const token = await ticket();
  for (let i = 0; i < 4; i++) {
    assert.equal(
      (await twoFactor.completeLogin({ token, code: wrong, clientKey: '1' })).kind,
      'invalid',
    );
  }
  // A fresh password round buys no fresh guesses.
  const token2 = await ticket();
  assert.equal(
    (await twoFactor.completeLogin({ token: token2, code: 'abc', clientKey: '1' })).kind,
    'invalid',
  );
  const blocked = await twoFactor.completeLogin({ token: token2, code: right, clientKey: '1' });
  assert.equal(blocked.kind, 'throttled', 'even the right code waits while blocked');
  assert.equal((await login()).kind, 'throttled', 'and so does the password');
  assert.equal(
    sent.filter((m) => m.subject === 'Mehrere fehlgeschlagene Anmeldeversuche').length,
    1,
    'the owner is told',
  );
  assert.ok((await events()).includes('totp.failed'));

  advance(31_000);
  const after = await twoFactor.completeLogin({
    token: token2,
    code: codeAt(secret),
    clientKey: '1',
  });
  assert.equal(after.kind, 'ok');
  const left = await database.owner
    .selectFrom('login_throttle')
    .select('key')
    .where('key', 'like', 'email:%')
    .execute();
  assert.equal(left.length, 0, 'a full sign-in clears the count for the account');
});

test('turning TOTP off needs the password and a code; afterwards the password alone signs in', async (t) => {
  const { twoFactor, enable, session, codeAt, advance, login, events, database } = await setUp(t);
  const { secret, codes } = await enable();
  advance(30_000);
  assert.equal(
    (await twoFactor.disable(session, { password: 'falsch', code: codeAt(secret), clientKey: '1' }))
      .kind,
    'invalid',
  );
  assert.equal(
    (await twoFactor.disable(session, { password: PASSWORD, code: '000000', clientKey: '1' })).kind,
    'invalid',
  );
  assert.equal((await twoFactor.status(session.accountId)).state, 'on');
  assert.equal(
    (
      await twoFactor.disable(session, {
        password: PASSWORD,
        code: codes[0] ?? '',
        clientKey: '1',
      })
    ).kind,
    'ok',
    'a recovery code will do when the phone is lost',
  );
  assert.deepEqual(await twoFactor.status(session.accountId), { state: 'off' });
  assert.equal(
    (await database.owner.selectFrom('account_recovery_code').select('code_hash').execute()).length,
    0,
  );
  const outcome = await login();
  assert.equal(outcome.kind, 'ok');
  assert.ok((await events()).includes('totp.disabled'));
});

test('step-up raises a basic session to low under a new id and keeps its end', async (t) => {
  const { twoFactor, enable, session, codeAt, advance, accounts, events } = await setUp(t);
  const { secret } = await enable();
  assert.equal(session.trustLevel, 'basic');
  advance(30_000);
  assert.equal(
    (await twoFactor.stepUp(session, '000000', { clientKey: '1' })).kind === 'ok',
    false,
  );
  const raised = await twoFactor.stepUp(session, codeAt(secret), { clientKey: '1' });
  assert.equal(raised.kind, 'ok');
  const token = raised.kind === 'ok' ? raised.token : '';
  const now = await accounts.session(token);
  assert.equal(now?.trustLevel, 'low');
  assert.equal(now?.expiresAt.getTime(), session.expiresAt.getTime());
  assert.equal(now?.accountId, session.accountId);
  const stale = await twoFactor.stepUp(session, codeAt(secret, 30_000), { clientKey: '1' });
  assert.equal(stale.kind, 'unavailable', 'the old session id is gone');
  assert.equal((await events())[0], 'session.trust_raised');
});

test('new recovery codes replace the old ones', async (t) => {
  const { twoFactor, enable, session, codeAt, advance, ticket } = await setUp(t);
  const { secret, codes: old } = await enable();
  advance(30_000);
  const renewed = await twoFactor.renewRecoveryCodes(session, codeAt(secret), { clientKey: '1' });
  assert.equal(renewed.kind, 'ok');
  const fresh = renewed.kind === 'ok' ? renewed.codes : [];
  assert.equal(fresh.length, 10);
  const token = await ticket();
  assert.equal(
    (await twoFactor.completeLogin({ token, code: old[0] ?? '', clientKey: '1' })).kind,
    'invalid',
  );
  assert.equal(
    (await twoFactor.completeLogin({ token, code: fresh[0] ?? '', clientKey: '1' })).kind,
    'ok',
  );
});
