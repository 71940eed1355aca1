// The one way an application's status is written: the row's status (with its closing date
// and retention when the status closes it) and the history event, always together. Staff,
// connectors, the citizen's withdrawal and the citizen's answer all change status through it,
// so no path can forget the event the citizen's timeline reads or the retention a closed
// file needs. The one exception is the delivery worker's "received" for a whole batch
// (status-changes.ts, receivedInside): the same two writes, as one statement each for many
// applications, for a status that never closes one.
import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import * as repo from './repository.ts';
import { retainUntil } from './retention.ts';
import { type Actor, type ApplicationStatus, isClosed } from './status.ts';

export type StatusRecord = {
  status: ApplicationStatus;
  actor: Actor;
  at: Date;
  note?: string | null;
  /** A request for information: answer by (YYYY-MM-DD). */
  dueOn?: string | null;
  /** A decision: its file in the Postfach. */
  decisionAttachmentId?: string | null;
};

/** In the caller's transaction, on a row it has locked. */
export async function recordStatus(
  trx: Transaction<DB>,
  row: { id: string; authority_id: string; account_id: string | null; retention_months?: number },
  change: StatusRecord,
): Promise<void> {
  const closed = isClosed(change.status);
  // A programming error, not bad input: only a closing change needs the service's retention.
  if (closed && row.retention_months === undefined) throw new Error('closing needs a retention');
  await repo.setStatus(trx, row.id, {
    status: change.status,
    at: change.at,
    closedAt: closed ? change.at : null,
    retainUntil: closed ? retainUntil(change.at, row.retention_months as number) : null,
  });
  await repo.insertEvent(trx, {
    applicationId: row.id,
    authorityId: row.authority_id,
    accountId: row.account_id,
    status: change.status,
    actor: change.actor,
    note: change.note ?? null,
    at: change.at,
    dueOn: change.dueOn ?? null,
    decisionAttachmentId: change.decisionAttachmentId ?? null,
  });
}
