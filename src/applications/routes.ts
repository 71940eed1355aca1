// "Meine Anträge", one application, its receipt, withdrawal; and the handler the form's
// check page calls to send a draft (see SubmitDraft in src/drafts/route-kit.ts).

import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ExportPart } from '../accounts/privacy/service.ts';
import { requireTrustLevel } from '../accounts/sign-in/session.ts';
import { DatabaseUnavailableError } from '../db/database.ts';
import { type DraftOwner, draftCookieName, isAnonymousKey } from '../drafts/owner.ts';
import type { SubmitDraft } from '../drafts/route-kit.ts';
import { AppError, NotFoundError } from '../errors.ts';
import { contentDisposition } from '../files/names.ts';
import type { Tenancy } from '../tenancy/service.ts';
import { pageFrame } from '../web/layout.ts';
import type { Applications } from './applications.ts';
import {
  ApplicationClosedError,
  DraftIncompleteError,
  FormWithdrawnError,
  TrustLevelTooLowError,
} from './errors.ts';
import type { Forwarding } from './views.ts';
import {
  applicationHref,
  applicationsHref,
  detailPage,
  listPage,
  WITHDRAW_CONFIRM,
} from './views.ts';

/** Adds the citizen's applications to the data export of "Meine Daten". */
export function applicationsExport(applications: Applications): ExportPart {
  return { name: 'applications', collect: (_db, accountId) => applications.exportFor(accountId) };
}

export type ApplicationRoutesOptions = {
  applications: Applications;
  tenancy: Tenancy;
  production: boolean;
  /**
   * How far the application's delivery to the authority's systems got (src/delivery, wired in
   * src/app/web.ts), read as the owner who sent it; without it the page shows the
   * application's own status as it is.
   */
  forwarding?: (owner: DraftOwner, applicationId: string) => Promise<Forwarding>;
};

const ID = Type.String({ maxLength: 64 });

/**
 * Sends the draft from the check page. A failure that is not the citizen's (the database
 * gone for a moment, a deadlock) rolled everything back: the check page says so, with 503,
 * and the draft is still there to send again.
 */
export function submitDraft(applications: Applications): SubmitDraft {
  return async (request, reply, draftId, owner, explain) => {
    try {
      const session = request.account ? { trustLevel: request.account.trustLevel } : {};
      const sent = await applications.submit(owner, draftId, request.ctx.lang, session);
      return reply.redirect(`${applicationHref(sent.id)}?gesendet=1`, 303);
    } catch (error) {
      if (error instanceof FormWithdrawnError) {
        return explain({ message: request.ctx.t('applications.error.withdrawnForm'), status: 409 });
      }
      // Not (or no longer) sendable as it is, or not this session's to send: the draft as it
      // is now says why (missing answers, step up, sign in, not found).
      if (
        error instanceof DraftIncompleteError ||
        error instanceof TrustLevelTooLowError ||
        error instanceof NotFoundError
      ) {
        return explain();
      }
      if (error instanceof AppError) throw error;
      request.log.error(
        { err: error instanceof Error ? error.message : String(error) },
        'submission failed, rolled back',
      );
      try {
        return await explain({ message: request.ctx.t('applications.error.notSent'), status: 503 });
      } catch (readError) {
        // The database is still away: the general 503 page, never a 500.
        throw new DatabaseUnavailableError('for sending', readError);
      }
    }
  };
}

export const applicationRoutes: FastifyPluginAsyncTypebox<ApplicationRoutesOptions> = async (
  app,
  { applications, tenancy, production, forwarding },
) => {
  const cookieName = draftCookieName(production);
  const frameFor = async (request: FastifyRequest) =>
    pageFrame(request.ctx, (await tenancy.directory()).verbund.name);

  /** The citizen, or the anonymous browser that sent it; undefined: sign in first. */
  function ownerOf(request: FastifyRequest): DraftOwner | undefined {
    if (request.account) return { accountId: request.account.accountId };
    const key = request.cookies[cookieName];
    return isAnonymousKey(key) ? { anonymousKey: key } : undefined;
  }

  async function owned(request: FastifyRequest, reply: FastifyReply) {
    const owner = ownerOf(request);
    if (owner === undefined) await requireTrustLevel('basic').call(app, request, reply);
    return owner;
  }

  async function showDetail(
    request: FastifyRequest,
    reply: FastifyReply,
    owner: DraftOwner,
    id: string,
    extra: { justSent?: boolean; justWithdrawn?: boolean; withdrawError?: string } = {},
    status = 200,
  ) {
    let found: Awaited<ReturnType<Applications['detail']>>;
    try {
      found = await applications.detail(owner, id);
    } catch (error) {
      // An anonymous browser asking for what is perhaps the citizen's: sign in.
      if (error instanceof NotFoundError && !('accountId' in owner)) {
        await requireTrustLevel('basic').call(app, request, reply);
        if (reply.sent) return reply;
      }
      throw error;
    }
    const dir = await tenancy.directory();
    const page = detailPage(await frameFor(request), {
      ...(forwarding ? { forwarding: await forwarding(owner, found.application.id) } : {}),
      application: {
        ...found.application,
        authority_name: dir.byId.get(found.application.authority_id)?.name ?? '',
      },
      events: found.events,
      messages: found.messages,
      signedIn: 'accountId' in owner,
      justSent: extra.justSent ?? false,
      justWithdrawn: extra.justWithdrawn ?? false,
      csrf: reply.generateCsrf(),
      ...(extra.withdrawError === undefined ? {} : { withdrawError: extra.withdrawError }),
    });
    return reply.header('cache-control', 'no-store').page(page, status);
  }

  app.get(applicationsHref, { preHandler: requireTrustLevel('basic') }, async (request, reply) => {
    const list = await applications.list(request.account?.accountId ?? '');
    return reply.header('cache-control', 'no-store').page(listPage(await frameFor(request), list));
  });

  app.get(
    `${applicationsHref}/:id`,
    {
      schema: {
        params: Type.Object({ id: ID }),
        querystring: Type.Object({
          gesendet: Type.Optional(Type.String({ maxLength: 5 })),
          zurueckgezogen: Type.Optional(Type.String({ maxLength: 5 })),
        }),
      },
    },
    async (request, reply) => {
      const owner = await owned(request, reply);
      if (owner === undefined) return reply;
      return showDetail(request, reply, owner, request.params.id, {
        justSent: request.query.gesendet === '1',
        justWithdrawn: request.query.zurueckgezogen === '1',
      });
    },
  );

  app.get(
    `${applicationsHref}/:id/eingangsbestaetigung`,
    { schema: { params: Type.Object({ id: ID }) } },
    async (request, reply) => {
      const owner = await owned(request, reply);
      if (owner === undefined) return reply;
      const { reference, pdf } = await applications.receipt(owner, request.params.id);
      return reply
        .header('content-type', 'application/pdf')
        .header(
          'content-disposition',
          contentDisposition(request.ctx.t('applications.receipt.fileName', { reference })),
        )
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(pdf);
    },
  );

  app.post(
    `${applicationsHref}/:id/zurueckziehen`,
    {
      preHandler: [requireTrustLevel('basic'), app.csrfProtection],
      schema: { params: Type.Object({ id: ID }) },
    },
    async (request, reply) => {
      const accountId = request.account?.accountId ?? '';
      const owner = { accountId };
      const { id } = request.params;
      const body = (request.body ?? {}) as Record<string, unknown>;
      if (body[WITHDRAW_CONFIRM] !== 'yes') {
        return showDetail(
          request,
          reply,
          owner,
          id,
          { withdrawError: request.ctx.t('applications.error.withdrawConfirm') },
          422,
        );
      }
      try {
        await applications.withdraw(accountId, id);
      } catch (error) {
        if (!(error instanceof ApplicationClosedError)) throw error;
        return showDetail(
          request,
          reply,
          owner,
          id,
          { withdrawError: request.ctx.t('applications.error.closed') },
          409,
        );
      }
      return reply.redirect(`${applicationHref(id)}?zurueckgezogen=1`, 303);
    },
  );
};
