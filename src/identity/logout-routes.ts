// Single logout in the browser: what "Abmelden" does after the local sign-out for a session
// that came from a provider (the hook accounts calls, from app/web.ts), the page the provider
// sends the citizen back to, "Sie sind abgemeldet" (our post_logout_redirect_uri), and our SAML
// SingleLogoutService.
import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { sessionCookieOptions } from '../accounts/sign-in/session.ts';
import { pageFrame } from '../web/layout.ts';
import { FederationError } from './errors.ts';
import type { SingleLogout } from './logout.ts';
import { logoutHandOverPage, logoutMismatchPage, signedOutPage } from './logout-views.ts';

export const SIGNED_OUT_PATH = '/konto/abgemeldet';
const UNREACHABLE = 'nicht-erreichbar';
const STATE_TTL_MS = 10 * 60_000;

/**
 * Binds the provider's answer to this browser: the state (RelayState) sent along and, for
 * SAML, the id of our LogoutRequest, kept in a cookie.
 */
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
        departure.binding,
        sessionCookieOptions(deps.production, new Date(Date.now() + STATE_TTL_MS)),
      );
      const url = new URL(departure.url);
      allowFormTo(reply, url.origin);
      // Signed out already: the page frame must not offer the account any more.
      request.ctx.signedIn = false;
      const frame = pageFrame(request.ctx, await deps.verbundName());
      const form =
        departure.post === undefined
          ? { method: 'get' as const, url }
          : { method: 'post' as const, action: departure.url, fields: departure.post };
      return noStore(reply).page(logoutHandOverPage(frame, prepared.providerName, form));
    };
  };
}

/** This page alone may send its form to the provider's origin (the portal allows 'self'). */
function allowFormTo(reply: FastifyReply, origin: string) {
  const csp = String(reply.getHeader('content-security-policy') ?? '');
  if (csp !== '')
    reply.header(
      'content-security-policy',
      csp.replace(/form-action ([^;]*)/, `form-action $1 ${origin}`),
    );
}

export const logoutRoutes: FastifyPluginAsyncTypebox<{
  logout: SingleLogout;
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
        clearState(reply);
      }
      return noStore(reply).page(signedOutPage(frame, hinweis === UNREACHABLE));
    },
  );

  // Our SAML SingleLogoutService, HTTP-Redirect (GET) and HTTP-POST (ADR 0047). The IdP sends
  // the browser here cross-site: no CSRF token can exist; what protects it is the IdP's
  // signature, checked against the certificates of the provider its Issuer names, and for a
  // LogoutResponse our LogoutRequest in flight that it must answer, once (by Redirect also the
  // RelayState and request id this browser keeps in its cookie; a cross-site POST carries no
  // SameSite=Lax cookie, so by POST the request is found by its id in the database).
  const field = Type.Optional(Type.String({ maxLength: 100_000 }));
  const answer = async (
    request: FastifyRequest,
    reply: FastifyReply,
    input: Parameters<SingleLogout['atSingleLogoutService']>[0],
  ) => {
    try {
      const answered = await opts.logout.atSingleLogoutService(input);
      if (answered.kind === 'respond') return noStore(reply).redirect(answered.url, 303);
      if (answered.kind === 'respond_post') {
        allowFormTo(reply, new URL(answered.form.action).origin);
        request.ctx.signedIn = false;
        const frame = pageFrame(request.ctx, await opts.verbundName());
        return noStore(reply).page(
          logoutHandOverPage(frame, answered.providerName, { method: 'post', ...answered.form }),
        );
      }
      clearState(reply);
      return noStore(reply).redirect(SIGNED_OUT_PATH, 303);
    } catch (error) {
      if (!(error instanceof FederationError)) throw error;
      request.log.warn(
        {
          event: 'identity.logout_refused',
          reason: error.reason,
          provider: error.provider ?? null,
        },
        'single logout message refused',
      );
      const frame = pageFrame(request.ctx, await opts.verbundName());
      return noStore(reply).page(logoutMismatchPage(frame), 400);
    }
  };

  app.get(
    '/saml/slo',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        querystring: Type.Object({
          SAMLRequest: field,
          SAMLResponse: field,
          RelayState: Type.Optional(Type.String({ maxLength: 200 })),
          SigAlg: Type.Optional(Type.String({ maxLength: 200 })),
          Signature: Type.Optional(Type.String({ maxLength: 2000 })),
        }),
      },
    },
    (request, reply) =>
      answer(request, reply, {
        binding: 'HTTP-Redirect',
        query: request.query,
        rawQuery: request.url.split('?')[1] ?? '',
        cookie: request.cookies[cookieName],
      }),
  );

  // The form body is bounded by formbody's limit; an oversized message within it is refused
  // by readLogoutPost (MAX_POST_MESSAGE) with the same page as any other bad message.
  app.post(
    '/saml/slo',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        body: Type.Object({
          SAMLRequest: field,
          SAMLResponse: field,
          RelayState: Type.Optional(Type.String({ maxLength: 200 })),
        }),
      },
    },
    (request, reply) => answer(request, reply, { binding: 'HTTP-POST', body: request.body }),
  );

  function clearState(reply: FastifyReply) {
    const { expires: _expires, ...options } = sessionCookieOptions(opts.production, new Date(0));
    reply.clearCookie(cookieName, options);
  }
};
