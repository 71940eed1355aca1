// The worker's purge of federated sign-in's short-lived rows, on both engines as the runtime
// role: what expired more than the grace ago goes (above all a pending link with a person's
// attributes), what is still valid or only just expired stays.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import test from 'node:test';
import { createTestDatabase } from '../db/testing.ts';
import { seedDemo } from '../tenancy/seed.ts';
import { EXPIRED_GRACE_MS, purgeExpiredIdentityRows } from './expired.ts';
import { connectTestIdp } from './testing.ts';

const key = () => randomBytes(32).toString('base64url');
const requestId = () => `_${randomBytes(20).toString('hex')}`;

test('expired sign-in states, assertion ids, pending links and logout requests are purged', async (t) => {
  const database = await createTestDatabase(t);
  const owner = database.owner;
  const { verbundId } = await seedDemo(owner);
  await connectTestIdp(owner, verbundId);
  const provider = await owner
    .selectFrom('identity_provider')
    .select('id')
    .where('slug', '=', 'bundid')
    .executeTakeFirstOrThrow();
  const now = new Date('2026-12-04T12:00:00Z');
  const at = (ms: number) => new Date(now.getTime() + ms);
  // Long expired, expired within the grace, still valid.
  const ages = [at(-2 * EXPIRED_GRACE_MS), at(-EXPIRED_GRACE_MS / 2), at(10 * 60_000)];

  for (const expires_at of ages) {
    await owner
      .insertInto('identity_login_state')
      .values({
        state_hash: key(),
        verbund_id: verbundId,
        provider_id: provider.id,
        request_id: requestId(),
        code_verifier: null,
        requested_level: 'substantial',
        return_to: '/konto',
        session_hash: null,
        expires_at,
      })
      .execute();
    await owner
      .insertInto('identity_assertion_seen')
      .values({ provider_id: provider.id, assertion_id: requestId(), expires_at })
      .execute();
    await owner
      .insertInto('identity_pending_link')
      .values({
        token_hash: key(),
        verbund_id: verbundId,
        provider_id: provider.id,
        subject_key: key(),
        trust_level: 'substantial',
        attributes: JSON.stringify({ givenName: 'Erika', birthDate: '1964-08-12' }),
        return_to: '/konto',
        expires_at,
      })
      .execute();
    await owner
      .insertInto('identity_logout_request')
      .values({
        request_id: requestId(),
        verbund_id: verbundId,
        provider_id: provider.id,
        state_hash: key(),
        expires_at,
      })
      .execute();
  }

  const purged = await purgeExpiredIdentityRows(database.db, now);
  assert.deepEqual(purged, { loginStates: 1, assertions: 1, pendingLinks: 1, logoutRequests: 1 });
  for (const table of [
    'identity_login_state',
    'identity_assertion_seen',
    'identity_pending_link',
    'identity_logout_request',
  ] as const) {
    const left = await owner.selectFrom(table).select('expires_at').execute();
    assert.deepEqual(
      left.map((r) => r.expires_at.toISOString()).sort(),
      ages.slice(1).map((d) => d.toISOString()),
      `${table}: only what is valid or just expired is left`,
    );
  }
  // Nothing more to do a second time.
  assert.deepEqual(await purgeExpiredIdentityRows(database.db, now), {
    loginStates: 0,
    assertions: 0,
    pendingLinks: 0,
    logoutRequests: 0,
  });
});
