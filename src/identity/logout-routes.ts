// Single logout in the browser: what "Abmelden" does after the local sign-out for a session
// that came from a provider (the hook accounts calls, from app/web.ts), and the page the
// provider sends the citizen back to, "Sie sind abgemeldet" (our post_logout_redirect_uri).
import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sessionCookieOptions } from '../accounts/sign-in/session.ts';
import { pageFrame } from '../web/layout.ts';
import type { SingleLogout } from './logout.ts';
import { logoutHandOverPage, logoutMismatchPage, signedOutPage } from './logout-views.ts';

export const SIGNED_OUT_PATH = '/konto/abgemeldet';
const UNREACHABLE = 'nicht-erreichbar';
const STATE_TTL_MS = 10 * 60_000;

/** Binds the provider's answer to this browser: the state sent along, kept in a cookie. */
export const logoutStateCookieName = (production: boolean) =>
  production ? '__Host-logout-state' : 'logout-state';

const noStore = (reply: FastifyReply) =>
  reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');

/**
 * For accounts' POST /konto/abmelden: looks up the session's provider before the session
 * ends, and answers the browser after it has ended. Undefined for a password session.
 *
 * The answer is a page of ours, not a 303 to the provider: browsers apply the form-action of
 * the page that posted "Abmelden" ('self') to the redirects that follow the POST, and would
 * refuse one to the provider. The hand-over page allows that one origin for its own form.
 */
export function federatedSignOut(deps: {
  logout: SingleLogout;
  production: boolean;
  verbundName: () => Promise<string>;
}) {
  return async (sessionHash: string) => {
    const prepared = await deps.logout.prepare(sessionHash);
    if (prepared === undefined) return undefined;
    return async (request: FastifyRequest, reply: FastifyReply) => {
      const departure = await prepared.depart();
      if (departure.kind === 'local') {
        const query = departure.reason === 'unreachable' ? `?hinweis=${UNREACHABLE}` : '';
        return noStore(reply).redirect(`${SIGNED_OUT_PATH}${query}`, 303);
      }
      reply.setCookie(
        logoutStateCookieName(deps.production),
        departure.state,
        sessionCookieOptions(deps.production, new Date(Date.now() + STATE_TTL_MS)),
      );
      const url = new URL(departure.url);
      const csp = String(reply.getHeader('content-security-policy') ?? '');
      if (csp !== '')
        reply.header(
          'content-security-policy',
          csp.replace(/form-action ([^;]*)/, `form-action $1 ${url.origin}`),
        );
      // Signed out already: the page frame must not offer the account any more.
      request.ctx.signedIn = false;
      const frame = pageFrame(request.ctx, await deps.verbundName());
      return noStore(reply).page(logoutHandOverPage(frame, prepared.providerName, url));
    };
  };
}

export const logoutRoutes: FastifyPluginAsyncTypebox<{
  production: boolean;
  verbundName: () => Promise<string>;
}> = async (app, opts) => {
  const cookieName = logoutStateCookieName(opts.production);

  app.get(
    SIGNED_OUT_PATH,
    {
      schema: {
        querystring: Type.Object(
          {
            state: Type.Optional(Type.String({ maxLength: 200 })),
            hinweis: Type.Optional(Type.String({ maxLength: 40 })),
          },
          { additionalProperties: true },
        ),
      },
    },
    async (request, reply) => {
      const frame = pageFrame(request.ctx, await opts.verbundName());
      const { state, hinweis } = request.query;
      if (state !== undefined) {
        // The provider's answer must carry the state this browser sent it away with.
        const expected = request.cookies[cookieName];
        if (expected === undefined || expected !== state)
          return noStore(reply).page(logoutMismatchPage(frame), 400);
        const { expires: _expires, ...options } = sessionCookieOptions(
          opts.production,
          new Date(0),
        );
        reply.clearCookie(cookieName, options);
      }
      return noStore(reply).page(signedOutPage(frame, hinweis === UNREACHABLE));
    },
  );
};
