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
  key: string | null;
  failures: number | null;
  window_started_at: Date | null;
  blocked_until: Date | null;
  owner_notified_at: Date | null;
};

// The two statements of every sign-in are fixed texts, built once and prepared on PostgreSQL
// (src/db/prepared.ts): no query building, parsing or planning per sign-in.

// One row per throttle row, at least one: the left joins hang off a single constant row.
const SIGN_IN_LOOKUP = `/* prepared sign_in_lookup */
  select a.id, a.email, a.password_hash, a.email_verified_at, a.language,
    t.confirmed_at is not null as totp_enabled,
    lt.key, lt.failures, lt.window_started_at, lt.blocked_until, lt.owner_notified_at
  from (values (1)) as one (x)
  left join account a on a.verbund_id = $1 and lower(a.email) = $2
  left join account_totp t on t.account_id = a.id
  left join login_throttle lt on lt.key in ($3, $4)`;

/**
 * Everything a sign-in reads before the hash, in one round trip: the account (with its second
 * factor) and the throttle rows of its keys. The statement is the same whether the address is
 * known or not, so it takes the same time either way.
 */
export async function findSignIn(
  db: Kysely<DB>,
  verbundId: string,
  email: string,
  keys: readonly [string, string],
) {
  const { rows } = await db.executeQuery(
    CompiledQuery.raw(SIGN_IN_LOOKUP, [
      verbundId,
      email.toLowerCase(),
      keys[0],
      keys[1],
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
  const throttles = rows.flatMap((row) =>
    row.key === null
      ? []
      : [
          {
            key: row.key,
            failures: row.failures as number,
            window_started_at: row.window_started_at as Date,
            blocked_until: row.blocked_until,
            owner_notified_at: row.owner_notified_at,
          },
        ],
  );
  return { account, throttles };
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
  )
  insert into security_event (verbund_id, account_id, kind, at)
  values ($2, $3, 'login.succeeded', $5)`;

/**
 * A successful sign-in in one atomic statement: the session, the account's last sign-in (which
 * also voids inactivity warnings) and the security-log entry. One round trip instead of five.
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

export function findThrottle(db: Kysely<DB>, keys: string[]) {
  return db
    .selectFrom('login_throttle')
    .select(['key', 'failures', 'window_started_at', 'blocked_until', 'owner_notified_at'])
    .where('key', 'in', keys)
    .execute();
}

export async function saveThrottle(
  db: Kysely<DB>,
  row: {
    key: string;
    failures: number;
    windowStartedAt: Date;
    blockedUntil: Date | null;
    ownerNotifiedAt: Date | null;
  },
): Promise<void> {
  const values = {
    key: row.key,
    failures: row.failures,
    window_started_at: row.windowStartedAt,
    blocked_until: row.blockedUntil,
    owner_notified_at: row.ownerNotifiedAt,
  };
  await db
    .insertInto('login_throttle')
    .values(values)
    .onConflict((oc) => oc.column('key').doUpdateSet(values))
    .execute();
}

export async function clearThrottle(db: Kysely<DB>, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}
