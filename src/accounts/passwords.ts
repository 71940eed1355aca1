import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { dictionary } from '@zxcvbn-ts/language-common';

// OWASP Password Storage Cheat Sheet, Argon2id: 19 MiB memory, 2 iterations, 1 lane.
// Algorithm is an ambient const enum, which type stripping cannot inline: 2 is Argon2id.
const ARGON2 = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 };
// Tests only: the smallest Argon2id the library allows. Each hash or verification at the real
// cost takes 30–100 ms of a core; the test suite does over a thousand (accounts made for
// every Postfach, form and sign-in test). A hash records its parameters, so verifying follows
// whatever made the hash.
const TEST_ARGON2 = { ...ARGON2, memoryCost: 1024, timeCost: 1 };

let parameters = ARGON2;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

// 49,000 passwords seen most often in breaches (zxcvbn-ts common list, MIT), lower-cased.
const COMMON = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
// German favourites the English-centred list misses.
for (const p of [
  'passwort',
  'hallo',
  'schatz',
  'geheim',
  'sommer',
  'winter',
  'fussball',
  'emsland',
]) {
  COMMON.add(p);
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, parameters);
}

/**
 * A hash of nothing anyone knows: verifying against it costs what a real check costs. Made at
 * load (and again when tests change the cost), so the first unknown address costs no more.
 */
const dummyHash = () => hash('rathausnetz-no-such-account', parameters);
let DUMMY = dummyHash();

/**
 * Test setup helpers only (src/app/testing.ts, src/accounts/testing.ts): `cheap` hashes and
 * verifies in about a millisecond; a test that measures the cost of a sign-in sets
 * `production` again. Refused when NODE_ENV is production, so a stray call cannot weaken the
 * portal's hashes.
 */
export function usePasswordCostForTests(cost: 'cheap' | 'production'): void {
  if (process.env.NODE_ENV === 'production') {
    throw new Error('cheap password hashing is for tests only');
  }
  parameters = cost === 'cheap' ? TEST_ARGON2 : ARGON2;
  DUMMY = dummyHash();
}

/** Verifies, or spends the same time on a dummy hash when there is no account. */
export async function verifyPassword(
  storedHash: string | undefined,
  password: string,
): Promise<boolean> {
  if (storedHash === undefined) {
    await verify(await DUMMY, password).catch(() => false);
    return false;
  }
  return verify(storedHash, password).catch(() => false);
}

export type PasswordProblem = 'tooShort' | 'tooLong' | 'common' | 'containsEmail';

/**
 * NIST SP 800-63B: length and a block list, no composition rules. "Common" also catches a
 * common password with digits or punctuation bolted on ("Passwort2024!!") or repeated.
 */
export function passwordProblem(password: string, email: string): PasswordProblem | undefined {
  if ([...password].length < PASSWORD_MIN_LENGTH) return 'tooShort';
  if ([...password].length > PASSWORD_MAX_LENGTH) return 'tooLong';
  const lower = password.toLowerCase();
  const core = lower.replace(/[\d\W_]+$/u, '').replace(/^[\d\W_]+/u, '');
  if (COMMON.has(lower) || COMMON.has(core) || new Set(lower).size <= 3) return 'common';
  for (const word of [core.slice(0, core.length / 2), core]) {
    if (
      word.length >= 4 &&
      word.repeat(Math.ceil(core.length / word.length)).startsWith(core) &&
      COMMON.has(word)
    ) {
      return 'common';
    }
  }
  const local = email.toLowerCase().split('@')[0] ?? '';
  if (local.length >= 4 && lower.includes(local)) return 'containsEmail';
  return undefined;
}
