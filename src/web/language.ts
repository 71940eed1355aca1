import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import { LANGUAGE_COOKIE } from './context.ts';
import { returnPath } from './return-path.ts';

const ONE_YEAR_SECONDS = 365 * 24 * 60 * 60;

/**
 * The switch is a plain link (works without JavaScript and with any screen reader); it only
 * stores a preference, so it needs no CSRF token. The return path must stay on this site.
 */
export const languageRoutes: FastifyPluginAsyncTypebox<{ secureCookies: boolean }> = async (
  app,
  opts,
) => {
  app.get(
    '/sprache/:lang',
    {
      schema: {
        params: Type.Object({ lang: Type.Union([Type.Literal('de'), Type.Literal('en')]) }),
        querystring: Type.Object({ zurueck: Type.Optional(Type.String({ maxLength: 512 })) }),
      },
    },
    async (request, reply) => {
      reply.setCookie(LANGUAGE_COOKIE, request.params.lang, {
        path: '/',
        maxAge: ONE_YEAR_SECONDS,
        sameSite: 'lax',
        httpOnly: true,
        secure: opts.secureCookies,
      });
      return reply.redirect(returnPath(request.query.zurueck), 303);
    },
  );
};
