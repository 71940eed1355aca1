import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestDatabase } from '../../db/testing.ts';
import { startSmtp } from '../../mail/testing.ts';
import { seedDemo } from '../../tenancy/seed.ts';
import { runInactivityCleanup } from './inactivity.ts';

const DAY = 24 * 60 * 60_000;

test('24 months unused: two warnings two weeks apart, then deletion; signing in stops it', async (t) => {
  const database = await createTestDatabase(t);
  // `owner` seeds and looks past row-level security; the job gets what the worker runs as.
  const { db, owner } = database;
  const { verbundId } = await seedDemo(owner);
  const smtp = await startSmtp(t);
  const start = new Date('2026-11-29T03:00:00Z');
  const insert = (email: string, lastLogin: Date) =>
    owner
      .insertInto('account')
      .values({
        verbund_id: verbundId,
        email,
        password_hash: 'x',
        privacy_version: 'test',
        privacy_accepted_at: lastLogin,
        email_verified_at: lastLogin,
        last_login_at: lastLogin,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
  await insert('idle@example.org', new Date(start.getTime() - 731 * DAY));
  const comesBack = await insert('back@example.org', new Date(start.getTime() - 731 * DAY));
  await insert('active@example.org', new Date(start.getTime() - 100 * DAY));

  const run = (at: Date) =>
    runInactivityCleanup({
      db,
      mailer: smtp.mailer,
      publicUrl: 'http://portal.test',
      verbund: async () => ({ id: verbundId, name: 'Portalverbund Landkreis Emsland' }),
      now: () => at,
    });

  assert.deepEqual(await run(start), { warned: 2, deleted: 0 });
  const first = await smtp.lastMailTo('idle@example.org');
  assert.equal(first.decoded('subject'), 'Ihr Bürgerkonto wird bald gelöscht');
  assert.match(first.body, /am 27\. Dezember 2026/);
  assert.equal(smtp.received.filter((m) => m.rcptTo.includes('active@example.org')).length, 0);

  assert.deepEqual(
    await run(new Date(start.getTime() + 1 * DAY)),
    { warned: 0, deleted: 0 },
    'not again the next day',
  );

  // The owner of one account signs in: its warnings are void.
  await owner
    .updateTable('account')
    .set({
      last_login_at: new Date(start.getTime() + 3 * DAY),
      inactivity_warnings: 0,
      inactivity_warned_at: null,
    })
    .where('id', '=', comesBack.id)
    .execute();

  assert.deepEqual(await run(new Date(start.getTime() + 14 * DAY)), { warned: 1, deleted: 0 });
  assert.deepEqual(await run(new Date(start.getTime() + 28 * DAY)), { warned: 0, deleted: 1 });
  const left = await owner.selectFrom('account').select('email').orderBy('email').execute();
  assert.deepEqual(
    left.map((a) => a.email),
    ['active@example.org', 'back@example.org'],
  );
  assert.equal(
    smtp.received.filter((m) => m.rcptTo.includes('idle@example.org')).length,
    2,
    'exactly two warnings',
  );
  const events = await owner
    .selectFrom('security_event')
    .select(['kind', 'account_id'])
    .where('kind', '=', 'account.deleted_inactive')
    .execute();
  assert.deepEqual(events, [{ kind: 'account.deleted_inactive', account_id: null }]);
});

test('a mail server outage delays the warning instead of skipping it', async (t) => {
  const { db, owner } = await createTestDatabase(t);
  const { verbundId } = await seedDemo(owner);
  const old = new Date('2020-01-01T00:00:00Z');
  await owner
    .insertInto('account')
    .values({
      verbund_id: verbundId,
      email: 'k@example.org',
      password_hash: 'x',
      privacy_version: 't',
      privacy_accepted_at: old,
      last_login_at: old,
    })
    .execute();
  const failing = {
    send: async () => {
      throw new Error('smtp down');
    },
  };
  await assert.rejects(
    runInactivityCleanup({
      db,
      mailer: failing,
      publicUrl: 'http://p',
      verbund: async () => ({ id: verbundId, name: 'V' }),
    }),
    /smtp down/,
  );
  const account = await owner
    .selectFrom('account')
    .select(['inactivity_warnings'])
    .executeTakeFirstOrThrow();
  assert.equal(account.inactivity_warnings, 0);
});
