import { withWorker } from '../db/rls.ts';
import type { ApplicationsDeps } from './options.ts';

/** When an application closed at `at` is due for deletion. */
export function retainUntil(at: Date, retentionMonths: number): Date {
  const result = new Date(at);
  result.setUTCMonth(result.getUTCMonth() + retentionMonths);
  return result;
}

export function createRetention({ db, now }: Pick<ApplicationsDeps, 'db' | 'now'>) {
  /**
   * Worker: deletes applications whose retention period after closing has passed, with
   * their history, files and outbox rows. Returns the reference numbers for the log.
   */
  async function purgeExpired(): Promise<string[]> {
    const rows = await withWorker(db, async (trx) => {
      return trx
        .deleteFrom('application')
        .where('retain_until', '<=', now())
        .returning('reference')
        .execute();
    });
    return rows.map((r) => r.reference);
  }

  return { purgeExpired };
}
