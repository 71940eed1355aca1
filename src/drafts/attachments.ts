// Form attachments: files a citizen adds to a file field of a draft. The entry module of the
// attachments part of the forms domain (docs/adr/0011-form-attachments.md).
//
// - Limits: per file and per application from the configuration; a field's maxBytes and
//   maxFiles may only lower them. The upload reader (upload.ts) enforces them while the
//   bytes stream in; checkUploads repeats them against what the draft already holds.
// - Type by content (src/files/inspect.ts) against the field's allow-list, never by name.
// - A configured virus scanner must say "clean"; without one the file is stored "unscanned".
// - Stored in form_attachment, tied to the draft (deleted with it) and visible only to the
//   draft's owner (row-level security). The draft's answers hold AttachmentRefs; a row no
//   answer refers to any more is deleted when the draft is saved.
import { createHash, randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { DB, FormAttachmentScanStatus } from '../db/schema.ts';
import type { DataKey, Keyring } from '../envelope/envelope.ts';
import { NotFoundError } from '../errors.ts';
import { checkFile, type FileRefusal, scanFile } from '../files/accept.ts';
import { MEDIA_TYPES, type MediaType } from '../files/media-types.ts';
import { displayFileName } from '../files/names.ts';
import type { VirusScanner } from '../files/scanner.ts';
import { type Answers, type AttachmentRef, isAttachmentList, own } from '../forms/answers.ts';
import type { FieldOf, FormDefinition, Step } from '../forms/definition.ts';
import { allFields } from '../forms/definition-fields.ts';
import { isUuid } from '../uuid.ts';
import type { MessageKey } from '../web/i18n.ts';
import { type DraftOwner, withOwner } from './owner.ts';
import { draftKey, openFile, sealFile } from './sealing.ts';

export type UploadLimits = { fileBytes: number; applicationBytes: number };

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  fileBytes: 20 * 1024 * 1024,
  applicationBytes: 50 * 1024 * 1024,
};

export type Uploads = { limits: UploadLimits; scanner?: VirusScanner | undefined };

/** A file as the upload reader collected it, before any check. */
export type IncomingUpload = { fieldId: string; fileName: string; content: Uint8Array };

/** A file that passed the checks (and the scanner), ready to store. */
export type CheckedUpload = {
  fieldId: string;
  fileName: string;
  mediaType: MediaType;
  content: Uint8Array;
  scanStatus: FormAttachmentScanStatus;
};

/** Why an upload was refused, for the message at its field. */
export type UploadProblem = {
  fieldId: string;
  key: MessageKey;
  /** `size` is in bytes; the page formats it in the reader's language. */
  params?: Record<string, string | number>;
  /** 413 for sizes, 503 when the scanner could not check, 422 otherwise. */
  status: 413 | 422 | 503;
};

/** Thrown by checkUploads and scanUploads; nothing of the post is stored. */
export class UploadRefusedError extends Error {
  problem: UploadProblem;
  constructor(problem: UploadProblem) {
    super(`upload refused: ${problem.key}`);
    this.problem = problem;
  }
}

export type FileField = FieldOf<'file'>;

export function fileFields(step: Step): FileField[] {
  return step.fields.filter((f): f is FileField => f.type === 'file');
}

/** The field's per-file limit: the configured one, or the field's when that is lower. */
export function fileLimit(field: FileField, limits: UploadLimits): number {
  return Math.min(limits.fileBytes, field.maxBytes ?? limits.fileBytes);
}

export function acceptedTypes(field: FileField): readonly MediaType[] {
  return field.accept ?? MEDIA_TYPES;
}

/** Every file answer of the draft (all fields, all steps). */
export function attachedFiles(definition: FormDefinition, answers: Answers): AttachmentRef[] {
  return allFields(definition).flatMap(({ field }) => {
    const answer = own(answers, field.id);
    return field.type === 'file' && isAttachmentList(answer) ? answer : [];
  });
}

const typeList = (types: readonly MediaType[]) =>
  types
    .map((t) => ({ 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' })[t])
    .join(', ');

const REJECTION_KEY: Record<Exclude<FileRefusal, 'tooLarge'>, MessageKey> = {
  infected: 'forms.file.error.infected',
  scannerUnavailable: 'forms.file.error.scannerUnavailable',
  empty: 'forms.file.error.empty',
  type: 'forms.file.error.type',
  notAllowed: 'forms.file.error.type',
  polyglot: 'forms.file.error.polyglot',
  activeContent: 'forms.file.error.activeContent',
  dimensions: 'forms.file.error.dimensions',
  damaged: 'forms.file.error.damaged',
};

/**
 * Checks a post's files against the fields of its step and what the draft holds already:
 * count per field, size per file and per application, type by content. A field that takes
 * one file gets the new one in place of the old. Throws UploadRefusedError on the first bad
 * file. Returns the files with their display names (scan status still to come).
 */
export function checkUploads(
  step: Step,
  answers: Answers,
  definition: FormDefinition,
  uploads: IncomingUpload[],
  limits: UploadLimits,
): Omit<CheckedUpload, 'scanStatus'>[] {
  const fields = new Map(fileFields(step).map((f) => [f.id, f]));
  const kept = new Map<string, number>();
  let total = attachedFiles(definition, answers).reduce((sum, f) => sum + f.size, 0);
  for (const field of fields.values()) {
    const existing = own(answers, field.id);
    const files = isAttachmentList(existing) ? existing : [];
    const incoming = uploads.filter((u) => u.fieldId === field.id).length;
    const max = field.maxFiles ?? 1;
    if (max === 1 && incoming === 1 && files.length === 1) {
      // Replaced: the old file no longer counts.
      total -= files[0]?.size ?? 0;
      kept.set(field.id, 0);
    } else kept.set(field.id, files.length);
  }
  return uploads.map((upload) => {
    const field = fields.get(upload.fieldId);
    if (field === undefined) throw new NotFoundError('form.field', upload.fieldId);
    const refuse = (
      key: MessageKey,
      params: Record<string, string | number> = {},
      status: 413 | 422 = 422,
    ): never => {
      throw new UploadRefusedError({ fieldId: field.id, key, params, status });
    };
    const max = field.maxFiles ?? 1;
    const count = (kept.get(field.id) ?? 0) + 1;
    kept.set(field.id, count);
    if (count > max) refuse('forms.file.error.tooMany', { count: max }, 413);
    const types = acceptedTypes(field);
    const displayName = displayFileName(upload.fileName);
    const limit = fileLimit(field, limits);
    const checked = checkFile(upload, { accept: types, maxBytes: limit });
    if (!checked.ok && checked.reason === 'tooLarge') {
      refuse('forms.file.error.tooLarge', { name: displayName, size: limit }, 413);
    }
    total += upload.content.length;
    if (total > limits.applicationBytes) {
      refuse('forms.file.error.applicationTooLarge', { size: limits.applicationBytes }, 413);
    }
    if (!checked.ok) {
      return refuse(REJECTION_KEY[checked.reason as Exclude<FileRefusal, 'tooLarge'>], {
        name: displayName,
        types: typeList(types),
      });
    }
    const { fileName, mediaType, content } = checked.file;
    return { fieldId: field.id, fileName, mediaType, content };
  });
}

/**
 * Runs the scanner over every file. Infected: refused (422), nothing stored. The scanner down
 * or unable to check: refused as unavailable (503), never silently accepted.
 */
export async function scanUploads(
  files: Omit<CheckedUpload, 'scanStatus'>[],
  scanner: VirusScanner | undefined,
): Promise<CheckedUpload[]> {
  const scanned: CheckedUpload[] = [];
  for (const file of files) {
    const verdict = await scanFile(file.content, scanner);
    if (verdict === 'infected' || verdict === 'scannerUnavailable') {
      throw new UploadRefusedError({
        fieldId: file.fieldId,
        key: REJECTION_KEY[verdict],
        params: { name: file.fileName },
        status: verdict === 'infected' ? 422 : 503,
      });
    }
    scanned.push({ ...file, scanStatus: verdict });
  }
  return scanned;
}

/** What a post changes in a draft's files: new ones to store, ids to remove. */
export type FileChanges = { add: CheckedUpload[]; remove: string[] };

/**
 * Stores and removes files inside the draft's save transaction (as its owner) and returns the
 * answers with the file fields updated. Removing an id that is not a file of this step of
 * this draft: NotFoundError (so another owner's id is a 404, like a missing one).
 */
export async function applyFileChanges(
  trx: Transaction<DB>,
  key: DataKey,
  draftId: string,
  step: Step,
  answers: Answers,
  changes: FileChanges,
  at: Date,
): Promise<Answers> {
  const next: Answers = { ...answers };
  for (const id of changes.remove) {
    const field = fileFields(step).find((f) => {
      const files = own(next, f.id);
      return isAttachmentList(files) && files.some((file) => file.id === id);
    });
    if (field === undefined) throw new NotFoundError('form.attachment', id);
    const files = own(next, field.id) as AttachmentRef[];
    next[field.id] = files.filter((file) => file.id !== id);
  }
  for (const file of changes.add) {
    // The id before the row: the sealed content is bound to it.
    const row = { id: randomUUID() };
    await trx
      .insertInto('form_attachment')
      .values({
        id: row.id,
        draft_id: draftId,
        field_id: file.fieldId,
        file_name: file.fileName,
        media_type: file.mediaType,
        size: file.content.length,
        sha256: createHash('sha256').update(file.content).digest('hex'),
        scan_status: file.scanStatus,
        scanned_at: file.scanStatus === 'clean' ? at : null,
        content: sealFile(key, row.id, file.content),
        sealed: true,
      })
      .execute();
    const ref: AttachmentRef = {
      id: row.id,
      name: file.fileName,
      size: file.content.length,
      type: file.mediaType,
    };
    const field = fileFields(step).find((f) => f.id === file.fieldId);
    const existing = own(next, file.fieldId);
    const before = isAttachmentList(existing) ? existing : [];
    // A field for one file takes the new one in place of the old (checkUploads allowed it).
    next[file.fieldId] = (field?.maxFiles ?? 1) === 1 ? [ref] : [...before, ref];
  }
  return next;
}

/** Deletes the draft's files no answer refers to (removed, replaced, or a field now hidden). */
export async function pruneAttachments(
  trx: Transaction<DB>,
  draftId: string,
  definition: FormDefinition,
  answers: Answers,
): Promise<void> {
  const kept = attachedFiles(definition, answers).map((f) => f.id);
  let query = trx.deleteFrom('form_attachment').where('draft_id', '=', draftId);
  if (kept.length > 0) query = query.where('id', 'not in', kept);
  await query.execute();
}

export type StoredAttachment = AttachmentRef & {
  fieldId: string;
  sha256: string;
  scanStatus: FormAttachmentScanStatus;
  createdAt: Date;
};

export type AttachmentWithContent = StoredAttachment & { content: Uint8Array };

const COLUMNS = [
  'id',
  'field_id',
  'file_name',
  'media_type',
  'size',
  'sha256',
  'scan_status',
  'created_at',
] as const;

type Row = {
  id: string;
  field_id: string;
  file_name: string;
  media_type: MediaType;
  size: number;
  sha256: string;
  scan_status: FormAttachmentScanStatus;
  created_at: Date;
};

const toStored = (r: Row): StoredAttachment => ({
  id: r.id,
  fieldId: r.field_id,
  name: r.file_name,
  size: r.size,
  type: r.media_type,
  sha256: r.sha256,
  scanStatus: r.scan_status,
  createdAt: r.created_at,
});

/** A draft's files, oldest first. */
function selectFiles(trx: Transaction<DB>, draftId: string) {
  return trx
    .selectFrom('form_attachment')
    .where('draft_id', '=', draftId)
    .orderBy('created_at')
    .orderBy('id');
}

/**
 * A draft's files with their bytes, read in the caller's transaction (acting as the owner):
 * sending copies them into the application in the same transaction that deletes the draft.
 */
export async function draftFiles(
  trx: Transaction<DB>,
  key: DataKey | undefined,
  draftId: string,
): Promise<AttachmentWithContent[]> {
  const rows = await selectFiles(trx, draftId)
    .select([...COLUMNS, 'content', 'sealed'])
    .execute();
  return rows.map((r) => ({ ...toStored(r), content: new Uint8Array(openFile(key, r)) }));
}

/**
 * For the applications domain: a draft's files, as its owner sees them. `list` gives the
 * metadata, `withContent` the bytes too (for submission). Another owner's draft: NotFoundError.
 */
export function createFormAttachments(db: Kysely<DB>, keyring: Keyring) {
  async function ensureDraft(trx: Transaction<DB>, draftId: string) {
    if (!isUuid(draftId)) throw new NotFoundError('draft', draftId);
    const draft = await trx
      .selectFrom('draft')
      .select(['id', 'key_id', 'wrapped_key'])
      .where('id', '=', draftId)
      .executeTakeFirst();
    if (draft === undefined) throw new NotFoundError('draft', draftId);
    return draftKey(keyring, draft);
  }
  return {
    list(owner: DraftOwner, draftId: string): Promise<StoredAttachment[]> {
      return withOwner(db, owner, async (trx) => {
        await ensureDraft(trx, draftId);
        const rows = await selectFiles(trx, draftId).select(COLUMNS).execute();
        return rows.map(toStored);
      });
    },
    withContent(owner: DraftOwner, draftId: string): Promise<AttachmentWithContent[]> {
      return withOwner(db, owner, async (trx) => {
        return draftFiles(trx, await ensureDraft(trx, draftId), draftId);
      });
    },
  };
}

export type FormAttachments = ReturnType<typeof createFormAttachments>;
