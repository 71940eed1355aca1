import type { Kysely } from 'kysely';
import type { DB, TrustLevel } from '../../db/schema.ts';
import { ValidationError } from '../../errors.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { type Language, type MailText, mails } from '../mails.ts';
import { hashPassword, passwordProblem, verifyPassword } from '../passwords.ts';
import * as repo from '../repository.ts';
import { emailKey, hashToken, newToken } from '../tokens.ts';
import { createTwoFactor } from '../two-factor/service.ts';
import { createLoginThrottle, retryAfterMinutes } from './throttle.ts';

export type AccountsDeps = {
  db: Kysely<DB>;
  mailer: Pick<Mailer, 'send'>;
  publicUrl: string;
  verbund: () => Promise<{ id: string; name: string }>;
  now?: () => Date;
  /** Told about mail failures; gets no address and no content. */
  onMailError?: (error: unknown) => void;
};

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
  | { kind: 'ok'; token: string; expiresAt: Date; accountId: string }
  /** Right password, TOTP on: `token` is a 5-minute ticket for the code page, no session. */
  | { kind: 'second_factor'; token: string; expiresAt: Date }
  | { kind: 'invalid' }
  | { kind: 'unverified' }
  | { kind: 'throttled'; retryAfterMinutes: number };

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

  async function event(
    verbundId: string,
    accountId: string | null,
    kind: string,
    db2: Kysely<DB> = db,
  ) {
    await repo.insertSecurityEvent(db2, { verbundId, accountId, kind, at: now() });
  }

  const throttle = createLoginThrottle({ db, publicUrl, sendMail, event });
  const twoFactor = createTwoFactor({
    db,
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
    const created = await db.transaction().execute(async (trx) => {
      const accountId = await repo.insertAccount(trx, {
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
    const existing = await repo.findAccountByEmail(db, verbund.id, email);
    if (existing === undefined) return;
    if (existing.email_verified_at === null) {
      await repo.insertToken(db, {
        hash: link.hash,
        accountId: existing.id,
        purpose: 'verify_email',
        expiresAt: new Date(at.getTime() + VERIFY_TTL_MS),
      });
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
  }): Promise<LoginOutcome> {
    const verbund = await deps.verbund();
    const email = normaliseEmail(input.email) ?? input.email.trim().slice(0, 254);
    const keys = [emailKey(email), `ip:${input.clientKey}`] as const;
    const at = now();
    const { account, throttles } = await repo.findSignIn(db, verbund.id, email, keys);
    const retryAfter = retryAfterMinutes(throttles, at);
    if (retryAfter !== undefined) return { kind: 'throttled', retryAfterMinutes: retryAfter };
    const valid = await verifyPassword(account?.password_hash, input.password.slice(0, 1024));
    if (!valid || account === undefined) {
      await throttle.recordFailure(verbund, keys, throttles, account, at);
      return { kind: 'invalid' };
    }
    if (account.email_verified_at === null) return { kind: 'unverified' };
    if (account.totp_enabled) {
      // The throttle is cleared only once the code is right too: otherwise every correct
      // password would buy a fresh round of guesses at the six digits.
      return { kind: 'second_factor', ...(await twoFactor.beginLogin(verbund.id, account.id, at)) };
    }
    // The normal case has no failures on record: nothing to clear, no query.
    if (throttles.some((row) => row.key === keys[0])) await throttle.clear(keys[0]);
    const session = newToken();
    const expiresAt = new Date(at.getTime() + SESSION_ABSOLUTE_MS);
    await repo.startSession(db, {
      hash: session.hash,
      verbundId: verbund.id,
      accountId: account.id,
      trustLevel: 'basic',
      at,
      expiresAt,
    });
    return { kind: 'ok', token: session.token, expiresAt, accountId: account.id };
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
    if (at - row.last_seen_at.getTime() > TOUCH_INTERVAL_MS)
      await repo.touchSession(db, hash, new Date(at));
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
    const ended = await repo.deleteSessionsOf(db, current.accountId);
    await event(verbund.id, current.accountId, 'logout.everywhere');
    return ended;
  }

  /** Always looks the same from outside; only a known, verified address gets a link. */
  async function requestPasswordReset(rawEmail: string): Promise<void> {
    const email = normaliseEmail(rawEmail);
    if (email === undefined) throw new ValidationError({ email: 'accounts.error.emailInvalid' });
    const verbund = await deps.verbund();
    const account = await repo.findAccountByEmail(db, verbund.id, email);
    if (account === undefined) return;
    const link = newToken();
    await repo.insertToken(db, {
      hash: link.hash,
      accountId: account.id,
      purpose: 'reset_password',
      expiresAt: new Date(now().getTime() + RESET_TTL_MS),
    });
    await event(verbund.id, account.id, 'password.reset_requested');
    await sendMail(
      account.email,
      mails.reset(
        account.language,
        verbund.name,
        `${publicUrl}/konto/passwort-neu?token=${link.token}`,
      ),
    );
  }

  /** Sets the new password and ends every session of the account: whoever had it is out. */
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
    const account = await repo.findAccount(db, pending.account_id);
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
      await repo.setPassword(trx, used.account_id, passwordHash);
      // The link proves control of the mailbox, which verifying would have proven too.
      await repo.markVerified(trx, used.account_id, now());
      await repo.deleteSessionsOf(trx, used.account_id);
      await event(verbund.id, used.account_id, 'password.changed', trx);
      return true;
    });
    if (!done) throw new ValidationError({ token: 'accounts.error.linkInvalid' });
  }

  async function overview(accountId: string) {
    const account = await repo.findAccount(db, accountId);
    const sessions = await repo.countSessions(db, accountId);
    const events = await repo.listSecurityEvents(db, accountId, 50);
    return { account, sessions: Number(sessions.n), events };
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
