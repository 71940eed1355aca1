import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DatabaseUnavailableError } from '../db/database.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { contextFor } from './context.ts';
import { html } from './html.ts';
import type { MessageKey } from './i18n.ts';
import { messagePage, type PageFrame, pageFrame } from './layout.ts';
import './messages.ts';
import { ControlCharacterError } from './text-input.ts';

/** Loads the Verbund name for the frame; must not throw (the database may be the problem). */
export type VerbundNameSource = () => Promise<string>;

type ErrorPage = { status: number; title: MessageKey; body: MessageKey; reference?: boolean };

const PAGES = {
  badRequest: { status: 400, title: 'web.badRequest.title', body: 'web.badRequest.body' },
  notFound: { status: 404, title: 'web.notFound.title', body: 'web.notFound.body' },
  uriTooLong: { status: 414, title: 'web.uriTooLong.title', body: 'web.uriTooLong.body' },
  controlCharacters: {
    status: 400,
    title: 'web.controlCharacters.title',
    body: 'web.controlCharacters.body',
  },
  formExpired: { status: 403, title: 'web.formExpired.title', body: 'web.formExpired.body' },
  tooManyRequests: {
    status: 429,
    title: 'web.tooManyRequests.title',
    body: 'web.tooManyRequests.body',
  },
  unavailable: {
    status: 503,
    title: 'web.unavailable.title',
    body: 'web.unavailable.body',
    reference: true,
  },
  serverError: {
    status: 500,
    title: 'web.serverError.title',
    body: 'web.serverError.body',
    reference: true,
  },
} satisfies Record<string, ErrorPage>;

/** Longer URLs are refused before routing: nothing legitimate here needs more. */
export const MAX_URL_LENGTH = 2048;

export function registerErrorHandling(app: FastifyInstance, verbundName: VerbundNameSource): void {
  const send = async (
    request: FastifyRequest,
    reply: FastifyReply,
    page: ErrorPage,
    status = page.status,
  ) => {
    // Errors can strike before the context hook ran (e.g. a malformed cookie header).
    request.ctx ??= contextFor(request);
    const frame = pageFrame(request.ctx, await verbundName());
    const body =
      page === PAGES.notFound ? notFoundBody(frame, request.ctx.path) : [frame.t(page.body)];
    if (page.reference) body.push(frame.t('web.error.reference', { id: request.id }));
    return reply
      .header('cache-control', 'no-store')
      .page(messagePage(frame, frame.t(page.title), body), status);
  };

  app.addHook('onRequest', async (request, reply) => {
    if (request.url.length > MAX_URL_LENGTH) return send(request, reply, PAGES.uriTooLong);
  });

  // An attacker could probe for valid URLs if 404s were not rate limited.
  app.setNotFoundHandler(
    { preHandler: app.rateLimit({ max: 120, timeWindow: '1 minute' }) },
    (request, reply) => send(request, reply, PAGES.notFound),
  );

  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error instanceof NotFoundError) return send(request, reply, PAGES.notFound);
    if (error instanceof ValidationError || error.validation)
      return send(request, reply, PAGES.badRequest);
    if (error instanceof ForbiddenError) return send(request, reply, PAGES.badRequest, 403);
    if (error instanceof ConflictError) return send(request, reply, PAGES.badRequest, 409);
    if (error.statusCode === 429) return send(request, reply, PAGES.tooManyRequests);
    // @fastify/csrf-protection: a form sent without, or with a stale, token.
    if (error.code?.startsWith('FST_CSRF_')) return send(request, reply, PAGES.formExpired);
    if (error instanceof DatabaseUnavailableError || isConnectionError(error)) {
      request.log.error({ err: describe(error) }, 'database unavailable');
      return send(request, reply, PAGES.unavailable);
    }
    // Fastify's own 4xx (unsupported media type, body too large, bad JSON), a malformed
    // multipart body, control characters: the client's fault, worth a warning, not an error.
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      request.log.warn(
        { code: error.code ?? error.name, method: request.method, path: request.ctx?.path },
        'bad request',
      );
      const page =
        error instanceof ControlCharacterError ? PAGES.controlCharacters : PAGES.badRequest;
      return send(request, reply, page, error.statusCode);
    }
    request.log.error(
      { err: error, method: request.method, path: request.ctx?.path },
      'request failed',
    );
    return send(request, reply, PAGES.serverError);
  });
}

function notFoundBody(frame: PageFrame, path: string) {
  const { t } = frame;
  return [
    t('web.notFound.body', { path: path.length > 80 ? `${path.slice(0, 80)}…` : path }),
    html`<a class="kern-link" href="/">${t('web.notFound.home')}</a>`,
    html`${t('web.notFound.finder')} <a class="kern-link" href="/finden">${t('web.nav.finder')}</a>`,
  ];
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  '57P01',
  '57P03',
  '08006',
  '08001',
]);

function isConnectionError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && CONNECTION_CODES.has(code)) return true;
  const message = error instanceof Error ? error.message : '';
  return /Connection terminated|timeout exceeded when trying to connect/i.test(message);
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
