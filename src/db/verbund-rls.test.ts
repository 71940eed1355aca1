import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { auditRow } from '../audit/testing.ts';
import { seedDemo } from '../tenancy/seed.ts';
import { seedOtherVerbund } from '../tenancy/testing.ts';
import { openRuntimeDatabase } from './database.ts';
import { withAuthority, withIdentityBroker, withVerbundOffice, withWorker } from './rls.ts';
import { createTestDatabase, PERMISSION_DENIED } from './testing.ts';

// The Verbund office's context (ADR 0041) at the SQL level, as the role web and worker run as:
// Verbund A may take its own authorities live and count their staff, and nothing else: no
// authority of Verbund B, no application, Postfach, citizen or staff row, no contact data.
// An authority's own staff cannot take themselves live; without any context nothing changes.

async function twoVerbunds(t: Parameters<typeof createTestDatabase>[0]) {
  const database = await createTestDatabase(t);
  const owner = database.owner;
  const { verbundId } = await seedDemo(owner);
  const otherVerbundId = await seedOtherVerbund(owner);
  const foreign = await owner
    .insertInto('authority')
    .values({
      verbund_id: otherVerbundId,
      slug: 'anderstadt',
      name: 'Stadt Anderstadt',
      kind: 'city',
      ars: '999990000000',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const geeste = await owner
    .selectFrom('authority')
    .select(['id', 'status'])
    .where('slug', '=', 'geeste')
    .executeTakeFirstOrThrow();
  const soegel = await owner
    .selectFrom('authority')
    .select('id')
    .where('slug', '=', 'samtgemeinde-soegel')
    .executeTakeFirstOrThrow();
  // A citizen with a Postfach thread and an active clerk of Sögel: rows this context must
  // not see although they exist.
  const account = await owner
    .insertInto('account')
    .values({
      verbund_id: verbundId,
      email: 'hanna@example.org',
      password_hash: 'hash-of-hanna',
      privacy_version: 'test',
      privacy_accepted_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await owner
    .insertInto('mailbox_thread')
    .values({
      verbund_id: verbundId,
      authority_id: soegel.id,
      account_id: account.id,
      subject: 'Ihr Antrag',
      last_message_at: new Date(),
    })
    .execute();
  const clerk = await owner
    .insertInto('staff')
    .values({
      verbund_id: verbundId,
      email: 'clerk@soegel.example',
      display_name: 'Clara Clerk',
      password_hash: 'hash-of-clara',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await owner
    .insertInto('staff_membership')
    .values({ staff_id: clerk.id, authority_id: soegel.id, role: 'clerk' })
    .execute();
  await owner
    .insertInto('audit_entry')
    .values([
      auditRow(geeste.id, geeste.id, 'staff.signin', 1),
      auditRow(geeste.id, geeste.id, 'application.viewed', 2),
    ])
    .execute();
  // On PGlite the one connection becomes the runtime role from here on: seed before.
  const db =
    database.kind === 'pglite' ? (await openRuntimeDatabase(database, undefined)).db : database.db;
  return { db, owner, verbundId, otherVerbundId, foreign, geeste, soegel };
}

const statusOf = async (
  owner: Awaited<ReturnType<typeof twoVerbunds>>['owner'],
  id: string,
): Promise<string> =>
  (
    await owner
      .selectFrom('authority')
      .select('status')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  ).status;

test('the Verbund context takes its own authorities live and no other Verbund’s', async (t) => {
  const { db, owner, verbundId, foreign, geeste } = await twoVerbunds(t);
  assert.equal(geeste.status, 'onboarding');
  const changed = await withVerbundOffice(db, verbundId, (trx) =>
    trx
      .updateTable('authority')
      .set({ status: 'live', went_live_at: new Date() })
      .where('id', 'in', [geeste.id, foreign.id])
      .executeTakeFirst(),
  );
  assert.equal(changed.numUpdatedRows, 1n, 'only the authority of its own Verbund');
  assert.equal(await statusOf(owner, geeste.id), 'live');
  assert.equal(await statusOf(owner, foreign.id), 'onboarding');

  // Contact data are the authority's to change (withAuthority), not the Verbund context's.
  await assert.rejects(
    withVerbundOffice(db, verbundId, (trx) =>
      trx.updateTable('authority').set({ phone: '0' }).where('id', '=', geeste.id).execute(),
    ),
    PERMISSION_DENIED,
  );
  // Other columns have no grant at all.
  await assert.rejects(
    withVerbundOffice(db, verbundId, (trx) =>
      trx.updateTable('authority').set({ name: 'Geeste?' }).where('id', '=', geeste.id).execute(),
    ),
    PERMISSION_DENIED,
  );
});

test('the Verbund context counts staff but reads no application, Postfach, citizen or staff row', async (t) => {
  const { db, verbundId, otherVerbundId, soegel } = await twoVerbunds(t);
  // Each table either holds no row for this context or is not granted to it at all.
  for (const table of [
    'application',
    'application_event',
    'draft',
    'mailbox_thread',
    'mailbox_message',
    'account',
    'account_profile',
    'account_session',
    'staff_membership',
    'staff_session',
    'staff_invitation',
  ] as const) {
    const seen = await withVerbundOffice(db, verbundId, (trx) =>
      trx.selectFrom(table).select(sql`1`.as('one')).execute(),
    ).catch((error: unknown) => (PERMISSION_DENIED(error) ? [] : Promise.reject(error)));
    assert.deepEqual(seen, [], table);
  }
  await withVerbundOffice(db, verbundId, async (trx) => {
    const staff = await trx.selectFrom('staff').select('id').execute();
    assert.deepEqual(staff, [], 'no staff row');
    const { rows } = await sql<{
      authority_id: string;
      active: string;
    }>`select authority_id, active from verbund_active_staff()`.execute(trx);
    assert.deepEqual(
      rows.map((r) => [r.authority_id, Number(r.active)]),
      [[soegel.id, 1]],
      'the count of active staff, per authority',
    );
  });
  await assert.rejects(
    withVerbundOffice(db, verbundId, (trx) =>
      trx.selectFrom('staff').select(['email', 'password_hash']).execute(),
    ),
    PERMISSION_DENIED,
    'names and hashes are not granted at all',
  );
  // Another Verbund's context counts nothing of this one.
  const elsewhere = await withVerbundOffice(
    db,
    otherVerbundId,
    async (trx) => (await sql`select * from verbund_active_staff()`.execute(trx)).rows,
  );
  assert.deepEqual(elsewhere, []);
});

test('the Verbund context appends verbund entries to its own chains and reads only their heads', async (t) => {
  const { db, verbundId, otherVerbundId, foreign, geeste } = await twoVerbunds(t);
  await withVerbundOffice(db, verbundId, async (trx) => {
    const visible = await trx.selectFrom('audit_entry').select(['chain_id', 'seq']).execute();
    assert.deepEqual(
      visible.map((r) => Number(r.seq)),
      [2],
      'the head of the chain, not the log',
    );
    await trx
      .insertInto('audit_entry')
      .values(auditRow(geeste.id, geeste.id, 'verbund.authority_live', 3))
      .execute();
    await trx
      .insertInto('audit_entry')
      .values(auditRow(verbundId, null, 'verbund.x_y'))
      .execute();
  });
  for (const refused of [
    auditRow(geeste.id, geeste.id, 'application.viewed', 4),
    auditRow(foreign.id, foreign.id, 'verbund.authority_live'),
    auditRow(otherVerbundId, null, 'verbund.x_y'),
  ]) {
    await assert.rejects(
      withVerbundOffice(db, verbundId, (trx) =>
        trx.insertInto('audit_entry').values(refused).execute(),
      ),
      PERMISSION_DENIED,
      `${refused.action} in ${refused.chain_id}`,
    );
  }
});

test('an authority cannot take itself live, and no context changes nothing', async (t) => {
  const { db, owner, geeste } = await twoVerbunds(t);
  await assert.rejects(
    withAuthority(db, geeste.id, (trx) =>
      trx
        .updateTable('authority')
        .set({ status: 'live', went_live_at: new Date() })
        .where('id', '=', geeste.id)
        .execute(),
    ),
    PERMISSION_DENIED,
  );
  // Its contact data are still its own.
  await withAuthority(db, geeste.id, (trx) =>
    trx.updateTable('authority').set({ phone: '05907 500' }).where('id', '=', geeste.id).execute(),
  );
  await assert.rejects(
    db.updateTable('authority').set({ status: 'live' }).where('id', '=', geeste.id).execute(),
    PERMISSION_DENIED,
  );
  await assert.rejects(
    db.selectFrom('staff').select('id').execute(),
    PERMISSION_DENIED,
    'no staff without a context',
  );
  await assert.rejects(
    sql`select * from verbund_active_staff()`.execute(db),
    PERMISSION_DENIED,
    'the runtime role by itself may not call the count',
  );
  assert.equal(await statusOf(owner, geeste.id), 'onboarding');
  await assert.rejects(
    withVerbundOffice(db, 'not-a-uuid', async () => undefined),
    /verbund not-a-uuid not found/,
  );
});

test('the Verbund context keeps its own identity providers; the sign-in broker only reads', async (t) => {
  const { db, verbundId, otherVerbundId } = await twoVerbunds(t);
  const provider = (verbund: string, slug: string) => ({
    verbund_id: verbund,
    slug,
    type: 'oidc' as const,
    display_name: slug,
    issuer: `https://${slug}.example`,
    client_id: 'rathausnetz',
    attribute_map: '{}',
    levels: ['substantial' as const],
    acr_map: '{}',
  });
  // Seeded as the worker: on PGlite the owner's handle is the runtime role by now.
  await withWorker(db, (trx) =>
    trx.insertInto('identity_provider').values(provider(otherVerbundId, 'fremd')).execute(),
  );
  // Its own: added, renamed and seen; another Verbund's: neither seen nor planted nor changed.
  await withVerbundOffice(db, verbundId, (trx) =>
    trx.insertInto('identity_provider').values(provider(verbundId, 'eigen')).execute(),
  );
  const seen = await withVerbundOffice(db, verbundId, async (trx) => {
    await trx.updateTable('identity_provider').set({ display_name: 'Eigen-ID' }).execute();
    return trx.selectFrom('identity_provider').select(['slug', 'display_name']).execute();
  });
  assert.deepEqual(seen, [{ slug: 'eigen', display_name: 'Eigen-ID' }]);
  await assert.rejects(
    withVerbundOffice(db, verbundId, (trx) =>
      trx.insertInto('identity_provider').values(provider(otherVerbundId, 'gepflanzt')).execute(),
    ),
    PERMISSION_DENIED,
  );
  const foreign = await withWorker(db, (trx) =>
    trx
      .selectFrom('identity_provider')
      .select('display_name')
      .where('slug', '=', 'fremd')
      .executeTakeFirstOrThrow(),
  );
  assert.equal(foreign.display_name, 'fremd');
  // Its chain takes identity.provider_* entries, no other chain does.
  await withVerbundOffice(db, verbundId, (trx) =>
    trx
      .insertInto('audit_entry')
      .values(auditRow(verbundId, null, 'identity.provider_added'))
      .execute(),
  );
  await assert.rejects(
    withVerbundOffice(db, verbundId, (trx) =>
      trx
        .insertInto('audit_entry')
        .values(auditRow(otherVerbundId, null, 'identity.provider_added'))
        .execute(),
    ),
    PERMISSION_DENIED,
  );
  // The broker (sign-in) reads providers but changes none.
  const seenByBroker = await withIdentityBroker(db, (trx) =>
    trx.selectFrom('identity_provider').select('id').execute(),
  );
  assert.equal(seenByBroker.length, 2);
  const changed = await withIdentityBroker(db, (trx) =>
    trx.updateTable('identity_provider').set({ display_name: 'Übernommen' }).executeTakeFirst(),
  );
  assert.equal(changed.numUpdatedRows, 0n, 'the broker changes no provider');
});
