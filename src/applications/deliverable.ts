// An application complete for delivery to the authority's systems (src/delivery/, ADR 0020):
// the snapshot opened, the receipt taken from the application (rendered and stored the first
// time, ADR 0048), the files decrypted. For the worker; one file for a receiver's download link
// as the authority it went to.

import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import { withAuthority, withWorker } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import type {
  DeliverableApplication,
  DeliverableFile,
  ReadDeliverables,
} from '../delivery/deliverable.ts';
import { type DataKey, unseal } from '../envelope/envelope.ts';
import { NotFoundError } from '../errors.ts';
import { translator } from '../web/i18n.ts';
import type { ApplicationsDeps } from './options.ts';
import type { ReceiptContent } from './receipt-content.ts';
import { type createReceiptOnce, openStoredReceipt, sealReceipt } from './receipt-once.ts';
import * as repo from './repository.ts';
import { dataKeyOf } from './sealed.ts';
import { decodeSnapshot } from './snapshot.ts';

type AttachmentRow = Awaited<ReturnType<typeof repo.listAttachmentContentsOf>>[number];
type DeliveryRow = Awaited<ReturnType<typeof repo.findApplicationsWithReceipt>>[number];

export function createDeliverable(
  deps: ApplicationsDeps,
  receiptContent: (row: repo.ApplicationRow, verbundName: string) => ReceiptContent,
  /** Shared with the Postfach copy: one rendering per application, however many routes. */
  receiptOf: ReturnType<typeof createReceiptOnce>,
) {
  const { db, tenancy, keyring } = deps;

  type Read = { row: DeliveryRow; files: AttachmentRow[] };
  type Waiting = { resolve: (read: Read) => void; reject: (error: unknown) => void };
  /** Asked for since the last read: the deliveries of one claimed batch ask in the same turn. */
  let waiting = new Map<string, Waiting[]>();

  /** The rows and sealed files of several applications, read in `trx`; missing ids left out. */
  async function readIn(trx: Transaction<DB>, ids: readonly string[]): Promise<Map<string, Read>> {
    const rows = await repo.findApplicationsWithReceipt(trx, ids);
    const files = await repo.listAttachmentContentsOf(trx, ids);
    const byId = new Map(rows.map((row) => [row.id, { row, files: [] as AttachmentRow[] }]));
    for (const f of files) byId.get(f.application_id)?.files.push(f);
    return byId;
  }

  /** One worker transaction for every application asked for in this turn of the event loop. */
  async function readWaiting(): Promise<void> {
    const batch = waiting;
    waiting = new Map();
    const ids = [...batch.keys()];
    try {
      const byId = await withWorker(db, (trx) => readIn(trx, ids));
      for (const [id, callers] of batch) {
        const read = byId.get(id);
        for (const c of callers) {
          if (read) c.resolve(read);
          else c.reject(new NotFoundError('application', id));
        }
      }
    } catch (error) {
      for (const callers of batch.values()) for (const c of callers) c.reject(error);
    }
  }

  function read(applicationId: string): Promise<Read> {
    return new Promise<Read>((resolve, reject) => {
      if (waiting.size === 0) setImmediate(() => void readWaiting());
      const callers = waiting.get(applicationId) ?? [];
      callers.push({ resolve, reject });
      waiting.set(applicationId, callers);
    });
  }

  /**
   * The worker's claim reads its batch's applications in its own transaction (one transaction
   * less per batch); each is opened (decrypted, receipt) when its delivery starts, after the
   * commit, and a receipt rendered then is stored with the outcome (storeRenderedReceipts).
   * An id without a row opens to NotFoundError.
   */
  const readDeliverables: ReadDeliverables = async (trx, ids) => {
    const byId = await readIn(trx, ids);
    return new Map(
      ids.map((id) => {
        const found = byId.get(id);
        const opened = found
          ? () => open(found, 'with-outcome')
          : () => Promise.reject(new NotFoundError('application', id));
        return [id, opened] as const;
      }),
    );
  };

  /** When a receipt rendered here is stored (renderAndStore). */
  type Store = 'now' | 'with-outcome';
  type Storing = { id: string; sealed: Buffer; done: () => void };
  /** Receipts rendered since the last write: stored together, one worker transaction. */
  let storing: Storing[] = [];

  async function storeWaiting(): Promise<void> {
    const batch = storing;
    storing = [];
    try {
      await withWorker(db, (trx) => repo.storeSealedReceipts(trx, batch));
    } catch (error) {
      // Not stored: the next copy renders it again, nothing else is lost.
      deps.background('receipt store', error);
    }
    for (const s of batch) s.done();
  }

  /**
   * Receipts rendered for the worker's claimed deliveries, not yet stored: kept with the batch
   * of outcomes they belong to (storeRenderedReceipts) when a later attempt will need them, no
   * transaction of their own. Bounded: one whose outcome never comes (lease lost, shutdown) is
   * rendered again next time.
   */
  const unstored = new Map<string, Buffer>();
  const UNSTORED_KEPT = 64;

  /**
   * The worker's outcome transaction: the receipts rendered for these applications stored
   * where another delivery attempt will come (`again`), dropped where not. A receipt delivered
   * at the first attempt is not written: storing it (65 KiB as a hex parameter, TOAST) costs
   * the worker and the database more than rendering it again in the rare case it is needed.
   */
  async function storeRenderedReceipts(
    trx: Transaction<DB>,
    applications: readonly { id: string; again: boolean }[],
  ): Promise<void> {
    const batch = applications.flatMap(({ id, again }) => {
      const sealed = unstored.get(id);
      if (sealed === undefined) return [];
      unstored.delete(id);
      return again ? [{ id, sealed }] : [];
    });
    await repo.storeSealedReceipts(trx, batch);
  }

  /**
   * Rendered (once per process, receipt-once.ts) and stored for every later copy: `now` in a
   * transaction of its own before it is returned, `with-outcome` by storeRenderedReceipts.
   */
  async function renderAndStore(
    row: DeliveryRow,
    dataKey: DataKey,
    verbundName: string,
    store: Store,
  ): Promise<Buffer> {
    const pdf = await receiptOf(row.id, () => receiptContent(row, verbundName), row.language);
    const sealed = sealReceipt(dataKey, pdf);
    if (store === 'with-outcome') {
      unstored.set(row.id, sealed);
      if (unstored.size > UNSTORED_KEPT) {
        const oldest = unstored.keys().next().value;
        if (oldest !== undefined) unstored.delete(oldest);
      }
      return pdf;
    }
    await new Promise<void>((done) => {
      if (storing.length === 0) setImmediate(() => void storeWaiting());
      storing.push({ id: row.id, sealed, done });
    });
    return pdf;
  }

  /** Reads as the worker role; renders and decrypts after the read, outside the transaction. */
  async function deliverable(applicationId: string): Promise<DeliverableApplication> {
    return open(await read(applicationId), 'now');
  }

  async function open({ row, files }: Read, store: Store): Promise<DeliverableApplication> {
    const { verbund } = await tenancy.directory();
    // Unwrapped once for the snapshot, the receipt and every file.
    const dataKey = dataKeyOf(keyring, row);
    const snapshot = decodeSnapshot(unseal(dataKey, 'snapshot', Buffer.from(row.payload)));
    const pdf =
      openStoredReceipt(dataKey, row.receipt_sealed) ??
      (await renderAndStore(row, dataKey, verbund.name, store));
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
      signedInAt: snapshot.signedInAt ?? null,
      confirmed: snapshot.confirmed ?? {},
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

  /**
   * One file of the application, for a receiver fetching it by link: only that file is
   * read and decrypted (the receipt as stored, else rendered or taken from this process's
   * recent ones).
   * Undefined when the application has no such file.
   */
  async function deliverableFile(
    authorityId: string,
    applicationId: string,
    fileId: string,
  ): Promise<DeliverableFile | undefined> {
    // A request handler (the receiver's link): as the authority, not as the worker.
    const found = await withAuthority(db, authorityId, async (trx) => {
      const [row] = await repo.findApplications(trx, [applicationId]);
      if (row === undefined) return { row, file: undefined, receipt: null };
      if (fileId === 'receipt') {
        return { row, file: undefined, receipt: await repo.findSealedReceipt(trx, row.id) };
      }
      const file = await repo.findAttachmentContent(trx, applicationId, fileId);
      return { row, file, receipt: null };
    });
    const { row, file } = found;
    if (row === undefined) return undefined;
    if (fileId === 'receipt') {
      const { verbund } = await tenancy.directory();
      const pdf =
        openStoredReceipt(dataKeyOf(keyring, row), found.receipt) ??
        (await receiptOf(row.id, () => receiptContent(row, verbund.name), row.language));
      const t = translator(row.language);
      return {
        name: t('applications.receipt.fileName', { reference: row.reference }),
        mediaType: 'application/pdf',
        size: pdf.byteLength,
        sha256: createHash('sha256').update(pdf).digest('hex'),
        content: pdf,
      };
    }
    if (file === undefined) return undefined;
    return {
      name: file.file_name,
      mediaType: file.media_type,
      size: file.size,
      sha256: file.sha256,
      content: unseal(dataKeyOf(keyring, row), `attachment:${file.id}`, Buffer.from(file.content)),
    };
  }

  return { deliverable, readDeliverables, storeRenderedReceipts, deliverableFile };
}
