import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { ValidationError } from '../errors.ts';
import type { Tenancy } from '../tenancy/service.ts';
import type { MessageKey } from '../web/i18n.ts';
import { pageFrame } from '../web/layout.ts';
import type { Catalog } from './service.ts';
import {
  catalogHomePage,
  searchPage,
  serviceDetailPage,
  serviceHref,
  situationPage,
  subjectPage,
} from './views.ts';

export type CatalogRoutesOptions = { db: Kysely<DB>; tenancy: Tenancy; catalog: Catalog };

// Ids and keys are checked by the service (a malformed one is simply not found, 404); the
// schema only caps lengths. The search text is checked by the service too, so that an empty
// or overlong query gets the search page with its error summary rather than a bare 400.
const REF = Type.String({ maxLength: 40 });

export const catalogRoutes: FastifyPluginAsyncTypebox<CatalogRoutesOptions> = async (
  app,
  options,
) => {
  const { tenancy } = options;
  const { catalog } = options;
  const frameFor = async (request: { ctx: Parameters<typeof pageFrame>[0] }) =>
    pageFrame(request.ctx, (await tenancy.directory()).verbund.name);

  app.get('/leistungen', async (request, reply) => {
    const [tree, offers] = await Promise.all([catalog.tree(), catalog.offers()]);
    return reply.page(catalogHomePage(await frameFor(request), tree, offers));
  });

  app.get(
    '/leistungen/suche',
    {
      schema: {
        querystring: Type.Object({
          q: Type.Optional(Type.String()),
          seite: Type.Optional(Type.String({ maxLength: 3 })),
        }),
      },
    },
    async (request, reply) => {
      const frame = await frameFor(request);
      const input = request.query.q ?? '';
      // Shown again in the field, capped: a 2 kB query string is not echoed back whole.
      const value = input.slice(0, 200);
      const page = request.query.seite === undefined ? 1 : Number(request.query.seite);
      try {
        const result = await catalog.search(input, page);
        return reply.page(searchPage(frame, { value: result.query }, result));
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const key = error.fields.q as MessageKey;
        return reply.page(searchPage(frame, { value, error: key }, undefined), 400);
      }
    },
  );

  app.get(
    '/leistungen/themen/:id',
    { schema: { params: Type.Object({ id: REF }) } },
    async (request, reply) => {
      const subject = await catalog.subject(request.params.id);
      return reply.page(subjectPage(await frameFor(request), subject));
    },
  );

  app.get(
    '/leistungen/lebenslagen/:id',
    { schema: { params: Type.Object({ id: REF }) } },
    async (request, reply) => {
      const view = await catalog.situation(request.params.id);
      return reply.page(situationPage(await frameFor(request), view));
    },
  );

  const place = {
    querystring: Type.Object({ gemeinde: Type.Optional(Type.String({ maxLength: 20 })) }),
  };

  // Entries the LeiKa does not list have no key; they are addressed by catalogue id, and the
  // ones that do have a key are sent to their canonical address.
  app.get(
    '/leistungen/eintrag/:id',
    { schema: { params: Type.Object({ id: REF }), ...place } },
    async (request, reply) => {
      const ags = request.query.gemeinde;
      try {
        const page = await catalog.servicePage(
          { id: request.params.id },
          { ags, accountId: request.account?.accountId },
        );
        if (page.service.leika_key !== null) {
          return reply.redirect(serviceHref(page.service), 301);
        }
        if (page.place?.source === 'profile') reply.header('cache-control', 'private, no-store');
        return reply.page(serviceDetailPage(await frameFor(request), page));
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const page = await catalog.servicePage({ id: request.params.id }, {});
        const key = error.fields.gemeinde as MessageKey;
        return reply.page(serviceDetailPage(await frameFor(request), page, key), 400);
      }
    },
  );

  app.get(
    '/leistungen/:leikaKey',
    { schema: { params: Type.Object({ leikaKey: REF }), ...place } },
    async (request, reply) => {
      const ref = { leikaKey: request.params.leikaKey };
      const accountId = request.account?.accountId;
      try {
        const page = await catalog.servicePage(ref, { ags: request.query.gemeinde, accountId });
        // Resolved from the citizen's profile: personal, never to be kept by a shared cache.
        if (page.place?.source === 'profile') reply.header('cache-control', 'private, no-store');
        return reply.page(serviceDetailPage(await frameFor(request), page));
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        // An unknown municipality: the page as without a choice, the error at the select.
        const page = await catalog.servicePage(ref, {});
        const key = error.fields.gemeinde as MessageKey;
        return reply.page(serviceDetailPage(await frameFor(request), page, key), 400);
      }
    },
  );
};
