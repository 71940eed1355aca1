import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import { type AuditAction, appendAudit } from '../audit/service.ts';
import { seedDemo } from '../tenancy/seed.ts';
import { openRuntimeDatabase, RUNTIME_ROLE } from './database.ts';
import { withAccount, withAuthority, withStaffDirectory, withWorker } from './rls.ts';
import type { DB } from './schema.ts';
import { createTestDatabase, PERMISSION_DENIED } from './testing.ts';

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
    'delivery',
    'delivery_route',
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

test('PostgreSQL with a separate runtime login: refused even after RESET ROLE', async (t) => {
  if (!process.env.DATABASE_URL) {
    t.diagnostic('PGlite has one superuser connection: see ADR 0015 for what remains');
    return;
  }
  const database = await createTestDatabase(t);
  // A login like production's: owns nothing and may only become the runtime role. Roles are
  // cluster-wide, so the name is random and the role is dropped again.
  const login = `rathausnetz_test_login_${randomBytes(4).toString('hex')}`;
  await sql.raw(`create role ${login} login in role ${RUNTIME_ROLE}`).execute(database.owner);
  // Runs after the test database is dropped (hooks run in order): nothing of the role is left.
  t.after(async () => {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`drop role if exists ${login}`).finally(() => admin.end());
  });
  const url = new URL(process.env.DATABASE_URL ?? '');
  url.username = login;
  url.password = '';
  url.pathname = `/${await currentDatabase(database.owner)}`;
  const runtimeDb = await openRuntimeDatabase(database, url.toString(), { poolSize: 1 });
  t.after(() => runtimeDb.close());
  const who = await sql<{ current: string; session: string }>`
    select current_user as current, session_user as session`.execute(runtimeDb.db);
  assert.deepEqual(who.rows, [{ current: RUNTIME_ROLE, session: login }]);
  await runtimeDb.db.connection().execute(async (connection) => {
    await sql`reset role`.execute(connection);
    await assert.rejects(
      connection.selectFrom('application').select('id').execute(),
      PERMISSION_DENIED,
    );
    await assert.rejects(
      connection.selectFrom('mailbox_message').select('id').execute(),
      PERMISSION_DENIED,
    );
  });
});

async function currentDatabase(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ name: string }>`select current_database() as name`.execute(db);
  return rows[0]?.name ?? '';
}

test('the staff directory reaches the staff tables and nothing of citizens or applications', async (t) => {
  const { db, authorityId, verbundId } = await runtime(t);
  // What sign-in, invitation and session lookups need: allowed.
  const staff = await withStaffDirectory(db, (trx) =>
    trx.selectFrom('staff_session').select('token_hash').execute(),
  );
  assert.deepEqual(staff, []);
  for (const table of [
    'application',
    'application_event',
    'account',
    'account_profile',
    'delivery',
    'delivery_route',
    'draft',
    'mailbox_thread',
    'mailbox_message',
    'identity_provider',
  ] as const) {
    await assert.rejects(
      withStaffDirectory(db, (trx) => trx.selectFrom(table).select(sql`1`.as('one')).execute()),
      PERMISSION_DENIED,
      `${table} from the staff directory`,
    );
  }
  // Appends only its own kind of audit entry, and cannot read back the mail it queues.
  const entry = (action: AuditAction) => ({
    authorityId,
    verbundId,
    staffId: null,
    action,
    ip: null,
    at: new Date(),
  });
  await withStaffDirectory(db, (trx) => appendAudit(trx, entry('staff.signin_failed')));
  await withStaffDirectory(db, (trx) => appendAudit(trx, entry('staff.signin_failed')));
  // Of the chain it sees the head only: what the next entry links to, not the log.
  const visible = await withStaffDirectory(db, (trx) =>
    trx.selectFrom('audit_entry').select('seq').execute(),
  );
  assert.deepEqual(
    visible.map((row) => Number(row.seq)),
    [2],
  );
  await assert.rejects(
    withStaffDirectory(db, (trx) => appendAudit(trx, entry('application.viewed'))),
    PERMISSION_DENIED,
    'an application entry is not the directory’s to write',
  );
  await assert.rejects(
    withStaffDirectory(db, (trx) => trx.selectFrom('mail_outbox').select('id').execute()),
    PERMISSION_DENIED,
  );
});
