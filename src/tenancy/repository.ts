import { type Kysely, sql } from 'kysely';
import type { AuthorityStatus, DB } from '../db/schema.ts';

const AUTHORITY_COLUMNS = [
  'id',
  'verbund_id',
  'slug',
  'name',
  'kind',
  'ars',
  'status',
  'seat_postcode',
  'seat_locality',
  'street',
  'phone',
  'email',
  'website',
  'went_live_at',
] as const;

const MUNICIPALITY_COLUMNS = [
  'id',
  'authority_id',
  'ags',
  'ars',
  'name',
  'is_city',
  'postcodes',
  'population',
] as const;

export function findFirstVerbund(db: Kysely<DB>) {
  return db
    .selectFrom('verbund')
    .select(['id', 'slug', 'name', 'county_key', 'reference_prefix'])
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst();
}

export function listAuthorities(db: Kysely<DB>, verbundId: string) {
  return db
    .selectFrom('authority')
    .select(AUTHORITY_COLUMNS)
    .where('verbund_id', '=', verbundId)
    .orderBy('name')
    .execute();
}

export function listMunicipalities(db: Kysely<DB>, verbundId: string) {
  return db
    .selectFrom('municipality')
    .select(MUNICIPALITY_COLUMNS)
    .where('verbund_id', '=', verbundId)
    .orderBy('name')
    .execute();
}

export function findMunicipalitiesByPostcode(db: Kysely<DB>, verbundId: string, postcode: string) {
  return db
    .selectFrom('municipality')
    .select(MUNICIPALITY_COLUMNS)
    .where('verbund_id', '=', verbundId)
    .where(sql<boolean>`postcodes @> array[${postcode}]::text[]`)
    .orderBy('name')
    .execute();
}

/** Matches the start of the name or of any later word ("ems" finds "Haren (Ems)"). */
export function findMunicipalitiesByName(
  db: Kysely<DB>,
  verbundId: string,
  key: string,
  limit: number,
) {
  const pattern = key.replace(/[\\%_]/g, (c) => `\\${c}`);
  return db
    .selectFrom('municipality')
    .select(MUNICIPALITY_COLUMNS)
    .where('verbund_id', '=', verbundId)
    .where((eb) =>
      eb.or([eb('search_name', 'like', `${pattern}%`), eb('search_name', 'like', `% ${pattern}%`)]),
    )
    .orderBy('name')
    .limit(limit)
    .execute();
}

export async function setAuthorityStatus(
  db: Kysely<DB>,
  id: string,
  status: AuthorityStatus,
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('authority')
    .set({ status, went_live_at: status === 'live' ? at : null })
    .where('id', '=', id)
    .where('status', '!=', status)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export type ContactChange = {
  street: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
};

export async function updateContact(
  db: Kysely<DB>,
  id: string,
  contact: ContactChange,
): Promise<boolean> {
  const result = await db
    .updateTable('authority')
    .set(contact)
    .where('id', '=', id)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
