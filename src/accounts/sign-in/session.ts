import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { TrustLevel } from '../../db/schema.ts';
import { csrfCookieName } from '../../web/kit.ts';
import type { Accounts, SessionInfo } from './service.ts';
import { trustReaches } from './service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    account: SessionInfo | undefined;
  }
}

/** `__Host-` pins the cookie to this host and path / and demands Secure: production only. */
export const sessionCookieName = (production: boolean) =>
  production ? '__Host-session' : 'session';

export function sessionCookieOptions(production: boolean, expires: Date) {
  return { path: '/', httpOnly: true, secure: production, sameSite: 'lax' as const, expires };
}

/** Between the right password and the second factor: a ticket for the code page only. */
export const pendingLoginCookieName = (production: boolean) =>
  production ? '__Host-login-pending' : 'login-pending';

/**
 * Browsers only drop a cookie when the clearing Set-Cookie carries the same attributes;
 * a bare `path=/` would leave a Secure `__Host-` cookie in place.
 */
export function clearSessionCookie(reply: FastifyReply, production: boolean): void {
  const { expires: _expires, ...options } = sessionCookieOptions(production, new Date(0));
  reply.clearCookie(sessionCookieName(production), options);
}

/** Resolves the session cookie on every request that carries one; no cookie, no query. */
export function sessionHook(accounts: Accounts, production: boolean) {
  const name = sessionCookieName(production);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const token = request.cookies[name];
    request.account = token === undefined ? undefined : await accounts.session(token);
    if (token !== undefined && request.account === undefined) clearSessionCookie(reply, production);
    request.ctx.signedIn = request.account !== undefined;
  };
}

/**
 * Guards a route: without a session the citizen is sent to sign in, with too low a level to a
 * page that explains what is needed and why; both come back to where they wanted to go.
 */
export function requireTrustLevel(level: TrustLevel): preHandlerAsyncHookHandler {
  return async function guard(request, reply) {
    const back = encodeURIComponent(request.url);
    if (request.account === undefined) return reply.redirect(`/konto/anmelden?weiter=${back}`, 303);
    if (!trustReaches(request.account.trustLevel, level)) {
      return reply.redirect(`/konto/vertrauensniveau?benoetigt=${level}&weiter=${back}`, 303);
    }
  };
}

/** A browser that signed in before keeps its own sign-in allowance (ADR 0018). */
export const deviceCookieName = (production: boolean) => (production ? '__Host-device' : 'device');

/** The client a sign-in try comes from: its address and its device cookie, if any. */
export function clientOf(request: FastifyRequest, production: boolean) {
  return { clientKey: request.ip, deviceCookie: request.cookies[deviceCookieName(production)] };
}

/**
 * Hands out a new session after a sign-in or a step-up: the session cookie, a new CSRF secret
 * (a token read or planted before the sign-in is worth nothing after it), and, at sign-in,
 * the device cookie.
 */
export function handOutSession(
  request: FastifyRequest,
  reply: FastifyReply,
  production: boolean,
  session: { token: string; expiresAt: Date; device?: { value: string; expiresAt: Date } },
): void {
  reply.setCookie(
    sessionCookieName(production),
    session.token,
    sessionCookieOptions(production, session.expiresAt),
  );
  if (session.device !== undefined) {
    reply.setCookie(
      deviceCookieName(production),
      session.device.value,
      sessionCookieOptions(production, session.device.expiresAt),
    );
  }
  // generateCsrf makes (and sets) a new secret only when the request carried none.
  delete request.cookies[csrfCookieName(production)];
  reply.generateCsrf();
}
