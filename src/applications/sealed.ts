// Reading what was sent: applications are stored sealed under their own data key (ADR 0012);
// these open them, as the citizen or anonymous browser who sent them.
import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { actAsOwner, type DraftOwner } from '../drafts/owner.ts';
import { type DataKey, type Keyring, unseal, unwrapDataKey } from '../envelope/envelope.ts';
import { NotFoundError } from '../errors.ts';
import { isUuid } from '../uuid.ts';
import type { ApplicationsDeps } from './options.ts';
import * as repo from './repository.ts';
import { decodeSnapshot, type Snapshot } from './snapshot.ts';

// bytea arrives as Buffer from pg and as Uint8Array from PGlite.
export function dataKeyOf(
  keyring: Keyring,
  row: { id: string; key_id: string; wrapped_key: Uint8Array },
): DataKey {
  const wrapped = Buffer.from(row.wrapped_key);
  return unwrapDataKey(keyring, row.id, { kekId: row.key_id, wrapped });
}

export function openSnapshot(keyring: Keyring, row: repo.ApplicationRow): Snapshot {
  return decodeSnapshot(unseal(dataKeyOf(keyring, row), 'snapshot', Buffer.from(row.payload)));
}

/** Reads and decrypts one application as the citizen (or anonymous browser) who sent it. */
export function readAsOwner<T>(
  { db }: Pick<ApplicationsDeps, 'db'>,
  owner: DraftOwner,
  applicationId: string,
  fn: (trx: Transaction<DB>, row: repo.ApplicationRow) => Promise<T>,
  lock = false,
): Promise<T> {
  if (!isUuid(applicationId))
    return Promise.reject(new NotFoundError('application', applicationId));
  return db.transaction().execute(async (trx) => {
    await actAsOwner(trx, owner);
    const row = await repo.findApplication(trx, applicationId, lock);
    if (row === undefined) throw new NotFoundError('application', applicationId);
    return fn(trx, row);
  });
}
