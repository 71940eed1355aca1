// The start-up check of the Verbund keys against the probes in the database (ADR 0012).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import test from 'node:test';
import { createTestDatabase } from '../db/testing.ts';
import { KeyProbeError, parseApplicationKeys } from './envelope.ts';
import { ensureKeyProbes } from './key-probes.ts';

const key = () => randomBytes(32).toString('base64');
function keyring(spec: string) {
  const { keyring, problems } = parseApplicationKeys(spec, undefined);
  assert.deepEqual(problems, []);
  assert.ok(keyring);
  return keyring;
}

test('a changed, missing or added Verbund key is noticed at start', async (t) => {
  const { owner: db } = await createTestDatabase(t);
  const a = key();
  assert.deepEqual(await ensureKeyProbes(db, keyring(`2026a:${a}`)), ['2026a']);
  assert.deepEqual(await ensureKeyProbes(db, keyring(`2026a:${a}`)), [], 'the next start');

  // The same id with another value (mistyped, or replaced instead of rotated): refused.
  await assert.rejects(ensureKeyProbes(db, keyring(`2026a:${key()}`)), (error: unknown) => {
    assert.ok(error instanceof KeyProbeError);
    assert.match(error.message, /key "2026a" is not the key that was in use/);
    assert.doesNotMatch(error.message, new RegExp(a.slice(0, 12).replace(/[+/]/g, '.')));
    return true;
  });
  // A key that protected data left out of the configuration: refused, and says what to do.
  await assert.rejects(ensureKeyProbes(db, keyring(`2026b:${key()}`)), /has no key "2026a"/);

  // Rotation: a new active key next to the old one gets its probe; both are checked from then.
  const b = key();
  const rotated = parseApplicationKeys(`2026a:${a},2026b:${b}`, '2026b').keyring;
  assert.ok(rotated);
  assert.deepEqual(await ensureKeyProbes(db, rotated), ['2026b']);
  const stored = await db.selectFrom('encryption_key_probe').select('key_id').execute();
  assert.deepEqual(stored.map((r) => r.key_id).sort(), ['2026a', '2026b']);
});
