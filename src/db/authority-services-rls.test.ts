import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { auditRow } from '../audit/testing.ts';
import { seedCatalogDemo } from '../catalog/seed.ts';
import { seedDemo } from '../tenancy/seed.ts';
import { openRuntimeDatabase } from './database.ts';
import { withAuthority, withVerbundOffice } from './rls.ts';
import { createTestDatabase, PERMISSION_DENIED } from './testing.ts';

// "Online-Dienste" (src/backoffice/services) at the SQL level, as the role web and worker run
// as: an authority's context offers, describes and withdraws its own services of its own
// level, and nothing of another authority's; it cannot move a row to another authority or
// service, touch the Verbund's trust level, or write another authority's audit chain. Without
// a context, or in the Verbund office's, no activation changes.

async function setup(t: Parameters<typeof createTestDatabase>[0]) {
  const database = await createTestDatabase(t);
  const owner = database.owner;
  const { verbundId } = await seedDemo(owner);
  await seedCatalogDemo(owner, verbundId);
  const authority = async (slug: string) =>
    (
      await owner
        .selectFrom('authority')
        .select('id')
        .where('slug', '=', slug)
        .executeTakeFirstOrThrow()
    ).id;
  const service = async (key: string) =>
    (
      await owner
        .selectFrom('online_service')
        .select('id')
        .where('key', '=', key)
        .executeTakeFirstOrThrow()
    ).id;
  const meppen = await authority('meppen');
  const papenburg = await authority('papenburg');
  const gewerbe = await service('gewerbe-anmelden');
  const hund = await service('hund-anmelden');
  const osterfeuer = await service('osterfeuer-anmelden');
  const sperrmuell = await service('sperrmuell-anmelden');
  // On PGlite the one connection becomes the runtime role from here on: seed before.
  const db =
    database.kind === 'pglite' ? (await openRuntimeDatabase(database, undefined)).db : database.db;
  const row = (authorityId: string, serviceId: string) => ({
    verbund_id: verbundId,
    authority_id: authorityId,
    online_service_id: serviceId,
    active_since: new Date(),
  });
  const activationOf = (authorityId: string, serviceId: string) =>
    owner
      .selectFrom('online_service_activation')
      .select(['authority_id', 'fees', 'contact_unit'])
      .where('authority_id', '=', authorityId)
      .where('online_service_id', '=', serviceId)
      .executeTakeFirst();
  return {
    db,
    owner,
    verbundId,
    meppen,
    papenburg,
    gewerbe,
    hund,
    osterfeuer,
    sperrmuell,
    row,
    activationOf,
  };
}

test('a Meppen admin cannot offer, change or withdraw Papenburg’s services', async (t) => {
  const { db, meppen, papenburg, gewerbe, osterfeuer, row, activationOf } = await setup(t);
  const asMeppen = <T>(fn: Parameters<typeof withAuthority<T>>[2]) => withAuthority(db, meppen, fn);

  // Offer for Papenburg: refused by the insert policy.
  await assert.rejects(
    asMeppen((trx) =>
      trx.insertInto('online_service_activation').values(row(papenburg, osterfeuer)).execute(),
    ),
    PERMISSION_DENIED,
  );
  assert.equal(await activationOf(papenburg, osterfeuer), undefined);
  // Papenburg's Gewerbe: visible (the portal shows who offers what), not changeable.
  const changed = await asMeppen((trx) =>
    trx
      .updateTable('online_service_activation')
      .set({ fees: '500 Euro', contact_unit: 'Meppen' })
      .where('authority_id', '=', papenburg)
      .executeTakeFirst(),
  );
  assert.equal(changed.numUpdatedRows, 0n);
  const removed = await asMeppen((trx) =>
    trx
      .deleteFrom('online_service_activation')
      .where('authority_id', '=', papenburg)
      .executeTakeFirst(),
  );
  assert.equal(removed.numDeletedRows, 0n);
  assert.deepEqual(await activationOf(papenburg, gewerbe), {
    authority_id: papenburg,
    fees: null,
    contact_unit: 'Gewerbeamt',
  });
  // Nor into Papenburg's audit chain.
  await assert.rejects(
    asMeppen((trx) =>
      trx
        .insertInto('audit_entry')
        .values(auditRow(papenburg, papenburg, 'service.deactivated', 99))
        .execute(),
    ),
    PERMISSION_DENIED,
  );
});

test('an authority offers, describes and withdraws its own services of its own level', async (t) => {
  const { db, meppen, papenburg, osterfeuer, sperrmuell, row, activationOf } = await setup(t);
  await withAuthority(db, meppen, async (trx) => {
    await trx.insertInto('online_service_activation').values(row(meppen, osterfeuer)).execute();
    await trx
      .updateTable('online_service_activation')
      .set({ fees: 'Gebührenfrei in Meppen.', contact_unit: 'Ordnungsamt' })
      .where('authority_id', '=', meppen)
      .where('online_service_id', '=', osterfeuer)
      .execute();
    await trx
      .insertInto('audit_entry')
      .values(auditRow(meppen, meppen, 'service.activated', 99))
      .execute();
  });
  assert.deepEqual(await activationOf(meppen, osterfeuer), {
    authority_id: meppen,
    fees: 'Gebührenfrei in Meppen.',
    contact_unit: 'Ordnungsamt',
  });
  // A county service is the Landkreis's alone.
  await assert.rejects(
    withAuthority(db, meppen, (trx) =>
      trx.insertInto('online_service_activation').values(row(meppen, sperrmuell)).execute(),
    ),
    PERMISSION_DENIED,
  );
  // Moving its row to another authority: refused by the policy's check.
  await assert.rejects(
    withAuthority(db, meppen, (trx) =>
      trx
        .updateTable('online_service_activation')
        .set({ authority_id: papenburg } as never)
        .where('authority_id', '=', meppen)
        .execute(),
    ),
    PERMISSION_DENIED,
  );
  // Or to another service or Verbund: those columns are not granted at all.
  for (const column of ['online_service_id', 'verbund_id'] as const) {
    await assert.rejects(
      withAuthority(db, meppen, (trx) =>
        trx
          .updateTable('online_service_activation')
          .set({ [column]: sperrmuell } as never)
          .where('authority_id', '=', meppen)
          .execute(),
      ),
      PERMISSION_DENIED,
      column,
    );
  }
  // The trust level is the Verbund's: an authority's context changes no online service.
  const level = await withAuthority(db, meppen, (trx) =>
    trx
      .updateTable('online_service')
      .set({ trust_level: 'high' })
      .where('id', '=', osterfeuer)
      .executeTakeFirst(),
  );
  assert.equal(level.numUpdatedRows, 0n);
  const removed = await withAuthority(db, meppen, (trx) =>
    trx
      .deleteFrom('online_service_activation')
      .where('authority_id', '=', meppen)
      .where('online_service_id', '=', osterfeuer)
      .executeTakeFirst(),
  );
  assert.equal(removed.numDeletedRows, 1n);
});

test('without an authority, or as the Verbund office, no activation changes', async (t) => {
  const { db, owner, verbundId, meppen, papenburg, gewerbe, hund, row, activationOf } =
    await setup(t);
  const before = await owner
    .selectFrom('online_service_activation')
    .select('authority_id')
    .execute();
  // The runtime role by itself reads the public directory and writes nothing.
  const seen = await db.selectFrom('online_service_activation').select('authority_id').execute();
  assert.equal(seen.length, before.length);
  for (const attempt of [
    () => db.insertInto('online_service_activation').values(row(meppen, hund)).execute(),
    () => db.updateTable('online_service_activation').set({ fees: 'x' }).execute(),
    () => db.deleteFrom('online_service_activation').execute(),
  ])
    await assert.rejects(attempt(), PERMISSION_DENIED);
  // The Verbund office sets trust levels, but offers nothing for an authority.
  await assert.rejects(
    withVerbundOffice(db, verbundId, (trx) =>
      trx.insertInto('online_service_activation').values(row(meppen, hund)).execute(),
    ),
    PERMISSION_DENIED,
  );
  const office = await withVerbundOffice(db, verbundId, async (trx) => ({
    updated: (
      await trx
        .updateTable('online_service_activation')
        .set({ fees: 'x' })
        .where('authority_id', '=', papenburg)
        .executeTakeFirst()
    ).numUpdatedRows,
    deleted: (
      await trx
        .deleteFrom('online_service_activation')
        .where('authority_id', '=', papenburg)
        .executeTakeFirst()
    ).numDeletedRows,
    role: (await sql<{ r: string }>`select current_user as r`.execute(trx)).rows[0]?.r,
  }));
  assert.deepEqual(office, { updated: 0n, deleted: 0n, role: 'app_user' });
  assert.equal((await activationOf(papenburg, gewerbe))?.fees, null);
  assert.equal(
    (await owner.selectFrom('online_service_activation').select('authority_id').execute()).length,
    before.length,
  );
});
