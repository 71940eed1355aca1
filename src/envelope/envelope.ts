// Envelope encryption (ADR 0012), for every domain that stores what citizens wrote: applications,
// drafts and their files, Postfach threads. Each such record (the key's *scope*: an application,
// a draft, a thread) has its own random data key; the data is sealed with it (AES-256-GCM), and
// the data key is stored wrapped by a Verbund key from the configuration (the key-encryption key,
// KEK) together with that key's id. Rotating the Verbund key re-wraps 61-byte data keys instead
// of re-encrypting every answer and file, and a stolen database dump without the configuration
// reveals nothing.
//
// Additional authenticated data binds each ciphertext to its scope and purpose and each wrapped
// key to its scope, so rows swapped or copied in the database fail to open instead of showing
// one citizen's answers under another's application, draft or thread.
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

/**
 * What a data key belongs to: an application's id as it is (the first scope, kept so stored
 * applications open as before), else `<kind>:<id>` from scopeOf (a uuid never holds a colon).
 */
export type Scope = string;

/** The scope of a data key held by a record other than an application. */
export function scopeOf(kind: 'draft' | 'mailbox_thread' | (string & {}), id: string): Scope {
  if (!/^[a-z][a-z0-9_]*$/.test(kind)) throw new Error(`not a scope kind: ${kind}`);
  return `${kind}:${id}`;
}

/** "application <id>", "draft <id>": what an error message calls the scope. */
function describeScope(scope: Scope): string {
  const colon = scope.indexOf(':');
  return colon < 0 ? `application ${scope}` : `${scope.slice(0, colon)} ${scope.slice(colon + 1)}`;
}

/** An unwrapped data key, usable only for the scope it was made for. */
export type DataKey = {
  readonly scope: Scope;
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
// The labels date from when only applications were sealed; the scope tells the records apart.
const dataAad = (scope: Scope, purpose: string) =>
  Buffer.from(JSON.stringify(['rathausnetz/application-data/1', scope, purpose]));
const keyAad = (kekId: string, scope: Scope) =>
  Buffer.from(JSON.stringify(['rathausnetz/data-key/1', kekId, scope]));
const probeAad = (kekId: string) => Buffer.from(JSON.stringify(['rathausnetz/key-probe/1', kekId]));

/** A fresh data key for a new application, draft or thread, and its wrapped form to store. */
export function newDataKey(
  keyring: Keyring,
  scope: Scope,
): { dataKey: DataKey; wrappedKey: WrappedKey } {
  const bytes = randomBytes(KEY_BYTES);
  try {
    const wrappedKey = wrapBytes(keyring, scope, bytes);
    return { dataKey: { scope, key: createSecretKey(bytes) }, wrappedKey };
  } finally {
    bytes.fill(0);
  }
}

export function unwrapDataKey(keyring: Keyring, scope: Scope, wrappedKey: WrappedKey): DataKey {
  const bytes = unwrapBytes(keyring, scope, wrappedKey);
  try {
    return { scope, key: createSecretKey(bytes) };
  } finally {
    bytes.fill(0);
  }
}

/**
 * The same data key wrapped by the active Verbund key: after a rotation every stored wrapped key
 * goes through this once, and the answers and files stay untouched.
 */
export function rewrap(keyring: Keyring, scope: Scope, wrappedKey: WrappedKey): WrappedKey {
  if (wrappedKey.kekId === keyring.activeId) return wrappedKey;
  const bytes = unwrapBytes(keyring, scope, wrappedKey);
  try {
    return wrapBytes(keyring, scope, bytes);
  } finally {
    bytes.fill(0);
  }
}

/** Bytes a sealed value has beyond its plaintext: format byte, IV and tag. */
export const SEAL_OVERHEAD = 1 + IV_BYTES + TAG_BYTES;

/**
 * Encrypts answers or a file of the data key's scope. `purpose` names the slot the bytes
 * belong in, e.g. 'answers' or `attachment:${attachmentId}`: opening needs the same purpose.
 */
export function seal(dataKey: DataKey, purpose: string, plaintext: Uint8Array | string): Buffer {
  return encrypt(dataKey.key, dataAad(dataKey.scope, purpose), plaintext);
}

export function unseal(dataKey: DataKey, purpose: string, sealed: Uint8Array): Buffer {
  // bytea arrives as Buffer from pg and as Uint8Array from PGlite.
  const bytes = Buffer.isBuffer(sealed)
    ? sealed
    : Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  const plain = decrypt(dataKey.key, dataAad(dataKey.scope, purpose), bytes);
  if (plain === undefined) {
    throw new DecryptionError(
      `The ${purpose} of ${describeScope(dataKey.scope)} cannot be decrypted: the stored bytes were changed or belong to another record or purpose.`,
    );
  }
  return plain;
}

/** unseal as UTF-8 text. */
export function unsealText(dataKey: DataKey, purpose: string, sealed: Uint8Array): string {
  return unseal(dataKey, purpose, sealed).toString('utf8');
}

/**
 * The data key stored beside a record, as its row holds it (bytea arrives as Buffer from pg
 * and as Uint8Array from PGlite).
 */
export function openDataKey(
  keyring: Keyring,
  scope: Scope,
  row: { key_id: string; wrapped_key: Uint8Array },
): DataKey {
  return unwrapDataKey(keyring, scope, {
    kekId: row.key_id,
    wrapped: Buffer.from(row.wrapped_key),
  });
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

function wrapBytes(keyring: Keyring, scope: Scope, bytes: Buffer): WrappedKey {
  const kekId = keyring.activeId;
  const kek = keyring.keys.get(kekId);
  if (kek === undefined) throw new UnknownKeyError(kekId, keyring, 'The active key');
  return { kekId, wrapped: encrypt(kek, keyAad(kekId, scope), bytes) };
}

function unwrapBytes(keyring: Keyring, scope: Scope, { kekId, wrapped }: WrappedKey) {
  const kek = keyring.keys.get(kekId);
  if (kek === undefined) {
    throw new UnknownKeyError(kekId, keyring, `The data key of ${describeScope(scope)}`);
  }
  const bytes = decrypt(kek, keyAad(kekId, scope), wrapped);
  if (bytes === undefined || bytes.length !== KEY_BYTES) {
    throw new DecryptionError(
      `The data key of ${describeScope(scope)} cannot be unwrapped with application key "${kekId}": the stored key was changed, belongs to another record, or "${kekId}" in APPLICATION_KEYS has the wrong value.`,
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
