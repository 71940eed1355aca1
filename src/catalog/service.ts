import type { Kysely } from 'kysely';
import type { Profiles } from '../accounts/profile/service.ts';
import { withAuthority } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import type { Municipality, Tenancy } from '../tenancy/service.ts';
import * as repo from './repository.ts';
import type { Activation, OnlineService } from './responsibility.ts';
import { type Responsibility, resolveResponsibility } from './responsibility.ts';
import { SEARCH_MAX_PAGES, SEARCH_PAGE_SIZE, type SearchResult, searchServices } from './search.ts';

export type { Activation, OnlineService };
export type CatalogueService = NonNullable<Awaited<ReturnType<typeof repo.findServiceById>>>;
export type ServiceListItem = { id: number; leika_key: string | null; name: string };

export type Subject = { id: number; name: string; services: number; situations: Situation[] };
export type Situation = {
  id: number;
  subject_id: number;
  name: string;
  services: number;
  ozgServices: OzgService[];
};
export type OzgService = {
  id: number;
  ozg_id: string;
  name: string;
  situation_id: number;
  services: number;
};

/** Themenfelder → Lebenslagen → OZG-Leistungen, sorted by German collation, with counts. */
export type CatalogueTree = {
  subjects: Subject[];
  subjectById: Map<number, Subject>;
  situationById: Map<number, Situation>;
};

export type OnlineOffer = OnlineService & {
  /** Authorities offering it online now. */
  offeredBy: number;
};

export type ServicePage = {
  service: CatalogueService;
  situation: Situation | undefined;
  subject: Subject | undefined;
  online: OnlineService | undefined;
  responsibility: Responsibility | undefined;
  /** The municipality the page was resolved for, and where we took it from. */
  place: { municipality: Municipality; source: 'query' | 'profile' } | undefined;
  /** Every municipality of the Verbund, for the choice on the page. */
  municipalities: Municipality[];
};

export type ActivationInput = {
  activeSince?: Date;
  description?: string | null;
  fees?: string | null;
  contactUnit?: string | null;
  contactPhone?: string | null;
  contactEmail?: string | null;
};

export type CatalogOptions = {
  db: Kysely<DB>;
  tenancy: Tenancy;
  now?: () => Date;
  /** The citizen's profile names their place when the service page does not. */
  profiles: Pick<Profiles, 'current'>;
  /** How long a process keeps the catalogue tree; it changes only by import. */
  cacheTtlMs?: number;
};

export type Catalog = ReturnType<typeof createCatalog>;

/**
 * What the start page and the portal fronts list: the online services citizens can use now.
 * `popular` are the ones most authorities offer (the portal records no usage figures the web
 * role may read); `ofAuthority` what each authority offers itself; `countyWide` what the
 * county offers for every municipality of the Verbund.
 */
export type PortalServices = {
  popular: OnlineOffer[];
  ofAuthority: Map<string, OnlineOffer[]>;
  countyWide: OnlineOffer[];
};

/** As long as the directory (ADR 0004): a new activation shows within seconds everywhere. */
const PORTAL_SERVICES_TTL_MS = 10_000;
const POPULAR_COUNT = 6;

const collator = new Intl.Collator('de');
const byName = <T extends { name: string }>(a: T, b: T) => collator.compare(a.name, b.name);
const PHONE = /^\+?[0-9][0-9 ()/-]{4,29}$/;
const EMAIL = /^[^\s@<>]{1,64}@[^\s@<>]+\.[^\s@<>]{2,}$/;

export function createCatalog(options: CatalogOptions) {
  const { db, tenancy } = options;
  const now = options.now ?? (() => new Date());
  const ttl = options.cacheTtlMs ?? 60_000;
  const { profiles } = options;
  let cached: { at: number; value: Promise<CatalogueTree> } | undefined;
  let portalCache: { at: number; value: Promise<PortalServices> } | undefined;

  /**
   * Read once per process and reused for every start page and portal front (they must stay
   * as cheap as a static page, bench/); reloaded after 10 s, at once after a change made in
   * this process, and a failed load is not kept.
   */
  function portalServices(): Promise<PortalServices> {
    const at = Date.now();
    if (portalCache === undefined || at - portalCache.at >= PORTAL_SERVICES_TTL_MS) {
      const value = loadPortalServices();
      portalCache = { at, value };
      value.catch(() => {
        if (portalCache?.value === value) portalCache = undefined;
      });
    }
    return portalCache.value;
  }

  async function loadPortalServices(): Promise<PortalServices> {
    const dir = await tenancy.directory();
    const [services, activations] = await Promise.all([
      repo.listOnlineServices(db, dir.verbund.id),
      repo.listActivationsInVerbund(db, dir.verbund.id),
    ]);
    const at = now().getTime();
    const byId = new Map(services.map((s) => [s.id, s]));
    const offeredBy = new Map<string, Set<string>>();
    for (const a of activations) {
      if (a.active_since.getTime() > at || dir.byId.get(a.authority_id)?.status !== 'live')
        continue;
      const set = offeredBy.get(a.online_service_id) ?? new Set<string>();
      set.add(a.authority_id);
      offeredBy.set(a.online_service_id, set);
    }
    const offers: OnlineOffer[] = services
      .map((s) => ({ ...s, offeredBy: offeredBy.get(s.id)?.size ?? 0 }))
      .filter((o) => o.offeredBy > 0)
      .sort((a, b) => collator.compare(a.title, b.title));
    const ofAuthority = new Map<string, OnlineOffer[]>();
    for (const offer of offers) {
      for (const authorityId of offeredBy.get(offer.id) ?? []) {
        ofAuthority.set(authorityId, [...(ofAuthority.get(authorityId) ?? []), offer]);
      }
    }
    const countyWide = offers.filter((o) => byId.get(o.id)?.level === 'county');
    // A county service reaches every municipality: it counts as offered by all members.
    const reach = (o: OnlineOffer) => (o.level === 'county' ? dir.members.length : o.offeredBy);
    const popular = [...offers].sort((a, b) => reach(b) - reach(a)).slice(0, POPULAR_COUNT);
    return { popular, ofAuthority, countyWide };
  }

  function tree(): Promise<CatalogueTree> {
    const at = Date.now();
    if (cached === undefined || at - cached.at >= ttl) {
      const value = loadTree(db);
      cached = { at, value };
      value.catch(() => {
        if (cached?.value === value) cached = undefined;
      });
    }
    return cached.value;
  }

  async function subject(id: string): Promise<Subject> {
    const found = /^[0-9]{1,9}$/.test(id) ? (await tree()).subjectById.get(Number(id)) : undefined;
    if (found === undefined) throw new NotFoundError('catalog.subject', id);
    return found;
  }

  async function situation(id: string): Promise<{
    situation: Situation;
    subject: Subject | undefined;
    servicesOf: Map<number, ServiceListItem[]>;
    onlineKeys: Set<string>;
  }> {
    const t = await tree();
    const found = /^[0-9]{1,9}$/.test(id) ? t.situationById.get(Number(id)) : undefined;
    if (found === undefined) throw new NotFoundError('catalog.situation', id);
    const [rows, onlineKeys] = await Promise.all([
      repo.listServicesOfSituation(db, found.id),
      onlineNow(),
    ]);
    const servicesOf = new Map<number, ServiceListItem[]>();
    for (const row of rows.sort(byName)) {
      const id = row.ozg_service_id ?? 0;
      servicesOf.set(id, [...(servicesOf.get(id) ?? []), row]);
    }
    return {
      situation: found,
      subject: t.subjectById.get(found.subject_id),
      servicesOf,
      onlineKeys,
    };
  }

  /** The Verbund's online services with how many authorities offer each now. */
  async function offers(): Promise<OnlineOffer[]> {
    const dir = await tenancy.directory();
    const [services, activations] = await Promise.all([
      repo.listOnlineServices(db, dir.verbund.id),
      repo.listActivationsInVerbund(db, dir.verbund.id),
    ]);
    const at = now().getTime();
    return services
      .map((s) => ({
        ...s,
        offeredBy: activations.filter(
          (a) =>
            a.online_service_id === s.id &&
            a.active_since.getTime() <= at &&
            dir.byId.get(a.authority_id)?.status === 'live',
        ).length,
      }))
      .sort((a, b) => collator.compare(a.title, b.title));
  }

  /** LeiKa keys that some authority offers online now: the "online" marks in lists. */
  async function onlineNow(): Promise<Set<string>> {
    return new Set((await offers()).filter((o) => o.offeredBy > 0).map((o) => o.leika_key));
  }

  async function search(q: string, page = 1): Promise<SearchResult & { page: number }> {
    if (!Number.isInteger(page) || page < 1 || page > SEARCH_MAX_PAGES) {
      throw new NotFoundError('catalog.search.page', String(page));
    }
    const dir = await tenancy.directory();
    const result = await searchServices(db, q, {
      verbundId: dir.verbund.id,
      limit: SEARCH_PAGE_SIZE,
      offset: (page - 1) * SEARCH_PAGE_SIZE,
      now: now(),
    });
    // A page past the last result is not a page.
    if (page > 1 && result.hits.length === 0) {
      throw new NotFoundError('catalog.search.page', String(page));
    }
    return { ...result, page };
  }

  /**
   * The page of one LeiKa-Leistung: by 14-digit key, or by catalogue id for the entries the
   * LeiKa does not list. `ags` (chosen on the page) wins over the signed-in citizen's profile.
   */
  async function servicePage(
    ref: { leikaKey: string } | { id: string },
    place: { ags?: string | undefined; accountId?: string | undefined },
  ): Promise<ServicePage> {
    const service = await findService(ref);
    const [t, dir] = await Promise.all([tree(), tenancy.directory()]);
    const municipalities = [...dir.municipalitiesOf.values()].flat().sort(byName);
    const chosen = await placeFor(municipalities, place);
    const online =
      service.leika_key === null
        ? undefined
        : await repo.findOnlineServiceByLeikaKey(db, dir.verbund.id, service.leika_key);
    const responsibility =
      online === undefined
        ? undefined
        : resolveResponsibility({
            service: online,
            activations: await repo.listActivations(db, online.id),
            directory: dir,
            municipality: chosen?.municipality,
            catalogueDescription: service.description,
            now: now(),
          });
    const situation =
      service.situation_id === null ? undefined : t.situationById.get(service.situation_id);
    return {
      service,
      situation,
      subject: situation && t.subjectById.get(situation.subject_id),
      online,
      responsibility,
      place: chosen,
      municipalities,
    };
  }

  async function findService(ref: { leikaKey: string } | { id: string }) {
    let found: CatalogueService | undefined;
    if ('leikaKey' in ref) {
      if (/^[0-9]{14}$/.test(ref.leikaKey))
        found = await repo.findServiceByLeikaKey(db, ref.leikaKey);
      if (found === undefined) throw new NotFoundError('catalog.service', ref.leikaKey);
    } else {
      if (/^[0-9]{1,9}$/.test(ref.id)) found = await repo.findServiceById(db, Number(ref.id));
      if (found === undefined) throw new NotFoundError('catalog.service', ref.id);
    }
    return found;
  }

  async function placeFor(
    municipalities: Municipality[],
    place: { ags?: string | undefined; accountId?: string | undefined },
  ): Promise<ServicePage['place']> {
    if (place.ags !== undefined && place.ags !== '') {
      const municipality = municipalities.find((m) => m.ags === place.ags);
      if (municipality === undefined) {
        throw new ValidationError({ gemeinde: 'catalog.place.errorUnknown' });
      }
      return { municipality, source: 'query' };
    }
    if (place.accountId === undefined) return undefined;
    const profile = await profiles.current(place.accountId);
    const id = profile?.municipality_id;
    const municipality = id ? municipalities.find((m) => m.id === id) : undefined;
    // The profile may name a municipality of another Verbund: then we do not know the place.
    return municipality && { municipality, source: 'profile' };
  }

  /**
   * An authority offers an online service (onboarding, one service at a time) or changes its
   * dates and overrides. Runs as the authority's staff under row-level security, so an
   * authority can only ever write its own activations. There is no way to pass a trust level.
   */
  async function activate(
    authorityId: string,
    serviceKey: string,
    input: ActivationInput = {},
  ): Promise<void> {
    const dir = await tenancy.directory();
    const authority = dir.byId.get(authorityId);
    if (authority === undefined) throw new NotFoundError('authority', authorityId);
    const service = await repo.findOnlineServiceByKey(db, dir.verbund.id, serviceKey);
    if (service === undefined) throw new NotFoundError('catalog.onlineService', serviceKey);
    if ((service.level === 'county') !== (authority.kind === 'county')) {
      throw new ForbiddenError(
        `${authority.slug} cannot offer ${serviceKey}: it is a ${service.level}-level service`,
      );
    }
    const overrides = checkOverrides(input);
    await withAuthority(db, authorityId, (trx) =>
      repo.upsertActivation(
        trx,
        {
          verbund_id: dir.verbund.id,
          authority_id: authorityId,
          online_service_id: service.id,
          active_since: input.activeSince ?? now(),
          ...overrides,
        },
        now(),
      ),
    );
    portalCache = undefined;
  }

  async function deactivate(authorityId: string, serviceKey: string): Promise<void> {
    const dir = await tenancy.directory();
    const service = await repo.findOnlineServiceByKey(db, dir.verbund.id, serviceKey);
    if (service === undefined) throw new NotFoundError('catalog.onlineService', serviceKey);
    const removed = await withAuthority(db, authorityId, (trx) =>
      repo.deleteActivation(trx, authorityId, service.id),
    );
    if (!removed) throw new NotFoundError('catalog.activation', serviceKey);
    portalCache = undefined;
  }

  return {
    tree,
    subject,
    situation,
    offers,
    portalServices,
    onlineNow,
    search,
    servicePage,
    activate,
    deactivate,
    /** After an import in this process: the next page reads the catalogue afresh. */
    clearCache: () => {
      cached = undefined;
      portalCache = undefined;
    },
  };
}

function checkOverrides(input: ActivationInput) {
  const errors: Record<string, string> = {};
  const text = (value: string | null | undefined, field: string, max: number) => {
    const v = value?.trim() ?? '';
    if (v.length > max) errors[field] = 'catalog.activation.errorTooLong';
    return v === '' ? null : v;
  };
  const overrides = {
    description: text(input.description, 'description', 5000),
    fees: text(input.fees, 'fees', 1000),
    contact_unit: text(input.contactUnit, 'contactUnit', 200),
    contact_phone: text(input.contactPhone, 'contactPhone', 30),
    contact_email: text(input.contactEmail, 'contactEmail', 254),
  };
  if (overrides.contact_phone !== null && !PHONE.test(overrides.contact_phone))
    errors.contactPhone = 'catalog.activation.errorPhone';
  if (overrides.contact_email !== null && !EMAIL.test(overrides.contact_email))
    errors.contactEmail = 'catalog.activation.errorEmail';
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return overrides;
}

async function loadTree(db: Kysely<DB>): Promise<CatalogueTree> {
  const [subjectRows, situationRows, ozgRows] = await Promise.all([
    repo.listSubjects(db),
    repo.listSituations(db),
    repo.listOzgServices(db),
  ]);
  const situationById = new Map<number, Situation>(
    situationRows.map((s) => [s.id, { ...s, services: 0, ozgServices: [] }]),
  );
  for (const row of ozgRows.sort(byName)) {
    const situation = situationById.get(row.situation_id);
    if (situation === undefined) continue;
    const services = Number(row.services);
    situation.ozgServices.push({ ...row, services });
    situation.services += services;
  }
  const subjects = subjectRows.sort(byName).map((s) => {
    // Lebenslagen without any service (the source has three test entries) are left out.
    const situations = [...situationById.values()]
      .filter((si) => si.subject_id === s.id && si.services > 0)
      .sort(byName);
    return { ...s, situations, services: situations.reduce((n, si) => n + si.services, 0) };
  });
  return {
    subjects,
    subjectById: new Map(subjects.map((s) => [s.id, s])),
    situationById: new Map(
      [...situationById.values()].filter((s) => s.services > 0).map((s) => [s.id, s]),
    ),
  };
}
