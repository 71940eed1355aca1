// "Meine Anträge": the citizen's list of what they sent and one application with its
// history, files and Postfach messages.
import { withAccount } from '../db/rls.ts';
import type { DraftOwner } from '../drafts/owner.ts';
import { openMessages } from '../mailbox/submission.ts';
import type { ApplicationsDeps } from './options.ts';
import * as repo from './repository.ts';
import { readAsOwner } from './sealed.ts';

export const LIST_LIMIT = 200;

export function createOverview(deps: Pick<ApplicationsDeps, 'db' | 'keyring'>) {
  const { db } = deps;

  /** "Meine Anträge". */
  function list(accountId: string) {
    return withAccount(db, accountId, (trx) => repo.listOfAccount(trx, accountId, LIST_LIMIT));
  }

  /** One application with its history and its Postfach messages, for its owner. */
  function detail(owner: DraftOwner, applicationId: string) {
    return readAsOwner(deps, owner, applicationId, async (trx, row) => ({
      application: row,
      events: await repo.listEvents(trx, row.id),
      attachments: await repo.listAttachments(trx, row.id),
      messages:
        'accountId' in owner
          ? openMessages(deps.keyring, await repo.listMessagesOf(trx, row.id))
          : [],
    }));
  }

  return { list, detail };
}
