import { CompiledQuery, type Kysely, type Selectable, sql } from 'kysely';
import type {
  AccountSessionTable,
  AccountTable,
  AccountTokenTable,
  DB,
  TrustLevel,
} from '../db/schema.ts';

type Purpose = AccountTokenTable['purpose'];

/** The account with this address, in a transaction that may see it (its own, or the worker). */
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

/**
 * Who has this address, before anyone is signed in (registering a known address): id, address,
 * whether it is confirmed, language; no hash. Through the lookup function (ADR 0021).
 */
export async function lookupAccountByEmail(db: Kysely<DB>, verbundId: string, email: string) {
  const { rows } = await sql<{
    id: string;
    email: string;
    email_verified_at: Date | null;
    language: 'de' | 'en';
  }>`select * from account_by_email(${verbundId}::uuid, ${email})`.execute(db);
  return rows[0];
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

// Counting an attempt, the sign-in's account lookup and the throttle's refunds are the
// account lookup functions of migration 2026-12-02-01-01 (ADR 0021): the throttle rows and an
// account not yet signed in are out of the runtime role's reach but through them. The rules:
// one atomic upsert counts one attempt on two keys and answers, per key, whether it was
// counted. A key that is blocked stays as it is (the attempt is refused, not counted), else
// the count goes up by one from the stored value (never from a value read earlier) and a count
// at or past the allowance blocks for 30 s, doubling with each further count, at most 15
// minutes.
//
// The statement of every sign-in is a fixed text, prepared on PostgreSQL (src/db/prepared.ts):
// no query building, parsing or planning per sign-in. One row per key; the account columns
// (the same on both rows) are null for an unknown address.
const SIGN_IN_ATTEMPT = `/* prepared sign_in_attempt */
  select * from account_sign_in_attempt($1, $2, $3, $4, $5, $6, $7, $8, $9)`;

const THROTTLE_ATTEMPT = `/* prepared throttle_attempt */
  select * from login_throttle_attempt($1, $2, $3, $4, $5, $6, $7)`;

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
  await sql`select login_throttle_refund(${[...keys]}::text[], ${allowed.account}::integer, ${allowed.address}::integer)`.execute(
    db,
  );
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
    /** Chosen by the caller: the transaction acts as this account before it exists. */
    id: string;
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
      id: row.id,
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

/**
 * Marks a valid token used and returns its account, atomically: a link works exactly once.
 * Runs as the runtime role (the lookup function, ADR 0021), before the transaction acts as
 * the account it returns.
 */
export async function consumeToken(db: Kysely<DB>, hash: string, purpose: Purpose, at: Date) {
  const { rows } = await sql<{
    account_id: string | null;
  }>`select account_token_consume(${hash}, ${purpose}, ${at}::timestamptz) as account_id`.execute(
    db,
  );
  const accountId = rows[0]?.account_id;
  return accountId == null ? undefined : { account_id: accountId };
}

/** The account of a usable link, without using it up (the lookup function, ADR 0021). */
export async function findUsableToken(db: Kysely<DB>, hash: string, purpose: Purpose, at: Date) {
  const { rows } = await sql<{
    account_id: string | null;
  }>`select account_token_usable(${hash}, ${purpose}, ${at}::timestamptz) as account_id`.execute(
    db,
  );
  const accountId = rows[0]?.account_id;
  return accountId == null ? undefined : { account_id: accountId };
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
  select account_session_start($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`;

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

// Every signed-in request runs this: a fixed, prepared text (src/db/prepared.ts), and one
// round trip: the session is found by its cookie's hash before anyone is known, through the
// lookup function (ADR 0021), not in a transaction of its own.
const SESSION_LOOKUP = `/* prepared session_lookup */ select * from account_session_lookup($1)`;

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

/**
 * Ends the session with this cookie hash, whoever's it is (sign-out, expiry, or the session a
 * browser had before signing in again); the lookup function, ADR 0021.
 */
export async function deleteSession(db: Kysely<DB>, hash: string): Promise<void> {
  await sql`select account_session_end(${hash})`.execute(db);
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
  await sql`select login_throttle_clear(${key})`.execute(db);
}
