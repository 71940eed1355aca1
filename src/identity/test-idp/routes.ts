// The built-in test IdP on the portal itself, for `npm start` in development and the browser
// journeys: "Test-Anmeldung (nur Entwicklung)". Registered by src/app/web.ts only outside
// production. It plays another site, so it takes no CSRF token of ours; what it answers is
// checked by the assertion consumer like any IdP's answer.
import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import type { DB, TrustLevel } from '../../db/schema.ts';
import { pageFrame } from '../../web/layout.ts';
import { TRUST_LEVELS } from '../levels.ts';
import { addProvider, listProviders } from '../providers.ts';
import { postPage, testIdpPage } from '../views.ts';
import { createTestIdp, DEMO_PERSONA, type TestPersona } from './idp.ts';

export const TEST_PROVIDER_SLUG = 'bundid';

export type TestIdpRoutesOptions = {
  publicUrl: string;
  spSigningCert: string;
  spEncryptionCert: string;
  verbundName: () => Promise<string>;
  persona?: TestPersona;
};

export const testIdpEntityId = (publicUrl: string) => `${publicUrl}/test-idp`;

/** Registers the test IdP as the Verbund's "BundID" in development, once. */
export async function ensureTestProvider(db: Kysely<DB>, verbundId: string, publicUrl: string) {
  const existing = await listProviders(db, verbundId);
  if (existing.some((p) => p.slug === TEST_PROVIDER_SLUG)) return false;
  const idp = createTestIdp({
    entityId: testIdpEntityId(publicUrl),
    ssoUrl: `${publicUrl}/test-idp/sso`,
    sloUrl: `${publicUrl}/test-idp/slo`,
    spSigningCert: '',
    spEncryptionCert: '',
  });
  return addProvider(db, verbundId, {
    slug: TEST_PROVIDER_SLUG,
    type: 'saml',
    displayName: 'BundID',
    issuer: testIdpEntityId(publicUrl),
    ssoUrl: `${publicUrl}/test-idp/sso`,
    sloUrl: `${publicUrl}/test-idp/slo`,
    signingCerts: [idp.cert],
    levels: ['basic', 'low', 'substantial', 'high'],
  });
}

/** A LogoutRequest whose signature does not check out, by either binding: refused plainly. */
function unsignedLogoutRequest(reply: FastifyReply) {
  return reply
    .code(400)
    .type('text/plain; charset=utf-8')
    .send('Test-IdP: LogoutRequest ohne gültige Signatur abgelehnt.');
}

export const testIdpRoutes: FastifyPluginAsyncTypebox<TestIdpRoutesOptions> = async (app, opts) => {
  const idp = createTestIdp({
    entityId: testIdpEntityId(opts.publicUrl),
    ssoUrl: `${opts.publicUrl}/test-idp/sso`,
    sloUrl: `${opts.publicUrl}/test-idp/slo`,
    spSigningCert: opts.spSigningCert,
    spEncryptionCert: opts.spEncryptionCert,
  });
  const persona = opts.persona ?? DEMO_PERSONA;
  const body = Type.Object({
    SAMLRequest: Type.String({ maxLength: 100_000 }),
    RelayState: Type.String({ maxLength: 200 }),
    level: Type.Optional(Type.String({ maxLength: 1 })),
  });

  app.get('/test-idp/metadata', async (_request, reply) =>
    reply.type('application/samlmetadata+xml; charset=utf-8').send(idp.metadata()),
  );

  // A request our SP did not sign is refused, as BundID would (400, not a server error).
  const parse = (samlRequest: string) => {
    try {
      return idp.parseRequest(samlRequest);
    } catch {
      return undefined;
    }
  };
  const refused = 'Test-IdP: AuthnRequest ohne gültige Signatur abgelehnt.';

  app.post('/test-idp/sso', { schema: { body } }, async (request, reply) => {
    const parsed = parse(request.body.SAMLRequest);
    if (parsed === undefined)
      return reply.code(400).type('text/plain; charset=utf-8').send(refused);
    const requested: TrustLevel = TRUST_LEVELS[parsed.requestedLevel - 1] ?? 'basic';
    return reply.header('cache-control', 'no-store').page(
      testIdpPage(pageFrame(request.ctx, await opts.verbundName()), {
        requested,
        personName: `${persona.givenName ?? ''} ${persona.familyName ?? ''}`.trim(),
        samlRequest: request.body.SAMLRequest,
        relayState: request.body.RelayState,
      }),
    );
  });

  // Single logout (Redirect binding): our signed LogoutRequest ends the test person's session
  // here (it keeps none) and goes straight back with a signed LogoutResponse, as BundID does.
  const sloField = Type.Optional(Type.String({ maxLength: 100_000 }));
  app.get(
    '/test-idp/slo',
    {
      schema: {
        querystring: Type.Object({
          SAMLRequest: sloField,
          RelayState: Type.Optional(Type.String({ maxLength: 200 })),
          SigAlg: Type.Optional(Type.String({ maxLength: 200 })),
          Signature: Type.Optional(Type.String({ maxLength: 2000 })),
        }),
      },
    },
    async (request, reply) => {
      let parsed: ReturnType<typeof idp.parseLogoutRequest>;
      try {
        parsed = idp.parseLogoutRequest(request.query);
      } catch {
        return unsignedLogoutRequest(reply);
      }
      const spSlo = `${opts.publicUrl}/saml/slo`;
      return reply
        .header('cache-control', 'no-store')
        .redirect(idp.logoutResponseUrl(parsed, spSlo), 303);
    },
  );

  // The same by the POST binding (a provider configured for HTTP-POST): the answer goes back
  // as a form the browser posts to our SingleLogoutService.
  app.post(
    '/test-idp/slo',
    {
      schema: {
        body: Type.Object({
          SAMLRequest: Type.String({ maxLength: 100_000 }),
          RelayState: Type.Optional(Type.String({ maxLength: 200 })),
        }),
      },
    },
    async (request, reply) => {
      let parsed: ReturnType<typeof idp.parseLogoutRequestPost>;
      try {
        parsed = idp.parseLogoutRequestPost(request.body);
      } catch {
        return unsignedLogoutRequest(reply);
      }
      const spSlo = `${opts.publicUrl}/saml/slo`;
      return reply
        .header('cache-control', 'no-store')
        .page(
          postPage(
            pageFrame(request.ctx, await opts.verbundName()),
            'Rathausnetz',
            spSlo,
            idp.logoutResponsePost(parsed, spSlo),
          ),
        );
    },
  );

  app.post('/test-idp/antwort', { schema: { body } }, async (request, reply) => {
    const parsed = parse(request.body.SAMLRequest);
    if (parsed === undefined)
      return reply.code(400).type('text/plain; charset=utf-8').send(refused);
    const level = Math.min(4, Math.max(1, Number(request.body.level ?? parsed.requestedLevel)));
    const samlResponse = await idp.respond(parsed, persona, level);
    return reply.header('cache-control', 'no-store').page(
      postPage(pageFrame(request.ctx, await opts.verbundName()), 'Rathausnetz', parsed.acsUrl, {
        SAMLResponse: samlResponse,
        RelayState: request.body.RelayState,
      }),
    );
  });
};
