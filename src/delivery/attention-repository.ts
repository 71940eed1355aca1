// Queries behind "nothing fails silently": what needs staff attention (failed, refused, late),
// staff resend, the attempts of one application, and who hears of it. Each takes the transaction
// it runs in: as the authority's staff (withAuthority), as the worker (withWorker), or, for the
// citizen's progress only, as the requester (withRequester).
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB, DeliveryStatus } from '../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

export async function attentionCounts(
  db: Db,
  authorityId: string,
  lateBefore: Date,
): Promise<{ failed: number; late: number }> {
  const { rows } = await sql<{ failed: number; late: number }>`
    select
      count(*) filter (where status in ('failed', 'rejected'))::int as failed,
      count(*) filter (where status = 'pending' and created_at < ${lateBefore})::int as late
    from delivery
    where authority_id = ${authorityId}
      and (status in ('failed', 'rejected') or (status = 'pending' and created_at < ${lateBefore}))`.execute(
    db,
  );
  return rows[0] ?? { failed: 0, late: 0 };
}

export type AttentionRow = {
  id: string;
  application_id: string;
  reference: string;
  title: string;
  route_name: string | null;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  next_attempt_at: Date;
};

/** Failed and refused first, then what is pending, oldest first; at most 200. */
export function attentionList(db: Db, authorityId: string) {
  return db
    .selectFrom('delivery as d')
    .innerJoin('application as a', 'a.id', 'd.application_id')
    .select([
      'd.id',
      'd.application_id',
      'a.reference',
      'a.title',
      'd.route_name',
      'd.status',
      'd.attempts',
      'd.last_error',
      'd.created_at',
      'd.next_attempt_at',
    ])
    .where('d.authority_id', '=', authorityId)
    .where('d.status', 'in', ['failed', 'rejected', 'pending'])
    .orderBy(sql`case when d.status = 'pending' then 1 else 0 end`)
    .orderBy('d.created_at')
    .limit(200)
    .execute() as Promise<AttentionRow[]>;
}

/**
 * One failed or refused delivery back to pending, due now, attempts from zero, the idempotency
 * key kept. Undefined when it is not the authority's or not failed/refused (already resent).
 */
export async function resendDelivery(
  db: Db,
  p: { authorityId: string; id: string; at: Date },
): Promise<{ id: string; application_id: string } | undefined> {
  return db
    .updateTable('delivery')
    .set({
      status: 'pending',
      attempts: 0,
      next_attempt_at: p.at,
      last_error: null,
      updated_at: p.at,
    })
    .where('id', '=', p.id)
    .where('authority_id', '=', p.authorityId)
    .where('status', 'in', ['failed', 'rejected'])
    .returning(['id', 'application_id'])
    .executeTakeFirst();
}

export function attemptsOf(db: Db, applicationId: string) {
  return db
    .selectFrom('delivery')
    .select([
      'id',
      'route_name',
      'status',
      'attempts',
      'last_error',
      'created_at',
      'updated_at',
      'next_attempt_at',
      'delivered_at',
      'receiver_reference',
    ])
    .where('application_id', '=', applicationId)
    .orderBy('route_name')
    .execute();
}

/**
 * The state of an application's deliveries as the citizen may learn it: four numbers from
 * `delivery_progress_of` (migration 2026-12-05-03-01), run as the citizen or the anonymous
 * browser that sent it; all zero for an application that is not theirs.
 */
export async function applicationDeliveryState(
  db: Db,
  applicationId: string,
): Promise<{ total: number; delivered: number; oldestOpen: Date | null; retrying: number }> {
  const { rows } = await sql<{
    total: number;
    delivered: number;
    oldest_open: Date | null;
    retrying: number;
  }>`select total, delivered, oldest_open, retrying from delivery_progress_of(${applicationId})`.execute(
    db,
  );
  const row = rows[0];
  return {
    total: row?.total ?? 0,
    delivered: row?.delivered ?? 0,
    oldestOpen: row?.oldest_open ? new Date(row.oldest_open) : null,
    retrying: row?.retrying ?? 0,
  };
}

/** The e-mail addresses of the authority's admins (worker only: staff are not app_user's). */
export async function adminEmails(db: Db, authorityId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('staff as s')
    .innerJoin('staff_membership as m', 'm.staff_id', 's.id')
    .select('s.email')
    .where('m.authority_id', '=', authorityId)
    .where('m.role', '=', 'authority_admin')
    .where('s.disabled_at', 'is', null)
    .where('m.disabled_at', 'is', null)
    .orderBy('s.email')
    .execute();
  return rows.map((r) => r.email);
}

/** Per authority: deliveries failed or refused, and pending since before `lateBefore`. */
export async function attentionByAuthority(db: Db, lateBefore: Date) {
  const { rows } = await sql<{ authority_id: string; failed: number; late: number }>`
    select authority_id,
      count(*) filter (where status in ('failed', 'rejected'))::int as failed,
      count(*) filter (where status = 'pending')::int as late
    from delivery
    where status in ('failed', 'rejected') or (status = 'pending' and created_at < ${lateBefore})
    group by authority_id
    order by authority_id`.execute(db);
  return rows;
}

/**
 * Takes the authority's digest for this run: true when none went out since `sentBefore` (and
 * records it now), false when another run or process sent it already.
 */
export async function claimDigest(
  db: Db,
  p: { authorityId: string; at: Date; sentBefore: Date },
): Promise<boolean> {
  const { rows } = await sql<{ authority_id: string }>`
    insert into delivery_digest (authority_id, last_sent_at) values (${p.authorityId}, ${p.at})
    on conflict (authority_id) do update set last_sent_at = excluded.last_sent_at
      where delivery_digest.last_sent_at < ${p.sentBefore}
    returning authority_id`.execute(db);
  return rows.length === 1;
}
