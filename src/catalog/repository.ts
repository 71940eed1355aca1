import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

export function listSubjects(db: Kysely<DB>) {
  return db.selectFrom('catalog_subject').select(['id', 'name']).execute();
}

export function listSituations(db: Kysely<DB>) {
  return db.selectFrom('catalog_situation').select(['id', 'subject_id', 'name']).execute();
}

/** OZG-Leistungen with the number of LeiKa-Leistungen in each. */
export function listOzgServices(db: Kysely<DB>) {
  return db
    .selectFrom('catalog_ozg_service as o')
    .leftJoin('catalog_service as s', 's.ozg_service_id', 'o.id')
    .select(['o.id', 'o.ozg_id', 'o.name', 'o.situation_id'])
    .select((eb) => eb.fn.count<string>('s.id').as('services'))
    .groupBy('o.id')
    .execute();
}

const SERVICE_COLUMNS = [
  'cs.id',
  'cs.leika_key',
  'cs.name',
  'cs.leika_type',
  'cs.legal_basis',
  'cs.laws',
  'cs.law_shortcuts',
  'cs.synonyms',
  'cs.description',
  'cs.ozg_service_id',
  'o.ozg_id',
  'o.name as ozg_name',
  'o.situation_id',
] as const;

export function findServiceByLeikaKey(db: Kysely<DB>, leikaKey: string) {
  return db
    .selectFrom('catalog_service as cs')
    .leftJoin('catalog_ozg_service as o', 'o.id', 'cs.ozg_service_id')
    .select(SERVICE_COLUMNS)
    .where('cs.leika_key', '=', leikaKey)
    .executeTakeFirst();
}

export function findServiceById(db: Kysely<DB>, id: number) {
  return db
    .selectFrom('catalog_service as cs')
    .leftJoin('catalog_ozg_service as o', 'o.id', 'cs.ozg_service_id')
    .select(SERVICE_COLUMNS)
    .where('cs.id', '=', id)
    .executeTakeFirst();
}

/** The LeiKa-Leistungen of one Lebenslage, through its OZG-Leistungen. */
export function listServicesOfSituation(db: Kysely<DB>, situationId: number) {
  return db
    .selectFrom('catalog_service as cs')
    .innerJoin('catalog_ozg_service as o', 'o.id', 'cs.ozg_service_id')
    .select(['cs.id', 'cs.leika_key', 'cs.name', 'cs.ozg_service_id'])
    .where('o.situation_id', '=', situationId)
    .execute();
}

const ONLINE_COLUMNS = [
  'os.id',
  'os.key',
  'os.leika_key',
  'os.title',
  'os.level',
  'os.trust_level',
  'os.allows_anonymous',
  'os.form_id',
  'os.description',
  'os.fees',
] as const;

export function listOnlineServices(db: Kysely<DB>, verbundId: string) {
  return db
    .selectFrom('online_service as os')
    .select(ONLINE_COLUMNS)
    .where('os.verbund_id', '=', verbundId)
    .execute();
}

export function findOnlineServiceByLeikaKey(db: Kysely<DB>, verbundId: string, leikaKey: string) {
  return db
    .selectFrom('online_service as os')
    .select(ONLINE_COLUMNS)
    .where('os.verbund_id', '=', verbundId)
    .where('os.leika_key', '=', leikaKey)
    .executeTakeFirst();
}

export function findOnlineServiceByKey(db: Kysely<DB>, verbundId: string, key: string) {
  return db
    .selectFrom('online_service as os')
    .select(ONLINE_COLUMNS)
    .where('os.verbund_id', '=', verbundId)
    .where('os.key', '=', key)
    .executeTakeFirst();
}

const ACTIVATION_COLUMNS = [
  'authority_id',
  'online_service_id',
  'active_since',
  'description',
  'fees',
  'contact_unit',
  'contact_phone',
  'contact_email',
] as const;

export function listActivations(db: Kysely<DB>, onlineServiceId: string) {
  return db
    .selectFrom('online_service_activation')
    .select(ACTIVATION_COLUMNS)
    .where('online_service_id', '=', onlineServiceId)
    .execute();
}

export function listActivationsInVerbund(db: Kysely<DB>, verbundId: string) {
  return db
    .selectFrom('online_service_activation')
    .select(ACTIVATION_COLUMNS)
    .where('verbund_id', '=', verbundId)
    .execute();
}

export type ActivationWrite = {
  verbund_id: string;
  authority_id: string;
  online_service_id: string;
  active_since: Date;
  description: string | null;
  fees: string | null;
  contact_unit: string | null;
  contact_phone: string | null;
  contact_email: string | null;
};

/** Activates or, when already active, replaces the dates and overrides. */
export async function upsertActivation(db: Kysely<DB>, row: ActivationWrite, at: Date) {
  const { verbund_id: _v, authority_id: _a, online_service_id: _s, ...changes } = row;
  await db
    .insertInto('online_service_activation')
    .values({ ...row, updated_at: at })
    .onConflict((oc) =>
      oc.columns(['authority_id', 'online_service_id']).doUpdateSet({ ...changes, updated_at: at }),
    )
    .execute();
}

export async function deleteActivation(
  db: Kysely<DB>,
  authorityId: string,
  onlineServiceId: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('online_service_activation')
    .where('authority_id', '=', authorityId)
    .where('online_service_id', '=', onlineServiceId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The online services an authority offers, by title: the back office's service choices. */
export function listServicesOfAuthority(db: Kysely<DB>, authorityId: string) {
  return db
    .selectFrom('online_service_activation as act')
    .innerJoin('online_service as os', 'os.id', 'act.online_service_id')
    .select(['os.id', 'os.key', 'os.title'])
    .where('act.authority_id', '=', authorityId)
    .orderBy('os.title')
    .execute();
}

/**
 * Offers a service from `row.active_since` unless the authority offers it already; false then,
 * and nothing changes (a second click on "Anbieten" keeps the first date and texts).
 */
export async function insertActivation(
  db: Kysely<DB>,
  row: Pick<ActivationWrite, 'verbund_id' | 'authority_id' | 'online_service_id' | 'active_since'>,
  at: Date,
): Promise<boolean> {
  const inserted = await db
    .insertInto('online_service_activation')
    .values({ ...row, updated_at: at })
    .onConflict((oc) => oc.columns(['authority_id', 'online_service_id']).doNothing())
    .returning('online_service_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export type ActivationTexts = Pick<
  ActivationWrite,
  'description' | 'fees' | 'contact_unit' | 'contact_phone' | 'contact_email'
>;

/** Replaces an offered service's own texts; false when the authority does not offer it. */
export async function updateActivationTexts(
  db: Kysely<DB>,
  authorityId: string,
  onlineServiceId: string,
  texts: ActivationTexts,
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('online_service_activation')
    .set({ ...texts, updated_at: at })
    .where('authority_id', '=', authorityId)
    .where('online_service_id', '=', onlineServiceId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** One authority's activations with their own texts: the back office's "Online-Dienste". */
export function listActivationsOfAuthority(db: Kysely<DB>, authorityId: string) {
  return db
    .selectFrom('online_service_activation')
    .select(ACTIVATION_COLUMNS)
    .where('authority_id', '=', authorityId)
    .execute();
}
