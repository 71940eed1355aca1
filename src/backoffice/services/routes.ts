// "Online-Dienste" (/verwaltung/online-dienste) for an authority's admins: offer a service of
// the Verbund, stop offering it after a confirmation page, and edit the authority's own texts.
// Admins only (403 for clerks, coordinators and auditors); a service the authority cannot
// offer, or may not edit because it does not offer it, is 404. Every form carries the CSRF
// token; every change redirects (post/redirect/get), so a reload changes nothing twice.
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DRAFT_LIFETIME_DAYS } from '../../drafts/service.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import type { MessageKey } from '../../web/i18n.ts';
import { messagePage } from '../../web/layout.ts';
import type { AuthorityAdmin, BackofficeKit, BackofficePages } from '../pages.ts';
import type { AuthorityServices } from './service.ts';
import type { TextsInput } from './texts.ts';
import {
  type FieldError,
  SERVICES_HREF,
  type ServicesNotice,
  servicesPage,
  textsPage,
  withdrawPage,
} from './views.ts';

const DONE = {
  angeboten: 'offered',
  beendet: 'withdrawn',
  gespeichert: 'updated',
  unveraendert: 'unchanged',
} as const;
const KEY = Type.String({ maxLength: 80 });
const CSRF = Type.Optional(Type.String({ maxLength: 200 }));
// Longer than the limits on purpose: an over-long text gets a German message, not a bare 400.
const TEXT = (max: number) => Type.Optional(Type.String({ maxLength: max }));

export function servicePages(deps: { services: AuthorityServices }): BackofficePages {
  const { services } = deps;

  return async (untyped, kit: BackofficeKit) => {
    const app = untyped.withTypeProvider<TypeBoxTypeProvider>();

    async function list(
      request: FastifyRequest,
      reply: FastifyReply,
      s: AuthorityAdmin,
      notice?: { kind: ServicesNotice['kind']; key: string },
      status = 200,
    ) {
      const overview = await services.overview(s);
      const title = overview.services.find((svc) => svc.key === notice?.key)?.title;
      const f = await kit.staffFrame(request, reply);
      return reply.page(
        servicesPage(f, {
          overview,
          ...(notice && title !== undefined ? { notice: { kind: notice.kind, title } } : {}),
        }),
        status,
      );
    }

    app.get(
      SERVICES_HREF,
      {
        preHandler: kit.active,
        schema: {
          querystring: Type.Object({
            erledigt: Type.Optional(Type.String({ maxLength: 20 })),
            dienst: Type.Optional(KEY),
          }),
        },
      },
      async (request, reply) => {
        const s = await kit.authorityAdmin(request, reply);
        if (s === undefined) return reply;
        const kind = DONE[request.query.erledigt as keyof typeof DONE];
        const key = request.query.dienst;
        return list(request, reply, s, kind && key ? { kind, key } : undefined);
      },
    );

    const params = Type.Object({ key: KEY });
    const done = (reply: FastifyReply, erledigt: keyof typeof DONE, key: string) =>
      reply.redirect(`${SERVICES_HREF}?erledigt=${erledigt}&dienst=${key}`, 303);

    /**
     * "Anbieten" and "Nicht mehr anbieten": one click each. A second one (or another tab)
     * finds it done: said so with a 409, nothing changed.
     */
    const change = (
      path: 'anbieten' | 'beenden',
      act: typeof services.offer,
      erledigt: keyof typeof DONE,
      unchanged: 'alreadyOffered' | 'alreadyWithdrawn',
    ) =>
      app.post(
        `${SERVICES_HREF}/:key/${path}`,
        {
          preHandler: [app.csrfProtection, kit.active],
          schema: { params, body: Type.Object({ _csrf: CSRF }) },
        },
        async (request, reply) => {
          const s = await kit.authorityAdmin(request, reply);
          if (s === undefined) return reply;
          const { key } = request.params;
          if ((await act(s, key, request.ip)) === 'unchanged')
            return list(request, reply, s, { kind: unchanged, key }, 409);
          return done(reply, erledigt, key);
        },
      );
    change('anbieten', services.offer, 'angeboten', 'alreadyOffered');

    app.get(
      `${SERVICES_HREF}/:key/beenden`,
      { preHandler: kit.active, schema: { params } },
      async (request, reply) => {
        const s = await kit.authorityAdmin(request, reply);
        if (s === undefined) return reply;
        const service = await services.one(s, request.params.key);
        if (service.offeredSince === null)
          return list(request, reply, s, { kind: 'alreadyWithdrawn', key: service.key }, 409);
        const f = await kit.staffFrame(request, reply);
        return reply.page(
          withdrawPage(f, {
            service,
            authorityName: s.current.authorityName ?? '',
            draftDays: DRAFT_LIFETIME_DAYS,
          }),
        );
      },
    );

    change('beenden', services.withdraw, 'beendet', 'alreadyWithdrawn');

    async function textsForm(
      request: FastifyRequest,
      reply: FastifyReply,
      s: AuthorityAdmin,
      key: string,
      form?: { values: TextsInput; errors: FieldError[] },
    ) {
      const { authority, services: all } = await services.overview(s);
      const service = all.find((svc) => svc.key === key);
      if (service === undefined) throw new NotFoundError('catalog.onlineService', key);
      const f = await kit.staffFrame(request, reply);
      // Only an offered service has texts of the authority's own.
      if (service.offeredSince === null) {
        return reply.page(
          messagePage(f, f.t('onlineServices.edit.title', { title: service.title }), [
            f.t('onlineServices.notOfferedEdit', { title: service.title }),
          ]),
          404,
        );
      }
      return reply.page(
        textsPage(f, {
          service,
          general: { phone: authority.phone, email: authority.email },
          ...(form ? { values: form.values } : {}),
          errors: form?.errors ?? [],
        }),
        form && form.errors.length > 0 ? 422 : 200,
      );
    }

    app.get(
      `${SERVICES_HREF}/:key/angaben`,
      { preHandler: kit.active, schema: { params } },
      async (request, reply) => {
        const s = await kit.authorityAdmin(request, reply);
        if (s === undefined) return reply;
        return textsForm(request, reply, s, request.params.key);
      },
    );

    app.post(
      `${SERVICES_HREF}/:key/angaben`,
      {
        preHandler: [app.csrfProtection, kit.active],
        schema: {
          params,
          body: Type.Object({
            _csrf: CSRF,
            description: TEXT(20_000),
            fees: TEXT(5000),
            contactUnit: TEXT(1000),
            contactPhone: TEXT(1000),
            contactEmail: TEXT(1000),
          }),
        },
      },
      async (request, reply) => {
        const s = await kit.authorityAdmin(request, reply);
        if (s === undefined) return reply;
        const { key } = request.params;
        const b = request.body;
        const values: TextsInput = {
          description: b.description ?? '',
          fees: b.fees ?? '',
          contactUnit: b.contactUnit ?? '',
          contactPhone: b.contactPhone ?? '',
          contactEmail: b.contactEmail ?? '',
        };
        try {
          const outcome = await services.updateTexts(s, key, values, request.ip);
          return done(reply, outcome === 'changed' ? 'gespeichert' : 'unveraendert', key);
        } catch (error) {
          if (error instanceof ValidationError) {
            const { t } = request.ctx;
            const errors = Object.entries(error.fields).map(([field, message]) => ({
              field,
              message: t(message as MessageKey),
            }));
            return textsForm(request, reply, s, key, { values, errors });
          }
          // Not offered (any more, e.g. withdrawn in another tab): the page says so.
          if (error instanceof NotFoundError && error.entity === 'catalog.activation')
            return textsForm(request, reply, s, key);
          throw error;
        }
      },
    );
  };
}
