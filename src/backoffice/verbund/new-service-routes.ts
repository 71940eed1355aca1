// "Online-Dienst einrichten" (/verwaltung/leistungskatalog/leistung/:leikaKey/
// online-dienst-einrichten), reached from a catalogue entry's row without an online service.
// GET shows the form (an entry that has a service by now goes to its settings); POST sets the
// service up and returns to the entry in the catalogue, or answers 422 with what was typed and
// why, or 409 when the entry has its service already (a second submit). Unknown keys are 404.
import { Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ConflictError, ValidationError } from '../../errors.ts';
import type { StaffSession } from '../staff.ts';
import type { NewServiceInput } from './new-service.ts';
import { type ServiceSetupView, serviceSetupPage } from './new-service-views.ts';
import type { VerbundRoutes } from './route-kit.ts';
import { CATALOGUE_HREF, serviceSettingsHref, serviceSetupHref } from './views.ts';

const text = (max: number) => Type.Optional(Type.String({ maxLength: max }));
const PARAMS = Type.Object({ leikaKey: Type.String({ maxLength: 100 }) });

export function serviceSetupPages({
  app,
  kit,
  office,
  verbundAdmin,
  errorsOf,
}: VerbundRoutes): void {
  const href = serviceSetupHref(':leikaKey');

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    s: StaffSession,
    leikaKey: string,
    view: Omit<ServiceSetupView, 'setup'>,
    status = 200,
  ) => {
    const setup = await office.serviceSetup(s, leikaKey);
    const f = await kit.staffFrame(request, reply);
    return reply.page(serviceSetupPage(f, { setup, ...view }), status);
  };

  app.get(href, { preHandler: kit.active, schema: { params: PARAMS } }, async (request, reply) => {
    const s = await verbundAdmin(request, reply);
    if (s === undefined) return reply;
    const setup = await office.serviceSetup(s, request.params.leikaKey);
    // Set up meanwhile: its settings, instead of a form that would be refused.
    if (setup.existing !== undefined)
      return reply.redirect(serviceSettingsHref(setup.existing.id), 303);
    return reply.page(
      serviceSetupPage(await kit.staffFrame(request, reply), { setup, errors: [] }),
    );
  });

  app.post(
    href,
    {
      preHandler: [app.csrfProtection, kit.active],
      schema: {
        params: PARAMS,
        body: Type.Object({
          title: text(1000),
          level: text(40),
          trustLevel: text(40),
          anonymous: text(10),
          description: text(10_000),
          fees: text(5000),
          retentionMonths: text(20),
          formId: text(200),
          _csrf: text(200),
        }),
      },
    },
    async (request, reply) => {
      const s = await verbundAdmin(request, reply);
      if (s === undefined) return reply;
      const { leikaKey } = request.params;
      const b = request.body;
      const values: NewServiceInput = {
        title: b.title ?? '',
        level: b.level ?? '',
        trustLevel: b.trustLevel ?? '',
        anonymous: b.anonymous === 'ja',
        description: b.description ?? '',
        fees: b.fees ?? '',
        retentionMonths: b.retentionMonths ?? '',
        formId: b.formId ?? '',
      };
      try {
        await office.createOnlineService(s, leikaKey, values, request.ip);
      } catch (error) {
        if (error instanceof ValidationError)
          return show(
            request,
            reply,
            s,
            leikaKey,
            { values, errors: errorsOf(error, request) },
            422,
          );
        if (error instanceof ConflictError) {
          const { existing } = await office.serviceSetup(s, leikaKey);
          return show(
            request,
            reply,
            s,
            leikaKey,
            { errors: [], ...(existing && { exists: existing }) },
            409,
          );
        }
        throw error;
      }
      return reply.redirect(`${CATALOGUE_HREF}?q=${leikaKey}&hinweis=eingerichtet`, 303);
    },
  );
}
