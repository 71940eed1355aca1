import { type Kysely, sql } from 'kysely';

// Two-factor sign-in with TOTP (RFC 6238) for the Bürgerkonto: the secret, the recovery codes
// and the half-finished sign-ins waiting for their code.
export async function up(db: Kysely<unknown>): Promise<void> {
  // One row per account. confirmed_at null: setup started, not finished; the secret is shown
  // to the citizen only then. last_used_step is the highest time step accepted, so a code seen
  // once (shoulder surfing, a phishing proxy) cannot be used again; integer lasts until 4011.
  await sql`
    create table account_totp (
      account_id uuid primary key references account (id) on delete cascade,
      verbund_id uuid not null references verbund (id),
      secret text not null check (secret ~ '^[A-Z2-7]{32}$'),
      confirmed_at timestamptz,
      last_used_step integer,
      created_at timestamptz not null default now()
    )`.execute(db);

  // Only a SHA-256 of each recovery code is stored; a used code keeps its row (used_at set).
  await sql`
    create table account_recovery_code (
      account_id uuid not null references account (id) on delete cascade,
      code_hash text not null,
      verbund_id uuid not null references verbund (id),
      created_at timestamptz not null default now(),
      used_at timestamptz,
      primary key (account_id, code_hash)
    )`.execute(db);

  // The password was right, the second factor is still to come. Only the hash of the cookie
  // value is stored; the row is deleted when it opens a session, so it works once.
  await sql`
    create table account_pending_login (
      id_hash text primary key,
      verbund_id uuid not null references verbund (id),
      account_id uuid not null references account (id) on delete cascade,
      created_at timestamptz not null default now(),
      expires_at timestamptz not null
    )`.execute(db);
  await sql`create index account_pending_login_account on account_pending_login (account_id)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table account_pending_login`.execute(db);
  await sql`drop table account_recovery_code`.execute(db);
  await sql`drop table account_totp`.execute(db);
}
