// Queries on drafts: the row a Draft is made of, read under the owner's row-level security.
import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';

/** The columns a Draft is made of (drafts as `d`, online services as `os`). */
export const DRAFT_COLUMNS = [
  'd.id',
  'd.service_key',
  'd.online_service_id',
  'd.authority_id',
  'd.form_id',
  'd.form_version',
  'd.answers',
  'd.sealed_answers',
  'd.key_id',
  'd.wrapped_key',
  'd.completed_steps',
  'd.current_step',
  'd.revision',
  'd.updated_at',
  'd.expires_at',
  'os.leika_key',
  'os.title',
  'os.trust_level',
  'os.allows_anonymous',
] as const;

export function selectDrafts(trx: Transaction<DB>, at: Date) {
  return trx
    .selectFrom('draft as d')
    .innerJoin('online_service as os', 'os.id', 'd.online_service_id')
    .select(DRAFT_COLUMNS)
    .where('d.expires_at', '>', at);
}

export type DraftRow = Awaited<
  ReturnType<ReturnType<typeof selectDrafts>['executeTakeFirstOrThrow']>
>;
