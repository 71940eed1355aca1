// The secret parts of a route's configuration (webhook keys, passwords, client secrets) are
// stored sealed like application data (ADR 0012): a data key per route, wrapped by the active
// Verbund key, and bound to the route's id so sealed secrets copied to another route fail to open.
import { type Keyring, newDataKey, seal, unseal, unwrapDataKey } from '../envelope/envelope.ts';

export type SealedSecrets = { keyId: string; wrappedKey: Buffer; secrets: Buffer };

/** The scope a route's data key is wrapped for (also used to re-wrap it, src/app/key-holders.ts). */
export const routeKeyScope = (routeId: string) => `delivery-route:${routeId}`;
const PURPOSE = 'route-secrets';

export function sealSecrets(
  keyring: Keyring,
  routeId: string,
  secrets: Record<string, unknown>,
): SealedSecrets {
  const { dataKey, wrappedKey } = newDataKey(keyring, routeKeyScope(routeId));
  return {
    keyId: wrappedKey.kekId,
    wrappedKey: wrappedKey.wrapped,
    secrets: seal(dataKey, PURPOSE, JSON.stringify(secrets)),
  };
}

/** Throws EnvelopeError (unknown key, changed bytes): the caller reports it on the delivery. */
export function openSecrets(
  keyring: Keyring,
  routeId: string,
  sealed: { keyId: string; wrappedKey: Uint8Array; secrets: Uint8Array },
): Record<string, unknown> {
  const dataKey = unwrapDataKey(keyring, routeKeyScope(routeId), {
    kekId: sealed.keyId,
    wrapped: Buffer.from(sealed.wrappedKey),
  });
  const value: unknown = JSON.parse(
    unseal(dataKey, PURPOSE, Buffer.from(sealed.secrets)).toString(),
  );
  if (typeof value !== 'object' || value === null)
    throw new Error('sealed secrets are not an object');
  return value as Record<string, unknown>;
}
