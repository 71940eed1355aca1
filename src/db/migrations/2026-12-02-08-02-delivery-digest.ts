import { type Kysely, sql } from 'kysely';

// The daily digest of failed and long-pending deliveries (ADR 0028): when each authority's
// admins last got one, so that the hourly job sends at most one a day per authority whatever
// the number of worker processes or restarts. Authority-internal: under row-level security,
// written by the worker only, readable by the authority's staff.
const AUTHORITY = sql.raw(`nullif(current_setting('app.authority_id', true), '')::uuid`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table delivery_digest (
      authority_id uuid primary key references authority (id) on delete cascade,
      last_sent_at timestamptz not null
    )`.execute(db);
  await sql`alter table delivery_digest enable row level security`.execute(db);
  await sql`alter table delivery_digest force row level security`.execute(db);
  await sql`grant select on delivery_digest to app_user`.execute(db);
  await sql`grant select, insert, update, delete on delivery_digest to app_worker`.execute(db);
  await sql`create policy delivery_digest_authority on delivery_digest for select to app_user
    using (authority_id = ${AUTHORITY})`.execute(db);
  await sql`create policy delivery_digest_worker on delivery_digest to app_worker
    using (true) with check (true)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table delivery_digest`.execute(db);
}
