import { type Kysely, sql } from 'kysely';

// Bürgerkonto: the county holds the accounts for the whole Verbund (it is the controller), so
// these tables carry verbund_id but no authority: no authority's staff may read them directly.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table account (
      id uuid primary key default gen_random_uuid(),
      verbund_id uuid not null references verbund (id),
      email text not null check (length(email) <= 254),
      password_hash text not null,
      email_verified_at timestamptz,
      privacy_version text not null,
      privacy_accepted_at timestamptz not null,
      language text not null default 'de' check (language in ('de', 'en')),
      created_at timestamptz not null default now(),
      last_login_at timestamptz
    )`.execute(db);
  await sql`create unique index account_email on account (verbund_id, lower(email))`.execute(db);

  // Only a SHA-256 of the cookie value is stored: a leaked table opens no session.
  await sql`
    create table account_session (
      id_hash text primary key,
      verbund_id uuid not null references verbund (id),
      account_id uuid not null references account (id) on delete cascade,
      trust_level text not null check (trust_level in ('basic', 'low', 'substantial', 'high')),
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      expires_at timestamptz not null
    )`.execute(db);
  await sql`create index account_session_account on account_session (account_id)`.execute(db);

  await sql`
    create table account_token (
      id_hash text primary key,
      account_id uuid not null references account (id) on delete cascade,
      purpose text not null check (purpose in ('verify_email', 'reset_password')),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    )`.execute(db);
  await sql`create index account_token_account on account_token (account_id, purpose)`.execute(db);

  // Failed sign-ins per key (client address, or a hash of the e-mail address so that unknown
  // addresses are throttled exactly like known ones).
  await sql`
    create table login_throttle (
      key text primary key,
      failures integer not null default 0,
      window_started_at timestamptz not null default now(),
      blocked_until timestamptz,
      owner_notified_at timestamptz
    )`.execute(db);

  await sql`
    create table security_event (
      id bigint generated always as identity primary key,
      verbund_id uuid not null references verbund (id),
      account_id uuid references account (id) on delete set null,
      kind text not null,
      at timestamptz not null default now()
    )`.execute(db);
  await sql`create index security_event_account on security_event (account_id, at desc)`.execute(
    db,
  );
  // Append-only: no role may rewrite the security log.
  await sql`
    create function security_event_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and new.account_id is null and old.account_id is not null
         and new.kind = old.kind and new.at = old.at then
        return new; -- account deletion unlinks the event (GDPR); nothing else may change
      end if;
      raise exception 'security_event is append-only';
    end $$`.execute(db);
  await sql`
    create trigger security_event_append_only before update or delete on security_event
      for each row execute function security_event_append_only()`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table security_event`.execute(db);
  await sql`drop function security_event_append_only()`.execute(db);
  await sql`drop table login_throttle`.execute(db);
  await sql`drop table account_token`.execute(db);
  await sql`drop table account_session`.execute(db);
  await sql`drop table account`.execute(db);
}
