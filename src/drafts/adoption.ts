// What a browser did without an account (its drafts, src/drafts/service.ts, and what it sent,
// src/applications/adopt.ts) is taken over by an account signed in in that browser only when
// the citizen says so (issue 14, item 11): on a shared computer the next person to sign in
// must not silently get someone else's drafts and reports with their reply address and
// photo. The first page after signing in asks; "take over" moves everything to the account,
// "leave" deletes the drafts (nobody could reach them without the cookie) and drops the
// cookie, so the next person does not see them either; reports already sent stay with their
// authority. Either way the anonymous cookie is gone. ADR 0010.
import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { pageFrame } from '../web/layout.ts';
import { returnPath } from '../web/return-path.ts';
import { adoptionPage } from './adoption-views.ts';
import { draftCookieName, isAnonymousKey } from './owner.ts';

/** Moves one kind of the anonymous browser's rows to the account; how many it moved. */
export type AnonymousAdopter = (anonymousKey: string, accountId: string) => Promise<number>;

export type AnonymousUse = {
  /** What the browser has: open drafts and applications sent without an account. */
  count(anonymousKey: string): Promise<{ drafts: number; applications: number }>;
  adopters: readonly AnonymousAdopter[];
  /** Deletes the browser's anonymous drafts (refused); sent applications stay. */
  discard(anonymousKey: string): Promise<void>;
};

export const ADOPTION_PATH = '/konto/uebernehmen';
// Pages that must work while the question is open: the question itself, signing out, assets.
const NOT_ASKED =
  /^\/(konto\/uebernehmen|konto\/abmelden|assets\/|healthz|readyz|dev\/mail|sprache\/)/;

function dropCookie(reply: FastifyReply, production: boolean) {
  reply.clearCookie(draftCookieName(production), {
    path: '/',
    httpOnly: true,
    secure: production,
    sameSite: 'lax',
  });
}

/**
 * A preHandler for every route, after the session hook: a signed-in page request that still
 * carries the anonymous cookie of a browser with drafts or reports is sent to the question
 * first (and back afterwards). A cookie with nothing behind it is just dropped.
 */
export function askBeforeAdopting(use: AnonymousUse, production: boolean) {
  const name = draftCookieName(production);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const key = request.cookies[name];
    if (key === undefined || request.account === undefined) return;
    if (request.method !== 'GET' || NOT_ASKED.test(request.url)) return;
    if (isAnonymousKey(key)) {
      const found = await use.count(key);
      if (found.drafts + found.applications > 0) {
        const back = encodeURIComponent(returnPath(request.url));
        return reply.redirect(`${ADOPTION_PATH}?weiter=${back}`, 303);
      }
    }
    dropCookie(reply, production);
  };
}

const text = (max: number) => Type.Optional(Type.String({ maxLength: max }));

export const adoptionRoutes: FastifyPluginAsyncTypebox<{
  use: AnonymousUse;
  production: boolean;
  verbundName: () => Promise<string>;
}> = async (app, { use, production, verbundName }) => {
  const name = draftCookieName(production);
  const keyOf = (request: FastifyRequest) => {
    const key = request.cookies[name];
    return request.account !== undefined && isAnonymousKey(key) ? key : undefined;
  };

  app.get(
    ADOPTION_PATH,
    { schema: { querystring: Type.Object({ weiter: text(512) }) } },
    async (request, reply) => {
      const next = returnPath(request.query.weiter);
      const key = keyOf(request);
      if (key === undefined) return reply.redirect(next, 303);
      const found = await use.count(key);
      if (found.drafts + found.applications === 0) {
        dropCookie(reply, production);
        return reply.redirect(next, 303);
      }
      const frame = pageFrame(request.ctx, await verbundName());
      return reply
        .header('cache-control', 'no-store')
        .page(adoptionPage(frame, { ...found, next, csrf: reply.generateCsrf() }));
    },
  );

  app.post(
    ADOPTION_PATH,
    {
      preHandler: app.csrfProtection,
      schema: {
        body: Type.Object({
          entscheidung: Type.Union([Type.Literal('uebernehmen'), Type.Literal('verwerfen')]),
          weiter: text(512),
          _csrf: text(200),
        }),
      },
    },
    async (request, reply) => {
      const next = returnPath(request.body.weiter);
      const key = keyOf(request);
      const account = request.account;
      if (key !== undefined && account !== undefined) {
        if (request.body.entscheidung === 'uebernehmen') {
          for (const adopt of use.adopters) await adopt(key, account.accountId);
        } else {
          await use.discard(key);
        }
      }
      dropCookie(reply, production);
      return reply.redirect(next, 303);
    },
  );
};
