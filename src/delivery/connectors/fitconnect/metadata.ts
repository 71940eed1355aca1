// The submission's metadata (FIT-Connect metadata schema 2.1.0) and its data: our JSON copy
// of the application, announced with its Fachdatenschema and hashed (SHA-512 of the clear
// bytes) so the destination can tell that nothing was exchanged on the way.
import { createHash } from 'node:crypto';
import { applicationRecord, type Deliverable } from '../../deliverable.ts';

export const METADATA_SCHEMA =
  'https://schema.fitko.de/fit-connect/metadata/2.1.0/metadata.schema.json';
export const DEFAULT_DATA_SCHEMA = 'urn:rathausnetz:schema:antrag:1';

export type OutgoingAttachment = {
  attachmentId: string;
  purpose: 'form' | 'attachment';
  filename: string;
  mimeType: string;
  content: Buffer;
};

const sha512 = (bytes: Uint8Array) => createHash('sha512').update(bytes).digest('hex');

/**
 * The receipt's attachment id, the same on every attempt: a resumed submission must upload
 * under the ids it announced. Derived from the delivery's idempotency key, shaped as UUIDv4.
 */
export function receiptAttachmentId(idempotencyKey: string): string {
  const hex = createHash('sha256').update(`receipt:${idempotencyKey}`).digest('hex');
  const variant = ((Number.parseInt(hex[16] as string, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export function outgoingAttachments(item: Deliverable): OutgoingAttachment[] {
  const a = item.application;
  return [
    {
      attachmentId: receiptAttachmentId(item.idempotencyKey),
      purpose: 'form',
      filename: a.receipt.name,
      mimeType: a.receipt.mediaType,
      content: a.receipt.content,
    },
    ...a.attachments.map((f) => ({
      attachmentId: f.id,
      purpose: 'attachment' as const,
      filename: f.name,
      mimeType: f.mediaType,
      content: f.content,
    })),
  ];
}

/** The Fachdaten: the application as the citizen confirmed it, with the idempotency key. */
export function dataOf(item: Deliverable): Buffer {
  const a = item.application;
  return Buffer.from(
    JSON.stringify({
      idempotencyKey: item.idempotencyKey,
      application: applicationRecord(a),
    }),
  );
}

export function metadataOf(
  item: Deliverable,
  data: Buffer,
  attachments: OutgoingAttachment[],
  dataSchemaUri: string,
) {
  return {
    $schema: METADATA_SCHEMA,
    contentStructure: {
      data: {
        hash: { type: 'sha512', content: sha512(data) },
        submissionSchema: { schemaUri: dataSchemaUri, mimeType: 'application/json' },
      },
      attachments: attachments.map((f) => ({
        attachmentId: f.attachmentId,
        purpose: f.purpose,
        filename: f.filename,
        mimeType: f.mimeType,
        hash: { type: 'sha512', content: sha512(f.content) },
      })),
    },
    additionalReferenceInfo: {
      senderReference: item.application.reference,
      applicationDate: item.application.submittedAt.toISOString().slice(0, 10),
    },
    author: {
      name: 'Rathausnetz',
      product: { name: 'Rathausnetz', version: '1', manufacturer: 'Rathausnetz' },
    },
  };
}
