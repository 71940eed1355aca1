// The inbox's own routes under /verwaltung: saved filters, assignment (one application or many
// at once), the deadline's extension and the settings of processing periods. Registered inside
// the back office's plugin (routes.ts), so the staff session hook and cookie apply; every POST
// carries a CSRF token and answers bad input with the page, a German message and a 4xx.
import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { html } from '../web/html.ts';
import type { MessageKey } from '../web/i18n.ts';
import { type Deadlines, ExtensionRefusedError } from './deadlines/service.ts';
import { processes } from './inbox.ts';
import { filterQuery, parseFilter, type RawInboxFilter } from './inbox-filter.ts';
import type { Inbox } from './inbox-list.ts';
import { type FieldError, type InboxPageView, inboxPage, periodsPage } from './inbox-views.ts';
import type { StaffSession } from './staff.ts';
import { type BackofficeFrame, staffLayout } from './views.ts';

const text = (max = 1024) => Type.Optional(Type.String({ maxLength: max }));
const ID = Type.String({ maxLength: 100 });

/** The inbox's query string: the filter, the page cursor and what the last action did. */
export const INBOX_QUERY = Type.Object({
  status: text(40),
  leistung: text(100),
  von: text(20),
  bis: text(20),
  zugewiesen: text(20),
  frist: text(20),
  aktenzeichen: text(40),
  // Longer than the limit on purpose: an over-long name gets a message, not a bare 400.
  name: text(400),
  sortierung: text(20),
  nach: text(300),
  hinweis: text(40),
  anzahl: text(10),
});

export type DetailExtras = {
  errors: FieldError[];
  notice?: MessageKey;
  extendForm?: { days: string; reason: string };
};

export type InboxRoutesOptions = {
  inbox: Inbox;
  deadlines: Deadlines;
  staffFrame: (request: FastifyRequest, reply: FastifyReply) => Promise<BackofficeFrame>;
  active: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
  /** The application's page (routes.ts) with the panels' errors and a status code. */
  showDetail: (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    extras: DetailExtras,
    status: number,
  ) => Promise<FastifyReply>;
};

const fieldErrors = (error: ValidationError, t: (k: MessageKey) => string): FieldError[] =>
  Object.entries(error.fields).map(([field, key]) => ({ field, message: t(key as MessageKey) }));

export const inboxRoutes: FastifyPluginAsyncTypebox<InboxRoutesOptions> = async (app, opts) => {
  const { inbox, deadlines, staffFrame, active } = opts;
  const staffOf = (request: FastifyRequest) => request.staff as StaffSession;

  /** The inbox page for this filter, with what the last action said or why it was refused. */
  async function showInbox(
    request: FastifyRequest,
    reply: FastifyReply,
    raw: RawInboxFilter,
    extra: Partial<Pick<InboxPageView, 'errors' | 'assignForm' | 'notice'>> = {},
    status = 200,
  ) {
    const { t } = request.ctx;
    const view = await inbox.list(staffOf(request), raw, request.ip);
    const filterErrors = Object.entries(view.errors).map(([field, key]) => ({
      field,
      message: t(key as MessageKey),
    }));
    const errors = [...filterErrors, ...(extra.errors ?? [])];
    const f = await staffFrame(request, reply);
    return reply.page(
      inboxPage(f, { ...view, ...extra, errors }),
      status !== 200 ? status : filterErrors.length > 0 ? 400 : 200,
    );
  }

  const notices: Record<string, (n: number) => string> = {
    'filter-gespeichert': () => 'inbox.saved.done',
    'filter-geloescht': () => 'inbox.saved.deleted',
    zugewiesen: (n) => (n === 1 ? 'inbox.assign.doneOne' : 'inbox.assign.done'),
  };

  app.get(
    '/verwaltung',
    { preHandler: active, schema: { querystring: INBOX_QUERY } },
    async (request, reply) => {
      const s = staffOf(request);
      const { t } = request.ctx;
      if (s.current === undefined || !processes(s.current.role)) {
        const f = await staffFrame(request, reply);
        // With the staff bar: it leads to what this role does (and to signing out).
        const message = (title: string, text: string) =>
          staffLayout(
            f,
            title,
            html`<h1 class="kern-heading-large">${title}</h1><p class="kern-body">${text}</p>`,
          );
        if (s.current === undefined) {
          return reply.page(
            message(t('backoffice.noAuthority.title'), t('backoffice.noAuthority')),
          );
        }
        const role = t(`backoffice.role.${s.current.role}`);
        return reply.page(
          message(t('backoffice.noCasework.title'), t('backoffice.noCasework', { role })),
        );
      }
      const { hinweis, anzahl, ...raw } = request.query;
      const n = Number(anzahl ?? '1');
      const key = hinweis === undefined ? undefined : notices[hinweis]?.(n);
      const notice = key === undefined ? undefined : t(key as MessageKey, { n });
      return showInbox(request, reply, raw, { notice });
    },
  );

  app.post(
    '/verwaltung/filter',
    {
      preHandler: [app.csrfProtection, active],
      schema: {
        querystring: INBOX_QUERY,
        body: Type.Object({ filterName: text(400), _csrf: text(200) }),
      },
    },
    async (request, reply) => {
      const { filter } = parseFilter(request.query);
      try {
        await inbox.saveFilter(staffOf(request), {
          name: request.body.filterName ?? '',
          filter,
        });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const errors = fieldErrors(error, request.ctx.t);
        return showInbox(request, reply, request.query, { errors }, 422);
      }
      return reply.redirect(
        `/verwaltung?${filterQuery(filter, { hinweis: 'filter-gespeichert' })}`,
        303,
      );
    },
  );

  app.post(
    '/verwaltung/filter/:id/loeschen',
    {
      preHandler: [app.csrfProtection, active],
      schema: { params: Type.Object({ id: ID }), body: Type.Object({ _csrf: text(200) }) },
    },
    async (request, reply) => {
      await inbox.deleteFilter(staffOf(request), request.params.id);
      return reply.redirect('/verwaltung?hinweis=filter-geloescht', 303);
    },
  );

  const assignBody = Type.Object({
    antrag: Type.Optional(
      Type.Union([
        Type.String({ maxLength: 100 }),
        Type.Array(Type.String({ maxLength: 100 }), { maxItems: 500 }),
      ]),
    ),
    assignee: text(100),
    reason: text(4000),
    _csrf: text(200),
  });

  app.post(
    '/verwaltung/zuweisen',
    {
      preHandler: [app.csrfProtection, active],
      schema: { querystring: INBOX_QUERY, body: assignBody },
    },
    async (request, reply) => {
      const { t } = request.ctx;
      const { antrag, assignee = '', reason = '' } = request.body;
      const ids = antrag === undefined ? [] : Array.isArray(antrag) ? antrag : [antrag];
      const again = (errors: FieldError[], status: number) =>
        showInbox(
          request,
          reply,
          request.query,
          { errors, assignForm: { chosen: ids, assignee, reason } },
          status,
        );
      let n: number;
      try {
        n = await inbox.assign(
          staffOf(request),
          { applicationIds: ids, assignee, reason },
          request.ip,
        );
      } catch (error) {
        if (error instanceof ValidationError) return again(fieldErrors(error, t), 422);
        if (error instanceof ForbiddenError) {
          return again([{ field: 'assignee', message: t('inbox.assign.forbidden') }], 403);
        }
        if (error instanceof NotFoundError) {
          return again([{ field: 'antrag', message: t('inbox.assign.noneChosen') }], 404);
        }
        throw error;
      }
      const { filter } = parseFilter(request.query);
      return reply.redirect(
        `/verwaltung?${filterQuery(filter, { hinweis: 'zugewiesen', anzahl: String(n) })}`,
        303,
      );
    },
  );

  app.post(
    '/verwaltung/antraege/:id/zuweisung',
    {
      preHandler: [app.csrfProtection, active],
      schema: {
        params: Type.Object({ id: ID }),
        body: Type.Object({ assignee: text(100), reason: text(4000), _csrf: text(200) }),
      },
    },
    async (request, reply) => {
      const { t } = request.ctx;
      const { id } = request.params;
      const { assignee = '', reason = '' } = request.body;
      try {
        await inbox.assign(
          staffOf(request),
          { applicationIds: [id], assignee, reason },
          request.ip,
        );
      } catch (error) {
        if (error instanceof ValidationError) {
          return opts.showDetail(request, reply, id, { errors: fieldErrors(error, t) }, 422);
        }
        if (error instanceof ForbiddenError) {
          const errors = [{ field: 'assignee', message: t('inbox.assign.forbidden') }];
          return opts.showDetail(request, reply, id, { errors }, 403);
        }
        throw error;
      }
      return reply.redirect(`/verwaltung/antraege/${id}?zugewiesen=1`, 303);
    },
  );

  app.post(
    '/verwaltung/antraege/:id/frist',
    {
      preHandler: [app.csrfProtection, active],
      schema: {
        params: Type.Object({ id: ID }),
        body: Type.Object({ days: text(20), extensionReason: text(4000), _csrf: text(200) }),
      },
    },
    async (request, reply) => {
      const { t } = request.ctx;
      const { id } = request.params;
      const { days = '', extensionReason = '' } = request.body;
      const extendForm = { days, reason: extensionReason };
      try {
        await deadlines.extend(
          staffOf(request),
          { applicationId: id, days, reason: extensionReason },
          request.ip,
        );
      } catch (error) {
        if (error instanceof ValidationError) {
          const errors = fieldErrors(error, t).map((e) =>
            e.field === 'reason' ? { ...e, field: 'extensionReason' } : e,
          );
          return opts.showDetail(request, reply, id, { errors, extendForm }, 422);
        }
        if (error instanceof ExtensionRefusedError) {
          const message = t(
            error.reason === 'already' ? 'inbox.extend.already' : 'inbox.extend.notOpen',
          );
          return opts.showDetail(
            request,
            reply,
            id,
            { errors: [{ field: 'days', message }], extendForm },
            409,
          );
        }
        throw error;
      }
      return reply.redirect(`/verwaltung/antraege/${id}?verlaengert=1`, 303);
    },
  );

  const showPeriods = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: {
      errors?: FieldError[];
      form?: {
        serviceId: string;
        workingDays: string;
        deemedApprovalDays: string;
        deemedApprovalUnit?: string;
      };
      saved?: boolean;
    } = {},
    status = 200,
  ) => {
    const services = await deadlines.periods(staffOf(request));
    const f = await staffFrame(request, reply);
    return reply.page(
      periodsPage(f, {
        services,
        errors: extra.errors ?? [],
        form: extra.form,
        saved: extra.saved,
      }),
      status,
    );
  };

  app.get(
    '/verwaltung/fristen',
    { preHandler: active, schema: { querystring: Type.Object({ gespeichert: text(2) }) } },
    (request, reply) => showPeriods(request, reply, { saved: request.query.gespeichert === '1' }),
  );

  app.post(
    '/verwaltung/fristen',
    {
      preHandler: [app.csrfProtection, active],
      schema: {
        body: Type.Object({
          service: text(100),
          workingDays: text(20),
          deemedApprovalDays: text(20),
          deemedApprovalUnit: text(20),
          _csrf: text(200),
        }),
      },
    },
    async (request, reply) => {
      const {
        service = '',
        workingDays = '',
        deemedApprovalDays = '',
        deemedApprovalUnit,
      } = request.body;
      try {
        await deadlines.savePeriod(
          staffOf(request),
          { serviceId: service, workingDays, deemedApprovalDays, deemedApprovalUnit },
          request.ip,
        );
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return showPeriods(
          request,
          reply,
          {
            errors: fieldErrors(error, request.ctx.t),
            form: { serviceId: service, workingDays, deemedApprovalDays, deemedApprovalUnit },
          },
          422,
        );
      }
      return reply.redirect('/verwaltung/fristen?gespeichert=1', 303);
    },
  );
};
