// Federated sign-in routes: starting a sign-in at a provider (BundID over SAML, OIDC), the
// SAML assertion consumer and the OIDC callback, the first-sign-in choice and linking, our SP
// metadata. Refusals answer one German page (400) and one log line with the reason code and
// the provider's slug, never a name, an id or an assertion.
import { readFileSync } from 'node:fs';
import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  handOutSession,
  requireTrustLevel,
  sessionCookieOptions,
} from '../accounts/sign-in/session.ts';
import { pageFrame } from '../web/layout.ts';
import { returnPath } from '../web/return-path.ts';
import { FederationError } from './errors.ts';
import type { Identity } from './service.ts';
import { choosePage, linkPage, postPage, refusedPage } from './views.ts';

export type IdentityRoutesOptions = {
  identity: Identity;
  verbundName: () => Promise<string>;
  production: boolean;
  /** Our SP metadata, served at /saml/metadata (its URL is our entity id). */
  spMetadata: () => string;
};

const AUTO_POST = readFileSync(new URL('./auto-post.js', import.meta.url), 'utf8');
const LEVEL = Type.Union([
  Type.Literal('basic'),
  Type.Literal('low'),
  Type.Literal('substantial'),
  Type.Literal('high'),
]);
const text = (max: number) => Type.Optional(Type.String({ maxLength: max }));

/** Holds the pending first sign-in between the provider's answer and the citizen's choice. */
export const pendingCookieName = (production: boolean) =>
  production ? '__Host-identity-pending' : 'identity-pending';

export const identityRoutes: FastifyPluginAsyncTypebox<IdentityRoutesOptions> = async (
  app,
  opts,
) => {
  const { identity, production } = opts;
  const frame = async (request: FastifyRequest) => pageFrame(request.ctx, await opts.verbundName());
  const noStore = (reply: FastifyReply) =>
    reply.header('cache-control', 'no-store').header('referrer-policy', 'no-referrer');

  // Refused: never a session, one line for the operator without personal data.
  async function refuse(request: FastifyRequest, reply: FastifyReply, error: unknown) {
    if (!(error instanceof FederationError)) throw error;
    request.log.warn(
      { event: 'identity.refused', reason: error.reason, provider: error.provider ?? null },
      'federated sign-in refused',
    );
    return noStore(reply).page(refusedPage(await frame(request), error.reason), 400);
  }

  async function signedIn(
    request: FastifyRequest,
    reply: FastifyReply,
    arrival: Awaited<ReturnType<Identity['completeSaml']>>,
  ) {
    if (arrival.kind === 'signed_in') {
      handOutSession(request, reply, production, arrival);
      reply.clearCookie(pendingCookieName(production), { path: '/' });
      return noStore(reply).redirect(arrival.returnTo === '/' ? '/konto' : arrival.returnTo, 303);
    }
    reply.setCookie(
      pendingCookieName(production),
      arrival.token,
      sessionCookieOptions(production, new Date(Date.now() + 15 * 60_000)),
    );
    return noStore(reply).redirect('/konto/nutzerkonto/neu', 303);
  }

  app.get('/assets/identity/auto-post.js', async (_request, reply) =>
    reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', 'max-age=3600')
      .send(AUTO_POST),
  );

  app.get('/saml/metadata', async (_request, reply) =>
    reply.type('application/samlmetadata+xml; charset=utf-8').send(opts.spMetadata()),
  );

  app.get(
    '/anmelden/nutzerkonto/:slug',
    {
      schema: {
        params: Type.Object({ slug: Type.String({ maxLength: 40 }) }),
        querystring: Type.Object({ niveau: Type.Optional(LEVEL), weiter: text(512) }),
      },
    },
    async (request, reply) => {
      try {
        const departure = await identity.begin({
          slug: request.params.slug,
          level: request.query.niveau ?? 'substantial',
          returnTo: returnPath(request.query.weiter),
          sessionHash: request.account?.hash,
        });
        if (departure.kind === 'redirect') return noStore(reply).redirect(departure.url, 303);
        const providers = await identity.providers();
        const name =
          providers.find((p) => p.slug === request.params.slug)?.displayName ?? request.params.slug;
        // The form posts to the IdP: this page alone may send a form there.
        const origin = new URL(departure.action).origin;
        const csp = String(reply.getHeader('content-security-policy') ?? '');
        if (csp !== '')
          reply.header(
            'content-security-policy',
            csp.replace(/form-action ([^;]*)/, `form-action $1 ${origin}`),
          );
        return noStore(reply).page(
          postPage(await frame(request), name, departure.action, departure.fields),
        );
      } catch (error) {
        return refuse(request, reply, error);
      }
    },
  );

  // The IdP posts here cross-site: no CSRF token can exist. What protects it is the signed,
  // encrypted assertion, bound to our request id and to the one-time RelayState.
  app.post(
    '/saml/acs',
    {
      config: { rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        body: Type.Object({
          SAMLResponse: Type.String({ maxLength: 400_000 }),
          RelayState: Type.String({ maxLength: 200 }),
        }),
      },
    },
    async (request, reply) => {
      try {
        const arrival = await identity.completeSaml({
          samlResponse: request.body.SAMLResponse,
          relayState: request.body.RelayState,
        });
        return await signedIn(request, reply, arrival);
      } catch (error) {
        return refuse(request, reply, error);
      }
    },
  );

  app.get(
    '/anmelden/nutzerkonto/rueckkehr',
    {
      schema: {
        querystring: Type.Object(
          { state: text(200), code: text(2000), error: text(200) },
          { additionalProperties: true },
        ),
      },
    },
    async (request, reply) => {
      try {
        const query = request.url.split('?')[1] ?? '';
        const arrival = await identity.completeOidc({ query, state: request.query.state ?? '' });
        return await signedIn(request, reply, arrival);
      } catch (error) {
        return refuse(request, reply, error);
      }
    },
  );

  const pendingOf = async (request: FastifyRequest) => {
    const token = request.cookies[pendingCookieName(production)];
    const row = token === undefined ? undefined : await identity.pending(token);
    return { token, row };
  };
  const providerName = async (providerId: string) =>
    (await identity.providerById(providerId))?.displayName ?? '';

  app.get('/konto/nutzerkonto/neu', async (request, reply) => {
    const { row } = await pendingOf(request);
    if (row === undefined) return refuse(request, reply, new FederationError('pending_expired'));
    return noStore(reply).page(
      choosePage(await frame(request), {
        provider: await providerName(row.provider_id),
        hasEmail: Boolean(row.attributes.email),
        emailTaken: false,
        csrf: reply.generateCsrf(),
      }),
    );
  });

  app.post(
    '/konto/nutzerkonto/neu',
    { preHandler: app.csrfProtection, schema: { body: Type.Object({ _csrf: text(200) }) } },
    async (request, reply) => {
      const { token, row } = await pendingOf(request);
      try {
        if (token === undefined || row === undefined) throw new FederationError('pending_expired');
        const outcome = await identity.createAccount(
          token,
          request.ctx.lang,
          request.account?.hash,
        );
        if (outcome.kind === 'email_taken') {
          return noStore(reply).page(
            choosePage(await frame(request), {
              provider: await providerName(row.provider_id),
              hasEmail: true,
              emailTaken: true,
              csrf: reply.generateCsrf(),
            }),
            409,
          );
        }
        return await signedIn(request, reply, outcome);
      } catch (error) {
        return refuse(request, reply, error);
      }
    },
  );

  app.get(
    '/konto/nutzerkonto/verknuepfen',
    { preHandler: requireTrustLevel('basic') },
    async (request, reply) => {
      const { row } = await pendingOf(request);
      if (row === undefined) return refuse(request, reply, new FederationError('pending_expired'));
      return noStore(reply).page(
        linkPage(await frame(request), {
          provider: await providerName(row.provider_id),
          email: request.account?.email ?? '',
          csrf: reply.generateCsrf(),
        }),
      );
    },
  );

  app.post(
    '/konto/nutzerkonto/verknuepfen',
    {
      preHandler: [app.csrfProtection, requireTrustLevel('basic')],
      schema: { body: Type.Object({ _csrf: text(200) }) },
    },
    async (request, reply) => {
      const session = request.account;
      const { token } = await pendingOf(request);
      try {
        if (token === undefined || session === undefined)
          throw new FederationError('pending_expired');
        const outcome = await identity.linkAccount(token, session);
        if (outcome.kind === 'email_taken') throw new FederationError('pending_expired');
        return await signedIn(request, reply, outcome);
      } catch (error) {
        return refuse(request, reply, error);
      }
    },
  );
};
