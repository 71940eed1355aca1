// `cli api:credential …`: credentials of receiving systems for /api/v1, one per connector
// route. The token is printed once, on issue; only its hash is kept.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { NotFoundError } from '../errors.ts';
import { createTenancy } from '../tenancy/service.ts';
import { issueCredential, listCredentials, revokeCredential } from './credentials.ts';

type Output = { out: (line: string) => void; err: (line: string) => void };

export const CREDENTIAL_USAGE = [
  'api:credential issue <authority> <route> <label>',
  'api:credential list <authority>',
  'api:credential revoke <authority> <credential-id>',
];

export async function apiCredentialCommand(
  db: Kysely<DB>,
  args: string[],
  io: Output,
  now: () => Date = () => new Date(),
): Promise<number> {
  const [action, slug, ...rest] = args;
  if (action === undefined || slug === undefined) {
    io.err(`Usage:\n  ${CREDENTIAL_USAGE.join('\n  ')}`);
    return 2;
  }
  const authority = (await createTenancy(db).directory()).bySlug.get(slug);
  if (authority === undefined) throw new NotFoundError('authority', slug);
  if (action === 'issue' && rest.length >= 2) {
    const [route, ...label] = rest as [string, ...string[]];
    const { id, token } = await issueCredential(db, {
      authorityId: authority.id,
      routeName: route,
      label: label.join(' '),
      at: now(),
    });
    io.out(`Credential ${id} for route ${route} of ${authority.name}.`);
    io.out(
      'Token (shown once, give it to the receiving system as "Authorization: Bearer <token>"):',
    );
    io.out(token);
    return 0;
  }
  if (action === 'list') {
    const rows = await listCredentials(db, authority.id);
    if (rows.length === 0) io.out('No credentials.');
    for (const r of rows) {
      const state = r.revoked_at ? `revoked ${r.revoked_at.toISOString()}` : 'active';
      const used = r.last_used_at ? `last used ${r.last_used_at.toISOString()}` : 'never used';
      io.out(`${r.id}  ${r.route_name}  ${r.label}  ${state}, ${used}`);
    }
    return 0;
  }
  if (action === 'revoke' && rest[0] !== undefined) {
    await revokeCredential(db, authority.id, rest[0], now());
    io.out(`Credential ${rest[0]} revoked.`);
    return 0;
  }
  io.err(`Usage:\n  ${CREDENTIAL_USAGE.join('\n  ')}`);
  return 2;
}
