import { type Kysely, sql } from 'kysely';

// The clerks' daily deadline reminder (issue 11): the Berlin day each staff member last got one
// for an authority, so that the hourly job mails at most once a day per person and authority
// whatever the number of worker processes or restarts. Authority-internal: under row-level
// security, read and written by the worker only (as the delivery digest's table): the job
// needs staff e-mail addresses, which only the worker role may read.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table deadline_reminder (
      staff_id uuid not null references staff (id) on delete cascade,
      authority_id uuid not null references authority (id) on delete cascade,
      last_sent_on date not null,
      primary key (authority_id, staff_id)
    )`.execute(db);
  await sql`alter table deadline_reminder enable row level security`.execute(db);
  await sql`alter table deadline_reminder force row level security`.execute(db);
  await sql`grant select, insert, update, delete on deadline_reminder to app_worker`.execute(db);
  await sql`create policy deadline_reminder_worker on deadline_reminder to app_worker
    using (true) with check (true)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table deadline_reminder`.execute(db);
}
