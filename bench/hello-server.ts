// Baseline for the bench: bare Fastify answering a short HTML string, nothing registered.
// The portal's pages are measured as a fraction of what this does on the same machine.
import Fastify from 'fastify';

const BODY =
  '<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Hallo</title></head>' +
  '<body><p>Hallo Welt</p></body></html>';

const app = Fastify({ logger: false });
app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(BODY));

const stop = async () => {
  await app.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());

await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
const address = app.server.address();
const port = typeof address === 'object' && address ? address.port : process.env.PORT;
console.log(`hello-server listening on http://127.0.0.1:${port}/`);
