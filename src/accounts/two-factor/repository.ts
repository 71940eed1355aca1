import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { SealedSecret, StoredSecret } from './sealing.ts';

export function findTotp(db: Kysely<DB>, accountId: string) {
  return db
    .selectFrom('account_totp')
    .select(['secret', 'key_id', 'wrapped_key', 'secret_sealed', 'confirmed_at', 'last_used_step'])
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

/** Starts (or restarts) setup with a new, sealed secret; refuses to touch a confirmed one. */
export async function savePendingTotp(
  db: Kysely<DB>,
  row: { accountId: string; verbundId: string; sealed: SealedSecret },
): Promise<boolean> {
  const sealed = { secret: null, ...row.sealed };
  const saved = await db
    .insertInto('account_totp')
    .values({ account_id: row.accountId, verbund_id: row.verbundId, ...sealed })
    .onConflict((oc) =>
      oc
        .column('account_id')
        .doUpdateSet({ ...sealed, last_used_step: null })
        .where('account_totp.confirmed_at', 'is', null),
    )
    .returning('account_id')
    .executeTakeFirst();
  return saved !== undefined;
}

/**
 * Records `step` as used, atomically: only when it is later than every step used before, so
 * of two requests with the same code exactly one gets through.
 */
export async function useStep(db: Kysely<DB>, accountId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('account_totp')
    .set({ last_used_step: step })
    .where('account_id', '=', accountId)
    .where('confirmed_at', 'is not', null)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Finishes setup of exactly the secret the code was checked against (as it is stored: sealed,
 * or plain on an older row); its step counts as used.
 */
export async function confirmTotp(
  db: Kysely<DB>,
  row: { accountId: string; stored: StoredSecret; step: number; at: Date },
): Promise<boolean> {
  const { stored } = row;
  const result = await db
    .updateTable('account_totp')
    .set({ confirmed_at: row.at, last_used_step: row.step })
    .where('account_id', '=', row.accountId)
    .where((eb) =>
      stored.secret_sealed === null
        ? eb('secret', '=', stored.secret)
        : eb('secret_sealed', '=', Buffer.from(stored.secret_sealed)),
    )
    .where('confirmed_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function deleteTotp(db: Kysely<DB>, accountId: string): Promise<void> {
  await db.deleteFrom('account_totp').where('account_id', '=', accountId).execute();
  await db.deleteFrom('account_recovery_code').where('account_id', '=', accountId).execute();
  await db.deleteFrom('account_pending_login').where('account_id', '=', accountId).execute();
}

export async function replaceRecoveryCodes(
  db: Kysely<DB>,
  accountId: string,
  verbundId: string,
  hashes: string[],
): Promise<void> {
  await db.deleteFrom('account_recovery_code').where('account_id', '=', accountId).execute();
  await db
    .insertInto('account_recovery_code')
    .values(hashes.map((h) => ({ account_id: accountId, verbund_id: verbundId, code_hash: h })))
    .execute();
}

/** Marks an unused code used; true exactly once per code. */
export async function useRecoveryCode(
  db: Kysely<DB>,
  accountId: string,
  hash: string,
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('account_recovery_code')
    .set({ used_at: at })
    .where('account_id', '=', accountId)
    .where('code_hash', '=', hash)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function countUnusedRecoveryCodes(db: Kysely<DB>, accountId: string) {
  const row = await db
    .selectFrom('account_recovery_code')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('account_id', '=', accountId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function insertPendingLogin(
  db: Kysely<DB>,
  row: { hash: string; verbundId: string; accountId: string; at: Date; expiresAt: Date },
): Promise<void> {
  // Expired ones of this account are of no use to anyone: tidy up on the way.
  await db
    .deleteFrom('account_pending_login')
    .where('account_id', '=', row.accountId)
    .where('expires_at', '<=', row.at)
    .execute();
  await db
    .insertInto('account_pending_login')
    .values({
      id_hash: row.hash,
      verbund_id: row.verbundId,
      account_id: row.accountId,
      expires_at: row.expiresAt,
    })
    .execute();
}

/**
 * The ticket of the code page by its hash, before anyone is signed in: whose it is, with the
 * address and language; the lookup function of ADR 0021.
 */
export async function findPendingLogin(db: Kysely<DB>, hash: string, at: Date) {
  const { rows } = await sql<{
    account_id: string;
    verbund_id: string;
    email: string;
    language: 'de' | 'en';
  }>`select * from account_pending_login_find(${hash}, ${at}::timestamptz)`.execute(db);
  return rows[0];
}

/** Deletes a pending sign-in that has not expired; true exactly once (acting as its account). */
export async function consumePendingLogin(db: Kysely<DB>, hash: string, at: Date) {
  const result = await db
    .deleteFrom('account_pending_login')
    .where('id_hash', '=', hash)
    .where('expires_at', '>', at)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export function findSessionRow(db: Kysely<DB>, hash: string) {
  return db
    .selectFrom('account_session')
    .select(['verbund_id', 'account_id', 'expires_at'])
    .where('id_hash', '=', hash)
    .executeTakeFirst();
}
