// What the staff of an application's authority read of it (the back office): the snapshot
// opened (answers as sent, labelled by the form version they were given in), its history and
// its files. Read as the authority, under row-level security.
import type { Transaction } from 'kysely';
import { withAuthority } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import { unseal } from '../envelope/envelope.ts';
import { NotFoundError } from '../errors.ts';
import { isUuid } from '../uuid.ts';
import type { ApplicationsDeps } from './options.ts';
import type { ReceiptContent } from './receipt-content.ts';
import { openStoredReceipt } from './receipt-once.ts';
import * as repo from './repository.ts';
import { dataKeyOf, openSnapshot } from './sealed.ts';

export type AuthorityReadOptions = {
  /** False hides the application as if it did not exist (a clerk limited to some services). */
  visible?: (row: repo.ApplicationRow) => boolean;
  /** Runs in the same transaction once the application was read (the audit entry). */
  inside?: (trx: Transaction<DB>, row: repo.ApplicationRow) => Promise<void>;
};

export function createAuthorityView(
  deps: ApplicationsDeps,
  receiptContent: (row: repo.ApplicationRow, verbundName: string) => ReceiptContent,
) {
  const { db, keyring } = deps;

  function readAsAuthority<T>(
    authorityId: string,
    applicationId: string,
    options: AuthorityReadOptions,
    fn: (trx: Transaction<DB>, row: repo.ApplicationRow) => Promise<T>,
  ): Promise<T> {
    if (!isUuid(applicationId)) {
      return Promise.reject(new NotFoundError('application', applicationId));
    }
    return withAuthority(db, authorityId, async (trx) => {
      const row = await repo.findApplication(trx, applicationId);
      if (
        row === undefined ||
        row.authority_id !== authorityId ||
        options.visible?.(row) === false
      ) {
        throw new NotFoundError('application', applicationId);
      }
      const result = await fn(trx, row);
      await options.inside?.(trx, row);
      return result;
    });
  }

  /** One application for its authority's staff. NotFoundError for any other's id. */
  function detailForAuthority(
    authorityId: string,
    applicationId: string,
    options: AuthorityReadOptions = {},
  ) {
    return readAsAuthority(authorityId, applicationId, options, async (trx, row) => {
      const snapshot = openSnapshot(keyring, row);
      return {
        application: row,
        sections: snapshot.sections,
        /** The sending session's trust level; null: anonymous, or sent before it was kept. */
        signedInAt: snapshot.signedInAt ?? null,
        /** Answers a provider confirmed, by field id (provider's name); see Snapshot. */
        confirmed: snapshot.confirmed ?? {},
        anonymous: row.account_id === null,
        events: await repo.listEvents(trx, row.id),
        attachments: await repo.listAttachments(trx, row.id),
      };
    });
  }

  /** One attachment decrypted, for the staff of the application's authority. */
  function attachmentForAuthority(
    authorityId: string,
    applicationId: string,
    attachmentId: string,
    options: AuthorityReadOptions = {},
  ) {
    if (!isUuid(attachmentId)) {
      return Promise.reject(new NotFoundError('application.attachment', attachmentId));
    }
    return readAsAuthority(authorityId, applicationId, options, async (trx, row) => {
      const file = await repo.findAttachment(trx, row.id, attachmentId);
      if (file === undefined) throw new NotFoundError('application.attachment', attachmentId);
      const content = unseal(
        dataKeyOf(keyring, row),
        `attachment:${file.id}`,
        Buffer.from(file.content),
      );
      return {
        name: file.file_name,
        mediaType: file.media_type,
        scanStatus: file.scan_status,
        content,
      };
    });
  }

  /** The receipt as the citizen got it, rendered again from the snapshot, for the staff. */
  async function receiptForAuthority(
    authorityId: string,
    applicationId: string,
    options: AuthorityReadOptions = {},
  ) {
    // Read before the transaction: on PGlite a query beside it would wait for it forever.
    const { verbund } = await deps.tenancy.directory();
    // The one stored when it was first made (the copy the receivers got), else rendered.
    const read = await readAsAuthority(authorityId, applicationId, options, async (trx, row) => {
      const stored = openStoredReceipt(
        dataKeyOf(deps.keyring, row),
        await repo.findSealedReceipt(trx, row.id),
      );
      if (stored !== undefined) return { reference: row.reference, stored };
      return { reference: row.reference, content: receiptContent(row, verbund.name), row };
    });
    if (read.stored !== undefined) return { reference: read.reference, pdf: read.stored };
    return {
      reference: read.reference,
      pdf: await deps.renderReceipt(read.content, read.row.language),
    };
  }

  return { detailForAuthority, attachmentForAuthority, receiptForAuthority, readAsAuthority };
}
