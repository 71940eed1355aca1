import { CompiledQuery, type Kysely, type Selectable, sql } from 'kysely';
import type {
  AccountSessionTable,
  AccountTable,
  AccountTokenTable,
  DB,
  TrustLevel,
} from '../db/schema.ts';

type Purpose = AccountTokenTable['purpose'];

export function findAccountByEmail(db: Kysely<DB>, verbundId: string, email: string) {
  return (
    db
      .selectFrom('account')
      // Sign-in needs to know about a second factor right away; one query instead of two.
      .leftJoin('account_totp', 'account_totp.account_id', 'account.id')
      .select([
        'account.id',
        'account.email',
        'account.password_hash',
        'account.email_verified_at',
        'account.language',
        sql<boolean>`account_totp.confirmed_at is not null`.as('totp_enabled'),
      ])
      .where('account.verbund_id', '=', verbundId)
      .where(sql<string>`lower(account.email)`, '=', email.toLowerCase())
      .executeTakeFirst()
  );
}

type SignInRow = {
  id: string | null;
  email: string | null;
  password_hash: string | null;
  email_verified_at: Date | null;
  language: 'de' | 'en' | null;
  totp_enabled: boolean;
  key: string;
  failures: number;
  blocked_until: Date | null;
  counted: boolean;
};

export type ThrottleParams = {
  at: Date;
  /** Failures before this time are forgotten: the count starts again at 1. */
  quietSince: Date;
  /** Random id of this attempt (see migration 2026-12-01-03-01). */
  attempt: string;
  accountAllowed: number;
  addressAllowed: number;
};

/** What one attempt did to one throttle key: counted (and the count), or refused as blocked. */
export type CountedKey = {
  key: string;
  failures: number;
  blocked_until: Date | null;
  counted: boolean;
};

// Counts one attempt on two keys in one atomic upsert and answers, per key, whether it was
// counted. A key that is blocked stays as it is (the attempt is refused, not counted), else
// the count goes up by one from the stored value (never from a value read earlier) and a
// count at or past the allowance blocks for 30 s, doubling with each further count, at most
// 15 minutes. Right-hand sides of `set` read the row as it was before this attempt.
const BLOCKED = 'lt.blocked_until > $3::timestamptz';
const COUNT = 'case when lt.window_started_at < $4::timestamptz then 1 else lt.failures + 1 end';
const ALLOWED = "case when lt.key like 'ip:%' then $7::integer else $6::integer end";
const ATTEMPT_UPSERT = `insert into login_throttle as lt (key, failures, window_started_at, blocked_until, last_attempt)
    values ($1, 1, $3::timestamptz, null, $5), ($2, 1, $3::timestamptz, null, $5)
    on conflict (key) do update set
      failures = case when ${BLOCKED} then lt.failures else ${COUNT} end,
      blocked_until = case when ${BLOCKED} then lt.blocked_until
        when ${COUNT} >= ${ALLOWED} then $3::timestamptz
          + make_interval(secs => least(30 * power(2, least(${COUNT} - (${ALLOWED}), 10)), 900))
        else null end,
      owner_notified_at = case when ${BLOCKED} then lt.owner_notified_at
        when lt.window_started_at < $4::timestamptz then null else lt.owner_notified_at end,
      window_started_at = case when ${BLOCKED} then lt.window_started_at else $3::timestamptz end,
      last_attempt = case when ${BLOCKED} then lt.last_attempt else $5 end
    returning lt.key, lt.failures, lt.blocked_until, lt.last_attempt = $5 as counted`;

// The statement of every sign-in is a fixed text, prepared on PostgreSQL (src/db/prepared.ts):
// no query building, parsing or planning per sign-in. One row per key; the account columns
// (the same on both rows) hang off them with a left join.
const SIGN_IN_ATTEMPT = `/* prepared sign_in_attempt */
  with attempt as (${ATTEMPT_UPSERT})
  select a.id, a.email, a.password_hash, a.email_verified_at, a.language,
    t.confirmed_at is not null as totp_enabled,
    attempt.key, attempt.failures, attempt.blocked_until, attempt.counted
  from attempt
  left join account a on a.verbund_id = $8 and lower(a.email) = $9
  left join account_totp t on t.account_id = a.id`;

const THROTTLE_ATTEMPT = `/* prepared throttle_attempt */ ${ATTEMPT_UPSERT}`;

const throttleValues = (keys: readonly [string, string], p: ThrottleParams) => [
  keys[0],
  keys[1],
  p.at,
  p.quietSince,
  p.attempt,
  p.accountAllowed,
  p.addressAllowed,
];

/**
 * Everything a sign-in does before the hash, in one round trip: the attempt counted on the
 * account's and the client's key, and the account (with its second factor). The statement
 * is the same whether the address is known or not, so it takes the same time either way.
 */
export async function countSignInAttempt(
  db: Kysely<DB>,
  verbundId: string,
  email: string,
  keys: readonly [string, string],
  params: ThrottleParams,
) {
  const { rows } = await db.executeQuery(
    CompiledQuery.raw(SIGN_IN_ATTEMPT, [
      ...throttleValues(keys, params),
      verbundId,
      email.toLowerCase(),
    ]) as CompiledQuery<SignInRow>,
  );
  const first = rows[0];
  const account =
    first?.id == null
      ? undefined
      : {
          id: first.id,
          email: first.email as string,
          password_hash: first.password_hash as string,
          email_verified_at: first.email_verified_at,
          language: first.language as 'de' | 'en',
          totp_enabled: first.totp_enabled,
        };
  const counted: CountedKey[] = rows.map((row) => ({
    key: row.key,
    failures: row.failures,
    blocked_until: row.blocked_until,
    counted: row.counted,
  }));
  return { account, counted };
}

/** One attempt counted on two keys (second factor, turning it off); see countSignInAttempt. */
export async function countAttempt(
  db: Kysely<DB>,
  keys: readonly [string, string],
  params: ThrottleParams,
): Promise<CountedKey[]> {
  const { rows } = await db.executeQuery(
    CompiledQuery.raw(THROTTLE_ATTEMPT, throttleValues(keys, params)) as CompiledQuery<CountedKey>,
  );
  return rows;
}

/**
 * Takes back one counted attempt from each key (it was not a failure): one less, and no block
 * once the count is below the allowance again. Rows at one go away.
 */
export async function refundAttempt(
  db: Kysely<DB>,
  keys: readonly string[],
  allowed: { account: number; address: number },
): Promise<void> {
  await db
    .deleteFrom('login_throttle')
    .where('key', 'in', keys)
    .where('failures', '<=', 1)
    .execute();
  await db
    .updateTable('login_throttle')
    .set({
      failures: sql`failures - 1`,
      blocked_until: sql`case when failures - 1 >= (case when key like 'ip:%' then ${allowed.address}::integer else ${allowed.account}::integer end) then blocked_until else null end`,
    })
    .where('key', 'in', keys)
    .where('failures', '>', 1)
    .execute();
}

export function findAccount(db: Kysely<DB>, id: string) {
  return db
    .selectFrom('account')
    .select([
      'id',
      'verbund_id',
      'email',
      'email_verified_at',
      'language',
      'created_at',
      'last_login_at',
    ])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertAccount(
  db: Kysely<DB>,
  row: {
    verbundId: string;
    email: string;
    passwordHash: string;
    privacyVersion: string;
    at: Date;
    language: 'de' | 'en';
  },
): Promise<string | undefined> {
  const inserted = await db
    .insertInto('account')
    .values({
      verbund_id: row.verbundId,
      email: row.email,
      password_hash: row.passwordHash,
      privacy_version: row.privacyVersion,
      privacy_accepted_at: row.at,
      language: row.language,
    })
    // Two registrations of one address racing: the second inserts nothing.
    .onConflict((oc) => oc.expression(sql`verbund_id, lower(email)`).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted?.id;
}

export async function insertToken(
  db: Kysely<DB>,
  row: { hash: string; accountId: string; purpose: Purpose; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('account_token')
    .values({
      id_hash: row.hash,
      account_id: row.accountId,
      purpose: row.purpose,
      expires_at: row.expiresAt,
    })
    .execute();
}

/** Marks a valid token used and returns its account, atomically: a link works exactly once. */
export async function consumeToken(db: Kysely<DB>, hash: string, purpose: Purpose, at: Date) {
  return db
    .updateTable('account_token')
    .set({ used_at: at })
    .where('id_hash', '=', hash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .returning('account_id')
    .executeTakeFirst();
}

export function findUsableToken(db: Kysely<DB>, hash: string, purpose: Purpose, at: Date) {
  return db
    .selectFrom('account_token')
    .select('account_id')
    .where('id_hash', '=', hash)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .executeTakeFirst();
}

export async function markVerified(db: Kysely<DB>, accountId: string, at: Date): Promise<void> {
  await db
    .updateTable('account')
    .set({ email_verified_at: at })
    .where('id', '=', accountId)
    .where('email_verified_at', 'is', null)
    .execute();
}

export async function setPassword(
  db: Kysely<DB>,
  accountId: string,
  passwordHash: string,
): Promise<void> {
  await db
    .updateTable('account')
    .set({ password_hash: passwordHash })
    .where('id', '=', accountId)
    .execute();
}

/**
 * What a new password ends besides the sessions: every reset link not yet used (an older
 * mail must not set a password again) and every sign-in waiting for its second factor.
 */
export async function endPasswordProofs(
  db: Kysely<DB>,
  accountId: string,
  at: Date,
): Promise<void> {
  await db
    .updateTable('account_token')
    .set({ used_at: at })
    .where('account_id', '=', accountId)
    .where('purpose', '=', 'reset_password')
    .where('used_at', 'is', null)
    .execute();
  await db.deleteFrom('account_pending_login').where('account_id', '=', accountId).execute();
}

export async function recordLogin(db: Kysely<DB>, accountId: string, at: Date): Promise<void> {
  // Signing in is activity: any pending inactivity warnings are void.
  await db
    .updateTable('account')
    .set({ last_login_at: at, inactivity_warnings: 0, inactivity_warned_at: null })
    .where('id', '=', accountId)
    .execute();
}

const SIGN_IN_SESSION = `/* prepared sign_in_session */
  with new_session as (
    insert into account_session (id_hash, verbund_id, account_id, trust_level, last_seen_at, expires_at)
    values ($1, $2, $3, $4, $5, $6)
  ), signed_in as (
    update account set last_login_at = $5, inactivity_warnings = 0, inactivity_warned_at = null
    where id = $3
  ), replaced as (
    delete from account_session where id_hash = $7
  ), cleared as (
    delete from login_throttle where key = $8 or (key = $9 and failures <= 1)
  ), refunded as (
    update login_throttle set failures = failures - 1,
      blocked_until = case when failures - 1 >= $10::integer then blocked_until else null end
    where key = $9 and failures > 1
  )
  insert into security_event (verbund_id, account_id, kind, at)
  values ($2, $3, 'login.succeeded', $5)`;

/**
 * A successful sign-in in one atomic statement: the session, the account's last sign-in (which
 * also voids inactivity warnings), the end of the session this browser had before (whoever's
 * it was), the attempt taken off the throttle (the account's key cleared, the client's one
 * less) and the security-log entry. One round trip instead of seven.
 */
export async function startSession(
  db: Kysely<DB>,
  row: {
    hash: string;
    verbundId: string;
    accountId: string;
    trustLevel: TrustLevel;
    at: Date;
    expiresAt: Date;
    /** The hash of the session this browser signed in with before; it ends now. */
    replaces: string | undefined;
    /** [account or device key, client key] of the attempt, and the client key's allowance. */
    throttleKeys: readonly [string, string];
    addressAllowed: number;
  },
): Promise<void> {
  await db.executeQuery(
    CompiledQuery.raw(SIGN_IN_SESSION, [
      row.hash,
      row.verbundId,
      row.accountId,
      row.trustLevel,
      row.at,
      row.expiresAt,
      row.replaces ?? '',
      row.throttleKeys[0],
      row.throttleKeys[1],
      row.addressAllowed,
    ]),
  );
}

export async function insertSession(
  db: Kysely<DB>,
  row: {
    hash: string;
    verbundId: string;
    accountId: string;
    trustLevel: TrustLevel;
    at: Date;
    expiresAt: Date;
  },
): Promise<void> {
  await db
    .insertInto('account_session')
    .values({
      id_hash: row.hash,
      verbund_id: row.verbundId,
      account_id: row.accountId,
      trust_level: row.trustLevel,
      last_seen_at: row.at,
      expires_at: row.expiresAt,
    })
    .execute();
}

// Every signed-in request runs this: a fixed, prepared text (src/db/prepared.ts).
const SESSION_LOOKUP = `/* prepared session_lookup */
  select s.account_id, s.trust_level, s.last_seen_at, s.expires_at, a.email, a.language
  from account_session s join account a on a.id = s.account_id
  where s.id_hash = $1`;

type SessionRow = Pick<
  Selectable<AccountSessionTable>,
  'account_id' | 'trust_level' | 'last_seen_at' | 'expires_at'
> &
  Pick<Selectable<AccountTable>, 'email' | 'language'>;

export async function findSession(db: Kysely<DB>, hash: string) {
  const { rows } = await db.executeQuery(
    CompiledQuery.raw(SESSION_LOOKUP, [hash]) as CompiledQuery<SessionRow>,
  );
  return rows[0];
}

export async function touchSession(db: Kysely<DB>, hash: string, at: Date): Promise<void> {
  await db
    .updateTable('account_session')
    .set({ last_seen_at: at })
    .where('id_hash', '=', hash)
    .execute();
}

export async function deleteSession(db: Kysely<DB>, hash: string): Promise<void> {
  await db.deleteFrom('account_session').where('id_hash', '=', hash).execute();
}

export async function deleteSessionsOf(
  db: Kysely<DB>,
  accountId: string,
  except?: string,
): Promise<number> {
  let query = db.deleteFrom('account_session').where('account_id', '=', accountId);
  if (except !== undefined) query = query.where('id_hash', '!=', except);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows);
}

export function countSessions(db: Kysely<DB>, accountId: string) {
  return db
    .selectFrom('account_session')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
}

export async function insertSecurityEvent(
  db: Kysely<DB>,
  row: { verbundId: string; accountId: string | null; kind: string; at: Date },
): Promise<void> {
  await db
    .insertInto('security_event')
    .values({ verbund_id: row.verbundId, account_id: row.accountId, kind: row.kind, at: row.at })
    .execute();
}

export function listSecurityEvents(db: Kysely<DB>, accountId: string, limit: number) {
  return db
    .selectFrom('security_event')
    .select(['kind', 'at'])
    .where('account_id', '=', accountId)
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

export async function clearThrottle(db: Kysely<DB>, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}
