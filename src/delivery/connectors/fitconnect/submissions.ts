// What the connector remembers per delivery (table fitconnect_submission, ADR 0029): the
// submission it announced, so that a later attempt resumes it instead of sending again.
// Runs as the worker: the connector runs inside the outbox worker only.
import type { Kysely } from 'kysely';
import { withWorker } from '../../../db/rls.ts';
import type { DB } from '../../../db/schema.ts';

export type SubmissionRecord = {
  submissionId: string;
  caseId: string;
  destinationId: string;
  state: 'announced' | 'submitted';
  authTags: Record<string, unknown> | null;
};

export type SubmissionStore = {
  find(deliveryId: string): Promise<SubmissionRecord | undefined>;
  announced(
    deliveryId: string,
    record: Omit<SubmissionRecord, 'state' | 'authTags'>,
  ): Promise<void>;
  submitted(deliveryId: string, authTags: Record<string, unknown>): Promise<void>;
  /** A new destination or a resend after a rejection starts a new submission. */
  forget(deliveryId: string): Promise<void>;
};

export function submissionStore(db: Kysely<DB>): SubmissionStore {
  return {
    async find(deliveryId) {
      const row = await withWorker(db, (trx) =>
        trx
          .selectFrom('fitconnect_submission')
          .select(['submission_id', 'case_id', 'destination_id', 'state', 'auth_tags'])
          .where('delivery_id', '=', deliveryId)
          .executeTakeFirst(),
      );
      if (row === undefined) return undefined;
      return {
        submissionId: row.submission_id,
        caseId: row.case_id,
        destinationId: row.destination_id,
        state: row.state,
        authTags: row.auth_tags,
      };
    },
    async announced(deliveryId, r) {
      await withWorker(db, (trx) =>
        trx
          .insertInto('fitconnect_submission')
          .columns([
            'delivery_id',
            'verbund_id',
            'authority_id',
            'submission_id',
            'case_id',
            'destination_id',
          ])
          .expression((eb) =>
            eb
              .selectFrom('delivery')
              .select((s) => [
                'id',
                'verbund_id',
                'authority_id',
                s.val(r.submissionId).as('submission_id'),
                s.val(r.caseId).as('case_id'),
                s.val(r.destinationId).as('destination_id'),
              ])
              .where('id', '=', deliveryId),
          )
          .execute(),
      );
    },
    async submitted(deliveryId, authTags) {
      await withWorker(db, (trx) =>
        trx
          .updateTable('fitconnect_submission')
          .set({ state: 'submitted', auth_tags: JSON.stringify(authTags), updated_at: new Date() })
          .where('delivery_id', '=', deliveryId)
          .execute(),
      );
    },
    async forget(deliveryId) {
      await withWorker(db, (trx) =>
        trx.deleteFrom('fitconnect_submission').where('delivery_id', '=', deliveryId).execute(),
      );
    },
  };
}
