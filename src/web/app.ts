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
import { privacyRoutes } from '../accounts/privacy/routes.ts';
import { createPrivacy, twoFactorExport } from '../accounts/privacy/service.ts';
import { profileRoutes } from '../accounts/profile/routes.ts';
import { createProfiles } from '../accounts/profile/service.ts';
import { accountsRoutes } from '../accounts/routes.ts';
import { createAccounts } from '../accounts/sign-in/service.ts';
import { sessionHook } from '../accounts/sign-in/session.ts';
import { twoFactorRoutes } from '../accounts/two-factor/routes.ts';
import { adoptApplications } from '../applications/adopt.ts';
import { type Applications, createApplications } from '../applications/applications.ts';
import { applicationRoutes, applicationsExport, submitDraft } from '../applications/routes.ts';
import { catalogRoutes } from '../catalog/routes.ts';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import { adoptAnonymousUse } from '../drafts/adoption.ts';
import { DEFAULT_UPLOAD_LIMITS } from '../drafts/attachments.ts';
import { draftsExport } from '../drafts/export.ts';
import { draftRoutes } from '../drafts/routes.ts';
import { createDrafts } from '../drafts/service.ts';
import { clamdScanner } from '../files/clamd.ts';
import type { Mailer } from '../mail/mailer.ts';
import { devMailRoutes } from '../mail/routes.ts';
import { mailboxExport } from '../mailbox/export.ts';
import { mailboxRoutes, unreadCounter } from '../mailbox/routes.ts';
import { tenancyRoutes } from '../tenancy/routes.ts';
import { createTenancy, type Tenancy } from '../tenancy/service.ts';
import { contextPlugin } from './context.ts';
import { registerErrorHandling } from './errors.ts';
import { healthRoutes } from './health.ts';
import { languageRoutes } from './language.ts';
import { legalRoutes } from './legal.ts';
import { securityHeaders } from './security-headers.ts';

declare module 'fastify' {
  interface FastifyInstance {
    applications: Applications;
  }
}

export type AppDeps = {
  config: Pick<
    Config,
    | 'env'
    | 'sessionSecret'
    | 'logLevel'
    | 'rateLimitPerMinute'
    | 'trustProxy'
    | 'publicUrl'
    | 'applicationKeys'
  > &
    Partial<Pick<Config, 'uploadLimits' | 'clamdUrl'>>;
  database: Database;
  mailer: Mailer;
  tenancy?: Tenancy;
  logger?: FastifyServerOptions['logger'];
};

const KERN_DIST = fileURLToPath(
  new URL('../../node_modules/@kern-ux/native/dist/', import.meta.url),
);
const STATIC_DIR = fileURLToPath(new URL('./static/', import.meta.url));

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { config, database } = deps;
  const production = config.env === 'production';
  const tenancy = deps.tenancy ?? createTenancy(database.db);

  const app = Fastify({
    logger: deps.logger ?? {
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

  await app.register(cookie, { secret: config.sessionSecret });
  await app.register(contextPlugin);
  const headers = securityHeaders(production);
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(headers);
  });
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
    cookieKey: production ? '__Host-csrf' : 'csrf',
    cookieOpts: { path: '/', sameSite: 'lax', httpOnly: true, secure: production, signed: true },
    getToken: (request) => (request.body as { _csrf?: string } | undefined)?._csrf,
  });

  const verbundName = async () => {
    try {
      return (await tenancy.directory()).verbund.name;
    } catch {
      return 'Rathausnetz';
    }
  };
  registerErrorHandling(app, verbundName);

  const accounts = createAccounts({
    db: database.db,
    mailer: deps.mailer,
    publicUrl: config.publicUrl,
    verbund: async () => (await tenancy.directory()).verbund,
    onMailError: (error) =>
      app.log.error(
        { err: error instanceof Error ? error.message : String(error) },
        'mail not sent',
      ),
  });
  app.addHook('preHandler', sessionHook(accounts, production));
  const drafts = createDrafts({ db: database.db, tenancy, keyring: config.applicationKeys });
  app.addHook(
    'preHandler',
    adoptAnonymousUse(
      [drafts.adopt, (key, accountId) => adoptApplications(database.db, key, accountId)],
      production,
    ),
  );
  app.addHook('preHandler', unreadCounter(database.db));

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

  healthRoutes(app, database);
  legalRoutes(app, tenancy);
  await app.register(languageRoutes, { secureCookies: production });
  await app.register(accountsRoutes, { accounts, verbundName, production });
  await app.register(twoFactorRoutes, { accounts, verbundName, production });
  const profiles = createProfiles({
    db: database.db,
    verbund: async () => (await tenancy.directory()).verbund,
  });
  await app.register(profileRoutes, { profiles, tenancy });
  const applications = createApplications({
    db: database.db,
    tenancy,
    drafts,
    keyring: config.applicationKeys,
    mailer: deps.mailer,
    publicUrl: config.publicUrl,
    onBackgroundError: (what, error) =>
      app.log.error(
        { err: error instanceof Error ? error.message : String(error) },
        `${what} failed`,
      ),
  });
  const privacy = createPrivacy({
    db: database.db,
    verbund: async () => (await tenancy.directory()).verbund,
    parts: [
      twoFactorExport,
      mailboxExport(config.applicationKeys),
      draftsExport(config.applicationKeys),
      applicationsExport(applications),
    ],
  });
  await app.register(privacyRoutes, { privacy, verbundName, production });
  await app.register(mailboxRoutes, { db: database.db, tenancy, keyring: config.applicationKeys });
  await app.register(catalogRoutes, { db: database.db, tenancy });
  await app.register(draftRoutes, {
    db: database.db,
    tenancy,
    production,
    drafts,
    uploads: {
      limits: config.uploadLimits ?? DEFAULT_UPLOAD_LIMITS,
      scanner: config.clamdUrl === undefined ? undefined : clamdScanner(config.clamdUrl),
    },
    submit: submitDraft(applications),
    sentHref: async (owner, draftId) => {
      const id = await applications.sentFrom(owner, draftId);
      return id === undefined ? undefined : `/antraege/${id}`;
    },
  });
  await app.register(applicationRoutes, { applications, tenancy, production });
  // The domain API for what has no web front yet (authorities' status changes) and for tests.
  app.decorate('applications', applications);
  if (!production && deps.mailer.outbox) {
    await app.register(devMailRoutes, { outbox: deps.mailer.outbox, verbundName });
  }
  // Fixed paths (/finden, /impressum, …) win over `/:slug` in the router whatever the order.
  await app.register(tenancyRoutes, { tenancy });

  return app;
}
