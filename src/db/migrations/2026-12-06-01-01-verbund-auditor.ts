import { type Kysely, sql } from 'kysely';

// The Verbund's own Prüfprotokoll (ADR 0046). Its chain (chain_id = the Verbund's id, the
// entries without authority) holds the verbund.* and identity.provider_* actions and the
// sign-ins outside any authority; until here nobody read it but the worker.
//
// - A Verbund-level auditor: a membership without authority may now also have the role
//   `auditor`. One person may hold both Verbund roles (admin and auditor), so the uniqueness
//   per (staff, authority) counts the role as well for the Verbund's memberships only.
// - A context of its own, `app.audit_verbund_id` (withVerbundAudit in src/db/rls.ts): it reads
//   the Verbund's chain and its checkpoint, appends `audit.viewed` to that chain and reads the
//   names of the Verbund's staff for the filter. The Verbund office (`app.verbund_id`) keeps
//   seeing each chain's head only, so its admins do not read the log they write to.
const AUDIT_VERBUND = `nullif(current_setting('app.audit_verbund_id', true), '')::uuid`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(`alter table staff_membership add column verbund_role text
      generated always as (case when authority_id is null then role end) stored`)
    .execute(db);
  await sql
    .raw('alter table staff_membership drop constraint staff_membership_staff_id_authority_id_key')
    .execute(db);
  await sql
    .raw(`alter table staff_membership add constraint staff_membership_unique
      unique nulls not distinct (staff_id, authority_id, verbund_role)`)
    .execute(db);
  await sql.raw('alter table staff_membership drop constraint staff_membership_check').execute(db);
  await sql
    .raw(`alter table staff_membership add constraint staff_membership_verbund_roles check (
      (role <> 'verbund_admin' or authority_id is null)
      and (authority_id is not null or role in ('verbund_admin', 'auditor')))`)
    .execute(db);

  await sql
    .raw(`create policy audit_entry_verbund_audit_read on audit_entry for select to app_user
      using (chain_id = ${AUDIT_VERBUND} and authority_id is null)`)
    .execute(db);
  await sql
    .raw(`create policy audit_entry_verbund_audit_append on audit_entry for insert to app_user
      with check (chain_id = ${AUDIT_VERBUND} and authority_id is null
        and action = 'audit.viewed')`)
    .execute(db);
  await sql
    .raw(`create policy audit_checkpoint_verbund_audit on audit_checkpoint to app_user
      using (chain_id = ${AUDIT_VERBUND}) with check (chain_id = ${AUDIT_VERBUND})`)
    .execute(db);
  // Ids and names only (the column grant of migration 2026-12-01-13), of this Verbund's staff.
  await sql
    .raw(`create policy staff_verbund_audit on staff for select to app_user
      using (verbund_id = ${AUDIT_VERBUND})`)
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('drop policy staff_verbund_audit on staff').execute(db);
  await sql.raw('drop policy audit_checkpoint_verbund_audit on audit_checkpoint').execute(db);
  await sql.raw('drop policy audit_entry_verbund_audit_append on audit_entry').execute(db);
  await sql.raw('drop policy audit_entry_verbund_audit_read on audit_entry').execute(db);
  await sql
    .raw(`delete from staff_membership where authority_id is null and role = 'auditor'`)
    .execute(db);
  await sql
    .raw('alter table staff_membership drop constraint staff_membership_verbund_roles')
    .execute(db);
  await sql
    .raw(`alter table staff_membership add constraint staff_membership_check
      check ((role = 'verbund_admin') = (authority_id is null))`)
    .execute(db);
  await sql.raw('alter table staff_membership drop constraint staff_membership_unique').execute(db);
  await sql.raw('alter table staff_membership drop column verbund_role').execute(db);
  await sql
    .raw(`alter table staff_membership add constraint staff_membership_staff_id_authority_id_key
      unique nulls not distinct (staff_id, authority_id)`)
    .execute(db);
}
