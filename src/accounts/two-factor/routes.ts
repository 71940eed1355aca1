import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { html } from '../../web/html.ts';
import { type PageFrame, pageFrame } from '../../web/layout.ts';
import { returnPath } from '../../web/return-path.ts';
import type { AccountsRoutesOptions } from '../routes.ts';
import { trustReaches } from '../sign-in/service.ts';
import {
  clientOf,
  handOutSession,
  pendingLoginCookieName,
  requireTrustLevel,
} from '../sign-in/session.ts';
import { noticePage } from '../views.ts';
import type { CodeOutcome } from './service.ts';
import { codePage, qrSvg, recoveryCodesPage, setupPage, statusPage } from './views.ts';

const text = (max = 1024) => Type.Optional(Type.String({ maxLength: max }));

/** Two-factor sign-in: setup and removal, the code page after the password, and step-up. */
export const twoFactorRoutes: FastifyPluginAsyncTypebox<AccountsRoutesOptions> = async (
  app,
  opts,
) => {
  const { accounts, production } = opts;
  const { twoFactor } = accounts;
  const pendingCookie = pendingLoginCookieName(production);
  // A __Host- cookie is only replaced or removed by a Set-Cookie with the same attributes.
  const clearPending = (reply: FastifyReply) =>
    reply.clearCookie(pendingCookie, {
      path: '/',
      httpOnly: true,
      secure: production,
      sameSite: 'lax',
    });
  const frame = async (request: FastifyRequest) => pageFrame(request.ctx, await opts.verbundName());
  const signedIn = requireTrustLevel('basic');
  // Each code check may hash a password or touch the throttle: a tighter limit, as at sign-in.
  const strict = { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } };
  const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

  /** The message for a refused code, and the status that goes with it. */
  const refusal = (f: PageFrame, outcome: CodeOutcome) =>
    outcome.kind === 'throttled'
      ? ([429, f.t('accounts.login.throttled', { minutes: outcome.retryAfterMinutes })] as const)
      : outcome.kind === 'replayed'
        ? ([401, f.t('accounts.twoFactor.error.codeReplayed')] as const)
        : ([401, f.t('accounts.twoFactor.error.codeWrong')] as const);

  // --- managing the second factor (signed in) ---

  app.get('/konto/zwei-faktor', { preHandler: signedIn }, async (request, reply) => {
    const session = request.account;
    if (session === undefined) return reply.redirect('/konto/anmelden', 303);
    const status = await twoFactor.status(session.accountId);
    return noStore(reply).page(
      statusPage(await frame(request), { status, csrf: reply.generateCsrf() }),
    );
  });

  app.post(
    '/konto/zwei-faktor/einrichten',
    { preHandler: [app.csrfProtection, signedIn] },
    async (request, reply) => {
      if (request.account !== undefined) await twoFactor.startSetup(request.account);
      // Already on: nothing changed, the status page says so.
      return reply.redirect('/konto/zwei-faktor/einrichten', 303);
    },
  );

  const setupForm = async (request: FastifyRequest, reply: FastifyReply, error?: string) => {
    const session = request.account;
    const pending = session && (await twoFactor.pendingSetup(session));
    if (pending === undefined) return undefined;
    const f = await frame(request);
    const qr = await qrSvg(pending.uri, f.t('accounts.twoFactor.setup.qrLabel'));
    return setupPage(f, { qr, secret: pending.secret, csrf: reply.generateCsrf(), error });
  };

  app.get('/konto/zwei-faktor/einrichten', { preHandler: signedIn }, async (request, reply) => {
    const page = await setupForm(request, reply);
    if (page === undefined) return reply.redirect('/konto/zwei-faktor', 303);
    return noStore(reply).page(page);
  });

  app.post(
    '/konto/zwei-faktor/bestaetigen',
    {
      preHandler: [app.csrfProtection, signedIn],
      schema: { body: Type.Object({ code: text(64), _csrf: text(200) }) },
    },
    async (request, reply) => {
      const session = request.account;
      if (session === undefined) return reply.redirect('/konto/anmelden', 303);
      const codes = await twoFactor.confirmSetup(session, request.body.code ?? '');
      if (codes !== undefined) {
        // The only time the recovery codes exist in clear text: never cached, never again.
        return noStore(reply).page(recoveryCodesPage(await frame(request), codes));
      }
      const f = await frame(request);
      const page = await setupForm(request, reply, f.t('accounts.twoFactor.error.codeWrong'));
      if (page === undefined) return reply.redirect('/konto/zwei-faktor', 303);
      return noStore(reply).page(page, 422);
    },
  );

  const statusWithError = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: 'renew' | 'disable',
    message: string,
    status: number,
  ) => {
    const accountId = request.account?.accountId ?? '';
    return noStore(reply).page(
      statusPage(await frame(request), {
        status: await twoFactor.status(accountId),
        csrf: reply.generateCsrf(),
        error: { form, message },
      }),
      status,
    );
  };

  app.post(
    '/konto/zwei-faktor/neue-codes',
    {
      preHandler: [app.csrfProtection, signedIn],
      ...strict,
      schema: { body: Type.Object({ 'renew-code': text(64), _csrf: text(200) }) },
    },
    async (request, reply) => {
      const session = request.account;
      if (session === undefined) return reply.redirect('/konto/anmelden', 303);
      const outcome = await twoFactor.renewRecoveryCodes(
        session,
        request.body['renew-code'] ?? '',
        clientOf(request, production),
      );
      if (outcome.kind === 'ok')
        return noStore(reply).page(recoveryCodesPage(await frame(request), outcome.codes));
      if (outcome.kind === 'unavailable') return reply.redirect('/konto/zwei-faktor', 303);
      const [status, message] = refusal(await frame(request), outcome);
      return statusWithError(request, reply, 'renew', message, status === 401 ? 422 : status);
    },
  );

  app.post(
    '/konto/zwei-faktor/ausschalten',
    {
      preHandler: [app.csrfProtection, signedIn],
      ...strict,
      schema: { body: Type.Object({ password: text(), code: text(64), _csrf: text(200) }) },
    },
    async (request, reply) => {
      const session = request.account;
      if (session === undefined) return reply.redirect('/konto/anmelden', 303);
      const outcome = await twoFactor.disable(session, {
        password: request.body.password ?? '',
        code: request.body.code ?? '',
        ...clientOf(request, production),
      });
      const f = await frame(request);
      if (outcome.kind === 'ok') {
        return reply.page(
          noticePage(
            f,
            'accounts.twoFactor.disable.title',
            f.t('accounts.twoFactor.disable.done'),
            html`<p class="kern-body"><a class="kern-link" href="/konto">${f.t('accounts.twoFactor.back')}</a></p>`,
          ),
        );
      }
      // One message for a wrong password and a wrong code: which one it was is nobody's business.
      const [status, message] =
        outcome.kind === 'invalid'
          ? ([422, f.t('accounts.twoFactor.error.passwordOrCode')] as const)
          : refusal(f, outcome);
      return statusWithError(request, reply, 'disable', message, status === 401 ? 422 : status);
    },
  );

  // --- signing in: the code after the password ---

  const WEITER = Type.Object({ weiter: text(512) });
  const afterLogin = (next: string) => (next === '/' ? '/konto' : next);

  const loginCodePage = async (
    request: FastifyRequest,
    reply: FastifyReply,
    next: string,
    error?: string,
  ) => {
    const f = await frame(request);
    return codePage(f, {
      title: 'accounts.twoFactor.login.title',
      lead: f.t('accounts.twoFactor.login.lead'),
      action: '/konto/anmelden/code',
      csrf: reply.generateCsrf(),
      hidden: { weiter: next },
      submit: 'accounts.twoFactor.login.submit',
      error,
    });
  };

  const loginExpired = async (request: FastifyRequest, reply: FastifyReply) => {
    const f = await frame(request);
    clearPending(reply);
    return reply.page(
      noticePage(
        f,
        'accounts.twoFactor.login.title',
        f.t('accounts.twoFactor.login.expired'),
        html`<p class="kern-body"><a class="kern-link" href="/konto/anmelden">${f.t('accounts.nav.signIn')}</a></p>`,
      ),
      400,
    );
  };

  app.get('/konto/anmelden/code', { schema: { querystring: WEITER } }, async (request, reply) => {
    if (!(await twoFactor.pendingLoginUsable(request.cookies[pendingCookie])))
      return loginExpired(request, reply);
    return noStore(reply).page(
      await loginCodePage(request, reply, returnPath(request.query.weiter)),
    );
  });

  app.post(
    '/konto/anmelden/code',
    {
      preHandler: app.csrfProtection,
      ...strict,
      schema: { body: Type.Object({ code: text(64), weiter: text(512), _csrf: text(200) }) },
    },
    async (request, reply) => {
      const next = returnPath(request.body.weiter);
      const outcome = await twoFactor.completeLogin({
        token: request.cookies[pendingCookie],
        code: request.body.code ?? '',
        ...clientOf(request, production),
        replaces: request.account,
      });
      if (outcome.kind === 'ok') {
        clearPending(reply);
        // A fresh id, made only now: whatever session this browser had before has ended.
        handOutSession(request, reply, production, outcome);
        return reply.redirect(afterLogin(next), 303);
      }
      if (outcome.kind === 'expired') return loginExpired(request, reply);
      const [status, message] = refusal(await frame(request), outcome);
      return noStore(reply).page(await loginCodePage(request, reply, next, message), status);
    },
  );

  // --- step-up: a route needs a higher trust level than the session has ---

  const stepUpForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    next: string,
    error?: string,
  ) => {
    const f = await frame(request);
    return codePage(f, {
      title: 'accounts.stepUp.title',
      lead: `${f.t('accounts.stepUp.low')} ${f.t('accounts.stepUp.codeLead')}`,
      action: '/konto/vertrauensniveau',
      csrf: reply.generateCsrf(),
      hidden: { weiter: next },
      submit: 'accounts.stepUp.submit',
      error,
    });
  };

  app.get(
    '/konto/vertrauensniveau',
    {
      schema: {
        querystring: Type.Object({
          benoetigt: Type.Union([
            Type.Literal('low'),
            Type.Literal('substantial'),
            Type.Literal('high'),
          ]),
          weiter: text(512),
        }),
      },
    },
    async (request, reply) => {
      const f = await frame(request);
      const { benoetigt } = request.query;
      const next = returnPath(request.query.weiter);
      const explain = f.t(`accounts.stepUp.${benoetigt}`);
      if (benoetigt !== 'low' && opts.stepUpOptions !== undefined) {
        // Above `low` only a federated sign-in helps (BundID, src/identity/): no session needed.
        return noStore(reply).page(
          noticePage(
            f,
            'accounts.stepUp.title',
            explain,
            await opts.stepUpOptions(f, benoetigt, next),
          ),
        );
      }
      if (benoetigt !== 'low') {
        return reply.page(
          noticePage(
            f,
            'accounts.stepUp.title',
            `${explain} ${f.t('accounts.stepUp.unavailable')}`,
          ),
          403,
        );
      }
      const session = request.account;
      if (session === undefined) {
        const back = encodeURIComponent(request.url);
        return reply.page(
          noticePage(
            f,
            'accounts.stepUp.title',
            `${explain} ${f.t('accounts.stepUp.signInFirst')}`,
            html`<p class="kern-body"><a class="kern-link" href="/konto/anmelden?weiter=${back}">${f.t('accounts.nav.signIn')}</a></p>`,
          ),
          403,
        );
      }
      if (trustReaches(session.trustLevel, 'low')) return reply.redirect(afterLogin(next), 303);
      if (await twoFactor.enabled(session.accountId))
        return noStore(reply).page(await stepUpForm(request, reply, next));
      return reply.page(
        noticePage(
          f,
          'accounts.stepUp.title',
          `${explain} ${f.t('accounts.stepUp.setupLead')}`,
          html`<p class="kern-body"><a class="kern-link" href="/konto/zwei-faktor">${f.t('accounts.twoFactor.start')}</a></p>`,
        ),
      );
    },
  );

  app.post(
    '/konto/vertrauensniveau',
    {
      preHandler: [app.csrfProtection, signedIn],
      ...strict,
      schema: { body: Type.Object({ code: text(64), weiter: text(512), _csrf: text(200) }) },
    },
    async (request, reply) => {
      const session = request.account;
      const next = returnPath(request.body.weiter);
      if (session === undefined) return reply.redirect('/konto/anmelden', 303);
      const outcome = await twoFactor.stepUp(
        session,
        request.body.code ?? '',
        clientOf(request, production),
      );
      if (outcome.kind === 'ok') {
        // A new session id and CSRF secret for the new level; the old id opens nothing.
        handOutSession(request, reply, production, outcome);
        return reply.redirect(afterLogin(next), 303);
      }
      if (outcome.kind === 'unavailable') {
        return reply.redirect(
          `/konto/vertrauensniveau?benoetigt=low&weiter=${encodeURIComponent(next)}`,
          303,
        );
      }
      const [status, message] = refusal(await frame(request), outcome);
      return noStore(reply).page(await stepUpForm(request, reply, next, message), status);
    },
  );
};
