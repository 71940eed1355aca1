// "Passwort vergessen": the reset link by e-mail and the new password.
import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ValidationError } from '../../errors.ts';
import { html } from '../../web/html.ts';
import {
  type AccountsRoutesOptions,
  fieldErrors,
  frameOf,
  strict,
  TOKEN,
  text,
} from '../route-kit.ts';
import { type FieldErrors, formPage, noticePage } from '../views.ts';
import { clearSessionCookie } from './session.ts';

export const passwordRoutes: FastifyPluginAsyncTypebox<AccountsRoutesOptions> = async (
  app,
  opts,
) => {
  const { accounts, production } = opts;
  const frame = frameOf(opts);
  const csrf = { preHandler: app.csrfProtection };

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
};
