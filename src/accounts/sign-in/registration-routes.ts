// Registering a Bürgerkonto and confirming its e-mail address.
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

export const registrationRoutes: FastifyPluginAsyncTypebox<AccountsRoutesOptions> = async (
  app,
  opts,
) => {
  const { accounts } = opts;
  const frame = frameOf(opts);
  const csrf = { preHandler: app.csrfProtection };

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
};
