// Anonymous applications taken over at sign-in: what a browser sent without an account (e.g.
// Mängel melden) becomes the account's that signs in in that browser, in the same moment as
// its drafts (src/drafts/adoption.ts). Otherwise the dropped cookie would take them out of reach.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { actAsAdopter, hashAnonymousKey, isAnonymousKey, withOwner } from '../drafts/owner.ts';

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
  const result = await actAsAdopter(db, anonymousKey, accountId, async (trx, hash) => {
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
  return result === undefined ? 0 : Number(result.numUpdatedRows);
}

/** How many applications this anonymous browser sent (asked before they are taken over). */
export async function countAnonymousApplications(
  db: Kysely<DB>,
  anonymousKey: string,
): Promise<number> {
  if (!isAnonymousKey(anonymousKey)) return 0;
  const row = await withOwner(db, { anonymousKey }, (trx) =>
    trx
      .selectFrom('application')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('anonymous_key_hash', '=', hashAnonymousKey(anonymousKey))
      .executeTakeFirstOrThrow(),
  );
  return Number(row.n);
}
