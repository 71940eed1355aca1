// The Bürgerkonto's routes: "Mein Konto" here; registration, sign-in and the password reset
// from sign-in/, each a plugin of its own. The second factor, the profile and "Meine Daten"
// are registered beside this one (two-factor/, profile/, privacy/).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type AccountsRoutesOptions, frameOf } from './route-kit.ts';
import { passwordRoutes } from './sign-in/password-routes.ts';
import { registrationRoutes } from './sign-in/registration-routes.ts';
import { signInRoutes } from './sign-in/routes.ts';
import { requireTrustLevel } from './sign-in/session.ts';
import { accountPage } from './views.ts';

export type { AccountsRoutesOptions } from './route-kit.ts';

export const accountsRoutes: FastifyPluginAsyncTypebox<AccountsRoutesOptions> = async (
  app,
  opts,
) => {
  const { accounts } = opts;
  const frame = frameOf(opts);
  await app.register(registrationRoutes, opts);
  await app.register(signInRoutes, opts);
  await app.register(passwordRoutes, opts);

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

  // The step-up page (/konto/vertrauensniveau) is in two-factor/routes.ts: it offers the code.
};
