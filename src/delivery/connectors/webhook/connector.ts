// Webhook: the application as one signed JSON POST to the receiving system. 2xx with an empty
// body or a JSON object (optionally with `reference`) is delivered; 408/425/429 and 5xx,
// timeouts, refused connections and answers that are not JSON are tried again later; any
// other 4xx is a refusal (the receiver will not take it however often we send it).
import type { Static } from 'typebox';
import { applicationRecord, type Deliverable, type DeliverableFile } from '../../deliverable.ts';
import { readCapped } from '../http-answer.ts';
import { type DeliveryResult, defineConnector } from '../types.ts';
import { webhookConfig } from './config.ts';
import { SIGNATURE_HEADER, sign } from './signature.ts';

type WebhookConfig = Static<typeof webhookConfig>;

const DEFAULT_INLINE_LIMIT = 20 * 1024 * 1024;
/** Answers longer than this are not read: a receiver has no reason to send more. */
const MAX_ANSWER_BYTES = 64 * 1024;
const RETRYABLE_4XX = new Set([408, 425, 429]);

/** Makes the expiring signed link of one delivery file (download-links.ts). */
export type DownloadLinks = {
  url(p: { deliveryId: string; fileId: string; expires: number }): string;
  /** How long a link opens; default a week, long enough for a receiver's retries. */
  ttlSeconds?: number;
};

const DEFAULT_LINK_TTL_SECONDS = 7 * 24 * 3600;

/** Without `links`, files above the inline limit make the delivery a refusal. */
export function createWebhookConnector(links?: DownloadLinks) {
  return defineConnector({
    type: 'webhook',
    summary: 'signed JSON POST (HMAC-SHA256) to a receiving system over HTTPS',
    configSchema: webhookConfig,
    secretKeys: ['secrets'],
    timeoutMs: 30_000,

    async deliver(item, config, signal) {
      const files = [item.application.receipt, ...item.application.attachments];
      const total = files.reduce((sum, f) => sum + f.size, 0);
      const limit = config.inlineLimitBytes ?? DEFAULT_INLINE_LIMIT;
      const inline = total <= limit;
      if (!inline && links === undefined) {
        return {
          status: 'rejected',
          reason: `the files (${total} bytes) exceed the route's inline limit of ${limit} bytes`,
        };
      }
      const expires =
        Math.floor(Date.now() / 1000) + (links?.ttlSeconds ?? DEFAULT_LINK_TTL_SECONDS);
      const link =
        inline || links === undefined
          ? undefined
          : (fileId: string) => ({
              downloadUrl: links.url({ deliveryId: item.deliveryId, fileId, expires }),
              expiresAt: new Date(expires * 1000).toISOString(),
            });
      // Encoded once: the signature and the request both take these bytes (fetch would
      // encode a string again).
      const body = Buffer.from(JSON.stringify(payload(item, link)));
      return post(config, body, 'application.submitted', signal, {
        'idempotency-key': item.idempotencyKey,
        'rathausnetz-delivery': item.deliveryId,
        'rathausnetz-attempt': String(item.attempt),
      });
    },

    async checkConfig(config, signal) {
      const result = await post(config, JSON.stringify({ event: 'ping' }), 'ping', signal, {});
      if (result.status === 'retry' || result.status === 'rejected') throw new Error(result.reason);
    },
  });
}

export const webhookConnector = createWebhookConnector();

async function post(
  config: WebhookConfig,
  body: string | Buffer<ArrayBuffer>,
  event: string,
  signal: AbortSignal,
  headers: Record<string, string>,
): Promise<DeliveryResult> {
  const timestamp = Math.floor(Date.now() / 1000);
  let response: Response;
  try {
    response = await fetch(config.url, {
      method: 'POST',
      body,
      signal,
      // A redirect could lead anywhere, with the application in the body: never followed.
      redirect: 'error',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Rathausnetz-Delivery/1',
        'rathausnetz-event': event,
        [SIGNATURE_HEADER]: sign(config.secrets, timestamp, body),
        ...headers,
      },
    });
  } catch (error) {
    return { status: 'retry', reason: `no answer from the receiver: ${describe(error, signal)}` };
  }
  let text: string;
  try {
    text = await readCapped(response, signal, MAX_ANSWER_BYTES);
  } catch (error) {
    return { status: 'retry', reason: `the answer broke off: ${describe(error, signal)}` };
  }
  const code = response.status;
  if (code >= 200 && code < 300) {
    const reference = referenceIn(text);
    if (reference === undefined) {
      return { status: 'retry', reason: `HTTP ${code} with an answer that is not a JSON object` };
    }
    return { status: 'delivered', reference: reference ?? '' };
  }
  if (code >= 400 && code < 500 && !RETRYABLE_4XX.has(code)) {
    return { status: 'rejected', reason: `HTTP ${code} from the receiver` };
  }
  const retryAfter = retryAfterOf(response.headers.get('retry-after'));
  return {
    status: 'retry',
    reason: `HTTP ${code} from the receiver`,
    ...(retryAfter ? { notBefore: retryAfter } : {}),
  };
}

/** `link` given: every file goes as a signed download link instead of inline base64. */
function payload(
  item: Deliverable,
  link?: (fileId: string) => { downloadUrl: string; expiresAt: string },
) {
  const a = item.application;
  const file = (f: DeliverableFile, fileId: string) => ({
    name: f.name,
    mediaType: f.mediaType,
    size: f.size,
    sha256: f.sha256,
    ...(link ? link(fileId) : { contentBase64: f.content.toString('base64') }),
  });
  return {
    event: 'application.submitted',
    deliveryId: item.deliveryId,
    idempotencyKey: item.idempotencyKey,
    attempt: item.attempt,
    route: item.route.name,
    application: applicationRecord(a),
    receipt: file(a.receipt, 'receipt'),
    attachments: a.attachments.map((f) => ({ id: f.id, fieldId: f.fieldId, ...file(f, f.id) })),
  };
}

/** '' for an empty answer or one without a reference; undefined for anything but JSON objects. */
function referenceIn(text: string): string | undefined {
  if (text.trim() === '') return '';
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const reference = (value as { reference?: unknown }).reference;
    return typeof reference === 'string' ? reference.slice(0, 200) : '';
  } catch {
    return undefined;
  }
}

function retryAfterOf(value: string | null): Date | undefined {
  if (value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return new Date(Date.now() + seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : new Date(at);
}

function describe(error: unknown, signal: AbortSignal): string {
  if (signal.aborted) return 'timed out';
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: string }).code;
  return code ?? (cause instanceof Error ? cause.message : String(cause));
}
