import assert from 'node:assert/strict';
import { createSecretKey, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { testKeyring } from '../app/testing.ts';
import { asOwner, createTestDatabase } from '../db/testing.ts';
import { ensureKeyProbes } from '../envelope/key-probes.ts';
import { runCli } from './main.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

test('seed-demo, authority:list and authority:onboard work on a fresh database', async (t) => {
  const database = asOwner(await createTestDatabase(t));
  const seed = capture();
  assert.equal(await runCli(['seed-demo'], seed.io, database, testKeyring()), 0);
  assert.deepEqual(seed.out, ['Seeded 20 authorities and 60 municipalities.']);

  const list = capture();
  assert.equal(await runCli(['authority:list'], list.io, database), 0);
  assert.equal(list.out.length, 20);
  assert.match(list.out[0] ?? '', /^landkreis-emsland\s+live\s+county\s+Landkreis Emsland$/);
  assert.ok(list.out.some((l) => /^geeste\s+onboarding\s+municipality\s+Gemeinde Geeste$/.test(l)));

  const onboard = capture();
  assert.equal(await runCli(['authority:onboard', 'geeste'], onboard.io, database), 0);
  assert.deepEqual(onboard.out, ['Gemeinde Geeste (geeste) is now live.']);
  const again = capture();
  assert.equal(await runCli(['authority:onboard', 'geeste'], again.io, database), 2);
  assert.deepEqual(again.err, ['geeste is already live']);
});

test('unknown slugs, missing arguments and unknown commands exit 2 with a clear message', async (t) => {
  const database = asOwner(await createTestDatabase(t));
  await runCli(['seed-demo'], capture().io, database, testKeyring());

  const unknownSlug = capture();
  assert.equal(await runCli(['authority:onboard', 'atlantis'], unknownSlug.io, database), 2);
  assert.deepEqual(unknownSlug.err, [
    'No authority "atlantis" in this Verbund. See authority:list for the slugs.',
  ]);

  const missing = capture();
  assert.equal(await runCli(['authority:onboard'], missing.io, database), 2);
  assert.match(missing.err[0] ?? '', /Missing slug/);

  const unknown = capture();
  assert.equal(await runCli(['frobnicate'], unknown.io, database), 2);
  assert.deepEqual(unknown.err, ['Unknown command "frobnicate".']);
  assert.ok(unknown.out.some((l) => l.includes('authority:onboard <slug>')));
});

test('seed-directory loads every authority still onboarding', async (t) => {
  const database = asOwner(await createTestDatabase(t));
  const seed = capture();
  assert.equal(await runCli(['seed-directory'], seed.io, database), 0);
  const list = capture();
  await runCli(['authority:list'], list.io, database);
  assert.equal(list.out.length, 20);
  assert.ok(list.out.every((l) => /\sonboarding\s/.test(l)));
});

test('migrate reports an up-to-date database', async (t) => {
  const database = asOwner(await createTestDatabase(t));
  const run = capture();
  assert.equal(await runCli(['migrate'], run.io, database), 0);
  assert.deepEqual(run.out, ['Database is up to date.']);
});

test('rewrap-keys checks the keys, re-wraps, names the key that may go, and is listed in the help', async (t) => {
  const database = asOwner(await createTestDatabase(t));
  const a = createSecretKey(randomBytes(32));
  await ensureKeyProbes(database.owner, { activeId: '2026a', keys: new Map([['2026a', a]]) });
  const rotated = {
    activeId: '2027a',
    keys: new Map([
      ['2027a', createSecretKey(randomBytes(32))],
      ['2026a', a],
    ]),
  };
  const run = capture();
  assert.equal(await runCli(['rewrap-keys'], run.io, database, rotated), 0);
  assert.deepEqual(run.out, [
    'Re-wrapped 0 data keys under application key "2027a".',
    'Retired "2026a": no application, draft or Postfach thread uses it any more. Remove it from APPLICATION_KEYS, keep it with the backups made before today.',
  ]);
  const probes = await database.owner.selectFrom('encryption_key_probe').select('key_id').execute();
  assert.deepEqual(
    probes.map((p) => p.key_id),
    ['2027a'],
  );

  // A key of the same id with another value: refused before anything is wrapped with it.
  const wrong = { activeId: '2027a', keys: new Map([['2027a', createSecretKey(randomBytes(32))]]) };
  await assert.rejects(runCli(['rewrap-keys'], capture().io, database, wrong), /"2027a" is not/);

  const help = capture();
  assert.equal(await runCli(['help'], help.io), 0);
  assert.ok(help.out.some((l) => l.includes('rewrap-keys') && l.includes('key rotation')));
});

test('staff:invite prints the single-use link; a locked membership is not invited again', async (t) => {
  const database = asOwner(await createTestDatabase(t));
  await runCli(['seed-demo'], capture().io, database, testKeyring());
  const args = [
    'staff:invite',
    '--authority',
    'papenburg',
    '--role',
    'clerk',
    'neu@papenburg.example',
  ];
  const invited = capture();
  assert.equal(await runCli(args, invited.io, database, testKeyring(), 'http://portal.test'), 0);
  assert.match(
    invited.out[0] ?? '',
    /^Invitation for neu@papenburg\.example \(clerk\), valid until /,
  );
  assert.match(invited.out[1] ?? '', /^http:\/\/portal\.test\/verwaltung\/einladung\/[\w-]{43}$/);

  // Locked by Papenburg's admin: unlocking is the admin's step, not a new invitation.
  await database.db.updateTable('staff_membership').set({ disabled_at: new Date() }).execute();
  const locked = capture();
  assert.equal(await runCli(args, locked.io, database, testKeyring(), 'http://portal.test'), 2);
  assert.deepEqual(locked.err, [
    'The access of neu@papenburg.example to this authority is locked: an admin unlocks it under "Mitarbeitende".',
  ]);
  assert.equal(locked.out.length, 0, 'no link');
});

test('staff:invite --verbund invites the Verbund’s own auditor; no other role, no authority', async (t) => {
  const database = asOwner(await createTestDatabase(t));
  await runCli(['seed-demo'], capture().io, database, testKeyring());
  const invited = capture();
  const args = ['staff:invite', '--verbund', '--role', 'auditor', 'pruefung@emsland.example'];
  assert.equal(await runCli(args, invited.io, database, testKeyring(), 'http://portal.test'), 0);
  assert.match(invited.out[0] ?? '', /^Invitation for pruefung@emsland\.example \(auditor\)/);
  const rows = await database.db
    .selectFrom('staff_membership as m')
    .innerJoin('staff as s', 's.id', 'm.staff_id')
    .select(['m.authority_id', 'm.role'])
    .where('s.email', '=', 'pruefung@emsland.example')
    .execute();
  assert.deepEqual(rows, [{ authority_id: null, role: 'auditor' }]);
  for (const wrong of [
    ['staff:invite', '--verbund', '--role', 'clerk', 'x@emsland.example'],
    ['staff:invite', '--verbund', '--authority', 'papenburg', '--role', 'auditor', 'x@e.example'],
    ['staff:invite', '--role', 'auditor', 'x@emsland.example'],
  ]) {
    const refused = capture();
    assert.equal(await runCli(wrong, refused.io, database, testKeyring()), 2, wrong.join(' '));
    assert.match(refused.err[0] ?? '', /--verbund --role verbund_admin\|auditor/);
  }
});
