// Saved filters and assignments: the back office's own rows beside the applications, run as
// the authority (withAuthority).
import type { Insertable, Kysely } from 'kysely';
import type { ApplicationAssignmentTable, DB } from '../db/schema.ts';

type Db = Kysely<DB>;

export function listSavedFilters(db: Db, staffId: string, authorityId: string) {
  return db
    .selectFrom('staff_saved_filter')
    .select(['id', 'name', 'query'])
    .where('staff_id', '=', staffId)
    .where('authority_id', '=', authorityId)
    .orderBy('name')
    .execute();
}

export async function saveFilter(
  db: Db,
  row: { staffId: string; authorityId: string; name: string; query: string },
): Promise<void> {
  await db
    .insertInto('staff_saved_filter')
    .values({
      staff_id: row.staffId,
      authority_id: row.authorityId,
      name: row.name,
      query: row.query,
    })
    .onConflict((oc) =>
      oc.columns(['staff_id', 'authority_id', 'name']).doUpdateSet({ query: row.query }),
    )
    .execute();
}

export async function deleteFilter(db: Db, staffId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('staff_saved_filter')
    .where('id', '=', id)
    .where('staff_id', '=', staffId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/** The applications to assign, locked so two coordinators' assignments queue up. */
export function lockForAssignment(db: Db, ids: string[]) {
  return db
    .selectFrom('application')
    .select(['id', 'online_service_id', 'assigned_to'])
    .where('id', 'in', ids)
    .forUpdate()
    .execute();
}

export async function setAssignee(db: Db, id: string, staffId: string | null): Promise<void> {
  await db.updateTable('application').set({ assigned_to: staffId }).where('id', '=', id).execute();
}

export async function insertAssignment(
  db: Db,
  row: Insertable<ApplicationAssignmentTable>,
): Promise<void> {
  await db.insertInto('application_assignment').values(row).execute();
}

export function listAssignments(db: Db, applicationId: string) {
  return db
    .selectFrom('application_assignment as x')
    .leftJoin('staff as to', 'to.id', 'x.assigned_to')
    .leftJoin('staff as by', 'by.id', 'x.assigned_by')
    .select(['x.id', 'x.at', 'x.reason', 'to.display_name as assignee', 'by.display_name as by'])
    .where('x.application_id', '=', applicationId)
    .orderBy('x.id')
    .execute();
}

export async function currentAssignee(db: Db, applicationId: string): Promise<string | null> {
  const row = await db
    .selectFrom('application as a')
    .leftJoin('staff as s', 's.id', 'a.assigned_to')
    .select('s.display_name')
    .where('a.id', '=', applicationId)
    .executeTakeFirst();
  return row?.display_name ?? null;
}
