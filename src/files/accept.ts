// The one path every file from a citizen takes, whichever route it came by (a form's file
// field, a Postfach reply): size, type from the bytes (inspect.ts), a clean name, then the
// virus scanner when one is configured. The domains add only their own counting (files per
// field, bytes per application or message) and their own words for each refusal.
import { type Inspection, inspectFile, type Rejection } from './inspect.ts';
import type { MediaType } from './media-types.ts';
import { sanitiseFileName } from './names.ts';
import { ScannerUnavailableError, type VirusScanner } from './scanner.ts';

/** What one place accepts: the types and the largest file. */
export type FilePolicy = { accept: readonly MediaType[]; maxBytes: number };

/** Why a file was refused: by its size, by its bytes, or by the scanner. */
export type FileRefusal = Rejection | 'tooLarge' | 'infected' | 'scannerUnavailable';

export type ScanStatus = 'clean' | 'unscanned';

/** A file that passed the checks before the scanner. */
export type CheckedFile = {
  fileName: string;
  mediaType: MediaType;
  size: number;
  content: Uint8Array;
};

export type FileCheck = { ok: true; file: CheckedFile } | { ok: false; reason: FileRefusal };

/** Size and bytes: no I/O, so a post can be checked whole before anything is scanned. */
export function checkFile(
  file: { fileName: string; content: Uint8Array },
  policy: FilePolicy,
): FileCheck {
  if (file.content.length > policy.maxBytes) return { ok: false, reason: 'tooLarge' };
  const inspection: Inspection = inspectFile(file.content, policy.accept);
  if (!inspection.ok) return { ok: false, reason: inspection.reason };
  return {
    ok: true,
    file: {
      fileName: sanitiseFileName(file.fileName, inspection.mediaType),
      mediaType: inspection.mediaType,
      size: file.content.length,
      content: file.content,
    },
  };
}

/**
 * The scanner's verdict. Without a scanner: "unscanned" (docs/adr/0011). A configured scanner
 * that cannot check the file is never skipped: "scannerUnavailable", and nothing is stored.
 */
export async function scanFile(
  content: Uint8Array,
  scanner: VirusScanner | undefined,
): Promise<ScanStatus | 'infected' | 'scannerUnavailable'> {
  if (scanner === undefined) return 'unscanned';
  try {
    return (await scanner.scan(content)).infected ? 'infected' : 'clean';
  } catch (error) {
    if (error instanceof ScannerUnavailableError) return 'scannerUnavailable';
    throw error;
  }
}
