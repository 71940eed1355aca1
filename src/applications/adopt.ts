// Anonymous applications taken over at sign-in: what a browser sent without an account (e.g.
// Mängel melden) becomes the account's that signs in in that browser, in the same moment as
// its drafts (src/forms/adoption.ts). Otherwise the dropped cookie would take them out of reach.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';
import { hashAnonymousKey, isAnonymousKey } from '../forms/drafts.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Gives the browser's anonymous applications, their status history and files to the account,
 * under row-level security as both owners at once (migration 11 admits exactly these rows).
 * Returns how many applications were taken over.
 */
export async function adoptApplications(
  db: Kysely<DB>,
  anonymousKey: string,
  accountId: string,
): Promise<number> {
  if (!isAnonymousKey(anonymousKey) || !UUID.test(accountId)) return 0;
  const hash = hashAnonymousKey(anonymousKey);
  const result = await db.transaction().execute(async (trx) => {
    await sql`select set_config('app.account_id', ${accountId}, true),
                     set_config('app.draft_key', ${hash}, true),
                     set_config('role', 'app_user', true)`.execute(trx);
    // The children first, while their application still counts as this browser's. Without a
    // WHERE on purpose: the update policy picks the rows, whereas a WHERE would also need them
    // to pass the select policies, which show an anonymous browser no events and no files.
    await trx.updateTable('application_event').set({ account_id: accountId }).execute();
    await trx.updateTable('application_attachment').set({ account_id: accountId }).execute();
    return trx
      .updateTable('application')
      .set({ account_id: accountId, anonymous_key_hash: null })
      .where('account_id', 'is', null)
      .where('anonymous_key_hash', '=', hash)
      .executeTakeFirst();
  });
  return Number(result.numUpdatedRows);
}
