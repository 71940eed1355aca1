// The back office under /verwaltung: its own sign-in (password, then TOTP, set up at the first
// sign-in), its own session cookie, the inbox and the application detail. Every page is
// server-rendered and works without JavaScript; every form carries a CSRF token.
import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { formPage } from '../accounts/views.ts';
import { StaleApplicationError, TransitionNotAllowedError } from '../applications/errors.ts';
import { MAX_REQUEST_LENGTH } from '../applications/processing.ts';
import { staffNextStatuses } from '../applications/status.ts';
import { MAX_NOTE_LENGTH } from '../applications/status-changes.ts';
import { ValidationError } from '../errors.ts';
import { contentDisposition } from '../files/names.ts';
import { html } from '../web/html.ts';
import type { MessageKey } from '../web/i18n.ts';
import { messagePage, pageFrame } from '../web/layout.ts';
import type { Deadlines } from './deadlines/service.ts';
import type { Casework } from './inbox.ts';
import type { Inbox } from './inbox-list.ts';
import { type DetailExtras, inboxRoutes } from './inbox-routes.ts';
import { detailPanels } from './inbox-views.ts';
import type { AuthorityAdmin, BackofficeNotice, BackofficePages } from './pages.ts';
import { type ProcessingForms, registerProcessingRoutes } from './processing/routes.ts';
import { MAX_INTERNAL_NOTE_LENGTH, type Processing } from './processing/service.ts';
import { isVerbundAuditor, type StaffAccounts, type StaffSession } from './staff.ts';
import type { StaffAdmin } from './staff-admin.ts';
import { staffRoutes } from './staff-routes.ts';
import { registerTemplateRoutes } from './templates/routes.ts';
import type { Templates } from './templates/service.ts';
import { type BackofficeFrame, codeForm, detailPage, setupPage } from './views.ts';

declare module 'fastify' {
  interface FastifyRequest {
    staff: StaffSession | undefined;
  }
}

export type BackofficeRoutesOptions = {
  staff: StaffAccounts;
  /** "Mitarbeitende": the authority admins' staff administration. */
  staffAdmin: StaffAdmin;
  casework: Casework;
  processing: Processing;
  templates: Templates;
  inbox: Inbox;
  deadlines: Deadlines;
  verbundName: () => Promise<string>;
  production: boolean;
  /** Pages of other domains (wired in src/app/web.ts), e.g. the deliveries that need staff. */
  pages?: BackofficePages[];
  /** Notices in the staff bar of every signed-in page. */
  notices?: BackofficeNotice[];
};

/** Not the citizens' cookie: a clerk who also has a Bürgerkonto holds both, apart. */
export const staffCookieName = (production: boolean) => (production ? '__Host-staff' : 'staff');

const text = (max = 1024) => Type.Optional(Type.String({ maxLength: max }));
const ID = Type.String({ maxLength: 100 });

export const backofficeRoutes: FastifyPluginAsyncTypebox<BackofficeRoutesOptions> = async (
  app,
  opts,
) => {
  const { staff, production } = opts;
  const { casework } = opts;
  const cookieName = staffCookieName(production);
  const cookieOptions = (expires: Date) => ({
    path: '/',
    httpOnly: true,
    secure: production,
    sameSite: 'strict' as const,
    expires,
  });
  const clearCookie = (reply: FastifyReply) => {
    const { expires: _e, ...options } = cookieOptions(new Date(0));
    reply.clearCookie(cookieName, options);
  };
  const csrf = { preHandler: app.csrfProtection };
  // Sign-in hashes passwords and checks codes: a tighter limit than the site-wide one.
  const strict = { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } };

  app.decorateRequest('staff', undefined);
  app.addHook('preHandler', async (request, reply) => {
    if (!request.url.startsWith('/verwaltung')) return;
    const token = request.cookies[cookieName];
    request.staff = await staff.session(token);
    if (token !== undefined && request.staff === undefined) clearCookie(reply);
    // Other people's data: never in a shared cache, never in the back-forward cache.
    reply.header('cache-control', 'no-store');
  });

  const frame = async (request: FastifyRequest) => pageFrame(request.ctx, await opts.verbundName());
  const staffFrame = async (
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<BackofficeFrame> => {
    const f = await frame(request);
    const s = request.staff as StaffSession;
    const notices = (await Promise.all((opts.notices ?? []).map((notice) => notice(s, f)))).filter(
      (n) => n !== undefined,
    );
    return { ...f, staff: s, csrf: reply.generateCsrf(), notices };
  };

  /** A signed-in (both factors) staff member, or a redirect to the sign-in page. */
  const active = async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.staff?.stage !== 'active') return reply.redirect('/verwaltung/anmelden', 303);
  };
  const pending = async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.staff?.stage !== 'password') return reply.redirect('/verwaltung/anmelden', 303);
  };

  const signInForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    email = '',
    formError?: string,
  ) => {
    const f = await frame(request);
    return formPage(f, {
      title: 'backoffice.signIn.title',
      lead: f.t('backoffice.signIn.lead', { verbund: f.verbundName }),
      action: '/verwaltung/anmelden',
      csrf: reply.generateCsrf(),
      formError,
      fields: [
        {
          name: 'email',
          label: 'accounts.field.email',
          type: 'email',
          autocomplete: 'username',
          value: email,
        },
        {
          name: 'password',
          label: 'accounts.field.password',
          type: 'password',
          autocomplete: 'current-password',
        },
      ],
      submit: 'backoffice.signIn.submit',
    });
  };

  app.get('/verwaltung/anmelden', async (request, reply) => {
    if (request.staff?.stage === 'active') return reply.redirect('/verwaltung', 303);
    return reply.page(await signInForm(request, reply));
  });

  app.post(
    '/verwaltung/anmelden',
    {
      ...csrf,
      ...strict,
      schema: { body: Type.Object({ email: text(), password: text(), _csrf: text(200) }) },
    },
    async (request, reply) => {
      const { email = '', password = '' } = request.body;
      const outcome = await staff.signIn({ email, password, ip: request.ip });
      if (outcome.kind === 'second_factor' || outcome.kind === 'setup') {
        // A fresh id at every sign-in: a session id planted before cannot be taken over.
        reply.setCookie(cookieName, outcome.token, cookieOptions(outcome.expiresAt));
        return reply.redirect(
          outcome.kind === 'setup'
            ? '/verwaltung/anmelden/einrichten'
            : '/verwaltung/anmelden/code',
          303,
        );
      }
      const { t } = request.ctx;
      const [status, message] =
        outcome.kind === 'throttled'
          ? [429, t('backoffice.signIn.throttled', { minutes: outcome.retryAfterMinutes })]
          : [401, t('backoffice.signIn.invalid')];
      return reply.page(await signInForm(request, reply, email, message), status);
    },
  );

  const codeLead = (request: FastifyRequest) =>
    html`<p class="kern-body">${request.ctx.t('backoffice.code.lead')}</p>`;

  app.get('/verwaltung/anmelden/code', { preHandler: pending }, async (request, reply) =>
    reply.page(
      codeForm(
        await frame(request),
        'backoffice.code.title',
        codeLead(request),
        '/verwaltung/anmelden/code',
        reply.generateCsrf(),
      ),
    ),
  );

  app.get('/verwaltung/anmelden/einrichten', { preHandler: pending }, async (request, reply) => {
    const s = request.staff as StaffSession;
    if (s.totpConfirmed) return reply.redirect('/verwaltung/anmelden/code', 303);
    const setup = await staff.startTotpSetup(s);
    return reply.page(setupPage(await frame(request), { ...setup, csrf: reply.generateCsrf() }));
  });

  const codeBody = { body: Type.Object({ code: text(20), _csrf: text(200) }) };
  for (const path of ['/verwaltung/anmelden/code', '/verwaltung/anmelden/einrichten'] as const) {
    app.post(
      path,
      { preHandler: [app.csrfProtection, pending], ...strict, schema: codeBody },
      async (request, reply) => {
        const s = request.staff as StaffSession;
        const outcome = await staff.completeSignIn(s, request.body.code ?? '', request.ip);
        if (outcome.kind === 'ok') {
          reply.setCookie(cookieName, outcome.token, cookieOptions(outcome.expiresAt));
          // Auditors have no inbox: they start where their work is (the Verbund's auditors,
          // members of no authority, at the Verbund's Prüfprotokoll).
          const start =
            s.current?.role === 'auditor'
              ? '/verwaltung/pruefprotokoll'
              : s.current === undefined && isVerbundAuditor(s)
                ? '/verwaltung/verbund/pruefprotokoll'
                : '/verwaltung';
          return reply.redirect(start, 303);
        }
        const { t } = request.ctx;
        const [status, message] =
          outcome.kind === 'throttled'
            ? [429, t('backoffice.signIn.throttled', { minutes: outcome.retryAfterMinutes })]
            : [401, t('backoffice.code.invalid')];
        const f = await frame(request);
        // The setup page keeps its secret: showing a new one would void the app's entry.
        return reply.page(
          codeForm(
            f,
            'backoffice.code.title',
            codeLead(request),
            path,
            reply.generateCsrf(),
            message,
          ),
          status,
        );
      },
    );
  }

  app.post('/verwaltung/abmelden', csrf, async (request, reply) => {
    if (request.staff !== undefined) await staff.signOut(request.staff, request.ip);
    clearCookie(reply);
    return reply.redirect('/verwaltung/anmelden', 303);
  });

  app.post(
    '/verwaltung/behoerde',
    {
      preHandler: [app.csrfProtection, active],
      schema: { body: Type.Object({ authority: text(100), _csrf: text(200) }) },
    },
    async (request, reply) => {
      await staff.switchAuthority(
        request.staff as StaffSession,
        request.body.authority ?? '',
        request.ip,
      );
      return reply.redirect('/verwaltung', 303);
    },
  );

  const invitationPage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    errors: Record<string, MessageKey> = {},
  ) => {
    const f = await frame(request);
    const found = await staff.invitation(token);
    if (found === undefined) {
      return reply.page(
        messagePage(f, f.t('backoffice.invite.invalid.title'), [f.t('backoffice.invite.invalid')]),
        410,
      );
    }
    return reply.page(
      formPage(f, {
        title: 'backoffice.invite.title',
        lead: f.t(found.hasPassword ? 'backoffice.invite.leadExisting' : 'backoffice.invite.lead', {
          email: found.email,
        }),
        action: `/verwaltung/einladung/${token}`,
        csrf: reply.generateCsrf(),
        errors,
        fields: found.hasPassword
          ? []
          : [
              {
                name: 'password',
                label: 'accounts.field.newPassword',
                type: 'password',
                autocomplete: 'new-password',
                hint: 'accounts.field.passwordHint',
              },
            ],
        submit: found.hasPassword ? 'backoffice.invite.confirm' : 'backoffice.invite.submit',
      }),
      Object.keys(errors).length > 0 ? 422 : 200,
    );
  };

  app.get(
    '/verwaltung/einladung/:token',
    { schema: { params: Type.Object({ token: ID }) } },
    (request, reply) => invitationPage(request, reply, request.params.token),
  );

  app.post(
    '/verwaltung/einladung/:token',
    {
      ...csrf,
      ...strict,
      schema: {
        params: Type.Object({ token: ID }),
        body: Type.Object({ password: text(), _csrf: text(200) }),
      },
    },
    async (request, reply) => {
      const { token } = request.params;
      try {
        if (!(await staff.acceptInvitation(token, request.body.password)))
          return invitationPage(request, reply, token);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return invitationPage(request, reply, token, error.fields as Record<string, MessageKey>);
      }
      const f = await frame(request);
      return reply.page(
        messagePage(f, f.t('backoffice.invite.done.title'), [
          f.t('backoffice.invite.done'),
          html`<a class="kern-link" href="/verwaltung/anmelden">${f.t('backoffice.signIn.title')}</a>`,
        ]),
      );
    },
  );

  const showDetail = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    extra: {
      form?: Parameters<typeof detailPage>[1]['form'];
      done?: boolean;
      processing?: ProcessingForms;
      panels?: DetailExtras;
    } = {},
    status = 200,
  ) => {
    const s = request.staff as StaffSession;
    const found = await casework.detail(s, id, request.ip);
    const more = await opts.processing.extras(s, id);
    const { panels: panelExtras, processing: forms, ...rest } = extra;
    // The deadline and assignment panels (inbox-routes.ts) after the read is checked above.
    const panels = await panelsFor(s, id, panelExtras ?? { errors: [] });
    const f = await staffFrame(request, reply);
    return reply.page(
      detailPage(f, {
        ...found,
        next: staffNextStatuses(found.application.status),
        maxNote: MAX_NOTE_LENGTH,
        ...rest,
        processing: {
          ...more,
          maxNote: MAX_NOTE_LENGTH,
          maxRequest: MAX_REQUEST_LENGTH,
          maxInternalNote: MAX_INTERNAL_NOTE_LENGTH,
          ...forms,
        },
        panels: detailPanels(f, panels),
        panelErrors: panels.errors,
      }),
      status,
    );
  };

  const DONE = { notiz: 'note', nachforderung: 'request', bescheid: 'decision' } as const;

  const panelsFor = async (s: StaffSession, id: string, extras: DetailExtras) => {
    const [deadline, assignment] = await Promise.all([
      opts.deadlines.of(s, id),
      opts.inbox.assignmentOf(s, id),
    ]);
    return { applicationId: id, deadline, assignment, ...extras };
  };

  await app.register(inboxRoutes, {
    inbox: opts.inbox,
    deadlines: opts.deadlines,
    staffFrame,
    active,
    showDetail: (request, reply, id, panels, status) =>
      showDetail(request, reply, id, { panels }, status),
  });

  app.get(
    '/verwaltung/antraege/:id',
    {
      preHandler: active,
      schema: {
        params: Type.Object({ id: ID }),
        querystring: Type.Object({
          geaendert: text(2),
          erledigt: text(20),
          zugewiesen: text(2),
          verlaengert: text(2),
        }),
      },
    },
    (request, reply) => {
      const done = DONE[request.query.erledigt as keyof typeof DONE];
      return showDetail(request, reply, request.params.id, {
        done: request.query.geaendert === '1',
        ...(done === undefined ? {} : { processing: { done } }),
        panels: {
          errors: [],
          notice:
            request.query.zugewiesen === '1'
              ? 'inbox.assign.doneOne'
              : request.query.verlaengert === '1'
                ? 'inbox.extend.done'
                : undefined,
        },
      });
    },
  );

  registerProcessingRoutes(app, { processing: opts.processing, active, show: showDetail });
  registerTemplateRoutes(app, { templates: opts.templates, active, staffFrame });

  app.get(
    '/verwaltung/antraege/:id/anhaenge/:attachmentId',
    { preHandler: active, schema: { params: Type.Object({ id: ID, attachmentId: ID }) } },
    async (request, reply) => {
      const file = await casework.attachment(
        request.staff as StaffSession,
        request.params.id,
        request.params.attachmentId,
        request.ip,
      );
      return (
        reply
          .header('content-type', file.mediaType)
          .header('content-disposition', contentDisposition(file.name))
          .header('x-content-type-options', 'nosniff')
          .header('x-scan-status', file.scanStatus)
          // Should a browser render it after all, it runs nothing and loads nothing.
          .header('content-security-policy', "default-src 'none'; sandbox")
          .send(file.content)
      );
    },
  );

  app.post(
    '/verwaltung/antraege/:id/status',
    {
      preHandler: [app.csrfProtection, active],
      schema: {
        params: Type.Object({ id: ID }),
        // Longer than the limit on purpose: an over-long note gets a message, not a bare 400.
        body: Type.Object({
          status: text(40),
          note: text(4000),
          version: text(20),
          template: text(100),
          aktion: text(20),
          _csrf: text(200),
        }),
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { status = '', note = '', version = '', template = '' } = request.body;
      const { t } = request.ctx;
      const again = (field: string, message: string, code: number) =>
        showDetail(
          request,
          reply,
          id,
          { form: { status, note, template, errors: [{ field, message }] } },
          code,
        );
      if (request.body.aktion === 'einfuegen') {
        // No JavaScript needed: the form comes back with the template's text in the note.
        try {
          const filled = await opts.processing.fill(request.staff as StaffSession, id, template, {
            status,
          });
          const text = note.trim() === '' ? filled : `${note.trimEnd()}\n\n${filled}`;
          return showDetail(request, reply, id, {
            form: { status, note: text, template, errors: [] },
          });
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          return again('status-template', t('backoffice.templates.unknown'), 422);
        }
      }
      try {
        await casework.changeStatus(
          request.staff as StaffSession,
          { applicationId: id, status, note, version },
          request.ip,
        );
      } catch (error) {
        if (error instanceof StaleApplicationError) {
          return again(
            'status',
            t('backoffice.change.conflict', { status: t(`backoffice.status.${error.current}`) }),
            409,
          );
        }
        if (error instanceof TransitionNotAllowedError)
          return again('status', t('backoffice.change.notAllowed'), 409);
        if (error instanceof ValidationError) {
          const [field, key] = Object.entries(error.fields)[0] ?? [
            'status',
            'backoffice.change.notAllowed',
          ];
          return again(field, t(key as MessageKey, { max: MAX_NOTE_LENGTH }), 422);
        }
        throw error;
      }
      return reply.redirect(`/verwaltung/antraege/${id}?geaendert=1`, 303);
    },
  );

  await app.register(staffRoutes, { staffAdmin: opts.staffAdmin, staffFrame, active });

  const staffOf = (request: FastifyRequest) => request.staff as StaffSession;
  const authorityAdmin = async (request: FastifyRequest, reply: FastifyReply) => {
    const s = staffOf(request);
    if (s.current?.role === 'authority_admin') return s as AuthorityAdmin;
    const f = await staffFrame(request, reply);
    await reply.page(
      messagePage(f, f.t('backoffice.adminOnly.title'), [f.t('backoffice.adminOnly')]),
      403,
    );
    return undefined;
  };
  for (const pages of opts.pages ?? []) {
    await pages(app, { active, staffFrame, staffOf, authorityAdmin });
  }
};
