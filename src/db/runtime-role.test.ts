import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { seedDemo } from '../tenancy/seed.ts';
import { openRuntimeDatabase, RUNTIME_ROLE } from './database.ts';
import { withAccount, withAuthority, withWorker } from './rls.ts';
import { createTestDatabase } from './testing.ts';

const PERMISSION_DENIED = (error: unknown) => (error as { code?: string }).code === '42501';

// What web and worker run as. On PostgreSQL `db` of a test database already is the runtime
// pool; on PGlite the one connection is switched here, as main.ts does after migrating.
async function runtime(t: Parameters<typeof createTestDatabase>[0]) {
  const database = await createTestDatabase(t);
  const { verbundId } = await seedDemo(database.owner);
  const authority = await database.owner
    .selectFrom('authority')
    .select('id')
    .where('kind', '=', 'county')
    .executeTakeFirstOrThrow();
  const db =
    database.kind === 'pglite' ? (await openRuntimeDatabase(database, undefined)).db : database.db;
  return { db, kind: database.kind, verbundId, authorityId: authority.id };
}

test('web and worker run as a role that owns no table and is no superuser', async (t) => {
  const { db } = await runtime(t);
  const me = await sql<{ name: string; superuser: boolean; bypass: boolean; owned: number }>`
    select current_user as name, r.rolsuper as superuser, r.rolbypassrls as bypass,
      (select count(*)::int from pg_class c where c.relowner = r.oid) as owned
    from pg_roles r where r.rolname = current_user`.execute(db);
  assert.deepEqual(me.rows, [{ name: RUNTIME_ROLE, superuser: false, bypass: false, owned: 0 }]);
});

test('a query outside the act-as helpers is refused; through a helper RLS decides', async (t) => {
  const { db, authorityId } = await runtime(t);
  for (const table of [
    'application',
    'application_event',
    'application_attachment',
    'delivery_outbox',
    'draft',
    'form_attachment',
    'mailbox_thread',
    'mailbox_message',
    'mailbox_attachment',
  ] as const) {
    await assert.rejects(
      db.selectFrom(table).select(sql`1`.as('one')).execute(),
      PERMISSION_DENIED,
      `${table} without act-as`,
    );
  }
  await assert.rejects(
    db.updateTable('authority').set({ phone: '0' }).where('id', '=', authorityId).execute(),
    PERMISSION_DENIED,
    'no authority is changed without acting for it',
  );
  // The same reads through the helpers: allowed, and row-level security filters them.
  const asStaff = await withAuthority(db, authorityId, (trx) =>
    trx.selectFrom('application').select('id').execute(),
  );
  assert.deepEqual(asStaff, []);
  const asCitizen = await withAccount(db, '00000000-0000-4000-8000-000000000000', (trx) =>
    trx.selectFrom('mailbox_thread').select('id').execute(),
  );
  assert.deepEqual(asCitizen, []);
  const asWorker = await withWorker(db, (trx) => trx.selectFrom('draft').select('id').execute());
  assert.deepEqual(asWorker, []);
  // A helper's role ends with its transaction: the next query is the runtime role's again.
  await assert.rejects(db.selectFrom('draft').select('id').execute(), PERMISSION_DENIED);
});

test('the public directory is readable without a helper', async (t) => {
  const { db, verbundId } = await runtime(t);
  const authorities = await db
    .selectFrom('authority')
    .select('slug')
    .where('verbund_id', '=', verbundId)
    .execute();
  assert.equal(authorities.length, 20);
  const municipalities = await db.selectFrom('municipality').select('id').execute();
  assert.ok(municipalities.length > 0);
});
