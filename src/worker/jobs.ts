import type { Kysely } from 'kysely';
import { runInactivityCleanup } from '../accounts/privacy/inactivity.ts';
import type { Mailer } from '../accounts/sign-in/service.ts';
import { KEY_HOLDERS } from '../app/key-holders.ts';
import { createApplications } from '../applications/applications.ts';
import type { DB } from '../db/schema.ts';
import { sealPlainDrafts } from '../drafts/seal-plain.ts';
import { createDrafts } from '../drafts/service.ts';
import type { Keyring } from '../envelope/envelope.ts';
import { rewrapDataKeys } from '../envelope/rewrap.ts';
import { sealPlainPostfach } from '../mailbox/seal-plain.ts';
import type { Tenancy } from '../tenancy/service.ts';
import type { Job } from './scheduler.ts';

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
      run: () =>
        createDrafts({
          db: deps.db,
          tenancy: deps.tenancy,
          keyring: deps.keyring,
          now: deps.now,
        }).purgeExpired(),
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
      // Drafts and Postfach rows stored before they were sealed (ADR 0012): sealed under their
      // own data keys. Soon after start, then hourly; one indexed look each when all is sealed.
      name: 'drafts.seal-plain',
      everyMs: HOUR_MS,
      run: () => sealPlainDrafts(deps.db, deps.keyring),
    },
    {
      name: 'mailbox.seal-plain',
      everyMs: HOUR_MS,
      run: () => sealPlainPostfach(deps.db, deps.keyring),
    },
    {
      // After a key rotation: data keys under the active Verbund key, unused keys' probes
      // deleted (ADR 0012). Two or three short queries when there is nothing to do.
      name: 'applications.rewrap-keys',
      everyMs: HOUR_MS,
      run: () => rewrapDataKeys(deps.db, deps.keyring, KEY_HOLDERS),
    },
  ];
}
