// Every mail the portal sends goes through the table mail_outbox (ADR 0019): domains queue it
// in one insert and go on; the worker job `mail.outbox` sends it through the real transport
// (SMTP, or the development outbox) and retries with backoff while the relay is away. No
// request waits for SMTP, whoever the mail is for, and no mail is lost in an outage.
import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import { MailDeliveryError, type Mailer, type MailMessage } from './mailer.ts';

export const MAIL_OUTBOX_JOB = 'mail.outbox';
/** How often the worker looks for due mail when nothing wakes it (another process queued it). */
export const MAIL_OUTBOX_EVERY_MS = 1_000;
const BATCH = 20;
const LEASE_MS = 2 * 60_000;
const FIRST_RETRY_MS = 15_000;
const MAX_RETRY_MS = 60 * 60_000;
/** About a day of tries (15 s doubling to an hour), then the mail is given up. */
export const MAX_MAIL_ATTEMPTS = 30;

/** What domains get instead of a transport: `send` only queues. */
export type MailQueue = Pick<Mailer, 'send'>;

async function asRole(trx: Transaction<DB>, role: 'app_user' | 'app_worker') {
  await sql`select set_config('role', ${role}, true)`.execute(trx);
}

/**
 * Queues a mail inside the caller's transaction (acting as app_user or app_worker, both may
 * add to the queue): the mail goes out if and only if what it reports is committed.
 */
export async function queueMailIn(trx: Transaction<DB>, message: MailMessage): Promise<void> {
  await trx
    .insertInto('mail_outbox')
    .values({ recipient: message.to, subject: message.subject, body: message.text })
    .execute();
}

/**
 * `send` inserts the mail (as app_user: the queue is write-only for it) and resolves; `wake`
 * tells a worker in the same process to send it now rather than at its next round.
 */
export function createMailQueue(db: Kysely<DB>, options: { wake?: () => void } = {}): MailQueue {
  return {
    async send(message: MailMessage) {
      await db.transaction().execute(async (trx) => {
        await asRole(trx, 'app_user');
        await queueMailIn(trx, message);
      });
      options.wake?.();
    },
  };
}

export type MailRound = { sent: number; retrying: number; failed: number };

/** The worker's half: due mails out through `transport`, each at most once at a time. */
export function createMailSender(deps: {
  db: Kysely<DB>;
  transport: Pick<Mailer, 'send'>;
  now?: () => Date;
}) {
  const { db, transport } = deps;
  const now = deps.now ?? (() => new Date());

  const asWorker = <T>(fn: (trx: Transaction<DB>) => Promise<T>) =>
    db.transaction().execute(async (trx) => {
      await asRole(trx, 'app_worker');
      return fn(trx);
    });

  /** Claims due mails with a lease, so several workers never send one twice at once. */
  const claim = (at: Date) =>
    asWorker(async (trx) => {
      const due = await trx
        .selectFrom('mail_outbox')
        .select('id')
        .where('failed_at', 'is', null)
        .where('next_attempt_at', '<=', at)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', at)]))
        .orderBy('queued_at')
        .limit(BATCH)
        .forUpdate()
        .skipLocked()
        .execute();
      if (due.length === 0) return [];
      return trx
        .updateTable('mail_outbox')
        .set({
          locked_until: new Date(at.getTime() + LEASE_MS),
          attempts: sql`attempts + 1`,
        })
        .where(
          'id',
          'in',
          due.map((row) => row.id),
        )
        .returning(['id', 'recipient', 'subject', 'body', 'attempts'])
        .execute();
    });

  async function deliverDue(): Promise<MailRound> {
    const round: MailRound = { sent: 0, retrying: 0, failed: 0 };
    for (;;) {
      const at = now();
      const batch = await claim(at);
      for (const mail of batch) {
        try {
          await transport.send({ to: mail.recipient, subject: mail.subject, text: mail.body });
          await asWorker((trx) =>
            trx.deleteFrom('mail_outbox').where('id', '=', mail.id).execute(),
          );
          round.sent++;
        } catch (error) {
          // MailDeliveryError messages name no recipient and no content (mailer.ts).
          const reason =
            error instanceof MailDeliveryError
              ? error.message
              : 'mail delivery failed: unexpected error';
          const permanent = error instanceof MailDeliveryError && error.permanent;
          if (permanent || mail.attempts >= MAX_MAIL_ATTEMPTS) {
            // Given up: only the reason stays, not the address, the subject or the links.
            await asWorker((trx) =>
              trx
                .updateTable('mail_outbox')
                .set({
                  failed_at: now(),
                  last_error: reason,
                  recipient: '',
                  subject: '',
                  body: '',
                  locked_until: null,
                })
                .where('id', '=', mail.id)
                .execute(),
            );
            round.failed++;
          } else {
            const backoff = Math.min(FIRST_RETRY_MS * 2 ** (mail.attempts - 1), MAX_RETRY_MS);
            // Jitter spreads a queue that piled up during an outage over the minutes after it.
            const delay = backoff * (0.8 + Math.random() * 0.4);
            await asWorker((trx) =>
              trx
                .updateTable('mail_outbox')
                .set({
                  next_attempt_at: new Date(now().getTime() + delay),
                  last_error: reason,
                  locked_until: null,
                })
                .where('id', '=', mail.id)
                .execute(),
            );
            round.retrying++;
          }
        }
      }
      if (batch.length < BATCH) return round;
    }
  }

  return { deliverDue };
}
