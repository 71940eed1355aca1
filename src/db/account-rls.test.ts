import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { seedDemo } from '../tenancy/seed.ts';
import { openRuntimeDatabase } from './database.ts';
import { withAccount } from './rls.ts';
import type { DB } from './schema.ts';
import { createTestDatabase, PERMISSION_DENIED } from './testing.ts';

// The account tables under row-level security (ADR 0021), at the SQL level and as the role
// web and worker run as: one citizen's transaction sees and changes only its own sessions,
// profile, second factor and log; the runtime role by itself sees none; the lookup functions
// answer exactly the key they are given.

// Base32 TOTP secrets of 20 bytes, as the column demands.
const SECRETS: Record<string, string> = {
  anna: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  ben: 'KRSXG5CTMVRXEZLUKRSXG5CTMVRXEZLU',
};

const ACCOUNT_TABLES = [
  'account',
  'account_profile',
  'account_session',
  'account_token',
  'account_totp',
  'account_recovery_code',
  'account_pending_login',
  'login_throttle',
  'security_event',
] as const;

async function twoCitizens(t: Parameters<typeof createTestDatabase>[0]) {
  const database = await createTestDatabase(t);
  const { verbundId } = await seedDemo(database.owner);
  const ids: string[] = [];
  for (const who of ['anna', 'ben']) {
    const { id } = await database.owner
      .insertInto('account')
      .values({
        verbund_id: verbundId,
        email: `${who}@example.org`,
        password_hash: `hash-of-${who}`,
        privacy_version: '2026-11-29',
        privacy_accepted_at: new Date(),
        email_verified_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids.push(id);
    const at = new Date();
    const later = new Date(at.getTime() + 3_600_000);
    const common = { verbund_id: verbundId, account_id: id };
    await database.owner
      .insertInto('account_session')
      .values({
        ...common,
        id_hash: `session-${who}`,
        trust_level: 'basic',
        last_seen_at: at,
        expires_at: later,
      })
      .execute();
    await database.owner
      .insertInto('account_profile')
      .values({
        ...common,
        version: 1,
        given_name: who === 'anna' ? 'Anna' : 'Ben',
        family_name: 'Muster',
      })
      .execute();
    await database.owner
      .insertInto('account_totp')
      .values({ ...common, secret: SECRETS[who] ?? '', confirmed_at: at })
      .execute();
    await database.owner
      .insertInto('account_recovery_code')
      .values({ ...common, code_hash: `code-${who}` })
      .execute();
    await database.owner
      .insertInto('account_token')
      .values({
        id_hash: `token-${who}`,
        account_id: id,
        purpose: 'reset_password',
        expires_at: later,
      })
      .execute();
    await database.owner
      .insertInto('account_pending_login')
      .values({ ...common, id_hash: `pending-${who}`, expires_at: later })
      .execute();
    await database.owner
      .insertInto('security_event')
      .values({ verbund_id: verbundId, account_id: id, kind: 'login.succeeded', at })
      .execute();
  }
  await database.owner
    .insertInto('login_throttle')
    .values({ key: 'ip:192.0.2.1', failures: 2, window_started_at: new Date() })
    .execute();
  const db: Kysely<DB> =
    database.kind === 'pglite' ? (await openRuntimeDatabase(database, undefined)).db : database.db;
  const [anna, ben] = ids as [string, string];
  return { db, verbundId, anna, ben };
}

test('the runtime role by itself reads and writes no account table', async (t) => {
  const { db } = await twoCitizens(t);
  for (const table of ACCOUNT_TABLES) {
    await assert.rejects(
      db.selectFrom(table).select(sql`1`.as('one')).execute(),
      PERMISSION_DENIED,
      `${table} without act-as`,
    );
  }
  await assert.rejects(
    db.deleteFrom('account_session').execute(),
    PERMISSION_DENIED,
    'no session is ended without acting as its account',
  );
});

test("one citizen's transaction sees only its own sessions, profile, second factor and log", async (t) => {
  const { db, anna } = await twoCitizens(t);
  await withAccount(db, anna, async (trx) => {
    const sessions = await trx.selectFrom('account_session').select('id_hash').execute();
    assert.deepEqual(sessions, [{ id_hash: 'session-anna' }]);
    const profiles = await trx.selectFrom('account_profile').select('given_name').execute();
    assert.deepEqual(profiles, [{ given_name: 'Anna' }]);
    const totp = await trx.selectFrom('account_totp').select('secret').execute();
    assert.deepEqual(totp, [{ secret: SECRETS.anna }]);
    const codes = await trx.selectFrom('account_recovery_code').select('code_hash').execute();
    assert.deepEqual(codes, [{ code_hash: 'code-anna' }]);
    const tokens = await trx.selectFrom('account_token').select('id_hash').execute();
    assert.deepEqual(tokens, [{ id_hash: 'token-anna' }]);
    const pending = await trx.selectFrom('account_pending_login').select('id_hash').execute();
    assert.deepEqual(pending, [{ id_hash: 'pending-anna' }]);
    const accounts = await trx.selectFrom('account').select('email').execute();
    assert.deepEqual(accounts, [{ email: 'anna@example.org' }]);
    const events = await trx.selectFrom('security_event').select('account_id').execute();
    assert.deepEqual(events, [{ account_id: anna }]);
  });
});

test("one citizen's transaction cannot change or plant another's rows", async (t) => {
  const { db, verbundId, anna, ben } = await twoCitizens(t);
  const ended = await withAccount(db, anna, (trx) =>
    trx.deleteFrom('account_session').where('account_id', '=', ben).executeTakeFirst(),
  );
  assert.equal(ended.numDeletedRows, 0n, "Ben's session stays");
  const changed = await withAccount(db, anna, (trx) =>
    trx
      .updateTable('account_totp')
      .set({ secret: 'MINE' })
      .where('account_id', '=', ben)
      .executeTakeFirst(),
  );
  assert.equal(changed.numUpdatedRows, 0n, "Ben's second factor stays");
  await assert.rejects(
    withAccount(db, anna, (trx) =>
      trx
        .insertInto('account_session')
        .values({
          id_hash: 'planted',
          verbund_id: verbundId,
          account_id: ben,
          trust_level: 'high',
          last_seen_at: new Date(),
          expires_at: new Date(Date.now() + 60_000),
        })
        .execute(),
    ),
    PERMISSION_DENIED,
    'no session is made for another account',
  );
  await assert.rejects(
    withAccount(db, anna, (trx) => trx.selectFrom('login_throttle').select('key').execute()),
    PERMISSION_DENIED,
    'the throttle rows are nobody’s to read',
  );
  // Nothing of Ben's was touched: he still sees his own rows as they were.
  const bens = await withAccount(db, ben, async (trx) => ({
    sessions: await trx.selectFrom('account_session').select('id_hash').execute(),
    totp: await trx.selectFrom('account_totp').select('secret').execute(),
  }));
  assert.deepEqual(bens, {
    sessions: [{ id_hash: 'session-ben' }],
    totp: [{ secret: SECRETS.ben }],
  });
});

test('the lookup functions answer exactly the key they are given, with no secret', async (t) => {
  const { db, verbundId, anna, ben } = await twoCitizens(t);
  const session = await sql<{ account_id: string; email: string }>`
    select account_id, email from account_session_lookup('session-anna')`.execute(db);
  assert.deepEqual(session.rows, [{ account_id: anna, email: 'anna@example.org' }]);
  const unknown = await sql`select * from account_session_lookup('no-such-hash')`.execute(db);
  assert.deepEqual(unknown.rows, []);
  const byEmail = await sql<Record<string, unknown>>`
    select * from account_by_email(${verbundId}::uuid, 'BEN@example.org')`.execute(db);
  assert.equal(byEmail.rows.length, 1);
  assert.equal(byEmail.rows[0]?.id, ben);
  assert.equal('password_hash' in (byEmail.rows[0] ?? {}), false, 'no password hash leaves it');
  // The applicant read shows only the account the statement acts for.
  const foreign = await sql<{ email: string | null }>`
    select f.email from (select set_config('app.account_id', ${anna}, true)) s
      cross join lateral account_applicant(${ben}::uuid) f`.execute(db);
  assert.deepEqual(foreign.rows, [{ email: null }]);
  const own = await sql<{ email: string | null; given_name: string | null }>`
    select f.email, f.given_name from (select set_config('app.account_id', ${anna}, true)::uuid as a) s
      cross join lateral account_applicant(s.a) f`.execute(db);
  assert.deepEqual(own.rows, [{ email: 'anna@example.org', given_name: 'Anna' }]);
  // A link works once, and only its own.
  const used = await sql<{ id: string | null }>`
    select account_token_consume('token-ben', 'reset_password', now()) as id`.execute(db);
  assert.deepEqual(used.rows, [{ id: ben }]);
  const again = await sql<{ id: string | null }>`
    select account_token_consume('token-ben', 'reset_password', now()) as id`.execute(db);
  assert.deepEqual(again.rows, [{ id: null }]);
});
