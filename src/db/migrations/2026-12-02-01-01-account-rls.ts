import { type Kysely, sql } from 'kysely';

// The account tables under forced row-level security (ADR 0021). Until now the runtime role
// read and wrote them directly; from here on:
// - a citizen's own rows only through withAccount (src/db/rls.ts): policies `<table>_own` for
//   app_user compare the row's account with `app.account_id`;
// - every account at once only as the worker (jobs: inactivity clean-up, password resets);
// - before an account is known (sign-in by e-mail, session by cookie hash, links by token
//   hash, the code page's ticket, the throttle rows) only through the narrow SECURITY DEFINER
//   functions below: each does exactly one keyed lookup or change and returns only what its
//   caller needs. They run as the migrating owner with a fixed search_path; the runtime role
//   may execute them and nothing else of these tables.
// The owner (operator commands; the functions when the owner is no superuser) keeps a policy
// of its own: FORCE would otherwise show it nothing.
const ACCOUNT = `nullif(current_setting('app.account_id', true), '')::uuid`;
const RUNTIME = 'rathausnetz_app';

/** Tables with an `account_id` column (or, for `account`, its `id`) owning each row. */
const ACCOUNT_OWNED = {
  account: 'id',
  account_profile: 'account_id',
  account_session: 'account_id',
  account_token: 'account_id',
  account_totp: 'account_id',
  account_recovery_code: 'account_id',
  account_pending_login: 'account_id',
} as const;

const ALL_TABLES = [...Object.keys(ACCOUNT_OWNED), 'login_throttle', 'security_event'];

// Each function: fixed search_path (no object of another schema can stand in for ours), owned
// by the migrating role, executable by the runtime role and by the act-as roles (a citizen's
// transaction ends the session this browser had, whoever's it was). `#variable_conflict
// use_column`: names in the queries are the tables' columns, not the functions' OUT columns.
const FUNCTIONS: { signature: string; returns: string; body: string }[] = [
  {
    // Everything a sign-in does before the hash: the attempt counted on the account's and the
    // client's key (see src/accounts/repository.ts for the rules), and the account by its
    // address with whether it has a second factor. Only what the password check needs.
    signature: `account_sign_in_attempt(p_key_1 text, p_key_2 text, p_at timestamptz,
      p_quiet_since timestamptz, p_attempt text, p_account_allowed integer,
      p_address_allowed integer, p_verbund uuid, p_email text)`,
    returns: `table (id uuid, email text, password_hash text, email_verified_at timestamptz,
      language text, totp_enabled boolean, key text, failures integer,
      blocked_until timestamptz, counted boolean)`,
    body: `return query
      with attempt as (${upsert('p_key_1', 'p_key_2')})
      select a.id, a.email, a.password_hash, a.email_verified_at, a.language,
        t.confirmed_at is not null, attempt.key, attempt.failures, attempt.blocked_until,
        attempt.counted
      from attempt
      left join account a on a.verbund_id = p_verbund and lower(a.email) = p_email
      left join account_totp t on t.account_id = a.id;`,
  },
  {
    signature: `login_throttle_attempt(p_key_1 text, p_key_2 text, p_at timestamptz,
      p_quiet_since timestamptz, p_attempt text, p_account_allowed integer,
      p_address_allowed integer)`,
    returns: 'table (key text, failures integer, blocked_until timestamptz, counted boolean)',
    body: `return query ${upsert('p_key_1', 'p_key_2')};`,
  },
  {
    // One counted attempt taken back from each key; a row at one goes away.
    signature: `login_throttle_refund(p_keys text[], p_account_allowed integer,
      p_address_allowed integer)`,
    returns: 'void',
    body: `delete from login_throttle where key = any (p_keys) and failures <= 1;
      update login_throttle set failures = failures - 1,
        blocked_until = case when failures - 1 >= (case when key like 'ip:%'
          then p_address_allowed else p_account_allowed end) then blocked_until else null end
      where key = any (p_keys) and failures > 1;`,
  },
  {
    signature: 'login_throttle_clear(p_key text)',
    returns: 'void',
    body: 'delete from login_throttle where key = p_key;',
  },
  {
    // A successful sign-in (src/accounts/repository.ts startSession): the session, the
    // account's last sign-in, the end of this browser's earlier session (whoever's it was),
    // the throttle and the security-log entry, in one statement.
    signature: `account_session_start(p_hash text, p_verbund uuid, p_account uuid,
      p_trust_level text, p_at timestamptz, p_expires_at timestamptz, p_replaces text,
      p_key_1 text, p_key_2 text, p_address_allowed integer)`,
    returns: 'void',
    body: `with new_session as (
        insert into account_session (id_hash, verbund_id, account_id, trust_level, last_seen_at, expires_at)
        values (p_hash, p_verbund, p_account, p_trust_level, p_at, p_expires_at)
      ), signed_in as (
        update account set last_login_at = p_at, inactivity_warnings = 0, inactivity_warned_at = null
        where id = p_account
      ), replaced as (
        delete from account_session where id_hash = p_replaces
      ), cleared as (
        delete from login_throttle where key = p_key_1 or (key = p_key_2 and failures <= 1)
      ), refunded as (
        update login_throttle set failures = failures - 1,
          blocked_until = case when failures - 1 >= p_address_allowed then blocked_until else null end
        where key = p_key_2 and failures > 1
      )
      insert into security_event (verbund_id, account_id, kind, at)
      values (p_verbund, p_account, 'login.succeeded', p_at);`,
  },
  {
    // Every signed-in request: the session behind the cookie's hash and its account's
    // address and language. plpgsql keeps the plan per connection.
    signature: 'account_session_lookup(p_hash text)',
    returns: `table (account_id uuid, trust_level text, last_seen_at timestamptz,
      expires_at timestamptz, email text, language text)`,
    body: `return query
      select s.account_id, s.trust_level, s.last_seen_at, s.expires_at, a.email, a.language
      from account_session s join account a on a.id = s.account_id
      where s.id_hash = p_hash;`,
  },
  {
    // Sign-out, an expired session, or the session a browser had before signing in again.
    signature: 'account_session_end(p_hash text)',
    returns: 'void',
    body: 'delete from account_session where id_hash = p_hash;',
  },
  {
    // Registration of a known address, the second factor turned off: who has this address.
    signature: 'account_by_email(p_verbund uuid, p_email text)',
    returns: 'table (id uuid, email text, email_verified_at timestamptz, language text)',
    body: `return query select a.id, a.email, a.email_verified_at, a.language from account a
      where a.verbund_id = p_verbund and lower(a.email) = lower(p_email);`,
  },
  {
    // A confirmation or reset link: whose it is while it is usable.
    signature: 'account_token_usable(p_hash text, p_purpose text, p_at timestamptz)',
    returns: 'uuid',
    body: `return (select t.account_id from account_token t where t.id_hash = p_hash
      and t.purpose = p_purpose and t.used_at is null and t.expires_at > p_at);`,
  },
  {
    // The same link used up, atomically: it works exactly once.
    signature: 'account_token_consume(p_hash text, p_purpose text, p_at timestamptz)',
    returns: 'uuid',
    body: `declare found uuid;
      begin
        update account_token t set used_at = p_at where t.id_hash = p_hash
          and t.purpose = p_purpose and t.used_at is null and t.expires_at > p_at
          returning t.account_id into found;
        return found;
      end`,
  },
  {
    // The ticket between the right password and the second factor.
    signature: 'account_pending_login_find(p_hash text, p_at timestamptz)',
    returns: 'table (account_id uuid, verbund_id uuid, email text, language text)',
    body: `return query select p.account_id, p.verbund_id, a.email, a.language
      from account_pending_login p join account a on a.id = p.account_id
      where p.id_hash = p_hash and p.expires_at > p_at;`,
  },
  {
    // Forms prefill and applications keep the address and current profile of the account
    // the transaction acts for, and only that one (`app.account_id` must name it too).
    signature: 'account_applicant(p_account uuid)',
    returns: `table (email text, given_name text, family_name text, birth_date text,
      street text, house_number text, postcode text, municipality_id uuid, phone text)`,
    body: `return query select a.email, p.given_name, p.family_name, p.birth_date::text,
        p.street, p.house_number, p.postcode, p.municipality_id, p.phone
      from (values (1)) as one (x)
      left join account a on a.id = p_account and p_account = ${ACCOUNT}
      left join lateral (select * from account_profile ap where ap.account_id = a.id
        order by ap.version desc limit 1) p on true;`,
  },
  {
    // Where an authority's Postfach notice goes: address and language only, never the profile.
    signature: 'account_notice_recipient(p_account uuid)',
    returns: 'table (email text, language text, verbund_id uuid)',
    body: `return query select a.email, a.language, a.verbund_id from account a
      where a.id = p_account;`,
  },
];

// The throttle upsert of src/accounts/repository.ts, on two keys. Right-hand sides of `set`
// read the row as it was before this attempt.
function upsert(key1: string, key2: string): string {
  const blocked = 'lt.blocked_until > p_at';
  const count = 'case when lt.window_started_at < p_quiet_since then 1 else lt.failures + 1 end';
  const allowed = "case when lt.key like 'ip:%' then p_address_allowed else p_account_allowed end";
  return `insert into login_throttle as lt (key, failures, window_started_at, blocked_until, last_attempt)
    values (${key1}, 1, p_at, null, p_attempt), (${key2}, 1, p_at, null, p_attempt)
    on conflict (key) do update set
      failures = case when ${blocked} then lt.failures else ${count} end,
      blocked_until = case when ${blocked} then lt.blocked_until
        when ${count} >= ${allowed} then p_at
          + make_interval(secs => least(30 * power(2, least(${count} - (${allowed}), 10)), 900))
        else null end,
      owner_notified_at = case when ${blocked} then lt.owner_notified_at
        when lt.window_started_at < p_quiet_since then null else lt.owner_notified_at end,
      window_started_at = case when ${blocked} then lt.window_started_at else p_at end,
      last_attempt = case when ${blocked} then lt.last_attempt else p_attempt end
    returning lt.key, lt.failures, lt.blocked_until, lt.last_attempt = p_attempt as counted`;
}

function functionName(signature: string): string {
  return signature.slice(0, signature.indexOf('('));
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`revoke all on ${ALL_TABLES.join(', ')} from ${RUNTIME}`).execute(db);
  for (const table of ALL_TABLES) {
    await sql.raw(`alter table ${table} enable row level security`).execute(db);
    await sql.raw(`alter table ${table} force row level security`).execute(db);
    await sql
      .raw(`create policy ${table}_owner on ${table} to current_user using (true)`)
      .execute(db);
    await sql.raw(`grant select, insert, update, delete on ${table} to app_worker`).execute(db);
    await sql
      .raw(`create policy ${table}_worker on ${table} to app_worker using (true)`)
      .execute(db);
  }
  for (const [table, column] of Object.entries(ACCOUNT_OWNED)) {
    await sql.raw(`grant select, insert, update, delete on ${table} to app_user`).execute(db);
    await sql
      .raw(`create policy ${table}_own on ${table} to app_user
        using (${column} = ${ACCOUNT}) with check (${column} = ${ACCOUNT})`)
      .execute(db);
  }
  // The security log: a citizen reads and adds to its own; deleting the account leaves one
  // unlinked note (the foreign key unlinks the older ones, past RLS as referential actions
  // are). Nobody rewrites it: the append-only trigger of migration 02 still holds.
  await sql.raw('grant select, insert on security_event to app_user').execute(db);
  await sql
    .raw(`create policy security_event_own on security_event for select to app_user
      using (account_id = ${ACCOUNT})`)
    .execute(db);
  await sql
    .raw(`create policy security_event_own_append on security_event for insert to app_user
      with check (account_id = ${ACCOUNT}
        or (account_id is null and kind = 'account.deleted' and ${ACCOUNT} is not null))`)
    .execute(db);
  // login_throttle: no policy for app_user at all; only the functions and the worker.

  for (const fn of FUNCTIONS) {
    const plpgsql = fn.body.trimStart().startsWith('declare') ? fn.body : `begin ${fn.body} end`;
    await sql
      .raw(`create function ${fn.signature} returns ${fn.returns}
        language plpgsql security definer set search_path = pg_catalog, public
        as $fn$ #variable_conflict use_column
        ${plpgsql} $fn$`)
      .execute(db);
    const name = functionName(fn.signature);
    await sql
      .raw(`do $$ declare f regprocedure; begin
        for f in select p.oid::regprocedure from pg_proc p
          where p.proname = '${name}' and p.pronamespace = 'public'::regnamespace loop
          execute format('revoke all on function %s from public', f);
          execute format('grant execute on function %s to ${RUNTIME}, app_user, app_worker', f);
        end loop;
      end $$`)
      .execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const fn of FUNCTIONS) {
    await sql.raw(`drop function ${functionName(fn.signature)}`).execute(db);
  }
  await sql.raw('drop policy security_event_own_append on security_event').execute(db);
  await sql.raw('drop policy security_event_own on security_event').execute(db);
  await sql.raw('revoke select, insert on security_event from app_user').execute(db);
  for (const table of Object.keys(ACCOUNT_OWNED)) {
    await sql.raw(`drop policy ${table}_own on ${table}`).execute(db);
    await sql.raw(`revoke all on ${table} from app_user`).execute(db);
  }
  for (const table of ALL_TABLES) {
    await sql.raw(`drop policy ${table}_worker on ${table}`).execute(db);
    await sql.raw(`revoke all on ${table} from app_worker`).execute(db);
    await sql.raw(`drop policy ${table}_owner on ${table}`).execute(db);
    await sql.raw(`alter table ${table} no force row level security`).execute(db);
    await sql.raw(`alter table ${table} disable row level security`).execute(db);
  }
  await sql
    .raw(`grant select, insert, update, delete on ${ALL_TABLES.join(', ')} to ${RUNTIME}`)
    .execute(db);
}
