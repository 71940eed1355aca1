import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import { ValidationError } from '../errors.ts';
import type { RequestContext } from '../web/context.ts';
import { html, type SafeHtml } from '../web/html.ts';
import type { MessageKey } from '../web/i18n.ts';
import { pageFrame } from '../web/layout.ts';
import type { Directory, ServiceSections, Tenancy } from './service.ts';
import { finderPage, portalHref, portalPage, startPage } from './views.ts';

export type TenancyRoutesOptions = { tenancy: Tenancy; services?: ServiceSections };

export const tenancyRoutes: FastifyPluginAsyncTypebox<TenancyRoutesOptions> = async (
  app,
  { tenancy, services },
) => {
  const frameFor = (ctx: RequestContext, dir: Directory) => pageFrame(ctx, dir.verbund.name);
  // The start page and the plain portal fronts are the same for every visitor who is not
  // signed in, and they are most of the traffic: render each once per directory version and
  // language. Keyed by the directory object, so a reload (onboarding, contact change) starts afresh.
  const renderedPages = new WeakMap<Directory, Map<string, { part: SafeHtml; page: SafeHtml }>>();
  const rendered = (dir: Directory, key: string, part: SafeHtml, render: () => SafeHtml) => {
    const pages = renderedPages.get(dir) ?? new Map<string, { part: SafeHtml; page: SafeHtml }>();
    renderedPages.set(dir, pages);
    let entry = pages.get(key);
    // A new service list (a part of another identity) renders the page afresh.
    if (entry === undefined || entry.part !== part) {
      entry = { part, page: render() };
      if (pages.size < 1000) pages.set(key, entry);
    }
    return entry.page;
  };
  const none = html``;

  app.get('/', async (request, reply) => {
    const dir = await tenancy.directory();
    const frame = frameFor(request.ctx, dir);
    const part = services ? await services.start(frame) : none;
    const render = () => startPage(frame, dir, { value: '' }, part);
    return reply.page(
      frame.signedIn ? render() : rendered(dir, `/|${frame.lang}|${frame.path}`, part, render),
    );
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
      const frame = frameFor(request.ctx, dir);
      const part = services ? await services.portal(frame, dir, authority) : none;
      // The plain portal front is the same for every visitor who is not signed in: render it
      // once per directory version and language (most traffic is exactly that page).
      if (ags === undefined && !frame.signedIn) {
        const key = `${authority.slug}|${frame.lang}|${frame.path}`;
        return reply.page(
          rendered(dir, key, part, () => portalPage(frame, dir, authority, undefined, part)),
        );
      }
      const yours =
        ags === undefined
          ? undefined
          : dir.municipalitiesOf.get(authority.id)?.find((m) => m.ags === ags);
      return reply.page(portalPage(frame, dir, authority, yours, part));
    },
  );
};
