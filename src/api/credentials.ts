// Credentials of receiving systems for /api/v1 (ADR 0030): one per connector route, shown once
// when issued, stored as a SHA-256 of its secret. The token names its authority and its id,
// `rn1.<authority>.<credential>.<secret>`, so the lookup can act as that authority under
// row-level security from the first query; the secret is compared in constant time.
import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/service.ts';
import { withAuthority } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import { routeOfAuthority } from '../delivery/acknowledgement.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { isUuid } from '../uuid.ts';
import * as repo from './repository.ts';

export type ApiCaller = { credentialId: string; authorityId: string; routeId: string };

/** An authority admin issuing or revoking in the back office; the CLI (the operator) has none. */
export type CredentialActor = { staffId: string; ip: string | null };

const TOKEN = /^rn1\.([0-9a-f-]{36})\.([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export async function issueCredential(
  db: Kysely<DB>,
  p: { authorityId: string; routeName: string; label: string; at: Date },
  actor?: CredentialActor,
): Promise<{ id: string; token: string }> {
  const label = p.label.trim();
  if (label.length < 1 || label.length > 80) {
    throw new ValidationError({ label: '1 to 80 characters' });
  }
  return withAuthority(db, p.authorityId, async (trx) => {
    const routes = await routeOfAuthority(trx, p.authorityId, p.routeName);
    if (routes.length === 0) throw new NotFoundError('delivery route', p.routeName);
    if (routes.length > 1) {
      throw new ValidationError({ route: 'the name is used for several services; rename one' });
    }
    const route = routes[0] as (typeof routes)[number];
    const id = randomUUID();
    const secret = randomBytes(32).toString('base64url');
    await repo.insertCredential(trx, {
      id,
      verbund_id: route.verbund_id,
      authority_id: p.authorityId,
      route_id: route.id,
      label,
      secret_sha256: sha256(secret),
      created_at: p.at,
    });
    if (actor !== undefined) {
      await appendAudit(trx, {
        authorityId: p.authorityId,
        verbundId: route.verbund_id,
        staffId: actor.staffId,
        action: 'api.credential_issued',
        subject: { type: 'api_credential', id },
        ip: actor.ip,
        at: p.at,
      });
    }
    return { id, token: `rn1.${p.authorityId}.${id}.${secret}` };
  });
}

/** The caller a bearer token stands for; undefined for anything not a live credential. */
export async function authenticate(
  db: Kysely<DB>,
  token: string,
  at: Date,
): Promise<ApiCaller | undefined> {
  const match = TOKEN.exec(token);
  if (match === null) return undefined;
  const [, authorityId, credentialId, secret] = match as unknown as [
    string,
    string,
    string,
    string,
  ];
  if (!isUuid(authorityId) || !isUuid(credentialId)) return undefined;
  return withAuthority(db, authorityId, async (trx) => {
    const row = await repo.findCredential(trx, credentialId);
    // Hashed either way, so an unknown id costs the same as a wrong secret.
    const given = Buffer.from(sha256(secret), 'hex');
    const expected = Buffer.from(row?.secret_sha256 ?? '0'.repeat(64), 'hex');
    if (row === undefined || !timingSafeEqual(given, expected) || row.revoked_at !== null) {
      return undefined;
    }
    await repo.touchCredential(trx, row.id, at);
    return { credentialId: row.id, authorityId: row.authority_id, routeId: row.route_id };
  });
}

export function listCredentials(db: Kysely<DB>, authorityId: string) {
  return withAuthority(db, authorityId, (trx) => repo.listCredentials(trx, authorityId));
}

export async function revokeCredential(
  db: Kysely<DB>,
  authorityId: string,
  id: string,
  at: Date,
  actor?: CredentialActor,
): Promise<void> {
  if (!isUuid(id)) throw new NotFoundError('api credential', id);
  const done = await withAuthority(db, authorityId, async (trx) => {
    const row = await repo.findCredential(trx, id);
    if (row === undefined || !(await repo.revokeCredential(trx, id, at))) return false;
    if (actor !== undefined) {
      await appendAudit(trx, {
        authorityId,
        verbundId: row.verbund_id,
        staffId: actor.staffId,
        action: 'api.credential_revoked',
        subject: { type: 'api_credential', id },
        ip: actor.ip,
        at,
      });
    }
    return true;
  });
  if (!done) throw new NotFoundError('api credential', id);
}
