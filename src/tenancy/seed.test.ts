import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { createTestDatabase } from '../db/testing.ts';
import { loadEmslandSeed, seedDemo, seedVerbund } from './seed.ts';
import { convertRegions } from './seed-convert.ts';

const SHARED_REGIONS = new URL('../../../shared/data/regions/emsland.json', import.meta.url);

test('the shipped seed is exactly the conversion of the Destatis reference data', async () => {
  const source = JSON.parse(readFileSync(SHARED_REGIONS, 'utf8'));
  assert.deepEqual(await loadEmslandSeed(), convertRegions(source));
});

test('the seed covers every unit and municipality of the reference data', async () => {
  const source = JSON.parse(readFileSync(SHARED_REGIONS, 'utf8'));
  const seed = await loadEmslandSeed();
  const ags = seed.authorities.flatMap((a) => a.municipalities.map((m) => m.ags)).sort();
  const expected = source.county.units
    .flatMap((u: { municipalities: { ags: string }[] }) => u.municipalities.map((m) => m.ags))
    .sort();
  assert.equal(ags.length, 60);
  assert.deepEqual(ags, expected);
  assert.equal(seed.authorities.length, 20);
  assert.equal(new Set(seed.authorities.map((a) => a.slug)).size, 20, 'slugs are unique');
  const sg = seed.authorities.find((a) => a.slug === 'samtgemeinde-nordhuemmling');
  assert.equal(sg?.seatLocality, 'Esterwegen');
});

test('seeding twice changes nothing and keeps what authorities changed themselves', async (t) => {
  const { owner: db } = await createTestDatabase(t);
  const first = await seedDemo(db);
  await db
    .updateTable('authority')
    .set({ phone: '05931 44-0' })
    .where('slug', '=', 'landkreis-emsland')
    .execute();
  await db
    .updateTable('authority')
    .set({ status: 'onboarding', went_live_at: null })
    .where('slug', '=', 'meppen')
    .execute();
  const second = await seedVerbund(db, await loadEmslandSeed());
  assert.equal(second.verbundId, first.verbundId);
  const counts = await db
    .selectFrom('authority')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  assert.equal(Number(counts.n), 20);
  const municipalities = await db
    .selectFrom('municipality')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  assert.equal(Number(municipalities.n), 60);
  const county = await db
    .selectFrom('authority')
    .select(['phone'])
    .where('slug', '=', 'landkreis-emsland')
    .executeTakeFirstOrThrow();
  assert.equal(county.phone, '05931 44-0');
  const meppen = await db
    .selectFrom('authority')
    .select(['status'])
    .where('slug', '=', 'meppen')
    .executeTakeFirstOrThrow();
  assert.equal(meppen.status, 'onboarding');
});
