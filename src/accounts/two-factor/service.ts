// Two-factor sign-in for the Bürgerkonto: TOTP (RFC 6238: HMAC-SHA-1, 6 digits, 30 s steps,
// one step of clock drift either way) plus ten single-use recovery codes. A session opened
// with the second factor has trust level `low` (STORK-QAA 2); with the password alone `basic`.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { Secret, TOTP } from 'otpauth';
import { withAccount } from '../../db/rls.ts';
import type { DB } from '../../db/schema.ts';
import type { Keyring } from '../../envelope/envelope.ts';
import { verifyPassword } from '../passwords.ts';
import * as repo from '../repository.ts';
import type { LoginThrottle } from '../sign-in/throttle.ts';
import { hashToken, newToken } from '../tokens.ts';
import * as tfRepo from './repository.ts';
import { openSecret, sealSecret } from './sealing.ts';

export const PENDING_LOGIN_TTL_MS = 5 * 60_000;
export const RECOVERY_CODE_COUNT = 10;
const TOTP_PARAMS = { algorithm: 'SHA1', digits: 6, period: 30 } as const;
// Crockford's base32 alphabet: no i, l, o or u, so nothing reads as another character.
const RECOVERY_ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

export type TwoFactorDeps = {
  db: Kysely<DB>;
  /** Seals and opens the TOTP secrets (ADR 0022). */
  keyring: Keyring;
  verbund: () => Promise<{ id: string; name: string }>;
  now: () => Date;
  throttle: LoginThrottle;
  event: (verbundId: string, accountId: string, kind: string, db?: Kysely<DB>) => Promise<void>;
  sessionAbsoluteMs: number;
};

/** The browser a code comes from: its address and, when it has one, its device cookie. */
export type Client = { clientKey: string; deviceCookie?: string | undefined };

/** Who is acting: a signed-in session (see SessionInfo in service.ts). */
type Actor = { hash: string; accountId: string; email: string; expiresAt: Date };

export type TwoFactorStatus =
  | { state: 'off' }
  | { state: 'pending' }
  | { state: 'on'; since: Date; recoveryCodesLeft: number };

export type CodeOutcome =
  | { kind: 'invalid' }
  | { kind: 'replayed' }
  | { kind: 'throttled'; retryAfterMinutes: number };

export type CompleteLoginOutcome =
  | {
      kind: 'ok';
      token: string;
      expiresAt: Date;
      accountId: string;
      /** A fresh device cookie for this browser and address (ADR 0018). */
      device: { value: string; expiresAt: Date };
    }
  | { kind: 'expired' }
  | CodeOutcome;

export type StepUpOutcome =
  | { kind: 'ok'; token: string; expiresAt: Date }
  | { kind: 'unavailable' }
  | CodeOutcome;

export type DisableOutcome = { kind: 'ok' } | { kind: 'invalid' } | CodeOutcome;

type Checked = { kind: 'totp' } | { kind: 'recovery' } | { kind: 'invalid' } | { kind: 'replayed' };

export type TwoFactor = ReturnType<typeof createTwoFactor>;

export function createTwoFactor(deps: TwoFactorDeps) {
  const { db, keyring, now, throttle, event } = deps;

  async function status(accountId: string): Promise<TwoFactorStatus> {
    return withAccount(db, accountId, async (trx) => {
      const totp = await tfRepo.findTotp(trx, accountId);
      if (totp === undefined) return { state: 'off' };
      if (totp.confirmed_at === null) return { state: 'pending' };
      return {
        state: 'on',
        since: totp.confirmed_at,
        recoveryCodesLeft: await tfRepo.countUnusedRecoveryCodes(trx, accountId),
      };
    });
  }

  /** Whether TOTP is on: in `trx` when given, else acting as the account. */
  async function enabled(accountId: string, trx?: Kysely<DB>): Promise<boolean> {
    const totp =
      trx === undefined
        ? await withAccount(db, accountId, (own) => tfRepo.findTotp(own, accountId))
        : await tfRepo.findTotp(trx, accountId);
    return totp?.confirmed_at != null;
  }

  const ownTotp = (accountId: string) =>
    withAccount(db, accountId, (trx) => tfRepo.findTotp(trx, accountId));

  /** A new secret waiting for its first code; replaces an unfinished one. */
  async function startSetup(actor: Actor): Promise<boolean> {
    const verbund = await deps.verbund();
    return withAccount(db, actor.accountId, (trx) =>
      tfRepo.savePendingTotp(trx, {
        accountId: actor.accountId,
        verbundId: verbund.id,
        sealed: sealSecret(keyring, actor.accountId, new Secret({ size: 20 }).base32),
      }),
    );
  }

  /** The unfinished setup's secret and otpauth:// URI; undefined once it is confirmed. */
  async function pendingSetup(actor: Actor) {
    const totp = await ownTotp(actor.accountId);
    if (totp === undefined || totp.confirmed_at !== null) return undefined;
    const verbund = await deps.verbund();
    const secret = openSecret(keyring, actor.accountId, totp);
    const uri = new TOTP({
      ...TOTP_PARAMS,
      issuer: verbund.name,
      label: actor.email,
      secret: Secret.fromBase32(secret),
    }).toString();
    return { secret, uri };
  }

  /**
   * Turns TOTP on when the code fits the pending secret, and returns the recovery codes: the
   * only time they exist in clear text. Undefined: wrong code, or no setup pending.
   */
  async function confirmSetup(actor: Actor, code: string): Promise<string[] | undefined> {
    const at = now();
    const totp = await ownTotp(actor.accountId);
    if (totp === undefined || totp.confirmed_at !== null) return undefined;
    const step = totpStep(openSecret(keyring, actor.accountId, totp), code, at);
    if (step === undefined) return undefined;
    const verbund = await deps.verbund();
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    const done = await withAccount(db, actor.accountId, async (trx) => {
      const confirmed = await tfRepo.confirmTotp(trx, {
        accountId: actor.accountId,
        stored: totp,
        step,
        at,
      });
      if (!confirmed) return false;
      await tfRepo.replaceRecoveryCodes(
        trx,
        actor.accountId,
        verbund.id,
        codes.map((c) => recoveryHash(actor.accountId, c)),
      );
      await event(verbund.id, actor.accountId, 'totp.enabled', trx);
      return true;
    });
    return done ? codes : undefined;
  }

  /**
   * Checks a TOTP or recovery code inside `trx` and uses it up. Writes nothing when the code
   * does not fit, so the caller may go on with the same transaction either way.
   */
  async function checkCode(
    trx: Transaction<DB>,
    verbundId: string,
    accountId: string,
    code: string,
    at: Date,
  ): Promise<Checked> {
    const totp = await tfRepo.findTotp(trx, accountId);
    if (totp === undefined || totp.confirmed_at === null) return { kind: 'invalid' };
    const compact = code.replace(/\s+/g, '');
    if (/^\d{6}$/.test(compact)) {
      const step = totpStep(openSecret(keyring, accountId, totp), compact, at);
      if (step === undefined) return { kind: 'invalid' };
      if (totp.last_used_step !== null && step <= totp.last_used_step) return { kind: 'replayed' };
      return (await tfRepo.useStep(trx, accountId, step)) ? { kind: 'totp' } : { kind: 'replayed' };
    }
    const recovery = normaliseRecoveryCode(code);
    if (recovery === undefined) return { kind: 'invalid' };
    if (!(await tfRepo.useRecoveryCode(trx, accountId, recoveryHash(accountId, recovery), at)))
      return { kind: 'invalid' };
    await event(verbundId, accountId, 'recovery_code.used', trx);
    return { kind: 'recovery' };
  }

  /**
   * Runs `work` after a good code, in the transaction that used the code up; a wrong code
   * counts as a failed sign-in for the account and the client, like a wrong password.
   */
  async function withCode<T extends { kind: string }>(
    account: { id: string; email: string; language: 'de' | 'en' },
    verbund: { id: string; name: string },
    code: string,
    client: Client,
    work: (trx: Transaction<DB>, at: Date) => Promise<T>,
  ): Promise<T | CodeOutcome> {
    const at = now();
    const { keys } = throttle.keysFor(account.email, client.clientKey, client.deviceCookie, at);
    // Counted before the code is checked, like a password (throttle.ts).
    const attempt = await throttle.attempt(keys, at);
    if (attempt.kind === 'throttled') return attempt;
    const outcome = await withAccount(db, account.id, async (trx) => {
      const checked = await checkCode(trx, verbund.id, account.id, code.slice(0, 64), at);
      if (checked.kind === 'invalid' || checked.kind === 'replayed') return checked;
      const result = await work(trx, at);
      // Undo the used-up code when the work itself refused (e.g. the sign-in expired).
      if (result.kind !== 'ok') throw new Rollback(result);
      return result;
    }).catch((error: unknown) => {
      if (error instanceof Rollback) return error.outcome as T;
      throw error;
    });
    if (outcome.kind === 'invalid' || outcome.kind === 'replayed') {
      await throttle.failed(verbund, attempt, account, 'totp.failed');
    } else if (outcome.kind === 'ok') {
      await throttle.succeeded(attempt);
    } else {
      await throttle.refund(attempt);
    }
    return outcome;
  }

  /** After the right password: a single-use ticket for the code page, not yet a session. */
  async function beginLogin(verbundId: string, accountId: string, at: Date) {
    const ticket = newToken();
    const expiresAt = new Date(at.getTime() + PENDING_LOGIN_TTL_MS);
    await withAccount(db, accountId, (trx) =>
      tfRepo.insertPendingLogin(trx, { hash: ticket.hash, verbundId, accountId, at, expiresAt }),
    );
    return { token: ticket.token, expiresAt };
  }

  async function pendingLoginUsable(token: string | undefined): Promise<boolean> {
    if (token === undefined || !isTokenShaped(token)) return false;
    return (await tfRepo.findPendingLogin(db, hashToken(token), now())) !== undefined;
  }

  /** The second half of signing in: the right code turns the ticket into a fresh session. */
  async function completeLogin(
    input: {
      token: string | undefined;
      code: string;
      /** The session this browser has now, if any: a sign-in ends it, whoever's it is. */
      replaces?: { hash: string } | undefined;
    } & Client,
  ): Promise<CompleteLoginOutcome> {
    if (input.token === undefined || !isTokenShaped(input.token)) return { kind: 'expired' };
    const hash = hashToken(input.token);
    const pending = await tfRepo.findPendingLogin(db, hash, now());
    if (pending === undefined) return { kind: 'expired' };
    const verbund = await deps.verbund();
    const account = { id: pending.account_id, email: pending.email, language: pending.language };
    return withCode(account, verbund, input.code, input, async (trx, at) => {
      if (!(await tfRepo.consumePendingLogin(trx, hash, at))) return { kind: 'expired' as const };
      if (input.replaces !== undefined) await repo.deleteSession(trx, input.replaces.hash);
      const session = newToken();
      const expiresAt = new Date(at.getTime() + deps.sessionAbsoluteMs);
      await repo.insertSession(trx, {
        hash: session.hash,
        verbundId: pending.verbund_id,
        accountId: account.id,
        trustLevel: 'low',
        at,
        expiresAt,
      });
      await repo.recordLogin(trx, account.id, at);
      await event(pending.verbund_id, account.id, 'login.succeeded', trx);
      return {
        kind: 'ok' as const,
        token: session.token,
        expiresAt,
        accountId: account.id,
        device: throttle.issueDevice(account.email, at),
      };
    });
  }

  /**
   * Raises a signed-in session to `low` with a code. The session id changes (new row, old one
   * deleted) as at sign-in; the end of the session stays where it was.
   */
  async function stepUp(actor: Actor, code: string, client: Client): Promise<StepUpOutcome> {
    if (!(await enabled(actor.accountId))) return { kind: 'unavailable' };
    const verbund = await deps.verbund();
    const account = await withAccount(db, actor.accountId, (trx) =>
      repo.findAccount(trx, actor.accountId),
    );
    if (account === undefined) return { kind: 'unavailable' };
    return withCode(account, verbund, code, client, async (trx, at) => {
      const current = await tfRepo.findSessionRow(trx, actor.hash);
      if (current === undefined) return { kind: 'unavailable' as const };
      const session = newToken();
      await repo.deleteSession(trx, actor.hash);
      await repo.insertSession(trx, {
        hash: session.hash,
        verbundId: current.verbund_id,
        accountId: actor.accountId,
        trustLevel: 'low',
        at,
        expiresAt: current.expires_at,
      });
      await event(verbund.id, actor.accountId, 'session.trust_raised', trx);
      return { kind: 'ok' as const, token: session.token, expiresAt: current.expires_at };
    });
  }

  /** Ten fresh recovery codes for a current code; the old ones stop working. */
  async function renewRecoveryCodes(
    actor: Actor,
    code: string,
    client: Client,
  ): Promise<{ kind: 'ok'; codes: string[] } | { kind: 'unavailable' } | CodeOutcome> {
    if (!(await enabled(actor.accountId))) return { kind: 'unavailable' };
    const verbund = await deps.verbund();
    const account = await withAccount(db, actor.accountId, (trx) =>
      repo.findAccount(trx, actor.accountId),
    );
    if (account === undefined) return { kind: 'unavailable' };
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    return withCode(account, verbund, code, client, async (trx) => {
      await tfRepo.replaceRecoveryCodes(
        trx,
        account.id,
        verbund.id,
        codes.map((c) => recoveryHash(account.id, c)),
      );
      await event(verbund.id, account.id, 'recovery_codes.renewed', trx);
      return { kind: 'ok' as const, codes };
    });
  }

  /** Turning the second factor off needs the password and a code: a left-open session is not enough. */
  async function disable(
    actor: Actor,
    input: { password: string; code: string } & Client,
  ): Promise<DisableOutcome> {
    const verbund = await deps.verbund();
    const account = await withAccount(db, actor.accountId, (trx) =>
      repo.findAccountByEmail(trx, verbund.id, actor.email),
    );
    if (account === undefined || account.id !== actor.accountId) return { kind: 'invalid' };
    const at = now();
    const { keys } = throttle.keysFor(account.email, input.clientKey, input.deviceCookie, at);
    const attempt = await throttle.attempt(keys, at);
    if (attempt.kind === 'throttled') return attempt;
    if (!(await verifyPassword(account.password_hash, input.password.slice(0, 1024)))) {
      await throttle.failed(verbund, attempt, account);
      return { kind: 'invalid' };
    }
    // The password was right; the code counts on its own below.
    await throttle.refund(attempt);
    return withCode(account, verbund, input.code, input, async (trx) => {
      await tfRepo.deleteTotp(trx, account.id);
      await event(verbund.id, account.id, 'totp.disabled', trx);
      return { kind: 'ok' as const };
    });
  }

  return {
    status,
    enabled,
    startSetup,
    pendingSetup,
    confirmSetup,
    beginLogin,
    pendingLoginUsable,
    completeLogin,
    stepUp,
    renewRecoveryCodes,
    disable,
  };
}

class Rollback extends Error {
  outcome: unknown;
  constructor(outcome: unknown) {
    super('rolled back');
    this.outcome = outcome;
  }
}

/** A new random TOTP secret (160 bits), base32 as authenticator apps take it. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app reads: the same parameters as the citizens'. */
export function totpUri(secret: string, issuer: string, label: string): string {
  return new TOTP({ ...TOTP_PARAMS, issuer, label, secret: Secret.fromBase32(secret) }).toString();
}

/** The RFC 6238 time step `code` belongs to (now, one before or one after), or undefined. */
export function totpStep(secret: string, code: string, at: Date): number | undefined {
  const compact = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(compact)) return undefined;
  const totp = new TOTP({ ...TOTP_PARAMS, secret: Secret.fromBase32(secret) });
  const delta = totp.validate({ token: compact, timestamp: at.getTime(), window: 1 });
  if (delta === null) return undefined;
  return totp.counter({ timestamp: at.getTime() }) + delta;
}

/** `xxxx-xxxx-xx`: 50 random bits, easy to read aloud and to type. */
export function newRecoveryCode(): string {
  const chars = [...randomBytes(10)].map((b) => RECOVERY_ALPHABET[b & 31]).join('');
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
}

/** Forgives case, spaces, dashes and the letters Crockford's alphabet leaves out. */
function normaliseRecoveryCode(input: string): string | undefined {
  const compact = input
    .toLowerCase()
    .replace(/[\s-]+/g, '')
    .replace(/o/g, '0')
    .replace(/[il]/g, '1');
  return /^[0-9a-hjkmnp-tv-z]{10}$/.test(compact) ? compact : undefined;
}

// The codes carry 50 random bits, so a fast hash is enough (no password to guess from a
// dictionary); the account id keeps equal codes of two accounts apart.
function recoveryHash(accountId: string, code: string): string {
  const compact = normaliseRecoveryCode(code) ?? code;
  return createHash('sha256').update(`${accountId}:${compact}`).digest('base64url');
}

function isTokenShaped(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
