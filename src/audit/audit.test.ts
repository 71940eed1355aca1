// The audit log on a real database: appends chain per authority, verification passes and
// then names the first entry an owner changed behind the application's back, the runtime
// roles can neither change nor remove an entry, and concurrent appends do not fork a chain.
import assert from 'node:assert/strict';
import test from 'node:test';
import { sql } from 'kysely';
import { testKeyring } from '../app/testing.ts';
import { runCli } from '../cli/main.ts';
import { withAuthority } from '../db/rls.ts';
import { asOwner, createTestDatabase } from '../db/testing.ts';
import { authorityId } from '../mailbox/testing.ts';
import { loadEmslandSeed, seedVerbund } from '../tenancy/seed.ts';
import { appendAudit, verifyAudit } from './service.ts';

async function setup(t: test.TestContext) {
  const database = await createTestDatabase(t);
  const { db, owner } = database;
  await seedVerbund(owner, await loadEmslandSeed());
  const verbund = await owner.selectFrom('verbund').select('id').executeTakeFirstOrThrow();
  return {
    db,
    owner,
    verbundId: verbund.id,
    meppen: await authorityId(owner, 'meppen'),
    papenburg: await authorityId(owner, 'papenburg'),
  };
}

test('chains entries per authority; verify passes, then names the altered entry', async (t) => {
  const { db, owner, verbundId, meppen, papenburg } = await setup(t);
  const at = new Date('2026-12-01T09:00:00.123Z');
  for (const [authority, action] of [
    [meppen, 'staff.signin'],
    [papenburg, 'staff.signin'],
    [meppen, 'application.viewed'],
    [meppen, 'attachment.downloaded'],
  ] as const) {
    await withAuthority(db, authority, (trx) =>
      appendAudit(trx, {
        authorityId: authority,
        verbundId,
        staffId: null,
        action,
        subject: { type: 'application', id: 'a1' },
        ip: '127.0.0.1',
        at,
      }),
    );
  }
  const ok = await verifyAudit(db);
  assert.deepEqual(ok, { ok: true, entries: 4, chains: 2 });

  const seqs = await owner
    .selectFrom('audit_entry')
    .select(['seq', 'prev_hash', 'hash'])
    .where('chain_id', '=', meppen)
    .orderBy('seq')
    .execute();
  assert.deepEqual(
    seqs.map((r) => Number(r.seq)),
    [1, 2, 3],
  );
  assert.equal(seqs[1]?.prev_hash, seqs[0]?.hash, 'each entry names the hash before it');

  // An owner (the test's connection) rewrites what the second Meppen entry says happened.
  await sql`update audit_entry set action = 'staff.signout' where chain_id = ${meppen} and seq = 2`.execute(
    owner,
  );
  const broken = await verifyAudit(db);
  assert.equal(broken.ok, false);
  assert.ok(!broken.ok);
  assert.equal(broken.broken.chainId, meppen);
  assert.equal(broken.broken.seq, 2);
  assert.equal(broken.broken.reason, 'hash');
});

test('the names of changed fields are hashed with the entry; a rewritten list breaks it', async (t) => {
  const { db, owner, verbundId, meppen } = await setup(t);
  for (const fields of [undefined, ['ssoUrl', 'issuer']]) {
    await withAuthority(db, meppen, (trx) =>
      appendAudit(trx, {
        authorityId: meppen,
        verbundId,
        staffId: null,
        action: 'staff.role_changed',
        at: new Date(),
        ...(fields ? { fields } : {}),
      }),
    );
  }
  assert.deepEqual(await verifyAudit(db), { ok: true, entries: 2, chains: 1 });
  const rows = await owner.selectFrom('audit_entry').select('fields').orderBy('seq').execute();
  assert.deepEqual(
    rows.map((r) => r.fields),
    [null, ['ssoUrl', 'issuer']],
  );
  // Someone hides that the issuer changed.
  await sql`update audit_entry set fields = array['ssoUrl'] where seq = 2`.execute(owner);
  const outcome = await verifyAudit(db);
  assert.ok(!outcome.ok);
  assert.equal(outcome.broken.seq, 2);
  assert.equal(outcome.broken.reason, 'hash');
});

test('a removed entry is named as a gap', async (t) => {
  const { db, owner, verbundId, meppen } = await setup(t);
  for (let i = 0; i < 3; i++) {
    await withAuthority(db, meppen, (trx) =>
      appendAudit(trx, {
        authorityId: meppen,
        verbundId,
        staffId: null,
        action: 'staff.signin',
        at: new Date(),
      }),
    );
  }
  await sql`delete from audit_entry where chain_id = ${meppen} and seq = 2`.execute(owner);
  const outcome = await verifyAudit(db);
  assert.ok(!outcome.ok);
  assert.equal(outcome.broken.seq, 3);
  assert.equal(outcome.broken.reason, 'gap');
});

test('runtime roles can neither change nor remove an entry, nor read another chain', async (t) => {
  const { db, verbundId, meppen, papenburg } = await setup(t);
  await withAuthority(db, meppen, (trx) =>
    appendAudit(trx, {
      authorityId: meppen,
      verbundId,
      staffId: null,
      action: 'staff.signin',
      at: new Date(),
    }),
  );
  for (const role of ['app_user', 'app_worker']) {
    for (const statement of [
      sql`update audit_entry set action = 'staff.signout'`,
      sql`delete from audit_entry`,
    ]) {
      await assert.rejects(
        db.transaction().execute(async (trx) => {
          await sql`select set_config('app.authority_id', ${meppen}, true)`.execute(trx);
          await sql`set local role ${sql.raw(role)}`.execute(trx);
          await statement.execute(trx);
        }),
        /permission denied/,
        `${role} may not change the log`,
      );
    }
  }
  const seen = await withAuthority(db, papenburg, (trx) =>
    trx.selectFrom('audit_entry').select('id').execute(),
  );
  assert.equal(seen.length, 0, 'Papenburg sees nothing of Meppen’s log');
  await assert.rejects(
    withAuthority(db, papenburg, (trx) =>
      appendAudit(trx, {
        authorityId: meppen,
        verbundId,
        staffId: null,
        action: 'staff.signin',
        at: new Date(),
      }),
    ),
    /row-level security/,
    'nor writes into it',
  );
  assert.deepEqual(await verifyAudit(db), { ok: true, entries: 1, chains: 1 });
});

test('concurrent appends to one chain do not fork it', async (t) => {
  const { db, verbundId, meppen } = await setup(t);
  await Promise.all(
    Array.from({ length: 12 }, () =>
      withAuthority(db, meppen, (trx) =>
        appendAudit(trx, {
          authorityId: meppen,
          verbundId,
          staffId: null,
          action: 'application.viewed',
          at: new Date(),
        }),
      ),
    ),
  );
  assert.deepEqual(await verifyAudit(db), { ok: true, entries: 12, chains: 1 });
});

test('cli staff:invite prints a link; audit:verify passes, then names the altered entry', async (t) => {
  const database = await createTestDatabase(t);
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
  const keyring = testKeyring();
  const operator = asOwner(database);
  await runCli(['seed-directory'], io, operator, keyring);
  const invite = [
    'staff:invite',
    '--authority',
    'samtgemeinde-soegel',
    '--role',
    'authority_admin',
  ];
  assert.equal(
    await runCli(
      [...invite, 'chefin@soegel.example'],
      io,
      operator,
      keyring,
      'https://portal.example',
    ),
    0,
  );
  assert.match(
    out.join('\n'),
    /https:\/\/portal\.example\/verwaltung\/einladung\/[A-Za-z0-9_-]{43}/,
  );
  assert.equal(
    await runCli(
      [...invite, 'zweite@soegel.example'],
      io,
      operator,
      keyring,
      'https://portal.example',
    ),
    0,
  );
  assert.equal(
    await runCli(
      ['staff:invite', '--authority', 'atlantis', '--role', 'clerk', 'x@y.example'],
      io,
      operator,
      keyring,
    ),
    2,
  );
  assert.match(err.join('\n'), /No authority "atlantis"/);
  assert.equal(
    await runCli(['staff:invite', '--role', 'clerk', 'x@y.example'], io, operator, keyring),
    2,
  );

  out.length = 0;
  assert.equal(await runCli(['audit:verify'], io, operator), 0);
  assert.match(out.join('\n'), /Audit log intact: 2 entries in 1 chains/);

  const first = await database.owner
    .selectFrom('audit_entry')
    .select('id')
    .orderBy('seq')
    .executeTakeFirstOrThrow();
  await sql`update audit_entry set ip = '10.0.0.1' where id = ${first.id}`.execute(database.owner);
  err.length = 0;
  assert.equal(await runCli(['audit:verify'], io, operator), 1);
  assert.match(
    err.join('\n'),
    new RegExp(`Audit log broken at entry ${first.id} \\(chain [0-9a-f-]{36}, position 1\\)`),
  );
});
