// Queries of the back-channel's own table, api_credential. Every function takes the
// transaction it runs in; the caller acts as the credential's authority.
import type { Insertable, Transaction } from 'kysely';
import type { ApiCredentialTable, DB } from '../db/schema.ts';

export async function insertCredential(
  trx: Transaction<DB>,
  row: Insertable<ApiCredentialTable>,
): Promise<void> {
  await trx.insertInto('api_credential').values(row).execute();
}

export function findCredential(trx: Transaction<DB>, id: string) {
  return trx
    .selectFrom('api_credential')
    .select(['id', 'verbund_id', 'authority_id', 'route_id', 'secret_sha256', 'revoked_at'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function touchCredential(trx: Transaction<DB>, id: string, at: Date): Promise<void> {
  await trx.updateTable('api_credential').set({ last_used_at: at }).where('id', '=', id).execute();
}

export function listCredentials(trx: Transaction<DB>, authorityId: string) {
  return trx
    .selectFrom('api_credential as c')
    .innerJoin('delivery_route as r', 'r.id', 'c.route_id')
    .select([
      'c.id',
      'c.label',
      'r.name as route_name',
      'c.created_at',
      'c.revoked_at',
      'c.last_used_at',
    ])
    .where('c.authority_id', '=', authorityId)
    .orderBy('c.created_at')
    .execute();
}

export async function revokeCredential(
  trx: Transaction<DB>,
  id: string,
  at: Date,
): Promise<boolean> {
  const result = await trx
    .updateTable('api_credential')
    .set({ revoked_at: at })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
