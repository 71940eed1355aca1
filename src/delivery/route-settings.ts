// Routes: which connector with which configuration an authority's applications go to, per
// service or as the authority's default. Used by the CLI now and by the back office's
// authority admins later; acts as the authority, so row-level security keeps each to its own.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type AuditAction, appendAudit } from '../audit/service.ts';
import { withAuthority } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import type { Keyring } from '../envelope/envelope.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import type { Tenancy } from '../tenancy/service.ts';
import { configProblems, splitSecrets } from './config-check.ts';
import type { Registry } from './connectors/registry.ts';
import * as repo from './repository.ts';
import { openSecrets, sealSecrets } from './route-secrets.ts';

export type NewRoute = {
  authoritySlug: string;
  /** The online service's key; undefined for the authority's default route. */
  serviceKey?: string | undefined;
  name: string;
  type: string;
  config: Record<string, unknown>;
  alertEmail?: string | undefined;
};

/** Removing a route that deliveries still wait on: refused unless forced. */
export class RouteInUseError extends ConflictError {
  readonly pending: number;
  constructor(name: string, pending: number) {
    super(
      `${pending} deliveries to route "${name}" are pending. They would wait for a new route; repeat with --force to remove it anyway.`,
    );
    this.pending = pending;
  }
}

/** Who changes routes in the back office; the CLI (the operator) passes none. */
export type RouteActor = { staffId: string; ip: string | null };

const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const EMAIL = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+\.[^\s@<>,;:"()[\]\\]+$/;

export function createRouteSettings(deps: {
  db: Kysely<DB>;
  tenancy: Tenancy;
  keyring: Keyring;
  connectors: Registry;
}) {
  const { db, keyring, connectors } = deps;

  async function authorityOf(slug: string) {
    const authority = (await deps.tenancy.directory()).bySlug.get(slug);
    if (authority === undefined) throw new NotFoundError('authority', slug);
    return authority;
  }

  function audit(
    trx: Kysely<DB>,
    authority: { id: string; verbund_id: string },
    actor: RouteActor | undefined,
    action: AuditAction,
    routeId: string,
  ) {
    if (actor === undefined) return;
    return appendAudit(trx, {
      authorityId: authority.id,
      verbundId: authority.verbund_id,
      staffId: actor.staffId,
      action,
      subject: { type: 'delivery_route', id: routeId },
      ip: actor.ip,
      at: new Date(),
    });
  }

  async function add(input: NewRoute, actor?: RouteActor): Promise<{ id: string }> {
    const authority = await authorityOf(input.authoritySlug);
    const connector = connectors.get(input.type);
    const fields: Record<string, string> = {};
    if (!NAME.test(input.name) || input.name.length > 60)
      fields.name = 'lower-case letters, digits and single hyphens, at most 60';
    if (connector === undefined)
      fields.type = `unknown connector type (known: ${[...connectors.keys()].join(', ')})`;
    else {
      const problems = configProblems(connector, input.config);
      if (problems.length > 0) fields.config = problems.join('; ');
    }
    if (input.alertEmail !== undefined && !EMAIL.test(input.alertEmail))
      fields.alertEmail = 'one plain e-mail address';
    if (connector === undefined || Object.keys(fields).length > 0)
      throw new ValidationError(fields);

    const id = randomUUID();
    const { plain, secrets } = splitSecrets(connector, input.config);
    const sealed = Object.keys(secrets).length > 0 ? sealSecrets(keyring, id, secrets) : null;
    return withAuthority(db, authority.id, async (trx) => {
      let serviceId: string | null = null;
      if (input.serviceKey !== undefined) {
        const service = await trx
          .selectFrom('online_service')
          .select('id')
          .where('verbund_id', '=', authority.verbund_id)
          .where('key', '=', input.serviceKey)
          .executeTakeFirst();
        if (service === undefined) throw new NotFoundError('online service', input.serviceKey);
        serviceId = service.id;
      }
      const taken = await trx
        .selectFrom('delivery_route')
        .select('id')
        .where('authority_id', '=', authority.id)
        .where('name', '=', input.name)
        .where('online_service_id', serviceId === null ? 'is' : '=', serviceId)
        .executeTakeFirst();
      if (taken) throw new ConflictError(`A route "${input.name}" exists there already.`);
      await repo.insertRoute(trx, {
        id,
        verbund_id: authority.verbund_id,
        authority_id: authority.id,
        online_service_id: serviceId,
        name: input.name,
        connector_type: connector.type,
        config: JSON.stringify(plain),
        secrets_key_id: sealed?.keyId ?? null,
        secrets_wrapped_key: sealed?.wrappedKey ?? null,
        secrets: sealed?.secrets ?? null,
        alert_email: input.alertEmail ?? null,
      });
      await audit(trx, authority, actor, 'delivery.route_added', id);
      return { id };
    });
  }

  async function list(authoritySlug: string) {
    const authority = await authorityOf(authoritySlug);
    const rows = await withAuthority(db, authority.id, (trx) => repo.listRoutes(trx, authority.id));
    // Secrets are never shown, only that they are there.
    return rows.map((r) => ({
      id: r.id,
      service: r.service_key,
      name: r.name,
      type: r.connector_type,
      config: r.config,
      secrets: r.secrets === null ? [] : (connectors.get(r.connector_type)?.secretKeys ?? ['?']),
      alertEmail: r.alert_email,
      enabled: r.enabled,
      known: connectors.has(r.connector_type),
    }));
  }

  async function findByName(authoritySlug: string, name: string, serviceKey?: string) {
    const routes = await list(authoritySlug);
    const route = routes.find((r) => r.name === name && (r.service ?? undefined) === serviceKey);
    if (route === undefined) throw new NotFoundError('delivery route', name);
    return route;
  }

  /** Removes a route; refused while deliveries to it are pending unless `force`. */
  async function remove(
    authoritySlug: string,
    name: string,
    serviceKey?: string,
    force = false,
    actor?: RouteActor,
  ) {
    const authority = await authorityOf(authoritySlug);
    const route = await findByName(authoritySlug, name, serviceKey);
    await withAuthority(db, authority.id, async (trx) => {
      const pending = await repo.countPendingOfRoute(trx, route.id);
      if (pending > 0 && !force) {
        throw new RouteInUseError(name, pending);
      }
      await repo.deleteRoute(trx, route.id);
      await audit(trx, authority, actor, 'delivery.route_removed', route.id);
    });
  }

  /** "Verbindung testen": the route's full configuration, checked and tried by its connector. */
  async function test(
    authoritySlug: string,
    name: string,
    serviceKey?: string,
    actor?: RouteActor,
  ): Promise<{ ok: true; checked: boolean } | { ok: false; problem: string }> {
    const authority = await authorityOf(authoritySlug);
    const found = await findByName(authoritySlug, name, serviceKey);
    const route = await withAuthority(db, authority.id, async (trx) => {
      await audit(trx, authority, actor, 'delivery.route_tested', found.id);
      return repo.findRoute(trx, found.id);
    });
    if (route === undefined) throw new NotFoundError('delivery route', name);
    const resolved = resolveConfig(route, connectors, keyring);
    if (!resolved.ok) return { ok: false, problem: resolved.problem };
    const { connector, config } = resolved;
    if (connector.checkConfig === undefined) return { ok: true, checked: false };
    try {
      await connector.checkConfig(config, AbortSignal.timeout(connector.timeoutMs));
      return { ok: true, checked: true };
    } catch (error) {
      return { ok: false, problem: error instanceof Error ? error.message : String(error) };
    }
  }

  return { add, list, remove, test };
}

export type RouteSettings = ReturnType<typeof createRouteSettings>;

/** A stored route made usable: connector found, secrets opened, configuration valid. */
export function resolveConfig(
  route: repo.RouteRow,
  connectors: Registry,
  keyring: Keyring,
):
  | {
      ok: true;
      connector: NonNullable<ReturnType<Registry['get']>>;
      config: Record<string, unknown>;
    }
  | { ok: false; problem: string } {
  const connector = connectors.get(route.connector_type);
  if (connector === undefined) {
    return {
      ok: false,
      problem: `connector type "${route.connector_type}" is not known to this installation`,
    };
  }
  let secrets: Record<string, unknown> = {};
  if (
    route.secrets !== null &&
    route.secrets_key_id !== null &&
    route.secrets_wrapped_key !== null
  ) {
    try {
      secrets = openSecrets(keyring, route.id, {
        keyId: route.secrets_key_id,
        wrappedKey: route.secrets_wrapped_key,
        secrets: route.secrets,
      });
    } catch (error) {
      return {
        ok: false,
        problem: `the route's secrets cannot be opened: ${error instanceof Error ? error.message : error}`,
      };
    }
  }
  const config = { ...route.config, ...secrets };
  const problems = configProblems(connector, config);
  if (problems.length > 0) {
    return { ok: false, problem: `the route's configuration is not valid: ${problems.join('; ')}` };
  }
  return { ok: true, connector, config };
}
