// The inbox's queries, run as the authority (withAuthority): row-level security keeps every
// other authority's applications out, and the explicit authority_id lets the planner use the
// (authority_id, status, submitted_at desc, id desc) index.
import { type Kysely, sql } from 'kysely';
import type { ApplicationStatusValue, DB } from '../db/schema.ts';

type Db = Kysely<DB>;

export type InboxQuery = {
  authorityId: string;
  status?: ApplicationStatusValue;
  reference?: string;
  /** A clerk limited to some services; undefined: all. */
  serviceIds?: string[];
  /** Keyset: the last row of the previous page (its submitted_at as text keeps microseconds). */
  after?: { submittedAt: string; id: string };
  limit: number;
};

export function countByStatus(db: Db, authorityId: string, serviceIds?: string[]) {
  let query = db
    .selectFrom('application')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('authority_id', '=', authorityId);
  if (serviceIds !== undefined) query = query.where('online_service_id', 'in', serviceIds);
  return query.groupBy('status').execute();
}

export function inboxPage(db: Db, q: InboxQuery) {
  let query = db
    .selectFrom('application as a')
    .leftJoin('staff as s', 's.id', 'a.assigned_to')
    .select([
      'a.id',
      'a.reference',
      'a.title',
      'a.status',
      'a.submitted_at',
      sql<string>`a.submitted_at::text`.as('cursor_at'),
      's.display_name as assignee',
    ])
    .where('a.authority_id', '=', q.authorityId);
  if (q.status !== undefined) query = query.where('a.status', '=', q.status);
  if (q.reference !== undefined) query = query.where('a.reference', '=', q.reference);
  if (q.serviceIds !== undefined) query = query.where('a.online_service_id', 'in', q.serviceIds);
  if (q.after !== undefined) {
    const { submittedAt, id } = q.after;
    query = query.where(
      sql<boolean>`(a.submitted_at, a.id) < (${submittedAt}::timestamptz, ${id}::uuid)`,
    );
  }
  return query.orderBy('a.submitted_at', 'desc').orderBy('a.id', 'desc').limit(q.limit).execute();
}
