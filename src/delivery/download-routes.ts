// GET /api/v1/delivery-files/:deliveryId/:fileId: the receiving system fetches a file of a
// delivery that was too large to send inline, with the expiring signed link the webhook sent
// (download-links.ts). The link is the credential; expired → 403, tampered or unknown → 404,
// both without saying which file or application it would have been. Each file handed out is
// in the authority's audit log: personal data left the portal, if only to its own system.
// After the signature check the handler learns only whose delivery it is and then reads and
// audits as that authority, never as the worker.
import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import { appendAudit } from '../audit/service.ts';
import { withAuthority } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import type { Keyring } from '../envelope/envelope.ts';
import { isUuid } from '../uuid.ts';
import type { LoadDeliverableFile } from './deliverable.ts';
import { checkDownloadLink, DOWNLOAD_PATH } from './download-links.ts';
import { deliveryOfFileLink } from './repository.ts';

export type DownloadRouteOptions = {
  db: Kysely<DB>;
  keyring: Keyring;
  /** Reads and decrypts only the file asked for, not the whole application. */
  loadFile: LoadDeliverableFile;
  now?: () => Date;
};

export const deliveryDownloadRoutes: FastifyPluginAsync<DownloadRouteOptions> = async (
  app,
  options,
) => {
  const now = options.now ?? (() => new Date());
  app.get<{
    Params: { deliveryId: string; fileId: string };
    Querystring: Record<string, string | undefined>;
  }>(`${DOWNLOAD_PATH}/:deliveryId/:fileId`, async (request, reply) => {
    const { deliveryId, fileId } = request.params;
    const q = request.query;
    reply.header('cache-control', 'no-store');
    const notFound = () =>
      reply.code(404).type('text/plain; charset=utf-8').send('Diese Datei gibt es nicht.');
    if (!isUuid(deliveryId) || (fileId !== 'receipt' && !isUuid(fileId))) return notFound();
    const verdict = checkDownloadLink(
      options.keyring,
      {
        deliveryId,
        fileId,
        expires: String(q.expires ?? ''),
        key: String(q.key ?? ''),
        signature: String(q.signature ?? ''),
      },
      Math.floor(now().getTime() / 1000),
    );
    if (verdict === 'invalid') return notFound();
    if (verdict === 'expired') {
      return reply
        .code(403)
        .type('text/plain; charset=utf-8')
        .send('Dieser Download-Link ist abgelaufen; die Zustellung bitte erneut anstoßen.');
    }
    // The signature proved which delivery; only whose it is is looked up, then everything
    // runs as that authority (ADR 0044).
    const delivery = await deliveryOfFileLink(options.db, deliveryId);
    if (delivery === undefined) return notFound();
    const file = await options.loadFile(delivery.authority_id, delivery.application_id, fileId);
    if (file === undefined) return notFound();
    await withAuthority(options.db, delivery.authority_id, (trx) =>
      appendAudit(trx, {
        authorityId: delivery.authority_id,
        verbundId: delivery.verbund_id,
        staffId: null,
        action: 'delivery.file_downloaded',
        subject: { type: 'delivery', id: deliveryId },
        ip: request.ip,
        at: now(),
      }),
    );
    return reply
      .type(file.mediaType)
      .header('content-disposition', 'attachment')
      .header('x-content-type-options', 'nosniff')
      .send(file.content);
  });
};
