import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { type Language, type MailText, mails } from '../mails.ts';
import * as repo from '../repository.ts';

// Failures are forgotten only after a day without one: a guesser who waits out each block
// keeps climbing to the longest block (4 tries an hour, under 100 a day), never back to 5 free.
const THROTTLE_QUIET_MS = 24 * 60 * 60_000;
const THROTTLE_MAX_BLOCK_MS = 15 * 60_000;
const ACCOUNT_FAILURES_ALLOWED = 5;
const ADDRESS_FAILURES_ALLOWED = 20;

export type ThrottleRows = Awaited<ReturnType<typeof repo.findThrottle>>;
type Owner = { id: string; email: string; language: Language };

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;

/** Minutes to wait when any of the rows blocks at `at`; undefined when none does. */
export function retryAfterMinutes(rows: ThrottleRows, at: Date): number | undefined {
  const blocked = rows
    .map((t) => t.blocked_until?.getTime() ?? 0)
    .reduce((a, b) => Math.max(a, b), 0);
  return blocked > at.getTime() ? Math.ceil((blocked - at.getTime()) / 60_000) : undefined;
}

/**
 * Failed sign-ins per key: `email:<hash>` for the account, `ip:<address>` for the client.
 * Wrong passwords and wrong second-factor codes count alike, so neither can be guessed faster
 * than the other.
 */
export function createLoginThrottle(deps: {
  db: Kysely<DB>;
  publicUrl: string;
  sendMail: (to: string, text: MailText) => Promise<void>;
  event: (verbundId: string, accountId: string, kind: string) => Promise<void>;
}) {
  const { db, publicUrl } = deps;

  /** The stored rows, and the minutes to wait when any key is blocked at `at`. */
  async function check(keys: string[], at: Date) {
    const rows = await repo.findThrottle(db, keys);
    return { rows, retryAfterMinutes: retryAfterMinutes(rows, at) };
  }

  async function recordFailure(
    verbund: { id: string; name: string },
    keys: readonly string[],
    existing: ThrottleRows,
    account: Owner | undefined,
    at: Date,
    kind = 'login.failed',
  ): Promise<void> {
    for (const key of keys) {
      const row = existing.find((t) => t.key === key);
      // window_started_at holds the time of the latest failure (a sliding window).
      const fresh =
        row === undefined || at.getTime() - row.window_started_at.getTime() > THROTTLE_QUIET_MS;
      const failures = fresh ? 1 : row.failures + 1;
      const allowed = key.startsWith('ip:') ? ADDRESS_FAILURES_ALLOWED : ACCOUNT_FAILURES_ALLOWED;
      // Growing delays: 30 s after the allowed failures, doubling with each further one.
      const blockMs =
        failures >= allowed
          ? Math.min(30_000 * 2 ** (failures - allowed), THROTTLE_MAX_BLOCK_MS)
          : 0;
      let notified = fresh ? null : row.owner_notified_at;
      if (
        !key.startsWith('ip:') &&
        failures >= allowed &&
        notified === null &&
        account !== undefined
      ) {
        notified = at;
        await deps.sendMail(
          account.email,
          mails.failedLogins(
            account.language,
            verbund.name,
            `${publicUrl}/konto/passwort-vergessen`,
          ),
        );
      }
      await repo.saveThrottle(db, {
        key,
        failures,
        windowStartedAt: at,
        blockedUntil: blockMs > 0 ? new Date(at.getTime() + blockMs) : null,
        ownerNotifiedAt: notified,
      });
    }
    if (account !== undefined) await deps.event(verbund.id, account.id, kind);
  }

  async function clear(key: string): Promise<void> {
    await repo.clearThrottle(db, key);
  }

  return { check, recordFailure, clear };
}
