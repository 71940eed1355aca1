import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/database.ts';

/** /healthz: the process answers (liveness). /readyz: it can reach its database (readiness). */
export function healthRoutes(app: FastifyInstance, database: Database): void {
  const noLimit = { config: { rateLimit: false } };
  app.get('/healthz', noLimit, async (_request, reply) =>
    reply.header('cache-control', 'no-store').send({ status: 'ok' }),
  );
  app.get('/readyz', noLimit, async (request, reply) => {
    try {
      await database.ping(1000);
      return reply
        .header('cache-control', 'no-store')
        .send({ status: 'ready', database: database.kind });
    } catch (error) {
      request.log.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'not ready',
      );
      return reply.code(503).header('cache-control', 'no-store').send({ status: 'unavailable' });
    }
  });
}
