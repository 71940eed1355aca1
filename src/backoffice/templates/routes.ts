// The "Textbausteine" page under /verwaltung/textbausteine, for the authority's admins only.
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import { ValidationError } from '../../errors.ts';
import type { MessageKey } from '../../web/i18n.ts';
import type { StaffSession } from '../staff.ts';
import type { BackofficeFrame } from '../views.ts';
import type { TemplateInput, Templates } from './service.ts';
import { type TemplatesView, templatesPage } from './views.ts';

type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyInstance['log'],
  TypeBoxTypeProvider
>;

const text = (max = 1024) => Type.Optional(Type.String({ maxLength: max }));
const ID = Type.String({ maxLength: 100 });
// Longer than the limits: over-long input gets a message, not a bare 400.
const BODY = Type.Object({
  title: text(1000),
  body: text(10_000),
  service: text(100),
  status: text(40),
  _csrf: text(200),
});
const DONE = { gespeichert: 'saved', geloescht: 'deleted' } as const;

export function registerTemplateRoutes(
  app: App,
  deps: {
    templates: Templates;
    active: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
    staffFrame: (request: FastifyRequest, reply: FastifyReply) => Promise<BackofficeFrame>;
  },
) {
  const { templates, active, staffFrame } = deps;
  const staffOf = (request: FastifyRequest) => request.staff as StaffSession;

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Pick<TemplatesView, 'form' | 'done'> = {},
    status = 200,
  ) => {
    const found = await templates.overview(staffOf(request));
    return reply.page(
      templatesPage(await staffFrame(request, reply), { ...found, ...extra }),
      status,
    );
  };

  app.get(
    '/verwaltung/textbausteine',
    { preHandler: active, schema: { querystring: Type.Object({ erledigt: text(20) }) } },
    (request, reply) =>
      show(request, reply, { done: DONE[request.query.erledigt as keyof typeof DONE] }),
  );

  const save = async (request: FastifyRequest, reply: FastifyReply, id: string | undefined) => {
    const body = request.body as Partial<TemplateInput>;
    const input: TemplateInput = {
      title: body.title ?? '',
      body: body.body ?? '',
      service: body.service ?? '',
      status: body.status ?? '',
    };
    try {
      await templates.save(staffOf(request), id, input);
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      const prefix = id === undefined ? 'new' : `t-${id}`;
      const errors = Object.entries(error.fields).map(([field, key]) => ({
        field: `${prefix}-${field}`,
        message: request.ctx.t(key as MessageKey),
      }));
      return show(request, reply, { form: { id: id ?? 'new', input, errors } }, 422);
    }
    return reply.redirect('/verwaltung/textbausteine?erledigt=gespeichert', 303);
  };

  app.post(
    '/verwaltung/textbausteine',
    { preHandler: [app.csrfProtection, active], schema: { body: BODY } },
    (request, reply) => save(request, reply, undefined),
  );

  app.post(
    '/verwaltung/textbausteine/:id',
    {
      preHandler: [app.csrfProtection, active],
      schema: { params: Type.Object({ id: ID }), body: BODY },
    },
    (request, reply) => save(request, reply, request.params.id),
  );

  app.post(
    '/verwaltung/textbausteine/:id/loeschen',
    {
      preHandler: [app.csrfProtection, active],
      schema: { params: Type.Object({ id: ID }), body: Type.Object({ _csrf: text(200) }) },
    },
    async (request, reply) => {
      await templates.remove(staffOf(request), request.params.id);
      return reply.redirect('/verwaltung/textbausteine?erledigt=geloescht', 303);
    },
  );
}
