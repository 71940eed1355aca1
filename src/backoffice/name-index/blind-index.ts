// The keyed blind index of applicants' names (ADR 0026): each normalised name token is stored
// as HMAC-SHA-256 under a random key of the Verbund, never in clear and never as a plain hash
// (a plain hash of a name is found by hashing a telephone book). The key is wrapped by a
// Verbund key like a data key (ADR 0012) and listed among the key holders, so a key rotation
// re-wraps it and the index stays valid; whoever has the database but not APPLICATION_KEYS
// learns only which applications share a name token.
import { createHmac, type KeyObject } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { type Keyring, newDataKey, openDataKey, scopeOf } from '../../envelope/envelope.ts';
import { nameTokens } from './tokens.ts';

/** The scope the index key is wrapped for: one per Verbund (key-holders.ts). */
export const nameIndexKeyScope = (verbundId: string) => scopeOf('name_index_key', verbundId);

export function createBlindIndex(keyring: Keyring) {
  // The unwrapped key per Verbund, for the life of the process (every submission needs it).
  const keys = new Map<string, KeyObject>();

  /** The Verbund's index key; the first caller creates it (as the transaction's role). */
  async function keyFor(trx: Transaction<DB> | Kysely<DB>, verbundId: string): Promise<KeyObject> {
    const cached = keys.get(verbundId);
    if (cached !== undefined) return cached;
    let row = await trx
      .selectFrom('name_index_key')
      .select(['key_id', 'wrapped_key'])
      .where('id', '=', verbundId)
      .executeTakeFirst();
    if (row === undefined) {
      const { wrappedKey } = newDataKey(keyring, nameIndexKeyScope(verbundId));
      // Two first submissions at once: one insert wins, the other reads the winner's key.
      await trx
        .insertInto('name_index_key')
        .values({ id: verbundId, key_id: wrappedKey.kekId, wrapped_key: wrappedKey.wrapped })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
      row = await trx
        .selectFrom('name_index_key')
        .select(['key_id', 'wrapped_key'])
        .where('id', '=', verbundId)
        .executeTakeFirstOrThrow();
    }
    const { key } = openDataKey(keyring, nameIndexKeyScope(verbundId), row);
    keys.set(verbundId, key);
    return key;
  }

  const digest = (key: KeyObject, token: string) =>
    createHmac('sha256', key).update(token, 'utf8').digest('hex').slice(0, 32);

  /** The keyed tokens of the names, for storing or searching. */
  async function keyedTokens(
    trx: Transaction<DB> | Kysely<DB>,
    verbundId: string,
    names: readonly string[],
  ): Promise<string[]> {
    const tokens = nameTokens(names);
    if (tokens.length === 0) return [];
    const key = await keyFor(trx, verbundId);
    return tokens.map((t) => digest(key, t));
  }

  /** Replaces the application's index entries (submission and backfill). */
  async function index(
    trx: Transaction<DB>,
    input: { applicationId: string; authorityId: string; verbundId: string; names: string[] },
  ): Promise<number> {
    const tokens = await keyedTokens(trx, input.verbundId, input.names);
    await trx
      .deleteFrom('application_name_token')
      .where('application_id', '=', input.applicationId)
      .execute();
    if (tokens.length === 0) return 0;
    await sql`insert into application_name_token (application_id, authority_id, token)
      select ${input.applicationId}::uuid, ${input.authorityId}::uuid, t
      from unnest(${tokens}::text[]) as t`.execute(trx);
    return tokens.length;
  }

  return { keyedTokens, index };
}

export type BlindIndex = ReturnType<typeof createBlindIndex>;
