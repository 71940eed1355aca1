import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { inspect } from 'node:util';
import { ConfigError, loadConfig } from '../config.ts';
import {
  createProbe,
  DecryptionError,
  KeyProbeError,
  type Keyring,
  newDataKey,
  parseApplicationKeys,
  rewrap,
  seal,
  UnknownKeyError,
  unseal,
  unwrapDataKey,
  verifyProbe,
  verifyProbes,
  type WrappedKey,
} from './envelope.ts';

const KEY_A = randomBytes(32).toString('base64');
const KEY_B = randomBytes(32).toString('base64');

function keyring(keys: string, active?: string): Keyring {
  const { keyring, problems } = parseApplicationKeys(keys, active);
  assert.deepEqual(problems, []);
  assert.ok(keyring);
  return keyring;
}

const answers = JSON.stringify({
  veranstalter: 'Schützenverein Grün-Weiß Spelle e. V.',
  anschrift: 'Großer Esch 7\n48480 Spelle',
});

/** One bit flipped at `index` (negative counts from the end), as a corrupted disk or an attacker would. */
function flipped(bytes: Buffer, index: number): Buffer {
  const copy = Buffer.from(bytes);
  const at = index < 0 ? copy.length + index : index;
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
}

test('answers and a file sealed with a new data key open again after a round trip through storage', () => {
  const ring = keyring(`2026a:${KEY_A}`);
  const applicationId = randomUUID();
  const { dataKey, wrappedKey } = newDataKey(ring, applicationId);
  const file = randomBytes(256 * 1024);
  const sealedAnswers = seal(dataKey, 'answers', answers);
  const sealedFile = seal(dataKey, 'attachment:lageplan', file);

  // What the database holds: the wrapped key (61 bytes) with its key id, and ciphertexts.
  const stored = { kekId: wrappedKey.kekId, wrapped: Buffer.from(wrappedKey.wrapped) };
  assert.equal(stored.kekId, '2026a');
  assert.equal(stored.wrapped.length, 61);
  assert.ok(!sealedAnswers.toString('latin1').includes('Schützenverein'));
  assert.ok(!sealedAnswers.toString('utf8').includes('Spelle'));

  const reopened = unwrapDataKey(ring, applicationId, stored);
  assert.equal(unseal(reopened, 'answers', sealedAnswers).toString('utf8'), answers);
  assert.ok(unseal(reopened, 'attachment:lageplan', sealedFile).equals(file));
  assert.notDeepEqual(seal(dataKey, 'answers', answers), sealedAnswers, 'a fresh IV every time');
  assert.notDeepEqual(
    newDataKey(ring, applicationId).wrappedKey.wrapped,
    stored.wrapped,
    'a fresh data key per application',
  );
});

test('any change to ciphertext, IV, tag or wrapped key, or a swapped row, is detected', () => {
  const ring = keyring(`2026a:${KEY_A}`);
  const first = randomUUID();
  const second = randomUUID();
  const a = newDataKey(ring, first);
  const b = newDataKey(ring, second);
  const sealed = seal(a.dataKey, 'answers', answers);

  for (const [what, bytes] of [
    ['format byte', flipped(sealed, 0)],
    ['IV', flipped(sealed, 5)],
    ['ciphertext', flipped(sealed, 20)],
    ['tag', flipped(sealed, -1)],
    ['truncated', sealed.subarray(0, sealed.length - 1)],
    ['empty', Buffer.alloc(0)],
  ] as const) {
    assert.throws(() => unseal(a.dataKey, 'answers', bytes), DecryptionError, what);
  }
  // The same bytes in another slot of the same application, or under another application.
  assert.throws(() => unseal(a.dataKey, 'attachment:1', sealed), DecryptionError, 'purpose');
  assert.throws(() => unseal(b.dataKey, 'answers', sealed), DecryptionError, 'other application');
  // Application B's row given application A's wrapped key: its id is in the AAD.
  assert.throws(() => unwrapDataKey(ring, second, a.wrappedKey), DecryptionError);
  assert.throws(
    () =>
      unwrapDataKey(ring, first, { ...a.wrappedKey, wrapped: flipped(a.wrappedKey.wrapped, 30) }),
    (error: unknown) =>
      error instanceof DecryptionError &&
      error.message.includes(first) &&
      error.message.includes('"2026a"'),
  );
  assert.equal(
    unseal(unwrapDataKey(ring, first, a.wrappedKey), 'answers', sealed).toString(),
    answers,
    'the untouched row still opens',
  );
});

test('a wrapped key naming a key id that is not configured, or another one, fails clearly', () => {
  const ring = keyring(`2026a:${KEY_A},2026b:${KEY_B}`);
  const applicationId = randomUUID();
  const { wrappedKey } = newDataKey(ring, applicationId);
  assert.throws(
    () => unwrapDataKey(ring, applicationId, { ...wrappedKey, kekId: '2025z' }),
    (error: unknown) =>
      error instanceof UnknownKeyError &&
      error.kekId === '2025z' &&
      /application key "2025z", which APPLICATION_KEYS does not contain \(it has "2026a", "2026b"\)/.test(
        error.message,
      ) &&
      error.message.includes('key backup'),
  );
  assert.throws(
    () => unwrapDataKey(ring, applicationId, { ...wrappedKey, kekId: '2026b' }),
    DecryptionError,
    'relabelled to another configured key',
  );
});

test('after a rotation old applications still open, new ones use the new key, rewrap moves old keys', () => {
  const before = keyring(`2026a:${KEY_A}`);
  const oldId = randomUUID();
  const old = newDataKey(before, oldId);
  const oldAnswers = seal(old.dataKey, 'answers', answers);

  // The operator adds a new key in front; the old one stays to unwrap.
  const after = keyring(`2026b:${KEY_B},2026a:${KEY_A}`);
  assert.equal(after.activeId, '2026b');
  assert.equal(
    unseal(unwrapDataKey(after, oldId, old.wrappedKey), 'answers', oldAnswers).toString(),
    answers,
  );
  const newId = randomUUID();
  assert.equal(newDataKey(after, newId).wrappedKey.kekId, '2026b');
  // APPLICATION_KEY_ACTIVE can name the active key regardless of order.
  assert.equal(keyring(`2026a:${KEY_A},2026b:${KEY_B}`, '2026b').activeId, '2026b');

  const rewrapped: WrappedKey = rewrap(after, oldId, old.wrappedKey);
  assert.equal(rewrapped.kekId, '2026b');
  assert.equal(rewrap(after, oldId, rewrapped), rewrapped, 'already under the active key');

  // Once every key is re-wrapped the old key can go; the data itself was never rewritten.
  const onlyNew = keyring(`2026b:${KEY_B}`);
  assert.equal(
    unseal(unwrapDataKey(onlyNew, oldId, rewrapped), 'answers', oldAnswers).toString(),
    answers,
  );
  assert.throws(() => unwrapDataKey(onlyNew, oldId, old.wrappedKey), UnknownKeyError);
});

test('probes pass with the right keys and name the key and the remedy when one is gone or changed', () => {
  const ring = keyring(`2026a:${KEY_A},2026b:${KEY_B}`);
  const probeA = createProbe(ring);
  assert.equal(probeA.kekId, '2026a', 'the active key unless one is named');
  const probeB = createProbe(ring, '2026b');
  verifyProbe(ring, probeA);
  verifyProbe(ring, probeB);
  assert.deepEqual(verifyProbes(ring, [probeA]), ['2026b'], 'a configured key without probe yet');
  assert.deepEqual(verifyProbes(ring, [probeA, probeB]), []);

  const changed = keyring(`2026a:${randomBytes(32).toString('base64')},2026b:${KEY_B}`);
  assert.throws(
    () => verifyProbe(changed, probeA),
    (error: unknown) =>
      error instanceof KeyProbeError &&
      error.problems.length === 1 &&
      error.problems[0]?.startsWith('APPLICATION_KEYS key "2026a" is not the key') === true &&
      /Restore the original value of "2026a"/.test(error.message),
  );

  const lost = keyring(`2026c:${randomBytes(32).toString('base64')}`);
  assert.throws(
    () => verifyProbes(lost, [probeA, probeB]),
    (error: unknown) => {
      assert.ok(error instanceof KeyProbeError);
      assert.equal(error.problems.length, 2, 'every missing key named at once');
      assert.match(
        error.problems[0] ?? '',
        /APPLICATION_KEYS has no key "2026a".*configured: "2026c"/,
      );
      assert.match(error.problems[1] ?? '', /no key "2026b"/);
      assert.match(error.message, /from your key backup/);
      return true;
    },
  );
  assert.throws(() => verifyProbe(ring, { kekId: '2026b', probe: probeA.probe }), KeyProbeError);
  assert.throws(
    () => verifyProbe(ring, { ...probeA, probe: flipped(probeA.probe, 15) }),
    KeyProbeError,
  );
  assert.throws(() => createProbe(ring, 'nope'), UnknownKeyError);
});

test('APPLICATION_KEYS: one clear problem per mistake, and never the key material', () => {
  const short = randomBytes(16).toString('base64');
  const cases: [string, string | undefined, RegExp][] = [
    [`2026a${KEY_A}`, undefined, /entry 1 must look like id:base64key/],
    [`2026a:${KEY_A},:${KEY_B}`, undefined, /entry 2: the key id must be 1 to 32 letters/],
    [`2026 a:${KEY_A}`, undefined, /key id must be .* \(got "2026 a"\)/],
    [`2026a:${KEY_A},2026a:${KEY_B}`, undefined, /names key "2026a" twice/],
    ['2026a:not*base64!', undefined, /key "2026a" is not base64/],
    [`2026a:${short}`, undefined, /key "2026a" must be 32 bytes \(256 bits\) in base64, it has 16/],
    [`2026a:${KEY_A},2026b:${KEY_A}`, undefined, /keys "2026a" and "2026b" have the same value/],
    [`2026a:${KEY_A}`, '2027', /APPLICATION_KEY_ACTIVE is "2027" but .* \(it has "2026a"\)/],
    ['', '2026a', /APPLICATION_KEY_ACTIVE is "2026a" but APPLICATION_KEYS is not set/],
  ];
  for (const [keys, active, expected] of cases) {
    const { keyring, problems } = parseApplicationKeys(keys, active);
    assert.equal(keyring, undefined, keys);
    assert.equal(problems.length, 1, `${keys}: ${problems.join(' | ')}`);
    assert.match(problems[0] ?? '', expected);
    for (const secret of [KEY_A, KEY_B, short]) {
      assert.ok(!(problems[0] ?? '').includes(secret), 'the message never quotes a key');
    }
  }
  assert.deepEqual(parseApplicationKeys(undefined, undefined), {
    keyring: undefined,
    problems: [],
  });

  const spaced = parseApplicationKeys(
    ` 2026a : ${KEY_A} , 2026b:${Buffer.from(KEY_B, 'base64').toString('base64url')} `,
    undefined,
  );
  assert.deepEqual(spaced.problems, []);
  assert.equal(spaced.keyring?.activeId, '2026a', 'the first key wraps unless one is named');
  assert.deepEqual([...(spaced.keyring?.keys.keys() ?? [])], ['2026a', '2026b']);
  const printed = `${inspect(spaced.keyring, { depth: 5 })}${JSON.stringify(spaced.keyring)}`;
  assert.ok(!printed.includes(KEY_A.slice(0, 12)), 'logging the keyring shows no key');
});

function tempDir(t: { after(fn: () => void): void }) {
  const dir = mkdtempSync(join(tmpdir(), 'rathausnetz-keys-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('development keeps one generated application key in the data folder across starts', (t) => {
  const cwd = tempDir(t);
  const first = loadConfig({}, cwd).applicationKeys;
  const file = join(cwd, 'data', 'secrets', 'application-key');
  assert.equal(first.activeId, 'dev');
  assert.equal(statSync(file).mode % 0o1000, 0o600);
  const applicationId = randomUUID();
  const { dataKey, wrappedKey } = newDataKey(first, applicationId);
  const sealed = seal(dataKey, 'answers', answers);
  const second = loadConfig({}, cwd).applicationKeys;
  assert.equal(
    unseal(unwrapDataKey(second, applicationId, wrappedKey), 'answers', sealed).toString(),
    answers,
  );
});

test('configuration names a bad APPLICATION_KEYS and writes nothing', (t) => {
  const cwd = tempDir(t);
  assert.throws(
    () => loadConfig({ APPLICATION_KEYS: '2026a:c2hvcnQ=' }, cwd),
    (error: unknown) =>
      error instanceof ConfigError &&
      error.problems.some((p) => p.startsWith('APPLICATION_KEYS key "2026a" must be 32 bytes')),
  );
  assert.equal(existsSync(join(cwd, 'data')), false);
  const configured = loadConfig(
    { APPLICATION_KEYS: `2026a:${KEY_A},2026b:${KEY_B}`, APPLICATION_KEY_ACTIVE: '2026b' },
    cwd,
  );
  assert.equal(configured.applicationKeys.activeId, '2026b');
  assert.equal(existsSync(join(cwd, 'data', 'secrets', 'application-key')), false);
});
