// Citizens' TOTP secrets at rest (ADR 0022): the column holds no secret a dump would show, a
// secret stored before sealing keeps working and is sealed by the worker's job, and after a
// Verbund key rotation the rewrap job moves each second factor's data key to the new key, with
// sign-in by code working throughout. PGlite, or PostgreSQL with DATABASE_URL.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { Secret, TOTP } from 'otpauth';
import { createAccounts } from '../accounts/sign-in/service.ts';
import { accountsWithClock } from '../accounts/testing.ts';
import { type Keyring, parseApplicationKeys } from '../envelope/envelope.ts';
import { rewrapDataKeys } from '../envelope/rewrap.ts';
import { rowsHolding } from '../envelope/testing.ts';
import { KEY_HOLDERS } from './key-holders.ts';
import { testServices } from './testing.ts';
import { workerJobs } from './worker.ts';

const PASSWORD = 'Emslaender Moorlandschaft';
// A secret as a citizen's authenticator app got it before sealing: base32, 20 bytes.
const OLD_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

test('citizens’ TOTP secrets: sealed at rest, old ones sealed by the worker, rewrapped after rotation', async (t) => {
  const { database, keyring, accounts, sent, advance, now } = await accountsWithClock(t);
  const owner = database.owner;
  const codeAt = (secret: string) =>
    TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: now().getTime() });

  const register = async (email: string) => {
    await accounts.register({
      email,
      password: PASSWORD,
      passwordRepeat: PASSWORD,
      consent: true,
      language: 'de',
    });
    await accounts.verifyEmail(/token=([\w-]+)/.exec(sent.at(-1)?.text ?? '')?.[1] ?? '');
  };
  /** A whole sign-in with password and code, as the two pages do it. */
  const signInWithCode = async (service: typeof accounts, email: string, secret: string) => {
    advance(30_000); // a new time step: a code counts once
    const first = await service.login({ email, password: PASSWORD, clientKey: '1' });
    assert.equal(first.kind, 'second_factor', `${email}: the password asks for the code`);
    const done = await service.twoFactor.completeLogin({
      token: first.kind === 'second_factor' ? first.token : undefined,
      code: codeAt(secret),
      clientKey: '1',
    });
    return done.kind;
  };

  // Set up through the service: the secret shown once, sealed in the row.
  await register('anna@example.org');
  const signedIn = await accounts.login({
    email: 'anna@example.org',
    password: PASSWORD,
    clientKey: '1',
  });
  const session = await accounts.session(signedIn.kind === 'ok' ? signedIn.token : undefined);
  assert.ok(session);
  await accounts.twoFactor.startSetup(session);
  const pending = await accounts.twoFactor.pendingSetup(session);
  assert.ok(pending);
  assert.match(pending.secret, /^[A-Z2-7]{32}$/, 'the setup page still shows the secret');
  assert.ok(await accounts.twoFactor.confirmSetup(session, codeAt(pending.secret)));
  assert.equal(await rowsHolding(owner, 'account_totp', pending.secret), 0, 'no secret in clear');
  assert.equal(
    await rowsHolding(owner, 'account_totp', Secret.fromBase32(pending.secret).bytes),
    0,
    'nor its bytes',
  );
  const anna = await owner
    .selectFrom('account_totp')
    .select(['secret', 'key_id'])
    .where('account_id', '=', session.accountId)
    .executeTakeFirstOrThrow();
  assert.deepEqual(anna, { secret: null, key_id: keyring.activeId });
  assert.equal(await signInWithCode(accounts, 'anna@example.org', pending.secret), 'ok');

  // A second factor from before sealing: plain in the row, still working, then sealed.
  await register('ben@example.org');
  const ben = await owner
    .selectFrom('account')
    .select(['id', 'verbund_id'])
    .where('email', '=', 'ben@example.org')
    .executeTakeFirstOrThrow();
  await owner
    .insertInto('account_totp')
    .values({
      account_id: ben.id,
      verbund_id: ben.verbund_id,
      secret: OLD_SECRET,
      confirmed_at: now(),
    })
    .execute();
  assert.equal(await signInWithCode(accounts, 'ben@example.org', OLD_SECRET), 'ok');
  // The worker's job, as the worker process runs it (its mails are not part of this test).
  const job = workerJobs(testServices(database, { send: async () => {} }, { keyring })).find(
    (j) => j.name === 'accounts.seal-plain-totp',
  );
  assert.ok(job, 'the worker runs the job');
  assert.deepEqual(await job.run(), { sealed: 1 });
  assert.equal(await rowsHolding(owner, 'account_totp', OLD_SECRET), 0, 'sealed by the worker');
  assert.deepEqual(await job.run(), { sealed: 0 }, 'nothing left');
  assert.equal(await signInWithCode(accounts, 'ben@example.org', OLD_SECRET), 'ok');

  // A Verbund key rotation: the rewrap job moves both data keys to the new key; codes work
  // with the new key alone afterwards.
  const next = freshKey('next');
  const rotated: Keyring = { activeId: 'next', keys: new Map([...next.keys, ...keyring.keys]) };
  const outcome = await rewrapDataKeys(database.db, rotated, KEY_HOLDERS);
  assert.ok(outcome.rewrapped >= 2, 'both second factors were rewrapped');
  const keyIds = await owner.selectFrom('account_totp').select('key_id').execute();
  assert.deepEqual(
    keyIds.map((row) => row.key_id),
    ['next', 'next'],
  );
  const afterRotation = createAccounts({
    db: database.db,
    keyring: next,
    mailer: { send: async () => {} },
    publicUrl: 'http://portal.test',
    verbund: async () => ({ id: ben.verbund_id, name: 'Portalverbund Landkreis Emsland' }),
    now,
  });
  assert.equal(await signInWithCode(afterRotation, 'anna@example.org', pending.secret), 'ok');
  assert.equal(await signInWithCode(afterRotation, 'ben@example.org', OLD_SECRET), 'ok');
});

function freshKey(id: string): Keyring {
  const { keyring } = parseApplicationKeys(
    `${id}:${randomBytes(32).toString('base64')}`,
    undefined,
  );
  if (keyring === undefined) throw new Error('test key rejected');
  return keyring;
}
