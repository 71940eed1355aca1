// Nothing fails silently (issue 12): what staff see of deliveries that need them, the resend,
// the alert to the authority's admins when a delivery failed for good, the daily digest, and
// how far an application's delivery got as the citizen may learn it. Mails are content-free:
// no reference numbers, names or answers, only counts and where to look.
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/service.ts';
import { type Requester, withAuthority, withRequester, withWorker } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import type { Mailer } from '../mail/mailer.ts';
import { isUuid } from '../uuid.ts';
import * as repo from './attention-repository.ts';

/** Pending longer than this is late: staff are told, the citizen gets the honest line. */
export const LATE_AFTER_MS = 60 * 60_000;
const DAY_MS = 24 * 60 * 60_000;
/** The digest job runs hourly; one digest a day per authority (an hour's leeway for jitter). */
export const DIGEST_EVERY_MS = 60 * 60_000;

/** How far an application's delivery got, for the citizen's page. */
export type DeliveryProgress = 'delivered' | 'under_way' | 'late';

export type DeliveryAttentionDeps = {
  db: Kysely<DB>;
  publicUrl: string;
  /** The mail queue (ADR 0019): alerts and digests survive an SMTP outage. */
  mail: Pick<Mailer, 'send'>;
  now?: () => Date;
};

export type StaffActor = { staffId: string; verbundId: string; authorityId: string };

export function createDeliveryAttention(deps: DeliveryAttentionDeps) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const lateBefore = () => new Date(now().getTime() - LATE_AFTER_MS);
  const listHref = `${deps.publicUrl.replace(/\/$/, '')}/verwaltung/zustellungen`;

  return {
    /** For the banner: failed or refused, and late, of the authority. */
    counts(authorityId: string) {
      return withAuthority(db, authorityId, (trx) =>
        repo.attentionCounts(trx, authorityId, lateBefore()),
      );
    },

    async list(authorityId: string) {
      const rows = await withAuthority(db, authorityId, (trx) =>
        repo.attentionList(trx, authorityId),
      );
      const late = lateBefore();
      return rows.map((r) => ({ ...r, late: r.status === 'pending' && r.created_at < late }));
    },

    /**
     * "Erneut senden": attempts from zero, due now, the idempotency key kept; audited in the
     * same transaction. False when it is not failed or refused (any more).
     */
    resend(actor: StaffActor, deliveryId: string, ip: string | null): Promise<boolean> {
      const at = now();
      return withAuthority(db, actor.authorityId, async (trx) => {
        const row = await repo.resendDelivery(trx, {
          authorityId: actor.authorityId,
          id: deliveryId,
          at,
        });
        if (row === undefined) return false;
        await appendAudit(trx, {
          authorityId: actor.authorityId,
          verbundId: actor.verbundId,
          staffId: actor.staffId,
          action: 'delivery.resent',
          subject: { type: 'delivery', id: row.id },
          ip,
          at,
        });
        return true;
      });
    },

    /** Every delivery of one application with its attempts and last error (casework detail). */
    attemptsFor(authorityId: string, applicationId: string) {
      return withAuthority(db, authorityId, (trx) => repo.attemptsOf(trx, applicationId));
    },

    /**
     * How far the application's delivery got, read as the citizen (or the anonymous browser)
     * that sent it: only the summary of migration 2026-12-05-03-01 leaves the delivery table,
     * no routes or errors, and someone else's application reads as "under way" (ADR 0044).
     */
    async progress(requester: Requester, applicationId: string): Promise<DeliveryProgress> {
      if (!isUuid(applicationId)) return 'under_way';
      const state = await withRequester(db, requester, (trx) =>
        repo.applicationDeliveryState(trx, applicationId),
      );
      if (state.total > 0 && state.delivered === state.total) return 'delivered';
      const late =
        state.retrying > 0 ||
        (state.oldestOpen !== null && state.oldestOpen.getTime() < lateBefore().getTime());
      return late ? 'late' : 'under_way';
    },

    /** The worker's alert after a delivery failed or was refused for good. */
    async alertAdmins(authorityId: string, status: 'failed' | 'rejected'): Promise<number> {
      const to = await withWorker(db, (trx) => repo.adminEmails(trx, authorityId));
      for (const address of to) {
        await deps.mail.send({
          to: address,
          subject:
            status === 'failed'
              ? 'Zustellung fehlgeschlagen'
              : 'Zustellung vom Fachverfahren abgelehnt',
          text: [
            status === 'failed'
              ? 'Ein Antrag konnte nach allen Versuchen nicht an Ihr Fachverfahren oder DMS zugestellt werden.'
              : 'Ihr Fachverfahren oder DMS hat die Annahme eines Antrags abgelehnt.',
            'Der Antrag ist sicher im Portal gespeichert.',
            '',
            `Zustellungen prüfen und erneut senden: ${listHref}`,
          ].join('\n'),
        });
      }
      return to.length;
    },

    /** Daily, per authority with something to report: counts only, to its admins. */
    async sendDigests(): Promise<{ authorities: number; mails: number }> {
      const at = now();
      const rows = await withWorker(db, (trx) => repo.attentionByAuthority(trx, lateBefore()));
      let authorities = 0;
      let mails = 0;
      for (const row of rows) {
        const to = await withWorker(db, async (trx) => {
          const claimed = await repo.claimDigest(trx, {
            authorityId: row.authority_id,
            at,
            sentBefore: new Date(at.getTime() - DAY_MS + DIGEST_EVERY_MS),
          });
          return claimed ? repo.adminEmails(trx, row.authority_id) : [];
        });
        if (to.length === 0) continue;
        authorities++;
        for (const address of to) {
          await deps.mail.send({
            to: address,
            subject: 'Tägliche Übersicht: Zustellungen, die Ihre Aufmerksamkeit brauchen',
            text: [
              `Fehlgeschlagen oder abgelehnt: ${row.failed}`,
              `Seit über einer Stunde unterwegs: ${row.late}`,
              '',
              `Zustellungen prüfen und erneut senden: ${listHref}`,
            ].join('\n'),
          });
          mails++;
        }
      }
      return { authorities, mails };
    },
  };
}

export type DeliveryAttention = ReturnType<typeof createDeliveryAttention>;
