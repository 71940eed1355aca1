import { createHash, createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import { type Language, type MailText, mails } from '../mails.ts';
import * as repo from '../repository.ts';
import { emailKey, hashToken } from '../tokens.ts';

// Failures are forgotten only after a day without one: a guesser who waits out each block
// keeps climbing to the longest block (4 tries an hour, under 100 a day), never back to 5 free.
const THROTTLE_QUIET_MS = 24 * 60 * 60_000;
export const ACCOUNT_FAILURES_ALLOWED = 5;
export const ADDRESS_FAILURES_ALLOWED = 20;
/** How long a browser that signed in stays a known device for that address (ADR 0018). */
export const DEVICE_TTL_MS = 180 * 24 * 60 * 60_000;

type Owner = { id: string; email: string; language: Language };

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;

/**
 * The two keys an attempt counts on: first the account's (`email:<hash>`, shared by every
 * browser that is not a known device of the address) or, from a known device, that device's
 * own (`device:<hash>`); second the client's (`ip:<address>`). ADR 0018.
 */
export type ThrottleKeys = { keys: readonly [string, string]; knownDevice: boolean };

/** An attempt that was counted on both keys (and may go on), or one refused as blocked. */
export type Attempt =
  | { kind: 'counted'; keys: readonly [string, string]; counted: repo.CountedKey[] }
  | { kind: 'throttled'; retryAfterMinutes: number };

/** Minutes to wait when any of the rows blocks at `at`; undefined when none does. */
export function retryAfterMinutes(
  rows: readonly { blocked_until: Date | null }[],
  at: Date,
): number | undefined {
  const blocked = rows
    .map((t) => t.blocked_until?.getTime() ?? 0)
    .reduce((a, b) => Math.max(a, b), 0);
  return blocked > at.getTime() ? Math.ceil((blocked - at.getTime()) / 60_000) : undefined;
}

const ALLOWED = { account: ACCOUNT_FAILURES_ALLOWED, address: ADDRESS_FAILURES_ALLOWED };

/**
 * Sign-in attempts per key, counted before the password or code is checked: each attempt
 * reserves one try in an atomic upsert and goes on only when it was counted, so parallel
 * attempts cannot all pass a check that each read before the others wrote (issue 14, item 1).
 * An attempt that turns out right gives its try back. Wrong passwords and wrong second-factor
 * codes count alike, so neither can be guessed faster than the other.
 */
export function createLoginThrottle(deps: {
  db: Kysely<DB>;
  publicUrl: string;
  sendMail: (to: string, text: MailText) => Promise<void>;
  event: (verbundId: string, accountId: string, kind: string) => Promise<void>;
  /** Signs device cookies; derived from the session secret. */
  deviceSecret: string;
}) {
  const { db, publicUrl } = deps;
  const deviceKey = createHash('sha256').update(`device-cookie\0${deps.deviceSecret}`).digest();

  const params = (at: Date): repo.ThrottleParams => ({
    at,
    quietSince: new Date(at.getTime() - THROTTLE_QUIET_MS),
    attempt: randomUUID(),
    accountAllowed: ACCOUNT_FAILURES_ALLOWED,
    addressAllowed: ADDRESS_FAILURES_ALLOWED,
  });

  const deviceMac = (nonce: string, expiresDay: string, account: string) =>
    createHmac('sha256', deviceKey).update(`${nonce}.${expiresDay}.${account}`).digest();

  /**
   * A device cookie for the address just signed in with: a random id, the day it ends and a
   * MAC over both and the address's key. It names no address and opens nothing by itself.
   */
  function issueDevice(email: string, at: Date): { value: string; expiresAt: Date } {
    const nonce = randomBytes(16).toString('base64url');
    const expiresDay = String(Math.floor((at.getTime() + DEVICE_TTL_MS) / 86_400_000));
    const mac = deviceMac(nonce, expiresDay, emailKey(email)).toString('base64url');
    return {
      value: `${nonce}.${expiresDay}.${mac}`,
      expiresAt: new Date(at.getTime() + DEVICE_TTL_MS),
    };
  }

  /** The device's own key when `cookie` is a live device cookie for this address. */
  function knownDevice(cookie: string | undefined, email: string, at: Date): string | undefined {
    if (cookie === undefined || cookie.length > 200) return undefined;
    const [nonce, expiresDay, mac, extra] = cookie.split('.');
    if (nonce === undefined || expiresDay === undefined || mac === undefined || extra !== undefined)
      return undefined;
    if (!/^\d{1,7}$/.test(expiresDay) || Number(expiresDay) * 86_400_000 <= at.getTime())
      return undefined;
    const expected = deviceMac(nonce, expiresDay, emailKey(email));
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    return `device:${hashToken(nonce)}`;
  }

  function keysFor(
    email: string,
    clientKey: string,
    deviceCookie: string | undefined,
    at: Date,
  ): ThrottleKeys {
    const device = knownDevice(deviceCookie, email, at);
    const address = `ip:${clientKey}`;
    return device === undefined
      ? { keys: [emailKey(email), address], knownDevice: false }
      : { keys: [device, address], knownDevice: true };
  }

  /**
   * Goes on only when the attempt was counted on both keys. One refused key refuses the
   * attempt; what it counted on the other is given back, so a blocked client cannot run up
   * an account's count.
   */
  async function judge(
    keys: readonly [string, string],
    counted: repo.CountedKey[],
    at: Date,
  ): Promise<Attempt> {
    if (counted.length === 2 && counted.every((row) => row.counted))
      return { kind: 'counted', keys, counted };
    const given = counted.filter((row) => row.counted).map((row) => row.key);
    if (given.length > 0) await repo.refundAttempt(db, given, ALLOWED);
    return { kind: 'throttled', retryAfterMinutes: retryAfterMinutes(counted, at) ?? 1 };
  }

  /** Counts one attempt on both keys (the sign-in counts in its own statement, see login). */
  async function attempt(keys: readonly [string, string], at: Date): Promise<Attempt> {
    return judge(keys, await repo.countAttempt(db, keys, params(at)), at);
  }

  /**
   * The counted attempt was wrong: it stays counted. The owner of a known address is told
   * once, when its account key reaches the allowance (exactly one attempt counts to it).
   */
  async function failed(
    verbund: { id: string; name: string },
    counted: Extract<Attempt, { kind: 'counted' }>,
    account: Owner | undefined,
    kind = 'login.failed',
  ): Promise<void> {
    const accountKey = counted.counted.find((row) => row.key.startsWith('email:'));
    if (account !== undefined && accountKey?.failures === ACCOUNT_FAILURES_ALLOWED) {
      await deps.sendMail(
        account.email,
        mails.failedLogins(account.language, verbund.name, `${publicUrl}/konto/passwort-vergessen`),
      );
    }
    if (account !== undefined) await deps.event(verbund.id, account.id, kind);
  }

  /** The counted attempt was right: the account's (or device's) key is cleared, the client's one less. */
  async function succeeded(counted: Extract<Attempt, { kind: 'counted' }>): Promise<void> {
    await repo.clearThrottle(db, counted.keys[0]);
    await repo.refundAttempt(db, [counted.keys[1]], ALLOWED);
  }

  /** The attempt was no guess after all (a right password before its code): given back. */
  async function refund(counted: Extract<Attempt, { kind: 'counted' }>): Promise<void> {
    await repo.refundAttempt(db, counted.keys, ALLOWED);
  }

  return { params, judge, attempt, failed, succeeded, refund, keysFor, issueDevice };
}
