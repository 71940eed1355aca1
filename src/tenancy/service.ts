import type { Kysely, Transaction } from 'kysely';
import { withAuthority, withVerbundOffice } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import type { SafeHtml } from '../web/html.ts';
import type { PageFrame } from '../web/layout.ts';
import { searchKey } from './names.ts';
import * as repo from './repository.ts';

export type Verbund = NonNullable<Awaited<ReturnType<typeof repo.findFirstVerbund>>>;
export type Authority = Awaited<ReturnType<typeof repo.listAuthorities>>[number];
/** What the Verbund's admins change of an authority's contact data. */
export type ContactChange = repo.ContactChange;
export type Municipality = Awaited<ReturnType<typeof repo.listMunicipalities>>[number];

export type Directory = {
  verbund: Verbund;
  county: Authority | undefined;
  /** Every authority but the county, by name. */
  members: Authority[];
  bySlug: Map<string, Authority>;
  byId: Map<string, Authority>;
  municipalitiesOf: Map<string, Municipality[]>;
};

export type Placement = { municipality: Municipality; authority: Authority };

export type FinderResult =
  | { kind: 'found'; query: string; placements: Placement[] }
  | { kind: 'none'; query: string; byPostcode: boolean };

export const FINDER_MAX_LENGTH = 100;
const FINDER_LIMIT = 20;

export type TenancyOptions = {
  /**
   * How long a process may serve a cached directory. Onboarding in this process clears it at
   * once; other processes (more web nodes, the CLI) are seen after at most this long.
   */
  cacheTtlMs?: number;
  now?: () => Date;
};

export type Tenancy = ReturnType<typeof createTenancy>;

export function createTenancy(db: Kysely<DB>, options: TenancyOptions = {}) {
  const ttl = options.cacheTtlMs ?? 10_000;
  const now = options.now ?? (() => new Date());
  let cached: { at: number; value: Promise<Directory> } | undefined;

  function directory(): Promise<Directory> {
    const at = Date.now();
    if (cached === undefined || at - cached.at >= ttl) {
      const value = loadDirectory(db);
      cached = { at, value };
      // A failed load must not stay cached: the next request tries the database again.
      value.catch(() => {
        if (cached?.value === value) cached = undefined;
      });
    }
    return cached.value;
  }

  async function authorityBySlug(slug: string): Promise<Authority> {
    const authority = (await directory()).bySlug.get(slug);
    if (authority === undefined) throw new NotFoundError('authority', slug);
    return authority;
  }

  async function find(input: string): Promise<FinderResult> {
    const query = input.trim();
    if (query === '') throw new ValidationError({ q: 'tenancy.finder.errorEmpty' });
    if (query.length > FINDER_MAX_LENGTH)
      throw new ValidationError({ q: 'tenancy.finder.errorTooLong' });
    const { verbund, byId } = await directory();
    const hasDigits = /\d/.test(query);
    if (hasDigits && !/^\d{5}$/.test(query)) {
      throw new ValidationError({ q: 'tenancy.finder.errorPostcodeFormat' });
    }
    let found: Municipality[];
    if (hasDigits) {
      found = await repo.findMunicipalitiesByPostcode(db, verbund.id, query);
    } else {
      const key = searchKey(query);
      if (key.length < 2) throw new ValidationError({ q: 'tenancy.finder.errorTooShort' });
      found = await repo.findMunicipalitiesByName(db, verbund.id, key, FINDER_LIMIT);
    }
    const placements = found.flatMap((municipality) => {
      const authority = byId.get(municipality.authority_id);
      return authority === undefined ? [] : [{ municipality, authority }];
    });
    return placements.length === 0
      ? { kind: 'none', query, byPostcode: hasDigits }
      : { kind: 'found', query, placements };
  }

  /**
   * The Verbund's municipality at this postcode with this name ("Meppen", "Haren (Ems)"),
   * compared as the finder compares names; undefined for a place outside the Verbund.
   */
  async function municipalityAt(postcode: string, place: string): Promise<string | undefined> {
    const key = searchKey(place);
    for (const list of (await directory()).municipalitiesOf.values()) {
      const found = list.find((m) => m.postcodes.includes(postcode) && searchKey(m.name) === key);
      if (found !== undefined) return found.id;
    }
    return undefined;
  }

  /**
   * onboarding → live; the portal front then says the authority's services are online.
   * `inTransaction` runs in the change's transaction (the Verbund office audits there).
   */
  async function onboard(
    slug: string,
    inTransaction?: (trx: Transaction<DB>, authority: Authority) => Promise<void>,
  ): Promise<Authority> {
    const authority = await authorityBySlug(slug).catch(async (error) => {
      cached = undefined; // the slug may have been added since the cache was filled
      if (error instanceof NotFoundError) return authorityBySlug(slug);
      throw error;
    });
    if (authority.status === 'live') throw new ConflictError(`${slug} is already live`);
    // Only the Verbund takes an authority live (its context, ADR 0041): its own staff may
    // change its contact data alone, and a trigger refuses them the status.
    await withVerbundOffice(db, authority.verbund_id, async (trx) => {
      const changed = await repo.setAuthorityStatus(trx, authority.id, 'live', now());
      if (!changed) throw new ConflictError(`${slug} is already live`);
      await inTransaction?.(trx, authority);
    });
    cached = undefined;
    return authorityBySlug(slug);
  }

  /**
   * Runs as the authority's staff under row-level security: the policy, not this code,
   * guarantees that one authority can never change another's contact data. `inTransaction`
   * runs in the same transaction (the audit entry of the change).
   */
  async function updateContact(
    authorityId: string,
    contact: repo.ContactChange,
    inTransaction?: (trx: Transaction<DB>) => Promise<void>,
  ): Promise<void> {
    const changed = await withAuthority(db, authorityId, async (trx) => {
      const done = await repo.updateContact(trx, authorityId, contact);
      if (done) await inTransaction?.(trx);
      return done;
    });
    if (!changed) throw new NotFoundError('authority', authorityId);
    cached = undefined;
  }

  return { directory, authorityBySlug, find, municipalityAt, onboard, updateContact };
}

async function loadDirectory(db: Kysely<DB>): Promise<Directory> {
  const verbund = await repo.findFirstVerbund(db);
  if (verbund === undefined) throw new NotFoundError('verbund', 'any');
  const [authorities, municipalities] = await Promise.all([
    repo.listAuthorities(db, verbund.id),
    repo.listMunicipalities(db, verbund.id),
  ]);
  const municipalitiesOf = new Map<string, Municipality[]>();
  for (const m of municipalities) {
    const list = municipalitiesOf.get(m.authority_id) ?? [];
    list.push(m);
    municipalitiesOf.set(m.authority_id, list);
  }
  return {
    verbund,
    county: authorities.find((a) => a.kind === 'county'),
    members: authorities.filter((a) => a.kind !== 'county'),
    bySlug: new Map(authorities.map((a) => [a.slug, a])),
    byId: new Map(authorities.map((a) => [a.id, a])),
    municipalitiesOf,
  };
}

/**
 * The start page's and each portal front's online services, given by the composition root
 * (the catalogue renders them): tenancy knows no catalogue. Each call returns the same object
 * while the lists are unchanged, which keeps the rendered pages below valid.
 */
export type ServiceSections = {
  start(frame: PageFrame): Promise<SafeHtml>;
  portal(frame: PageFrame, dir: Directory, authority: Authority): Promise<SafeHtml>;
};
