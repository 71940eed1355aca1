// The back office's "Zustellwege" (/verwaltung/zustellwege): an authority's admins set up,
// test and remove their own delivery routes, which the operator otherwise sets by CLI
// (`delivery:route`). Same service as the CLI (route-settings.ts), so the checks, the sealed
// secrets and row-level security are the same; every change and test is audited.
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { AuthorityAdmin, BackofficeKit, BackofficePages } from '../backoffice/pages.ts';
import type { StaffSession } from '../backoffice/staff.ts';
import { listServicesOfAuthority } from '../catalog/offers.ts';
import { withAuthority } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import { ConflictError, NotFoundError, ValidationError } from '../errors.ts';
import type { Tenancy } from '../tenancy/service.ts';
import { isUuid } from '../uuid.ts';
import { messagePage } from '../web/layout.ts';
import type { Registry } from './connectors/registry.ts';
import { type FieldError, readRouteConfig } from './route-form.ts';
import { RouteInUseError, type RouteSettings } from './route-settings.ts';
import { newRoutePage, ROUTES_HREF, type RouteNotice, routesPage } from './route-views.ts';

const NAME = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const EMAIL = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+\.[^\s@<>,;:"()[\]\\]+$/;
const DONE = { angelegt: 'added', entfernt: 'removed', weg: 'gone' } as const;

export function routePages(deps: {
  db: Kysely<DB>;
  tenancy: Tenancy;
  routes: RouteSettings;
  connectors: Registry;
}): BackofficePages {
  const { db, routes, connectors } = deps;

  const slugOf = async (authorityId: string) => {
    const authority = (await deps.tenancy.directory()).byId.get(authorityId);
    if (authority === undefined) throw new NotFoundError('authority', authorityId);
    return authority.slug;
  };
  const servicesOf = (authorityId: string) =>
    withAuthority(db, authorityId, (trx) => listServicesOfAuthority(trx, authorityId));

  return async (untyped, kit: BackofficeKit) => {
    const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
    const actorOf = (s: StaffSession, request: FastifyRequest) => ({
      staffId: s.staffId,
      ip: request.ip,
    });

    async function list(
      request: FastifyRequest,
      reply: FastifyReply,
      s: AuthorityAdmin,
      notice?: RouteNotice,
      status = 200,
    ) {
      const authorityId = s.current.authorityId;
      const [rows, services] = await Promise.all([
        routes.list(await slugOf(authorityId)),
        servicesOf(authorityId),
      ]);
      const titles = new Map(services.map((svc) => [svc.key, svc.title]));
      const f = await kit.staffFrame(request, reply);
      return reply.page(
        routesPage(f, {
          routes: rows.map((r) => ({
            id: r.id,
            name: r.name,
            type: r.type,
            serviceTitle: r.service === null ? null : (titles.get(r.service) ?? r.service),
            enabled: r.enabled,
            known: r.known,
            secrets: r.secrets,
            alertEmail: r.alertEmail,
          })),
          types: [...connectors.values()],
          ...(notice ? { notice } : {}),
        }),
        status,
      );
    }

    /** The route behind an id in the path, if it is one of this authority's. */
    async function routeOf(s: AuthorityAdmin, id: string) {
      if (!isUuid(id)) return undefined;
      const slug = await slugOf(s.current.authorityId);
      const route = (await routes.list(slug)).find((r) => r.id === id);
      return route === undefined ? undefined : { slug, route };
    }

    app.get(
      ROUTES_HREF,
      {
        preHandler: kit.active,
        schema: {
          querystring: Type.Object({ erledigt: Type.Optional(Type.String({ maxLength: 20 })) }),
        },
      },
      async (request, reply) => {
        const s = await kit.authorityAdmin(request, reply);
        if (s === undefined) return reply;
        const done = DONE[request.query.erledigt as keyof typeof DONE];
        return list(request, reply, s, done ? { kind: done } : undefined);
      },
    );

    app.get(
      `${ROUTES_HREF}/neu`,
      {
        preHandler: kit.active,
        schema: {
          querystring: Type.Object({ art: Type.Optional(Type.String({ maxLength: 40 })) }),
        },
      },
      async (request, reply) => {
        const s = await kit.authorityAdmin(request, reply);
        if (s === undefined) return reply;
        const connector = connectors.get(request.query.art ?? '');
        // No kind chosen, or one we do not have: back to the choice.
        if (connector === undefined) return reply.redirect(ROUTES_HREF, 303);
        const f = await kit.staffFrame(request, reply);
        const services = await servicesOf(s.current.authorityId);
        return reply.page(newRoutePage(f, { connector, services, values: {}, errors: [] }));
      },
    );

    app.post(
      ROUTES_HREF,
      {
        preHandler: [app.csrfProtection, kit.active],
        schema: {
          body: Type.Object(
            {
              _csrf: Type.Optional(Type.String({ maxLength: 200 })),
              art: Type.String({ maxLength: 40 }),
              name: Type.Optional(Type.String({ maxLength: 200 })),
              leistung: Type.Optional(Type.String({ maxLength: 200 })),
              warnung: Type.Optional(Type.String({ maxLength: 400 })),
            },
            // The connector's settings arrive as c_<property>; readRouteConfig takes only those
            // its schema knows.
            { additionalProperties: Type.String({ maxLength: 10_000 }), maxProperties: 40 },
          ),
        },
      },
      async (request, reply) => {
        const s = await kit.authorityAdmin(request, reply);
        if (s === undefined) return reply;
        const body = request.body as Record<string, string | undefined>;
        const connector = connectors.get(body.art ?? '');
        const f = await kit.staffFrame(request, reply);
        if (connector === undefined) {
          return reply.page(
            messagePage(f, f.t('delivery.routes.error.type'), [f.t('delivery.routes.back')]),
            400,
          );
        }
        const services = await servicesOf(s.current.authorityId);
        const name = (body.name ?? '').trim();
        const serviceKey = (body.leistung ?? '').trim();
        const alertEmail = (body.warnung ?? '').trim();
        const { config, errors } = readRouteConfig(connector, body, f.t);
        const problems: FieldError[] = [];
        if (!NAME.test(name) || name.length > 60)
          problems.push({ field: 'route-name', message: f.t('delivery.routes.error.name') });
        if (serviceKey !== '' && !services.some((svc) => svc.key === serviceKey))
          problems.push({ field: 'route-service', message: f.t('delivery.routes.error.service') });
        problems.push(...errors);
        if (alertEmail !== '' && !EMAIL.test(alertEmail))
          problems.push({ field: 'route-alert', message: f.t('delivery.routes.error.alertEmail') });

        const refuse = (found: FieldError[], status: number) => {
          const values: Record<string, string> = {};
          for (const [key, value] of Object.entries(body))
            if (typeof value === 'string' && key !== '_csrf') values[key] = value;
          return reply.page(
            newRoutePage(f, { connector, services, values, errors: found }),
            status,
          );
        };
        if (problems.length > 0) return refuse(problems, 400);
        try {
          await routes.add(
            {
              authoritySlug: await slugOf(s.current.authorityId),
              serviceKey: serviceKey === '' ? undefined : serviceKey,
              name,
              type: connector.type,
              config,
              alertEmail: alertEmail === '' ? undefined : alertEmail,
            },
            actorOf(s, request),
          );
        } catch (error) {
          if (error instanceof ConflictError)
            return refuse(
              [{ field: 'route-name', message: f.t('delivery.routes.error.taken') }],
              409,
            );
          if (error instanceof NotFoundError)
            return refuse(
              [{ field: 'route-service', message: f.t('delivery.routes.error.service') }],
              400,
            );
          if (error instanceof ValidationError)
            return refuse(
              [
                {
                  field: 'route-config',
                  message: f.t('delivery.routes.error.invalid', {
                    label: f.t('delivery.routes.configuration'),
                  }),
                },
              ],
              400,
            );
          throw error;
        }
        // Post/redirect/get: a reload does not add it twice.
        return reply.redirect(`${ROUTES_HREF}?erledigt=angelegt`, 303);
      },
    );

    const idParams = Type.Object({ id: Type.String({ maxLength: 100 }) });

    app.post(
      `${ROUTES_HREF}/:id/testen`,
      {
        preHandler: [app.csrfProtection, kit.active],
        schema: {
          params: idParams,
          body: Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) }),
        },
      },
      async (request, reply) => {
        const s = await kit.authorityAdmin(request, reply);
        if (s === undefined) return reply;
        const found = await routeOf(s, request.params.id);
        if (found === undefined) return list(request, reply, s, { kind: 'gone' }, 404);
        const { slug, route } = found;
        const result = await routes.test(
          slug,
          route.name,
          route.service ?? undefined,
          actorOf(s, request),
        );
        const notice: RouteNotice = result.ok
          ? { kind: 'tested', name: route.name, outcome: result.checked ? 'ok' : 'nothing' }
          : { kind: 'tested', name: route.name, outcome: 'failed', problem: result.problem };
        return list(request, reply, s, notice);
      },
    );

    app.post(
      `${ROUTES_HREF}/:id/entfernen`,
      {
        preHandler: [app.csrfProtection, kit.active],
        schema: {
          params: idParams,
          body: Type.Object({
            _csrf: Type.Optional(Type.String({ maxLength: 200 })),
            trotzdem: Type.Optional(Type.Literal('1')),
          }),
        },
      },
      async (request, reply) => {
        const s = await kit.authorityAdmin(request, reply);
        if (s === undefined) return reply;
        const found = await routeOf(s, request.params.id);
        if (found === undefined) return list(request, reply, s, { kind: 'gone' }, 404);
        const { slug, route } = found;
        try {
          await routes.remove(
            slug,
            route.name,
            route.service ?? undefined,
            request.body.trotzdem === '1',
            actorOf(s, request),
          );
        } catch (error) {
          if (!(error instanceof RouteInUseError)) throw error;
          const count = error.pending;
          return list(
            request,
            reply,
            s,
            { kind: 'pending', id: route.id, name: route.name, count },
            409,
          );
        }
        return reply.redirect(`${ROUTES_HREF}?erledigt=entfernt`, 303);
      },
    );
  };
}
