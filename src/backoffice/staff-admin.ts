// "Mitarbeitende": what an authority's admin does with the staff of their own authority.
// Invite (by mail, invite-by-mail.ts), limit a clerk to some online services,
// change a member's role, lock and unlock a member's access. Every step runs as the
// authority, so row-level security keeps the admin to their own authority's staff; every
// change is audited in the authority's chain.
import type { Kysely } from 'kysely';
import { type AuditAction, appendAudit } from '../audit/service.ts';
import { listServicesOfAuthority } from '../catalog/offers.ts';
import { withAuthority, withStaffDirectory } from '../db/rls.ts';
import type { DB, StaffRole } from '../db/schema.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import type { Tenancy } from '../tenancy/service.ts';
import { isUuid } from '../uuid.ts';
import type { Language } from '../web/i18n.ts';
import { inviteByMail } from './invite-by-mail.ts';
import type { AuthorityAdmin } from './pages.ts';
import { ADMIN_INVITES, type StaffAccounts, type StaffSession } from './staff.ts';
import * as repo from './staff-repository.ts';

export type StaffAdminDeps = {
  db: Kysely<DB>;
  tenancy: Tenancy;
  staff: StaffAccounts;
  now?: () => Date;
};

export type StaffMember = {
  id: string;
  name: string;
  role: StaffRole;
  /** A clerk's services (titles), null: all of the authority's. */
  services: { id: string; title: string }[] | null;
  locked: boolean;
  /** The admin looking at the page: no lock and no role change for oneself. */
  self: boolean;
};

export type MemberInput = { role: string; serviceIds: string[] };

export type StaffAdmin = ReturnType<typeof createStaffAdmin>;

export function createStaffAdmin(deps: StaffAdminDeps) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  /** The admin's current authority; NotFoundError for anyone else (the page does not exist). */
  function adminOf(s: StaffSession): AuthorityAdmin['current'] {
    const m = s.current;
    if (s.stage !== 'active' || m?.role !== 'authority_admin') {
      throw new NotFoundError('staff.admin', s.staffId);
    }
    return m;
  }

  /** The role and services asked for, checked against the authority's online services. */
  function checked(
    input: MemberInput,
    offered: { id: string }[],
  ): { role: StaffRole; serviceIds: string[] | null } {
    if (!(ADMIN_INVITES as readonly string[]).includes(input.role)) {
      throw new ValidationError({ role: 'backoffice.invite.role' });
    }
    const role = input.role as StaffRole;
    // Only clerks are limited; a coordinator or admin sees the whole authority by design.
    if (role !== 'clerk') return { role, serviceIds: null };
    const wanted = [...new Set(input.serviceIds.map((id) => id.trim().toLowerCase()))];
    const known = new Set(offered.map((o) => o.id));
    if (wanted.some((id) => !known.has(id))) {
      throw new ValidationError({ services: 'backoffice.staff.servicesUnknown' });
    }
    return { role, serviceIds: wanted.length === 0 ? null : wanted };
  }

  const view = (
    s: StaffSession,
    row: repo.MemberRow,
    titles: Map<string, string>,
  ): StaffMember => ({
    id: row.id,
    name: row.display_name,
    role: row.role,
    services:
      row.service_ids === null
        ? null
        : row.service_ids.map((id) => ({ id, title: titles.get(id) ?? id })),
    locked: row.disabled_at !== null,
    self: row.id === s.staffId,
  });

  /** The authority's staff and its online services (for the clerks' limits). */
  function overview(s: StaffSession) {
    const m = adminOf(s);
    return withAuthority(db, m.authorityId, async (trx) => {
      const services = await listServicesOfAuthority(trx, m.authorityId);
      const titles = new Map(services.map((o) => [o.id, o.title]));
      const rows = await repo.listStaffOf(trx, m.authorityId);
      return {
        members: rows.map((row) => view(s, row, titles)),
        services: services.map((o) => ({ id: o.id, title: o.title })),
      };
    });
  }

  /** One member of the admin's authority; NotFoundError for anyone else's. */
  function member(s: StaffSession, staffId: string) {
    const m = adminOf(s);
    if (!isUuid(staffId)) return Promise.reject(new NotFoundError('staff', staffId));
    return withAuthority(db, m.authorityId, async (trx) => {
      const row = await repo.findMemberOf(trx, m.authorityId, staffId);
      if (row === undefined) throw new NotFoundError('staff', staffId);
      const services = await listServicesOfAuthority(trx, m.authorityId);
      return {
        member: view(s, row, new Map(services.map((o) => [o.id, o.title]))),
        services: services.map((o) => ({ id: o.id, title: o.title })),
      };
    });
  }

  /**
   * Invites to the admin's authority and queues the mail with the link. The link is not
   * returned: whoever holds it sets the invitee's password.
   */
  async function invite(
    s: StaffSession,
    input: MemberInput & { email: string; displayName: string },
    ip: string | null,
    lang: Language,
  ): Promise<{ expiresAt: Date }> {
    const m = adminOf(s);
    const offered = await withAuthority(db, m.authorityId, (trx) =>
      listServicesOfAuthority(trx, m.authorityId),
    );
    const { role, serviceIds } = checked(input, offered);
    const authority = (await deps.tenancy.directory()).byId.get(m.authorityId);
    if (authority === undefined) throw new NotFoundError('authority', m.authorityId);
    const invited = await inviteByMail(deps.staff, {
      authority,
      role,
      email: input.email,
      displayName: input.displayName,
      serviceIds,
      invitedBy: s.staffId,
      ip,
      lang,
    });
    return { expiresAt: invited.expiresAt };
  }

  /**
   * Runs `fn` on another member of the admin's authority; audited as `action` when `fn` says
   * it changed something (a second click on "Zugang sperren" is no second lock).
   */
  function onOther(
    s: StaffSession,
    staffId: string,
    action: AuditAction,
    ip: string | null,
    fn: (trx: Kysely<DB>, row: repo.MemberRow, authorityId: string) => Promise<boolean>,
  ): Promise<string> {
    const m = adminOf(s);
    if (!isUuid(staffId)) return Promise.reject(new NotFoundError('staff', staffId));
    return withAuthority(db, m.authorityId, async (trx) => {
      const row = await repo.findMemberOf(trx, m.authorityId, staffId);
      if (row === undefined) throw new NotFoundError('staff', staffId);
      // An admin who locks or demotes themselves may leave the authority with none.
      if (row.id === s.staffId) throw new ValidationError({ member: 'backoffice.staff.self' });
      if (await fn(trx, row, m.authorityId)) {
        await appendAudit(trx, {
          authorityId: m.authorityId,
          verbundId: s.verbundId,
          staffId: s.staffId,
          action,
          subject: { type: 'staff', id: staffId },
          ip,
          at: now(),
        });
      }
      return m.authorityId;
    });
  }

  /** A new role and, for a clerk, the services they are limited to. */
  async function change(s: StaffSession, staffId: string, input: MemberInput, ip: string | null) {
    await onOther(s, staffId, 'staff.role_changed', ip, async (trx, row, authorityId) => {
      const { role, serviceIds } = checked(input, await listServicesOfAuthority(trx, authorityId));
      const same = (a: string[] | null, b: string[] | null) =>
        a === null || b === null
          ? a === b
          : a.length === b.length && a.every((id) => b.includes(id));
      if (role === row.role && same(serviceIds, row.service_ids)) return false;
      await repo.updateMembership(trx, authorityId, staffId, { role, service_ids: serviceIds });
      return true;
    });
  }

  /**
   * "Zugang sperren": the membership gives no access from the next request on (the session
   * reads only open memberships), and the member's sessions in this authority end now.
   */
  async function deactivate(s: StaffSession, staffId: string, ip: string | null) {
    const authorityId = await onOther(
      s,
      staffId,
      'staff.deactivated',
      ip,
      async (trx, row, authorityId) => {
        if (row.disabled_at !== null) return false;
        await repo.updateMembership(trx, authorityId, staffId, { disabled_at: now() });
        return true;
      },
    );
    // After the commit, as the directory (sessions are not the authority's rows). Should this
    // fail, the lock holds all the same: the session no longer finds the membership.
    await withStaffDirectory(db, (trx) => repo.deleteSessionsIn(trx, staffId, authorityId));
  }

  /** "Zugang wieder freigeben". */
  async function reactivate(s: StaffSession, staffId: string, ip: string | null) {
    await onOther(s, staffId, 'staff.reactivated', ip, async (trx, row, authorityId) => {
      if (row.disabled_at === null) return false;
      await repo.updateMembership(trx, authorityId, staffId, { disabled_at: null });
      return true;
    });
  }

  return { overview, member, invite, change, deactivate, reactivate };
}
