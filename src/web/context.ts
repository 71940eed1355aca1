import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { SafeHtml } from './html.ts';
import {
  isLanguage,
  type Language,
  negotiateLanguage,
  type Translate,
  translator,
} from './i18n.ts';

/** Per-request facts every route and view needs; services are tested without it. */
export type RequestContext = {
  lang: Language;
  t: Translate;
  now: () => Date;
  /** Path without query string: safe to log and to link back to. */
  path: string;
  /** Path with query string (capped), for links that must come back to this very page. */
  returnTo: string;
  /** Set by the accounts session hook; the header shows "Mein Konto" instead of "Anmelden". */
  signedIn: boolean;
  /** Set by the mailbox hook for signed-in citizens: unread messages, shown in the header. */
  unread?: number;
};

declare module 'fastify' {
  interface FastifyRequest {
    ctx: RequestContext;
  }
  interface FastifyReply {
    /** Sends a rendered page as UTF-8 HTML. */
    page(page: SafeHtml, status?: number): FastifyReply;
  }
}

export const LANGUAGE_COOKIE = 'lang';

export function requestLanguage(request: FastifyRequest): Language {
  const chosen = request.cookies[LANGUAGE_COOKIE];
  if (isLanguage(chosen)) return chosen;
  const header = request.headers['accept-language'];
  return negotiateLanguage(Array.isArray(header) ? header[0] : header);
}

export function contextFor(request: FastifyRequest): RequestContext {
  const lang = requestLanguage(request);
  const queryAt = request.url.indexOf('?');
  return {
    lang,
    t: translator(lang),
    now: () => new Date(),
    path: queryAt === -1 ? request.url : request.url.slice(0, queryAt),
    returnTo: request.url.length <= 512 ? request.url : '/',
    signedIn: false,
  };
}

export const contextPlugin = fp(
  async (app: FastifyInstance) => {
    app.decorateRequest('ctx', undefined as unknown as RequestContext);
    app.addHook('onRequest', async (request) => {
      request.ctx = contextFor(request);
    });
    app.decorateReply('page', function (this: FastifyReply, page: SafeHtml, status = 200) {
      return this.code(status).type('text/html; charset=utf-8').send(page.value);
    });
  },
  { name: 'request-context', dependencies: ['@fastify/cookie'] },
);
