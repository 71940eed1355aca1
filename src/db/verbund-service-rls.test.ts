import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ensureCatalogue } from '../catalog/import.ts';
import { seedDemo } from '../tenancy/seed.ts';
import { seedOtherVerbund } from '../tenancy/testing.ts';
import { openRuntimeDatabase } from './database.ts';
import { withAuthority, withVerbundOffice } from './rls.ts';
import { createTestDatabase, PERMISSION_DENIED } from './testing.ts';

// A new online service at the SQL level, as the role web and worker run as (migration
// 2026-12-07-01-01, ADR 0050): the Verbund office's context inserts services of its own
// Verbund, with the columns the set-up page sets; not another Verbund's, not as an authority,
// not without a context. One form serves one online service of a Verbund.

const service = (verbundId: string, key: string, leikaKey: string, formId: string) => ({
  verbund_id: verbundId,
  key,
  leika_key: leikaKey,
  title: key,
  level: 'municipality' as const,
  trust_level: 'basic' as const,
  form_id: formId,
});

async function setUp(t: Parameters<typeof createTestDatabase>[0]) {
  const database = await createTestDatabase(t);
  const owner = database.owner;
  const { verbundId } = await seedDemo(owner);
  await ensureCatalogue(owner);
  const otherVerbundId = await seedOtherVerbund(owner);
  const soegel = await owner
    .selectFrom('authority')
    .select('id')
    .where('slug', '=', 'samtgemeinde-soegel')
    .executeTakeFirstOrThrow();
  // On PGlite the one connection becomes the runtime role from here on: seed before.
  const db =
    database.kind === 'pglite' ? (await openRuntimeDatabase(database, undefined)).db : database.db;
  return { db, verbundId, otherVerbundId, soegel };
}

test('the Verbund context sets up its own online services and no other Verbund’s', async (t) => {
  const { db, verbundId, otherVerbundId, soegel } = await setUp(t);
  const created = await withVerbundOffice(db, verbundId, (trx) =>
    trx
      .insertInto('online_service')
      .values({ ...service(verbundId, 'fundsachen', '99089017000000', 'fund'), fees: 'keine' })
      .returning(['id', 'version', 'retention_months'])
      .executeTakeFirstOrThrow(),
  );
  assert.equal(created.version, 1, 'the defaults apply');
  assert.equal(created.retention_months, 36);

  // Another Verbund's: refused by the policy.
  await assert.rejects(
    withVerbundOffice(db, verbundId, (trx) =>
      trx
        .insertInto('online_service')
        .values(service(otherVerbundId, 'gepflanzt', '99089017000000', 'fund'))
        .execute(),
    ),
    PERMISSION_DENIED,
  );
  // Columns the page does not set have no grant (the id, the version of the optimistic lock).
  for (const extra of [{ id: crypto.randomUUID() }, { version: 7 }]) {
    await assert.rejects(
      withVerbundOffice(db, verbundId, (trx) =>
        trx
          .insertInto('online_service')
          .values({ ...service(verbundId, 'baum', '99093003000000', 'baum'), ...extra })
          .execute(),
      ),
      PERMISSION_DENIED,
      Object.keys(extra).join(),
    );
  }
  // An authority's staff and the runtime role without a context set up nothing.
  await assert.rejects(
    withAuthority(db, soegel.id, (trx) =>
      trx
        .insertInto('online_service')
        .values(service(verbundId, 'baum', '99093003000000', 'baum'))
        .execute(),
    ),
    PERMISSION_DENIED,
  );
  await assert.rejects(
    db
      .insertInto('online_service')
      .values(service(verbundId, 'baum', '99093003000000', 'baum'))
      .execute(),
    PERMISSION_DENIED,
  );
  const ours = await db
    .selectFrom('online_service')
    .select('key')
    .where('verbund_id', '=', verbundId)
    .execute();
  assert.deepEqual(
    ours.map((r) => r.key),
    ['fundsachen'],
  );
});

test('one form serves one online service of a Verbund', async (t) => {
  const { db, verbundId } = await setUp(t);
  await withVerbundOffice(db, verbundId, (trx) =>
    trx
      .insertInto('online_service')
      .values(service(verbundId, 'fundsachen', '99089017000000', 'fund'))
      .execute(),
  );
  await assert.rejects(
    withVerbundOffice(db, verbundId, (trx) =>
      trx
        .insertInto('online_service')
        .values(service(verbundId, 'baum', '99093003000000', 'fund'))
        .execute(),
    ),
    (error: { code?: string }) => error.code === '23505',
  );
  // Without a form (as the seed may store one) any number of services.
  await withVerbundOffice(db, verbundId, (trx) =>
    trx
      .insertInto('online_service')
      .values([
        { ...service(verbundId, 'baum', '99093003000000', 'x'), form_id: null },
        { ...service(verbundId, 'baum-privat', '99093003001002', 'x'), form_id: null },
      ])
      .execute(),
  );
});
