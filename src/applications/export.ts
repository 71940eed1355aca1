// The applications' share of the citizen's data export (GDPR Art. 15 and 20): what was sent,
// decrypted, with its status history. Read as the citizen, under row-level security.
import { withAccount } from '../db/rls.ts';
import type { ApplicationsDeps } from './options.ts';
import * as repo from './repository.ts';
import { openSnapshot } from './sealed.ts';

export function createExport({ db, keyring }: Pick<ApplicationsDeps, 'db' | 'keyring'>) {
  function exportFor(accountId: string) {
    return withAccount(db, accountId, async (trx) => {
      const summaries = await repo.listOfAccount(trx, accountId, 10_000);
      const result = [];
      for (const summary of summaries.reverse()) {
        const row = await repo.findApplication(trx, summary.id);
        if (row === undefined) continue;
        const snapshot = openSnapshot(keyring, row);
        result.push({
          reference: row.reference,
          service: row.title,
          authority: row.authority_name,
          status: row.status,
          submittedAt: row.submitted_at,
          answers: snapshot.sections,
          attachments: snapshot.attachments,
          profileUsed: snapshot.profile,
          history: (await repo.listEvents(trx, row.id)).map((e) => ({
            status: e.status,
            actor: e.actor,
            note: e.note,
            at: e.created_at,
          })),
        });
      }
      return result;
    });
  }

  return { exportFor };
}
