import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { searchKey } from './names.ts';
import type { VerbundSeed } from './seed-data.ts';

const EMSLAND = new URL('./seed/emsland.json', import.meta.url);

/** Authorities already live in the demo, so both states can be seen side by side. */
const DEMO_LIVE = ['landkreis-emsland', 'lingen-ems', 'meppen', 'papenburg', 'samtgemeinde-soegel'];

export async function loadEmslandSeed(): Promise<VerbundSeed> {
  return JSON.parse(await readFile(EMSLAND, 'utf8')) as VerbundSeed;
}

// The county's vehicle registration letters (Unterscheidungszeichen) begin its reference
// numbers, as citizens know them from their number plate; the Destatis extract lacks them.
const REFERENCE_PREFIXES: Record<string, string> = { '03454': 'EL' };
const referencePrefix = (countyKey: string) => REFERENCE_PREFIXES[countyKey] ?? 'RN';

export type SeedOutcome = { verbundId: string; authorities: number; municipalities: number };

/**
 * Writes a Verbund's directory. Idempotent: running it again updates names and keys from the
 * seed but never touches what authorities changed themselves (status, contact data).
 */
export function seedVerbund(db: Kysely<DB>, seed: VerbundSeed): Promise<SeedOutcome> {
  return db.transaction().execute(async (trx) => {
    const verbund = await trx
      .insertInto('verbund')
      .values({
        slug: seed.verbund.slug,
        name: seed.verbund.name,
        county_key: seed.verbund.countyKey,
        reference_prefix: referencePrefix(seed.verbund.countyKey),
      })
      .onConflict((oc) =>
        oc.column('county_key').doUpdateSet({
          name: seed.verbund.name,
          reference_prefix: referencePrefix(seed.verbund.countyKey),
        }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    let municipalities = 0;
    for (const a of seed.authorities) {
      const authority = await trx
        .insertInto('authority')
        .values({
          verbund_id: verbund.id,
          slug: a.slug,
          name: a.name,
          kind: a.kind,
          ars: a.ars,
          seat_postcode: a.seatPostcode,
          seat_locality: a.seatLocality,
        })
        .onConflict((oc) =>
          oc
            .columns(['verbund_id', 'ars'])
            .doUpdateSet({ name: a.name, slug: a.slug, kind: a.kind }),
        )
        .returning('id')
        .executeTakeFirstOrThrow();
      for (const m of a.municipalities) {
        await trx
          .insertInto('municipality')
          .values({
            verbund_id: verbund.id,
            authority_id: authority.id,
            ags: m.ags,
            ars: m.ars,
            name: m.name,
            search_name: searchKey(m.name),
            is_city: m.isCity,
            postcodes: m.postcodes,
            population: m.population,
          })
          .onConflict((oc) =>
            oc.columns(['verbund_id', 'ags']).doUpdateSet({
              authority_id: authority.id,
              ars: m.ars,
              name: m.name,
              search_name: searchKey(m.name),
              is_city: m.isCity,
              population: m.population,
            }),
          )
          .execute();
        municipalities++;
      }
    }
    return { verbundId: verbund.id, authorities: seed.authorities.length, municipalities };
  });
}

/** The Emsland directory plus a few authorities already live: what `npm start` shows. */
export async function seedDemo(db: Kysely<DB>, now: Date = new Date()): Promise<SeedOutcome> {
  const outcome = await seedVerbund(db, await loadEmslandSeed());
  await db
    .updateTable('authority')
    .set({ status: 'live', went_live_at: now })
    .where('verbund_id', '=', outcome.verbundId)
    .where('slug', 'in', DEMO_LIVE)
    .where('status', '=', 'onboarding')
    .execute();
  return outcome;
}

export async function hasVerbund(db: Kysely<DB>): Promise<boolean> {
  const row = await db.selectFrom('verbund').select('id').limit(1).executeTakeFirst();
  return row !== undefined;
}
