// When a citizen writes in the Postfach thread of an application (most often the answer to a
// request for information), the clerk it is assigned to gets a content-free mail: that there
// is news and where, never what. Nobody assigned: the inbox shows it (the status is
// "in Bearbeitung" again after an answer).
//
// Two halves, so that the notice commits with the citizen's message and no request handler
// needs the worker role: `queueIn` adds a row naming the application inside the citizen's
// transaction (they may not read staff addresses), and the worker's job `sendQueued` finds
// who is assigned and queues the mail, both in one transaction of its own.
import type { Kysely, Transaction } from 'kysely';
import { withWorker } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import { queueMailIn } from '../mail/outbox.ts';

export const ANSWER_NOTICES_JOB = 'backoffice.answer-notices';
const BATCH = 50;

export function createAnswerNotices(deps: { db: Kysely<DB>; publicUrl: string }) {
  const { db } = deps;
  const base = deps.publicUrl.replace(/\/$/, '');

  return {
    /** In the citizen's transaction (as the citizen): the policy admits own applications only. */
    async queueIn(trx: Transaction<DB>, applicationId: string): Promise<void> {
      await trx.insertInto('staff_notice').values({ application_id: applicationId }).execute();
    },

    /**
     * The worker's half: a batch of queued notices taken (skipping rows another worker holds),
     * one mail per application to its assigned, still active clerk. Several messages in a row
     * make one mail; notices for applications nobody holds are dropped.
     */
    sendQueued(): Promise<{ sent: number; dropped: number }> {
      return withWorker(db, async (trx) => {
        const taken = await trx
          .deleteFrom('staff_notice')
          .where(
            'id',
            'in',
            trx
              .selectFrom('staff_notice')
              .select('id')
              .orderBy('queued_at')
              .limit(BATCH)
              .forUpdate()
              .skipLocked(),
          )
          .returning('application_id')
          .execute();
        const ids = [...new Set(taken.map((row) => row.application_id))];
        if (ids.length === 0) return { sent: 0, dropped: 0 };
        const assignees = await trx
          .selectFrom('application as a')
          .innerJoin('staff as s', 's.id', 'a.assigned_to')
          .innerJoin('authority as au', 'au.id', 'a.authority_id')
          .select(['a.id', 's.email', 'au.name as authority'])
          .where('a.id', 'in', ids)
          .where('s.disabled_at', 'is', null)
          // Still a member who may work for the authority (not locked out of it).
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom('staff_membership as m')
                .select('m.id')
                .whereRef('m.staff_id', '=', 's.id')
                .whereRef('m.authority_id', '=', 'a.authority_id')
                .where('m.disabled_at', 'is', null),
            ),
          )
          .execute();
        for (const assignee of assignees) {
          await queueMailIn(trx, {
            to: assignee.email,
            subject: 'Neue Nachricht zu einem Ihnen zugewiesenen Antrag',
            text: [
              `Die antragstellende Person hat im Postfach zu einem Antrag geschrieben, der Ihnen bei ${assignee.authority} zugewiesen ist.`,
              '',
              `Antrag ansehen (nach der Anmeldung): ${base}/verwaltung/antraege/${assignee.id}`,
            ].join('\n'),
          });
        }
        return { sent: assignees.length, dropped: ids.length - assignees.length };
      });
    },
  };
}

export type AnswerNotices = ReturnType<typeof createAnswerNotices>;
