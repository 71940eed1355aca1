// The worker's clean-up of expired drafts, run as the scheduler runs it (src/app/worker.ts),
// against a clock the test moves: a draft goes 30 days after its last save, not before, with
// everything that hangs off it. PGlite or PostgreSQL (DATABASE_URL).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import test from 'node:test';
import { sql } from 'kysely';
import { PRIVACY_VERSION } from '../accounts/sign-in/service.ts';
import { testKeyring, testServices } from '../app/testing.ts';
import { workerJobs } from '../app/worker.ts';
import { seedCatalogDemo } from '../catalog/seed.ts';
import { createTestDatabase } from '../db/testing.ts';
import { seedDemo } from '../tenancy/seed.ts';
import { createTenancy } from '../tenancy/service.ts';
import { createDrafts, DRAFT_LIFETIME_DAYS } from './service.ts';

const OSTERFEUER = '99063010000000';
const MAENGEL = '99089014014000';
const SOEGEL = '03454047';
const DAY_MS = 24 * 60 * 60 * 1000;

test('the worker deletes drafts 30 days after their last save, and only those', async (t) => {
  const database = await createTestDatabase(t);
  const db = database.owner;
  const { verbundId } = await seedDemo(database.owner);
  await seedCatalogDemo(database.owner, verbundId);
  let clock = new Date('2027-03-01T08:00:00Z');
  const later = (days: number) => {
    clock = new Date(clock.getTime() + days * DAY_MS);
  };
  const tenancy = createTenancy(db);
  const keyring = testKeyring();
  const drafts = createDrafts({ db, tenancy, keyring, now: () => clock });
  const job = workerJobs(
    testServices(database, { send: async () => {} }, { keyring, tenancy, now: () => clock }),
  ).find((j) => j.name === 'forms.expired-drafts');
  assert.ok(job, 'the worker has the clean-up job');

  const { id: accountId } = await db
    .insertInto('account')
    .values({
      verbund_id: verbundId,
      email: 'osterfeuer@example.org',
      password_hash: 'not used here',
      email_verified_at: clock,
      privacy_version: PRIVACY_VERSION,
      privacy_accepted_at: clock,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const startDraft = async (leikaKey: string, owner: Parameters<typeof drafts.start>[1]) => {
    const outcome = await drafts.start(leikaKey, owner, { ags: SOEGEL });
    assert.equal(outcome.kind, 'draft');
    return outcome.kind === 'draft' ? outcome.draft.id : '';
  };
  const anonymous = { anonymousKey: randomBytes(32).toString('base64url') };
  const citizens = await startDraft(OSTERFEUER, { accountId });
  const browsers = await startDraft(MAENGEL, anonymous);
  later(20);
  const newer = await startDraft(MAENGEL, { anonymousKey: randomBytes(32).toString('base64url') });
  const remaining = async () =>
    (await db.selectFrom('draft').select('id').execute()).map((r) => r.id).sort();

  // Day 29 after the first two: nothing is due, nothing goes.
  later(DRAFT_LIFETIME_DAYS - 21);
  assert.equal(await job.run(), 0);
  assert.equal((await drafts.list({ accountId })).length, 1, 'still listed with a day to go');

  // Day 31: the two old ones go, in the account and in the anonymous browser alike.
  later(2);
  assert.equal(await job.run(), 2);
  assert.deepEqual(await remaining(), [newer]);
  assert.deepEqual(await drafts.list({ accountId }), []);
  await assert.rejects(drafts.load({ accountId }, citizens));
  await assert.rejects(drafts.load(anonymous, browsers));
  // A second run finds nothing more to do.
  assert.equal(await job.run(), 0);

  // Rows that hang off a draft (e.g. its uploads) must neither keep it nor outlive it: every
  // foreign key onto draft cascades, so the same delete removes them.
  const { rows } = await sql<{ table: string; rule: string }>`
    select tc.table_name as table, rc.delete_rule as rule
      from information_schema.referential_constraints rc
      join information_schema.table_constraints tc
        on tc.constraint_name = rc.constraint_name and tc.constraint_schema = rc.constraint_schema
      join information_schema.constraint_column_usage cu
        on cu.constraint_name = rc.unique_constraint_name
       and cu.constraint_schema = rc.unique_constraint_schema
     where cu.table_name = 'draft'`.execute(db);
  for (const { table, rule } of rows) {
    assert.equal(rule, 'CASCADE', `${table} refers to draft without on delete cascade`);
  }
});
