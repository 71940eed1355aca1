import { type Kysely, sql } from 'kysely';
import { withWorker } from '../../db/rls.ts';
import type { DB } from '../../db/schema.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { formatLongDate } from '../../web/format.ts';
import { mails } from '../mails.ts';
import { eraseAccount } from './service.ts';

// GDPR storage limitation: an account unused for 24 months gets a warning, a second one two
// weeks later, and is deleted two weeks after that unless its owner signs in (which resets it).
export const INACTIVE_AFTER_DAYS = 730;
export const WARNING_INTERVAL_DAYS = 14;
const DAY_MS = 24 * 60 * 60_000;

export type InactivityDeps = {
  db: Kysely<DB>;
  mailer: Pick<Mailer, 'send'>;
  publicUrl: string;
  verbund: () => Promise<{ id: string; name: string }>;
  now?: () => Date;
  batchSize?: number;
};

export type InactivityOutcome = { warned: number; deleted: number };

/**
 * One pass of the clean-up. Safe with several workers: each account is handled in its own
 * transaction that locks its row with SKIP LOCKED. A warning is recorded only after its mail
 * went out, so a mail server outage delays the deletion rather than skipping the warning.
 */
export async function runInactivityCleanup(deps: InactivityDeps): Promise<InactivityOutcome> {
  const now = (deps.now ?? (() => new Date()))();
  const verbund = await deps.verbund();
  const inactiveSince = new Date(now.getTime() - INACTIVE_AFTER_DAYS * DAY_MS);
  const lastWarningBefore = new Date(now.getTime() - WARNING_INTERVAL_DAYS * DAY_MS);
  const outcome: InactivityOutcome = { warned: 0, deleted: 0 };
  for (let i = 0; i < (deps.batchSize ?? 100); i++) {
    // A job over all accounts: the worker role (ADR 0021).
    const handled = await withWorker(deps.db, async (trx) => {
      const account = await trx
        .selectFrom('account')
        .select(['id', 'email', 'language', 'inactivity_warnings'])
        .where('verbund_id', '=', verbund.id)
        .where(sql<Date>`coalesce(last_login_at, created_at)`, '<=', inactiveSince)
        .where((eb) =>
          eb.or([
            eb('inactivity_warned_at', 'is', null),
            eb('inactivity_warned_at', '<=', lastWarningBefore),
          ]),
        )
        .orderBy(sql`coalesce(last_login_at, created_at)`)
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (account === undefined) return false;
      if (account.inactivity_warnings >= 2) {
        await eraseAccount(trx, account.id, verbund.id, 'account.deleted_inactive', now);
        outcome.deleted++;
        return true;
      }
      const remainingWarnings = 2 - account.inactivity_warnings;
      const deleteOn = new Date(now.getTime() + remainingWarnings * WARNING_INTERVAL_DAYS * DAY_MS);
      const day = formatLongDate(deleteOn, account.language);
      await deps.mailer.send({
        to: account.email,
        ...mails.inactivity(
          account.language,
          verbund.name,
          day,
          `${deps.publicUrl}/konto/anmelden`,
        ),
      });
      await trx
        .updateTable('account')
        .set({ inactivity_warnings: account.inactivity_warnings + 1, inactivity_warned_at: now })
        .where('id', '=', account.id)
        .execute();
      outcome.warned++;
      return true;
    });
    if (!handled) break;
  }
  return outcome;
}
