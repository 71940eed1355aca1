import { type Kysely, sql } from 'kysely';

// The processing of one application in the back office (issue 11, items 4 and 5):
// - internal notes of the authority's staff, sealed with the application's data key and never
//   readable by the citizen (no citizen policy at all);
// - reply templates (Textbausteine) per authority, optionally per service and status;
// - on the status history: the due date of a request for information and the Postfach file of
//   a decision (Bescheid), so the citizen's timeline can link it;
// - the scan status of Postfach files (a citizen's answer reaches an authority);
// - the citizen's answer to a request for information moves the application back from
//   action_required to processing in the same transaction as the answer: two narrow policies.
const AUTHORITY = sql.raw(`nullif(current_setting('app.authority_id', true), '')::uuid`);
const ACCOUNT = sql.raw(`nullif(current_setting('app.account_id', true), '')::uuid`);
const STATUSES = sql.raw(
  `'submitted', 'received', 'processing', 'action_required', 'completed', 'rejected', 'withdrawn'`,
);

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table application_note (
      id uuid primary key,
      verbund_id uuid not null references verbund (id),
      authority_id uuid not null references authority (id),
      application_id uuid not null references application (id) on delete cascade,
      staff_id uuid references staff (id) on delete set null,
      -- Sealed with the application's data key (purpose note:<id>): as private as the answers.
      sealed_body bytea not null,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index application_note_application on application_note (application_id, created_at)`.execute(
    db,
  );

  await sql`
    create table reply_template (
      id uuid primary key default gen_random_uuid(),
      verbund_id uuid not null references verbund (id),
      authority_id uuid not null references authority (id),
      -- Null: for every service / every status.
      online_service_id uuid references online_service (id) on delete cascade,
      status text check (status in (${STATUSES})),
      title text not null check (length(title) between 1 and 120),
      body text not null check (length(body) between 1 and 2000),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index reply_template_authority on reply_template (authority_id, title)`.execute(
    db,
  );

  for (const table of ['application_note', 'reply_template']) {
    const t = sql.table(table);
    await sql`alter table ${t} enable row level security`.execute(db);
    await sql`alter table ${t} force row level security`.execute(db);
    await sql`grant select, insert, update, delete on ${t} to app_worker`.execute(db);
    await sql`create policy ${sql.id(`${table}_worker`)} on ${t} to app_worker using (true) with check (true)`.execute(
      db,
    );
    await sql`create policy ${sql.id(`${table}_authority`)} on ${t} to app_user
      using (authority_id = ${AUTHORITY}) with check (authority_id = ${AUTHORITY})`.execute(db);
  }
  // Notes are never edited or removed by staff: what was noted stays noted.
  await sql`grant select, insert on application_note to app_user`.execute(db);
  await sql`grant select, insert, update, delete on reply_template to app_user`.execute(db);

  await sql`alter table application_event add column due_on date`.execute(db);
  await sql`alter table application_event add column decision_attachment_id uuid`.execute(db);

  await sql`alter table mailbox_attachment add column scan_status text not null default 'unscanned'
    check (scan_status in ('clean', 'unscanned'))`.execute(db);

  // The citizen answers: their own application, only from action_required, only to processing.
  await sql`create policy application_citizen_answer on application for update to app_user
    using (account_id = ${ACCOUNT} and status = 'action_required')
    with check (account_id = ${ACCOUNT} and status = 'processing' and closed_at is null)`.execute(
    db,
  );
  await sql`create policy application_event_citizen_answer on application_event for insert to app_user
    with check (account_id = ${ACCOUNT} and actor = 'citizen' and status = 'processing'
      and due_on is null and decision_attachment_id is null
      and exists (select 1 from application a
        where a.id = application_event.application_id
          and a.authority_id = application_event.authority_id
          and a.account_id = ${ACCOUNT} and a.status = 'processing'))`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop policy application_event_citizen_answer on application_event`.execute(db);
  await sql`drop policy application_citizen_answer on application`.execute(db);
  await sql`alter table mailbox_attachment drop column scan_status`.execute(db);
  await sql`alter table application_event drop column decision_attachment_id`.execute(db);
  await sql`alter table application_event drop column due_on`.execute(db);
  await sql`drop table reply_template`.execute(db);
  await sql`drop table application_note`.execute(db);
}
