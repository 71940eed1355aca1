// The Postfach's limits on a message's files; what a file is and what it may be called is
// decided in src/files, the same for the Postfach and for forms.
import type { AttachmentMediaType } from '../db/schema.ts';
import { ValidationError } from '../errors.ts';
import { checkFile, type FileRefusal, type ScanStatus, scanFile } from '../files/accept.ts';
import { MEDIA_TYPES } from '../files/media-types.ts';
import type { VirusScanner } from '../files/scanner.ts';
import type { MessageKey } from '../web/i18n.ts';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_MESSAGE_BYTES = 20 * 1024 * 1024;
export const MAX_FILES = 10;

/** A file as it arrives from a form or another domain, before any check. */
export type IncomingFile = { fileName: string; content: Uint8Array };

/** A file that passed every check, ready to store. */
export type CheckedFile = {
  fileName: string;
  mediaType: AttachmentMediaType;
  size: number;
  content: Uint8Array;
  /** "clean" only when a configured scanner checked it. */
  scanStatus: ScanStatus;
};

const REFUSAL_KEY: Record<FileRefusal, MessageKey> = {
  tooLarge: 'mailbox.error.fileTooLarge',
  empty: 'mailbox.error.fileEmpty',
  type: 'mailbox.error.fileType',
  notAllowed: 'mailbox.error.fileType',
  polyglot: 'mailbox.error.fileUnsafe',
  activeContent: 'mailbox.error.fileUnsafe',
  dimensions: 'mailbox.error.fileUnsafe',
  damaged: 'mailbox.error.fileUnsafe',
  infected: 'mailbox.error.fileInfected',
  scannerUnavailable: 'mailbox.error.scannerUnavailable',
};

/**
 * Checks every file of one message the way form uploads are checked (src/files/accept.ts:
 * size, type from the bytes, the virus scanner when configured). Refuses the whole message on
 * the first bad file, so nothing of a refused message is stored; all files are checked before
 * the first is scanned.
 */
export async function checkFiles(
  files: IncomingFile[],
  scanner?: VirusScanner,
): Promise<CheckedFile[]> {
  if (files.length > MAX_FILES)
    throw new ValidationError({ attachments: 'mailbox.error.tooManyFiles' });
  const refuse = (reason: FileRefusal): never => {
    throw new ValidationError({ attachments: REFUSAL_KEY[reason] });
  };
  let total = 0;
  const checked = files.map((file) => {
    const result = checkFile(file, { accept: MEDIA_TYPES, maxBytes: MAX_FILE_BYTES });
    if (!result.ok && result.reason === 'tooLarge') refuse('tooLarge');
    total += file.content.length;
    if (total > MAX_MESSAGE_BYTES) {
      throw new ValidationError({ attachments: 'mailbox.error.messageTooLarge' });
    }
    return result.ok ? result.file : refuse(result.reason);
  });
  const scanned: CheckedFile[] = [];
  for (const file of checked) {
    const verdict = await scanFile(file.content, scanner);
    if (verdict === 'infected' || verdict === 'scannerUnavailable') refuse(verdict);
    scanned.push({ ...file, scanStatus: verdict === 'clean' ? 'clean' : 'unscanned' });
  }
  return scanned;
}
