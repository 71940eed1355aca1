// An application complete for delivery to the authority's systems (src/delivery/, ADR 0020):
// the snapshot opened, the receipt rendered, the files decrypted. For the worker only.

import { createHash } from 'node:crypto';
import { withWorker } from '../db/rls.ts';
import type { DeliverableApplication } from '../delivery/deliverable.ts';
import { unseal } from '../envelope/envelope.ts';
import { NotFoundError } from '../errors.ts';
import { translator } from '../web/i18n.ts';
import type { ApplicationsDeps } from './options.ts';
import type { ReceiptContent } from './receipt-content.ts';
import type { createReceiptOnce } from './receipt-once.ts';
import * as repo from './repository.ts';
import { dataKeyOf, openSnapshot } from './sealed.ts';

export function createDeliverable(
  deps: ApplicationsDeps,
  receiptContent: (row: repo.ApplicationRow, verbundName: string) => ReceiptContent,
  /** Shared with the Postfach copy: one rendering per application, however many routes. */
  receiptOf: ReturnType<typeof createReceiptOnce>,
) {
  const { db, tenancy, keyring } = deps;

  /** Reads as the worker role; renders and decrypts after the read, outside the transaction. */
  async function deliverable(applicationId: string): Promise<DeliverableApplication> {
    const { verbund } = await tenancy.directory();
    const { row, files } = await withWorker(db, async (trx) => {
      const row = await repo.findApplication(trx, applicationId);
      if (row === undefined) throw new NotFoundError('application', applicationId);
      return { row, files: await repo.listAttachmentContents(trx, applicationId) };
    });
    const dataKey = dataKeyOf(keyring, row);
    const snapshot = openSnapshot(keyring, row);
    const pdf = await receiptOf(row.id, () => receiptContent(row, verbund.name), row.language);
    const t = translator(row.language);
    return {
      id: row.id,
      reference: row.reference,
      title: row.title,
      leikaKey: row.leika_key,
      formId: row.form_id,
      formVersion: row.form_version,
      language: row.language,
      submittedAt: row.submitted_at,
      authority: { id: row.authority_id, name: row.authority_name },
      answers: snapshot.answers,
      sections: snapshot.sections,
      applicant: snapshot.profile,
      receipt: {
        name: t('applications.receipt.fileName', { reference: row.reference }),
        mediaType: 'application/pdf',
        size: pdf.byteLength,
        sha256: createHash('sha256').update(pdf).digest('hex'),
        content: pdf,
      },
      attachments: files.map((f) => ({
        id: f.id,
        fieldId: f.field_id,
        name: f.file_name,
        mediaType: f.media_type,
        size: f.size,
        sha256: f.sha256,
        content: unseal(dataKey, `attachment:${f.id}`, Buffer.from(f.content)),
      })),
    };
  }

  return { deliverable };
}
