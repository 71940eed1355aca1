import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditRow } from '../audit/testing.ts';
import { seedDemo } from '../tenancy/seed.ts';
import { seedOtherVerbund } from '../tenancy/testing.ts';
import { openRuntimeDatabase } from './database.ts';
import { withAuthority, withVerbundAudit, withVerbundOffice } from './rls.ts';
import { createTestDatabase, PERMISSION_DENIED } from './testing.ts';

// The Verbund auditors' context (ADR 0046) at the SQL level, as the role web and worker run
// as: it reads the Verbund's own chain and nothing of an authority's, appends audit.viewed
// there and nothing else, and changes nothing of the Verbund. An authority's context does not
// read the Verbund's chain, and the Verbund office's context only its head, as before.

async function chains(t: Parameters<typeof createTestDatabase>[0]) {
  const database = await createTestDatabase(t);
  const owner = database.owner;
  const { verbundId } = await seedDemo(owner);
  const otherVerbundId = await seedOtherVerbund(owner);
  const soegel = await owner
    .selectFrom('authority')
    .select('id')
    .where('slug', '=', 'samtgemeinde-soegel')
    .executeTakeFirstOrThrow();
  await owner
    .insertInto('audit_entry')
    .values([
      auditRow(verbundId, null, 'staff.signin', 1),
      auditRow(verbundId, null, 'verbund.service_changed', 2),
      auditRow(verbundId, null, 'identity.provider_added', 3),
      auditRow(soegel.id, soegel.id, 'staff.signin', 1),
      auditRow(soegel.id, soegel.id, 'application.viewed', 2),
      auditRow(otherVerbundId, null, 'verbund.service_changed', 1),
    ])
    .execute();
  await owner
    .insertInto('staff')
    .values([
      { verbund_id: verbundId, email: 'vera@emsland.example', display_name: 'Vera Verbund' },
      { verbund_id: otherVerbundId, email: 'otto@anderswo.example', display_name: 'Otto Anderswo' },
    ])
    .execute();
  const db =
    database.kind === 'pglite' ? (await openRuntimeDatabase(database, undefined)).db : database.db;
  return { db, verbundId, otherId: otherVerbundId, soegelId: soegel.id };
}

const chainsSeen = (rows: { chain_id: string; seq: string }[]) =>
  rows.map((r) => `${r.chain_id}:${r.seq}`).sort();

test('the Verbund audit context reads its own chain only; an authority’s cannot', async (t) => {
  const { db, verbundId, otherId, soegelId } = await chains(t);

  const seen = await withVerbundAudit(db, verbundId, (trx) =>
    trx.selectFrom('audit_entry').select(['chain_id', 'seq']).execute(),
  );
  assert.deepEqual(
    chainsSeen(seen),
    [`${verbundId}:1`, `${verbundId}:2`, `${verbundId}:3`],
    'the whole Verbund chain, no authority’s, no other Verbund’s',
  );
  const soegelFromVerbund = await withVerbundAudit(db, verbundId, (trx) =>
    trx.selectFrom('audit_entry').select('id').where('chain_id', '=', soegelId).execute(),
  );
  assert.equal(soegelFromVerbund.length, 0, 'not even the head of Sögel’s chain');

  const fromSoegel = await withAuthority(db, soegelId, (trx) =>
    trx.selectFrom('audit_entry').select(['chain_id', 'seq']).execute(),
  );
  assert.deepEqual(chainsSeen(fromSoegel), [`${soegelId}:1`, `${soegelId}:2`]);
  const verbundFromSoegel = await withAuthority(db, soegelId, (trx) =>
    trx.selectFrom('audit_entry').select('id').where('chain_id', '=', verbundId).execute(),
  );
  assert.equal(verbundFromSoegel.length, 0, 'an authority does not read the Verbund’s chain');

  // The office writes the Verbund's chain and sees only its head (the link), not the log.
  const fromOffice = await withVerbundOffice(db, verbundId, (trx) =>
    trx
      .selectFrom('audit_entry')
      .select(['chain_id', 'seq'])
      .where('chain_id', '=', verbundId)
      .execute(),
  );
  assert.deepEqual(chainsSeen(fromOffice), [`${verbundId}:3`]);

  // Another Verbund's auditors read theirs, not this one's.
  const fromOther = await withVerbundAudit(db, otherId, (trx) =>
    trx.selectFrom('audit_entry').select(['chain_id', 'seq']).execute(),
  );
  assert.deepEqual(chainsSeen(fromOther), [`${otherId}:1`]);

  // Staff names for the filter: this Verbund's only.
  const names = await withVerbundAudit(db, verbundId, (trx) =>
    trx.selectFrom('staff').select('display_name').execute(),
  );
  assert.deepEqual(
    names.map((n) => n.display_name),
    ['Vera Verbund'],
  );
});

test('the Verbund audit context appends only its reading, and changes nothing of the Verbund', async (t) => {
  const { db, verbundId, soegelId } = await chains(t);

  await withVerbundAudit(db, verbundId, (trx) =>
    trx
      .insertInto('audit_entry')
      .values(auditRow(verbundId, null, 'audit.viewed', 4))
      .execute(),
  );
  for (const refused of [
    auditRow(verbundId, null, 'verbund.service_changed', 5),
    auditRow(verbundId, null, 'identity.provider_removed', 5),
    auditRow(soegelId, soegelId, 'audit.viewed', 3),
  ]) {
    await assert.rejects(
      withVerbundAudit(db, verbundId, (trx) =>
        trx.insertInto('audit_entry').values(refused).execute(),
      ),
      /row-level security/,
      `${refused.action} in ${refused.chain_id}`,
    );
  }

  // Its chain's checkpoint, not an authority's.
  await withVerbundAudit(db, verbundId, (trx) =>
    trx
      .insertInto('audit_checkpoint')
      .values({ chain_id: verbundId, seq: 4, hash: '4'.repeat(64), checked_at: new Date() })
      .execute(),
  );
  await assert.rejects(
    withVerbundAudit(db, verbundId, (trx) =>
      trx
        .insertInto('audit_checkpoint')
        .values({ chain_id: soegelId, seq: 2, hash: '2'.repeat(64), checked_at: new Date() })
        .execute(),
    ),
    /row-level security/,
  );

  // The Verbund office's rights are not this context's: no service, provider or authority.
  const services = await withVerbundAudit(db, verbundId, (trx) =>
    trx
      .updateTable('online_service')
      .set({ title: 'Geändert' })
      .where('verbund_id', '=', verbundId)
      .executeTakeFirst(),
  ).catch((error: unknown) =>
    PERMISSION_DENIED(error) ? { numUpdatedRows: 0n } : Promise.reject(error),
  );
  assert.equal(services.numUpdatedRows, 0n);
  const live = await withVerbundAudit(db, verbundId, (trx) =>
    trx
      .updateTable('authority')
      .set({ status: 'live', went_live_at: new Date() })
      .where('verbund_id', '=', verbundId)
      .executeTakeFirst(),
  ).catch((error: unknown) =>
    PERMISSION_DENIED(error) ? { numUpdatedRows: 0n } : Promise.reject(error),
  );
  assert.equal(live.numUpdatedRows, 0n);
  const providers = await withVerbundAudit(db, verbundId, (trx) =>
    trx.selectFrom('identity_provider').select('id').execute(),
  );
  assert.equal(providers.length, 0);
  const entries = await withVerbundAudit(db, verbundId, (trx) =>
    trx
      .selectFrom('audit_entry')
      .select('action')
      .where('chain_id', '=', verbundId)
      .orderBy('seq')
      .execute(),
  );
  assert.deepEqual(
    entries.map((e) => e.action),
    ['staff.signin', 'verbund.service_changed', 'identity.provider_added', 'audit.viewed'],
  );
});
