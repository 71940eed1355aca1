import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe. What goes into a cookie or a mailed link. */
export function newToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

/** Only this hash is stored, so a copy of the database opens no session and no link. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** Keys the throttle by address without storing the address itself. */
export function emailKey(email: string): string {
  return `email:${hashToken(email.trim().toLowerCase())}`;
}
