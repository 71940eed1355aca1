// What the back office does inside the applications domain's transactions: at submission the
// due date and the applicant's name tokens, at each status change the due date again. The
// composition root hands these to createApplications (app/services.ts).
import type { ApplicationHooks } from '../applications/options.ts';
import { deadlineAtSubmission, recomputeDeadlines } from './deadlines/service.ts';
import type { BlindIndex } from './name-index/blind-index.ts';

export function backofficeApplicationHooks(blindIndex: BlindIndex): Required<ApplicationHooks> {
  return {
    submitted: async (trx, facts) => {
      await deadlineAtSubmission(trx, facts);
      await blindIndex.index(trx, {
        applicationId: facts.id,
        authorityId: facts.authorityId,
        verbundId: facts.verbundId,
        names: facts.names,
      });
    },
    statusChanged: (trx, applicationIds) => recomputeDeadlines(trx, applicationIds),
  };
}
