import { type Kysely, sql } from 'kysely';

// The notice to the assigned clerk that a citizen wrote about an application is queued here,
// in the citizen's own transaction: the citizen may not read staff addresses, so the row names
// the application only, and the worker (job backoffice.answer-notices) looks up who is
// assigned and queues the content-free mail. Committed with the citizen's message or not at
// all: a crash between the two no longer loses the notice.
const ACCOUNT = `nullif(current_setting('app.account_id', true), '')::uuid`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table staff_notice (
      id uuid primary key default gen_random_uuid(),
      application_id uuid not null references application (id) on delete cascade,
      queued_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index staff_notice_queued on staff_notice (queued_at)`.execute(db);
  await sql`alter table staff_notice enable row level security`.execute(db);
  await sql`alter table staff_notice force row level security`.execute(db);
  // The citizen only adds, and only for an application of their own; they read nothing back.
  await sql`grant insert on staff_notice to app_user`.execute(db);
  // Update only because taking a batch locks it (for update skip locked).
  await sql`grant select, update, delete on staff_notice to app_worker`.execute(db);
  await sql
    .raw(`create policy staff_notice_citizen on staff_notice for insert to app_user
      with check (exists (select 1 from application a
        where a.id = application_id and a.account_id = ${ACCOUNT}))`)
    .execute(db);
  await sql`create policy staff_notice_worker on staff_notice to app_worker using (true) with check (true)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table staff_notice`.execute(db);
}
