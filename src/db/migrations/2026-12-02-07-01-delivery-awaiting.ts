import { type Kysely, sql } from 'kysely';

// Deliveries handed over to a receiver that confirms later (ADR 0027): an xdomea ZIP in a DMS's
// drop folder is not yet taken; the DMS's import confirmation (0402) settles it. Such a
// delivery is `awaiting` from the hand-over (`handed_over_at`) until a confirmation job makes
// it `delivered` or `failed`. Row-level security and grants of the table stay as they are.

/** The check constraint of `delivery` on its status, by its generated name. */
async function statusCheck(db: Kysely<unknown>): Promise<string> {
  const { rows } = await sql<{ conname: string }>`
    select conname from pg_constraint
    where conrelid = 'delivery'::regclass and contype = 'c'
      and pg_get_constraintdef(oid) like '%status%pending%'`.execute(db);
  if (rows.length !== 1 || rows[0] === undefined) throw new Error('expected one status check');
  return rows[0].conname;
}

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table delivery drop constraint ${sql.id(await statusCheck(db))}`.execute(db);
  await sql`alter table delivery
    add constraint delivery_status_check
      check (status in ('pending', 'awaiting', 'delivered', 'rejected', 'failed')),
    add column handed_over_at timestamptz,
    add constraint delivery_awaiting_handed_over
      check (status <> 'awaiting' or handed_over_at is not null)`.execute(db);
  // The confirmation job's look per route, and its search for those overdue.
  await sql`create index delivery_awaiting on delivery (route_id, handed_over_at)
    where status = 'awaiting'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Nothing may stay awaiting under the old check: back to pending, tried again (same key).
  await sql`update delivery set status = 'pending', next_attempt_at = now()
    where status = 'awaiting'`.execute(db);
  await sql`drop index delivery_awaiting`.execute(db);
  await sql`alter table delivery
    drop constraint delivery_awaiting_handed_over,
    drop constraint delivery_status_check,
    drop column handed_over_at,
    add check (status in ('pending', 'delivered', 'rejected', 'failed'))`.execute(db);
}
