import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import { NotFoundError } from '../errors.ts';
import { pageFrame } from '../web/layout.ts';
import { DEV_OUTBOX_CAPACITY, type DevOutbox } from './dev-outbox.ts';
import { mailPage, outboxPage } from './views.ts';

export type DevMailRoutesOptions = {
  outbox: DevOutbox;
  verbundName: () => Promise<string>;
};

/**
 * The development outbox at /dev/mail. Register it only when the mailer has an outbox (no
 * SMTP, not production). The pages show every recipient and every verification link, so
 * they also refuse to exist under NODE_ENV=production, should the plugin be registered anyway.
 */
export const devMailRoutes: FastifyPluginAsyncTypebox<DevMailRoutesOptions> = async (
  app,
  { outbox, verbundName },
) => {
  app.addHook('onRequest', async (_request, reply) => {
    if (process.env.NODE_ENV === 'production') return reply.callNotFound();
    // Verification and reset links must not linger in caches or get indexed.
    reply.header('cache-control', 'no-store').header('x-robots-tag', 'noindex, nofollow');
  });

  app.get('/dev/mail', async (request, reply) => {
    const frame = pageFrame(request.ctx, await verbundName());
    return reply.page(outboxPage(frame, outbox.list(), DEV_OUTBOX_CAPACITY));
  });

  app.get(
    '/dev/mail/:index',
    {
      schema: {
        params: Type.Object({ index: Type.Integer({ minimum: 0, maximum: 10_000 }) }),
      },
    },
    async (request, reply) => {
      // Index into the list as shown: 0 is the newest mail.
      const mail = outbox.list()[request.params.index];
      if (mail === undefined) throw new NotFoundError('mail', String(request.params.index));
      const frame = pageFrame(request.ctx, await verbundName());
      return reply.page(mailPage(frame, mail));
    },
  );
};
