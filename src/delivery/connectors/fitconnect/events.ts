// The case's event log: Security Event Tokens (RFC 8417), each a JWS. Only a token whose
// signature verifies counts: accept and reject come from the destination and are checked
// with its signing key, the service's own events with the service's published keys. Tokens
// that fail (bad signature, other submission, unknown issuer) are ignored and counted, never
// believed: a forged "accepted" must not mark an application received. The destination's
// signing key must come with a chain to the route's trust anchors: a broken one refuses the
// delivery (certificate-chain.ts), as it does for the encryption key.
import { decodeProtectedHeader, importJWK, type JWK, type JWTPayload, jwtVerify } from 'jose';
import type { KeyTrust } from './certificate-chain.ts';
import { SIGNATURE_ALGORITHM, serviceKeys, trustedKey } from './destination.ts';
import { Halt, retry } from './outcome.ts';
import type { ServiceClient } from './service-client.ts';

export const EVENTS = {
  accept: 'https://schema.fitko.de/fit-connect/events/accept-submission',
  reject: 'https://schema.fitko.de/fit-connect/events/reject-submission',
} as const;

export type CaseVerdict =
  | { kind: 'accepted' }
  | { kind: 'rejected'; reason: string }
  | { kind: 'open'; ignored: number };

type SetPayload = JWTPayload & { txn?: unknown; events?: Record<string, unknown> };
type Problem = { title?: unknown; detail?: unknown };

export async function readVerdict(
  client: ServiceClient,
  p: {
    caseId: string;
    submissionId: string;
    destinationId: string;
    /** JWE tags of what we sent; an accept naming others is for something else. */
    authTags: Record<string, unknown> | null;
    trust: KeyTrust;
  },
): Promise<CaseVerdict> {
  const log = (await client.json('GET', `/v1/cases/${p.caseId}/events`, 'the event log')) as
    | { eventLog?: unknown }
    | undefined;
  if (typeof log !== 'object' || log === null || !Array.isArray(log.eventLog)) {
    throw retry('the event log: the service answered without an eventLog');
  }
  let ignored = 0;
  let serviceKeySet: Awaited<ReturnType<typeof serviceKeys>> | undefined;
  const destinationKeys = new Map<string, Awaited<ReturnType<typeof importJWK>>>();

  for (const token of log.eventLog) {
    const payload = await verifiedPayload(token);
    if (payload === undefined) {
      ignored++;
      continue;
    }
    const events = payload.events ?? {};
    if (EVENTS.reject in events) {
      const problems = (events[EVENTS.reject] as { problems?: Problem[] })?.problems ?? [];
      const text = problems
        .map((x) => [x.title, x.detail].filter((s) => typeof s === 'string').join(': '))
        .filter((s) => s !== '')
        .join('; ');
      return { kind: 'rejected', reason: text.slice(0, 300) || 'no reason given' };
    }
    if (EVENTS.accept in events) {
      const tags = (events[EVENTS.accept] as { authenticationTags?: Record<string, unknown> })
        ?.authenticationTags;
      if (tags !== undefined && p.authTags !== null && !sameTags(tags, p.authTags)) {
        ignored++;
        continue;
      }
      return { kind: 'accepted' };
    }
  }
  return { kind: 'open', ignored };

  async function verifiedPayload(token: unknown): Promise<SetPayload | undefined> {
    if (typeof token !== 'string') return undefined;
    try {
      const header = decodeProtectedHeader(token);
      if (header.alg !== SIGNATURE_ALGORITHM || header.typ !== 'secevent+jwt') return undefined;
      // The issuer is read before verification only to choose the key; verify checks it.
      const claimed = JSON.parse(
        Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'),
      ) as SetPayload;
      const fromDestination = claimed.iss === p.destinationId;
      const options = {
        algorithms: [SIGNATURE_ALGORITHM],
        typ: 'secevent+jwt',
        subject: `submission:${p.submissionId}`,
      };
      let payload: SetPayload;
      if (fromDestination) {
        const key = await destinationKey(header.kid);
        ({ payload } = await jwtVerify<SetPayload>(token, key, {
          ...options,
          issuer: p.destinationId,
        }));
      } else {
        serviceKeySet ??= await serviceKeys(client);
        ({ payload } = await jwtVerify<SetPayload>(token, serviceKeySet, options));
        // Accept and reject belong to the destination alone.
        if (
          payload.events &&
          (EVENTS.accept in payload.events || EVENTS.reject in payload.events)
        ) {
          return undefined;
        }
      }
      if (payload.txn !== `case:${p.caseId}`) return undefined;
      return payload;
    } catch (error) {
      if (error instanceof Halt) throw error;
      return undefined;
    }
  }

  async function destinationKey(
    kid: string | undefined,
  ): Promise<Awaited<ReturnType<typeof importJWK>>> {
    if (typeof kid !== 'string' || kid === '') throw new Error('no kid');
    const known = destinationKeys.get(kid);
    if (known) return known;
    const jwk = (await client.json(
      'GET',
      `/v1/destinations/${p.destinationId}/keys/${encodeURIComponent(kid)}`,
      'the destination signing key',
    )) as JWK;
    if (jwk.kty !== 'RSA' || !Array.isArray(jwk.key_ops) || !jwk.key_ops.includes('verify')) {
      throw new Error('not a signing key');
    }
    await trustedKey(jwk, p.trust, 'the destination signing key', 'signature');
    const key = await importJWK({ kty: 'RSA', n: jwk.n, e: jwk.e }, SIGNATURE_ALGORITHM);
    destinationKeys.set(kid, key);
    return key;
  }
}

function sameTags(got: Record<string, unknown>, sent: Record<string, unknown>): boolean {
  if (got.metadata !== sent.metadata || got.data !== sent.data) return false;
  const a = (got.attachments ?? {}) as Record<string, unknown>;
  const b = (sent.attachments ?? {}) as Record<string, unknown>;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) => a[k] === b[k]);
}
