// Staff accounts of the back office: invited by link, password with the Bürgerkonto's
// Argon2id and policy, a TOTP second factor that is mandatory (set up at the first sign-in),
// and a session of their own with a shorter idle timeout than citizens'. A staff member may
// belong to several authorities and works in one at a time, switched explicitly.
import type { Kysely, Transaction } from 'kysely';
import {
  hashPassword,
  type PasswordProblem,
  passwordProblem,
  verifyPassword,
} from '../accounts/passwords.ts';
import { normaliseEmail } from '../accounts/sign-in/service.ts';
import { emailKey, hashToken, newToken } from '../accounts/tokens.ts';
import { newTotpSecret, totpStep, totpUri } from '../accounts/two-factor/service.ts';
import { appendAudit } from '../audit/service.ts';
import { withAuthority, withStaffDirectory } from '../db/rls.ts';
import type { DB, StaffRole } from '../db/schema.ts';
import { type Keyring, newDataKey, seal, unseal, unwrapDataKey } from '../envelope/envelope.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import type { Tenancy } from '../tenancy/service.ts';
import * as repo from './staff-repository.ts';

export const STAFF_ROLES = [
  'clerk',
  'coordinator',
  'authority_admin',
  'verbund_admin',
  'auditor',
] as const;
/** What an authority admin may invite to their authority (and change a member to). */
export const ADMIN_INVITES = ['clerk', 'coordinator', 'authority_admin', 'auditor'] as const;
/** Shorter than the citizens' 30 minutes: a clerk's screen left open shows other people's files. */
export const STAFF_IDLE_MS = 15 * 60_000;
/** A working day. */
export const STAFF_ABSOLUTE_MS = 10 * 60 * 60_000;
/** From the right password to the second factor. */
export const STAFF_PENDING_MS = 10 * 60_000;
export const INVITATION_MS = 72 * 60 * 60_000;
/** Failed sign-ins (password or code) per e-mail address in THROTTLE_WINDOW_MS. */
export const THROTTLE_MAX = 5;
export const THROTTLE_WINDOW_MS = 15 * 60_000;

export type Membership = {
  authorityId: string | null;
  authorityName: string | null;
  role: StaffRole;
  serviceIds: string[] | null;
};

export type StaffSession = {
  tokenHash: string;
  staffId: string;
  verbundId: string;
  email: string;
  displayName: string;
  stage: 'password' | 'active';
  totpConfirmed: boolean;
  memberships: Membership[];
  /** The membership worked in; undefined for a Verbund-only member. */
  current: (Membership & { authorityId: string }) | undefined;
  expiresAt: Date;
};

export type SignInOutcome =
  | { kind: 'second_factor' | 'setup'; token: string; expiresAt: Date }
  | { kind: 'invalid' }
  | { kind: 'throttled'; retryAfterMinutes: number };

export type CodeOutcome =
  | { kind: 'ok'; token: string; expiresAt: Date }
  | { kind: 'invalid' }
  | { kind: 'throttled'; retryAfterMinutes: number };

export type StaffDeps = {
  db: Kysely<DB>;
  tenancy: Tenancy;
  keyring: Keyring;
  publicUrl: string;
  now?: () => Date;
};

export type StaffAccounts = ReturnType<typeof createStaffAccounts>;

// The AAD of a sealed TOTP secret names the staff member: a secret copied to another row
// does not open.
export const sealedTotpId = (staffId: string) => `staff:${staffId}`;

export function createStaffAccounts(deps: StaffDeps) {
  const { db, keyring } = deps;
  const now = deps.now ?? (() => new Date());
  const verbund = async () => (await deps.tenancy.directory()).verbund;

  /**
   * Creates (or finds) the staff member, gives them the role in the authority (null: the
   * Verbund, for `verbund_admin` and `auditor`) and returns a single-use link valid for 72
   * hours. `invitedBy` null: the CLI.
   */
  async function invite(input: {
    authoritySlug: string | null;
    role: StaffRole;
    email: string;
    displayName?: string;
    serviceIds?: string[] | null;
    invitedBy?: string | null;
    ip?: string | null;
    /**
     * Runs in the invitation's transaction with its link (the invitation mail queued there):
     * the invitation exists exactly when its mail is on its way.
     */
    inTransaction?: (trx: Transaction<DB>, link: string) => Promise<void>;
  }): Promise<{ link: string; staffId: string; expiresAt: Date }> {
    const email = staffEmail(input.email);
    if (email === undefined) throw new ValidationError({ email: 'backoffice.invite.email' });
    if (!(STAFF_ROLES as readonly string[]).includes(input.role)) {
      throw new ValidationError({ role: 'backoffice.invite.role' });
    }
    const directory = await deps.tenancy.directory();
    let authorityId: string | null = null;
    // The Verbund's own members: its admins, and its auditors (without an authority's slug).
    const ofVerbund =
      input.role === 'verbund_admin' || (input.role === 'auditor' && input.authoritySlug === null);
    if (!ofVerbund) {
      const authority =
        input.authoritySlug === null ? undefined : directory.bySlug.get(input.authoritySlug);
      if (authority === undefined) throw new NotFoundError('authority', input.authoritySlug ?? '');
      authorityId = authority.id;
    }
    const at = now();
    const { token, hash } = newToken();
    const expiresAt = new Date(at.getTime() + INVITATION_MS);
    const link = `${deps.publicUrl.replace(/\/+$/, '')}/verwaltung/einladung/${token}`;
    const staffId = await withStaffDirectory(db, async (trx) => {
      const existing = await repo.findStaffByEmail(trx, email);
      // A new invitation must not undo an admin's lock: unlocking is its own, audited step.
      const locked =
        existing && (await repo.membershipLocked(trx, existing.id, authorityId, input.role));
      if (locked === true) {
        throw new ValidationError({ email: 'backoffice.staff.inviteLocked' });
      }
      const id =
        existing?.id ??
        (await repo.insertStaff(trx, {
          verbundId: directory.verbund.id,
          email,
          displayName: input.displayName?.trim().slice(0, 200) || email,
        }));
      await repo.upsertMembership(trx, {
        staffId: id,
        authorityId,
        role: input.role,
        serviceIds: input.role === 'clerk' ? (input.serviceIds ?? null) : null,
      });
      await repo.insertInvitation(trx, { tokenHash: hash, staffId: id, expiresAt });
      await appendAudit(trx, {
        authorityId,
        verbundId: directory.verbund.id,
        staffId: input.invitedBy ?? null,
        action: 'staff.invited',
        subject: { type: 'staff', id },
        ip: input.ip ?? null,
        at,
      });
      await input.inTransaction?.(trx, link);
      return id;
    });
    return { link, staffId, expiresAt };
  }

  /** What the invitation page shows; undefined for an unknown, used or expired link. */
  async function invitation(token: string) {
    if (!isTokenShaped(token)) return undefined;
    return withStaffDirectory(db, async (trx) => {
      const found = await repo.findInvitation(trx, hashToken(token));
      if (found === undefined || found.used_at !== null || found.expires_at <= now())
        return undefined;
      const staff = await repo.findStaff(trx, found.staff_id);
      if (staff === undefined) return undefined;
      return { email: staff.email, hasPassword: staff.password_hash !== null };
    });
  }

  /**
   * Uses the invitation: sets the password (checked against the Bürgerkonto's policy) when the
   * staff member has none yet. False for an unknown, used or expired link.
   */
  async function acceptInvitation(token: string, password: string | undefined): Promise<boolean> {
    if (!isTokenShaped(token)) return false;
    const pending = await invitation(token);
    if (pending === undefined) return false;
    let hash: string | undefined;
    if (!pending.hasPassword) {
      const problem: PasswordProblem | undefined = passwordProblem(password ?? '', pending.email);
      if (problem !== undefined)
        throw new ValidationError({ password: `accounts.error.password.${problem}` });
      hash = await hashPassword(password ?? '');
    }
    return withStaffDirectory(db, async (trx) => {
      const found = await repo.findInvitation(trx, hashToken(token));
      if (found === undefined || found.used_at !== null || found.expires_at <= now()) return false;
      await repo.useInvitation(trx, hashToken(token), now());
      if (hash !== undefined) await repo.setPassword(trx, found.staff_id, hash);
      return true;
    });
  }

  async function throttled(key: string, at: Date): Promise<number | undefined> {
    const count = await withStaffDirectory(db, (trx) =>
      repo.countFailuresSince(trx, key, new Date(at.getTime() - THROTTLE_WINDOW_MS)),
    );
    return count >= THROTTLE_MAX ? Math.ceil(THROTTLE_WINDOW_MS / 60_000) : undefined;
  }

  /** The failure counts against the address, and is audited in the Verbund's chain. */
  async function fail(key: string, staffId: string | null, ip: string | null, at: Date) {
    const { id: verbundId } = await verbund();
    await withStaffDirectory(db, async (trx) => {
      await repo.recordFailure(trx, key, at);
      if (staffId !== null) {
        await appendAudit(trx, {
          authorityId: null,
          verbundId,
          staffId,
          action: 'staff.signin_failed',
          ip,
          at,
        });
      }
    });
  }

  /** First step: e-mail and password. The second factor (or its setup) follows. */
  async function signIn(input: {
    email: string;
    password: string;
    ip: string | null;
  }): Promise<SignInOutcome> {
    const at = now();
    const email = staffEmail(input.email) ?? input.email.trim().toLowerCase();
    const key = emailKey(email);
    const wait = await throttled(key, at);
    if (wait !== undefined) return { kind: 'throttled', retryAfterMinutes: wait };
    // Locked everywhere (every membership, or the whole account): the same answer as a wrong
    // password, so a locked-out person learns nothing from trying.
    const staff = await withStaffDirectory(db, async (trx) => {
      const found = await repo.findStaffByEmail(trx, email);
      if (found === undefined || found.disabled_at !== null) return undefined;
      return (await repo.listMemberships(trx, found.id)).length > 0 ? found : undefined;
    });
    const usable = staff;
    const ok = await verifyPassword(
      usable?.password_hash ?? undefined,
      input.password.slice(0, 1024),
    );
    if (!ok || usable === undefined) {
      await fail(key, usable?.id ?? null, input.ip, at);
      return { kind: 'invalid' };
    }
    const { token, hash } = newToken();
    const expiresAt = new Date(at.getTime() + STAFF_PENDING_MS);
    await withStaffDirectory(db, (trx) =>
      repo.insertSession(trx, {
        tokenHash: hash,
        staffId: usable.id,
        stage: 'password',
        at,
        expiresAt,
        authorityId: null,
      }),
    );
    return {
      kind: usable.totp_confirmed_at === null ? 'setup' : 'second_factor',
      token,
      expiresAt,
    };
  }

  /** The session behind a cookie; undefined when unknown, idle too long or past its end. */
  async function session(token: string | undefined): Promise<StaffSession | undefined> {
    if (token === undefined || !isTokenShaped(token)) return undefined;
    const at = now();
    const tokenHash = hashToken(token);
    return withStaffDirectory(db, async (trx) => {
      const row = await repo.findSession(trx, tokenHash);
      if (row === undefined) return undefined;
      if (
        row.disabled_at !== null ||
        row.expires_at <= at ||
        row.last_seen_at.getTime() + STAFF_IDLE_MS <= at.getTime()
      ) {
        await repo.deleteSession(trx, tokenHash);
        return undefined;
      }
      // Once a minute is enough for the idle timeout, and spares a write per request.
      if (at.getTime() - row.last_seen_at.getTime() > 60_000)
        await repo.touchSession(trx, tokenHash, at);
      const memberships: Membership[] = (await repo.listMemberships(trx, row.staff_id)).map(
        (m) => ({
          authorityId: m.authority_id,
          authorityName: m.authority_name,
          role: m.role,
          serviceIds: m.service_ids,
        }),
      );
      // Every membership locked by its admin: signed out at this request, not at the next
      // sign-in.
      if (memberships.length === 0) {
        await repo.deleteSession(trx, tokenHash);
        return undefined;
      }
      const withAuthority = memberships.filter(
        (m): m is Membership & { authorityId: string } => m.authorityId !== null,
      );
      const current =
        withAuthority.find((m) => m.authorityId === row.authority_id) ?? withAuthority[0];
      return {
        tokenHash,
        staffId: row.staff_id,
        verbundId: row.verbund_id,
        email: row.email,
        displayName: row.display_name,
        stage: row.stage,
        totpConfirmed: row.totp_confirmed_at !== null,
        memberships,
        current,
        expiresAt: row.expires_at,
      };
    });
  }

  /** A new secret for the setup page (replacing an unconfirmed one), sealed at rest. */
  async function startTotpSetup(s: StaffSession): Promise<{ secret: string; uri: string }> {
    if (s.stage !== 'password' || s.totpConfirmed) throw new NotFoundError('staff.totp', s.staffId);
    const secret = newTotpSecret();
    const { dataKey, wrappedKey } = newDataKey(keyring, sealedTotpId(s.staffId));
    await withStaffDirectory(db, (trx) =>
      repo.setPendingTotp(trx, s.staffId, {
        keyId: wrappedKey.kekId,
        wrappedKey: wrappedKey.wrapped,
        secret: seal(dataKey, 'totp', secret),
      }),
    );
    return { secret, uri: totpUri(secret, (await verbund()).name, s.email) };
  }

  function openSecret(staff: repo.StaffRow): string | undefined {
    if (staff.key_id === null || staff.wrapped_key === null || staff.totp_sealed === null)
      return undefined;
    const dataKey = unwrapDataKey(keyring, sealedTotpId(staff.id), {
      kekId: staff.key_id,
      wrapped: Buffer.from(staff.wrapped_key),
    });
    return unseal(dataKey, 'totp', Buffer.from(staff.totp_sealed)).toString('utf8');
  }

  /**
   * Second step: the code from the authenticator app (confirming the setup the first time).
   * A right code ends the pending session and opens a new one under a new token, and the
   * sign-in is audited in the chain of the authority the staff member starts in.
   */
  async function completeSignIn(
    s: StaffSession,
    code: string,
    ip: string | null,
  ): Promise<CodeOutcome> {
    if (s.stage !== 'password') return { kind: 'invalid' };
    const at = now();
    const key = emailKey(s.email);
    const wait = await throttled(key, at);
    if (wait !== undefined) return { kind: 'throttled', retryAfterMinutes: wait };
    const staff = await withStaffDirectory(db, (trx) => repo.findStaff(trx, s.staffId));
    const secret = staff === undefined ? undefined : openSecret(staff);
    const step = secret === undefined ? undefined : totpStep(secret, code, at);
    const accepted =
      step !== undefined &&
      (await withStaffDirectory(db, async (trx) => {
        if (!s.totpConfirmed) {
          await repo.confirmTotp(trx, s.staffId, step, at);
          return true;
        }
        return repo.useTotpStep(trx, s.staffId, step);
      }));
    if (!accepted) {
      await fail(key, s.staffId, ip, at);
      return { kind: 'invalid' };
    }
    const { token, hash } = newToken();
    const expiresAt = new Date(at.getTime() + STAFF_ABSOLUTE_MS);
    const authorityId = s.current?.authorityId ?? null;
    await withStaffDirectory(db, async (trx) => {
      await repo.deleteSession(trx, s.tokenHash);
      await repo.clearFailures(trx, key);
      await repo.insertSession(trx, {
        tokenHash: hash,
        staffId: s.staffId,
        stage: 'active',
        at,
        expiresAt,
        authorityId,
      });
    });
    await audited(s, authorityId, s.totpConfirmed ? 'staff.signin' : 'staff.totp_enabled', ip, at);
    if (!s.totpConfirmed) await audited(s, authorityId, 'staff.signin', ip, at);
    return { kind: 'ok', token, expiresAt };
  }

  async function audited(
    s: StaffSession,
    authorityId: string | null,
    action: 'staff.signin' | 'staff.totp_enabled' | 'staff.signout' | 'staff.authority_switched',
    ip: string | null,
    at: Date,
  ) {
    const entry = { authorityId, verbundId: s.verbundId, staffId: s.staffId, action, ip, at };
    if (authorityId === null) await withStaffDirectory(db, (trx) => appendAudit(trx, entry));
    else await withAuthority(db, authorityId, (trx) => appendAudit(trx, entry));
  }

  /** Works in another of the staff member's authorities from now on. */
  async function switchAuthority(
    s: StaffSession,
    authorityId: string,
    ip: string | null,
  ): Promise<void> {
    if (!s.memberships.some((m) => m.authorityId === authorityId))
      throw new NotFoundError('authority', authorityId);
    await withStaffDirectory(db, (trx) => repo.setSessionAuthority(trx, s.tokenHash, authorityId));
    await audited(s, authorityId, 'staff.authority_switched', ip, now());
  }

  async function signOut(s: StaffSession, ip: string | null): Promise<void> {
    await withStaffDirectory(db, (trx) => repo.deleteSession(trx, s.tokenHash));
    if (s.stage === 'active')
      await audited(s, s.current?.authorityId ?? null, 'staff.signout', ip, now());
  }

  return {
    invite,
    invitation,
    acceptInvitation,
    signIn,
    session,
    startTotpSetup,
    completeSignIn,
    switchAuthority,
    signOut,
  };
}

/** Holds the Verbund's own auditor membership (reads the Verbund's Prüfprotokoll, ADR 0046). */
export function isVerbundAuditor(s: Pick<StaffSession, 'memberships'>): boolean {
  return s.memberships.some((m) => m.authorityId === null && m.role === 'auditor');
}

/** Work addresses, compared whole in lower case (the citizens' keep their local part's case). */
function staffEmail(raw: string): string | undefined {
  return normaliseEmail(raw)?.toLowerCase();
}

function isTokenShaped(token: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/.test(token);
}
