import { type Kysely, sql } from 'kysely';

// Applications (Anträge): what a citizen sent, its status history, its files and the outbox
// the delivery connectors consume. Answers, files and the data key are stored encrypted
// (ADR 0012); the columns in clear are what routing, lists and retention need.
//
// Row-level security per row, without joins: the citizen sees their own applications
// (`app.account_id`), an anonymous browser the one it sent (`app.draft_key`), an authority's
// staff their authority's (`app.authority_id`), the worker all. A submission runs as the
// citizen *and* the responsible authority (both settings), so its insert must satisfy both.
const AUTHORITY = sql.raw(`nullif(current_setting('app.authority_id', true), '')::uuid`);
const ACCOUNT = sql.raw(`nullif(current_setting('app.account_id', true), '')::uuid`);
const DRAFT_KEY = sql.raw(`nullif(current_setting('app.draft_key', true), '')`);
const STATUSES = sql.raw(
  `'submitted', 'received', 'processing', 'action_required', 'completed', 'rejected', 'withdrawn'`,
);
const OWNED_BY_REQUESTER = sql.raw(
  `(account_id = nullif(current_setting('app.account_id', true), '')::uuid
    or (account_id is null and anonymous_key_hash = nullif(current_setting('app.draft_key', true), '')))`,
);

export async function up(db: Kysely<unknown>): Promise<void> {
  // The prefix of reference numbers: the county's vehicle registration letters, e.g. EL.
  await sql`alter table verbund add column reference_prefix text not null default 'RN'
    check (reference_prefix ~ '^[A-Z]{1,3}$')`.execute(db);
  // Months an application is kept after it was closed (completed, rejected, withdrawn).
  await sql`alter table online_service add column retention_months integer not null default 36
    check (retention_months between 1 and 1200)`.execute(db);

  // Numbers are unique in the Verbund, not gapless: a rolled-back submission skips one.
  await sql`create sequence application_number`.execute(db);

  await sql`
    create table application (
      id uuid primary key default gen_random_uuid(),
      verbund_id uuid not null references verbund (id),
      authority_id uuid not null references authority (id),
      -- Unlinked, not deleted, when the account is deleted: the authority keeps the file.
      account_id uuid references account (id) on delete set null,
      anonymous_key_hash text check (anonymous_key_hash ~ '^[0-9a-f]{64}$'),
      -- One application per draft: the key that makes submitting idempotent.
      draft_id uuid not null unique,
      online_service_id uuid not null references online_service (id),
      leika_key text not null check (leika_key ~ '^[0-9]{14}$'),
      title text not null check (length(title) between 1 and 300),
      form_id text not null check (length(form_id) <= 100),
      form_version integer not null check (form_version >= 1),
      reference text not null unique check (reference ~ '^[A-Z]{1,3}-[0-9]{4}-[0-9]{6,}$'),
      language text not null check (language in ('de', 'en')),
      status text not null check (status in (${STATUSES})),
      -- Envelope encryption: the data key wrapped by the Verbund key named by key_id.
      key_id text not null check (length(key_id) between 1 and 40),
      wrapped_key bytea not null,
      -- The snapshot (answers, their labels as shown, the profile data used), encrypted.
      payload bytea not null,
      submitted_at timestamptz not null default now(),
      status_changed_at timestamptz not null default now(),
      closed_at timestamptz,
      retain_until timestamptz,
      -- The receipt is rendered after commit and posted to the Postfach; null: not yet.
      receipt_posted_at timestamptz,
      unique (id, authority_id)
    )`.execute(db);
  await sql`create index application_account on application (account_id, submitted_at desc) where account_id is not null`.execute(
    db,
  );
  await sql`create index application_authority on application (authority_id, submitted_at desc)`.execute(
    db,
  );
  await sql`create index application_retention on application (retain_until) where retain_until is not null`.execute(
    db,
  );
  await sql`create index application_receipt_pending on application (submitted_at) where receipt_posted_at is null`.execute(
    db,
  );

  await sql`
    create table application_event (
      id bigint generated always as identity primary key,
      application_id uuid not null,
      authority_id uuid not null,
      account_id uuid references account (id) on delete set null,
      status text not null check (status in (${STATUSES})),
      actor text not null check (actor in ('system', 'citizen', 'authority', 'connector')),
      note text check (length(note) between 1 and 500),
      created_at timestamptz not null default now(),
      foreign key (application_id, authority_id) references application (id, authority_id) on delete cascade
    )`.execute(db);
  await sql`create index application_event_application on application_event (application_id, id)`.execute(
    db,
  );

  await sql`
    create table application_attachment (
      id uuid primary key default gen_random_uuid(),
      application_id uuid not null,
      authority_id uuid not null,
      account_id uuid references account (id) on delete set null,
      field_id text not null check (length(field_id) <= 60),
      position smallint not null check (position >= 0),
      file_name text not null check (length(file_name) between 1 and 255),
      media_type text not null check (length(media_type) <= 100),
      size integer not null check (size >= 1),
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      scan_status text not null check (scan_status in ('clean', 'unscanned')),
      -- Encrypted with the application's data key.
      content bytea not null,
      foreign key (application_id, authority_id) references application (id, authority_id) on delete cascade,
      unique (application_id, field_id, position)
    )`.execute(db);

  // Waiting for the delivery connectors (a later issue): one row per application and target.
  await sql`
    create table delivery_outbox (
      id bigint generated always as identity primary key,
      application_id uuid not null,
      authority_id uuid not null,
      created_at timestamptz not null default now(),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null default now(),
      delivered_at timestamptz,
      last_error text check (length(last_error) <= 2000),
      foreign key (application_id, authority_id) references application (id, authority_id) on delete cascade
    )`.execute(db);
  await sql`create index delivery_outbox_due on delivery_outbox (next_attempt_at) where delivered_at is null`.execute(
    db,
  );

  // One encrypted probe per Verbund key: start-up refuses to run when a configured key
  // cannot open its probe, or a key that protected data is no longer configured.
  await sql`
    create table encryption_key_probe (
      key_id text primary key check (length(key_id) between 1 and 40),
      probe bytea not null,
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`grant usage on sequence application_number to app_user`.execute(db);
  await sql`grant select, insert on application, application_event, application_attachment, delivery_outbox to app_user`.execute(
    db,
  );
  await sql`grant update (status, status_changed_at, closed_at, retain_until, receipt_posted_at) on application to app_user`.execute(
    db,
  );
  await sql`grant select, insert, update, delete on application, application_event, application_attachment, delivery_outbox to app_worker`.execute(
    db,
  );

  const tables = ['application', 'application_event', 'application_attachment'] as const;
  for (const table of tables) {
    const t = sql.table(table);
    await sql`alter table ${t} enable row level security`.execute(db);
    await sql`alter table ${t} force row level security`.execute(db);
    await sql`create policy ${sql.id(`${table}_authority`)} on ${t} for select to app_user
      using (authority_id = ${AUTHORITY})`.execute(db);
    await sql`create policy ${sql.id(`${table}_citizen`)} on ${t} for select to app_user
      using (account_id = ${ACCOUNT})`.execute(db);
    await sql`create policy ${sql.id(`${table}_worker`)} on ${t} to app_worker using (true) with check (true)`.execute(
      db,
    );
  }
  await sql`create policy application_anonymous on application for select to app_user
    using (account_id is null and anonymous_key_hash = ${DRAFT_KEY})`.execute(db);
  await sql`create policy application_submit on application for insert to app_user
    with check (authority_id = ${AUTHORITY} and ${OWNED_BY_REQUESTER})`.execute(db);
  await sql`create policy application_attachment_submit on application_attachment for insert to app_user
    with check (authority_id = ${AUTHORITY})`.execute(db);
  // Status changes: the authority on its own; the citizen only to withdraw their own.
  await sql`create policy application_authority_update on application for update to app_user
    using (authority_id = ${AUTHORITY}) with check (authority_id = ${AUTHORITY})`.execute(db);
  await sql`create policy application_citizen_withdraw on application for update to app_user
    using (account_id = ${ACCOUNT}) with check (account_id = ${ACCOUNT} and status = 'withdrawn')`.execute(
    db,
  );
  await sql`create policy application_event_authority_insert on application_event for insert to app_user
    with check (authority_id = ${AUTHORITY} and actor <> 'citizen')`.execute(db);
  await sql`create policy application_event_citizen_insert on application_event for insert to app_user
    with check (account_id = ${ACCOUNT} and actor = 'citizen' and status = 'withdrawn')`.execute(
    db,
  );

  await sql`alter table delivery_outbox enable row level security`.execute(db);
  await sql`alter table delivery_outbox force row level security`.execute(db);
  await sql`create policy delivery_outbox_authority on delivery_outbox to app_user
    using (authority_id = ${AUTHORITY}) with check (authority_id = ${AUTHORITY})`.execute(db);
  await sql`create policy delivery_outbox_worker on delivery_outbox to app_worker using (true) with check (true)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'encryption_key_probe',
    'delivery_outbox',
    'application_attachment',
    'application_event',
    'application',
  ]) {
    await sql`drop table ${sql.table(table)}`.execute(db);
  }
  await sql`drop sequence application_number`.execute(db);
  await sql`alter table online_service drop column retention_months`.execute(db);
  await sql`alter table verbund drop column reference_prefix`.execute(db);
}
