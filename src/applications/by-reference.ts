// Reference numbers (Aktenzeichen) to application ids and back, inside a transaction that acts
// as the authority: RLS keeps every other authority's applications out of both answers.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { REFERENCE_PATTERN } from './reference.ts';

export async function applicationIdOf(trx: Kysely<DB>, reference: string) {
  const normalised = reference.trim().toUpperCase();
  if (!REFERENCE_PATTERN.test(normalised)) return undefined;
  const row = await trx
    .selectFrom('application')
    .select('id')
    .where('reference', '=', normalised)
    .executeTakeFirst();
  return row?.id;
}

export async function referencesOf(trx: Kysely<DB>, ids: string[]) {
  const rows = await trx
    .selectFrom('application')
    .select(['id', 'reference'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r.reference]));
}
