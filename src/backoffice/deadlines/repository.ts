// The deadlines' queries, run as the authority (withAuthority) or inside a submission, which
// acts as the responsible authority too. Dates travel as text: pg would turn a `date` into a
// Date at the server's local midnight.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Db = Kysely<DB>;

export function findPeriod(db: Db, authorityId: string, onlineServiceId: string) {
  return db
    .selectFrom('processing_period')
    .select(['working_days', 'deemed_approval_days', 'deemed_approval_months'])
    .where('authority_id', '=', authorityId)
    .where('online_service_id', '=', onlineServiceId)
    .executeTakeFirst();
}

export function listPeriods(db: Db, authorityId: string) {
  return db
    .selectFrom('processing_period')
    .select(['online_service_id', 'working_days', 'deemed_approval_days', 'deemed_approval_months'])
    .where('authority_id', '=', authorityId)
    .execute();
}

export async function savePeriod(
  db: Db,
  row: {
    authorityId: string;
    onlineServiceId: string;
    workingDays: number;
    deemedApprovalDays: number | null;
    deemedApprovalMonths: number | null;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('processing_period')
    .values({
      authority_id: row.authorityId,
      online_service_id: row.onlineServiceId,
      working_days: row.workingDays,
      deemed_approval_days: row.deemedApprovalDays,
      deemed_approval_months: row.deemedApprovalMonths,
      updated_at: row.at,
    })
    .onConflict((oc) =>
      oc.columns(['authority_id', 'online_service_id']).doUpdateSet({
        working_days: row.workingDays,
        deemed_approval_days: row.deemedApprovalDays,
        deemed_approval_months: row.deemedApprovalMonths,
        updated_at: row.at,
      }),
    )
    .execute();
}

export async function deletePeriod(db: Db, authorityId: string, onlineServiceId: string) {
  await db
    .deleteFrom('processing_period')
    .where('authority_id', '=', authorityId)
    .where('online_service_id', '=', onlineServiceId)
    .execute();
}

/**
 * What the due dates of `applicationIds` are computed from: each application, its service's
 * period, its history (oldest first). Two statements however many.
 */
export async function deadlineFactsOf(db: Db, applicationIds: readonly string[]) {
  if (applicationIds.length === 0) return [];
  const rows = await db
    .selectFrom('application as a')
    .leftJoin('processing_period as p', (join) =>
      join
        .onRef('p.authority_id', '=', 'a.authority_id')
        .onRef('p.online_service_id', '=', 'a.online_service_id'),
    )
    .select([
      'a.id',
      'a.authority_id',
      'a.submitted_at',
      'a.extension_days',
      'p.working_days',
      'p.deemed_approval_days',
      'p.deemed_approval_months',
    ])
    .where('a.id', 'in', [...applicationIds])
    .execute();
  const events = await db
    .selectFrom('application_event')
    .select(['application_id', 'status', 'created_at'])
    .where('application_id', 'in', [...applicationIds])
    .orderBy('id')
    .execute();
  const history = new Map<string, { status: string; created_at: Date }[]>();
  for (const e of events) {
    const list = history.get(e.application_id) ?? [];
    list.push({ status: e.status, created_at: e.created_at });
    history.set(e.application_id, list);
  }
  return rows.map((row) => ({ ...row, history: history.get(row.id) ?? [] }));
}

/** The due dates of several applications in one statement. */
export async function setDeadlines(
  db: Db,
  deadlines: readonly {
    applicationId: string;
    dueOn: string | null;
    deemedApprovalOn: string | null;
    paused: boolean;
  }[],
): Promise<void> {
  if (deadlines.length === 0) return;
  const values = deadlines.map(
    (d) =>
      sql`(${d.applicationId}::uuid, ${d.dueOn}::date, ${d.deemedApprovalOn}::date, ${d.paused}::boolean)`,
  );
  await sql`update application as a
    set due_on = v.due_on, deemed_approval_on = v.deemed_approval_on, deadline_paused = v.paused
    from (values ${sql.join(values)}) as v(id, due_on, deemed_approval_on, paused)
    where a.id = v.id`.execute(db);
}

export async function setDeadline(
  db: Db,
  applicationId: string,
  d: { dueOn: string | null; deemedApprovalOn: string | null; paused: boolean },
): Promise<void> {
  await db
    .updateTable('application')
    .set({
      due_on: d.dueOn,
      deemed_approval_on: d.deemedApprovalOn,
      deadline_paused: d.paused,
    })
    .where('id', '=', applicationId)
    .execute();
}

export function findDeadline(db: Db, applicationId: string) {
  return db
    .selectFrom('application')
    .select([
      'id',
      'status',
      'version',
      'online_service_id',
      sql<string | null>`due_on::text`.as('due_on'),
      sql<string | null>`deemed_approval_on::text`.as('deemed_approval_on'),
      'deadline_paused',
      'extension_days',
      'extension_reason',
      'extended_at',
    ])
    .where('id', '=', applicationId)
    .executeTakeFirst();
}

/** Records the one extension; false when the application had one already. */
export async function recordExtension(
  db: Db,
  applicationId: string,
  e: { days: number; reason: string; at: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('application')
    .set({ extension_days: e.days, extension_reason: e.reason, extended_at: e.at })
    .where('id', '=', applicationId)
    .where('extended_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
