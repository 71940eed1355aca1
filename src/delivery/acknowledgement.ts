// What a receiving system may learn and say about the deliveries of its own route: whether an
// application came through that route (the back-channel's ownership check), and that it took
// the application, with its own reference. Runs in the caller's transaction, which acts as the
// route's authority: row-level security keeps it to that authority's rows.
import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';

/** The delivery of `applicationId` through `routeId`, if the route carried it. */
export function deliveryOnRoute(trx: Transaction<DB>, routeId: string, applicationId: string) {
  return trx
    .selectFrom('delivery')
    .select(['id', 'status', 'receiver_reference'])
    .where('route_id', '=', routeId)
    .where('application_id', '=', applicationId)
    .executeTakeFirst();
}

/**
 * The receiver confirms it has the application: delivered with its reference, whatever the
 * worker was doing (a claim in flight is dropped, so its outcome cannot overwrite this).
 * Returns false when the delivery was already confirmed with another reference.
 */
export async function acknowledgeDelivery(
  trx: Transaction<DB>,
  deliveryId: string,
  reference: string,
  at: Date,
): Promise<boolean> {
  const result = await trx
    .updateTable('delivery')
    .set({
      status: 'delivered',
      delivered_at: at,
      receiver_reference: reference,
      last_error: null,
      claimed_by: null,
      claimed_until: null,
      updated_at: at,
    })
    .where('id', '=', deliveryId)
    .where((eb) =>
      eb.or([
        eb('status', '!=', 'delivered'),
        eb('receiver_reference', 'is', null),
        eb('receiver_reference', '=', reference),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The route's name and connector type, for the API's checks (callbacks, credentials). */
export function routeOfAuthority(trx: Transaction<DB>, authorityId: string, routeName: string) {
  return trx
    .selectFrom('delivery_route')
    .select(['id', 'name', 'connector_type', 'verbund_id'])
    .where('authority_id', '=', authorityId)
    .where('name', '=', routeName)
    .execute();
}

/** The authority's route names, for the back office's choice of a credential's route. */
export async function routeNamesOfAuthority(trx: Transaction<DB>, authorityId: string) {
  const rows = await trx
    .selectFrom('delivery_route')
    .select('name')
    .distinct()
    .where('authority_id', '=', authorityId)
    .orderBy('name')
    .execute();
  return rows.map((r) => r.name);
}
