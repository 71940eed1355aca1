import { type Kysely, sql } from 'kysely';

// The profile is stored once per account and versioned: an edit adds a row, so an application
// can point at exactly the version it was sent with.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table account_profile (
      id bigint generated always as identity primary key,
      verbund_id uuid not null references verbund (id),
      account_id uuid not null references account (id) on delete cascade,
      version integer not null,
      given_name text check (length(given_name) <= 100),
      family_name text check (length(family_name) <= 100),
      birth_date date,
      street text check (length(street) <= 100),
      house_number text check (length(house_number) <= 10),
      postcode text check (postcode ~ '^[0-9]{5}$'),
      municipality_id uuid references municipality (id),
      phone text check (length(phone) <= 30),
      created_at timestamptz not null default now(),
      unique (account_id, version)
    )`.execute(db);

  // Inactivity clean-up (GDPR storage limitation): warnings sent and when the last one went out.
  await sql`alter table account add column inactivity_warnings integer not null default 0`.execute(
    db,
  );
  await sql`alter table account add column inactivity_warned_at timestamptz`.execute(db);
  await sql`create index account_last_activity on account (verbund_id, (coalesce(last_login_at, created_at)))`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index account_last_activity`.execute(db);
  await sql`alter table account drop column inactivity_warned_at`.execute(db);
  await sql`alter table account drop column inactivity_warnings`.execute(db);
  await sql`drop table account_profile`.execute(db);
}
