// The Verbund office's queries across authorities: one grouped query each, never one
// transaction per authority. The staff counts run in the Verbund office's context (src/db/rls.ts
// withVerbundOffice, ADR 0041); the online services are the public directory.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { ServiceSettings } from './service-settings.ts';

/**
 * Staff who can work in each authority of the Verbund acted for now (the invitation accepted,
 * the membership not locked, the account not disabled): counted by the database function of
 * migration 2026-12-05-01-01, since this context may read no staff row itself.
 */
export async function countActiveStaff(db: Kysely<DB>): Promise<Map<string, number>> {
  const { rows } = await sql<{
    authority_id: string;
    active: string;
  }>`select authority_id, active from verbund_active_staff()`.execute(db);
  return new Map(rows.map((r) => [r.authority_id, Number(r.active)]));
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

const SETTINGS_COLUMNS = [
  'id',
  'key',
  'leika_key',
  'title',
  'level',
  'trust_level',
  'allows_anonymous',
  'description',
  'fees',
  'retention_months',
  'version',
] as const;

/** One of the Verbund's online services with its settings (the public directory). */
export function findOnlineService(db: Kysely<DB>, verbundId: string, id: string) {
  return db
    .selectFrom('online_service')
    .select(SETTINGS_COLUMNS)
    .where('verbund_id', '=', verbundId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * New settings if the row is still at `version` (the optimistic lock); false when it is not
 * (changed meanwhile) or not the Verbund's. Runs in the Verbund office's context, whose policy
 * reaches only the services of the Verbund acted for.
 */
export async function updateOnlineService(
  db: Kysely<DB>,
  verbundId: string,
  id: string,
  version: number,
  settings: ServiceSettings,
): Promise<boolean> {
  const result = await db
    .updateTable('online_service')
    .set({ ...settings, version: version + 1 })
    .where('verbund_id', '=', verbundId)
    .where('id', '=', id)
    .where('version', '=', version)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** A catalogue entry by its LeiKa key (the public catalogue): what a new service starts from. */
export function findCatalogueEntry(db: Kysely<DB>, leikaKey: string) {
  return db
    .selectFrom('catalog_service')
    .select(['id', 'leika_key', 'name', 'description'])
    .where('leika_key', '=', leikaKey)
    .executeTakeFirst();
}

/** The Verbund's online service for a LeiKa key, if it has one. */
export function findOnlineServiceByLeikaKey(db: Kysely<DB>, verbundId: string, leikaKey: string) {
  return db
    .selectFrom('online_service')
    .select(['id', 'title'])
    .where('verbund_id', '=', verbundId)
    .where('leika_key', '=', leikaKey)
    .executeTakeFirst();
}

/** The forms the Verbund's online services use already: one form serves one service. */
export async function listUsedForms(db: Kysely<DB>, verbundId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('online_service')
    .select('form_id')
    .where('verbund_id', '=', verbundId)
    .where('form_id', 'is not', null)
    .execute();
  return new Set(rows.flatMap((r) => (r.form_id === null ? [] : [r.form_id])));
}

export type NewOnlineService = ServiceSettings & {
  verbund_id: string;
  key: string;
  leika_key: string;
  level: 'county' | 'municipality';
  form_id: string;
};

/** What of a new service another one of the Verbund holds already (each is unique there). */
export async function takenBy(db: Kysely<DB>, service: NewOnlineService) {
  const rows = await db
    .selectFrom('online_service')
    .select(['leika_key', 'key', 'form_id'])
    .where('verbund_id', '=', service.verbund_id)
    .where((eb) =>
      eb.or([
        eb('leika_key', '=', service.leika_key),
        eb('key', '=', service.key),
        eb('form_id', '=', service.form_id),
      ]),
    )
    .execute();
  return {
    leikaKey: rows.some((r) => r.leika_key === service.leika_key),
    key: rows.some((r) => r.key === service.key),
    form: rows.some((r) => r.form_id === service.form_id),
  };
}

/**
 * Inserts the service in the Verbund office's context (its policy admits only the Verbund
 * acted for); undefined when a unique column was taken meanwhile (nothing inserted).
 */
export async function insertOnlineService(
  db: Kysely<DB>,
  service: NewOnlineService,
): Promise<string | undefined> {
  const row = await db
    .insertInto('online_service')
    .values(service)
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}
