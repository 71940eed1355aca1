// When a citizen writes in the Postfach thread of an application (most often the answer to a
// request for information), the clerk it is assigned to gets a content-free mail: that there
// is news and where, never what. Nobody assigned: the inbox shows it (the status is
// "in Bearbeitung" again after an answer). Sent after the citizen's message committed: a crash
// in between loses this notice, not the message.
import type { Kysely } from 'kysely';
import { withWorker } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import { queueMailIn } from '../mail/outbox.ts';

export function createAnswerNotices(deps: { db: Kysely<DB>; publicUrl: string }) {
  const { db } = deps;
  const base = deps.publicUrl.replace(/\/$/, '');

  return {
    /** The assigned clerk's notice; false when nobody (active) is assigned. */
    notifyAssignee(applicationId: string): Promise<boolean> {
      // As the worker: the citizen's session may not read staff addresses.
      return withWorker(db, async (trx) => {
        const assignee = await trx
          .selectFrom('application as a')
          .innerJoin('staff as s', 's.id', 'a.assigned_to')
          .innerJoin('authority as au', 'au.id', 'a.authority_id')
          .select(['s.email', 'au.name as authority'])
          .where('a.id', '=', applicationId)
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
          .executeTakeFirst();
        if (assignee === undefined) return false;
        await queueMailIn(trx, {
          to: assignee.email,
          subject: 'Neue Nachricht zu einem Ihnen zugewiesenen Antrag',
          text: [
            `Die antragstellende Person hat im Postfach zu einem Antrag geschrieben, der Ihnen bei ${assignee.authority} zugewiesen ist.`,
            '',
            `Antrag ansehen (nach der Anmeldung): ${base}/verwaltung/antraege/${applicationId}`,
          ].join('\n'),
        });
        return true;
      });
    },
  };
}

export type AnswerNotices = ReturnType<typeof createAnswerNotices>;
