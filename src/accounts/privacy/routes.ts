import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { ValidationError } from '../../errors.ts';
import type { MessageKey } from '../../web/i18n.ts';
import { pageFrame } from '../../web/layout.ts';
import { clearSessionCookie, requireTrustLevel } from '../sign-in/session.ts';
import { noticePage } from '../views.ts';
import type { createPrivacy } from './service.ts';
import { exportPage, privacyPage } from './views.ts';

export type PrivacyRoutesOptions = {
  privacy: ReturnType<typeof createPrivacy>;
  verbundName: () => Promise<string>;
  production: boolean;
};

export const privacyRoutes: FastifyPluginAsyncTypebox<PrivacyRoutesOptions> = async (app, opts) => {
  const { privacy } = opts;
  const frame = async (request: FastifyRequest) => pageFrame(request.ctx, await opts.verbundName());
  const signedIn = { preHandler: requireTrustLevel('basic') };

  app.get('/konto/datenschutz', signedIn, async (request, reply) =>
    reply
      .header('cache-control', 'no-store')
      .page(privacyPage(await frame(request), reply.generateCsrf())),
  );

  app.get('/konto/datenschutz/export.json', signedIn, async (request, reply) => {
    const data = await privacy.exportData(request.account?.accountId ?? '');
    const day = data.exportedAt.slice(0, 10);
    return reply
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="rathausnetz-daten-${day}.json"`)
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(data, null, 2));
  });

  app.get('/konto/datenschutz/export', signedIn, async (request, reply) => {
    const data = await privacy.exportData(request.account?.accountId ?? '');
    return reply.header('cache-control', 'no-store').page(exportPage(await frame(request), data));
  });

  app.post(
    '/konto/loeschen',
    {
      preHandler: [app.csrfProtection, requireTrustLevel('basic')],
      config: { rateLimit: { max: 10, timeWindow: '1 minute' } },
      schema: {
        body: Type.Object({
          password: Type.Optional(Type.String({ maxLength: 1024 })),
          confirm: Type.Optional(Type.String({ maxLength: 10 })),
          _csrf: Type.Optional(Type.String({ maxLength: 200 })),
        }),
      },
    },
    async (request, reply) => {
      try {
        await privacy.deleteAccount(
          request.account?.accountId ?? '',
          request.body.password ?? '',
          request.body.confirm === 'ja',
        );
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return reply.page(
          privacyPage(
            await frame(request),
            reply.generateCsrf(),
            error.fields as Record<string, MessageKey>,
          ),
          422,
        );
      }
      clearSessionCookie(reply, opts.production);
      const f = await frame(request);
      f.signedIn = false;
      return reply.page(
        noticePage(f, 'accounts.delete.doneTitle', f.t('accounts.delete.doneBody')),
      );
    },
  );
};
