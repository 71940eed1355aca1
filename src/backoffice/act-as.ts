import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';

/**
 * Runs `fn` as `app_worker` for the steps of the back office that come before anyone is known:
 * finding a staff member by e-mail at sign-in, by invitation link or by session cookie. The
 * staff tables admit `app_user` only to the staff of the authority acting (migration 13), and
 * at this point there is no authority yet. Inside `fn` use only `trx`.
 */
export function asStaffDirectory<T>(
  db: Kysely<DB>,
  fn: (trx: Transaction<DB>) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`set local role app_worker`.execute(trx);
    return fn(trx);
  });
}
