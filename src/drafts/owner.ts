// Who a draft belongs to, and acting as them: every query on drafts (and on what an owner sent
// from one) runs under row-level security as the owner (`app.account_id` / `app.draft_key`).
import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { actAsRequester, type Requester, withAdopter } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import { NotFoundError } from '../errors.ts';
import { isUuid } from '../uuid.ts';

/** The anonymous cookie: 32 random bytes, base64url. */
const ANONYMOUS_KEY = /^[A-Za-z0-9_-]{43}$/;

/** The anonymous browser's draft key; `__Host-` (production) pins it to this host, Secure. */
export const draftCookieName = (production: boolean) => (production ? '__Host-draft' : 'draft');

/** Who a draft belongs to: a signed-in citizen, or an anonymous browser's cookie value. */
export type DraftOwner = { accountId: string } | { anonymousKey: string };

export function hashAnonymousKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function isAnonymousKey(value: unknown): value is string {
  return typeof value === 'string' && ANONYMOUS_KEY.test(value);
}

/**
 * Runs `fn` as the draft's owner under row-level security (role app_user). Inside `fn` use
 * only `trx` (PGlite has one connection).
 */
export function withOwner<T>(
  db: Kysely<DB>,
  owner: DraftOwner,
  fn: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  if ('accountId' in owner && !isUuid(owner.accountId)) {
    return Promise.reject(new NotFoundError('account', owner.accountId));
  }
  if ('anonymousKey' in owner && !isAnonymousKey(owner.anonymousKey)) {
    return Promise.reject(new NotFoundError('draft.owner', 'anonymous'));
  }
  return db.transaction().execute(async (trx) => {
    await actAsOwner(trx, owner);
    return fn(trx);
  });
}

/**
 * Makes row-level security see the owner's rows, as role app_user, for the rest of this
 * transaction. Other domains whose rows belong to the same owner, such as applications sent
 * from a draft, start their transactions with it.
 */
export async function actAsOwner(trx: Transaction<DB>, owner: DraftOwner): Promise<void> {
  await actAsRequester(trx, requesterOf(owner));
}

/** The owner as row-level security knows it: the account, or the hash of the browser's key. */
export function requesterOf(owner: DraftOwner): Requester {
  return 'accountId' in owner
    ? { accountId: owner.accountId }
    : { draftKeyHash: hashAnonymousKey(owner.anonymousKey) };
}

/**
 * Runs `fn` acting as the signed-in account and as the browser's anonymous key at once, as
 * taking over anonymous use at sign-in needs (row-level security admits exactly the rows of
 * that browser moving to that account). Undefined, without running `fn`, for a malformed key
 * or account id.
 */
export async function actAsAdopter<T>(
  db: Kysely<DB>,
  anonymousKey: string,
  accountId: string,
  fn: (trx: Transaction<DB>, anonymousKeyHash: string) => Promise<T>,
): Promise<T | undefined> {
  if (!isAnonymousKey(anonymousKey) || !isUuid(accountId)) return undefined;
  const hash = hashAnonymousKey(anonymousKey);
  return withAdopter(db, accountId, hash, (trx) => fn(trx, hash));
}
