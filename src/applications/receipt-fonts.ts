// Noto Sans for the receipt PDF, taken from the KERN package the portal already ships (SIL Open
// Font License, which allows embedding). KERN has WOFF2 and WOFF only. fontkit cannot subset the
// composite glyphs of WOFF2 (it throws), and reading WOFF it inflates a whole table again for
// every glyph, which made one receipt take seconds. So the WOFF files are unpacked into plain
// TrueType once per process with the native zlib, and parsed once: pdfkit accepts a fontkit font,
// and parsing the layout tables again for every document cost most of a receipt's render time.
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { create, type Font } from 'fontkit';
import { PreparedFace } from './receipt-prepared-font.ts';

const FONT_DIR = new URL(
  '../../node_modules/@kern-ux/native/dist/fonts/noto-sans/',
  import.meta.url,
);

export type ReceiptFonts = { regular: Font; bold: Font };

let fonts: ReceiptFonts | undefined;

export function receiptFonts(): ReceiptFonts {
  fonts ??= { regular: load('NotoSans-Regular.woff'), bold: load('NotoSans-Bold.woff') };
  return fonts;
}

let faces: { regular: PreparedFace; bold: PreparedFace } | undefined;

/** The same fonts subset and laid out once per process (receipt-prepared-font.ts). */
export function preparedReceiptFaces(): { regular: PreparedFace; bold: PreparedFace } {
  if (faces === undefined) {
    const { regular, bold } = receiptFonts();
    faces = { regular: new PreparedFace(regular), bold: new PreparedFace(bold) };
  }
  return faces;
}

function load(file: string): Font {
  const font = create(woffToTrueType(readFileSync(new URL(file, FONT_DIR))));
  if (!('layout' in font)) throw new Error(`${file} is a font collection, not a font`);
  return font;
}

const WOFF_SIGNATURE = 0x774f4646; // 'wOFF'
const WOFF_HEADER = 44;
const WOFF_ENTRY = 20;
const SFNT_HEADER = 12;
const SFNT_ENTRY = 16;

/** WOFF 1.0 (W3C): the same tables as the sfnt, each zlib-compressed unless that did not help. */
export function woffToTrueType(woff: Buffer): Buffer {
  if (woff.length < WOFF_HEADER || woff.readUInt32BE(0) !== WOFF_SIGNATURE) {
    throw new Error('not a WOFF 1.0 font');
  }
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables: { tag: number; checksum: number; data: Buffer }[] = [];
  for (let i = 0; i < numTables; i++) {
    const entry = WOFF_HEADER + i * WOFF_ENTRY;
    const offset = woff.readUInt32BE(entry + 4);
    const compLength = woff.readUInt32BE(entry + 8);
    const origLength = woff.readUInt32BE(entry + 12);
    const stored = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(stored) : Buffer.from(stored);
    if (data.length !== origLength) throw new Error('WOFF table has the wrong length');
    tables.push({ tag: woff.readUInt32BE(entry), checksum: woff.readUInt32BE(entry + 16), data });
  }
  // Table records must be sorted by tag; WOFF requires the same order, sorted again to be sure.
  tables.sort((a, b) => a.tag - b.tag);
  const padded = (n: number) => (n + 3) & ~3;
  let size = SFNT_HEADER + numTables * SFNT_ENTRY;
  for (const table of tables) size += padded(table.data.length);
  const sfnt = Buffer.alloc(size);
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  sfnt.writeUInt32BE(flavor, 0);
  sfnt.writeUInt16BE(numTables, 4);
  sfnt.writeUInt16BE(searchRange, 6);
  sfnt.writeUInt16BE(entrySelector, 8);
  sfnt.writeUInt16BE(numTables * 16 - searchRange, 10);
  let offset = SFNT_HEADER + numTables * SFNT_ENTRY;
  tables.forEach((table, i) => {
    const record = SFNT_HEADER + i * SFNT_ENTRY;
    sfnt.writeUInt32BE(table.tag, record);
    sfnt.writeUInt32BE(table.checksum, record + 4);
    sfnt.writeUInt32BE(offset, record + 8);
    sfnt.writeUInt32BE(table.data.length, record + 12);
    table.data.copy(sfnt, offset);
    offset += padded(table.data.length);
  });
  return sfnt;
}
