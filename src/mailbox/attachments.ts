// The Postfach's limits on a message's files; what a file is and what it may be called is
// decided in src/files, the same for the Postfach and for forms.
import type { AttachmentMediaType } from '../db/schema.ts';
import { ValidationError } from '../errors.ts';
import { inspectFile } from '../files/inspect.ts';
import { MEDIA_TYPES } from '../files/media-types.ts';
import { sanitiseFileName } from '../files/names.ts';

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
};

/**
 * Checks every file of one message. Refuses the whole message on the first bad file, so
 * nothing of a refused message is stored; the message key is German-first UI text.
 */
export function checkFiles(files: IncomingFile[]): CheckedFile[] {
  if (files.length > MAX_FILES)
    throw new ValidationError({ attachments: 'mailbox.error.tooManyFiles' });
  let total = 0;
  return files.map((file) => {
    if (file.content.length === 0)
      throw new ValidationError({ attachments: 'mailbox.error.fileEmpty' });
    if (file.content.length > MAX_FILE_BYTES) {
      throw new ValidationError({ attachments: 'mailbox.error.fileTooLarge' });
    }
    total += file.content.length;
    if (total > MAX_MESSAGE_BYTES) {
      throw new ValidationError({ attachments: 'mailbox.error.messageTooLarge' });
    }
    const inspection = inspectFile(file.content, MEDIA_TYPES);
    if (!inspection.ok) {
      throw new ValidationError({
        attachments:
          inspection.reason === 'type' ? 'mailbox.error.fileType' : 'mailbox.error.fileUnsafe',
      });
    }
    const { mediaType } = inspection;
    return {
      fileName: sanitiseFileName(file.fileName, mediaType),
      mediaType,
      size: file.content.length,
      content: file.content,
    };
  });
}
