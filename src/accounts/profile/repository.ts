import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';

export type ProfileFields = {
  given_name: string | null;
  family_name: string | null;
  birth_date: string | null;
  street: string | null;
  house_number: string | null;
  postcode: string | null;
  municipality_id: string | null;
  phone: string | null;
};

const COLUMNS = [
  'id',
  'version',
  'given_name',
  'family_name',
  // A date read as text: no time zone can shift a birthday by a day.
  sql<string | null>`birth_date::text`.as('birth_date'),
  'street',
  'house_number',
  'postcode',
  'municipality_id',
  'phone',
  'created_at',
] as const;

export function currentProfile(db: Kysely<DB>, accountId: string) {
  return db
    .selectFrom('account_profile')
    .select(COLUMNS)
    .where('account_id', '=', accountId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function profileVersions(db: Kysely<DB>, accountId: string) {
  return db
    .selectFrom('account_profile')
    .select(COLUMNS)
    .where('account_id', '=', accountId)
    .orderBy('version')
    .execute();
}

/** Appends a version; (account_id, version) is unique, so two racing edits cannot both win. */
export async function insertProfileVersion(
  db: Kysely<DB>,
  row: { verbundId: string; accountId: string; version: number } & ProfileFields,
): Promise<string> {
  const { verbundId, accountId, ...fields } = row;
  const inserted = await db
    .insertInto('account_profile')
    .values({ verbund_id: verbundId, account_id: accountId, ...fields })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}
