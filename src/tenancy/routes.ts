import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import { ValidationError } from '../errors.ts';
import type { RequestContext } from '../web/context.ts';
import type { MessageKey } from '../web/i18n.ts';
import { pageFrame } from '../web/layout.ts';
import type { Directory, Tenancy } from './service.ts';
import { finderPage, portalHref, portalPage, startPage } from './views.ts';

export type TenancyRoutesOptions = { tenancy: Tenancy };

export const tenancyRoutes: FastifyPluginAsyncTypebox<TenancyRoutesOptions> = async (
  app,
  { tenancy },
) => {
  const frameFor = (ctx: RequestContext, dir: Directory) => pageFrame(ctx, dir.verbund.name);

  app.get('/', async (request, reply) => {
    const dir = await tenancy.directory();
    return reply.page(startPage(frameFor(request.ctx, dir), dir, { value: '' }));
  });

  app.get(
    '/finden',
    { schema: { querystring: Type.Object({ q: Type.Optional(Type.String()) }) } },
    async (request, reply) => {
      const dir = await tenancy.directory();
      const frame = frameFor(request.ctx, dir);
      const value = (request.query.q ?? '').slice(0, 200);
      try {
        const result = await tenancy.find(request.query.q ?? '');
        const only =
          result.kind === 'found' && result.placements.length === 1
            ? result.placements[0]
            : undefined;
        if (only) return reply.redirect(portalHref(only.authority, only.municipality), 303);
        return reply.page(finderPage(frame, dir, { value }, result));
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const key = error.fields.q as MessageKey;
        return reply.page(finderPage(frame, dir, { value, error: key }, undefined), 400);
      }
    },
  );

  app.get(
    '/:slug',
    {
      schema: {
        params: Type.Object({ slug: Type.String({ maxLength: 100 }) }),
        querystring: Type.Object({
          gemeinde: Type.Optional(Type.String({ pattern: '^[0-9]{8}$' })),
        }),
      },
    },
    async (request, reply) => {
      const dir = await tenancy.directory();
      const authority = await tenancy.authorityBySlug(request.params.slug);
      const ags = request.query.gemeinde;
      const yours =
        ags === undefined
          ? undefined
          : dir.municipalitiesOf.get(authority.id)?.find((m) => m.ags === ags);
      return reply.page(portalPage(frameFor(request.ctx, dir), dir, authority, yours));
    },
  );
};
