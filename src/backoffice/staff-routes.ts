// The routes of "Mitarbeitende" under /verwaltung/mitarbeitende, for the authority's admins:
// the list and invitation, a member's page with role and services, and locking ("Zugang
// sperren", after a confirmation page) and unlocking. Registered inside the back office's
// plugin (routes.ts), so the staff session hook applies; every POST carries a CSRF token and
// answers bad input with the page, a German message and a 4xx. Anyone but an admin, and any
// id outside the admin's authority, gets 404 from the service.
import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../errors.ts';
import type { MessageKey } from '../web/i18n.ts';
import { ADMIN_INVITES, type StaffSession } from './staff.ts';
import type { StaffAdmin } from './staff-admin.ts';
import {
  lockPage,
  type MemberPageView,
  memberHref,
  memberPage,
  STAFF_HREF,
  type StaffPageView,
  staffPage,
} from './staff-views.ts';
import type { BackofficeFrame } from './views.ts';

const text = (max = 1024) => Type.Optional(Type.String({ maxLength: max }));
const PARAMS = Type.Object({ id: Type.String({ maxLength: 100 }) });
const SERVICES = Type.Optional(
  Type.Union([
    Type.String({ maxLength: 100 }),
    Type.Array(Type.String({ maxLength: 100 }), { maxItems: 500 }),
  ]),
);
const NOTICES = {
  geaendert: 'backoffice.staff.changed',
  gesperrt: 'backoffice.staff.lockDone',
  freigegeben: 'backoffice.staff.unlockDone',
} as const satisfies Record<string, MessageKey>;

export type StaffRoutesOptions = {
  staffAdmin: StaffAdmin;
  staffFrame: (request: FastifyRequest, reply: FastifyReply) => Promise<BackofficeFrame>;
  active: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
};

const asList = (value: string | string[] | undefined) =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

export const staffRoutes: FastifyPluginAsyncTypebox<StaffRoutesOptions> = async (app, opts) => {
  const { staffAdmin, staffFrame, active } = opts;
  const staffOf = (request: FastifyRequest) => request.staff as StaffSession;
  const errorsOf = (error: ValidationError, request: FastifyRequest) =>
    Object.entries(error.fields).map(([field, key]) => ({
      field,
      message: request.ctx.t(key as MessageKey),
    }));
  const authorityName = (request: FastifyRequest) => staffOf(request).current?.authorityName ?? '';

  const showList = async (
    request: FastifyRequest,
    reply: FastifyReply,
    extra: Partial<StaffPageView> = {},
    status = 200,
  ) => {
    const found = await staffAdmin.overview(staffOf(request));
    const f = await staffFrame(request, reply);
    return reply.page(
      staffPage(f, { ...found, roles: ADMIN_INVITES, errors: [], ...extra }),
      status,
    );
  };

  const showMember = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    extra: Partial<MemberPageView> & { noticeKey?: MessageKey } = {},
    status = 200,
  ) => {
    const found = await staffAdmin.member(staffOf(request), id);
    const f = await staffFrame(request, reply);
    const { noticeKey, ...rest } = extra;
    return reply.page(
      memberPage(f, {
        ...found,
        roles: ADMIN_INVITES,
        authorityName: authorityName(request),
        errors: [],
        ...(noticeKey ? { notice: f.t(noticeKey, { name: found.member.name }) } : {}),
        ...rest,
      }),
      status,
    );
  };

  app.get(STAFF_HREF, { preHandler: active }, (request, reply) => showList(request, reply));

  app.post(
    STAFF_HREF,
    {
      preHandler: [app.csrfProtection, active],
      schema: {
        body: Type.Object({
          email: text(300),
          displayName: text(300),
          role: text(40),
          services: SERVICES,
          _csrf: text(200),
        }),
      },
    },
    async (request, reply) => {
      const { email = '', displayName = '', role = '' } = request.body;
      const serviceIds = asList(request.body.services);
      try {
        const invited = await staffAdmin.invite(
          staffOf(request),
          { email, role, displayName, serviceIds },
          request.ip,
          request.ctx.lang,
        );
        return showList(request, reply, {
          invited: { email: email.trim(), expiresAt: invited.expiresAt },
        });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return showList(
          request,
          reply,
          { form: { email, displayName, role, serviceIds }, errors: errorsOf(error, request) },
          422,
        );
      }
    },
  );

  app.get(
    `${STAFF_HREF}/:id`,
    {
      preHandler: active,
      schema: { params: PARAMS, querystring: Type.Object({ hinweis: text(20) }) },
    },
    (request, reply) =>
      showMember(request, reply, request.params.id, {
        noticeKey: NOTICES[request.query.hinweis as keyof typeof NOTICES],
      }),
  );

  app.post(
    `${STAFF_HREF}/:id`,
    {
      preHandler: [app.csrfProtection, active],
      schema: {
        params: PARAMS,
        body: Type.Object({ role: text(40), services: SERVICES, _csrf: text(200) }),
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const role = request.body.role ?? '';
      const serviceIds = asList(request.body.services);
      try {
        await staffAdmin.change(staffOf(request), id, { role, serviceIds }, request.ip);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return showMember(
          request,
          reply,
          id,
          { form: { role, serviceIds }, errors: errorsOf(error, request) },
          422,
        );
      }
      return reply.redirect(`${memberHref(id)}?hinweis=geaendert`, 303);
    },
  );

  app.get(
    `${STAFF_HREF}/:id/sperren`,
    { preHandler: active, schema: { params: PARAMS } },
    async (request, reply) => {
      const { member } = await staffAdmin.member(staffOf(request), request.params.id);
      // Oneself: the member page says why not, instead of a question that must be refused.
      if (member.self) return reply.redirect(memberHref(member.id), 303);
      const f = await staffFrame(request, reply);
      return reply.page(lockPage(f, { member, authorityName: authorityName(request) }));
    },
  );

  for (const [path, step, done] of [
    ['sperren', 'deactivate', 'gesperrt'],
    ['freigeben', 'reactivate', 'freigegeben'],
  ] as const) {
    app.post(
      `${STAFF_HREF}/:id/${path}`,
      {
        preHandler: [app.csrfProtection, active],
        schema: { params: PARAMS, body: Type.Object({ _csrf: text(200) }) },
      },
      async (request, reply) => {
        const { id } = request.params;
        try {
          await staffAdmin[step](staffOf(request), id, request.ip);
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          return showMember(request, reply, id, { errors: errorsOf(error, request) }, 422);
        }
        return reply.redirect(`${memberHref(id)}?hinweis=${done}`, 303);
      },
    );
  }
};
