import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { createProfiles } from '../accounts/profile/service.ts';
import { withAuthority } from '../db/rls.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { createTenancy } from '../tenancy/service.ts';
import type { Responsibility } from './responsibility.ts';
import { createCatalog } from './service.ts';
import { catalogTestDatabase, sharedCatalogTestDatabase } from './testing.ts';

const NOW = new Date('2027-03-01T09:00:00Z');

const shared = sharedCatalogTestDatabase(NOW);

async function services(seeded: Awaited<ReturnType<typeof catalogTestDatabase>>) {
  const { database, verbundId } = seeded;
  const tenancy = createTenancy(database.db, { cacheTtlMs: 60_000 });
  const profiles = createProfiles({
    db: database.db,
    verbund: async () => (await tenancy.directory()).verbund,
  });
  const catalog = createCatalog({ db: database.db, tenancy, profiles, now: () => NOW });
  const dir = await tenancy.directory();
  const authority = (slug: string) => {
    const found = dir.bySlug.get(slug);
    if (found === undefined) throw new Error(slug);
    return found;
  };
  return { database, verbundId, tenancy, catalog, authority };
}

/** A database of its own, for tests that change activations or accounts. */
async function setUp(t: Parameters<typeof catalogTestDatabase>[0]) {
  return services(await catalogTestDatabase(t, NOW));
}

/** The file's shared database, for tests that only read (or whose writes are all refused). */
async function setUpShared() {
  return services(await shared());
}

function resolved(r: Responsibility | undefined) {
  assert.equal(r?.kind, 'resolved');
  return r as Extract<Responsibility, { kind: 'resolved' }>;
}

// AGS of Emsland municipalities used below.
const SOEGEL = '03454047'; // member of Samtgemeinde Sögel
const BOERGER = '03454005'; // member of Samtgemeinde Sögel
const LINGEN = '03454032'; // Stadt Lingen (Ems)
const GEESTE = '03454014'; // Gemeinde Geeste, still onboarding in the demo
const DOERPEN = '03454008'; // member of Samtgemeinde Dörpen, no activations

test('a member municipality of a Samtgemeinde is served by the Samtgemeinde', async () => {
  const { catalog } = await setUpShared();
  for (const ags of [SOEGEL, BOERGER]) {
    const page = await catalog.servicePage({ leikaKey: '99063010000000' }, { ags });
    const r = resolved(page.responsibility);
    assert.equal(r.authority.slug, 'samtgemeinde-soegel', ags);
    assert.equal(r.municipality?.ags, ags);
    assert.equal(r.availability, 'online');
    assert.equal(r.contact.unit, 'Ordnungsamt');
    assert.equal(page.place?.source, 'query');
  }
  const lingen = resolved(
    (await catalog.servicePage({ leikaKey: '99063010000000' }, { ags: LINGEN })).responsibility,
  );
  assert.equal(lingen.authority.slug, 'lingen-ems');
  assert.match(lingen.fees ?? '', /25 Euro/, "Lingen's own fee text overrides the Verbund's");
  const doerpen = resolved(
    (await catalog.servicePage({ leikaKey: '99063010000000' }, { ags: DOERPEN })).responsibility,
  );
  assert.equal(doerpen.authority.slug, 'samtgemeinde-doerpen');
  assert.equal(doerpen.availability, 'not_activated');
  assert.equal(doerpen.fees, 'Die Anmeldung ist gebührenfrei.');
});

test('a municipal service without a known place asks for it', async () => {
  const { catalog } = await setUpShared();
  const page = await catalog.servicePage({ leikaKey: '99063010000000' }, {});
  assert.deepEqual(page.responsibility, { kind: 'unknown_place' });
  assert.equal(page.municipalities.length, 60);
  await assert.rejects(
    catalog.servicePage({ leikaKey: '99063010000000' }, { ags: '09162000' }),
    (e: unknown) =>
      e instanceof ValidationError && e.fields.gemeinde === 'catalog.place.errorUnknown',
  );
});

test('a county service is the county’s for every municipality, with or without a place', async () => {
  const { catalog } = await setUpShared();
  for (const ags of [undefined, SOEGEL, LINGEN, DOERPEN]) {
    const r = resolved(
      (await catalog.servicePage({ leikaKey: '99001009004002' }, { ags })).responsibility,
    );
    assert.equal(r.authority.slug, 'landkreis-emsland', String(ags));
    assert.equal(r.availability, 'online');
    assert.equal(r.contact.unit, 'Abfallwirtschaft');
  }
});

test('a catalogue entry the Verbund does not offer has no responsibility to show', async () => {
  const { catalog } = await setUpShared();
  const page = await catalog.servicePage({ leikaKey: '99110009104000' }, { ags: SOEGEL });
  assert.equal(page.online, undefined);
  assert.equal(page.responsibility, undefined);
  assert.equal(page.service.name, 'Hundehaltung Anmeldung');
  assert.equal(page.situation?.name, 'Tierhaltung');
  assert.equal(page.subject?.name, 'Engagement & Hobby');
  await assert.rejects(catalog.servicePage({ leikaKey: '99999999999999' }, {}), NotFoundError);
  await assert.rejects(catalog.servicePage({ leikaKey: "1' or '1'='1" }, {}), NotFoundError);
  const noKey = await catalog.servicePage({ id: '3424' }, {});
  assert.equal(noKey.service.name, 'Mängelmelder');
  assert.equal(noKey.service.leika_key, null);
});

test('an authority activates a service with its own texts, fees and contact', async (t) => {
  const { catalog, authority } = await setUp(t);
  const doerpen = authority('samtgemeinde-doerpen');
  await catalog.activate(doerpen.id, 'osterfeuer-anmelden', {
    description: 'Osterfeuer in der Samtgemeinde Dörpen melden Sie bis zum 1. März an.',
    fees: '10 Euro',
    contactUnit: 'Ordnungsamt',
    contactPhone: '04963 402-0',
    contactEmail: 'ordnung@doerpen.example',
  });
  const r = resolved(
    (await catalog.servicePage({ leikaKey: '99063010000000' }, { ags: DOERPEN })).responsibility,
  );
  // Dörpen is still onboarding in the demo: activated, but not online until it goes live.
  assert.equal(r.availability, 'onboarding');
  assert.equal(r.fees, '10 Euro');
  assert.match(r.description ?? '', /bis zum 1\. März/);
  assert.deepEqual(
    { unit: r.contact.unit, phone: r.contact.phone, email: r.contact.email },
    { unit: 'Ordnungsamt', phone: '04963 402-0', email: 'ordnung@doerpen.example' },
  );

  // Activating again replaces the overrides; it never adds a second row.
  await catalog.activate(doerpen.id, 'osterfeuer-anmelden', { fees: '12 Euro' });
  const again = resolved(
    (await catalog.servicePage({ leikaKey: '99063010000000' }, { ags: DOERPEN })).responsibility,
  );
  assert.equal(again.fees, '12 Euro');
  assert.equal(again.contact.unit, null);

  // From a later date: activated, but not yet online.
  const geeste = authority('geeste');
  await catalog.activate(geeste.id, 'osterfeuer-anmelden', {
    activeSince: new Date('2027-04-01T00:00:00Z'),
  });
  const scheduled = resolved(
    (await catalog.servicePage({ leikaKey: '99063010000000' }, { ags: GEESTE })).responsibility,
  );
  assert.equal(scheduled.availability, 'scheduled');

  await catalog.deactivate(doerpen.id, 'osterfeuer-anmelden');
  const gone = resolved(
    (await catalog.servicePage({ leikaKey: '99063010000000' }, { ags: DOERPEN })).responsibility,
  );
  assert.equal(gone.availability, 'not_activated');
  await assert.rejects(catalog.deactivate(doerpen.id, 'osterfeuer-anmelden'), NotFoundError);
});

test('overrides are checked; services of the other level and unknown services are refused', async () => {
  const { catalog, authority } = await setUpShared();
  const meppen = authority('meppen');
  await assert.rejects(
    catalog.activate(meppen.id, 'osterfeuer-anmelden', {
      contactEmail: 'no mail',
      contactPhone: 'call me',
      fees: 'x'.repeat(1001),
    }),
    (e: unknown) =>
      e instanceof ValidationError &&
      e.fields.contactEmail === 'catalog.activation.errorEmail' &&
      e.fields.contactPhone === 'catalog.activation.errorPhone' &&
      e.fields.fees === 'catalog.activation.errorTooLong',
  );
  // Only the county offers county services, and the county offers no municipal ones.
  await assert.rejects(catalog.activate(meppen.id, 'sperrmuell-anmelden'), ForbiddenError);
  await assert.rejects(
    catalog.activate(authority('landkreis-emsland').id, 'osterfeuer-anmelden'),
    ForbiddenError,
  );
  await assert.rejects(catalog.activate(meppen.id, 'atlantis'), NotFoundError);
});

test('row-level security: authority B can neither activate for A nor change A’s activation', async (t) => {
  const { database, verbundId, authority } = await setUp(t);
  const meppen = authority('meppen'); // B
  const soegel = authority('samtgemeinde-soegel'); // A, offers Osterfeuer in the demo
  const service = await database.owner
    .selectFrom('online_service')
    .select(['id'])
    .where('key', '=', 'gewerbe-anmelden')
    .executeTakeFirstOrThrow();
  const osterfeuer = await database.owner
    .selectFrom('online_service')
    .select(['id'])
    .where('key', '=', 'osterfeuer-anmelden')
    .executeTakeFirstOrThrow();

  // Meppen's staff try to activate a service in Sögel's name.
  await assert.rejects(
    withAuthority(database.owner, meppen.id, (trx) =>
      trx
        .insertInto('online_service_activation')
        .values({ verbund_id: verbundId, authority_id: soegel.id, online_service_id: service.id })
        .execute(),
    ),
    /row-level security/,
  );
  // … or to change or remove Sögel's activation: the policy hides the row.
  const changed = await withAuthority(database.owner, meppen.id, (trx) =>
    trx
      .updateTable('online_service_activation')
      .set({ fees: '1000 Euro' })
      .where('authority_id', '=', soegel.id)
      .executeTakeFirst(),
  );
  assert.equal(changed.numUpdatedRows, 0n);
  const removed = await withAuthority(database.owner, meppen.id, (trx) =>
    trx
      .deleteFrom('online_service_activation')
      .where('authority_id', '=', soegel.id)
      .executeTakeFirst(),
  );
  assert.equal(removed.numDeletedRows, 0n);
  // Moving one's own row to another authority is refused as well.
  await assert.rejects(
    withAuthority(database.owner, soegel.id, (trx) =>
      trx
        .updateTable('online_service_activation')
        .set({ authority_id: meppen.id })
        .where('authority_id', '=', soegel.id)
        .where('online_service_id', '=', osterfeuer.id)
        .execute(),
    ),
    /permission denied/,
  );
  // The policy also holds the level rule: a member cannot activate a county service.
  const sperrmuell = await database.owner
    .selectFrom('online_service')
    .select(['id'])
    .where('key', '=', 'sperrmuell-anmelden')
    .executeTakeFirstOrThrow();
  await assert.rejects(
    withAuthority(database.owner, meppen.id, (trx) =>
      trx
        .insertInto('online_service_activation')
        .values({
          verbund_id: verbundId,
          authority_id: meppen.id,
          online_service_id: sperrmuell.id,
        })
        .execute(),
    ),
    /row-level security/,
  );
  // Its own activation, for its own level, Meppen may write; everyone may read them all.
  await withAuthority(database.owner, meppen.id, (trx) =>
    trx
      .insertInto('online_service_activation')
      .values({ verbund_id: verbundId, authority_id: meppen.id, online_service_id: service.id })
      .execute(),
  );
  const visible = await withAuthority(database.owner, meppen.id, (trx) =>
    trx
      .selectFrom('online_service_activation')
      .select(['authority_id'])
      .where('authority_id', '=', soegel.id)
      .execute(),
  );
  assert.ok(visible.length > 0, 'activations are public');
  const fees = await database.owner
    .selectFrom('online_service_activation')
    .select(['fees'])
    .where('authority_id', '=', soegel.id)
    .where('online_service_id', '=', osterfeuer.id)
    .executeTakeFirstOrThrow();
  assert.equal(fees.fees, null);
});

test('the trust level is set once for the Verbund and cannot be overridden by an authority', async () => {
  const { database, authority } = await setUpShared();
  // The override table has no column that could carry one.
  const { rows } = await sql<{ column_name: string }>`
    select column_name from information_schema.columns
    where table_name = 'online_service_activation'`.execute(database.owner);
  const columns = rows.map((r) => r.column_name);
  assert.ok(columns.includes('fees') && columns.includes('contact_phone'));
  assert.ok(!columns.some((c) => c.includes('trust')), columns.join(', '));
  // And staff may not change the Verbund's service definition, not even their own county:
  // only the Verbund office's context reaches its rows (ADR 0041), other columns not at all.
  const changed = await withAuthority(database.owner, authority('landkreis-emsland').id, (trx) =>
    trx
      .updateTable('online_service')
      .set({ trust_level: 'basic' })
      .where('key', '=', 'meldebescheinigung-beantragen')
      .executeTakeFirst(),
  );
  assert.equal(changed.numUpdatedRows, 0n);
  await assert.rejects(
    withAuthority(database.owner, authority('landkreis-emsland').id, (trx) =>
      trx
        .updateTable('online_service')
        .set({ level: 'county' })
        .where('key', '=', 'meldebescheinigung-beantragen')
        .execute(),
    ),
    /permission denied/,
  );
  const row = await database.owner
    .selectFrom('online_service')
    .select(['trust_level'])
    .where('key', '=', 'meldebescheinigung-beantragen')
    .executeTakeFirstOrThrow();
  assert.equal(row.trust_level, 'substantial');
});

test('the signed-in citizen’s municipality comes from the latest profile version', async (t) => {
  const { database, verbundId, catalog } = await setUp(t);
  const municipality = (ags: string) =>
    database.owner
      .selectFrom('municipality')
      .select(['id'])
      .where('ags', '=', ags)
      .executeTakeFirstOrThrow();
  const account = await database.owner
    .insertInto('account')
    .values({
      verbund_id: verbundId,
      email: 'citizen@example.org',
      password_hash: 'x',
      email_verified_at: NOW,
      privacy_version: 'test',
      privacy_accepted_at: NOW,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [version, ags] of [
    [1, LINGEN],
    [2, BOERGER],
  ] as const) {
    await database.owner
      .insertInto('account_profile')
      .values({
        verbund_id: verbundId,
        account_id: account.id,
        version,
        given_name: null,
        family_name: null,
        birth_date: null,
        street: null,
        house_number: null,
        postcode: null,
        municipality_id: (await municipality(ags)).id,
        phone: null,
      })
      .execute();
  }
  const page = await catalog.servicePage({ leikaKey: '99063010000000' }, { accountId: account.id });
  assert.equal(page.place?.source, 'profile');
  assert.equal(page.place?.municipality.name, 'Börger');
  assert.equal(resolved(page.responsibility).authority.slug, 'samtgemeinde-soegel');
  // A choice on the page wins over the profile.
  const chosen = await catalog.servicePage(
    { leikaKey: '99063010000000' },
    { accountId: account.id, ags: LINGEN },
  );
  assert.equal(resolved(chosen.responsibility).authority.slug, 'lingen-ems');
});

test('browsing: Themenfelder, Lebenslagen with their OZG-Leistungen, online services', async () => {
  const { catalog } = await setUpShared();
  const tree = await catalog.tree();
  assert.equal(tree.subjects.length, 14);
  assert.equal(tree.subjects[0]?.name, 'Arbeit & Ruhestand');
  const hobby = await catalog.subject('5');
  assert.equal(hobby.name, 'Engagement & Hobby');
  const event = hobby.situations.find((s) => s.name === 'Veranstaltung durchführen');
  assert.ok(event?.ozgServices.some((o) => o.ozg_id === '10147'));
  // The source's three empty test Lebenslagen ("aaaaaaaaaaaaaaaaa") are not shown.
  assert.ok(tree.subjects.every((s) => s.situations.every((si) => !/^a+b*c*$/.test(si.name))));
  const situation = await catalog.situation(String(event?.id));
  const osterfeuer = situation.situation.ozgServices.find((o) => o.ozg_id === '10147');
  assert.deepEqual(
    situation.servicesOf.get(osterfeuer?.id ?? 0)?.map((s) => s.name),
    ['Osterfeuer', 'Osterfeuer Genehmigung'],
  );
  assert.ok(situation.onlineKeys.has('99063010000000'));
  await assert.rejects(catalog.subject('64'), NotFoundError);
  await assert.rejects(catalog.subject('x'), NotFoundError);
  await assert.rejects(catalog.situation('64'), NotFoundError);
  const offers = await catalog.offers();
  assert.deepEqual(
    offers.map((o) => [o.key, o.offeredBy]),
    [
      ['gewerbe-anmelden', 1],
      ['hund-anmelden', 1],
      ['maengel-melden', 2],
      ['meldebescheinigung-beantragen', 2],
      ['osterfeuer-anmelden', 2],
      ['sperrmuell-anmelden', 1],
    ],
  );
});
