// Signing in with e-mail and password (the second factor follows in two-factor/routes.ts),
// signing out here or everywhere.
import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { html } from '../../web/html.ts';
import { returnPath } from '../../web/return-path.ts';
import { type AccountsRoutesOptions, frameOf, strict, text } from '../route-kit.ts';
import { formPage } from '../views.ts';
import {
  clearSessionCookie,
  clientOf,
  handOutSession,
  pendingLoginCookieName,
  requireTrustLevel,
  sessionCookieOptions,
} from './session.ts';

export const signInRoutes: FastifyPluginAsyncTypebox<AccountsRoutesOptions> = async (app, opts) => {
  const { accounts, production } = opts;
  const frame = frameOf(opts);
  const csrf = { preHandler: app.csrfProtection };

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
<p class="kern-body">${f.t('accounts.login.noAccount')} <a class="kern-link" href="/konto/registrieren">${f.t('accounts.register.title')}</a></p>
${opts.signInOptions ? await opts.signInOptions(f, next) : ''}`,
    });
  };

  app.get(
    '/konto/anmelden',
    { schema: { querystring: Type.Object({ weiter: text(512) }) } },
    async (request, reply) =>
      reply.page(await loginForm(request, reply, returnPath(request.query.weiter))),
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
      const next = returnPath(request.body.weiter);
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

  /**
   * Ends this browser's session (or, `everywhere`, every session of the account), then sends
   * this browser on to the provider it signed in with, if that offers single logout. Other
   * devices' sessions at the provider are the provider's: it offers no way to end them from
   * here (front-channel logout reaches only the browser at hand).
   */
  const signOut =
    (end: (session: NonNullable<FastifyRequest['account']>) => Promise<unknown>) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const session = request.account;
      // Asked before the session ends: which provider it came from goes with it.
      const further = session === undefined ? undefined : await opts.signOutFurther?.(session.hash);
      // Our session ends first, always: nothing the provider does (or fails to) keeps it alive.
      if (session !== undefined) await end(session);
      clearSessionCookie(reply, production);
      if (further !== undefined) return further(request, reply);
      return reply.redirect('/', 303);
    };

  app.post(
    '/konto/abmelden',
    csrf,
    signOut((session) => accounts.logout(session)),
  );

  app.post(
    '/konto/ueberall-abmelden',
    { preHandler: [app.csrfProtection, requireTrustLevel('basic')] },
    signOut((session) => accounts.logoutEverywhere(session)),
  );
};
