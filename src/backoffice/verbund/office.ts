// The Verbund office: what the Verbund's admins (role verbund_admin, members of no authority)
// do in the back office. They see every authority of the Verbund with its figures, keep an
// authority's contact data, take it live and invite its first admin; they read which
// authority offers which catalogue service online and keep each online service's settings,
// which hold for every member alike (one trust level per service in the whole Verbund).
// Never an application, a message or a name of a citizen: this module reads counts and the
// public directory only. Every change is audited: in the chain of the authority it touched,
// or in the Verbund's for an online service.
import type { Kysely } from 'kysely';
import { appendAudit } from '../../audit/service.ts';
import type { Catalog } from '../../catalog/service.ts';
import { withStaffDirectory, withVerbundOffice } from '../../db/rls.ts';
import type { DB } from '../../db/schema.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.ts';
import type { Authority, Tenancy } from '../../tenancy/service.ts';
import { isUuid } from '../../uuid.ts';
import type { Language } from '../../web/i18n.ts';
import { inviteByMail } from '../invite-by-mail.ts';
import type { StaffAccounts, StaffSession } from '../staff.ts';
import * as staffRepo from '../staff-repository.ts';
import { type ContactInput, checkedContact } from './contact.ts';
import * as repo from './repository.ts';
import { checkedSettings, type ServiceSettingsInput } from './service-settings.ts';

export type VerbundOfficeDeps = {
  db: Kysely<DB>;
  tenancy: Tenancy;
  staff: StaffAccounts;
  /** clearCache: the start page and the fronts show a changed service at once. */
  catalog: Pick<Catalog, 'search' | 'clearCache'>;
  now?: () => Date;
};

export type AuthoritySummary = {
  authority: Authority;
  onlineServices: number;
  activeStaff: number;
};

export type CatalogueRow = {
  id: number;
  leikaKey: string | null;
  name: string;
  /** The Verbund's online service for this entry; undefined: none exists. */
  online:
    | { id: string; title: string; offeredBy: Authority[]; notOfferedBy: Authority[] }
    | undefined;
};

export type OnlineServiceSettings = NonNullable<Awaited<ReturnType<typeof repo.findOnlineService>>>;

export type VerbundOffice = ReturnType<typeof createVerbundOffice>;

/** A Verbund admin signed in with both factors; ForbiddenError (403) for everyone else. */
export function verbundAdminOf(s: StaffSession): StaffSession {
  if (s.stage !== 'active' || !s.memberships.some((m) => m.role === 'verbund_admin'))
    throw new ForbiddenError('verbund admins only');
  return s;
}

export function createVerbundOffice(deps: VerbundOfficeDeps) {
  const { db, tenancy } = deps;
  const now = deps.now ?? (() => new Date());

  async function all(): Promise<Authority[]> {
    const dir = await tenancy.directory();
    return [...(dir.county ? [dir.county] : []), ...dir.members];
  }

  /** "Behörden": the county first, then the members by name, with their figures. */
  async function authorities(s: StaffSession): Promise<AuthoritySummary[]> {
    verbundAdminOf(s);
    const list = await all();
    const [staff, services] = await withVerbundOffice(db, s.verbundId, async (trx) => [
      await repo.countActiveStaff(trx),
      await repo.countOnlineServices(trx, s.verbundId, now()),
    ]);
    return list.map((authority) => ({
      authority,
      onlineServices: services.get(authority.id) ?? 0,
      activeStaff: staff.get(authority.id) ?? 0,
    }));
  }

  async function authority(s: StaffSession, slug: string): Promise<AuthoritySummary> {
    verbundAdminOf(s);
    const found = (await authorities(s)).find((a) => a.authority.slug === slug);
    if (found === undefined) throw new NotFoundError('authority', slug);
    return found;
  }

  /** New contact data; ValidationError (nothing stored) when a field is not right. */
  async function updateContact(
    s: StaffSession,
    slug: string,
    input: ContactInput,
    ip: string | null,
  ): Promise<void> {
    verbundAdminOf(s);
    const target = await tenancy.authorityBySlug(slug);
    const contact = checkedContact(input);
    await tenancy.updateContact(target.id, contact, (trx) =>
      appendAudit(trx, {
        authorityId: target.id,
        verbundId: s.verbundId,
        staffId: s.staffId,
        action: 'verbund.authority_updated',
        subject: { type: 'authority', id: target.id },
        ip,
        at: now(),
      }),
    );
  }

  /** "Online schalten": ConflictError (409) when the authority is live already. */
  async function goLive(s: StaffSession, slug: string, ip: string | null): Promise<Authority> {
    verbundAdminOf(s);
    return tenancy.onboard(slug, (trx, target) =>
      appendAudit(trx, {
        authorityId: target.id,
        verbundId: s.verbundId,
        staffId: s.staffId,
        action: 'verbund.authority_live',
        subject: { type: 'authority', id: target.id },
        ip,
        at: now(),
      }),
    );
  }

  /** An admin for the authority, invited by mail (audited as staff.invited by the invitation). */
  async function inviteAdmin(
    s: StaffSession,
    slug: string,
    input: { email: string; displayName: string },
    ip: string | null,
    lang: Language,
  ): Promise<{ expiresAt: Date }> {
    verbundAdminOf(s);
    const target = await tenancy.authorityBySlug(slug);
    const { expiresAt } = await inviteByMail(deps.staff, {
      authority: target,
      role: 'authority_admin',
      email: input.email,
      displayName: input.displayName,
      invitedBy: s.staffId,
      ip,
      lang,
    });
    return { expiresAt };
  }

  /**
   * An auditor of the Verbund itself (no authority), invited by mail (audited as staff.invited
   * in the Verbund's chain): they read the Verbund's Prüfprotokoll, its admins do not. An
   * admin cannot invite themselves (ValidationError): whoever reads what the admins changed is
   * someone else, unless the operator decides otherwise (`cli staff:invite --verbund`).
   */
  async function inviteAuditor(
    s: StaffSession,
    input: { email: string; displayName: string },
    ip: string | null,
    lang: Language,
  ): Promise<{ expiresAt: Date }> {
    verbundAdminOf(s);
    if (input.email.trim().toLowerCase() === s.email.toLowerCase())
      throw new ValidationError({ email: 'verbund.auditors.self' });
    const { verbund } = await tenancy.directory();
    const { expiresAt } = await inviteByMail(deps.staff, {
      authority: { slug: null, name: verbund.name },
      role: 'auditor',
      email: input.email,
      displayName: input.displayName,
      invitedBy: s.staffId,
      ip,
      lang,
    });
    return { expiresAt };
  }

  /** "Prüfung des Verbunds": who audits the Verbund, locked ones too (no one's log itself). */
  async function auditors(s: StaffSession) {
    verbundAdminOf(s);
    const rows = await withStaffDirectory(db, (trx) =>
      staffRepo.listVerbundMembers(trx, s.verbundId, 'auditor'),
    );
    return rows.map((r) => ({
      staffId: r.id,
      name: r.display_name,
      email: r.email,
      since: r.created_at,
      locked: r.disabled_at !== null,
    }));
  }

  /**
   * "Zugang sperren" / "Zugang wieder freigeben" of a Verbund auditor: from the next request
   * on the membership gives no access (sessions read only open memberships). Audited in the
   * Verbund's chain when it changed; NotFoundError for anyone who is no auditor of this Verbund.
   */
  async function setAuditorLocked(
    s: StaffSession,
    staffId: string,
    locked: boolean,
    ip: string | null,
  ): Promise<{ name: string }> {
    verbundAdminOf(s);
    if (!isUuid(staffId)) throw new NotFoundError('staff', staffId);
    return withStaffDirectory(db, async (trx) => {
      const at = now();
      const changed = await staffRepo.setVerbundMemberLocked(
        trx,
        s.verbundId,
        staffId,
        'auditor',
        locked ? at : null,
      );
      if (changed === undefined) throw new NotFoundError('staff', staffId);
      if (changed) {
        await appendAudit(trx, {
          authorityId: null,
          verbundId: s.verbundId,
          staffId: s.staffId,
          action: locked ? 'staff.deactivated' : 'staff.reactivated',
          subject: { type: 'staff', id: staffId },
          ip,
          at,
        });
      }
      const member = await staffRepo.listVerbundMembers(trx, s.verbundId, 'auditor');
      return { name: member.find((m) => m.id === staffId)?.display_name ?? '' };
    });
  }

  /**
   * "Leistungskatalog": a search of the catalogue, and for each entry with an online service
   * the authorities that offer it now and those of its level (county or municipalities) that
   * do not. ValidationError for what the catalogue's search refuses.
   */
  async function catalogue(s: StaffSession, q: string, page: number) {
    verbundAdminOf(s);
    const result = await deps.catalog.search(q, page);
    const list = await all();
    const byId = new Map(list.map((a) => [a.id, a]));
    const at = now();
    // The public directory: the runtime role reads it without acting as anyone.
    const [online, activations] = await Promise.all([
      repo.listOnlineServices(db, s.verbundId),
      repo.listActivationsNow(db, s.verbundId, at),
    ]);
    const byKey = new Map(online.map((o) => [o.leika_key, o]));
    const rows: CatalogueRow[] = result.hits.map((hit) => {
      const service = hit.leika_key === null ? undefined : byKey.get(hit.leika_key);
      if (service === undefined)
        return { id: hit.id, leikaKey: hit.leika_key, name: hit.name, online: undefined };
      const offering = new Set(
        activations.filter((a) => a.online_service_id === service.id).map((a) => a.authority_id),
      );
      const ofLevel = list.filter((a) =>
        service.level === 'county' ? a.kind === 'county' : a.kind !== 'county',
      );
      return {
        id: hit.id,
        leikaKey: hit.leika_key,
        name: hit.name,
        online: {
          id: service.id,
          title: service.title,
          offeredBy: [...offering].flatMap((id) => byId.get(id) ?? []),
          notOfferedBy: ofLevel.filter((a) => !offering.has(a.id)),
        },
      };
    });
    return { ...result, rows };
  }

  /** One of the Verbund's online services with its settings; NotFoundError for any other. */
  async function onlineService(s: StaffSession, id: string): Promise<OnlineServiceSettings> {
    verbundAdminOf(s);
    const found = isUuid(id) ? await repo.findOnlineService(db, s.verbundId, id) : undefined;
    if (found === undefined) throw new NotFoundError('online_service', id);
    return found;
  }

  /**
   * New Verbund-wide settings of an online service, saved only if nobody changed them since
   * `version` was shown (ConflictError, 409, else; nothing stored). ValidationError for bad
   * input. Audited in the Verbund's chain in the same transaction; the citizens' pages show
   * the change at once.
   */
  async function updateOnlineService(
    s: StaffSession,
    id: string,
    version: number,
    input: ServiceSettingsInput,
    ip: string | null,
  ): Promise<void> {
    const service = await onlineService(s, id);
    const settings = checkedSettings(input);
    const saved = await withVerbundOffice(db, s.verbundId, async (trx) => {
      const done = await repo.updateOnlineService(trx, s.verbundId, service.id, version, settings);
      if (done)
        await appendAudit(trx, {
          authorityId: null,
          verbundId: s.verbundId,
          staffId: s.staffId,
          action: 'verbund.service_changed',
          subject: { type: 'online_service', id: service.id },
          ip,
          at: now(),
        });
      return done;
    });
    if (!saved) throw new ConflictError(`online service ${service.id} changed since ${version}`);
    deps.catalog.clearCache();
  }

  return {
    authorities,
    authority,
    updateContact,
    goLive,
    inviteAdmin,
    inviteAuditor,
    auditors,
    setAuditorLocked,
    catalogue,
    onlineService,
    updateOnlineService,
  };
}
