// The worker's removal of what federated sign-in keeps only for minutes: a sign-in in flight
// (state, PKCE verifier, where to return), the id of an assertion or of an IdP's LogoutRequest
// remembered against replay until the message is too old to be taken anyway, a pending
// account link with the attributes the provider delivered, a LogoutRequest of ours. Nothing else deletes an abandoned one, and a pending
// link holds a person's names and birth date.
import type { Kysely } from 'kysely';
import { withWorker } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import * as repo from './repository.ts';

export const IDENTITY_PURGE_JOB = 'identity.expired-purge';

/**
 * Kept this long past their expiry: an assertion's time window is checked with some clock
 * skew allowed, so its id must outlive it, and a row seen while it expires is left alone.
 */
export const EXPIRED_GRACE_MS = 60 * 60_000;

export function purgeExpiredIdentityRows(db: Kysely<DB>, now: Date = new Date()) {
  return withWorker(db, (trx) =>
    repo.deleteExpired(trx, new Date(now.getTime() - EXPIRED_GRACE_MS)),
  );
}
