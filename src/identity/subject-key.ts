import { createHmac } from 'node:crypto';

/**
 * The stable identifier a provider sends (bPK2, `sub`) is personal data that links a person
 * across services; Rathausnetz keeps only this keyed hash of it (ADR 0032). Without the
 * Verbund's key a stolen table links nobody; the provider's slug keeps two providers' ids apart.
 */
export function subjectKey(secret: string, providerSlug: string, subject: string): string {
  return createHmac('sha256', secret).update(`${providerSlug}\n${subject}`).digest('base64url');
}
