// Envelope encryption of application answers and attachments (ADR 0012). Every application has
// its own random data key; the data is sealed with it (AES-256-GCM), and the data key is stored
// wrapped by a Verbund key from the configuration (the key-encryption key, KEK) together with that
// key's id. Rotating the Verbund key re-wraps 61-byte data keys instead of re-encrypting every
// answer and file, and a stolen database dump without the configuration reveals nothing.
//
// Additional authenticated data binds each ciphertext to its application and purpose and each
// wrapped key to its application, so rows swapped or copied in the database fail to open
// instead of showing one citizen's answers under another's application.
import {
  createCipheriv,
  createDecipheriv,
  createSecretKey,
  type KeyObject,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/** The Verbund keys: all of them unwrap, the active one wraps new data keys. */
export type Keyring = {
  readonly activeId: string;
  /** KeyObjects keep the bytes out of logs and JSON. */
  readonly keys: ReadonlyMap<string, KeyObject>;
};

/** A data key as stored beside the application: which Verbund key wrapped it, and the result. */
export type WrappedKey = {
  kekId: string;
  /** Format byte, 96-bit IV, 32-byte encrypted key, 128-bit tag: 61 bytes. */
  wrapped: Buffer;
};

/** An unwrapped data key, usable only for the application it was made for. */
export type DataKey = {
  readonly applicationId: string;
  readonly key: KeyObject;
};

/** Stored per Verbund key id, so a missing or replaced key is noticed at start, not at a read. */
export type KeyProbe = {
  kekId: string;
  probe: Buffer;
};

export class EnvelopeError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The data key names a Verbund key id that the configuration does not have. */
export class UnknownKeyError extends EnvelopeError {
  kekId: string;
  constructor(kekId: string, keyring: Keyring, what: string) {
    super(
      `${what} was wrapped with application key "${kekId}", which APPLICATION_KEYS does not contain (it has ${listIds(keyring)}). Add "${kekId}" back to APPLICATION_KEYS from your key backup; keep it there until every data key has been re-wrapped.`,
    );
    this.kekId = kekId;
  }
}

/** Authentication failed: wrong key, changed bytes, or a ciphertext from another row. */
export class DecryptionError extends EnvelopeError {}

/** The configured keys do not match the probes stored in the database. One line per problem. */
export class KeyProbeError extends EnvelopeError {
  problems: string[];
  constructor(problems: string[]) {
    super(
      `The application keys cannot read the stored data:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.problems = problems;
  }
}

const FORMAT = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;
const ALGORITHM = 'aes-256-gcm';
const PROBE_TEXT = Buffer.from('Rathausnetz application key probe');

// JSON arrays keep the parts apart: no id or purpose can be crafted to look like another pair.
const dataAad = (applicationId: string, purpose: string) =>
  Buffer.from(JSON.stringify(['rathausnetz/application-data/1', applicationId, purpose]));
const keyAad = (kekId: string, applicationId: string) =>
  Buffer.from(JSON.stringify(['rathausnetz/data-key/1', kekId, applicationId]));
const probeAad = (kekId: string) => Buffer.from(JSON.stringify(['rathausnetz/key-probe/1', kekId]));

/** A fresh data key for a new application, and its wrapped form to store. */
export function newDataKey(
  keyring: Keyring,
  applicationId: string,
): { dataKey: DataKey; wrappedKey: WrappedKey } {
  const bytes = randomBytes(KEY_BYTES);
  try {
    const wrappedKey = wrapBytes(keyring, applicationId, bytes);
    return { dataKey: { applicationId, key: createSecretKey(bytes) }, wrappedKey };
  } finally {
    bytes.fill(0);
  }
}

export function unwrapDataKey(
  keyring: Keyring,
  applicationId: string,
  wrappedKey: WrappedKey,
): DataKey {
  const bytes = unwrapBytes(keyring, applicationId, wrappedKey);
  try {
    return { applicationId, key: createSecretKey(bytes) };
  } finally {
    bytes.fill(0);
  }
}

/**
 * The same data key wrapped by the active Verbund key: after a rotation every stored wrapped key
 * goes through this once, and the answers and files stay untouched.
 */
export function rewrap(
  keyring: Keyring,
  applicationId: string,
  wrappedKey: WrappedKey,
): WrappedKey {
  if (wrappedKey.kekId === keyring.activeId) return wrappedKey;
  const bytes = unwrapBytes(keyring, applicationId, wrappedKey);
  try {
    return wrapBytes(keyring, applicationId, bytes);
  } finally {
    bytes.fill(0);
  }
}

/**
 * Encrypts answers or a file of the data key's application. `purpose` names the slot the bytes
 * belong in, e.g. 'answers' or `attachment:${attachmentId}`: opening needs the same purpose.
 */
export function seal(dataKey: DataKey, purpose: string, plaintext: Uint8Array | string): Buffer {
  return encrypt(dataKey.key, dataAad(dataKey.applicationId, purpose), plaintext);
}

export function unseal(dataKey: DataKey, purpose: string, sealed: Buffer): Buffer {
  const plain = decrypt(dataKey.key, dataAad(dataKey.applicationId, purpose), sealed);
  if (plain === undefined) {
    throw new DecryptionError(
      `The ${purpose} of application ${dataKey.applicationId} cannot be decrypted: the stored bytes were changed or belong to another application or purpose.`,
    );
  }
  return plain;
}

/** A probe for one Verbund key (the active one unless named), to store when the key is new. */
export function createProbe(keyring: Keyring, kekId: string = keyring.activeId): KeyProbe {
  const kek = keyring.keys.get(kekId);
  if (kek === undefined) throw new UnknownKeyError(kekId, keyring, 'The key probe');
  return { kekId, probe: encrypt(kek, probeAad(kekId), PROBE_TEXT) };
}

/** Throws KeyProbeError unless the configured key of that id opens the probe. */
export function verifyProbe(keyring: Keyring, probe: KeyProbe): void {
  const problem = probeProblem(keyring, probe);
  if (problem !== undefined) throw new KeyProbeError([problem]);
}

/**
 * Checks every stored probe at start and names every problem at once. Returns the configured key
 * ids that have no probe yet: the caller stores a probe for each (createProbe).
 */
export function verifyProbes(keyring: Keyring, probes: readonly KeyProbe[]): string[] {
  const problems = probes
    .map((probe) => probeProblem(keyring, probe))
    .filter((p): p is string => p !== undefined);
  if (problems.length > 0) throw new KeyProbeError(problems);
  const probed = new Set(probes.map((p) => p.kekId));
  return [...keyring.keys.keys()].filter((id) => !probed.has(id));
}

function probeProblem(keyring: Keyring, { kekId, probe }: KeyProbe): string | undefined {
  const kek = keyring.keys.get(kekId);
  if (kek === undefined) {
    return `APPLICATION_KEYS has no key "${kekId}", but the database holds data keys wrapped with it (configured: ${listIds(keyring)}). Add "${kekId}:<its base64 value>" from your key backup to APPLICATION_KEYS. Without it the applications stored under it cannot be read.`;
  }
  const plain = decrypt(kek, probeAad(kekId), probe);
  if (plain === undefined || !sameBytes(plain, PROBE_TEXT)) {
    return `APPLICATION_KEYS key "${kekId}" is not the key that was in use when the database stored its probe: its value was changed or mistyped. Restore the original value of "${kekId}" from your key backup. To introduce a new key, add it under a new id instead of reusing "${kekId}".`;
  }
  return undefined;
}

function wrapBytes(keyring: Keyring, applicationId: string, bytes: Buffer): WrappedKey {
  const kekId = keyring.activeId;
  const kek = keyring.keys.get(kekId);
  if (kek === undefined) throw new UnknownKeyError(kekId, keyring, 'The active key');
  return { kekId, wrapped: encrypt(kek, keyAad(kekId, applicationId), bytes) };
}

function unwrapBytes(keyring: Keyring, applicationId: string, { kekId, wrapped }: WrappedKey) {
  const kek = keyring.keys.get(kekId);
  if (kek === undefined) {
    throw new UnknownKeyError(kekId, keyring, `The data key of application ${applicationId}`);
  }
  const bytes = decrypt(kek, keyAad(kekId, applicationId), wrapped);
  if (bytes === undefined || bytes.length !== KEY_BYTES) {
    throw new DecryptionError(
      `The data key of application ${applicationId} cannot be unwrapped with application key "${kekId}": the stored key was changed, belongs to another application, or "${kekId}" in APPLICATION_KEYS has the wrong value.`,
    );
  }
  return bytes;
}

function encrypt(key: KeyObject, aad: Buffer, plaintext: Uint8Array | string): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const body =
    typeof plaintext === 'string' ? cipher.update(plaintext, 'utf8') : cipher.update(plaintext);
  return Buffer.concat([Buffer.of(FORMAT), iv, body, cipher.final(), cipher.getAuthTag()]);
}

/** undefined when the bytes do not authenticate: callers say what it was. */
function decrypt(key: KeyObject, aad: Buffer, sealed: Buffer): Buffer | undefined {
  if (sealed.length < 1 + IV_BYTES + TAG_BYTES || sealed[0] !== FORMAT) return undefined;
  const iv = sealed.subarray(1, 1 + IV_BYTES);
  const body = sealed.subarray(1 + IV_BYTES, sealed.length - TAG_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  try {
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    return undefined;
  }
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function listIds(keyring: Keyring): string {
  return [...keyring.keys.keys()].map((id) => `"${id}"`).join(', ');
}

const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]|[A-Za-z0-9_-])+={0,2}$/;
const GENERATE_HINT = 'openssl rand -base64 32';

/**
 * APPLICATION_KEYS="2026a:<base64>,2026b:<base64>" and the optional APPLICATION_KEY_ACTIVE (else
 * the first key wraps). Problems are phrased like src/config.ts's, and never quote key material.
 */
export function parseApplicationKeys(
  keys: string | undefined,
  active: string | undefined,
): { keyring: Keyring | undefined; problems: string[] } {
  const problems: string[] = [];
  const activeId = active?.trim() || undefined;
  const entries = (keys ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  if (entries.length === 0) {
    if (activeId !== undefined) {
      problems.push(`APPLICATION_KEY_ACTIVE is "${activeId}" but APPLICATION_KEYS is not set`);
    }
    return { keyring: undefined, problems };
  }
  const parsed = new Map<string, Buffer>();
  entries.forEach((entry, index) => {
    const colon = entry.indexOf(':');
    if (colon < 0) {
      problems.push(
        `APPLICATION_KEYS entry ${index + 1} must look like id:base64key, e.g. 2026a:<output of ${GENERATE_HINT}>`,
      );
      return;
    }
    const id = entry.slice(0, colon).trim();
    const value = entry.slice(colon + 1).trim();
    if (!KEY_ID.test(id)) {
      problems.push(
        `APPLICATION_KEYS entry ${index + 1}: the key id must be 1 to 32 letters, digits, ".", "_" or "-", starting with a letter or digit (got "${id.slice(0, 40)}")`,
      );
      return;
    }
    if (parsed.has(id)) {
      problems.push(`APPLICATION_KEYS names key "${id}" twice; every key needs its own id`);
      return;
    }
    const bytes = BASE64.test(value) ? Buffer.from(value, 'base64') : undefined;
    if (bytes === undefined) {
      problems.push(
        `APPLICATION_KEYS key "${id}" is not base64 (create one with ${GENERATE_HINT})`,
      );
      return;
    }
    if (bytes.length !== KEY_BYTES) {
      problems.push(
        `APPLICATION_KEYS key "${id}" must be 32 bytes (256 bits) in base64, it has ${bytes.length} (create one with ${GENERATE_HINT})`,
      );
      return;
    }
    for (const [otherId, other] of parsed) {
      if (other.equals(bytes)) {
        problems.push(
          `APPLICATION_KEYS keys "${otherId}" and "${id}" have the same value; a new key needs new random bytes`,
        );
      }
    }
    parsed.set(id, bytes);
  });
  const firstId = parsed.keys().next().value;
  const chosen = activeId ?? firstId;
  if (activeId !== undefined && !parsed.has(activeId) && problems.length === 0) {
    problems.push(
      `APPLICATION_KEY_ACTIVE is "${activeId}" but APPLICATION_KEYS has no key with that id (it has ${[...parsed.keys()].map((id) => `"${id}"`).join(', ')})`,
    );
  }
  if (problems.length > 0 || chosen === undefined) {
    for (const bytes of parsed.values()) bytes.fill(0);
    return { keyring: undefined, problems };
  }
  const keyring: Keyring = {
    activeId: chosen,
    keys: new Map([...parsed].map(([id, bytes]) => [id, createSecretKey(bytes)])),
  };
  for (const bytes of parsed.values()) bytes.fill(0);
  return { keyring, problems };
}
