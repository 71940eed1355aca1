// The Verbund office: what the Verbund's admins (role verbund_admin, members of no authority)
// do in the back office. They see every authority of the Verbund with its figures, keep an
// authority's contact data, take it live and invite its first admin; they read which
// authority offers which catalogue service online, set up an online service for an entry
// that has none and keep each online service's settings, which hold for every member alike
// (one trust level per service in the whole Verbund); and they keep the Verbund's own members
// (its admins and auditors). Never an application, a message or a name of a citizen: this
// module reads counts, the public directory and the Verbund's own staff only. Every change is
// audited: in the chain of the authority it touched, or in the Verbund's.
import type { Kysely } from 'kysely';
import { appendAudit } from '../../audit/service.ts';
import type { Catalog } from '../../catalog/service.ts';
import { withStaffDirectory, withVerbundOffice } from '../../db/rls.ts';
import type { DB, StaffRole } from '../../db/schema.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.ts';
import type { FormDefinition } from '../../forms/definition.ts';
import { builtinRegistry, type DefinitionRegistry } from '../../forms/registry.ts';
import type { Authority, Tenancy } from '../../tenancy/service.ts';
import { isUuid } from '../../uuid.ts';
import type { Language } from '../../web/i18n.ts';
import { inviteByMail } from '../invite-by-mail.ts';
import type { StaffAccounts, StaffSession } from '../staff.ts';
import * as staffRepo from '../staff-repository.ts';
import { type ContactInput, checkedContact } from './contact.ts';
import { checkedNewService, type NewServiceInput } from './new-service.ts';
import * as repo from './repository.ts';
import { checkedSettings, type ServiceSettingsInput } from './service-settings.ts';

export type VerbundOfficeDeps = {
  db: Kysely<DB>;
  tenancy: Tenancy;
  staff: StaffAccounts;
  /** clearCache: the start page and the fronts show a changed service at once. */
  catalog: Pick<Catalog, 'search' | 'clearCache'>;
  /** The published forms a new online service may use (the shipped ones unless given). */
  definitions?: Pick<DefinitionRegistry, 'latestOfEach'>;
  now?: () => Date;
};

/** The Verbund's own members (no authority) that the office lists, invites and locks. */
export type VerbundMemberRole = Extract<StaffRole, 'verbund_admin' | 'auditor'>;

export type VerbundMember = {
  staffId: string;
  name: string;
  email: string;
  since: Date;
  locked: boolean;
  /** Invited, the invitation not taken up yet: no access until then. */
  invited: boolean;
  /** The admin looking at the list: their own access is not theirs to lock. */
  self: boolean;
};

const SELF_INVITATION = {
  verbund_admin: 'verbund.admins.self',
  auditor: 'verbund.auditors.self',
} as const satisfies Record<VerbundMemberRole, string>;

/** 409: a lock of one's own access, or one that would leave the Verbund without an admin. */
export class LockRefusedError extends ConflictError {
  reason: 'self' | 'lastAdmin';
  constructor(reason: 'self' | 'lastAdmin') {
    super(`lock refused: ${reason}`);
    this.reason = reason;
  }
}

/** "Online-Dienst einrichten": the catalogue entry, its service if it has one, the free forms. */
export type ServiceSetup = {
  entry: { leikaKey: string; name: string; description: string | null };
  existing: { id: string; title: string } | undefined;
  forms: FormDefinition[];
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
  const definitions = deps.definitions ?? builtinRegistry();

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

  /** One invitation by mail for every page of the office (audited as staff.invited). */
  async function invite(
    s: StaffSession,
    to: { authority: { slug: string | null; name: string }; role: StaffRole },
    input: { email: string; displayName: string },
    ip: string | null,
    lang: Language,
  ): Promise<{ expiresAt: Date }> {
    const { expiresAt } = await inviteByMail(deps.staff, {
      ...to,
      email: input.email,
      displayName: input.displayName,
      invitedBy: s.staffId,
      ip,
      lang,
    });
    return { expiresAt };
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
    return invite(s, { authority: target, role: 'authority_admin' }, input, ip, lang);
  }

  /**
   * A member of the Verbund itself (no authority), invited by mail (audited as staff.invited in
   * the Verbund's chain): an admin beside the others, or an auditor, who reads the Verbund's
   * Prüfprotokoll that its admins do not. Nobody invites themselves (ValidationError): an admin
   * is one already, and whoever reads what the admins changed is someone else, unless the
   * operator decides otherwise (`cli staff:invite --verbund`).
   */
  async function inviteMember(
    s: StaffSession,
    role: VerbundMemberRole,
    input: { email: string; displayName: string },
    ip: string | null,
    lang: Language,
  ): Promise<{ expiresAt: Date }> {
    verbundAdminOf(s);
    if (input.email.trim().toLowerCase() === s.email.toLowerCase())
      throw new ValidationError({ email: SELF_INVITATION[role] });
    const { verbund } = await tenancy.directory();
    return invite(s, { authority: { slug: null, name: verbund.name }, role }, input, ip, lang);
  }

  /**
   * "Administration des Verbunds" and "Prüfung des Verbunds": the Verbund's members in `role`,
   * locked ones too (the office reads no one's log itself).
   */
  async function members(s: StaffSession, role: VerbundMemberRole): Promise<VerbundMember[]> {
    verbundAdminOf(s);
    const rows = await withStaffDirectory(db, (trx) =>
      staffRepo.listVerbundMembers(trx, s.verbundId, role),
    );
    return rows.map((r) => ({
      staffId: r.id,
      name: r.display_name,
      email: r.email,
      since: r.created_at,
      locked: r.disabled_at !== null,
      invited: !r.accepted,
      self: r.id === s.staffId,
    }));
  }

  /**
   * "Zugang sperren" / "Zugang wieder freigeben" of a Verbund member in `role`: from the next
   * request on the membership gives no access (sessions read only open memberships). Audited
   * in the Verbund's chain when it changed; NotFoundError for anyone who holds no such
   * membership here. LockRefusedError (409) for one's own access, and for a lock that would
   * leave the Verbund without an active admin (two admins locking each other at once).
   */
  async function setMemberLocked(
    s: StaffSession,
    role: VerbundMemberRole,
    staffId: string,
    locked: boolean,
    ip: string | null,
  ): Promise<{ name: string }> {
    verbundAdminOf(s);
    if (!isUuid(staffId)) throw new NotFoundError('staff', staffId);
    if (staffId === s.staffId) throw new LockRefusedError('self');
    return withStaffDirectory(db, async (trx) => {
      const at = now();
      if (locked && role === 'verbund_admin') {
        const active = await staffRepo.lockActiveVerbundMembers(trx, s.verbundId, role);
        if (active.filter((id) => id !== staffId).length === 0)
          throw new LockRefusedError('lastAdmin');
        // Locked meanwhile by another admin: the session was read before, the access is gone.
        if (!active.includes(s.staffId)) throw new ForbiddenError('verbund admin locked meanwhile');
      }
      const result = await staffRepo.setVerbundMemberLocked(
        trx,
        s.verbundId,
        staffId,
        role,
        locked ? at : null,
      );
      if (result === undefined) throw new NotFoundError('staff', staffId);
      if (result.changed) {
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
      return { name: result.name };
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

  /**
   * What "Online-Dienst einrichten" starts from for the catalogue entry `leikaKey`: NotFoundError
   * (404) for a key the catalogue does not hold. The forms offered are the newest published
   * version of each form that no online service of the Verbund uses yet, by German title.
   */
  async function serviceSetup(s: StaffSession, leikaKey: string): Promise<ServiceSetup> {
    verbundAdminOf(s);
    const entry = /^[0-9]{14}$/.test(leikaKey)
      ? await repo.findCatalogueEntry(db, leikaKey)
      : undefined;
    if (entry === undefined || entry.leika_key === null)
      throw new NotFoundError('catalog.service', leikaKey);
    // The public directory: the runtime role reads it without acting as anyone. The forms in
    // use first, the entry's service after: a service set up in between (a second submit of
    // the same form) then shows as the entry's (409), not as its form taken (422).
    const used = await repo.listUsedForms(db, s.verbundId);
    const existing = await repo.findOnlineServiceByLeikaKey(db, s.verbundId, leikaKey);
    const forms = definitions
      .latestOfEach()
      .filter((f) => !used.has(f.id))
      .sort((a, b) => a.title.de.localeCompare(b.title.de, 'de'));
    return {
      entry: { leikaKey: entry.leika_key, name: entry.name, description: entry.description },
      existing,
      forms,
    };
  }

  /**
   * Sets up the Verbund's online service for a catalogue entry, offered by no authority yet
   * (each switches it on itself). ValidationError (422) for bad input, a taken key (from the
   * title) or form; ConflictError (409) when the entry has a service already (a second submit).
   * Nothing is stored on error; audited in the Verbund's chain in the same transaction.
   */
  async function createOnlineService(
    s: StaffSession,
    leikaKey: string,
    input: NewServiceInput,
    ip: string | null,
  ): Promise<{ id: string }> {
    const setup = await serviceSetup(s, leikaKey);
    if (setup.existing !== undefined)
      throw new ConflictError(`online service for ${leikaKey} exists`);
    const choice = checkedNewService(
      input,
      setup.forms.map((f) => f.id),
    );
    const service = { ...choice, verbund_id: s.verbundId, leika_key: setup.entry.leikaKey };
    const id = await withVerbundOffice(db, s.verbundId, async (trx) => {
      // Checked before and, for one set up at the same moment, after the insert did nothing.
      const refuse = async () => {
        const taken = await repo.takenBy(trx, service);
        if (taken.leikaKey) throw new ConflictError(`online service for ${leikaKey} exists`);
        if (taken.key) throw new ValidationError({ title: 'verbund.newService.error.keyTaken' });
        if (taken.form) throw new ValidationError({ formId: 'verbund.newService.error.formTaken' });
      };
      await refuse();
      const inserted = await repo.insertOnlineService(trx, service);
      if (inserted === undefined) {
        await refuse();
        throw new ConflictError(`online service ${service.key} not inserted`);
      }
      await appendAudit(trx, {
        authorityId: null,
        verbundId: s.verbundId,
        staffId: s.staffId,
        action: 'verbund.service_created',
        subject: { type: 'online_service', id: inserted },
        ip,
        at: now(),
      });
      return inserted;
    });
    deps.catalog.clearCache();
    return { id };
  }

  return {
    authorities,
    authority,
    updateContact,
    goLive,
    inviteAdmin,
    inviteMember,
    members,
    setMemberLocked,
    serviceSetup,
    createOnlineService,
    catalogue,
    onlineService,
    updateOnlineService,
  };
}
