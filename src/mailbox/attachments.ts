// Attachment checks: what a file is (from its bytes), what it may be called, how it is sent back.
// The upload's name and Content-Type are chosen by the sender and prove nothing.
import type { AttachmentMediaType } from '../db/schema.ts';
import { ValidationError } from '../errors.ts';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_MESSAGE_BYTES = 20 * 1024 * 1024;
export const MAX_FILES = 10;
const MAX_NAME_LENGTH = 120;

/** A file as it arrives from a form or another domain, before any check. */
export type IncomingFile = { fileName: string; content: Uint8Array };

/** A file that passed every check, ready to store. */
export type CheckedFile = {
  fileName: string;
  mediaType: AttachmentMediaType;
  size: number;
  content: Uint8Array;
};

const EXTENSION: Record<AttachmentMediaType, string> = {
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
};

const startsWith = (content: Uint8Array, magic: number[]) =>
  content.length >= magic.length && magic.every((byte, i) => content[i] === byte);

/**
 * The media type by magic number, or undefined for anything else (executables, HTML, SVG,
 * Office files). PDF must start with `%PDF-` at byte 0: readers accept junk before it, but a
 * file that is HTML first and PDF later is exactly what must not pass.
 */
export function sniffMediaType(content: Uint8Array): AttachmentMediaType | undefined {
  if (startsWith(content, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (startsWith(content, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(content, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  return undefined;
}

/**
 * A name safe to show and to offer for download: no path, no control or reserved characters,
 * at most 120 characters, and the extension of what the file really is (a PNG sent as
 * `scan.pdf` becomes `scan.png`, so it opens in the right program).
 */
export function sanitiseFileName(raw: string, mediaType: AttachmentMediaType): string {
  const base = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  const cleaned = base
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the target
    .replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[<>:"|?*;%]/g, '_')
    .replace(/\s+/g, ' ')
    .trim();
  const dot = cleaned.lastIndexOf('.');
  const stem = (dot > 0 ? cleaned.slice(0, dot) : cleaned).replace(/^[.\s]+|[.\s]+$/g, '');
  const extension = EXTENSION[mediaType];
  const room = MAX_NAME_LENGTH - extension.length - 1;
  return `${[...(stem || 'Anhang')].slice(0, room).join('')}.${extension}`;
}

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
    const mediaType = sniffMediaType(file.content);
    if (mediaType === undefined)
      throw new ValidationError({ attachments: 'mailbox.error.fileType' });
    return {
      fileName: sanitiseFileName(file.fileName, mediaType),
      mediaType,
      size: file.content.length,
      content: file.content,
    };
  });
}

/**
 * `attachment` always (never rendered in the portal's origin), with an ASCII fallback and the
 * exact name in RFC 5987 form for browsers that read it.
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/Ä/g, 'Ae')
    .replace(/Ö/g, 'Oe')
    .replace(/Ü/g, 'Ue')
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  const dot = ascii.lastIndexOf('.');
  const stem = dot === -1 ? ascii : ascii.slice(0, dot);
  const fallback = /[A-Za-z0-9]/.test(stem) ? ascii : `Anhang${dot === -1 ? '' : ascii.slice(dot)}`;
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
