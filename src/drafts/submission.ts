// The drafts' part of sending (ADR 0013): the draft locked for sending and its deletion, as SQL
// fragments the submission statement of the applications domain is assembled from. The draft
// table stays this domain's; the submission keeps its round trips.
import { DRAFT_COLUMNS, type DraftRow } from './repository.ts';

export type { DraftRow } from './repository.ts';
export type LockedDraft = DraftRow;

/**
 * A CTE `name` holding the draft `draftParam` with its online service, locked, unless it has
 * expired by `atParam`; the columns a Draft is made of (drafts as `d`, online services as `os`).
 */
export function lockedDraftCte(name: string, draftParam: string, atParam: string): string {
  return `${name} as (
    select ${DRAFT_COLUMNS.join(', ')}
    from draft d join online_service os on os.id = d.online_service_id
    where d.id = ${draftParam} and d.expires_at > ${atParam}
    for update of d)`;
}

/** A CTE `name` deleting the draft `draftParam`, returning its id when it was there. */
export function draftDeletionCte(name: string, draftParam: string): string {
  return `${name} as (delete from draft where id = ${draftParam} returning id)`;
}
