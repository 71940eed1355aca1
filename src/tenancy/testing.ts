// Test support: a second Verbund beside the seeded Emsland, for tests that one Verbund's
// people and contexts never reach another's rows.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** Inserts the Verbund "Anderswo" (as the owner) and returns its id. */
export async function seedOtherVerbund(owner: Kysely<DB>): Promise<string> {
  const other = await owner
    .insertInto('verbund')
    .values({ slug: 'anderswo', name: 'Portalverbund Anderswo', county_key: '99999' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return other.id;
}
