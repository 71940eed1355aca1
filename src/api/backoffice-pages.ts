// The back office's "API-Zugänge" (/verwaltung/api-zugaenge): an authority's admins issue and
// revoke the credentials their receiving systems use for /api/v1, as the operator can by CLI
// (`api:credential`). Same functions as the CLI, acting as the authority; every issue and
// revocation is audited in its own transaction.
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { AuthorityAdmin, BackofficeKit, BackofficePages } from '../backoffice/pages.ts';
import { withAuthority } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import { routeNamesOfAuthority } from '../delivery/acknowledgement.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import {
  CREDENTIALS_HREF,
  type CredentialsView,
  credentialsPage,
  issuedPage,
} from './backoffice-views.ts';
import { issueCredential, listCredentials, revokeCredential } from './credentials.ts';

export function credentialPages(deps: { db: Kysely<DB>; now?: () => Date }): BackofficePages {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  return async (untyped, kit: BackofficeKit) => {
    const app = untyped.withTypeProvider<TypeBoxTypeProvider>();

    async function list(
      request: FastifyRequest,
      reply: FastifyReply,
      s: AuthorityAdmin,
      extra: Pick<CredentialsView, 'notice' | 'form'> = {},
      status = 200,
    ) {
      const authorityId = s.current.authorityId;
      const [credentials, routeNames] = await Promise.all([
        listCredentials(db, authorityId),
        withAuthority(db, authorityId, (trx) => routeNamesOfAuthority(trx, authorityId)),
      ]);
      const f = await kit.staffFrame(request, reply);
      return reply.page(credentialsPage(f, { credentials, routeNames, ...extra }), status);
    }

    app.get(
      CREDENTIALS_HREF,
      {
        preHandler: kit.active,
        schema: {
          querystring: Type.Object({ erledigt: Type.Optional(Type.String({ maxLength: 20 })) }),
        },
      },
      async (request, reply) => {
        const s = await kit.authorityAdmin(request, reply);
        if (s === undefined) return reply;
        const done = request.query.erledigt;
        return list(request, reply, s, done === 'widerrufen' ? { notice: 'revoked' } : {});
      },
    );

    app.post(
      CREDENTIALS_HREF,
      {
        preHandler: [app.csrfProtection, kit.active],
        schema: {
          body: Type.Object({
            _csrf: Type.Optional(Type.String({ maxLength: 200 })),
            zustellweg: Type.Optional(Type.String({ maxLength: 200 })),
            bezeichnung: Type.Optional(Type.String({ maxLength: 400 })),
          }),
        },
      },
      async (request, reply) => {
        const s = await kit.authorityAdmin(request, reply);
        if (s === undefined) return reply;
        const route = (request.body.zustellweg ?? '').trim();
        const label = (request.body.bezeichnung ?? '').trim();
        const f = await kit.staffFrame(request, reply);
        const refuse = (field: string, key: Parameters<typeof f.t>[0], status = 400) =>
          list(
            request,
            reply,
            s,
            { form: { route, label, errors: [{ field, message: f.t(key) }] } },
            status,
          );
        if (label.length < 1 || label.length > 80)
          return refuse('credential-label', 'api.credentials.error.label');
        let issued: { token: string };
        try {
          issued = await issueCredential(
            db,
            { authorityId: s.current.authorityId, routeName: route, label, at: now() },
            { staffId: s.staffId, ip: request.ip },
          );
        } catch (error) {
          if (error instanceof NotFoundError)
            return refuse('credential-route', 'api.credentials.error.route');
          if (error instanceof ValidationError)
            return refuse(
              error.fields.route ? 'credential-route' : 'credential-label',
              error.fields.route
                ? 'api.credentials.error.ambiguous'
                : 'api.credentials.error.label',
            );
          throw error;
        }
        // Shown once, in this answer: no redirect, so the token never lands in a URL or history.
        return reply.page(issuedPage(f, { label, token: issued.token }));
      },
    );

    app.post(
      `${CREDENTIALS_HREF}/:id/widerrufen`,
      {
        preHandler: [app.csrfProtection, kit.active],
        schema: {
          params: Type.Object({ id: Type.String({ maxLength: 100 }) }),
          body: Type.Object({ _csrf: Type.Optional(Type.String({ maxLength: 200 })) }),
        },
      },
      async (request, reply) => {
        const s = await kit.authorityAdmin(request, reply);
        if (s === undefined) return reply;
        try {
          await revokeCredential(db, s.current.authorityId, request.params.id, now(), {
            staffId: s.staffId,
            ip: request.ip,
          });
        } catch (error) {
          if (!(error instanceof NotFoundError)) throw error;
          return list(request, reply, s, { notice: 'gone' }, 404);
        }
        return reply.redirect(`${CREDENTIALS_HREF}?erledigt=widerrufen`, 303);
      },
    );
  };
}
