import { type Kysely, sql } from 'kysely';

// How far each audit chain has been verified (issue 11): the auditors' page checks only the
// entries after the last checkpoint instead of the whole chain on every view; the worker's
// daily run and "Gesamte Kette prüfen" walk it all. A break once found stays recorded until a
// full check passes again. An authority's staff read and write their own chain's checkpoint
// only (chain_id is the authority's id); the Verbund's chain is the worker's.
const AUTHORITY = sql.raw(`nullif(current_setting('app.authority_id', true), '')::uuid`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table audit_checkpoint (
      chain_id uuid primary key,
      seq bigint not null,
      hash text not null,
      checked_at timestamptz not null,
      fully_checked_at timestamptz,
      broken_id bigint,
      broken_seq bigint,
      broken_reason text check (broken_reason in ('hash', 'link', 'gap'))
    )`.execute(db);
  await sql`alter table audit_checkpoint enable row level security`.execute(db);
  await sql`alter table audit_checkpoint force row level security`.execute(db);
  await sql`grant select, insert, update on audit_checkpoint to app_user`.execute(db);
  await sql`grant select, insert, update, delete on audit_checkpoint to app_worker`.execute(db);
  await sql`create policy audit_checkpoint_authority on audit_checkpoint to app_user
    using (chain_id = ${AUTHORITY}) with check (chain_id = ${AUTHORITY})`.execute(db);
  await sql`create policy audit_checkpoint_worker on audit_checkpoint to app_worker
    using (true) with check (true)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table audit_checkpoint`.execute(db);
}
