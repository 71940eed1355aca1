// The processing forms of an application's detail page: internal notes, asking for
// information (with a template inserted on "Einfügen", no JavaScript needed), the decision
// upload, and the downloads (receipt, Postfach files). Each refusal shows the detail page
// again with the clerk's input and a German message, with a 4xx and nothing changed.
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type {
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import {
  NoPostfachError,
  StaleApplicationError,
  TransitionNotAllowedError,
} from '../../applications/errors.ts';
import { MAX_REQUEST_LENGTH } from '../../applications/processing.ts';
import { MAX_NOTE_LENGTH } from '../../applications/status-changes.ts';
import { ValidationError } from '../../errors.ts';
import { contentDisposition } from '../../files/names.ts';
import type { MessageKey, Translate } from '../../web/i18n.ts';
import type { StaffSession } from '../staff.ts';
import { readDecisionForm } from './decision-upload.ts';
import { MAX_INTERNAL_NOTE_LENGTH, type Processing } from './service.ts';
import type { FieldError, ProcessingView } from './views.ts';

type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyInstance['log'],
  TypeBoxTypeProvider
>;

export type ProcessingForms = Pick<
  ProcessingView,
  'noteForm' | 'requestForm' | 'decisionForm' | 'done'
>;

/** Shows the detail page (routes.ts) with a form's state; the status says how it went. */
export type ShowDetail = (
  request: FastifyRequest,
  reply: FastifyReply,
  id: string,
  extra: { processing?: ProcessingForms },
  status?: number,
) => Promise<FastifyReply>;

const text = (max = 1024) => Type.Optional(Type.String({ maxLength: max }));
const ID = Type.String({ maxLength: 100 });

/** The field a refusal belongs to (the service's name) as the form's element id. */
function fieldErrors(
  t: Translate,
  fields: Record<string, string>,
  ids: Record<string, string>,
  max: Record<string, number>,
): FieldError[] {
  return Object.entries(fields).map(([field, key]) => ({
    field: ids[field] ?? field,
    message: t(key as MessageKey, { max: max[field] ?? 0 }),
  }));
}

/** A refusal of the application's state: stale, outside the graph, or no Postfach. */
function stateError(t: Translate, error: unknown): string | undefined {
  if (error instanceof StaleApplicationError) {
    return t('backoffice.change.conflict', { status: t(`backoffice.status.${error.current}`) });
  }
  if (error instanceof TransitionNotAllowedError) return t('backoffice.change.notAllowed');
  if (error instanceof NoPostfachError) return t('backoffice.request.noPostfach');
  return undefined;
}

export function registerProcessingRoutes(
  app: App,
  deps: {
    processing: Processing;
    active: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
    show: ShowDetail;
  },
) {
  const { processing, active, show } = deps;
  const staffOf = (request: FastifyRequest) => request.staff as StaffSession;

  app.post(
    '/verwaltung/antraege/:id/notizen',
    {
      preHandler: [app.csrfProtection, active],
      schema: {
        params: Type.Object({ id: ID }),
        // Longer than the limit: an over-long note gets a message, not a bare 400.
        body: Type.Object({ noteBody: text(MAX_INTERNAL_NOTE_LENGTH * 4), _csrf: text(200) }),
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const body = request.body.noteBody ?? '';
      try {
        await processing.addNote(staffOf(request), id, body, request.ip);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const errors = fieldErrors(
          request.ctx.t,
          error.fields,
          {},
          {
            noteBody: MAX_INTERNAL_NOTE_LENGTH,
          },
        );
        return show(request, reply, id, { processing: { noteForm: { body, errors } } }, 422);
      }
      return reply.redirect(`/verwaltung/antraege/${id}?erledigt=notiz#notes-heading`, 303);
    },
  );

  app.post(
    '/verwaltung/antraege/:id/nachforderung',
    {
      preHandler: [app.csrfProtection, active],
      schema: {
        params: Type.Object({ id: ID }),
        body: Type.Object({
          message: text(MAX_REQUEST_LENGTH * 4),
          dueOn: text(40),
          template: text(100),
          aktion: text(20),
          version: text(20),
          _csrf: text(200),
        }),
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { message = '', dueOn = '', template = '', aktion = '', version = '' } = request.body;
      const { t } = request.ctx;
      const again = (errors: FieldError[], status: number, text = message) =>
        show(
          request,
          reply,
          id,
          { processing: { requestForm: { message: text, dueOn, template, errors } } },
          status,
        );
      if (aktion === 'einfuegen') {
        try {
          const filled = await processing.fill(staffOf(request), id, template, {
            dueOn,
            status: 'action_required',
          });
          // The template goes where the cursor would be: after what was typed already.
          return again(
            [],
            200,
            message.trim() === '' ? filled : `${message.trimEnd()}\n\n${filled}`,
          );
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          return again(fieldErrors(t, error.fields, { template: 'request-template' }, {}), 422);
        }
      }
      try {
        await processing.requestInformation(
          staffOf(request),
          { applicationId: id, message, dueOn, version },
          request.ip,
        );
      } catch (error) {
        const state = stateError(t, error);
        if (state !== undefined) return again([{ field: 'message', message: state }], 409);
        if (!(error instanceof ValidationError)) throw error;
        return again(fieldErrors(t, error.fields, {}, { message: MAX_REQUEST_LENGTH }), 422);
      }
      return reply.redirect(`/verwaltung/antraege/${id}?erledigt=nachforderung`, 303);
    },
  );

  app.post(
    '/verwaltung/antraege/:id/bescheid',
    {
      // Signed in first (no upload is read for strangers), then the form, then its token.
      preHandler: [active, readDecisionForm, app.csrfProtection],
      schema: { params: Type.Object({ id: ID }) },
    },
    async (request, reply) => {
      const { id } = request.params;
      const form = request.decisionForm ?? {
        outcome: '',
        note: '',
        version: '',
        truncated: false,
        overLimit: false,
      };
      const { t } = request.ctx;
      const again = (errors: FieldError[], status: number) =>
        show(
          request,
          reply,
          id,
          { processing: { decisionForm: { outcome: form.outcome, note: form.note, errors } } },
          status,
        );
      if (form.overLimit) {
        return again([{ field: 'decision', message: t('backoffice.decision.missing') }], 422);
      }
      try {
        await processing.decide(
          staffOf(request),
          {
            applicationId: id,
            outcome: form.outcome,
            note: form.note,
            version: form.version,
            file: form.file,
            truncated: form.truncated,
          },
          request.ip,
        );
      } catch (error) {
        const state = stateError(t, error);
        if (state !== undefined) return again([{ field: 'decision', message: state }], 409);
        if (!(error instanceof ValidationError)) throw error;
        const errors = fieldErrors(
          t,
          error.fields,
          { note: 'decision-note' },
          { note: MAX_NOTE_LENGTH },
        );
        const tooLarge = error.fields.decision === 'backoffice.decision.tooLarge';
        const unavailable = error.fields.decision === 'backoffice.decision.scannerUnavailable';
        return again(errors, tooLarge ? 413 : unavailable ? 503 : 422);
      }
      return reply.redirect(`/verwaltung/antraege/${id}?erledigt=bescheid`, 303);
    },
  );

  app.get(
    '/verwaltung/antraege/:id/eingangsbestaetigung',
    { preHandler: active, schema: { params: Type.Object({ id: ID }) } },
    async (request, reply) => {
      const { reference, pdf } = await processing.receipt(
        staffOf(request),
        request.params.id,
        request.ip,
      );
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', contentDisposition(`Eingangsbestaetigung-${reference}.pdf`))
        .header('x-content-type-options', 'nosniff')
        .send(pdf);
    },
  );

  app.get(
    '/verwaltung/antraege/:id/postfach/:fileId',
    { preHandler: active, schema: { params: Type.Object({ id: ID, fileId: ID }) } },
    async (request, reply) => {
      const file = await processing.threadFile(
        staffOf(request),
        request.params.id,
        request.params.fileId,
        request.ip,
      );
      const content = Buffer.from(
        file.content.buffer,
        file.content.byteOffset,
        file.content.byteLength,
      );
      return (
        reply
          .header('content-type', file.mediaType)
          .header('content-disposition', contentDisposition(file.name))
          .header('x-content-type-options', 'nosniff')
          .header('x-scan-status', file.scanStatus)
          // Should a browser render it after all, it runs nothing and loads nothing.
          .header('content-security-policy', "default-src 'none'; sandbox")
          .send(content)
      );
    },
  );
}
