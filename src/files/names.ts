// File names as the sender chose them: shown to clerks and citizens, offered for download,
// never used as a path. Everything here keeps them harmless to display.

import { transliterateUmlauts } from '../umlauts.ts';
import { EXTENSION, type MediaType } from './media-types.ts';

const MAX_NAME_LENGTH = 120;

/**
 * A name safe to show and to offer for download: no path, no control characters, no bidi
 * overrides (which make `gpj.exe` look like `exe.jpg`), no characters Windows refuses, at
 * most 120 characters, and the extension of what the file really is (a PNG sent as
 * `scan.pdf` becomes `scan.png`, so it opens in the right program). Still escaped wherever
 * it is shown: sanitising is for the eye, escaping for the browser.
 */
export function sanitiseFileName(raw: string, mediaType: MediaType): string {
  const cleaned = displayFileName(raw, '');
  const dot = cleaned.lastIndexOf('.');
  const stem = (dot > 0 ? cleaned.slice(0, dot) : cleaned).replace(/^[.\s]+|[.\s]+$/g, '');
  const extension = EXTENSION[mediaType];
  const room = MAX_NAME_LENGTH - extension.length - 1;
  return `${[...(stem || 'Anhang')].slice(0, room).join('')}.${extension}`;
}

/**
 * The name as sent, cleaned the same way but with its own extension: for a message about a
 * file that was refused (`Rechnung.exe` is not a PDF).
 */
export function displayFileName(raw: string, fallback = 'Datei'): string {
  const base = raw.normalize('NFC').split(/[/\\]/).pop() ?? '';
  const cleaned = base
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the target
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/[<>:"|?*;%]/g, '_')
    .replace(/\s+/g, ' ')
    .trim();
  return [...cleaned].slice(0, MAX_NAME_LENGTH).join('') || fallback;
}

/**
 * `attachment` always (never rendered in the portal's origin), with an ASCII fallback and the
 * exact name in RFC 5987 form for browsers that read it.
 */
export function contentDisposition(fileName: string): string {
  const ascii = transliterateUmlauts(fileName)
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
