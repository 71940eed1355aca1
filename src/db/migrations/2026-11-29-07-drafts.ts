import { type Kysely, sql } from 'kysely';

// Drafts: a form being filled in, saved server-side after every completed step so that it
// resumes on any device. A draft belongs either to one citizen account or, for services open
// to anonymous use, to one anonymous browser (the SHA-256 of a random HttpOnly cookie). Row-
// level security decides per row: `app.account_id` sees the account's drafts, `app.draft_key`
// the anonymous browser's; the worker (expiry clean-up) sees all.
const ACCOUNT = sql.raw(`nullif(current_setting('app.account_id', true), '')::uuid`);
const DRAFT_KEY = sql.raw(`nullif(current_setting('app.draft_key', true), '')`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table draft (
      id uuid primary key default gen_random_uuid(),
      verbund_id uuid not null references verbund (id),
      account_id uuid references account (id) on delete cascade,
      anonymous_key_hash text check (anonymous_key_hash ~ '^[0-9a-f]{64}$'),
      online_service_id uuid not null references online_service (id) on delete cascade,
      service_key text not null check (length(service_key) <= 80),
      -- The authority responsible for the citizen's place when the draft was started.
      authority_id uuid not null references authority (id),
      form_id text not null check (length(form_id) <= 100),
      form_version integer not null check (form_version >= 1),
      answers jsonb not null default '{}',
      completed_steps text[] not null default '{}',
      current_step text check (length(current_step) <= 40),
      -- Optimistic concurrency: every save names the revision it was based on.
      revision integer not null default 1 check (revision >= 1),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      expires_at timestamptz not null,
      check ((account_id is null) <> (anonymous_key_hash is null)),
      check (octet_length(answers::text) <= 1048576)
    )`.execute(db);
  // "Meine Entwürfe", newest first; the anonymous browser's drafts; expiry clean-up.
  await sql`create index draft_account on draft (account_id, updated_at desc) where account_id is not null`.execute(
    db,
  );
  await sql`create index draft_anonymous on draft (anonymous_key_hash) where anonymous_key_hash is not null`.execute(
    db,
  );
  await sql`create index draft_expiry on draft (expires_at)`.execute(db);

  await sql`grant select, insert, update, delete on draft to app_user, app_worker`.execute(db);
  await sql`alter table draft enable row level security`.execute(db);
  // Owners and superusers skip RLS unless forced (PGlite runs as superuser).
  await sql`alter table draft force row level security`.execute(db);
  await sql`
    create policy draft_citizen on draft to app_user
      using (account_id = ${ACCOUNT}) with check (account_id = ${ACCOUNT})`.execute(db);
  await sql`
    create policy draft_anonymous on draft to app_user
      using (account_id is null and anonymous_key_hash = ${DRAFT_KEY})
      with check (account_id is null and anonymous_key_hash = ${DRAFT_KEY})`.execute(db);
  await sql`create policy draft_worker on draft to app_worker using (true) with check (true)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table draft`.execute(db);
}
