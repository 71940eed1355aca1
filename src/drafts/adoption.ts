// What a browser did without an account becomes the account's at its first signed-in request:
// its drafts (src/drafts/service.ts) and what it sent (src/applications/adopt.ts). Whichever
// way the citizen signs in (password, second factor, after registering), nothing is lost.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { draftCookieName, isAnonymousKey } from './owner.ts';

/** Moves one kind of the anonymous browser's rows to the account; how many it moved. */
export type AnonymousAdopter = (anonymousKey: string, accountId: string) => Promise<number>;

/**
 * A preHandler for every route, after the session hook: a signed-in request that still
 * carries the anonymous cookie runs every adopter, then drops the cookie. If one fails, the
 * request goes on as usual (the page asked for matters more), the cookie stays and the next
 * request tries again (adopting twice moves nothing more).
 */
export function adoptAnonymousUse(adopters: readonly AnonymousAdopter[], production: boolean) {
  const name = draftCookieName(production);
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const key = request.cookies[name];
    if (key === undefined || request.account === undefined) return;
    if (isAnonymousKey(key)) {
      try {
        for (const adopt of adopters) await adopt(key, request.account.accountId);
      } catch (error) {
        request.log.error(
          { err: error instanceof Error ? error.message : String(error) },
          'taking over anonymous use failed; tried again on the next request',
        );
        return;
      }
    }
    reply.clearCookie(name, { path: '/', httpOnly: true, secure: production, sameSite: 'lax' });
  };
}
