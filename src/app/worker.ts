// The composition root, worker role: every scheduled job, each a use case of a service built
// once in services.ts (the same services the web role uses).

import { runInactivityCleanup } from '../accounts/privacy/inactivity.ts';
import { PASSWORD_RESETS_JOB } from '../accounts/sign-in/service.ts';
import { sealPlainTotp } from '../accounts/two-factor/seal-plain.ts';
import { verifyAudit } from '../audit/service.ts';
import { ANSWER_NOTICES_JOB } from '../backoffice/answer-notices.ts';
import { REMINDER_EVERY_MS } from '../backoffice/deadlines/reminders.ts';
import { DIGEST_EVERY_MS } from '../delivery/attention.ts';
import {
  XDOMEA_CONFIRMATIONS_EVERY_MS,
  XDOMEA_CONFIRMATIONS_JOB,
} from '../delivery/connectors/xdomea/confirmations.ts';
import { sealPlainDrafts } from '../drafts/seal-plain.ts';
import { rewrapDataKeys } from '../envelope/rewrap.ts';
import { IDENTITY_PURGE_JOB, purgeExpiredIdentityRows } from '../identity/expired.ts';
import { MAIL_OUTBOX_EVERY_MS, MAIL_OUTBOX_JOB } from '../mail/outbox.ts';
import { sealPlainPostfach } from '../mailbox/seal-plain.ts';
import { type Job, type JobLog, startScheduler } from '../worker/scheduler.ts';
import { KEY_HOLDERS } from './key-holders.ts';
import type { Services } from './services.ts';

const HOUR_MS = 60 * 60_000;
/** How soon a receipt reaches the Postfach after sending, at most (plus the time to render). */
export const RECEIPTS_EVERY_MS = 2_000;

/** The jobs that send what requests queue: test apps run these beside the web role. */
export const MAIL_JOBS: readonly string[] = [
  MAIL_OUTBOX_JOB,
  PASSWORD_RESETS_JOB,
  ANSWER_NOTICES_JOB,
];

/** Every scheduled job of the worker role, wired to its domain. */
export function workerJobs(s: Services): Job[] {
  return [
    {
      // Every mail the portal sends (ADR 0019); woken at once by a queue in this process.
      name: MAIL_OUTBOX_JOB,
      everyMs: MAIL_OUTBOX_EVERY_MS,
      run: () => s.mailSender.deliverDue(),
    },
    {
      // Reset links asked for on /konto/passwort-vergessen, looked up and mailed here.
      name: PASSWORD_RESETS_JOB,
      everyMs: MAIL_OUTBOX_EVERY_MS,
      run: () => s.accounts.processPasswordResets(),
    },
    {
      // The assigned clerk's notice of a citizen's message, queued with the message.
      name: ANSWER_NOTICES_JOB,
      everyMs: MAIL_OUTBOX_EVERY_MS,
      run: () => s.answerNotices.sendQueued(),
    },
    {
      name: 'accounts.inactivity-cleanup',
      everyMs: 6 * HOUR_MS,
      run: () =>
        runInactivityCleanup({
          db: s.db,
          mailer: s.mail,
          publicUrl: s.config.publicUrl,
          verbund: s.verbund,
          ...(s.now ? { now: s.now } : {}),
        }),
    },
    {
      // The DMS's 0402/0403 answers in the xdomea routes' answer folders (ADR 0027); a few
      // directory reads when nothing came, none without xdomea routes.
      name: XDOMEA_CONFIRMATIONS_JOB,
      everyMs: XDOMEA_CONFIRMATIONS_EVERY_MS,
      run: () => s.delivery.xdomeaConfirmations.run(),
    },
    {
      // Federated sign-in's short-lived rows once expired (a pending link holds attributes).
      name: IDENTITY_PURGE_JOB,
      everyMs: HOUR_MS,
      run: () => purgeExpiredIdentityRows(s.db, s.now?.() ?? new Date()),
    },
    {
      // Expired drafts (30 days after their last save) and what hangs off them (FK cascade).
      name: 'forms.expired-drafts',
      everyMs: HOUR_MS,
      run: () => s.drafts.purgeExpired(),
    },
    {
      // Applications past their retention period; the log keeps the reference numbers deleted.
      name: 'applications.retention',
      everyMs: 6 * HOUR_MS,
      run: async () => ({ deleted: await s.applications.purgeExpired() }),
    },
    {
      // The receipt PDF for each application sent, into its Postfach confirmation, then the
      // notice mail (ADR 0014). Often: the citizen is waiting for it.
      name: 'applications.receipts',
      everyMs: RECEIPTS_EVERY_MS,
      run: () => s.applications.postPendingReceipts(),
    },
    {
      // Failed and long-pending deliveries, per authority to its admins: one digest a day
      // (delivery_digest remembers), looked at hourly.
      name: 'delivery.digest',
      everyMs: DIGEST_EVERY_MS,
      run: () => s.delivery.attention.sendDigests(),
    },
    {
      // Every audit chain from its first entry (the auditors' page checks only what is new):
      // a break is recorded and shown there, and logged here without personal data.
      name: 'audit.verify-chains',
      everyMs: 24 * HOUR_MS,
      run: async () => {
        const outcome = await verifyAudit(s.db, 1000, s.now?.() ?? new Date());
        if (!outcome.ok) {
          const { chainId, seq, reason } = outcome.broken;
          throw new Error(`audit chain ${chainId} broken at position ${seq} (${reason})`);
        }
        return { entries: outcome.entries, chains: outcome.chains };
      },
    },
    {
      // Each clerk's mail of what falls due (issue 11): looked at hourly, sent once a working
      // day from 7 o'clock Berlin time (deadline_reminder remembers).
      name: 'backoffice.deadline-reminders',
      everyMs: REMINDER_EVERY_MS,
      run: () => s.deadlineReminders.sendReminders(),
    },
    {
      // Drafts and Postfach rows stored before they were sealed (ADR 0012): sealed under their
      // own data keys. Soon after start, then hourly; one indexed look each when all is sealed.
      name: 'drafts.seal-plain',
      everyMs: HOUR_MS,
      run: () => sealPlainDrafts(s.db, s.config.applicationKeys),
    },
    {
      name: 'mailbox.seal-plain',
      everyMs: HOUR_MS,
      run: () => sealPlainPostfach(s.db, s.config.applicationKeys),
    },
    {
      // Citizens' TOTP secrets set up before they were sealed (ADR 0022).
      name: 'accounts.seal-plain-totp',
      everyMs: HOUR_MS,
      run: () => sealPlainTotp(s.db, s.config.applicationKeys),
    },
    {
      // After a key rotation: the data keys of applications, drafts and Postfach threads under
      // the active Verbund key, unused keys' probes deleted (ADR 0012). A few short queries
      // when there is nothing to do.
      name: 'applications.rewrap-keys',
      everyMs: HOUR_MS,
      run: () => rewrapDataKeys(s.db, s.config.applicationKeys, KEY_HOLDERS),
    },
  ];
}

/**
 * The worker role of a process: the scheduled jobs and the outbox worker (ADR 0020), which
 * runs its own loop (due deliveries are drained without pause, an idle one looks every 200 ms).
 * stop() lets deliveries in flight finish or gives them back, then ends the jobs.
 */
export function startWorkerRole(
  s: Services,
  log: JobLog,
): { stop(): Promise<void>; wake(job: string): void } {
  const scheduler = startScheduler(workerJobs(s), log);
  const outbox = s.delivery.outboxWorker();
  outbox.start();
  return {
    wake: (job) => scheduler.wake(job),
    async stop() {
      await Promise.all([outbox.stop(), scheduler.stop()]);
    },
  };
}
