// Identifiers of an xdomea hand-over. The ProzessID is the delivery's idempotency key (a UUID,
// as xdomea wants), so every attempt and resend of a delivery is the same process to the DMS;
// the IDs of the Vorgang and its documents are derived from it, equally stable.
import { createHash } from 'node:crypto';

/** A UUID (version 8, RFC 9562: "custom") derived from the process and a name within it. */
export function derivedUuid(processId: string, name: string): string {
  const bytes = createHash('sha256').update(`${processId}\u0000${name}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const MESSAGE_0401 = 'Abgabe.Abgabe.0401';
export const MESSAGE_0402 = 'Abgabe.ImportBestaetigen.0402';
export const MESSAGE_0403 = 'Abgabe.EmpfangBestaetigen.0403';

/** The names xdomea gives a message's files: `{ProzessID}_{Nachricht}.xml` and `.zip`. */
export const messageFileName = (processId: string, message: string, extension: 'xml' | 'zip') =>
  `${processId}_${message}.${extension}`;
