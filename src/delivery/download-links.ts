// Expiring signed download links for delivery files too large to send inline (webhook): the
// receiver fetches each file from /api/v1/delivery-files/… until the link expires. The MAC
// covers delivery, file and expiry, keyed by a key derived from a Verbund key (named in the
// link, so links made before a key rotation still open); no session or credential needed.
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import type { Keyring } from '../envelope/envelope.ts';

export const DOWNLOAD_PATH = '/api/v1/delivery-files';

export type DownloadLinkParams = {
  deliveryId: string;
  /** An attachment's id, or `receipt` for the receipt PDF. */
  fileId: string;
  /** Unix seconds. */
  expires: number;
};

function linkKey(keyring: Keyring, kekId: string): Buffer | undefined {
  const kek = keyring.keys.get(kekId);
  if (kek === undefined) return undefined;
  return Buffer.from(
    hkdfSync('sha256', kek.export(), Buffer.alloc(0), 'rathausnetz delivery download link', 32),
  );
}

function mac(key: Buffer, p: DownloadLinkParams): Buffer {
  return createHmac('sha256', key).update(`${p.deliveryId}.${p.fileId}.${p.expires}`).digest();
}

export function signedDownloadUrl(
  publicUrl: string,
  keyring: Keyring,
  p: DownloadLinkParams,
): string {
  const key = linkKey(keyring, keyring.activeId);
  if (key === undefined) throw new Error('the active Verbund key is missing');
  const query = new URLSearchParams({
    expires: String(p.expires),
    key: keyring.activeId,
    signature: mac(key, p).toString('hex'),
  });
  const base = publicUrl.replace(/\/+$/, '');
  return `${base}${DOWNLOAD_PATH}/${encodeURIComponent(p.deliveryId)}/${encodeURIComponent(p.fileId)}?${query}`;
}

/** `valid`, `expired` (a correct link past its time) or `invalid` (anything tampered with). */
export function checkDownloadLink(
  keyring: Keyring,
  p: { deliveryId: string; fileId: string; expires: string; key: string; signature: string },
  nowSeconds: number,
): 'valid' | 'expired' | 'invalid' {
  if (!/^[0-9]{1,12}$/.test(p.expires) || !/^[0-9a-f]{64}$/.test(p.signature)) return 'invalid';
  const key = linkKey(keyring, p.key);
  if (key === undefined) return 'invalid';
  const params = { deliveryId: p.deliveryId, fileId: p.fileId, expires: Number(p.expires) };
  if (!timingSafeEqual(mac(key, params), Buffer.from(p.signature, 'hex'))) return 'invalid';
  return params.expires < nowSeconds ? 'expired' : 'valid';
}
