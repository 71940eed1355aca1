// Every "act as" of the portal lives in this file: the settings row-level security reads
// (`app.authority_id`, `app.account_id`, `app.draft_key`, `app.verbund_id`,
// `app.audit_verbund_id`) and the role a transaction runs as
// (`app_user`, `app_worker`). Before an account is known (sign-in, session cookie, links)
// the runtime role acts as nobody: it calls the narrow account lookup functions of migration
// 2026-12-02-01-01 (ADR 0021), each one keyed lookup, and acts as the account found here. The runtime role (`rathausnetz_app`, ADR 0015) may read nothing that holds personal or authority data by itself: a query
// that does not go through one of these helpers is refused instead of seeing every row.
//
// Two traps the helpers avoid: `set_config(…, true)` dies with the transaction, so a pooled
// connection never carries one authority into the next request; and superusers and table
// owners skip RLS, so without the role switch the policies would silently not apply (PGlite
// runs as superuser). Inside `fn` use only `trx`: on PGlite a second query through `db` waits
// for this transaction to end and deadlocks the single connection.
//
// `set_config('role', 'app_user', true)` is `set local role app_user`: in the same statement
// as the setting it saves a round trip, and every signed-in page runs one of these (unread
// counter), every form step another.
import { type Kysely, sql, type Transaction } from 'kysely';
import { NotFoundError } from '../errors.ts';
import { isUuid } from '../uuid.ts';
import type { DB } from './schema.ts';

/** Who sent a draft or application: a citizen account, or an anonymous browser's key hash. */
export type Requester = { accountId: string } | { draftKeyHash: string };

/**
 * The shape of most contexts: one setting and the role `app_user`, set for this transaction
 * only in one statement, then `fn`. The setting's name is fixed by each caller below.
 */
function asAppUserWith<T>(
  db: Kysely<DB>,
  setting: string,
  value: string,
  fn: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`select set_config(${setting}, ${value}, true), set_config('role', 'app_user', true)`.execute(
      trx,
    );
    return fn(trx);
  });
}

/**
 * Runs `fn` as the authority's staff would: in a transaction with `app.authority_id` set and
 * the unprivileged role `app_user`, so row-level security decides what `fn` may see and change.
 */
export function withAuthority<T>(
  db: Kysely<DB>,
  authorityId: string,
  fn: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  // A malformed id would reach the ::uuid cast in a policy and fail as a server error.
  if (!isUuid(authorityId)) return Promise.reject(new NotFoundError('authority', authorityId));
  return asAppUserWith(db, 'app.authority_id', authorityId, fn);
}

/**
 * Runs `fn` as one citizen: `app.account_id` set for this transaction only and the role
 * `app_user`, so the citizen policies show the account its own rows and nothing else.
 */
export function withAccount<T>(
  db: Kysely<DB>,
  accountId: string,
  fn: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  if (!isUuid(accountId)) return Promise.reject(new NotFoundError('account', accountId));
  return asAppUserWith(db, 'app.account_id', accountId, fn);
}

/**
 * From the next statement on, `trx` acts as citizen `accountId` (as withAccount does): for a
 * transaction that first found the account by a key it holds (a link's token, the code
 * page's ticket) through one of the account lookup functions (ADR 0021), which the runtime
 * role runs before any act-as.
 */
export async function actAsAccount(trx: Transaction<DB>, accountId: string): Promise<void> {
  if (!isUuid(accountId)) throw new NotFoundError('account', accountId);
  await sql`select set_config('app.account_id', ${accountId}, true), set_config('role', 'app_user', true)`.execute(
    trx,
  );
}

/**
 * From the next statement on, `trx` acts as the requester (a citizen, or an anonymous browser
 * by its key hash) as role `app_user`. Every form step page and every save runs this, so it is
 * one fixed text (prepared, src/db/prepared.ts) and one round trip for both settings.
 */
export async function actAsRequester(trx: Transaction<DB>, requester: Requester): Promise<void> {
  const [setting, value] =
    'accountId' in requester
      ? ['app.account_id', requester.accountId]
      : ['app.draft_key', requester.draftKeyHash];
  await sql`/* prepared act_as_owner */ select set_config(${setting}, ${value}, true), set_config('role', 'app_user', true)`.execute(
    trx,
  );
}

/** Runs `fn` in a transaction acting as the requester (see actAsRequester). */
export function withRequester<T>(
  db: Kysely<DB>,
  requester: Requester,
  fn: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await actAsRequester(trx, requester);
    return fn(trx);
  });
}

/**
 * Runs `fn` as a citizen taking over an anonymous browser's drafts and applications at
 * sign-in: both `app.account_id` and `app.draft_key`, which only the adoption policies of
 * migration 11 act on (ADR 0013).
 */
export function withAdopter<T>(
  db: Kysely<DB>,
  accountId: string,
  draftKeyHash: string,
  fn: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  if (!isUuid(accountId)) return Promise.reject(new NotFoundError('account', accountId));
  return db.transaction().execute(async (trx) => {
    await sql`select set_config('app.account_id', ${accountId}, true),
                     set_config('app.draft_key', ${draftKeyHash}, true),
                     set_config('role', 'app_user', true)`.execute(trx);
    return fn(trx);
  });
}

/**
 * Runs `fn` as the worker: the only role that crosses authorities and accounts (receipts,
 * retention, expiry, key re-wrapping). Only jobs may use it, never a request handler.
 */
export function withWorker<T>(
  db: Kysely<DB>,
  fn: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`set local role app_worker`.execute(trx);
    return fn(trx);
  });
}

/**
 * Runs `fn` for the back office's steps before any staff member is known: the lookup by e-mail
 * at sign-in, by invitation link or by session cookie, the second factor's setup. There is no
 * authority to act for yet, so this is a role of its own (ADR 0016, 0045): the staff tables,
 * the authorities' directory and staff.* audit entries, nothing of citizens or applications.
 */
export function withStaffDirectory<T>(
  db: Kysely<DB>,
  fn: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`set local role app_staff_directory`.execute(trx);
    return fn(trx);
  });
}

/**
 * Runs `fn` for the Verbund's admins, who act for no authority but for the Verbund as a whole:
 * `app.verbund_id` set for this transaction only and the role `app_user` (ADR 0041). The
 * policies of migration 2026-12-05-01-01 allow exactly what the Verbund office needs: take
 * an authority of this Verbund live, count its staff (a function returning counts only),
 * change the Verbund's online services and append `verbund.*` audit entries. Applications,
 * messages and citizens stay invisible: no authority or account is set.
 */
export function withVerbundOffice<T>(
  db: Kysely<DB>,
  verbundId: string,
  fn: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  if (!isUuid(verbundId)) return Promise.reject(new NotFoundError('verbund', verbundId));
  return asAppUserWith(db, 'app.verbund_id', verbundId, fn);
}

/**
 * Runs `fn` for the Verbund's auditors (ADR 0046): `app.audit_verbund_id` set for this
 * transaction only and the role `app_user`. The policies of migration 2026-12-06-01-01 let it
 * read the Verbund's own audit chain and its checkpoint, append `audit.viewed` to that chain
 * and read the names of the Verbund's staff. Not the Verbund office's context: it changes
 * nothing of the Verbund, and the office's context does not read this log.
 */
export function withVerbundAudit<T>(
  db: Kysely<DB>,
  verbundId: string,
  fn: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  if (!isUuid(verbundId)) return Promise.reject(new NotFoundError('verbund', verbundId));
  return asAppUserWith(db, 'app.audit_verbund_id', verbundId, fn);
}

// Fast paths: select-list fragments that switch the transaction in the same statement as a
// read the statement needs anyway (one round trip instead of two on the busiest writes). The
// switch takes effect from the *next* statement: the statement carrying it still runs as the
// role it started as. Fixed texts, so the statements that carry them can be prepared.

/**
 * From-list fragment: acts as citizen `$1` from within this statement for the account
 * lookup functions that check `app.account_id` (ADR 0021), exposing it as `acting.account`
 * for them to take as their argument, which makes them run after the setting is made. The
 * role switch in the select list still waits for the next statement.
 */
export const ACTING_ACCOUNT_PARAM_1 =
  "(select set_config('app.account_id', $1::text, true)::uuid as account) as acting";

/** Select-list fragment: from the next statement on act as citizen `$1` (role app_user). */
export const ACT_AS_ACCOUNT_PARAM_1 =
  "set_config('app.account_id', $1::text, true), set_config('role', 'app_user', true)";

/**
 * Select-list fragment: from the next statement on act also for the authority in `column`
 * (the role is already app_user); named `acting_for` in the row.
 */
export function actForAuthorityColumn(column: string): string {
  return `set_config('app.authority_id', ${column}::text, true) as acting_for`;
}

/**
 * From the next statement on, `trx` acts as the identity broker (role app_user with
 * `app.identity` = 'broker'): the only context that sees the identity tables of migration
 * 2026-12-02-11-01 (providers, links, sign-ins in flight). Federated sign-in runs before any
 * account is known, like the back office's directory lookups, but needs none of the worker's
 * reach: this context opens nothing else.
 */
export async function actAsIdentityBroker(trx: Transaction<DB>): Promise<void> {
  await sql`select set_config('app.identity', 'broker', true), set_config('role', 'app_user', true)`.execute(
    trx,
  );
}

/** Runs `fn` in a transaction acting as the identity broker (see actAsIdentityBroker). */
export function withIdentityBroker<T>(
  db: Kysely<DB>,
  fn: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await actAsIdentityBroker(trx);
    return fn(trx);
  });
}
