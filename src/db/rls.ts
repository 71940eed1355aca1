import { type Kysely, sql, type Transaction } from 'kysely';
import { NotFoundError } from '../errors.ts';
import { isUuid } from '../uuid.ts';
import type { DB } from './schema.ts';

// `set_config('role', 'app_user', true)` is `set local role app_user`: in the same statement
// as the setting it saves a round trip, and every signed-in page runs one of these (unread
// counter), every form step another.

/**
 * Runs `fn` as the authority's staff would: in a transaction with `app.authority_id` set and
 * the unprivileged role `app_user`, so row-level security decides what `fn` may see and change.
 *
 * Two traps this avoids: `set_config(…, true)` dies with the transaction, so a pooled connection
 * never carries one authority into the next request; and superusers and table owners skip RLS,
 * so without `set local role` the policies would silently not apply (PGlite runs as superuser).
 * Inside `fn` use only `trx`: on PGlite a second query through `db` waits for this transaction
 * to end and deadlocks the single connection.
 */
export function withAuthority<T>(
  db: Kysely<DB>,
  authorityId: string,
  fn: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  // A malformed id would reach the ::uuid cast in a policy and fail as a server error.
  if (!isUuid(authorityId)) return Promise.reject(new NotFoundError('authority', authorityId));
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('app.authority_id', ${authorityId}, true), set_config('role', 'app_user', true)`.execute(
      trx,
    );
    return fn(trx);
  });
}

/**
 * Runs `fn` as one citizen: `app.account_id` set for this transaction only and the role
 * `app_user`, so the citizen policies show the account its own rows and nothing else. The
 * same two traps as withAuthority apply; inside `fn` use only `trx`.
 */
export function withAccount<T>(
  db: Kysely<DB>,
  accountId: string,
  fn: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  if (!isUuid(accountId)) return Promise.reject(new NotFoundError('account', accountId));
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('app.account_id', ${accountId}, true), set_config('role', 'app_user', true)`.execute(
      trx,
    );
    return fn(trx);
  });
}
