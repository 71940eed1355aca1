// The Verbund office's queries across authorities: one grouped query each, never one
// transaction per authority. The staff counts run in the Verbund office's context (src/db/rls.ts
// withVerbundOffice); the online services are the public directory.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';

/**
 * Staff who can work in each authority now: the invitation accepted (a password set), the
 * membership not locked by the authority's admin and the account not disabled.
 */
export async function countActiveStaff(
  db: Kysely<DB>,
  verbundId: string,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('staff_membership as m')
    .innerJoin('staff as s', 's.id', 'm.staff_id')
    .select(['m.authority_id', sql<string>`count(*)`.as('n')])
    .where('s.verbund_id', '=', verbundId)
    .where('m.authority_id', 'is not', null)
    .where('m.disabled_at', 'is', null)
    .where('s.disabled_at', 'is', null)
    .where('s.password_hash', 'is not', null)
    .groupBy('m.authority_id')
    .execute();
  return new Map(rows.map((r) => [r.authority_id ?? '', Number(r.n)]));
}

/** Online services each authority offers now (an activation dated later is not yet online). */
export async function countOnlineServices(
  db: Kysely<DB>,
  verbundId: string,
  at: Date,
): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('online_service_activation')
    .select(['authority_id', sql<string>`count(*)`.as('n')])
    .where('verbund_id', '=', verbundId)
    .where('active_since', '<=', at)
    .groupBy('authority_id')
    .execute();
  return new Map(rows.map((r) => [r.authority_id, Number(r.n)]));
}

export function listOnlineServices(db: Kysely<DB>, verbundId: string) {
  return db
    .selectFrom('online_service')
    .select(['id', 'leika_key', 'title', 'level'])
    .where('verbund_id', '=', verbundId)
    .execute();
}

export function listActivationsNow(db: Kysely<DB>, verbundId: string, at: Date) {
  return db
    .selectFrom('online_service_activation')
    .select(['online_service_id', 'authority_id'])
    .where('verbund_id', '=', verbundId)
    .where('active_since', '<=', at)
    .execute();
}
