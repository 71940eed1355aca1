// Queries of the delivery domain. Every function takes the transaction it runs in; the caller
// has set who acts (the worker role, or staff of one authority) and row-level security decides.
import { type Insertable, type Kysely, sql, type Transaction } from 'kysely';
import type { DB, DeliveryRouteTable, DeliveryStatus } from '../db/schema.ts';

type Db = Kysely<DB> | Transaction<DB>;

const ROUTE_COLUMNS = [
  'r.id',
  'r.authority_id',
  'r.online_service_id',
  'r.name',
  'r.connector_type',
  'r.config',
  'r.secrets_key_id',
  'r.secrets_wrapped_key',
  'r.secrets',
  'r.alert_email',
  'r.enabled',
] as const;

export function findRoute(db: Db, id: string) {
  return db
    .selectFrom('delivery_route as r')
    .select(ROUTE_COLUMNS)
    .where('r.id', '=', id)
    .executeTakeFirst();
}

export type RouteRow = NonNullable<Awaited<ReturnType<typeof findRoute>>>;

/** The routes of a claimed batch in one read; removed ones are missing. */
export function findRoutes(db: Db, ids: readonly string[]): Promise<RouteRow[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('delivery_route as r')
    .select(ROUTE_COLUMNS)
    .where('r.id', 'in', [...ids])
    .execute();
}

export function listRoutes(db: Db, authorityId: string) {
  return db
    .selectFrom('delivery_route as r')
    .leftJoin('online_service as os', 'os.id', 'r.online_service_id')
    .select([...ROUTE_COLUMNS, 'os.key as service_key'])
    .where('r.authority_id', '=', authorityId)
    .orderBy(sql`os.key nulls first`)
    .orderBy('r.name')
    .execute();
}

export async function insertRoute(db: Db, row: Insertable<DeliveryRouteTable>): Promise<void> {
  await db.insertInto('delivery_route').values(row).execute();
}

export async function deleteRoute(db: Db, id: string): Promise<void> {
  await db.deleteFrom('delivery_route').where('id', '=', id).execute();
}

export async function countPendingOfRoute(db: Db, routeId: string): Promise<number> {
  const row = await db
    .selectFrom('delivery')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('route_id', '=', routeId)
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export type ClaimedDelivery = {
  id: string;
  application_id: string;
  authority_id: string;
  route_id: string | null;
  route_name: string | null;
  idempotency_key: string;
  attempts: number;
};

/**
 * Claims up to `limit` due deliveries for this worker: a lease until `leaseUntil`, the attempt
 * counted now (a worker that dies mid-delivery has used it). SKIP LOCKED lets any number of
 * workers claim side by side without waiting on each other or taking the same row.
 */
export async function claimDue(
  db: Db,
  p: { workerId: string; now: Date; leaseUntil: Date; limit: number },
): Promise<ClaimedDelivery[]> {
  const { rows } = await sql<ClaimedDelivery>`
    with due as (
      select id from delivery
      where status = 'pending' and next_attempt_at <= ${p.now}
        and (claimed_until is null or claimed_until <= ${p.now})
      order by next_attempt_at
      limit ${p.limit}
      for update skip locked)
    update delivery d
    set claimed_by = ${p.workerId}, claimed_until = ${p.leaseUntil}, attempts = d.attempts + 1,
      updated_at = ${p.now}
    from due where d.id = due.id
    returning d.id, d.application_id, d.authority_id, d.route_id, d.route_name,
      d.idempotency_key, d.attempts`.execute(db);
  return rows;
}

/**
 * When the soonest pending delivery may be claimed: its next attempt, or the end of the lease a
 * worker holds on it. Null when nothing is pending.
 */
export async function nextDueAt(db: Db): Promise<Date | null> {
  const { rows } = await sql<{ due_at: Date | null }>`
    select min(greatest(next_attempt_at, coalesce(claimed_until, next_attempt_at))) as due_at
    from delivery where status = 'pending'`.execute(db);
  const dueAt = rows[0]?.due_at ?? null;
  return dueAt === null ? null : new Date(dueAt);
}

export type Outcome = {
  status: DeliveryStatus;
  nextAttemptAt?: Date;
  deliveredAt?: Date;
  handedOverAt?: Date;
  receiverReference?: string | null;
  lastError?: string | null;
};

/**
 * Writes the outcomes of many deliveries in one statement, each while its lease is still this
 * worker's; returns the ids written, the others' leases were lost.
 */
export async function finishMany(
  db: Db,
  workerId: string,
  at: Date,
  outcomes: readonly { id: string; outcome: Outcome }[],
): Promise<Set<string>> {
  if (outcomes.length === 0) return new Set();
  // An absent field keeps the column as it is: a flag per optional column says whether to set.
  const rows = outcomes.map(
    ({ id, outcome: o }) =>
      sql`(${id}::uuid, ${o.status}::text, ${o.nextAttemptAt ?? null}::timestamptz,
        ${o.deliveredAt ?? null}::timestamptz, ${o.handedOverAt ?? null}::timestamptz,
        ${o.receiverReference !== undefined}::boolean, ${o.receiverReference ?? null}::text,
        ${o.lastError !== undefined}::boolean, ${o.lastError?.slice(0, 2000) ?? null}::text)`,
  );
  const { rows: written } = await sql<{ id: string }>`
    update delivery d
    set status = v.status, claimed_by = null, claimed_until = null, updated_at = ${at},
      next_attempt_at = coalesce(v.next_attempt_at, d.next_attempt_at),
      delivered_at = coalesce(v.delivered_at, d.delivered_at),
      handed_over_at = coalesce(v.handed_over_at, d.handed_over_at),
      receiver_reference = case when v.set_reference then v.receiver_reference
        else d.receiver_reference end,
      last_error = case when v.set_error then v.last_error else d.last_error end
    from (values ${sql.join(rows)}) as v(id, status, next_attempt_at, delivered_at,
      handed_over_at, set_reference, receiver_reference, set_error, last_error)
    where d.id = v.id and d.claimed_by = ${workerId}
    returning d.id`.execute(db);
  return new Set(written.map((r) => r.id));
}

/**
 * Locks the applications whose deliveries are about to be settled, in id order: a worker that
 * settles another route of the same application waits, and then sees this one's outcome when
 * it asks whether all routes are delivered (otherwise each could miss the other's).
 */
export async function lockApplications(db: Db, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .selectFrom('application')
    .select('id')
    .where('id', 'in', [...ids])
    .orderBy('id')
    .forUpdate()
    .execute();
}

/**
 * Of these applications (each with a delivery just delivered), those still only sent whose
 * every delivery is delivered.
 */
export async function deliveredApplications(
  db: Db,
  ids: readonly string[],
): Promise<{ id: string; authority_id: string }[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('application as a')
    .select(['a.id', 'a.authority_id'])
    .where('a.id', 'in', [...ids])
    .where('a.status', '=', 'submitted')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('delivery as d')
            .select('d.id')
            .whereRef('d.application_id', '=', 'a.id')
            .where('d.status', '!=', 'delivered'),
        ),
      ),
    )
    .execute();
}

/** Gives claims back untried (shutdown): due again at once, the attempt not counted. */
export async function release(db: Db, ids: string[], workerId: string, at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('delivery')
    .set((eb) => ({
      claimed_by: null,
      claimed_until: null,
      next_attempt_at: at,
      updated_at: at,
      attempts: eb('attempts', '-', 1),
    }))
    .where('id', 'in', ids)
    .where('claimed_by', '=', workerId)
    .execute();
}

/**
 * A delivery sent without a route (none configured then, or its route removed since): the
 * routes the application would get now and has no delivery for yet. The first takes this row,
 * the others get rows of their own, due at once.
 */
export async function routeUnrouted(
  db: Db,
  delivery: ClaimedDelivery,
  at: Date,
): Promise<{ id: string; name: string } | undefined> {
  const { rows } = await sql<{ id: string; name: string; verbund_id: string }>`
    select r.id, r.name, a.verbund_id
    from application a
    cross join lateral delivery_routes_for(a.authority_id, a.online_service_id) r
    where a.id = ${delivery.application_id}
      and not exists (select 1 from delivery d
        where d.application_id = a.id and d.route_id = r.id)`.execute(db);
  const [first, ...others] = rows;
  if (first === undefined) return undefined;
  await db
    .updateTable('delivery')
    .set({ route_id: first.id, route_name: first.name, updated_at: at })
    .where('id', '=', delivery.id)
    .execute();
  if (others.length > 0) {
    await db
      .insertInto('delivery')
      .values(
        others.map((r) => ({
          verbund_id: r.verbund_id,
          application_id: delivery.application_id,
          authority_id: delivery.authority_id,
          route_id: r.id,
          route_name: r.name,
          created_at: at,
          updated_at: at,
          next_attempt_at: at,
        })),
      )
      .execute();
  }
  return first;
}

export function listDeliveries(db: Db, authorityId: string, status?: DeliveryStatus) {
  let query = db
    .selectFrom('delivery as d')
    .innerJoin('application as a', 'a.id', 'd.application_id')
    .select([
      'd.id',
      'a.reference',
      'd.route_name',
      'd.status',
      'd.attempts',
      'd.next_attempt_at',
      'd.delivered_at',
      'd.handed_over_at',
      'd.receiver_reference',
      'd.last_error',
      'd.idempotency_key',
    ])
    .where('d.authority_id', '=', authorityId);
  if (status) query = query.where('d.status', '=', status);
  return query.orderBy('d.created_at', 'desc').limit(200).execute();
}

/**
 * Staff resend: the application's failed or rejected deliveries (of one route, if named) back
 * to pending, due now, attempts from zero; the idempotency key stays, so a receiver that did
 * take it after all recognises it. Returns the routes resent.
 */
export async function resend(
  db: Db,
  p: { authorityId: string; reference: string; routeName?: string | undefined; at: Date },
): Promise<string[]> {
  let query = db
    .updateTable('delivery')
    .set({
      status: 'pending',
      attempts: 0,
      next_attempt_at: p.at,
      last_error: null,
      updated_at: p.at,
    })
    .where('authority_id', '=', p.authorityId)
    .where('status', 'in', ['failed', 'rejected'])
    .where('application_id', '=', (eb) =>
      eb
        .selectFrom('application')
        .select('id')
        .where('reference', '=', p.reference)
        .where('authority_id', '=', p.authorityId),
    );
  if (p.routeName !== undefined) query = query.where('route_name', '=', p.routeName);
  const rows = await query.returning('route_name').execute();
  return rows.map((r) => r.route_name ?? '(no route)');
}

/** Every route of one connector type, across authorities (the worker's confirmation jobs). */
export function listRoutesOfType(db: Db, connectorType: string) {
  return db
    .selectFrom('delivery_route as r')
    .select(ROUTE_COLUMNS)
    .where('r.connector_type', '=', connectorType)
    .orderBy('r.id')
    .execute();
}

/** A delivery by its idempotency key (the ProzessID an xdomea answer names), if of these routes. */
export function findByKeyOnRoutes(db: Db, idempotencyKey: string, routeIds: readonly string[]) {
  return db
    .selectFrom('delivery')
    .select([
      'id',
      'application_id',
      'authority_id',
      'route_id',
      'route_name',
      'status',
      'attempts',
    ])
    .where('idempotency_key', '=', idempotencyKey)
    .where(
      'route_id',
      'in',
      routeIds.length > 0 ? routeIds : ['00000000-0000-0000-0000-000000000000'],
    )
    .executeTakeFirst();
}

export type KeyedDelivery = NonNullable<Awaited<ReturnType<typeof findByKeyOnRoutes>>>;

/** Deliveries of a route handed over before `before` and still unconfirmed. */
export function listOverdueAwaiting(db: Db, routeId: string, before: Date) {
  return db
    .selectFrom('delivery')
    .select([
      'id',
      'application_id',
      'authority_id',
      'route_id',
      'route_name',
      'status',
      'attempts',
    ])
    .where('route_id', '=', routeId)
    .where('status', '=', 'awaiting')
    .where('handed_over_at', '<', before)
    .execute();
}

/**
 * Settles a delivery from the receiver's later answer: taken (`delivered`, its reference) or
 * not (`failed`, the reason). Only from the states named, so a second copy of an answer, or
 * one for a delivery settled otherwise since, changes nothing. True when it changed the row.
 */
export async function settle(
  db: Db,
  id: string,
  from: readonly DeliveryStatus[],
  at: Date,
  outcome: { status: 'delivered'; reference: string } | { status: 'failed'; reason: string },
): Promise<boolean> {
  const result = await db
    .updateTable('delivery')
    .set(
      outcome.status === 'delivered'
        ? {
            status: 'delivered',
            delivered_at: at,
            receiver_reference: outcome.reference.slice(0, 200),
            last_error: null,
            claimed_by: null,
            claimed_until: null,
            updated_at: at,
          }
        : {
            status: 'failed',
            last_error: outcome.reason.slice(0, 2000),
            claimed_by: null,
            claimed_until: null,
            updated_at: at,
          },
    )
    .where('id', '=', id)
    .where('status', 'in', [...from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The application's status and language, for a confirmation that moves a `submitted` one on. */
export function applicationState(db: Db, applicationId: string) {
  return db
    .selectFrom('application')
    .select(['status', 'language'])
    .where('id', '=', applicationId)
    .executeTakeFirst();
}

/**
 * Whose delivery a signed download link names (application, authority, Verbund): by the
 * function of migration 2026-12-05-03-02, which the runtime role calls before acting as
 * anyone. The link's signature is the authority to ask; nothing else of the row is returned.
 */
export async function deliveryOfFileLink(
  db: Db,
  deliveryId: string,
): Promise<{ application_id: string; authority_id: string; verbund_id: string } | undefined> {
  const { rows } = await sql<{ application_id: string; authority_id: string; verbund_id: string }>`
    select application_id, authority_id, verbund_id from delivery_of_file_link(${deliveryId})`.execute(
    db,
  );
  return rows[0];
}
