import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { withAuthority } from '../db/rls.ts';
import { createTestDatabase } from '../db/testing.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import { seedDemo } from './seed.ts';
import { createTenancy, type FinderResult } from './service.ts';

async function setUp(t: Parameters<typeof createTestDatabase>[0]) {
  const database = await createTestDatabase(t);
  await seedDemo(database.owner);
  return { database, tenancy: createTenancy(database.db, { cacheTtlMs: 60_000 }) };
}

function placements(result: FinderResult) {
  return result.kind === 'found'
    ? result.placements.map((p) => `${p.municipality.name} → ${p.authority.slug}`)
    : [];
}

test('the directory holds the county and its 19 member authorities', async (t) => {
  const { tenancy } = await setUp(t);
  const dir = await tenancy.directory();
  assert.equal(dir.county?.name, 'Landkreis Emsland');
  assert.equal(dir.members.length, 19);
  assert.equal(dir.members.filter((a) => a.kind === 'joint_municipality').length, 9);
  assert.deepEqual(
    dir.municipalitiesOf.get(dir.bySlug.get('samtgemeinde-lathen')?.id ?? '')?.map((m) => m.name),
    ['Fresenburg', 'Lathen', 'Niederlangen', 'Oberlangen', 'Renkenberge', 'Sustrum'],
  );
});

test('the finder places a postcode or a name with the responsible authority', async (t) => {
  const { tenancy } = await setUp(t);
  assert.deepEqual(placements(await tenancy.find(' 49716 ')), ['Meppen → meppen']);
  assert.deepEqual(placements(await tenancy.find('Dersum')), ['Dersum → samtgemeinde-doerpen']);
  // Umlauts typed as ae/oe/ue, lower case, and a word inside the name all find the place.
  assert.deepEqual(placements(await tenancy.find('soegel')), ['Sögel → samtgemeinde-soegel']);
  assert.deepEqual(placements(await tenancy.find('BÖRGER')), ['Börger → samtgemeinde-soegel']);
  assert.deepEqual(placements(await tenancy.find('ems')), [
    'Emsbüren → emsbueren',
    'Haren (Ems) → haren-ems',
    'Lingen (Ems) → lingen-ems',
    'Rhede (Ems) → rhede-ems',
  ]);
});

test('the finder says plainly when nothing matches', async (t) => {
  const { tenancy } = await setUp(t);
  assert.deepEqual(await tenancy.find('10115'), { kind: 'none', query: '10115', byPostcode: true });
  assert.deepEqual(await tenancy.find('Berlin'), {
    kind: 'none',
    query: 'Berlin',
    byPostcode: false,
  });
  // Punctuation is folded away before matching, so it can never act as a LIKE wildcard.
  assert.deepEqual(await tenancy.find('M%n'), { kind: 'none', query: 'M%n', byPostcode: false });
});

test('the finder rejects malformed input with the message for the field', async (t) => {
  const { tenancy } = await setUp(t);
  const cases: [string, string][] = [
    ['', 'tenancy.finder.errorEmpty'],
    ['   ', 'tenancy.finder.errorEmpty'],
    ['4971', 'tenancy.finder.errorPostcodeFormat'],
    ['49716a', 'tenancy.finder.errorPostcodeFormat'],
    ['Meppen 49716', 'tenancy.finder.errorPostcodeFormat'],
    ['x', 'tenancy.finder.errorTooShort'],
    ['-!', 'tenancy.finder.errorTooShort'],
    ['a'.repeat(101), 'tenancy.finder.errorTooLong'],
  ];
  for (const [input, message] of cases) {
    await assert.rejects(
      tenancy.find(input),
      (error: unknown) => error instanceof ValidationError && error.fields.q === message,
      `input ${JSON.stringify(input.slice(0, 20))}`,
    );
  }
});

test('onboarding takes an authority live once; unknown slugs are named', async (t) => {
  const { database } = await setUp(t);
  // An operator command (npm run cli -- authority:onboard): it runs as the owner.
  const tenancy = createTenancy(database.owner);
  assert.equal((await tenancy.authorityBySlug('geeste')).status, 'onboarding');
  const live = await tenancy.onboard('geeste');
  assert.equal(live.status, 'live');
  assert.ok(live.went_live_at instanceof Date);
  await assert.rejects(tenancy.onboard('geeste'), ConflictError);
  await assert.rejects(tenancy.onboard('atlantis'), NotFoundError);
});

test('row-level security: an authority changes its own contact data, never another’s', async (t) => {
  const { database, tenancy } = await setUp(t);
  const meppen = await tenancy.authorityBySlug('meppen');
  const lingen = await tenancy.authorityBySlug('lingen-ems');
  const contact = {
    street: 'Markt 1',
    phone: '05931 1530',
    email: 'info@meppen.example',
    website: null,
  };

  await tenancy.updateContact(meppen.id, contact);
  assert.equal((await tenancy.authorityBySlug('meppen')).phone, '05931 1530');

  // Meppen's staff try to write Lingen's row: the policy hides it, nothing changes.
  const changed = await withAuthority(database.owner, meppen.id, (trx) =>
    trx
      .updateTable('authority')
      .set({ phone: '000' })
      .where('id', '=', lingen.id)
      .executeTakeFirst(),
  );
  assert.equal(changed.numUpdatedRows, 0n);
  assert.equal((await tenancy.authorityBySlug('lingen-ems')).phone, null);

  // The staff role may not touch columns outside contact data, even on its own row.
  await assert.rejects(
    withAuthority(database.owner, meppen.id, (trx) =>
      trx
        .updateTable('authority')
        .set({ status: 'onboarding' })
        .where('id', '=', meppen.id)
        .execute(),
    ),
    /permission denied/,
  );
});

test('the authority setting dies with the transaction and is never left on the connection', async (t) => {
  const { database, tenancy } = await setUp(t);
  const meppen = await tenancy.authorityBySlug('meppen');
  const inside = await withAuthority(database.owner, meppen.id, async (trx) => {
    const { rows } = await sql<{ id: string; role: string }>`
      select current_setting('app.authority_id', true) as id, current_user as role`.execute(trx);
    return rows[0];
  });
  assert.deepEqual(inside, { id: meppen.id, role: 'app_user' });
  const { rows } = await sql<{ id: string | null; role: string }>`
    select nullif(current_setting('app.authority_id', true), '') as id, current_user as role`.execute(
    database.owner,
  );
  assert.equal(rows[0]?.id, null);
  assert.notEqual(rows[0]?.role, 'app_user');
  await assert.rejects(
    withAuthority(database.owner, 'not-a-uuid', async () => 1),
    NotFoundError,
  );
});
