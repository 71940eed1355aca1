// What a file is, judged by its bytes only: the upload's name and Content-Type are chosen by
// the sender and prove nothing. A file passes when it is one of the allowed types from its
// first byte to its last, and carries nothing a viewer would run or unpack:
// - polyglots: bytes after the PNG IEND chunk, the JPEG end-of-image marker or the PDF's last
//   %%EOF; HTML or script markup anywhere; a ZIP directory at the end (what zip readers look
//   for, so a PDF that is also a ZIP archive);
// - PDFs with active content or embedded files (/JavaScript, /JS, /Launch, /URI, /SubmitForm,
//   /AA, /EmbeddedFile, …), also when hidden in compressed object streams, spelled with
//   #-escapes or behind a fake "stream" inside a string;
// - decompression bombs: images whose header claims absurd dimensions (a few kilobytes that
//   would decode to gigabytes). ZIP archives (zip bombs) are not an allowed type at all.
import { crc32, inflateSync } from 'node:zlib';
import type { MediaType } from './media-types.ts';

/** Why a file was refused; each has its own message for the citizen. */
export type Rejection =
  | 'empty'
  /** Not PDF, PNG or JPEG (an executable, an Office file, a ZIP archive, HTML …). */
  | 'type'
  /** A real PDF/PNG/JPEG, but not one this field accepts. */
  | 'notAllowed'
  | 'polyglot'
  | 'activeContent'
  | 'dimensions'
  /** Truncated, malformed, encrypted: cannot be checked, so not accepted. */
  | 'damaged';

export type Inspection = { ok: true; mediaType: MediaType } | { ok: false; reason: Rejection };

/** Larger images are refused: 20,000 px a side, 100 megapixels (a 600-dpi A4 scan is 35). */
export const MAX_IMAGE_SIDE = 20_000;
export const MAX_IMAGE_PIXELS = 100_000_000;

/** Inflated object streams of one PDF; more is a bomb, not a form attachment. */
const MAX_INFLATED_OBJECTS = 32 * 1024 * 1024;

const startsWith = (content: Uint8Array, magic: number[]) =>
  content.length >= magic.length && magic.every((byte, i) => content[i] === byte);

/**
 * The media type by magic number, or undefined for anything else (executables, HTML, SVG,
 * Office files, archives). PDF must start with `%PDF-` at byte 0: readers accept junk before
 * it, but a file that is HTML first and PDF later is exactly what must not pass.
 */
export function sniffMediaType(content: Uint8Array): MediaType | undefined {
  if (startsWith(content, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (startsWith(content, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(content, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  return undefined;
}

/** The whole check: type by magic number, against `allowed`, then the file's structure. */
export function inspectFile(content: Uint8Array, allowed: readonly MediaType[]): Inspection {
  if (content.length === 0) return { ok: false, reason: 'empty' };
  const mediaType = sniffMediaType(content);
  if (mediaType === undefined) return { ok: false, reason: 'type' };
  if (!allowed.includes(mediaType)) return { ok: false, reason: 'notAllowed' };
  const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  const problem =
    mediaType === 'image/png'
      ? checkPng(bytes)
      : mediaType === 'image/jpeg'
        ? checkJpeg(bytes)
        : checkPdf(bytes);
  if (problem !== undefined) return { ok: false, reason: problem };
  if (hasMarkup(bytes) || hasZipDirectory(bytes)) return { ok: false, reason: 'polyglot' };
  return { ok: true, mediaType };
}

function imageTooLarge(width: number, height: number): boolean {
  return (
    width === 0 ||
    height === 0 ||
    width > MAX_IMAGE_SIDE ||
    height > MAX_IMAGE_SIDE ||
    width * height > MAX_IMAGE_PIXELS
  );
}

/** Walks the chunks: IHDR first, every CRC right, IEND last and nothing after it. */
function checkPng(b: Buffer): Rejection | undefined {
  let offset = 8;
  let first = true;
  for (;;) {
    if (offset + 12 > b.length) return 'damaged';
    const length = b.readUInt32BE(offset);
    const type = b.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (length > 0x7fffffff || end > b.length) return 'damaged';
    if (crc32(b.subarray(offset + 4, end - 4)) !== b.readUInt32BE(end - 4)) return 'damaged';
    if (first) {
      if (type !== 'IHDR' || length !== 13) return 'damaged';
      if (imageTooLarge(b.readUInt32BE(offset + 8), b.readUInt32BE(offset + 12))) {
        return 'dimensions';
      }
      first = false;
    }
    offset = end;
    if (type === 'IEND') return offset === b.length ? undefined : 'polyglot';
  }
}

// Start-of-frame markers carry the dimensions; C4 (DHT), C8 (JPG) and CC (DAC) are not frames.
const isFrame = (marker: number) =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;

/**
 * Walks the marker segments (so an end marker inside an EXIF thumbnail is not taken for the
 * end), skips entropy-coded data after each scan, and requires the end-of-image marker with
 * at most padding after it.
 */
function checkJpeg(b: Buffer): Rejection | undefined {
  let i = 2;
  let frame = false;
  for (;;) {
    if (i + 2 > b.length || b[i] !== 0xff) return 'damaged';
    let marker = b[i + 1] ?? 0;
    while (marker === 0xff) {
      i += 1;
      if (i + 2 > b.length) return 'damaged';
      marker = b[i + 1] ?? 0;
    }
    if (marker === 0xd9) {
      i += 2;
      break;
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      i += 2;
      continue;
    }
    if (i + 4 > b.length) return 'damaged';
    const length = b.readUInt16BE(i + 2);
    if (length < 2 || i + 2 + length > b.length) return 'damaged';
    if (isFrame(marker)) {
      if (length < 8) return 'damaged';
      if (imageTooLarge(b.readUInt16BE(i + 7), b.readUInt16BE(i + 5))) return 'dimensions';
      frame = true;
    }
    i += 2 + length;
    if (marker === 0xda) {
      // Entropy-coded data: 0xFF is followed by 00 (a stuffed byte), D0–D7 (restart) or a marker.
      for (;;) {
        i = b.indexOf(0xff, i);
        if (i === -1 || i + 1 >= b.length) return 'damaged';
        const next = b[i + 1] ?? 0;
        if (next === 0x00 || (next >= 0xd0 && next <= 0xd7)) i += 2;
        else if (next === 0xff) i += 1;
        else break;
      }
    }
  }
  if (!frame) return 'damaged';
  return onlyPadding(b, i) ? undefined : 'polyglot';
}

const PADDING = new Set([0x00, 0xff, 0x09, 0x0a, 0x0d, 0x20]);

/** Zero bytes, 0xFF fill and whitespace: what some writers leave at the end, nothing more. */
function onlyPadding(b: Buffer, from: number): boolean {
  for (let i = from; i < b.length; i++) {
    if (!PADDING.has(b[i] ?? 0)) return false;
  }
  return true;
}

/**
 * PDF names that run code, open other programs or files, reach out to the network, act by
 * themselves or carry files inside the PDF (docs/adr/0011: refused, not flagged). `/URI` is
 * a link action and `/SubmitForm` sends the form's fields to a server: a clerk's click must
 * not leave the town hall's network. `/AA` (additional actions) fires on opening a page or
 * touching a field; an `/OpenAction` is refused through the action it names.
 */
const ACTIVE_NAMES = new Set([
  'JavaScript',
  'JS',
  'Launch',
  'URI',
  'SubmitForm',
  'AA',
  'GoToR',
  'EmbeddedFile',
  'EmbeddedFiles',
  'RichMedia',
  'GoToE',
  'ImportData',
  'XFA',
]);

/**
 * Looks at the PDF's syntax outside its streams (page content and images are binary and may
 * contain any byte sequence) and outside its strings, plus the inflated object streams, where
 * objects can hide compressed. Strings are skipped as a reader skips them, so a "stream" or a
 * name inside a string is text, and cannot hide the objects after it from this check.
 */
function checkPdf(b: Buffer): Rejection | undefined {
  const eof = b.lastIndexOf('%%EOF');
  if (eof === -1) return 'damaged';
  if (!onlyPadding(b, eof + 5)) return 'polyglot';
  const split = splitPdf(b.toString('latin1'));
  if (split === undefined) return 'damaged';
  const syntax = [split.syntax];
  let inflated = 0;
  for (const stream of split.streams) {
    const objectStart = stream.dictionary.lastIndexOf('obj');
    const names = pdfNames(stream.dictionary.slice(objectStart === -1 ? 0 : objectStart));
    if (!names.includes('ObjStm')) continue;
    // Compressed objects: readers parse them like any other, so they are read here too.
    if (names.some((n) => n !== 'FlateDecode' && /Decode$/.test(n))) return 'damaged';
    let objects: Buffer;
    try {
      objects = inflateSync(b.subarray(stream.start, stream.end), {
        maxOutputLength: MAX_INFLATED_OBJECTS - inflated,
      });
    } catch {
      return 'damaged';
    }
    inflated += objects.length;
    const inner = splitPdf(objects.toString('latin1'));
    if (inner === undefined || inner.streams.length > 0) return 'damaged';
    syntax.push(inner.syntax);
  }
  for (const part of syntax) {
    if (pdfNames(part).some((name) => ACTIVE_NAMES.has(name))) return 'activeContent';
  }
  return undefined;
}

type PdfStream = { dictionary: string; start: number; end: number };

/**
 * Splits PDF text into its syntax (strings emptied, comments dropped) and its streams. A
 * stream's data ends after its /Length when that is a number followed by `endstream`, as
 * readers take it; otherwise at the next `endstream`. Undefined for what cannot be split
 * (an unterminated string or stream).
 */
function splitPdf(text: string): { syntax: string; streams: PdfStream[] } | undefined {
  let syntax = '';
  let sinceStream = 0;
  const streams: PdfStream[] = [];
  let from = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x28 /* ( */) {
      syntax += `${text.slice(from, i)}()`;
      let depth = 1;
      i += 1;
      while (i < text.length && depth > 0) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i += 2;
        else {
          if (d === 0x28) depth += 1;
          else if (d === 0x29) depth -= 1;
          i += 1;
        }
      }
      if (depth > 0) return undefined;
      from = i;
    } else if (c === 0x25 /* % */) {
      syntax += text.slice(from, i);
      while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i += 1;
      from = i;
    } else if (
      c === 0x73 /* s */ &&
      text.startsWith('stream', i) &&
      /\s|>/.test(text[i - 1] ?? '')
    ) {
      const eol = /^stream(\r\n|\n|\r)/.exec(text.slice(i, i + 8));
      if (eol === null) {
        i += 1;
        continue;
      }
      syntax += text.slice(from, i);
      const dictionary = syntax.slice(sinceStream);
      const start = i + eol[0].length;
      const end = streamEnd(text, start, dictionary);
      if (end === -1) return undefined;
      streams.push({ dictionary, start, end });
      syntax += ' stream ';
      sinceStream = syntax.length;
      i = end + 'endstream'.length;
      from = i;
    } else i += 1;
  }
  syntax += text.slice(from);
  return { syntax, streams };
}

/** Where `endstream` starts: after /Length bytes when they lead there, else the next one. */
function streamEnd(text: string, start: number, dictionary: string): number {
  const open = dictionary.lastIndexOf('<<');
  const length = /\/Length\s+(\d{1,10})(?!\s+\d+\s+R)/.exec(
    dictionary.slice(open === -1 ? 0 : open),
  );
  if (length) {
    const after = start + Number(length[1]);
    const at = /^(?:\r\n|\n|\r)?endstream/.exec(text.slice(after, after + 11));
    if (at) return after + at[0].length - 'endstream'.length;
  }
  return text.indexOf('endstream', start);
}

/** Every name (`/Type`, `/J#61vaScript` → `JavaScript`) in a piece of PDF syntax. */
function pdfNames(syntax: string): string[] {
  const names: string[] = [];
  for (const [, raw = ''] of syntax.matchAll(/\/([^\s()<>[\]{}/%]*)/g)) {
    names.push(
      raw.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    );
  }
  return names;
}

/** Markup a browser or script host would act on, anywhere in the file. */
function hasMarkup(b: Buffer): boolean {
  return /<(?:script|html|iframe|!doctype|\?php)[\s>/]/i.test(b.toString('latin1'));
}

/** A ZIP end-of-central-directory record where zip readers look for it (the last 64 KiB). */
function hasZipDirectory(b: Buffer): boolean {
  const tail = b.subarray(Math.max(0, b.length - 65_557));
  return tail.indexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])) !== -1;
}
