import { type Kysely, sql } from 'kysely';

// Staff administration by an authority's admins (issue 11): a membership can be locked
// ("Zugang sperren") and unlocked, its role and a clerk's services changed.
//
// The lock is on the membership, not on the staff member: someone who works for two
// authorities loses only the one whose admin locked them. `staff.disabled_at` stays the
// Verbund-wide lock of the whole account.
//
// Admins write as `app_user` acting for their authority, so row-level security (not only the
// service's checks) keeps them to their own authority's memberships; the Verbund's role
// (authority_id null) is out of reach because the policy compares with the authority's id.
const AUTHORITY = sql.raw(`nullif(current_setting('app.authority_id', true), '')::uuid`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table staff_membership add column disabled_at timestamptz`.execute(db);
  await sql`grant update (role, service_ids, disabled_at) on staff_membership to app_user`.execute(
    db,
  );
  await sql`create policy staff_membership_authority_update on staff_membership
    for update to app_user
    using (authority_id = ${AUTHORITY})
    with check (authority_id = ${AUTHORITY} and role <> 'verbund_admin')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop policy staff_membership_authority_update on staff_membership`.execute(db);
  await sql`revoke update (role, service_ids, disabled_at) on staff_membership from app_user`.execute(
    db,
  );
  await sql`alter table staff_membership drop column disabled_at`.execute(db);
}
