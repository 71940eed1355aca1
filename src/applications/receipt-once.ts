// The receipt PDF of an application, rendered once per process and reused: the Postfach copy
// (receipts.ts) and every delivery route of the application (deliverable.ts) carry the same
// document, since it is made from the sealed snapshot alone. Rendering is the costliest step
// of both, so a worker that posts the receipt and then delivers it renders it once. The first
// rendering is also stored with the application, sealed under its data key (ADR 0048): later
// copies in any process (retries, resends, other routes, download links) take it from there.
import { type DataKey, seal, unseal } from '../envelope/envelope.ts';
import type { Language } from '../web/i18n.ts';
import type { ReceiptContent } from './receipt-content.ts';

/** Recent applications only: a worker handles them right after submission, in order. */
const KEPT = 64;

export function createReceiptOnce(
  render: (content: ReceiptContent, language: Language) => Promise<Buffer>,
) {
  const recent = new Map<string, Promise<Buffer>>();
  return function receiptOf(
    applicationId: string,
    content: () => ReceiptContent,
    language: Language,
  ): Promise<Buffer> {
    const kept = recent.get(applicationId);
    if (kept !== undefined) return kept;
    const made = render(content(), language);
    recent.set(applicationId, made);
    // A failed render is not kept: the next caller tries again.
    made.catch(() => recent.delete(applicationId));
    if (recent.size > KEPT) {
      const oldest = recent.keys().next().value;
      if (oldest !== undefined) recent.delete(oldest);
    }
    return made;
  };
}

const PURPOSE = 'receipt';

/** The receipt PDF sealed for `application.receipt_sealed`. */
export function sealReceipt(dataKey: DataKey, pdf: Buffer): Buffer {
  return seal(dataKey, PURPOSE, pdf);
}

/** A stored receipt opened; undefined when none is stored yet. */
export function openStoredReceipt(
  dataKey: DataKey,
  sealed: Uint8Array | null | undefined,
): Buffer | undefined {
  // bytea arrives as Buffer from pg and as Uint8Array from PGlite.
  return sealed == null ? undefined : unseal(dataKey, PURPOSE, Buffer.from(sealed));
}
