// Applications: the entry module of the domain. Sending a draft, the citizen's view of what
// was sent, status changes by authorities, withdrawal, the receipt, retention.
//
// Sending is one transaction that acts as the draft's owner *and* as the responsible
// authority (row-level security must admit both sides of what it writes): it locks the
// draft, checks it again, snapshots it encrypted, numbers it, records `submitted`, queues the
// delivery, opens the Postfach thread with the confirmation and deletes the draft. Either all
// of that is stored or nothing is. The draft id is unique on applications, so a second click,
// a reload or twenty concurrent requests find the one application instead of making another.
// The receipt PDF and the notice e-mail follow after commit; if the process dies in between,
// the worker posts missing receipts (the snapshot holds everything the PDF shows).
import { randomUUID } from 'node:crypto';
import { type Kysely, sql, type Transaction } from 'kysely';
import { emailAndProfileThenActAs } from '../accounts/profile-repository.ts';
import { trustReaches } from '../accounts/service.ts';
import { withAccount, withAuthority } from '../db/rls.ts';
import type { DB, TrustLevel } from '../db/schema.ts';
import {
  type DataKey,
  type Keyring,
  newDataKey,
  seal,
  unseal,
  unwrapDataKey,
} from '../envelope/envelope.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { answerSections } from '../forms/answer-text.ts';
import { isAttachmentList } from '../forms/answers.ts';
import { draftFiles } from '../forms/attachments.ts';
import {
  actAsOwner,
  createDrafts,
  type DraftOwner,
  type DraftRow,
  type Drafts,
  firstOpenStep,
  hashAnonymousKey,
  toPrefillData,
} from '../forms/drafts.ts';
import { validateAll } from '../forms/validate.ts';
import { visibleAnswers } from '../forms/visibility.ts';
import type { Mailer } from '../mail/mailer.ts';
import { newMessageMail } from '../mailbox/mails.ts';
import * as mailboxRepo from '../mailbox/repository.ts';
import { fileRows, messageColumns, newThread, openBody, threadKey } from '../mailbox/sealing.ts';
import { postFromAuthority } from '../mailbox/service.ts';
import type { Tenancy } from '../tenancy/service.ts';
import { formatDateTime } from '../web/format.ts';
import { type Language, translator } from '../web/i18n.ts';
import type { ReceiptContent } from './receipt-content.ts';
import { formatReference } from './reference.ts';
import * as repo from './repository.ts';
import { decodeSnapshot, encodeSnapshot, type Snapshot } from './snapshot.ts';
import {
  type Actor,
  type ApplicationStatus,
  authorityMayChange,
  isClosed,
  isStatus,
} from './status.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const LIST_LIMIT = 200;
const MAX_NOTE_LENGTH = 500;
/** The longest wait before a failed receipt is tried again. */
const RETRY_MAX_MS = 60 * 60_000;

/** The draft is not complete or no longer valid: the check page shows why. */
export class DraftIncompleteError extends ConflictError {}

/** The draft's form version was withdrawn: it cannot be sent, only started again. */
export class FormWithdrawnError extends ConflictError {}

/** The session's trust level is below what the service needs: step up first. */
export class TrustLevelTooLowError extends ForbiddenError {
  readonly needed: TrustLevel;
  constructor(needed: TrustLevel) {
    super(`trust level ${needed} needed`);
    this.needed = needed;
  }
}

export type Submitted = { id: string; reference: string; created: boolean };

export type ApplicationsOptions = {
  db: Kysely<DB>;
  tenancy: Tenancy;
  /** Shared with the form routes; created here when left out (the worker). */
  drafts?: Drafts;
  /** The Verbund keys from APPLICATION_KEYS (ADR 0012). */
  keyring: Keyring;
  mailer: Pick<Mailer, 'send'>;
  publicUrl: string;
  /** Renders the receipt; src/applications/receipt-pdf.ts unless a test says otherwise. */
  renderReceipt?: (receipt: ReceiptContent, language: Language) => Promise<Buffer>;
  now?: () => Date;
  /** Told about failures after commit (notice mail, receipt); never gets personal data. */
  onBackgroundError?: (what: string, error: unknown) => void;
};

export type Applications = ReturnType<typeof createApplications>;

function addMonths(at: Date, months: number): Date {
  const result = new Date(at);
  result.setUTCMonth(result.getUTCMonth() + months);
  return result;
}

export function createApplications(options: ApplicationsOptions) {
  const { db, tenancy, keyring } = options;
  const drafts = options.drafts ?? createDrafts({ db, tenancy });
  // pdfkit and the fonts take most of a second to load: not at start, only for the first receipt.
  const renderReceipt =
    options.renderReceipt ??
    (async (content: ReceiptContent, language: Language) =>
      (await import('./receipt-pdf.ts')).renderReceiptPdf(content, language));
  const now = options.now ?? (() => new Date());
  const background = (what: string, error: unknown) => options.onBackgroundError?.(what, error);
  const postfachLink = () => `${options.publicUrl.replace(/\/+$/, '')}/postfach`;
  /** Receipts that failed: not before `at`; the delay doubles per failure (postPendingReceipts). */
  const retryAfter = new Map<string, { at: number; delayMs: number }>();

  /** A draft whose form version is gone from this build cannot be sent: as if not found. */
  function toDraftOrUndefined(row: DraftRow) {
    try {
      return drafts.fromRow(row);
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  /**
   * Sends the owner's draft. Returns the application (created: false when this draft was
   * sent before). NotFoundError for a draft that is not the owner's; TrustLevelTooLowError
   * when the session's level (if given) is below the service's; DraftIncompleteError,
   * FormWithdrawnError when it cannot be sent; any other error means nothing was stored.
   * The receipt and the notice e-mail follow in the worker (postPendingReceipts, ADR 0014).
   */
  async function submit(
    owner: DraftOwner,
    draftId: string,
    lang: Language,
    session: { trustLevel?: TrustLevel } = {},
  ): Promise<Submitted> {
    if (!UUID.test(draftId)) throw new NotFoundError('draft', draftId);
    const directory = await tenancy.directory();
    const { verbund } = directory;
    const t = translator(lang);

    return db.transaction().execute(async (trx) => {
      // As the citizen from here on, with their profile as it is now (read just before).
      const profile =
        'accountId' in owner
          ? toPrefillData(await emailAndProfileThenActAs(trx, owner.accountId), directory)
          : null;
      if (!('accountId' in owner)) await actAsOwner(trx, owner);
      // ... and as the responsible authority, with the number drawn.
      const row = await repo.lockDraftForSubmission(trx, draftId, now());
      const draft = row === undefined ? undefined : toDraftOrUndefined(row);
      if (row === undefined || draft === undefined) {
        // Sent by an earlier request (the draft is gone, the application is there), or not ours.
        const sent = await repo.findByDraft(trx, draftId);
        if (sent === undefined) throw new NotFoundError('draft', draftId);
        return { id: sent.id, reference: sent.reference, created: false };
      }
      if (session.trustLevel !== undefined && !trustReaches(session.trustLevel, draft.trustLevel)) {
        throw new TrustLevelTooLowError(draft.trustLevel);
      }
      const { definition } = draft;
      if (drafts.definitions.isWithdrawn(definition.id, definition.version)) {
        throw new FormWithdrawnError(`form ${definition.id}@${definition.version} withdrawn`);
      }
      if (
        firstOpenStep(draft) !== undefined ||
        validateAll(definition, draft.answers, lang).errors.length > 0
      ) {
        throw new DraftIncompleteError(`draft ${draft.id} is not complete`);
      }

      const at = now();
      const id = randomUUID();
      const reference = formatReference(verbund.reference_prefix, at, Number(row.number));
      const answers = visibleAnswers(definition, draft.answers);
      const snapshot: Snapshot = {
        version: 1,
        language: lang,
        answers,
        sections: answerSections(definition, answers, t, lang),
        attachments: Object.entries(answers).flatMap(([fieldId, answer]) =>
          isAttachmentList(answer)
            ? answer.map((f) => ({ id: f.id, fieldId, name: f.name, size: f.size, type: f.type }))
            : [],
        ),
        profile,
      };
      const { dataKey, wrappedKey } = newDataKey(keyring, id);
      const accountId = 'accountId' in owner ? owner.accountId : null;
      // The files go with the draft below (foreign key cascade): read them first.
      const files = snapshot.attachments.length === 0 ? [] : await draftFiles(trx, draft.id);
      const deleted = await repo.insertSubmission(trx, {
        application: {
          id,
          verbund_id: verbund.id,
          authority_id: draft.authorityId,
          account_id: accountId,
          anonymous_key_hash: accountId === null ? ownerKeyHash(owner) : null,
          draft_id: draft.id,
          online_service_id: draft.onlineServiceId,
          leika_key: draft.leikaKey,
          title: draft.title,
          form_id: definition.id,
          form_version: definition.version,
          reference,
          language: lang,
          key_id: wrappedKey.kekId,
          wrapped_key: wrappedKey.wrapped,
          payload: seal(dataKey, 'snapshot', encodeSnapshot(snapshot)),
          submitted_at: at,
        },
        confirmation:
          accountId === null
            ? null
            : confirmationRows(
                t('applications.mailbox.confirmationSubject', {
                  reference,
                  title: draft.title,
                }).slice(0, 200),
                t('applications.mailbox.confirmation', {
                  title: draft.title,
                  date: formatDateTime(at, lang),
                  reference,
                  authority: directory.byId.get(draft.authorityId)?.name ?? '',
                }),
              ),
      });
      // Cannot happen under the lock; if it did, nothing of this must stay.
      if (!deleted) throw new Error(`draft ${draft.id} vanished while locked`);
      // The files as the citizen confirmed them, each sealed under the application's key.
      const referenced = new Set(snapshot.attachments.map((a) => a.id));
      const positions = new Map<string, number>();
      for (const file of files) {
        if (!referenced.has(file.id)) continue;
        const position = positions.get(file.fieldId) ?? 0;
        positions.set(file.fieldId, position + 1);
        await repo.insertAttachment(trx, {
          id: file.id,
          application_id: id,
          authority_id: draft.authorityId,
          account_id: accountId,
          field_id: file.fieldId,
          position,
          file_name: file.name,
          media_type: file.type,
          size: file.size,
          sha256: file.sha256,
          scan_status: file.scanStatus,
          content: seal(dataKey, `attachment:${file.id}`, file.content),
        });
      }
      return { id, reference, created: true };
    });
  }

  /** A new Postfach thread with its confirmation, sealed under the thread's own key. */
  function confirmationRows(subject: string, body: string) {
    const thread = newThread(keyring);
    const messageId = randomUUID();
    const { sealed_body } = messageColumns(thread.dataKey, messageId, body);
    if (sealed_body === null) throw new Error('a new thread has a key');
    return {
      threadId: thread.id,
      subject,
      keyId: thread.keyId,
      wrappedKey: thread.wrappedKey,
      messageId,
      sealedBody: sealed_body,
    };
  }

  /** The content-free notice that a Postfach message is waiting. Never fails the caller. */
  async function notify(accountId: string): Promise<void> {
    try {
      const recipient = await mailboxRepo.findRecipient(db, accountId);
      if (recipient === undefined) return;
      await options.mailer.send(
        newMessageMail(recipient.language, recipient.email, postfachLink()),
      );
    } catch (error) {
      background('notice', error);
    }
  }

  /** Reads and decrypts one application as the citizen (or anonymous browser) who sent it. */
  function readAsOwner<T>(
    owner: DraftOwner,
    applicationId: string,
    fn: (trx: Transaction<DB>, row: repo.ApplicationRow) => Promise<T>,
    lock = false,
  ): Promise<T> {
    if (!UUID.test(applicationId))
      return Promise.reject(new NotFoundError('application', applicationId));
    return db.transaction().execute(async (trx) => {
      await actAsOwner(trx, owner);
      const row = await repo.findApplication(trx, applicationId, lock);
      if (row === undefined) throw new NotFoundError('application', applicationId);
      return fn(trx, row);
    });
  }

  // bytea arrives as Buffer from pg and as Uint8Array from PGlite.
  function dataKeyOf(row: { id: string; key_id: string; wrapped_key: Uint8Array }): DataKey {
    const wrapped = Buffer.from(row.wrapped_key);
    return unwrapDataKey(keyring, row.id, { kekId: row.key_id, wrapped });
  }

  function openSnapshot(row: repo.ApplicationRow): Snapshot {
    return decodeSnapshot(unseal(dataKeyOf(row), 'snapshot', Buffer.from(row.payload)));
  }

  /** The receipt's content, from the snapshot: the same document however often it is made. */
  // No query here: on PGlite (one connection) a query outside the caller's transaction waits
  // for it forever, so callers read the Verbund's name before they open one.
  function receiptContent(row: repo.ApplicationRow, verbundName: string): ReceiptContent {
    const snapshot = openSnapshot(row);
    const t = translator(row.language);
    const applicant = [snapshot.profile?.givenName, snapshot.profile?.familyName]
      .filter((part) => part)
      .join(' ');
    const place = [row.authority_postcode, row.authority_locality].filter((p) => p).join(' ');
    return {
      verbundName,
      authority: {
        name: row.authority_name,
        addressLines: [row.authority_street, place].filter((line): line is string => !!line),
        phone: row.authority_phone,
        email: row.authority_email,
        web: row.authority_website,
      },
      serviceName: row.title,
      leikaKey: row.leika_key,
      referenceNumber: row.reference,
      submittedAt: row.submitted_at,
      applicantName: applicant === '' ? t('applications.receipt.anonymous') : applicant,
      sections: snapshot.sections.map((section) => ({
        title: section.title,
        answers: section.entries.map((entry) => ({
          label: entry.label,
          value: entry.lines.length > 0 ? entry.lines.join('\n') : t('forms.check.none'),
        })),
      })),
      attachments: snapshot.attachments.map((a) => ({
        name: a.name,
        size: a.size,
        mediaType: a.type,
      })),
    };
  }

  /** "Meine Anträge". */
  function list(accountId: string) {
    return withAccount(db, accountId, (trx) => repo.listOfAccount(trx, accountId, LIST_LIMIT));
  }

  /** One application with its history and its Postfach messages, for its owner. */
  function detail(owner: DraftOwner, applicationId: string) {
    return readAsOwner(owner, applicationId, async (trx, row) => ({
      application: row,
      events: await repo.listEvents(trx, row.id),
      attachments: await repo.listAttachments(trx, row.id),
      messages: 'accountId' in owner ? openMessages(await repo.listMessagesOf(trx, row.id)) : [],
    }));
  }

  /** The texts of the application's Postfach messages, each opened with its thread's key. */
  function openMessages(rows: Awaited<ReturnType<typeof repo.listMessagesOf>>) {
    const keys = new Map<string, ReturnType<typeof threadKey>>();
    return rows.map(({ key_id, wrapped_key, sealed_body, ...m }) => {
      if (!keys.has(m.thread_id)) {
        keys.set(m.thread_id, threadKey(keyring, { id: m.thread_id, key_id, wrapped_key }));
      }
      return { ...m, body: openBody(keys.get(m.thread_id), { ...m, sealed_body }) };
    });
  }

  /** The receipt as a PDF, rendered from the snapshot: the same document every time. */
  async function receipt(owner: DraftOwner, applicationId: string) {
    const { verbund } = await tenancy.directory();
    const { content, language } = await readAsOwner(owner, applicationId, async (_trx, row) => ({
      content: receiptContent(row, verbund.name),
      language: row.language,
    }));
    return {
      reference: content.referenceNumber,
      pdf: await renderReceipt(content, language),
    };
  }

  /**
   * Attaches the receipt to the confirmation message and then sends the content-free notice,
   * once. Runs as the authority: the message is theirs. For anonymous use there is no
   * Postfach; only the mark is set. True when this call posted it.
   */
  async function postReceipt(
    applicationId: string,
    authorityId: string,
    verbundName: string,
  ): Promise<boolean> {
    const posted = await withAuthority(db, authorityId, async (trx) => {
      const application = await repo.findApplication(trx, applicationId, true);
      if (application === undefined || application.receipt_posted_at !== null) return undefined;
      const thread = await repo.findThreadOf(trx, applicationId);
      const accountId = thread?.account_id ?? null;
      if (thread !== undefined && accountId !== null) {
        const pdf = await renderReceipt(
          receiptContent(application, verbundName),
          application.language,
        );
        const t = translator(application.language);
        await mailboxRepo.insertAttachments(
          trx,
          { ...thread, account_id: accountId },
          thread.first_message_id,
          fileRows(threadKey(keyring, thread), [
            {
              fileName: t('applications.receipt.fileName', { reference: application.reference }),
              mediaType: 'application/pdf',
              size: pdf.byteLength,
              content: pdf,
            },
          ]),
        );
      }
      await trx
        .updateTable('application')
        .set({ receipt_posted_at: now() })
        .where('id', '=', applicationId)
        .execute();
      return { accountId };
    });
    if (posted === undefined) return false;
    if (posted.accountId !== null) await notify(posted.accountId);
    return true;
  }

  /**
   * Worker: receipts of applications sent since the last run, oldest first, until none is
   * left. Rendering the PDF costs more CPU than all else a submission does, so it is kept off
   * the request (ADR 0014); the application page offers the receipt at once all the same.
   * Several workers may run this together: the row lock lets only one post each receipt.
   */
  async function postPendingReceipts(batch = 50): Promise<number> {
    const { verbund } = await tenancy.directory();
    const at = now().getTime();
    let posted = 0;
    // Failures stay pending; this run passes over them so they cannot starve the rest, and
    // later runs wait longer and longer before trying one again (in this process).
    const skip = new Set([...retryAfter].filter(([, r]) => r.at > at).map(([id]) => id));
    let failed = 0;
    let firstFailure: unknown;
    for (;;) {
      const pending = await db.transaction().execute(async (trx) => {
        await sql`set local role app_worker`.execute(trx);
        let query = trx
          .selectFrom('application')
          .select(['id', 'authority_id'])
          .where('receipt_posted_at', 'is', null);
        if (skip.size > 0) query = query.where('id', 'not in', [...skip]);
        return query.orderBy('submitted_at').limit(batch).execute();
      });
      for (const { id, authority_id } of pending) {
        try {
          if (await postReceipt(id, authority_id, verbund.name)) posted++;
          retryAfter.delete(id);
        } catch (error) {
          const delayMs = Math.min(2 * (retryAfter.get(id)?.delayMs ?? 1_000), RETRY_MAX_MS);
          retryAfter.set(id, { at: at + delayMs, delayMs });
          skip.add(id);
          failed++;
          firstFailure ??= error;
        }
      }
      if (pending.length < batch) break;
    }
    if (firstFailure !== undefined) {
      throw new Error(`${failed} receipts failed, ${posted} posted`, { cause: firstFailure });
    }
    return posted;
  }

  /**
   * The domain API for authorities and their connectors: moves an application on, records
   * the event, posts it to the citizen's Postfach with a content-free notice e-mail.
   */
  async function changeStatus(input: {
    authorityId: string;
    applicationId: string;
    status: ApplicationStatus;
    actor: Exclude<Actor, 'citizen'>;
    note?: string | null;
  }): Promise<void> {
    const note = input.note?.trim() || null;
    if (!isStatus(input.status)) throw new ValidationError({ status: 'applications.status' });
    if (note !== null && note.length > MAX_NOTE_LENGTH) {
      throw new ValidationError({ note: 'applications.note' });
    }
    if (!UUID.test(input.applicationId)) {
      throw new NotFoundError('application', input.applicationId);
    }
    const at = now();
    const changed = await withAuthority(db, input.authorityId, async (trx) => {
      const row = await repo.findApplication(trx, input.applicationId, true);
      if (row === undefined) throw new NotFoundError('application', input.applicationId);
      if (!authorityMayChange(row.status, input.status)) {
        throw new ConflictError(`application ${row.id}: ${row.status} → ${input.status}`);
      }
      const closed = isClosed(input.status);
      await repo.setStatus(trx, row.id, {
        status: input.status,
        at,
        closedAt: closed ? at : null,
        retainUntil: closed ? addMonths(at, row.retention_months) : null,
      });
      await repo.insertEvent(trx, {
        applicationId: row.id,
        authorityId: row.authority_id,
        accountId: row.account_id,
        status: input.status,
        actor: input.actor,
        note,
        at,
      });
      return row;
    });
    if (changed.account_id === null) return;
    const t = translator(changed.language);
    const authorityName = (await tenancy.directory()).byId.get(changed.authority_id)?.name ?? '';
    const body = [
      t('applications.mailbox.statusChanged', {
        reference: changed.reference,
        title: changed.title,
        status: t(`applications.status.${input.status}`),
      }),
      note === null ? null : t('applications.mailbox.note', { note }),
      t('applications.mailbox.signature', { authority: authorityName }),
    ]
      .filter((p) => p !== null)
      .join('\n\n');
    await postToThread(changed, body);
  }

  /** Appends to the application's thread (or opens one) and sends the notice. */
  async function postToThread(row: repo.ApplicationRow, body: string): Promise<void> {
    if (row.account_id === null) return;
    const thread = await withAuthority(db, row.authority_id, (trx) =>
      repo.findThreadOf(trx, row.id),
    );
    const t = translator(row.language);
    await postFromAuthority(
      db,
      keyring,
      {
        authorityId: row.authority_id,
        accountId: row.account_id,
        ...(thread
          ? { threadId: thread.id }
          : {
              subject: t('applications.mailbox.confirmationSubject', {
                reference: row.reference,
                title: row.title,
              }).slice(0, 200),
            }),
        body,
        applicationId: row.id,
      },
      {
        mailer: options.mailer,
        publicUrl: options.publicUrl,
        onMailError: (error) => background('notice', error),
      },
      now(),
    );
  }

  /** The citizen withdraws their open application. */
  async function withdraw(accountId: string, applicationId: string): Promise<void> {
    const at = now();
    const row = await readAsOwner(
      { accountId },
      applicationId,
      async (trx, row) => {
        if (isClosed(row.status)) throw new ApplicationClosedError(row.id);
        await repo.setStatus(trx, row.id, {
          status: 'withdrawn',
          at,
          closedAt: at,
          retainUntil: addMonths(at, row.retention_months),
        });
        await repo.insertEvent(trx, {
          applicationId: row.id,
          authorityId: row.authority_id,
          accountId,
          status: 'withdrawn',
          actor: 'citizen',
          note: null,
          at,
        });
        return row;
      },
      true,
    );
    const t = translator(row.language);
    const authorityName = (await tenancy.directory()).byId.get(row.authority_id)?.name ?? '';
    await postToThread(
      row,
      [
        t('applications.mailbox.withdrawn', {
          reference: row.reference,
          title: row.title,
          date: formatDateTime(at, row.language),
        }),
        t('applications.mailbox.signature', { authority: authorityName }),
      ].join('\n\n'),
    ).catch((error) => background('withdrawal message', error));
  }

  /**
   * Worker: deletes applications whose retention period after closing has passed, with
   * their history, files and outbox rows. Returns the reference numbers for the log.
   */
  async function purgeExpired(): Promise<string[]> {
    const rows = await db.transaction().execute(async (trx) => {
      await sql`set local role app_worker`.execute(trx);
      return trx
        .deleteFrom('application')
        .where('retain_until', '<=', now())
        .returning('reference')
        .execute();
    });
    return rows.map((r) => r.reference);
  }

  /** The application a draft became, if the owner sent it: where a reload of the form lands. */
  async function sentFrom(owner: DraftOwner, draftId: string): Promise<string | undefined> {
    if (!UUID.test(draftId)) return undefined;
    const found = await db.transaction().execute(async (trx) => {
      await actAsOwner(trx, owner);
      return repo.findByDraft(trx, draftId);
    });
    return found?.id;
  }

  /**
   * The applications' share of the citizen's data export (GDPR Art. 15 and 20): what was sent,
   * decrypted, with its status history. Read as the citizen, under row-level security.
   */
  function exportFor(accountId: string) {
    return withAccount(db, accountId, async (trx) => {
      const summaries = await repo.listOfAccount(trx, accountId, 10_000);
      const result = [];
      for (const summary of summaries.reverse()) {
        const row = await repo.findApplication(trx, summary.id);
        if (row === undefined) continue;
        const snapshot = openSnapshot(row);
        result.push({
          reference: row.reference,
          service: row.title,
          authority: row.authority_name,
          status: row.status,
          submittedAt: row.submitted_at,
          answers: snapshot.sections,
          attachments: snapshot.attachments,
          profileUsed: snapshot.profile,
          history: (await repo.listEvents(trx, row.id)).map((e) => ({
            status: e.status,
            actor: e.actor,
            note: e.note,
            at: e.created_at,
          })),
        });
      }
      return result;
    });
  }

  return {
    submit,
    sentFrom,
    exportFor,
    list,
    detail,
    receipt,
    changeStatus,
    withdraw,
    postPendingReceipts,
    purgeExpired,
  };
}

/** The citizen tried to withdraw an application that is already closed. */
export class ApplicationClosedError extends ConflictError {
  constructor(id: string) {
    super(`application ${id} is closed`);
  }
}

function ownerKeyHash(owner: DraftOwner): string | null {
  return 'anonymousKey' in owner ? hashAnonymousKey(owner.anonymousKey) : null;
}
