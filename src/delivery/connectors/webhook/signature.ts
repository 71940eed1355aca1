// Webhook signatures: HMAC-SHA256 over "<unix seconds>.<body>", one v1 per active secret, in
// the header `Rathausnetz-Signature: t=1764547200, v1=<hex>, v1=<hex>`. The timestamp lets a
// receiver refuse replays older than a few minutes; two secrets let it rotate without a gap.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'rathausnetz-signature';

export function sign(secrets: readonly string[], timestamp: number, body: string | Buffer): string {
  const parts = secrets.map((secret) => `v1=${mac(secret, timestamp, body)}`);
  return [`t=${timestamp}`, ...parts].join(', ');
}

/** What a receiver does (and our tests do): true when any v1 matches the secret in time. */
export function verify(
  header: string | undefined,
  secret: string,
  body: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): boolean {
  if (header === undefined) return false;
  const fields = header.split(',').map((part) => part.trim().split('='));
  const t = Number(fields.find(([k]) => k === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(mac(secret, t, body), 'hex');
  return fields.some(([k, v]) => {
    if (k !== 'v1' || v === undefined || !/^[0-9a-f]{64}$/.test(v)) return false;
    return timingSafeEqual(Buffer.from(v, 'hex'), expected);
  });
}

// Two updates, not one joined string: the body (the receipt PDF in base64 and more) is not
// copied once more per secret.
function mac(secret: string, timestamp: number, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(body).digest('hex');
}
