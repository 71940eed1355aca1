// The destination (Zustellpunkt) of a route, checked before anything of the application is
// sent: it must be active, offer the application's service, and its encryption key must be
// the one the submission service vouches for. The service signs a statement about the
// destination (`destinationSignature`, a JWS with its published keys) that names the
// destination, the host it is reached at and the RFC 7638 thumbprint of its encryption key;
// a key that was swapped on the way, or a statement signed by anyone else, stops the delivery.
// The key's own certificate chain (x5c) must lead to one of the route's trust anchors; a
// broken chain refuses the delivery for good, with the reason (certificate-chain.ts).
import {
  calculateJwkThumbprint,
  compactVerify,
  createLocalJWKSet,
  type JSONWebKeySet,
  type JWK,
} from 'jose';
import { ChainError, checkKeyChain, type KeyPurpose, type KeyTrust } from './certificate-chain.ts';
import { reject, retry } from './outcome.ts';
import { RevocationUnknownError } from './revocation.ts';
import type { ServiceClient } from './service-client.ts';

export const SIGNATURE_ALGORITHM = 'PS512';
export const KEY_ALGORITHM = 'RSA-OAEP-256';
/** FIT-Connect requires RSA keys of at least 4096 bits. */
const MIN_MODULUS_BITS = 4096;

export type VerifiedDestination = {
  destinationId: string;
  encryptionKey: JWK & { kid: string };
  /** Versions of the metadata schema it takes (2.x: we send 2.1.0). */
  metadataVersions: string[];
};

type DestinationDocument = {
  destinationId?: unknown;
  status?: unknown;
  services?: { identifier?: unknown }[];
  encryptionKid?: unknown;
  metadataVersions?: unknown;
  destinationSignature?: unknown;
};

export const serviceIdentifier = (leikaKey: string) => `urn:de:fim:leika:leistung:${leikaKey}`;

export async function serviceKeys(client: ServiceClient) {
  const jwks = (await client.publicJson('/.well-known/jwks.json', 'the service keys')) as
    | JSONWebKeySet
    | undefined;
  if (typeof jwks !== 'object' || jwks === null || !Array.isArray(jwks.keys)) {
    throw retry('the service keys: no JSON Web Key Set');
  }
  return createLocalJWKSet(jwks);
}

export async function verifiedDestination(
  client: ServiceClient,
  p: { destinationId: string; submissionApiUrl: string; leikaKey: string; trust: KeyTrust },
): Promise<VerifiedDestination> {
  const what = 'the destination';
  const doc = (await client.json('GET', `/v1/destinations/${p.destinationId}`, what)) as
    | DestinationDocument
    | undefined;
  if (typeof doc !== 'object' || doc === null || doc.destinationId !== p.destinationId) {
    throw retry(`${what}: the service answered for another destination`);
  }
  if (doc.status !== 'active') {
    throw retry(`${what} is not active (status: ${String(doc.status).slice(0, 40)})`);
  }
  const offered = (doc.services ?? []).some((s) => s.identifier === serviceIdentifier(p.leikaKey));
  if (!offered) {
    throw reject(`${what} does not take this service (${serviceIdentifier(p.leikaKey)})`);
  }
  const versions = Array.isArray(doc.metadataVersions)
    ? doc.metadataVersions.filter((v): v is string => typeof v === 'string')
    : [];
  if (!versions.some((v) => v.startsWith('2.'))) {
    throw reject(`${what} takes no metadata of version 2 (only: ${versions.join(', ') || '–'})`);
  }
  if (typeof doc.encryptionKid !== 'string' || doc.encryptionKid.length === 0) {
    throw retry(`${what} names no encryption key`);
  }
  const key = (await client.json(
    'GET',
    `/v1/destinations/${p.destinationId}/keys/${encodeURIComponent(doc.encryptionKid)}`,
    'the destination key',
  )) as JWK | undefined;
  const problem = keyProblem(key, doc.encryptionKid);
  if (problem !== undefined) throw retry(`the destination key ${problem}`);

  if (typeof doc.destinationSignature !== 'string') {
    throw retry(`${what} carries no signature of the submission service`);
  }
  const keys = await serviceKeys(client);
  let statement: {
    destinationId?: unknown;
    submissionHost?: unknown;
    encryptionKeyThumbprint?: unknown;
  };
  try {
    const verified = await compactVerify(doc.destinationSignature, keys, {
      algorithms: [SIGNATURE_ALGORITHM],
    });
    statement = JSON.parse(new TextDecoder().decode(verified.payload));
  } catch (error) {
    throw retry(
      `the destination signature does not verify with the service's keys (${(error as Error).name ?? 'error'}); nothing was sent`,
    );
  }
  const thumbprint = await calculateJwkThumbprint(key as JWK, 'sha256');
  if (
    statement.destinationId !== p.destinationId ||
    statement.submissionHost !== new URL(p.submissionApiUrl).host ||
    statement.encryptionKeyThumbprint !== thumbprint
  ) {
    throw retry(
      'the destination signature vouches for another destination, host or key; nothing was sent',
    );
  }
  // The service vouches for this key; its chain says whose it is.
  await trustedKey(key as JWK, p.trust, 'the destination encryption key', 'encryption');
  return {
    destinationId: p.destinationId,
    encryptionKey: key as JWK & { kid: string },
    metadataVersions: versions,
  };
}

/**
 * Throws a refusal (permanent: the same chain will not get better by repeating) unless the
 * key's chain leads to one of the route's trust anchors, unrevoked; a retry when a revocation
 * list cannot be had now. Nothing of the application is sent either way.
 */
export async function trustedKey(
  key: JWK,
  trust: KeyTrust,
  what: string,
  purpose: KeyPurpose,
): Promise<void> {
  if (trust === 'without-chain') return;
  try {
    await checkKeyChain(key, trust.anchors, trust.now(), purpose, trust.revocation);
  } catch (error) {
    if (error instanceof ChainError) {
      throw reject(`${what} ${error.message}; nothing was sent`);
    }
    if (error instanceof RevocationUnknownError) {
      throw retry(`${what}: ${error.message}; nothing was sent`);
    }
    throw error;
  }
}

/** Undefined when the JWK is an RSA-OAEP-256 wrapping key of the expected id and size. */
function keyProblem(key: JWK | undefined, kid: string): string | undefined {
  if (typeof key !== 'object' || key === null) return 'is no JSON Web Key';
  if (key.kid !== kid) return `has the id ${String(key.kid).slice(0, 60)}, not ${kid.slice(0, 60)}`;
  if (key.kty !== 'RSA' || typeof key.n !== 'string' || typeof key.e !== 'string') {
    return 'is no RSA public key';
  }
  if (key.d !== undefined) return 'contains a private part';
  if (key.alg !== KEY_ALGORITHM) return `is for ${String(key.alg)}, not ${KEY_ALGORITHM}`;
  if (!Array.isArray(key.key_ops) || !key.key_ops.includes('wrapKey')) {
    return 'is not meant for wrapping keys (key_ops)';
  }
  const bits = Buffer.from(key.n, 'base64url').byteLength * 8;
  if (bits < MIN_MODULUS_BITS) return `is too short (${bits} bits, at least ${MIN_MODULUS_BITS})`;
  return undefined;
}
