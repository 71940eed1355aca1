// The online form: start or resume a draft from a service page, one page per step, the check
// page with the declaration, "Meine Entwürfe". Signed in with the service's trust level,
// except for services open to anonymous use, whose drafts belong to a random HttpOnly cookie.
// The check page sends the draft through the applications domain (options.submit).
import { randomBytes } from 'node:crypto';
import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import { requireTrustLevel } from '../accounts/sign-in/session.ts';
import { checkRoutes } from './check-routes.ts';
import type { DraftOwner } from './owner.ts';
import { createDraftPages, type DraftRoutesOptions, ID } from './route-kit.ts';
import { stepRoutes } from './step-routes.ts';
import { draftListPage, draftsHref } from './views.ts';

export type { DraftRoutesOptions, SubmitDraft } from './route-kit.ts';

export const draftRoutes: FastifyPluginAsyncTypebox<DraftRoutesOptions> = async (app, options) => {
  const pages = createDraftPages(app, options);
  const { drafts, guard, anonymousKey, open, frameFor, resumeHref } = pages;

  app.get(
    '/leistungen/:leikaKey/antrag',
    {
      schema: {
        params: Type.Object({ leikaKey: Type.String({ maxLength: 40 }) }),
        querystring: Type.Object({ gemeinde: Type.Optional(Type.String({ maxLength: 20 })) }),
      },
    },
    async (request, reply) => {
      const { leikaKey } = request.params;
      const { online } = await drafts.service(leikaKey);
      let owner: DraftOwner;
      if (online.allows_anonymous && request.account === undefined) {
        let key = anonymousKey(request);
        if (key === undefined) {
          key = randomBytes(32).toString('base64url');
          pages.keepAnonymousCookie(reply, key);
        }
        owner = { anonymousKey: key };
      } else {
        if (await guard(request, reply, online.trust_level)) return reply;
        owner = { accountId: request.account?.accountId ?? '' };
      }
      const ags = request.query.gemeinde;
      const outcome = await drafts.start(leikaKey, owner, { ags });
      if (outcome.kind !== 'draft') {
        const query = ags ? `?gemeinde=${encodeURIComponent(ags)}` : '';
        return reply.redirect(`/leistungen/${leikaKey}${query}`, 303);
      }
      return reply.redirect(resumeHref(outcome.draft), 303);
    },
  );

  app.get(
    draftsHref,
    {
      preHandler: requireTrustLevel('basic'),
      schema: { querystring: Type.Object({ geloescht: Type.Optional(Type.String()) }) },
    },
    async (request, reply) => {
      const list = await drafts.list({ accountId: request.account?.accountId ?? '' });
      const page = draftListPage(
        await frameFor(request),
        list,
        reply.generateCsrf(),
        request.query.geloescht !== undefined,
      );
      return reply.header('cache-control', 'no-store').page(page);
    },
  );

  app.get(
    `${draftsHref}/:draftId`,
    { schema: { params: Type.Object({ draftId: ID }) } },
    async (request, reply) => {
      const draft = await open(request, reply, request.params.draftId);
      if (draft === undefined) return reply;
      return reply.redirect(resumeHref(draft), 303);
    },
  );

  app.post(
    `${draftsHref}/:draftId/loeschen`,
    { preHandler: app.csrfProtection, schema: { params: Type.Object({ draftId: ID }) } },
    async (request, reply) => {
      const draft = await open(request, reply, request.params.draftId);
      if (draft === undefined) return reply;
      const account = request.account;
      const key = anonymousKey(request);
      const owner: DraftOwner = account
        ? { accountId: account.accountId }
        : { anonymousKey: key ?? '' };
      await drafts.remove(owner, draft.id);
      return reply.redirect(account ? `${draftsHref}?geloescht=1` : '/', 303);
    },
  );

  stepRoutes(app, pages);
  checkRoutes(app, pages, options.submit);
};
