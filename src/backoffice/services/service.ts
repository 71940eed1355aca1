// "Online-Dienste": an authority's admins choose which of the Verbund's online services their
// authority offers, and write its own description, fees and contact for each. Every step runs
// as the authority (withAuthority), so row-level security keeps an admin to their own
// authority's activations and to services of its level; every change is audited in the
// authority's chain in the same transaction. The trust level is the Verbund's alone: nothing
// here reads it from a form.
import type { Kysely } from 'kysely';
import { type AuditAction, appendAudit } from '../../audit/service.ts';
import {
  type ActivationTexts,
  deleteActivation,
  findOnlineServiceByKey,
  insertActivation,
  listActivationsOfAuthority,
  listOnlineServices,
  updateActivationTexts,
} from '../../catalog/offers.ts';
import type { Catalog } from '../../catalog/service.ts';
import { withAuthority } from '../../db/rls.ts';
import type { DB, ServiceLevel, TrustLevel } from '../../db/schema.ts';
import { NotFoundError } from '../../errors.ts';
import type { Authority, Tenancy } from '../../tenancy/service.ts';
import type { StaffSession } from '../staff.ts';
import { checkedTexts, TEXT_FIELDS, type TextsInput } from './texts.ts';

export type AuthorityServicesDeps = {
  db: Kysely<DB>;
  tenancy: Tenancy;
  /** The portal keeps who offers what for a few seconds (catalog/service.ts): forgotten here. */
  catalog: Pick<Catalog, 'clearCache'>;
  now?: () => Date;
};

export type AuthorityService = {
  id: string;
  key: string;
  title: string;
  leikaKey: string;
  level: ServiceLevel;
  trustLevel: TrustLevel;
  allowsAnonymous: boolean;
  /** Since when the authority offers it; null: not offered. */
  offeredSince: Date | null;
  /** Offered from a later date (set by the operator's CLI): not yet online. */
  startsLater: boolean;
  /** The authority's own texts (null: the Verbund's text or the general contact applies). */
  own: ActivationTexts;
  /** The Verbund's texts, which apply where the authority wrote none. */
  verbund: { description: string | null; fees: string | null };
};

export type Overview = { authority: Authority; services: AuthorityService[] };

/** What a click changed: `unchanged` when it was already so (a second click, another tab). */
export type Outcome = 'changed' | 'unchanged';

const NO_TEXTS: ActivationTexts = {
  description: null,
  fees: null,
  contact_unit: null,
  contact_phone: null,
  contact_email: null,
};

const collator = new Intl.Collator('de');

export type AuthorityServices = ReturnType<typeof createAuthorityServices>;

export function createAuthorityServices(deps: AuthorityServicesDeps) {
  const { db, tenancy } = deps;
  const now = deps.now ?? (() => new Date());

  /** The admin's current authority; NotFoundError for anyone else (the page does not exist). */
  async function authorityOf(s: StaffSession): Promise<Authority> {
    const m = s.current;
    if (s.stage !== 'active' || m?.role !== 'authority_admin')
      throw new NotFoundError('staff.admin', s.staffId);
    const authority = (await tenancy.directory()).byId.get(m.authorityId);
    if (authority === undefined) throw new NotFoundError('authority', m.authorityId);
    return authority;
  }

  // County services for the Landkreis, municipal ones for its members: the rule of
  // catalog/responsibility.ts and of the activation table's policies.
  const fits = (level: ServiceLevel, authority: Authority) =>
    (level === 'county') === (authority.kind === 'county');

  /** Every online service of the Verbund the authority could offer, with its status. */
  async function overview(s: StaffSession): Promise<Overview> {
    const authority = await authorityOf(s);
    const at = now().getTime();
    return withAuthority(db, authority.id, async (trx) => {
      const [services, activations] = await Promise.all([
        listOnlineServices(trx, authority.verbund_id),
        listActivationsOfAuthority(trx, authority.id),
      ]);
      const byService = new Map(activations.map((a) => [a.online_service_id, a]));
      return {
        authority,
        services: services
          .filter((svc) => fits(svc.level, authority))
          .map((svc): AuthorityService => {
            const a = byService.get(svc.id);
            return {
              id: svc.id,
              key: svc.key,
              title: svc.title,
              leikaKey: svc.leika_key,
              level: svc.level,
              trustLevel: svc.trust_level,
              allowsAnonymous: svc.allows_anonymous,
              offeredSince: a?.active_since ?? null,
              startsLater: a !== undefined && a.active_since.getTime() > at,
              own:
                a === undefined
                  ? NO_TEXTS
                  : {
                      description: a.description,
                      fees: a.fees,
                      contact_unit: a.contact_unit,
                      contact_phone: a.contact_phone,
                      contact_email: a.contact_email,
                    },
              verbund: { description: svc.description, fees: svc.fees },
            };
          })
          .sort((a, b) => collator.compare(a.title, b.title)),
      };
    });
  }

  /** One service of the overview; NotFoundError for a key not of the authority's level. */
  async function one(s: StaffSession, key: string): Promise<AuthorityService> {
    const found = (await overview(s)).services.find((svc) => svc.key === key);
    if (found === undefined) throw new NotFoundError('catalog.onlineService', key);
    return found;
  }

  /**
   * Runs `change` as the authority for the service behind `key` (NotFoundError unless it is
   * of the authority's level in its Verbund) and audits it when it changed something.
   */
  async function changing(
    s: StaffSession,
    key: string,
    action: AuditAction,
    ip: string,
    change: (
      trx: Kysely<DB>,
      ids: { authorityId: string; verbundId: string; serviceId: string },
      at: Date,
    ) => Promise<{ changed: boolean; fields?: readonly string[] }>,
  ): Promise<Outcome> {
    const authority = await authorityOf(s);
    const at = now();
    const outcome = await withAuthority(db, authority.id, async (trx) => {
      const service = await findOnlineServiceByKey(trx, authority.verbund_id, key);
      if (service === undefined || !fits(service.level, authority))
        throw new NotFoundError('catalog.onlineService', key);
      const ids = {
        authorityId: authority.id,
        verbundId: authority.verbund_id,
        serviceId: service.id,
      };
      const { changed, fields } = await change(trx, ids, at);
      if (!changed) return 'unchanged' as const;
      await appendAudit(trx, {
        authorityId: authority.id,
        verbundId: authority.verbund_id,
        staffId: s.staffId,
        action,
        subject: { type: 'online_service', id: service.id },
        ip,
        at,
        ...(fields ? { fields } : {}),
      });
      return 'changed' as const;
    });
    if (outcome === 'changed') deps.catalog.clearCache();
    return outcome;
  }

  /** Offers the service from now, with the Verbund's texts; `unchanged` if offered already. */
  function offer(s: StaffSession, key: string, ip: string): Promise<Outcome> {
    return changing(s, key, 'service.activated', ip, async (trx, ids, at) => ({
      changed: await insertActivation(
        trx,
        {
          verbund_id: ids.verbundId,
          authority_id: ids.authorityId,
          online_service_id: ids.serviceId,
          active_since: at,
        },
        at,
      ),
    }));
  }

  /**
   * Stops offering it: citizens can no longer start it here. The authority's own texts go with
   * the activation; drafts and sent applications are not touched (see the confirmation page).
   */
  function withdraw(s: StaffSession, key: string, ip: string): Promise<Outcome> {
    return changing(s, key, 'service.deactivated', ip, async (trx, ids) => ({
      changed: await deleteActivation(trx, ids.authorityId, ids.serviceId),
    }));
  }

  /**
   * Replaces the authority's own texts of a service it offers. ValidationError (nothing
   * stored) for bad input, NotFoundError when it does not offer the service (any more).
   * Audited with the names of the fields that changed; saving the same texts audits nothing.
   */
  async function updateTexts(
    s: StaffSession,
    key: string,
    input: TextsInput,
    ip: string,
  ): Promise<Outcome> {
    const texts = checkedTexts(input);
    return changing(s, key, 'service.updated', ip, async (trx, ids, at) => {
      const before = (await listActivationsOfAuthority(trx, ids.authorityId)).find(
        (a) => a.online_service_id === ids.serviceId,
      );
      if (before === undefined) throw new NotFoundError('catalog.activation', key);
      const fields = TEXT_FIELDS.filter(([, column]) => before[column] !== texts[column]).map(
        ([field]) => field,
      );
      if (fields.length === 0) return { changed: false };
      await updateActivationTexts(trx, ids.authorityId, ids.serviceId, texts, at);
      return { changed: true, fields };
    });
  }

  return { overview, one, offer, withdraw, updateTexts };
}
