// /api/v1, the back-channel of the receiving systems (ADR 0030): JSON in and out, a bearer
// credential per connector route (no cookies, so no CSRF), rate-limited per credential, every
// call audited in the authority's chain. A credential reaches only applications its route
// carried; anything else is 404, the same as an id that does not exist.
import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Kysely, Transaction } from 'kysely';
import type { ApplicationStatus } from '../applications/status.ts';
import { type AuditAction, appendAudit } from '../audit/service.ts';
import { withAuthority } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import { acknowledgeDelivery, deliveryOnRoute } from '../delivery/acknowledgement.ts';
import type { HandleFitconnectCallback } from '../delivery/connectors/fitconnect/callbacks.ts';
import { NotFoundError } from '../errors.ts';
import type { IncomingFile } from '../mailbox/attachments.ts';
import { isUuid } from '../uuid.ts';
import { type ApiCaller, authenticate } from './credentials.ts';
import { ApiError, apiErrorHandler, sendError } from './errors.ts';
import { OPENAPI_DOCUMENT } from './openapi.ts';

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
/** base64 of the largest document plus the JSON around it. */
const DOCUMENT_BODY_LIMIT = Math.ceil((MAX_DOCUMENT_BYTES * 4) / 3) + 64 * 1024;

export type ApiOptions = {
  db: Kysely<DB>;
  changeStatus(input: {
    authorityId: string;
    applicationId: string;
    status: ApplicationStatus;
    actor: 'connector';
    note?: string | null;
    inside?: (trx: Transaction<DB>) => Promise<void>;
  }): Promise<void>;
  messageCitizen(input: {
    authorityId: string;
    applicationId: string;
    body: string;
    attachments?: IncomingFile[];
  }): Promise<void>;
  fitconnectCallback: HandleFitconnectCallback;
  /** Calls per credential and minute (default 120). */
  rateLimitPerMinute?: number;
  now?: () => Date;
};

declare module 'fastify' {
  interface FastifyRequest {
    apiCaller?: ApiCaller;
    rawJson?: string;
  }
}

const APPLICATION_PARAMS = Type.Object({ applicationId: Type.String({ maxLength: 64 }) });
const PUBLIC_STATUSES = [
  'received',
  'processing',
  'action_required',
  'completed',
  'rejected',
] as const;

export const apiRoutes: FastifyPluginAsyncTypebox<ApiOptions> = async (app, options) => {
  const { db } = options;
  const now = options.now ?? (() => new Date());
  const perMinute = options.rateLimitPerMinute ?? 120;

  app.setErrorHandler(apiErrorHandler);
  app.setNotFoundHandler((_request, reply) =>
    sendError(
      reply,
      404,
      'not_found',
      'Diesen Endpunkt gibt es nicht; siehe /api/v1/openapi.json.',
    ),
  );
  // The raw body is kept: callbacks are signed over the exact bytes.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: DOCUMENT_BODY_LIMIT },
    (request, body, done) => {
      const text = body as string;
      request.rawJson = text;
      if (text.trim() === '') return done(null, {});
      try {
        done(null, JSON.parse(text));
      } catch {
        done(new ApiError(400, 'invalid_json', 'Der Rumpf ist kein gültiges JSON.'), undefined);
      }
    },
  );

  app.addHook('onRequest', async (request) => {
    // A browser's cookies must never authorise a call here (and so CSRF cannot reach it).
    // The description is public and reads nobody's data: an admin who follows its link on
    // "API-Zugänge" sends the staff cookie along, and must get the document, not a 400.
    if (request.routeOptions.url?.endsWith('/openapi.json')) return;
    if (request.headers.cookie !== undefined) {
      throw new ApiError(
        400,
        'cookies_not_accepted',
        'Cookies werden hier nicht angenommen; bitte nur den Bearer-Token senden.',
      );
    }
  });

  // Fastify's validator drops unknown fields silently; a typo in a field name must be an
  // error the sender sees, not a call that quietly did less than asked.
  app.addHook('preValidation', async (request) => {
    const properties = (request.routeOptions.schema?.body as { properties?: object } | undefined)
      ?.properties;
    const body = request.body;
    if (properties === undefined || typeof body !== 'object' || body === null) return;
    if (Array.isArray(body)) {
      throw new ApiError(400, 'bad_request', 'Der Rumpf muss ein JSON-Objekt sein.');
    }
    const unknown = Object.keys(body).filter((key) => !(key in properties));
    if (unknown.length > 0) {
      throw new ApiError(
        400,
        'bad_request',
        `Unbekannte Felder: ${unknown.join(', ').slice(0, 200)}`,
      );
    }
  });

  /** Per credential (its id is in the token), else per address. */
  const rateLimit = {
    max: perMinute,
    timeWindow: '1 minute',
    keyGenerator: (request: FastifyRequest) => {
      const token = /^Bearer rn1\.[0-9a-f-]{36}\.([0-9a-f-]{36})\./.exec(
        request.headers.authorization ?? '',
      );
      return token ? `api:${token[1]}` : `api-ip:${request.ip}`;
    },
  };

  async function caller(request: FastifyRequest): Promise<ApiCaller> {
    const header = request.headers.authorization ?? '';
    const match = /^Bearer (\S+)$/.exec(header);
    const found = match ? await authenticate(db, match[1] as string, now()) : undefined;
    if (found === undefined) {
      throw new ApiError(
        401,
        'unauthorized',
        'Zugangsdaten fehlen oder sind ungültig (Authorization: Bearer …).',
      );
    }
    return found;
  }

  const audit = (
    trx: Transaction<DB>,
    who: ApiCaller,
    action: AuditAction,
    applicationId: string,
    ip: string,
  ) =>
    appendAudit(trx, {
      authorityId: who.authorityId,
      verbundId: who.authorityId,
      staffId: null,
      action,
      subject: { type: 'application', id: applicationId },
      ip,
      at: now(),
    });

  /** The application exists for this authority and came through this credential's route. */
  async function ownApplication(who: ApiCaller, applicationId: string) {
    if (!isUuid(applicationId)) throw new NotFoundError('application', applicationId);
    const delivery = await withAuthority(db, who.authorityId, (trx) =>
      deliveryOnRoute(trx, who.routeId, applicationId),
    );
    if (delivery === undefined) {
      // Audited too: a receiving system probing for others' applications should be seen.
      await withAuthority(db, who.authorityId, (trx) =>
        appendAudit(trx, {
          authorityId: who.authorityId,
          verbundId: who.authorityId,
          staffId: null,
          action: 'api.call_refused',
          subject: { type: 'api_credential', id: who.credentialId },
          ip: null,
          at: now(),
        }),
      );
      throw new NotFoundError('application', applicationId);
    }
    return delivery;
  }

  app.get('/openapi.json', { config: { rateLimit } }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=300').send(OPENAPI_DOCUMENT),
  );

  app.post(
    '/applications/:applicationId/status',
    {
      config: { rateLimit },
      schema: {
        params: APPLICATION_PARAMS,
        body: Type.Object(
          {
            status: Type.Union(PUBLIC_STATUSES.map((s) => Type.Literal(s))),
            note: Type.Optional(Type.String({ maxLength: 500 })),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const who = await caller(request);
      const { applicationId } = request.params;
      await ownApplication(who, applicationId);
      await options.changeStatus({
        authorityId: who.authorityId,
        applicationId,
        status: request.body.status,
        actor: 'connector',
        note: request.body.note ?? null,
        inside: (trx) => audit(trx, who, 'api.status_changed', applicationId, request.ip),
      });
      return { ok: true };
    },
  );

  app.post(
    '/applications/:applicationId/messages',
    {
      config: { rateLimit },
      schema: {
        params: APPLICATION_PARAMS,
        body: Type.Object(
          { body: Type.String({ minLength: 1, maxLength: 10_000 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const who = await caller(request);
      const { applicationId } = request.params;
      await ownApplication(who, applicationId);
      await options.messageCitizen({
        authorityId: who.authorityId,
        applicationId,
        body: request.body.body,
      });
      await withAuthority(db, who.authorityId, (trx) =>
        audit(trx, who, 'api.message_posted', applicationId, request.ip),
      );
      return { ok: true };
    },
  );

  app.post(
    '/applications/:applicationId/documents',
    {
      bodyLimit: DOCUMENT_BODY_LIMIT,
      config: { rateLimit },
      schema: {
        params: APPLICATION_PARAMS,
        body: Type.Object(
          {
            fileName: Type.String({ minLength: 5, maxLength: 200, pattern: '\\.[pP][dD][fF]$' }),
            contentBase64: Type.String({ minLength: 4, maxLength: DOCUMENT_BODY_LIMIT }),
            body: Type.String({ minLength: 1, maxLength: 10_000 }),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const who = await caller(request);
      const { applicationId } = request.params;
      const { fileName, contentBase64, body } = request.body;
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(contentBase64) || contentBase64.length % 4 !== 0) {
        throw new ApiError(400, 'invalid_base64', 'contentBase64 ist kein gültiges Base64.');
      }
      const content = Buffer.from(contentBase64, 'base64');
      if (content.byteLength > MAX_DOCUMENT_BYTES) {
        throw new ApiError(413, 'too_large', 'Das Dokument ist größer als 10 MB.');
      }
      if (content.subarray(0, 5).toString('latin1') !== '%PDF-') {
        throw new ApiError(
          422,
          'not_pdf',
          'Das Dokument ist kein PDF (es beginnt nicht mit %PDF-).',
        );
      }
      await ownApplication(who, applicationId);
      await options.messageCitizen({
        authorityId: who.authorityId,
        applicationId,
        body,
        attachments: [{ fileName, content }],
      });
      await withAuthority(db, who.authorityId, (trx) =>
        audit(trx, who, 'api.document_posted', applicationId, request.ip),
      );
      return { ok: true };
    },
  );

  app.post(
    '/applications/:applicationId/receipt',
    {
      config: { rateLimit },
      schema: {
        params: APPLICATION_PARAMS,
        body: Type.Object(
          { reference: Type.String({ minLength: 1, maxLength: 200 }) },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => {
      const who = await caller(request);
      const { applicationId } = request.params;
      const reference = request.body.reference.trim();
      if (reference === '')
        throw new ApiError(400, 'bad_request', 'reference darf nicht leer sein.');
      const delivery = await ownApplication(who, applicationId);
      await withAuthority(db, who.authorityId, async (trx) => {
        const done = await acknowledgeDelivery(trx, delivery.id, reference, now());
        if (!done) {
          throw new ApiError(
            409,
            'already_acknowledged',
            'Der Eingang wurde schon mit einem anderen Zeichen bestätigt.',
          );
        }
        await audit(trx, who, 'api.receipt_acknowledged', applicationId, request.ip);
      });
      // The citizen's timeline: received, once. A file already further on stays where it is.
      await options
        .changeStatus({
          authorityId: who.authorityId,
          applicationId,
          status: 'received',
          actor: 'connector',
          note: `Aktenzeichen der Verwaltung: ${reference}`,
        })
        .catch((error: unknown) => {
          if ((error as Error).name !== 'TransitionNotAllowedError') throw error;
        });
      return { ok: true };
    },
  );

  app.post(
    '/fitconnect/callbacks/:authorityId/:routeId',
    {
      config: { rateLimit },
      schema: {
        params: Type.Object({
          authorityId: Type.String({ maxLength: 64 }),
          routeId: Type.String({ maxLength: 64 }),
        }),
      },
    },
    async (request, reply) => {
      const at = now();
      const header = (name: string) => {
        const value = request.headers[name];
        return typeof value === 'string' ? value : undefined;
      };
      const outcome = await options.fitconnectCallback({
        authorityId: request.params.authorityId,
        routeId: request.params.routeId,
        timestamp: header('callback-timestamp'),
        signature: header('callback-authentication'),
        body: request.rawJson ?? '',
        at,
      });
      if (!outcome.ok) {
        return sendError(
          reply,
          outcome.status,
          outcome.status === 401 ? 'unauthorized' : 'bad_request',
          outcome.message,
        );
      }
      await withAuthority(db, request.params.authorityId, (trx) =>
        appendAudit(trx, {
          authorityId: request.params.authorityId,
          verbundId: request.params.authorityId,
          staffId: null,
          action: 'api.fitconnect_callback',
          subject: { type: 'delivery_route', id: request.params.routeId },
          ip: request.ip,
          at,
        }),
      );
      return { ok: true };
    },
  );
};
