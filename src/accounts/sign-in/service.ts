import { randomBytes, randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { actAsAccount, withAccount, withWorker } from '../../db/rls.ts';
import type { DB, TrustLevel } from '../../db/schema.ts';
import type { Keyring } from '../../envelope/envelope.ts';
import { ValidationError } from '../../errors.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { type Language, type MailText, mails } from '../mails.ts';
import { hashPassword, passwordProblem, verifyPassword } from '../passwords.ts';
import * as repo from '../repository.ts';
import { hashToken, newToken } from '../tokens.ts';
import { createTwoFactor } from '../two-factor/service.ts';
import { ADDRESS_FAILURES_ALLOWED, createLoginThrottle } from './throttle.ts';

export type AccountsDeps = {
  db: Kysely<DB>;
  /** The Verbund keys: citizens' TOTP secrets are sealed with them (ADR 0022). */
  keyring: Keyring;
  mailer: Pick<Mailer, 'send'>;
  publicUrl: string;
  verbund: () => Promise<{ id: string; name: string }>;
  now?: () => Date;
  /** Signs device cookies (ADR 0018); the session secret. Random per process when unset. */
  deviceSecret?: string;
  /** Tells a worker in this process that a queue has work (the job's name). */
  wake?: (job: string) => void;
  /** Told about mail failures; gets no address and no content. */
  onMailError?: (error: unknown) => void;
};

/** The worker job that mails the reset links asked for. */
export const PASSWORD_RESETS_JOB = 'accounts.password-resets';

export const PRIVACY_VERSION = '2026-11-29';
export const SESSION_IDLE_MS = 30 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;
const VERIFY_TTL_MS = 24 * 60 * 60_000;
const RESET_TTL_MS = 30 * 60_000;
// last_seen_at is written at most this often: no database write on every page view.
const TOUCH_INTERVAL_MS = 60_000;

const TRUST_ORDER: TrustLevel[] = ['basic', 'low', 'substantial', 'high'];
export function trustReaches(have: TrustLevel, need: TrustLevel): boolean {
  return TRUST_ORDER.indexOf(have) >= TRUST_ORDER.indexOf(need);
}

export type Registration = {
  email: string;
  password: string;
  passwordRepeat: string;
  consent: boolean;
  language: Language;
};

export type SessionInfo = {
  hash: string;
  accountId: string;
  email: string;
  trustLevel: TrustLevel;
  expiresAt: Date;
  language: Language;
};

export type LoginOutcome =
  | {
      kind: 'ok';
      token: string;
      expiresAt: Date;
      accountId: string;
      /** A fresh device cookie for this browser and address (ADR 0018). */
      device: DeviceCookie;
    }
  /** Right password, TOTP on: `token` is a 5-minute ticket for the code page, no session. */
  | { kind: 'second_factor'; token: string; expiresAt: Date }
  | { kind: 'invalid' }
  | { kind: 'unverified' }
  | { kind: 'throttled'; retryAfterMinutes: number };

export type DeviceCookie = { value: string; expiresAt: Date };

export type Accounts = ReturnType<typeof createAccounts>;

export function createAccounts(deps: AccountsDeps) {
  const { db, mailer, publicUrl } = deps;
  const now = deps.now ?? (() => new Date());

  async function sendMail(to: string, text: MailText): Promise<void> {
    try {
      await mailer.send({ to, ...text });
    } catch (error) {
      deps.onMailError?.(error);
    }
  }

  /** An entry in the account's security log: in `trx` when given, else acting as the account. */
  async function event(verbundId: string, accountId: string, kind: string, trx?: Kysely<DB>) {
    const row = { verbundId, accountId, kind, at: now() };
    if (trx !== undefined) await repo.insertSecurityEvent(trx, row);
    else await withAccount(db, accountId, (own) => repo.insertSecurityEvent(own, row));
  }

  const throttle = createLoginThrottle({
    db,
    publicUrl,
    sendMail,
    event,
    deviceSecret: deps.deviceSecret ?? randomBytes(32).toString('base64'),
  });
  const twoFactor = createTwoFactor({
    db,
    keyring: deps.keyring,
    verbund: deps.verbund,
    now,
    throttle,
    event,
    sessionAbsoluteMs: SESSION_ABSOLUTE_MS,
  });

  /**
   * Answers the same for new and known addresses (no enumeration): the owner of a known
   * address gets a mail saying so instead of a second account. Both paths hash a password so
   * they also take the same time.
   */
  async function register(input: Registration): Promise<void> {
    const email = normaliseEmail(input.email);
    const fields: Record<string, string> = {};
    if (email === undefined) fields.email = 'accounts.error.emailInvalid';
    const problem = passwordProblem(input.password, email ?? '');
    if (problem !== undefined) fields.password = `accounts.error.password.${problem}`;
    else if (input.password !== input.passwordRepeat)
      fields.passwordRepeat = 'accounts.error.passwordMismatch';
    if (!input.consent) fields.consent = 'accounts.error.consentMissing';
    if (email === undefined || Object.keys(fields).length > 0) throw new ValidationError(fields);

    const verbund = await deps.verbund();
    const passwordHash = await hashPassword(input.password);
    const at = now();
    const link = newToken();
    // The new account's id is chosen here, so the transaction can act as it while creating it.
    const newId = randomUUID();
    const created = await withAccount(db, newId, async (trx) => {
      const accountId = await repo.insertAccount(trx, {
        id: newId,
        verbundId: verbund.id,
        email,
        passwordHash,
        privacyVersion: PRIVACY_VERSION,
        at,
        language: input.language,
      });
      if (accountId === undefined) return undefined;
      await repo.insertToken(trx, {
        hash: link.hash,
        accountId,
        purpose: 'verify_email',
        expiresAt: new Date(at.getTime() + VERIFY_TTL_MS),
      });
      await event(verbund.id, accountId, 'account.registered', trx);
      return accountId;
    });
    if (created !== undefined) {
      await sendMail(
        email,
        mails.verify(
          input.language,
          verbund.name,
          `${publicUrl}/konto/bestaetigen?token=${link.token}`,
        ),
      );
      return;
    }
    const existing = await repo.lookupAccountByEmail(db, verbund.id, email);
    if (existing === undefined) return;
    if (existing.email_verified_at === null) {
      await withAccount(db, existing.id, (trx) =>
        repo.insertToken(trx, {
          hash: link.hash,
          accountId: existing.id,
          purpose: 'verify_email',
          expiresAt: new Date(at.getTime() + VERIFY_TTL_MS),
        }),
      );
      await sendMail(
        existing.email,
        mails.verify(
          existing.language,
          verbund.name,
          `${publicUrl}/konto/bestaetigen?token=${link.token}`,
        ),
      );
    } else {
      await sendMail(
        existing.email,
        mails.alreadyRegistered(
          existing.language,
          verbund.name,
          `${publicUrl}/konto/anmelden`,
          `${publicUrl}/konto/passwort-vergessen`,
        ),
      );
    }
  }

  async function tokenUsable(
    token: string,
    purpose: 'verify_email' | 'reset_password',
  ): Promise<boolean> {
    if (!isTokenShaped(token)) return false;
    return (await repo.findUsableToken(db, hashToken(token), purpose, now())) !== undefined;
  }

  async function verifyEmail(token: string): Promise<void> {
    if (!isTokenShaped(token)) throw new ValidationError({ token: 'accounts.error.linkInvalid' });
    const verbund = await deps.verbund();
    const done = await db.transaction().execute(async (trx) => {
      const used = await repo.consumeToken(trx, hashToken(token), 'verify_email', now());
      if (used === undefined) return false;
      await actAsAccount(trx, used.account_id);
      await repo.markVerified(trx, used.account_id, now());
      await event(verbund.id, used.account_id, 'account.email_verified', trx);
      return true;
    });
    if (!done) throw new ValidationError({ token: 'accounts.error.linkInvalid' });
  }

  async function login(input: {
    email: string;
    password: string;
    clientKey: string;
    /** The browser's device cookie, if any: a known device keeps its own allowance (ADR 0018). */
    deviceCookie?: string | undefined;
    /** The session this browser has now, if any: a sign-in ends it, whoever's it is. */
    replaces?: SessionInfo | undefined;
  }): Promise<LoginOutcome> {
    const verbund = await deps.verbund();
    const email = normaliseEmail(input.email) ?? input.email.trim().slice(0, 254);
    const at = now();
    const { keys } = throttle.keysFor(email, input.clientKey, input.deviceCookie, at);
    // The try is counted before the hash: the decision is taken on the counted value.
    const { account, counted } = await repo.countSignInAttempt(
      db,
      verbund.id,
      email,
      keys,
      throttle.params(at),
    );
    const attempt = await throttle.judge(keys, counted, at);
    if (attempt.kind === 'throttled') return attempt;
    const valid = await verifyPassword(account?.password_hash, input.password.slice(0, 1024));
    if (!valid || account === undefined) {
      await throttle.failed(verbund, attempt, account);
      return { kind: 'invalid' };
    }
    if (account.email_verified_at === null) {
      await throttle.refund(attempt);
      return { kind: 'unverified' };
    }
    if (account.totp_enabled) {
      // The right password gives its try back but clears nothing: the count is cleared only
      // once the code is right too, else every correct password would buy a fresh round of
      // guesses at the six digits.
      await throttle.refund(attempt);
      return { kind: 'second_factor', ...(await twoFactor.beginLogin(verbund.id, account.id, at)) };
    }
    const session = newToken();
    const expiresAt = new Date(at.getTime() + SESSION_ABSOLUTE_MS);
    await repo.startSession(db, {
      hash: session.hash,
      verbundId: verbund.id,
      accountId: account.id,
      trustLevel: 'basic',
      at,
      expiresAt,
      replaces: input.replaces?.hash,
      throttleKeys: attempt.keys,
      addressAllowed: ADDRESS_FAILURES_ALLOWED,
    });
    return {
      kind: 'ok',
      token: session.token,
      expiresAt,
      accountId: account.id,
      device: throttle.issueDevice(email, at),
    };
  }

  /** The session behind a cookie, or undefined when unknown, idle too long or past its end. */
  async function session(token: string | undefined): Promise<SessionInfo | undefined> {
    if (token === undefined || !isTokenShaped(token)) return undefined;
    const hash = hashToken(token);
    const row = await repo.findSession(db, hash);
    if (row === undefined) return undefined;
    const at = now().getTime();
    if (row.expires_at.getTime() <= at || row.last_seen_at.getTime() + SESSION_IDLE_MS <= at) {
      await repo.deleteSession(db, hash);
      return undefined;
    }
    if (at - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS) {
      await withAccount(db, row.account_id, (trx) => repo.touchSession(trx, hash, new Date(at)));
    }
    return {
      hash,
      accountId: row.account_id,
      email: row.email,
      trustLevel: row.trust_level,
      expiresAt: row.expires_at,
      language: row.language,
    };
  }

  async function logout(current: SessionInfo): Promise<void> {
    const verbund = await deps.verbund();
    await repo.deleteSession(db, current.hash);
    await event(verbund.id, current.accountId, 'logout');
  }

  async function logoutEverywhere(current: SessionInfo): Promise<number> {
    const verbund = await deps.verbund();
    const ended = await withAccount(db, current.accountId, (trx) =>
      repo.deleteSessionsOf(trx, current.accountId),
    );
    await event(verbund.id, current.accountId, 'logout.everywhere');
    return ended;
  }

  /**
   * Always takes the same path: the address typed is queued, known or not, and the worker
   * (processPasswordResets) looks it up and mails a link to a known one. The answer neither
   * waits for SMTP nor depends on whether the address has an account (issue 14, item 2).
   */
  async function requestPasswordReset(rawEmail: string): Promise<void> {
    const email = normaliseEmail(rawEmail);
    if (email === undefined) throw new ValidationError({ email: 'accounts.error.emailInvalid' });
    const verbund = await deps.verbund();
    await db.transaction().execute(async (trx) => {
      // The web role may only add to this queue (migration 2026-12-01-03-02).
      await sql`select set_config('role', 'app_user', true)`.execute(trx);
      await trx
        .insertInto('password_reset_request')
        .values({ verbund_id: verbund.id, email, requested_at: now() })
        .execute();
    });
    deps.wake?.(PASSWORD_RESETS_JOB);
  }

  /**
   * Worker: the queued reset requests, oldest first. A known address gets a link (and the
   * security log an entry); an unknown one nothing. A request older than a link's lifetime is
   * dropped: the citizen has long asked again.
   */
  async function processPasswordResets(batch = 50): Promise<{ mailed: number; unknown: number }> {
    const done = { mailed: 0, unknown: 0 };
    for (;;) {
      const requests = await db.transaction().execute(async (trx) => {
        await sql`select set_config('role', 'app_worker', true)`.execute(trx);
        const due = await trx
          .selectFrom('password_reset_request')
          .select('id')
          .orderBy('requested_at')
          .limit(batch)
          .forUpdate()
          .skipLocked()
          .execute();
        if (due.length === 0) return [];
        return trx
          .deleteFrom('password_reset_request')
          .where(
            'id',
            'in',
            due.map((row) => row.id),
          )
          .returning(['verbund_id', 'email', 'requested_at'])
          .execute();
      });
      for (const request of requests) {
        const expiresAt = new Date(request.requested_at.getTime() + RESET_TTL_MS);
        const link = newToken();
        // A job: the worker looks the address up among all accounts.
        const account = await withWorker(db, async (trx) => {
          const found = await repo.findAccountByEmail(trx, request.verbund_id, request.email);
          if (found === undefined || expiresAt <= now()) return undefined;
          await repo.insertToken(trx, {
            hash: link.hash,
            accountId: found.id,
            purpose: 'reset_password',
            expiresAt,
          });
          await event(request.verbund_id, found.id, 'password.reset_requested', trx);
          return found;
        });
        if (account === undefined) {
          done.unknown++;
          continue;
        }
        const verbund = await deps.verbund();
        await sendMail(
          account.email,
          mails.reset(
            account.language,
            verbund.name,
            `${publicUrl}/konto/passwort-neu?token=${link.token}`,
          ),
        );
        done.mailed++;
      }
      if (requests.length < batch) return done;
    }
  }

  /** Sets the new password and ends every session and every other reset link of the account. */
  async function resetPassword(input: {
    token: string;
    password: string;
    passwordRepeat: string;
  }): Promise<void> {
    if (!isTokenShaped(input.token))
      throw new ValidationError({ token: 'accounts.error.linkInvalid' });
    const hash = hashToken(input.token);
    const pending = await repo.findUsableToken(db, hash, 'reset_password', now());
    if (pending === undefined) throw new ValidationError({ token: 'accounts.error.linkInvalid' });
    const account = await withAccount(db, pending.account_id, (trx) =>
      repo.findAccount(trx, pending.account_id),
    );
    const problem = passwordProblem(input.password, account?.email ?? '');
    if (problem !== undefined)
      throw new ValidationError({ password: `accounts.error.password.${problem}` });
    if (input.password !== input.passwordRepeat) {
      throw new ValidationError({ passwordRepeat: 'accounts.error.passwordMismatch' });
    }
    const passwordHash = await hashPassword(input.password);
    const verbund = await deps.verbund();
    const done = await db.transaction().execute(async (trx) => {
      const used = await repo.consumeToken(trx, hash, 'reset_password', now());
      if (used === undefined) return false;
      await actAsAccount(trx, used.account_id);
      await repo.setPassword(trx, used.account_id, passwordHash);
      // The link proves control of the mailbox, which verifying would have proven too.
      await repo.markVerified(trx, used.account_id, now());
      // Whoever had the account is out: every session, every other reset link, every
      // sign-in waiting for its code (issue 14, item 3).
      await repo.deleteSessionsOf(trx, used.account_id);
      await repo.endPasswordProofs(trx, used.account_id, now());
      await event(verbund.id, used.account_id, 'password.changed', trx);
      return true;
    });
    if (!done) throw new ValidationError({ token: 'accounts.error.linkInvalid' });
  }

  async function overview(accountId: string) {
    return withAccount(db, accountId, async (trx) => {
      const account = await repo.findAccount(trx, accountId);
      const sessions = await repo.countSessions(trx, accountId);
      const events = await repo.listSecurityEvents(trx, accountId, 50);
      return { account, sessions: Number(sessions.n), events };
    });
  }

  return {
    register,
    tokenUsable,
    verifyEmail,
    login,
    session,
    logout,
    logoutEverywhere,
    requestPasswordReset,
    processPasswordResets,
    resetPassword,
    overview,
    twoFactor,
  };
}

const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[a-z]{2,}$/i;

/** Trimmed, domain lower-cased; undefined when it cannot be an address mail can reach. */
export function normaliseEmail(raw: string): string | undefined {
  const email = raw.trim();
  if (email.length > 254 || !EMAIL.test(email)) return undefined;
  const at = email.lastIndexOf('@');
  return `${email.slice(0, at)}@${email.slice(at + 1).toLowerCase()}`;
}

function isTokenShaped(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
