// The Verbund office's routes: "Behörden" (/verwaltung/behoerden), one authority's page with its
// forms, the Verbund's own members (members-routes.ts: its admins and its auditors), and
// "Leistungskatalog" (/verwaltung/leistungskatalog; a new online service in
// new-service-routes.ts). Added to the back office as
// pages (src/backoffice/pages.ts), so its session hook applies; each online service's
// Verbund-wide settings (/verwaltung/leistungskatalog/:id/einstellungen); every POST carries a CSRF token
// and answers bad input with the page, a German message and a 4xx. Anyone but a Verbund admin
// gets 403 with a page that says why.
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SEARCH_MAX_PAGES, SEARCH_PAGE_SIZE } from '../../catalog/search.ts';
import { ConflictError, ValidationError } from '../../errors.ts';
import type { MessageKey } from '../../web/i18n.ts';
import { messagePage } from '../../web/layout.ts';
import type { BackofficeKit, BackofficePages } from '../pages.ts';
import type { StaffSession } from '../staff.ts';
import { memberPages } from './members-routes.ts';
import { serviceSetupPages } from './new-service-routes.ts';
import type { VerbundOffice } from './office.ts';
import {
  AUTHORITIES_HREF,
  type AuthorityPageView,
  authoritiesPage,
  authorityHref,
  authorityPage,
  CATALOGUE_HREF,
  cataloguePage,
  goLivePage,
  type ServiceSettingsView,
  serviceSettingsHref,
  serviceSettingsPage,
} from './views.ts';

const text = (max = 1024) => Type.Optional(Type.String({ maxLength: max }));
const PARAMS = Type.Object({ slug: Type.String({ maxLength: 100 }) });
const SERVICE_PARAMS = Type.Object({ id: Type.String({ maxLength: 100 }) });
const NOTICES = {
  gespeichert: { tone: 'success', key: 'verbund.contact.saved' },
  online: { tone: 'success', key: 'verbund.live.done' },
} as const satisfies Record<string, { tone: 'success' | 'warning'; key: MessageKey }>;

export function verbundPages(office: VerbundOffice): BackofficePages {
  return async (untyped, kit: BackofficeKit) => {
    const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
    const errorsOf = (error: ValidationError, request: FastifyRequest) =>
      Object.entries(error.fields).map(([field, key]) => ({
        field,
        message: request.ctx.t(key as MessageKey),
      }));

    /** The Verbund admin, or undefined after answering 403 with a page that says why. */
    const verbundAdmin = async (
      request: FastifyRequest,
      reply: FastifyReply,
    ): Promise<StaffSession | undefined> => {
      const s = kit.staffOf(request);
      if (s.memberships.some((m) => m.role === 'verbund_admin')) return s;
      const f = await kit.staffFrame(request, reply);
      await reply.page(
        messagePage(f, f.t('verbund.forbidden.title'), [f.t('verbund.forbidden')]),
        403,
      );
      return undefined;
    };

    const showAuthority = async (
      request: FastifyRequest,
      reply: FastifyReply,
      s: StaffSession,
      slug: string,
      extra: Partial<Omit<AuthorityPageView, 'notice'>> & {
        notice?: { tone: 'success' | 'warning'; key: MessageKey };
      } = {},
      status = 200,
    ) => {
      const summary = await office.authority(s, slug);
      const f = await kit.staffFrame(request, reply);
      const { notice, ...rest } = extra;
      const shown = notice && {
        tone: notice.tone,
        text: f.t(notice.key, { name: summary.authority.name }),
      };
      return reply.page(
        authorityPage(f, { summary, errors: [], ...rest, ...(shown ? { notice: shown } : {}) }),
        status,
      );
    };

    const showService = async (
      request: FastifyRequest,
      reply: FastifyReply,
      s: StaffSession,
      id: string,
      extra: Omit<ServiceSettingsView, 'service' | 'errors' | 'notice'> & {
        errors?: ServiceSettingsView['errors'];
        notice?: { tone: 'success' | 'warning'; key: MessageKey };
      } = {},
      status = 200,
    ) => {
      const service = await office.onlineService(s, id);
      const f = await kit.staffFrame(request, reply);
      const { notice, errors = [], ...rest } = extra;
      const shown = notice && { tone: notice.tone, text: f.t(notice.key) };
      return reply.page(
        serviceSettingsPage(f, { service, errors, ...rest, ...(shown ? { notice: shown } : {}) }),
        status,
      );
    };

    app.get(AUTHORITIES_HREF, { preHandler: kit.active }, async (request, reply) => {
      const s = await verbundAdmin(request, reply);
      if (s === undefined) return reply;
      const list = await office.authorities(s);
      return reply.page(authoritiesPage(await kit.staffFrame(request, reply), list));
    });

    app.get(
      `${AUTHORITIES_HREF}/:slug`,
      {
        preHandler: kit.active,
        schema: { params: PARAMS, querystring: Type.Object({ hinweis: text(20) }) },
      },
      async (request, reply) => {
        const s = await verbundAdmin(request, reply);
        if (s === undefined) return reply;
        const { slug } = request.params;
        const notice = NOTICES[request.query.hinweis as keyof typeof NOTICES];
        return showAuthority(request, reply, s, slug, notice ? { notice } : {});
      },
    );

    app.post(
      `${AUTHORITIES_HREF}/:slug/kontakt`,
      {
        preHandler: [app.csrfProtection, kit.active],
        schema: {
          params: PARAMS,
          body: Type.Object({
            street: text(500),
            phone: text(200),
            email: text(500),
            website: text(1000),
            _csrf: text(200),
          }),
        },
      },
      async (request, reply) => {
        const s = await verbundAdmin(request, reply);
        if (s === undefined) return reply;
        const { slug } = request.params;
        const { street = '', phone = '', email = '', website = '' } = request.body;
        const contact = { street, phone, email, website };
        try {
          await office.updateContact(s, slug, contact, request.ip);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          return showAuthority(
            request,
            reply,
            s,
            slug,
            { contact, errors: errorsOf(error, request) },
            422,
          );
        }
        return reply.redirect(`${authorityHref(slug)}?hinweis=gespeichert`, 303);
      },
    );

    app.get(
      `${AUTHORITIES_HREF}/:slug/online-schalten`,
      { preHandler: kit.active, schema: { params: PARAMS } },
      async (request, reply) => {
        const s = await verbundAdmin(request, reply);
        if (s === undefined) return reply;
        const summary = await office.authority(s, request.params.slug);
        // Live already: the authority's page says since when, instead of a question to refuse.
        if (summary.authority.status === 'live')
          return reply.redirect(authorityHref(summary.authority.slug), 303);
        return reply.page(goLivePage(await kit.staffFrame(request, reply), summary));
      },
    );

    app.post(
      `${AUTHORITIES_HREF}/:slug/online-schalten`,
      {
        preHandler: [app.csrfProtection, kit.active],
        schema: { params: PARAMS, body: Type.Object({ _csrf: text(200) }) },
      },
      async (request, reply) => {
        const s = await verbundAdmin(request, reply);
        if (s === undefined) return reply;
        const { slug } = request.params;
        try {
          await office.goLive(s, slug, request.ip);
        } catch (error) {
          if (!(error instanceof ConflictError)) throw error;
          return showAuthority(
            request,
            reply,
            s,
            slug,
            { notice: { tone: 'warning', key: 'verbund.live.already' } },
            409,
          );
        }
        return reply.redirect(`${authorityHref(slug)}?hinweis=online`, 303);
      },
    );

    app.post(
      `${AUTHORITIES_HREF}/:slug/einladen`,
      {
        preHandler: [app.csrfProtection, kit.active],
        schema: {
          params: PARAMS,
          body: Type.Object({ inviteEmail: text(300), inviteName: text(300), _csrf: text(200) }),
        },
      },
      async (request, reply) => {
        const s = await verbundAdmin(request, reply);
        if (s === undefined) return reply;
        const { slug } = request.params;
        const { inviteEmail: email = '', inviteName: displayName = '' } = request.body;
        try {
          const { expiresAt } = await office.inviteAdmin(
            s,
            slug,
            { email, displayName },
            request.ip,
            request.ctx.lang,
          );
          return showAuthority(request, reply, s, slug, {
            invited: { email: email.trim(), expiresAt },
          });
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          // The staff invitation names its field `email`; here it is the invitation's.
          const errors = errorsOf(error, request).map((e) => ({
            ...e,
            field: e.field === 'email' ? 'inviteEmail' : e.field,
          }));
          return showAuthority(
            request,
            reply,
            s,
            slug,
            { invite: { email, displayName }, errors },
            422,
          );
        }
      },
    );

    const shared = { app, kit, office, verbundAdmin, errorsOf };
    memberPages(shared);
    serviceSetupPages(shared);

    app.get(
      CATALOGUE_HREF,
      {
        preHandler: kit.active,
        schema: {
          querystring: Type.Object({
            q: text(1000),
            seite: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$' })),
            hinweis: text(20),
          }),
        },
      },
      async (request, reply) => {
        const s = await verbundAdmin(request, reply);
        if (s === undefined) return reply;
        const f = await kit.staffFrame(request, reply);
        const raw = request.query.q;
        const value = (raw ?? '').slice(0, 200);
        const notice =
          request.query.hinweis === 'eingerichtet'
            ? { notice: f.t('verbund.catalogue.created') }
            : {};
        if (raw === undefined) return reply.page(cataloguePage(f, { value, ...notice }));
        try {
          const page = Number(request.query.seite ?? '1');
          const found = await office.catalogue(s, raw, page);
          const pages = Math.min(SEARCH_MAX_PAGES, Math.ceil(found.total / SEARCH_PAGE_SIZE));
          return reply.page(
            cataloguePage(f, {
              value,
              ...notice,
              result: {
                query: found.query,
                total: found.total,
                page: found.page,
                pages,
                matchedAll: found.matchedAll,
                rows: found.rows,
              },
            }),
          );
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          const key = (error.fields.q ?? 'catalog.search.errorEmpty') as MessageKey;
          return reply.page(cataloguePage(f, { value, error: f.t(key) }), 400);
        }
      },
    );

    app.get(
      `${CATALOGUE_HREF}/:id/einstellungen`,
      {
        preHandler: kit.active,
        schema: { params: SERVICE_PARAMS, querystring: Type.Object({ hinweis: text(20) }) },
      },
      async (request, reply) => {
        const s = await verbundAdmin(request, reply);
        if (s === undefined) return reply;
        const saved = request.query.hinweis === 'gespeichert';
        return showService(
          request,
          reply,
          s,
          request.params.id,
          saved ? { notice: { tone: 'success', key: 'verbund.service.saved' } } : {},
        );
      },
    );

    app.post(
      `${CATALOGUE_HREF}/:id/einstellungen`,
      {
        preHandler: [app.csrfProtection, kit.active],
        schema: {
          params: SERVICE_PARAMS,
          body: Type.Object({
            title: text(1000),
            trustLevel: text(40),
            anonymous: text(10),
            description: text(10_000),
            fees: text(5000),
            retentionMonths: text(20),
            // The version the form was shown at: without it a save could not be told from
            // a stale one, so the form is refused (400) rather than saved blind.
            version: Type.String({ pattern: '^[0-9]{1,9}$' }),
            _csrf: text(200),
          }),
        },
      },
      async (request, reply) => {
        const s = await verbundAdmin(request, reply);
        if (s === undefined) return reply;
        const { id } = request.params;
        const b = request.body;
        const values = {
          title: b.title ?? '',
          trustLevel: b.trustLevel ?? '',
          anonymous: b.anonymous === 'ja',
          description: b.description ?? '',
          fees: b.fees ?? '',
          retentionMonths: b.retentionMonths ?? '',
        };
        try {
          await office.updateOnlineService(s, id, Number(b.version), values, request.ip);
        } catch (error) {
          if (error instanceof ValidationError)
            return showService(
              request,
              reply,
              s,
              id,
              { values, errors: errorsOf(error, request) },
              422,
            );
          // Changed meanwhile: the current values, to check and save again; nothing stored.
          if (error instanceof ConflictError)
            return showService(
              request,
              reply,
              s,
              id,
              { notice: { tone: 'warning', key: 'verbund.service.conflict' } },
              409,
            );
          throw error;
        }
        return reply.redirect(`${serviceSettingsHref(id)}?hinweis=gespeichert`, 303);
      },
    );
  };
}
