// The inbox's queries, run as the authority (withAuthority): row-level security keeps every
// other authority's applications out, and the explicit authority_id lets the planner use the
// indexes that lead with it (application_inbox, _service, _assignee, _due, _due_order; the
// benchmark's plans are in bench/inbox.ts, the figures in ADR 0034). Dates travel as text: pg would turn a `date` into
// a Date at the server's local midnight.
import { type Expression, type Kysely, type SqlBool, sql } from 'kysely';
import type { ApplicationStatusValue, DB } from '../db/schema.ts';

type Db = Kysely<DB>;

export type InboxSort = 'newest' | 'oldest' | 'due';

/** The statuses in which the period runs: overdue means one of these, and not paused. */
export const RUNNING = ['submitted', 'received', 'processing'] as const;
export const CLOSED = ['completed', 'rejected', 'withdrawn'] as const;

export type InboxQuery = {
  authorityId: string;
  status?: ApplicationStatusValue;
  reference?: string;
  /** A clerk limited to some services; undefined: all. */
  serviceIds?: string[];
  /** The service filter the clerk chose. */
  serviceId?: string;
  /** Submitted on or after / on or before these Berlin days ("YYYY-MM-DD"). */
  from?: string;
  to?: string;
  assignee?: { kind: 'staff'; staffId: string } | { kind: 'none' };
  /** Today (Berlin) and, for "due soon", the last day that counts as soon. */
  deadline?:
    | { kind: 'overdue'; today: string }
    | { kind: 'dueSoon'; today: string; until: string }
    | { kind: 'onTime'; today: string }
    | { kind: 'late'; today: string };
  /** Keyed name tokens (blind index): every one must match. */
  nameTokens?: string[];
  sort: InboxSort;
  /** Keyset: the sort key and id of the previous page's last row. */
  after?: { key: string; id: string };
  limit: number;
};

/**
 * Applications per status from the counters a trigger keeps (ADR 0034): a few rows per
 * service instead of counting the authority's applications on every page.
 */
export function countByStatus(db: Db, authorityId: string, serviceIds?: string[]) {
  let query = db
    .selectFrom('application_status_count')
    .select(['status', sql<number>`sum(n)::int`.as('n')])
    .where('authority_id', '=', authorityId);
  if (serviceIds !== undefined) query = query.where('online_service_id', 'in', serviceIds);
  return query.groupBy('status').execute();
}

const berlinStart = (day: string) => sql`(${day}::date::timestamp at time zone 'Europe/Berlin')`;

/**
 * One page of the inbox. Every filter and order the inbox offers has an index in its order
 * (application_inbox, _service, _assignee, _authority, _due, _due_order), so the page is read in
 * that order and stops after `limit` rows. Bitmap scans are switched off for this one query:
 * the three select policies (authority, citizen, anonymous browser) are OR'ed, and the planner
 * turns them into a BitmapOr it misjudges by the authority's share, because it counts the
 * explicit authority_id and the policy's as independent (20 times too few rows at 20
 * authorities); then it reads every matching row of the service and sorts them (ADR 0034).
 */
export async function inboxPage(db: Db, q: InboxQuery) {
  await sql`set local enable_bitmapscan = off`.execute(db);
  try {
    return await inboxPageQuery(db, q);
  } finally {
    await sql`set local enable_bitmapscan = on`.execute(db);
  }
}

function inboxPageQuery(db: Db, q: InboxQuery) {
  let query = db
    .selectFrom('application as a')
    .leftJoin('staff as s', 's.id', 'a.assigned_to')
    .select([
      'a.id',
      'a.reference',
      'a.title',
      'a.status',
      'a.submitted_at',
      'a.assigned_to',
      'a.version',
      'a.online_service_id',
      sql<string>`a.submitted_at::text`.as('submitted_key'),
      sql<string | null>`a.due_on::text`.as('due_on'),
      sql<string | null>`a.deemed_approval_on::text`.as('deemed_approval_on'),
      'a.deadline_paused',
      's.display_name as assignee',
    ])
    .where('a.authority_id', '=', q.authorityId);
  if (q.status !== undefined) query = query.where('a.status', '=', q.status);
  if (q.reference !== undefined) query = query.where('a.reference', '=', q.reference);
  if (q.serviceIds !== undefined) query = query.where('a.online_service_id', 'in', q.serviceIds);
  if (q.serviceId !== undefined) query = query.where('a.online_service_id', '=', q.serviceId);
  if (q.from !== undefined)
    query = query.where(sql<SqlBool>`a.submitted_at >= ${berlinStart(q.from)}`);
  if (q.to !== undefined) {
    query = query.where(sql<SqlBool>`a.submitted_at < ${berlinStart(q.to)} + interval '1 day'`);
  }
  if (q.assignee?.kind === 'staff') query = query.where('a.assigned_to', '=', q.assignee.staffId);
  if (q.assignee?.kind === 'none') query = query.where('a.assigned_to', 'is', null);
  const d = q.deadline;
  if (d !== undefined) {
    // With a status chosen, the status list would be redundant, and an IN list on an index
    // column keeps the planner (PostgreSQL 15) from reading that index in its order.
    const runningStatus =
      q.status === undefined
        ? sql`and a.status in ('submitted', 'received', 'processing')`
        : (RUNNING as readonly string[]).includes(q.status)
          ? sql``
          : sql`and false`;
    const running = sql<SqlBool>`a.due_on is not null and not a.deadline_paused ${runningStatus}`;
    if (d.kind === 'overdue')
      query = query.where(sql<SqlBool>`${running} and a.due_on < ${d.today}::date`);
    if (d.kind === 'dueSoon') {
      query = query.where(
        sql<SqlBool>`${running} and a.due_on between ${d.today}::date and ${d.until}::date`,
      );
    }
    // Punctuality: closed by the due day, or still open and not past it (and the reverse).
    const closedDay = sql`(a.closed_at at time zone 'Europe/Berlin')::date`;
    if (d.kind === 'onTime') {
      query = query.where(
        sql<SqlBool>`a.due_on is not null and (
          (a.closed_at is not null and a.status <> 'withdrawn' and ${closedDay} <= a.due_on)
          or (a.closed_at is null and a.due_on >= ${d.today}::date))`,
      );
    }
    if (d.kind === 'late') {
      query = query.where(
        sql<SqlBool>`a.due_on is not null and (
          (a.closed_at is not null and a.status <> 'withdrawn' and ${closedDay} > a.due_on)
          or (a.closed_at is null and not a.deadline_paused and a.due_on < ${d.today}::date))`,
      );
    }
  }
  if (q.nameTokens !== undefined) {
    const tokens = q.nameTokens;
    query = query.where(
      (eb) =>
        eb(
          'a.id',
          'in',
          eb
            .selectFrom('application_name_token as t')
            .select('t.application_id')
            .where('t.authority_id', '=', q.authorityId)
            .where('t.token', 'in', tokens)
            .groupBy('t.application_id')
            .having(sql<SqlBool>`count(distinct t.token) = ${tokens.length}`),
        ) as Expression<SqlBool>,
    );
  }
  const after = q.after;
  if (q.sort === 'due') {
    // With "overdue" or "due soon" chosen every row has a due date, and plain due_on lets the
    // planner read the partial index application_due in order and stop after one page,
    // instead of sorting every row due in the window (114 ms for Sögel's 23,550 at 10 million
    // applications). The coalesce stays for the unfiltered order, where open ones come last.
    const dated = d?.kind === 'overdue' || d?.kind === 'dueSoon';
    const key = dated ? sql`a.due_on` : sql`coalesce(a.due_on, 'infinity'::date)`;
    if (after !== undefined) {
      query = query.where(sql<SqlBool>`(${key}, a.id) > (${after.key}::date, ${after.id}::uuid)`);
    }
    return query
      .select(sql<string>`coalesce(a.due_on, 'infinity'::date)::text`.as('sort_key'))
      .orderBy(key, 'asc')
      .orderBy('a.id', 'asc')
      .limit(q.limit)
      .execute();
  }
  const sorted = query.select(sql<string>`a.submitted_at::text`.as('sort_key'));
  if (q.sort === 'oldest') {
    const paged =
      after === undefined
        ? sorted
        : sorted.where(
            sql<SqlBool>`(a.submitted_at, a.id) > (${after.key}::timestamptz, ${after.id}::uuid)`,
          );
    return paged.orderBy('a.submitted_at', 'asc').orderBy('a.id', 'asc').limit(q.limit).execute();
  }
  const paged =
    after === undefined
      ? sorted
      : sorted.where(
          sql<SqlBool>`(a.submitted_at, a.id) < (${after.key}::timestamptz, ${after.id}::uuid)`,
        );
  return paged.orderBy('a.submitted_at', 'desc').orderBy('a.id', 'desc').limit(q.limit).execute();
}

export type InboxRow = Awaited<ReturnType<typeof inboxPageQuery>>[number];

/** Staff of the authority who process applications: whom work can be assigned to. */
export function listAssignable(db: Db, authorityId: string) {
  return (
    db
      .selectFrom('staff_membership as m')
      .innerJoin('staff as s', 's.id', 'm.staff_id')
      .select(['s.id', 's.display_name', 'm.role', 'm.service_ids'])
      .where('m.authority_id', '=', authorityId)
      .where('m.role', 'in', ['clerk', 'coordinator', 'authority_admin'])
      // A locked member gets no new work.
      .where('m.disabled_at', 'is', null)
      .orderBy('s.display_name')
      .execute()
  );
}
