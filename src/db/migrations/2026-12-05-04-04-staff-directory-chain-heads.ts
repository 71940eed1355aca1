import { type Kysely, sql } from 'kysely';

// The staff directory (ADR 0045) read every audit entry of every chain to link its sign-in
// entries to a chain's last one. It now sees each chain's head only, as the Verbund office
// does (ADR 0041): the hash the next entry links to, never the log.
const ROLE = 'app_staff_directory';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`create function audit_chain_head(p_chain uuid) returns bigint
      language sql stable security definer set search_path = pg_catalog, public as $fn$
        select max(e.seq) from audit_entry e where e.chain_id = p_chain
      $fn$`)
    .execute(db);
  await sql.raw('revoke all on function audit_chain_head(uuid) from public').execute(db);
  await sql.raw(`grant execute on function audit_chain_head(uuid) to ${ROLE}`).execute(db);
  await sql.raw('drop policy audit_entry_staff_directory_read on audit_entry').execute(db);
  await sql
    .raw(`create policy audit_entry_staff_directory_head on audit_entry for select to ${ROLE}
      using (seq = audit_chain_head(chain_id))`)
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('drop policy audit_entry_staff_directory_head on audit_entry').execute(db);
  await sql
    .raw(`create policy audit_entry_staff_directory_read on audit_entry for select to ${ROLE}
      using (true)`)
    .execute(db);
  await sql.raw('drop function audit_chain_head(uuid)').execute(db);
}
