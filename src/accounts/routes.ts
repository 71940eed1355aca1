import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../errors.ts';
import { html } from '../web/html.ts';
import { localPath } from '../web/language.ts';
import { pageFrame } from '../web/layout.ts';
import type { Accounts } from './service.ts';
import {
  clearSessionCookie,
  clientOf,
  handOutSession,
  pendingLoginCookieName,
  requireTrustLevel,
  sessionCookieOptions,
} from './session.ts';
import { accountPage, type FieldErrors, formPage, noticePage } from './views.ts';

export type AccountsRoutesOptions = {
  accounts: Accounts;
  verbundName: () => Promise<string>;
  production: boolean;
};

const text = (max = 1024) => Type.Optional(Type.String({ maxLength: max }));
const TOKEN = Type.Object({ token: text(100) });

export const accountsRoutes: FastifyPluginAsyncTypebox<AccountsRoutesOptions> = async (
  app,
  opts,
) => {
  const { accounts, production } = opts;
  const frame = async (request: FastifyRequest) => pageFrame(request.ctx, await opts.verbundName());
  const fieldErrors = (error: ValidationError) => error.fields as FieldErrors;
  const csrf = { preHandler: app.csrfProtection };
  // Sign-in and registration hash passwords: a tighter limit than the site-wide one.
  const strict = { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } };

  const registerForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    email = '',
    errors: FieldErrors = {},
  ) => {
    const f = await frame(request);
    return formPage(f, {
      title: 'accounts.register.title',
      lead: f.t('accounts.register.lead', { verbund: f.verbundName }),
      action: '/konto/registrieren',
      csrf: reply.generateCsrf(),
      errors,
      fields: [
        {
          name: 'email',
          label: 'accounts.field.email',
          type: 'email',
          autocomplete: 'email',
          value: email,
        },
        {
          name: 'password',
          label: 'accounts.field.password',
          type: 'password',
          autocomplete: 'new-password',
          hint: 'accounts.field.passwordHint',
        },
        {
          name: 'passwordRepeat',
          label: 'accounts.field.passwordRepeat',
          type: 'password',
          autocomplete: 'new-password',
        },
        { name: 'consent', label: 'accounts.field.consent', type: 'checkbox' },
      ],
      submit: 'accounts.register.submit',
      after: html`<p class="kern-body"><a class="kern-link" href="/datenschutz">${f.t('accounts.field.consentLink')}</a></p>
<p class="kern-body">${f.t('accounts.register.haveAccount')} <a class="kern-link" href="/konto/anmelden">${f.t('accounts.nav.signIn')}</a></p>`,
    });
  };

  app.get('/konto/registrieren', async (request, reply) =>
    reply.page(await registerForm(request, reply)),
  );

  app.post(
    '/konto/registrieren',
    {
      ...csrf,
      ...strict,
      schema: {
        body: Type.Object({
          email: text(),
          password: text(),
          passwordRepeat: text(),
          consent: text(10),
          _csrf: text(200),
        }),
      },
    },
    async (request, reply) => {
      const body = request.body;
      try {
        await accounts.register({
          email: body.email ?? '',
          password: body.password ?? '',
          passwordRepeat: body.passwordRepeat ?? '',
          consent: body.consent === 'ja',
          language: request.ctx.lang,
        });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return reply.page(
          await registerForm(request, reply, body.email ?? '', fieldErrors(error)),
          422,
        );
      }
      const f = await frame(request);
      return reply.page(
        noticePage(f, 'accounts.register.sentTitle', f.t('accounts.register.sentBody')),
      );
    },
  );

  // Opening the mailed link only shows a button: mail scanners that fetch links must not
  // use up the token; the citizen's own POST does.
  app.get('/konto/bestaetigen', { schema: { querystring: TOKEN } }, async (request, reply) => {
    const f = await frame(request);
    const token = request.query.token ?? '';
    if (!(await accounts.tokenUsable(token, 'verify_email'))) {
      return reply.page(
        noticePage(f, 'accounts.verify.title', f.t('accounts.error.linkInvalid')),
        400,
      );
    }
    return reply.page(
      formPage(f, {
        title: 'accounts.verify.title',
        lead: f.t('accounts.verify.body'),
        action: '/konto/bestaetigen',
        csrf: reply.generateCsrf(),
        hidden: { token },
        fields: [],
        submit: 'accounts.verify.submit',
      }),
    );
  });

  app.post(
    '/konto/bestaetigen',
    { ...csrf, schema: { body: Type.Object({ token: text(100), _csrf: text(200) }) } },
    async (request, reply) => {
      const f = await frame(request);
      try {
        await accounts.verifyEmail(request.body.token ?? '');
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return reply.page(
          noticePage(f, 'accounts.verify.title', f.t('accounts.error.linkInvalid')),
          400,
        );
      }
      return reply.page(
        noticePage(
          f,
          'accounts.verify.doneTitle',
          f.t('accounts.verify.doneBody'),
          html`<p class="kern-body"><a class="kern-link" href="/konto/anmelden">${f.t('accounts.nav.signIn')}</a></p>`,
        ),
      );
    },
  );

  const loginForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    next: string,
    email = '',
    formError?: string,
  ) => {
    const f = await frame(request);
    return formPage(f, {
      title: 'accounts.login.title',
      action: '/konto/anmelden',
      csrf: reply.generateCsrf(),
      hidden: { weiter: next },
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
      submit: 'accounts.login.submit',
      after: html`<p class="kern-body"><a class="kern-link" href="/konto/passwort-vergessen">${f.t('accounts.login.forgot')}</a></p>
<p class="kern-body">${f.t('accounts.login.noAccount')} <a class="kern-link" href="/konto/registrieren">${f.t('accounts.register.title')}</a></p>`,
    });
  };

  app.get(
    '/konto/anmelden',
    { schema: { querystring: Type.Object({ weiter: text(512) }) } },
    async (request, reply) =>
      reply.page(await loginForm(request, reply, localPath(request.query.weiter))),
  );

  app.post(
    '/konto/anmelden',
    {
      ...csrf,
      ...strict,
      schema: {
        body: Type.Object({ email: text(), password: text(), weiter: text(512), _csrf: text(200) }),
      },
    },
    async (request, reply) => {
      const { email = '', password = '' } = request.body;
      const next = localPath(request.body.weiter);
      const outcome = await accounts.login({
        email,
        password,
        ...clientOf(request, production),
        replaces: request.account,
      });
      if (outcome.kind === 'ok') {
        // A fresh id at every sign-in: a session id planted before cannot be taken over, and
        // the session this browser had (another account's, too) ended with the sign-in.
        handOutSession(request, reply, production, outcome);
        return reply.redirect(next === '/' ? '/konto' : next, 303);
      }
      if (outcome.kind === 'second_factor') {
        reply.setCookie(
          pendingLoginCookieName(production),
          outcome.token,
          sessionCookieOptions(production, outcome.expiresAt),
        );
        const query = next === '/' ? '' : `?weiter=${encodeURIComponent(next)}`;
        return reply.redirect(`/konto/anmelden/code${query}`, 303);
      }
      const f = await frame(request);
      const [status, message] =
        outcome.kind === 'throttled'
          ? [429, f.t('accounts.login.throttled', { minutes: outcome.retryAfterMinutes })]
          : outcome.kind === 'unverified'
            ? [403, f.t('accounts.login.unverified')]
            : [401, f.t('accounts.login.invalid')];
      return reply.page(await loginForm(request, reply, next, email, message), status);
    },
  );

  app.post('/konto/abmelden', csrf, async (request, reply) => {
    if (request.account !== undefined) await accounts.logout(request.account);
    clearSessionCookie(reply, production);
    return reply.redirect('/', 303);
  });

  app.post(
    '/konto/ueberall-abmelden',
    { preHandler: [app.csrfProtection, requireTrustLevel('basic')] },
    async (request, reply) => {
      if (request.account !== undefined) await accounts.logoutEverywhere(request.account);
      clearSessionCookie(reply, production);
      return reply.redirect('/', 303);
    },
  );

  app.get('/konto', { preHandler: requireTrustLevel('basic') }, async (request, reply) => {
    const session = request.account;
    if (session === undefined) return reply.redirect('/konto/anmelden', 303);
    const { account, sessions, events } = await accounts.overview(session.accountId);
    if (account === undefined) return reply.redirect('/konto/anmelden', 303);
    return reply.header('cache-control', 'no-store').page(
      accountPage(await frame(request), {
        email: account.email,
        createdAt: account.created_at,
        sessions,
        events,
        csrf: reply.generateCsrf(),
      }),
    );
  });

  const forgotForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    email = '',
    errors: FieldErrors = {},
  ) => {
    const f = await frame(request);
    return formPage(f, {
      title: 'accounts.forgot.title',
      lead: f.t('accounts.forgot.lead'),
      action: '/konto/passwort-vergessen',
      csrf: reply.generateCsrf(),
      errors,
      fields: [
        {
          name: 'email',
          label: 'accounts.field.email',
          type: 'email',
          autocomplete: 'email',
          value: email,
        },
      ],
      submit: 'accounts.forgot.submit',
    });
  };

  app.get('/konto/passwort-vergessen', async (request, reply) =>
    reply.page(await forgotForm(request, reply)),
  );

  app.post(
    '/konto/passwort-vergessen',
    { ...csrf, ...strict, schema: { body: Type.Object({ email: text(), _csrf: text(200) }) } },
    async (request, reply) => {
      try {
        await accounts.requestPasswordReset(request.body.email ?? '');
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return reply.page(
          await forgotForm(request, reply, request.body.email ?? '', fieldErrors(error)),
          422,
        );
      }
      const f = await frame(request);
      return reply.page(noticePage(f, 'accounts.forgot.title', f.t('accounts.forgot.sentBody')));
    },
  );

  const resetForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    errors: FieldErrors = {},
  ) =>
    formPage(await frame(request), {
      title: 'accounts.reset.title',
      action: '/konto/passwort-neu',
      csrf: reply.generateCsrf(),
      hidden: { token },
      errors,
      fields: [
        {
          name: 'password',
          label: 'accounts.field.newPassword',
          type: 'password',
          autocomplete: 'new-password',
          hint: 'accounts.field.passwordHint',
        },
        {
          name: 'passwordRepeat',
          label: 'accounts.field.passwordRepeat',
          type: 'password',
          autocomplete: 'new-password',
        },
      ],
      submit: 'accounts.reset.submit',
    });

  const invalidLink = async (request: FastifyRequest, reply: FastifyReply) => {
    const f = await frame(request);
    return reply.page(
      noticePage(
        f,
        'accounts.reset.title',
        f.t('accounts.error.linkInvalid'),
        html`<p class="kern-body"><a class="kern-link" href="/konto/passwort-vergessen">${f.t('accounts.login.forgot')}</a></p>`,
      ),
      400,
    );
  };

  app.get('/konto/passwort-neu', { schema: { querystring: TOKEN } }, async (request, reply) => {
    const token = request.query.token ?? '';
    if (!(await accounts.tokenUsable(token, 'reset_password'))) return invalidLink(request, reply);
    return reply.page(await resetForm(request, reply, token));
  });

  app.post(
    '/konto/passwort-neu',
    {
      ...csrf,
      ...strict,
      schema: {
        body: Type.Object({
          token: text(100),
          password: text(),
          passwordRepeat: text(),
          _csrf: text(200),
        }),
      },
    },
    async (request, reply) => {
      const token = request.body.token ?? '';
      try {
        await accounts.resetPassword({
          token,
          password: request.body.password ?? '',
          passwordRepeat: request.body.passwordRepeat ?? '',
        });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        if (error.fields.token !== undefined) return invalidLink(request, reply);
        return reply.page(await resetForm(request, reply, token, fieldErrors(error)), 422);
      }
      clearSessionCookie(reply, production);
      const f = await frame(request);
      return reply.page(
        noticePage(
          f,
          'accounts.reset.title',
          f.t('accounts.reset.doneBody'),
          html`<p class="kern-body"><a class="kern-link" href="/konto/anmelden">${f.t('accounts.nav.signIn')}</a></p>`,
        ),
      );
    },
  );

  // The step-up page (/konto/vertrauensniveau) is in two-factor-routes.ts: it offers the code.
};
