// FIT-Connect callbacks: the service signs `<timestamp><body>` with HMAC-SHA512 under the
// secret we gave it, in the headers callback-authentication (hex) and callback-timestamp
// (Unix seconds). Older or newer than five minutes is refused (replays); the comparison is
// constant-time so the check leaks nothing about the expected value.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const CALLBACK_WINDOW_SECONDS = 300;

export function signCallback(secret: string, timestamp: number, body: string): string {
  return createHmac('sha512', secret).update(`${timestamp}${body}`).digest('hex');
}

export function callbackProblem(
  secret: string,
  p: {
    timestamp: string | undefined;
    signature: string | undefined;
    body: string;
    nowSeconds: number;
  },
): string | undefined {
  if (p.timestamp === undefined || !/^[0-9]{1,12}$/.test(p.timestamp)) {
    return 'callback-timestamp fehlt oder ist keine Zahl';
  }
  const timestamp = Number(p.timestamp);
  if (Math.abs(p.nowSeconds - timestamp) > CALLBACK_WINDOW_SECONDS) {
    return 'callback-timestamp liegt mehr als 5 Minuten neben der aktuellen Zeit';
  }
  if (p.signature === undefined || !/^[0-9a-f]{128}$/i.test(p.signature)) {
    return 'callback-authentication fehlt oder ist kein HMAC-SHA512 in Hex';
  }
  const expected = Buffer.from(signCallback(secret, timestamp, p.body), 'hex');
  const given = Buffer.from(p.signature.toLowerCase(), 'hex');
  return timingSafeEqual(expected, given) ? undefined : 'callback-authentication stimmt nicht';
}
