import { type Kysely, sql } from 'kysely';

// Deadlines and the inbox's tools (issue 11): processing periods per authority and online
// service, the due date stored on each application (computed in TypeScript at each status
// change and extension, ADR 0025), the keyed blind index of applicants' name tokens (ADR 0026),
// the assignment history and staff members' saved filters.
//
// All of it is authority data: row-level security per authority for `app_user`, everything
// for `app_worker` (the daily mail, the backfill, key re-wrapping).
const AUTHORITY = sql.raw(`nullif(current_setting('app.authority_id', true), '')::uuid`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table processing_period (
      authority_id uuid not null references authority (id),
      online_service_id uuid not null references online_service (id) on delete cascade,
      -- Bearbeitungsfrist in working days (Lower Saxony's public holidays, weekends off).
      working_days smallint not null check (working_days between 1 and 400),
      -- Genehmigungsfiktion (§ 42a VwVfG): after this many working days it counts as approved.
      deemed_approval_days smallint check (deemed_approval_days between 1 and 800),
      updated_at timestamptz not null default now(),
      primary key (authority_id, online_service_id)
    )`.execute(db);

  await sql`alter table application
    add column due_on date,
    add column deemed_approval_on date,
    add column deadline_paused boolean not null default false,
    add column extension_days smallint check (extension_days between 1 and 200),
    add column extension_reason text check (length(extension_reason) between 1 and 500),
    add column extended_at timestamptz,
    add constraint application_extension_once
      check ((extension_days is null) = (extended_at is null) and (extended_at is null) = (extension_reason is null))`.execute(
    db,
  );
  await sql`grant update (due_on, deemed_approval_on, deadline_paused, extension_days, extension_reason, extended_at)
    on application to app_user`.execute(db);
  // The deadline filters and the "due first" order: open applications by due date. Closed and
  // paused ones have no part in "overdue", the partial index keeps them out of it.
  await sql`create index application_due on application (authority_id, due_on, id)
    where due_on is not null and not deadline_paused
      and status in ('submitted', 'received', 'processing')`.execute(db);
  await sql`create index application_due_order on application
    (authority_id, (coalesce(due_on, 'infinity'::date)), id)`.execute(db);
  await sql`create index application_assignee on application (authority_id, assigned_to, submitted_at desc, id desc)`.execute(
    db,
  );
  // Counts per status on every inbox page: the row-level security policies read account_id
  // and anonymous_key_hash too, and with them in the index the count is an index-only scan
  // instead of a visit to every row of the authority.
  await sql`create index application_status_counts on application (authority_id, status, online_service_id)
    include (account_id, anonymous_key_hash)`.execute(db);
  await sql`create index application_service on application (authority_id, online_service_id, status, submitted_at desc, id desc)`.execute(
    db,
  );

  // One HMAC key per Verbund for the name index, a random key wrapped by a Verbund key like a
  // data key (ADR 0012), so re-wrapping after a rotation keeps the index valid.
  await sql`
    create table name_index_key (
      id uuid primary key references verbund (id),
      key_id text not null check (length(key_id) between 1 and 40),
      wrapped_key bytea not null,
      created_at timestamptz not null default now()
    )`.execute(db);

  await sql`
    create table application_name_token (
      application_id uuid not null,
      authority_id uuid not null,
      -- HMAC-SHA-256 of one normalised name token, first 128 bits in hex: never the name.
      token text not null check (token ~ '^[0-9a-f]{32}$'),
      primary key (authority_id, token, application_id),
      foreign key (application_id, authority_id) references application (id, authority_id) on delete cascade
    )`.execute(db);
  await sql`create index application_name_token_application on application_name_token (application_id)`.execute(
    db,
  );

  await sql`
    create table application_assignment (
      id bigint generated always as identity primary key,
      application_id uuid not null,
      authority_id uuid not null,
      assigned_to uuid references staff (id) on delete set null,
      assigned_by uuid references staff (id) on delete set null,
      reason text check (length(reason) between 1 and 500),
      at timestamptz not null,
      foreign key (application_id, authority_id) references application (id, authority_id) on delete cascade
    )`.execute(db);
  await sql`create index application_assignment_application on application_assignment (application_id, id)`.execute(
    db,
  );

  await sql`
    create table staff_saved_filter (
      id uuid primary key default gen_random_uuid(),
      staff_id uuid not null references staff (id) on delete cascade,
      authority_id uuid not null references authority (id),
      name text not null check (length(name) between 1 and 80),
      -- The inbox's query string as the filter form sent it.
      query text not null check (length(query) <= 2000),
      created_at timestamptz not null default now(),
      unique (staff_id, authority_id, name)
    )`.execute(db);

  const authorityTables = [
    'processing_period',
    'application_name_token',
    'application_assignment',
    'staff_saved_filter',
  ];
  for (const table of authorityTables) {
    const t = sql.table(table);
    await sql`alter table ${t} enable row level security`.execute(db);
    await sql`alter table ${t} force row level security`.execute(db);
    await sql`create policy ${sql.id(`${table}_authority`)} on ${t} to app_user
      using (authority_id = ${AUTHORITY}) with check (authority_id = ${AUTHORITY})`.execute(db);
    await sql`create policy ${sql.id(`${table}_worker`)} on ${t} to app_worker using (true) with check (true)`.execute(
      db,
    );
    await sql`grant select, insert, update, delete on ${t} to app_worker`.execute(db);
  }
  await sql`grant select, insert, update, delete on processing_period, staff_saved_filter to app_user`.execute(
    db,
  );
  await sql`grant select, insert, delete on application_name_token to app_user`.execute(db);
  await sql`grant select, insert on application_assignment to app_user`.execute(db);

  // The key is read by every submission (any authority) and the inbox: its row holds only a
  // wrapped key, useless without the Verbund key from the configuration. The first submission
  // creates it (insert, on conflict nothing); no runtime role may replace or remove it.
  await sql`alter table name_index_key enable row level security`.execute(db);
  await sql`alter table name_index_key force row level security`.execute(db);
  await sql`create policy name_index_key_read on name_index_key for select to app_user using (true)`.execute(
    db,
  );
  await sql`create policy name_index_key_worker on name_index_key to app_worker using (true) with check (true)`.execute(
    db,
  );
  await sql`create policy name_index_key_create on name_index_key for insert to app_user with check (true)`.execute(
    db,
  );
  await sql`grant select, insert on name_index_key to app_user`.execute(db);
  await sql`grant select, insert, update on name_index_key to app_worker`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'staff_saved_filter',
    'application_assignment',
    'application_name_token',
    'name_index_key',
    'processing_period',
  ]) {
    await sql`drop table ${sql.table(table)}`.execute(db);
  }
  await sql`drop index application_service`.execute(db);
  await sql`drop index application_status_counts`.execute(db);
  await sql`drop index application_assignee`.execute(db);
  await sql`drop index application_due_order`.execute(db);
  await sql`drop index application_due`.execute(db);
  await sql`alter table application drop constraint application_extension_once,
    drop column extended_at, drop column extension_reason, drop column extension_days,
    drop column deadline_paused, drop column deemed_approval_on, drop column due_on`.execute(db);
}
