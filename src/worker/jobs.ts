import type { Kysely } from 'kysely';
import { runInactivityCleanup } from '../accounts/privacy/inactivity.ts';
import type { Mailer } from '../accounts/sign-in/service.ts';
import { createApplications } from '../applications/applications.ts';
import type { Keyring } from '../applications/envelope.ts';
import { rewrapDataKeys } from '../applications/rewrap.ts';
import type { Config } from '../config.ts';
import type { DB } from '../db/schema.ts';
import { builtInConnectors } from '../delivery/connectors/registry.ts';
import { createOutboxWorker, type OutboxLog, type OutboxWorker } from '../delivery/outbox.ts';
import { createDrafts } from '../drafts/service.ts';
import type { Tenancy } from '../tenancy/service.ts';
import { type Job, type JobLog, startScheduler } from './scheduler.ts';

const HOUR_MS = 60 * 60_000;
/** How soon a receipt reaches the Postfach after sending, at most (plus the time to render). */
export const RECEIPTS_EVERY_MS = 2_000;

/** Every scheduled job of the worker role, wired to its domain. */
export function workerJobs(deps: {
  db: Kysely<DB>;
  mailer: Mailer;
  publicUrl: string;
  tenancy: Tenancy;
  /** The Verbund keys, to render receipts from the encrypted snapshots. */
  keyring: Keyring;
  /** The clock of jobs that compare with the time (tests move it). */
  now?: () => Date;
}): Job[] {
  const verbund = async () => (await deps.tenancy.directory()).verbund;
  const applications = createApplications({
    db: deps.db,
    tenancy: deps.tenancy,
    keyring: deps.keyring,
    mailer: deps.mailer,
    publicUrl: deps.publicUrl,
    ...(deps.now ? { now: deps.now } : {}),
  });
  return [
    {
      name: 'accounts.inactivity-cleanup',
      everyMs: 6 * HOUR_MS,
      run: () =>
        runInactivityCleanup({
          db: deps.db,
          mailer: deps.mailer,
          publicUrl: deps.publicUrl,
          verbund,
        }),
    },
    {
      // Expired drafts (30 days after their last save) and what hangs off them (FK cascade).
      name: 'forms.expired-drafts',
      everyMs: HOUR_MS,
      run: () => createDrafts({ db: deps.db, tenancy: deps.tenancy, now: deps.now }).purgeExpired(),
    },
    {
      // Applications past their retention period; the log keeps the reference numbers deleted.
      name: 'applications.retention',
      everyMs: 6 * HOUR_MS,
      run: async () => ({ deleted: await applications.purgeExpired() }),
    },
    {
      // The receipt PDF for each application sent, into its Postfach confirmation, then the
      // notice mail (ADR 0014). Often: the citizen is waiting for it.
      name: 'applications.receipts',
      everyMs: RECEIPTS_EVERY_MS,
      run: () => applications.postPendingReceipts(),
    },
    {
      // After a key rotation: data keys under the active Verbund key, unused keys' probes
      // deleted (ADR 0012). Two or three short queries when there is nothing to do.
      name: 'applications.rewrap-keys',
      everyMs: HOUR_MS,
      run: () => rewrapDataKeys(deps.db, deps.keyring),
    },
  ];
}

/**
 * The outbox worker (ADR 0015), wired to its domain: the built-in connectors, the applications
 * domain to load what it delivers, the mailer for failure alerts. Runs beside the scheduler.
 */
export function outboxWorker(deps: {
  db: Kysely<DB>;
  mailer: Mailer;
  publicUrl: string;
  tenancy: Tenancy;
  keyring: Keyring;
  delivery: Config['delivery'];
  log: OutboxLog;
}): OutboxWorker {
  const applications = createApplications({
    db: deps.db,
    tenancy: deps.tenancy,
    keyring: deps.keyring,
    mailer: deps.mailer,
    publicUrl: deps.publicUrl,
  });
  return createOutboxWorker({
    db: deps.db,
    connectors: builtInConnectors({ mailer: deps.mailer }),
    keyring: deps.keyring,
    load: applications.deliverable,
    log: deps.log,
    mailer: deps.mailer,
    concurrency: deps.delivery.concurrency,
    ...(deps.delivery.leaseMs ? { leaseMs: deps.delivery.leaseMs } : {}),
    backoff: {
      maxAttempts: deps.delivery.maxAttempts,
      baseMs: deps.delivery.retryBaseMs,
      maxMs: deps.delivery.retryMaxMs,
    },
  });
}

/** The worker role of a process: scheduled jobs and the outbox worker; stop() ends both. */
export function startWorkerRole(
  deps: Parameters<typeof workerJobs>[0] &
    Parameters<typeof outboxWorker>[0] & { log: JobLog & OutboxLog },
): { stop(): Promise<void> } {
  const scheduler = startScheduler(workerJobs(deps), deps.log);
  const outbox = outboxWorker(deps);
  outbox.start();
  return {
    async stop() {
      await Promise.all([outbox.stop(), scheduler.stop()]);
    },
  };
}
