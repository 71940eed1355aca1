// The web kit: what every page of the portal needs whatever domain it belongs to. The server
// with its logging, security headers, cookies, CSRF, rate limit, body parsers, request context
// (language, texts), error pages, static assets, health checks, the language switch and the
// legal pages. It imports no domain; the composition root (src/app/web.ts) registers the
// domains' hooks and routes between its two halves.
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { contextPlugin } from './context.ts';
import { registerErrorHandling } from './errors.ts';
import { registerHeaderGuard } from './header-guard.ts';
import { healthRoutes } from './health.ts';
import { languageRoutes } from './language.ts';
import { type LegalDirectory, legalRoutes } from './legal.ts';
import { securityHeaders } from './security-headers.ts';
import { registerTextInputCheck } from './text-input.ts';

/** The CSRF secret's cookie; sign-in and step-up replace it (src/accounts/sign-in/session.ts). */
export const csrfCookieName = (production: boolean) => (production ? '__Host-csrf' : 'csrf');

export type WebKitConfig = Pick<
  Config,
  'env' | 'sessionSecret' | 'logLevel' | 'rateLimitPerMinute' | 'trustProxy'
>;

const KERN_DIST = fileURLToPath(
  new URL('../../node_modules/@kern-ux/native/dist/', import.meta.url),
);
const STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));

/** The Fastify server with the portal's logging, proxy and body settings. */
export function createServer(config: WebKitConfig, logger?: FastifyServerOptions['logger']) {
  return Fastify({
    logger: logger ?? {
      level: config.logLevel,
      // Paths only: query strings may carry what citizens typed, and logs hold no personal data.
      serializers: {
        req: (req) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      },
      redact: ['req.headers.cookie', 'req.headers.authorization'],
    },
    genReqId: () => randomUUID().slice(0, 8),
    requestIdHeader: false,
    trustProxy:
      config.trustProxy === 0 ? false : (_address: string, hop: number) => hop < config.trustProxy,
    bodyLimit: 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 100 },
  }).withTypeProvider<TypeBoxTypeProvider>();
}

/** Cookies, context, headers, rate limit, body parsers, CSRF, error pages: before any route. */
export async function registerWebKit(
  app: FastifyInstance,
  config: WebKitConfig,
  verbundName: () => Promise<string>,
): Promise<void> {
  const production = config.env === 'production';
  await app.register(cookie, { secret: config.sessionSecret });
  await app.register(contextPlugin);
  const headers = securityHeaders(production);
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(headers);
  });
  registerHeaderGuard(app);
  registerTextInputCheck(app);
  await app.register(rateLimit, {
    max: config.rateLimitPerMinute,
    timeWindow: '1 minute',
    // The rate limiter hands this to the error handler, which renders the German 429 page.
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(`rate limit of ${context.max} per ${context.after} exceeded`), {
        statusCode: 429,
      }),
  });
  await app.register(formbody, { bodyLimit: 64 * 1024 });
  // Upper bounds for every upload; a route may ask for less in request.parts({ limits }).
  await app.register(multipart, { limits: { fileSize: 10 * 1024 * 1024, files: 10, parts: 40 } });
  await app.register(csrf, {
    cookieKey: csrfCookieName(production),
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure: production, signed: true },
    getToken: (request) => (request.body as { _csrf?: string } | undefined)?._csrf,
  });
  registerErrorHandling(app, verbundName);
}

/** Static assets, /healthz and /readyz, the language switch and the legal pages. */
export async function registerKitRoutes(
  app: FastifyInstance,
  config: WebKitConfig,
  deps: { database: Database; directory: () => Promise<LegalDirectory> },
): Promise<void> {
  await app.register(fastifyStatic, {
    root: KERN_DIST,
    prefix: '/assets/kern/',
    maxAge: '1d',
    index: false,
    wildcard: true,
  });
  await app.register(fastifyStatic, {
    root: STATIC_DIR,
    prefix: '/assets/',
    maxAge: '1h',
    index: false,
    decorateReply: false,
  });
  healthRoutes(app, deps.database);
  legalRoutes(app, deps.directory);
  await app.register(languageRoutes, { secureCookies: config.env === 'production' });
}
