// The receipt's fonts, prepared once per process instead of once per document. pdfkit's own
// embedded font shapes every word with fontkit (GSUB/GPOS, about half of a receipt's CPU) and
// subsets and deflates the font file at the end of every document (a quarter). Here:
// - one subset of each face, built once, covers the characters a German or English receipt
//   uses (Latin-1, Latin Extended-A, the usual punctuation) and the ligatures they shape into;
//   its font file, widths and ToUnicode map are deflated once and written as they are;
// - shaped words are kept for the process (bounded), so "Vorgangsnummer" is shaped once.
// A receipt whose text needs a glyph outside the prepared subset (Cyrillic, Greek, emoji …)
// makes `encode` throw OutsidePreparedFont; the renderer then renders it again the slow way,
// with pdfkit's per-document subset, so no character is ever lost.
//
// This plugs into pdfkit by putting an object with the shape of its PDFFont into the
// document's font table (pdfkit 0.20's `_fontFamilies`, pinned in package.json); the receipt
// tests extract the text again and compare, so a pdfkit change that breaks it fails there.
import { deflateSync } from 'node:zlib';
import type { Font, Glyph } from 'fontkit';

/** pdfkit's glyph position, in 1/1000 of the font size. */
type Position = {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
};

type Run = { hex: string[]; positions: Position[]; advanceWidth: number };

export class OutsidePreparedFont extends Error {
  constructor() {
    super('the text needs a glyph outside the prepared font subset');
    this.name = 'OutsidePreparedFont';
  }
}

/** What a receipt in German or English can be expected to contain. */
function repertoire(): string[] {
  const chars: string[] = [];
  const range = (from: number, to: number) => {
    for (let cp = from; cp <= to; cp++) chars.push(String.fromCodePoint(cp));
  };
  range(0x20, 0x7e);
  range(0xa0, 0x17f);
  range(0x2010, 0x2027);
  range(0x2030, 0x203a);
  for (const cp of [0x20ac, 0x2116, 0x2122, 0x2212, 0x2192, 0x2022, 0x1e9e]) {
    chars.push(String.fromCodePoint(cp));
  }
  // Sequences shaping may turn into glyphs of their own (ligatures, contextual forms).
  chars.push('ff', 'fi', 'fl', 'ffi', 'ffl', 'ft', 'fb', 'fh', 'fj', 'fk', 'tt', 'Th');
  return chars;
}

/**
 * PDF syntax prepared once. pdfkit writes an object it does not know as `${object}`; the tag
 * keeps it from being taken for a dictionary.
 */
class PdfSyntax {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
  get [Symbol.toStringTag]() {
    return 'PdfSyntax';
  }
  toString() {
    return this.text;
  }
}

const WORD_CACHE_LIMIT = 20_000;
const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/**
 * One face prepared for the process: its subset's bytes and tables, and the words shaped so far.
 * Shaped words are held only in memory and only as glyph numbers; the cache is dropped whole
 * when it grows past its limit.
 */
export class PreparedFace {
  readonly font: Font;
  readonly scale: number;
  private readonly cidOf = new Map<number, number>();
  private readonly words = new Map<string, Run>();
  readonly fontFile: Buffer;
  readonly fontFileLength: number;
  readonly toUnicode: Buffer;
  /** The CIDFont's W array, written as text once: pdfkit would format ~450 numbers per document. */
  readonly widths: PdfSyntax;

  constructor(font: Font) {
    this.font = font;
    this.scale = 1000 / font.unitsPerEm;
    // fontkit's typings say includeGlyph takes a glyph and returns a boolean; it takes either
    // and returns the glyph's number in the subset.
    const subset = font.createSubset() as unknown as {
      includeGlyph(glyph: number): number;
      encode(): Uint8Array;
      glyphs: number[];
    };
    const unicode: number[][] = [[0]];
    for (const text of repertoire()) {
      for (const glyph of font.layout(text).glyphs) {
        const cid = subset.includeGlyph(glyph.id);
        this.cidOf.set(glyph.id, cid);
        unicode[cid] ??= glyph.codePoints;
      }
    }
    const file = Buffer.from(subset.encode());
    this.fontFileLength = file.length;
    this.fontFile = deflateSync(file);
    // Encoding added the components of composite glyphs: they need widths, no text.
    const widths = subset.glyphs.map((gid) => font.getGlyph(gid).advanceWidth * this.scale);
    this.widths = new PdfSyntax(`[0 [${widths.map((w) => Math.round(w * 1e6) / 1e6).join(' ')}]]`);
    this.toUnicode = deflateSync(toUnicodeCmap(unicode));
  }

  /** pdfkit's layout: words split after each space or tab, each shaped once. */
  layout(text: string): Run {
    const words = splitWords(text);
    if (words.length === 1) return this.word(words[0] as string);
    const hex: string[] = [];
    const positions: Position[] = [];
    let advanceWidth = 0;
    for (const word of words) {
      const run = this.word(word);
      for (const h of run.hex) hex.push(h);
      for (const p of run.positions) positions.push(p);
      advanceWidth += run.advanceWidth;
    }
    return { hex, positions, advanceWidth };
  }

  /** The advance of `text` in 1/1000 of the font size, without building its glyph run. */
  width(text: string): number {
    let advanceWidth = 0;
    for (const word of splitWords(text)) advanceWidth += this.word(word).advanceWidth;
    return advanceWidth;
  }

  private word(text: string): Run {
    const cached = this.words.get(text);
    if (cached) return cached;
    const run = this.composed(text) ?? this.shaped(text);
    if (this.words.size >= WORD_CACHE_LIMIT) this.words.clear();
    this.words.set(text, run);
    return run;
  }

  /** The word through fontkit's full OpenType shaping (features, ligatures, marks). */
  private shaped(text: string): Run {
    const shaped = this.font.layout(text);
    const hex: string[] = [];
    const positions: Position[] = [];
    shaped.glyphs.forEach((glyph: Glyph, i: number) => {
      const cid = this.cidOf.get(glyph.id);
      if (cid === undefined) throw new OutsidePreparedFont();
      hex.push(hex4(cid));
      const p = shaped.positions[i];
      if (p === undefined) throw new Error('fontkit returned fewer positions than glyphs');
      positions.push({
        xAdvance: p.xAdvance * this.scale,
        yAdvance: p.yAdvance * this.scale,
        xOffset: p.xOffset * this.scale,
        yOffset: p.yOffset * this.scale,
        advanceWidth: glyph.advanceWidth * this.scale,
      });
    });
    return { hex, positions, advanceWidth: shaped.advanceWidth * this.scale };
  }

  /**
   * The same result as `shaped` from cached single characters and pair kerning, for words in
   * which shaping does nothing else: each character one glyph of its own, and every adjacent
   * pair, shaped alone, only kerned (the first glyph's advance changed). Shaping one word costs
   * fontkit its whole feature set-up; the citizen's answers bring new words to every receipt.
   * Undefined when any pair does more (a ligature, a mark): then the word is shaped.
   */
  private composed(text: string): Run | undefined {
    const chars = Array.from(text);
    const hex: string[] = [];
    const positions: Position[] = [];
    let advanceWidth = 0;
    for (let i = 0; i < chars.length; i++) {
      const single = this.single(chars[i] as string);
      if (single === undefined) return undefined;
      let kern = 0;
      if (i + 1 < chars.length) {
        const pair = this.pairKern(chars[i] as string, chars[i + 1] as string);
        if (pair === undefined) return undefined;
        kern = pair;
      }
      hex.push(single.hex);
      const xAdvance = single.advance + kern;
      positions.push({
        xAdvance,
        yAdvance: 0,
        xOffset: 0,
        yOffset: 0,
        advanceWidth: single.advance,
      });
      advanceWidth += xAdvance;
    }
    return { hex, positions, advanceWidth };
  }

  private readonly singles = new Map<
    string,
    { gid: number; hex: string; advance: number } | null
  >();
  private readonly kerns = new Map<string, number | null>();

  private single(char: string) {
    let known = this.singles.get(char);
    if (known === undefined) {
      const run = this.font.layout(char);
      const glyph = run.glyphs[0];
      const p = run.positions[0];
      const cid = glyph === undefined ? undefined : this.cidOf.get(glyph.id);
      known =
        run.glyphs.length === 1 &&
        glyph !== undefined &&
        cid !== undefined &&
        p !== undefined &&
        p.xOffset === 0 &&
        p.yOffset === 0 &&
        p.yAdvance === 0 &&
        p.xAdvance === glyph.advanceWidth
          ? { gid: glyph.id, hex: hex4(cid), advance: glyph.advanceWidth * this.scale }
          : null;
      this.singles.set(char, known);
    }
    return known ?? undefined;
  }

  private pairKern(first: string, second: string): number | undefined {
    const key = first + second;
    let known = this.kerns.get(key);
    if (known === undefined) {
      const a = this.single(first);
      const b = this.single(second);
      const run = this.font.layout(key);
      const [pa, pb] = run.positions;
      known =
        a !== undefined &&
        b !== undefined &&
        run.glyphs.length === 2 &&
        run.glyphs[0]?.id === a.gid &&
        run.glyphs[1]?.id === b.gid &&
        pa !== undefined &&
        pb !== undefined &&
        pa.xOffset === 0 &&
        pa.yOffset === 0 &&
        pa.yAdvance === 0 &&
        pb.xOffset === 0 &&
        pb.yOffset === 0 &&
        pb.yAdvance === 0 &&
        pb.xAdvance === (run.glyphs[1]?.advanceWidth ?? Number.NaN)
          ? pa.xAdvance * this.scale - a.advance
          : null;
      this.kerns.set(key, known);
    }
    return known ?? undefined;
  }

  /** For tests: the word shaped by fontkit and, where that applies, composed from pairs. */
  compare(text: string): { shaped: Run; composed: Run | undefined } {
    return { shaped: this.shaped(text), composed: this.composed(text) };
  }
}

/** As pdfkit splits: after each space or tab, the space staying with the word before it. */
function splitWords(text: string): string[] {
  const words: string[] = [];
  let last = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === 0x20 || char === 0x09) {
      words.push(text.slice(last, index + 1));
      last = index + 1;
    }
  }
  if (last < text.length) words.push(text.slice(last));
  return words;
}

function toUnicodeCmap(unicode: number[][]): Buffer {
  const entries = unicode.map((codePoints) => {
    const units: string[] = [];
    for (const cp of codePoints ?? [0]) {
      if (cp > 0xffff) {
        const v = cp - 0x10000;
        units.push(hex4(0xd800 | ((v >>> 10) & 0x3ff)), hex4(0xdc00 | (v & 0x3ff)));
      } else units.push(hex4(cp));
    }
    return `<${units.join('')}>`;
  });
  const ranges: string[] = [];
  for (let start = 0; start < entries.length; start += 100) {
    const end = Math.min(start + 100, entries.length);
    ranges.push(`<${hex4(start)}> <${hex4(end - 1)}> [${entries.slice(start, end).join(' ')}]`);
  }
  return Buffer.from(
    [
      '/CIDInit /ProcSet findresource begin',
      '12 dict begin',
      'begincmap',
      '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
      '/CMapName /Adobe-Identity-UCS def',
      '/CMapType 2 def',
      '1 begincodespacerange',
      '<0000><ffff>',
      'endcodespacerange',
      // beginbfrange allows at most 100 entries per block
      ...ranges.flatMap((range) => ['1 beginbfrange', range, 'endbfrange']),
      'endcmap',
      'CMapName currentdict /CMap defineresource pop',
      'end',
      'end',
    ].join('\n'),
    'latin1',
  );
}

type Doc = PDFKit.PDFDocument;
/** pdfkit's PDFReference as used here (its typings fix `data` to a page's resources). */
type Ref = { data: Record<string, unknown>; end(chunk?: Uint8Array): void };
const newRef = (doc: Doc, data: Record<string, unknown> = {}) =>
  (doc as unknown as { ref(data: Record<string, unknown>): Ref }).ref(data);

/**
 * One face in one document, in the shape pdfkit expects of a font (PDFFont): text encoded to
 * the prepared subset's glyph numbers, the font objects written once at the document's end.
 */
class PreparedDocumentFont {
  readonly name: string;
  readonly ascender: number;
  readonly descender: number;
  readonly lineGap: number;
  readonly xHeight: number;
  readonly capHeight: number;
  readonly bbox: Font['bbox'];
  readonly id: string;
  private readonly document: Doc;
  private readonly face: PreparedFace;
  private dictionary: Ref | undefined;
  private embedded = false;

  constructor(document: Doc, face: PreparedFace, id: string) {
    this.document = document;
    this.face = face;
    this.id = id;
    const { font, scale } = face;
    this.name = font.postscriptName;
    this.ascender = font.ascent * scale;
    this.descender = font.descent * scale;
    this.lineGap = font.lineGap * scale;
    this.xHeight = font.xHeight * scale;
    this.capHeight = font.capHeight * scale;
    this.bbox = font.bbox;
  }

  encode(text: string, features?: unknown): [string[], Position[]] {
    if (features !== undefined) throw new OutsidePreparedFont();
    const run = this.face.layout(text);
    return [run.hex, run.positions];
  }

  widthOfString(text: string, size: number, features?: unknown): number {
    if (features !== undefined) throw new OutsidePreparedFont();
    return (this.face.width(text) * size) / 1000;
  }

  lineHeight(size: number, includeGap = false): number {
    const gap = includeGap ? this.lineGap : 0;
    return ((this.ascender + gap - this.descender) / 1000) * size;
  }

  ref(): Ref {
    this.dictionary ??= newRef(this.document);
    return this.dictionary;
  }

  finalize(): void {
    if (this.embedded || this.dictionary === undefined) return;
    this.embed(this.dictionary);
    this.embedded = true;
  }

  private embed(dictionary: Ref): void {
    const { font, scale } = this.face;
    const doc = this.document;
    // Already deflated: a Filter given up front keeps pdfkit from compressing it again.
    const fontFile = newRef(doc, { Filter: 'FlateDecode', Length1: this.face.fontFileLength });
    fontFile.end(this.face.fontFile);
    const tag = subsetTag(this.id);
    const name = `${tag}+${font.postscriptName.replaceAll(' ', '_')}`;
    // Flags: symbolic (bit 3), as pdfkit sets it for an embedded subset.
    const descriptor = newRef(doc, {
      Type: 'FontDescriptor',
      FontName: name,
      Flags: 1 << 2,
      FontBBox: [
        font.bbox.minX * scale,
        font.bbox.minY * scale,
        font.bbox.maxX * scale,
        font.bbox.maxY * scale,
      ],
      ItalicAngle: font.italicAngle,
      Ascent: this.ascender,
      Descent: this.descender,
      CapHeight: (font.capHeight || font.ascent) * scale,
      XHeight: (font.xHeight || 0) * scale,
      StemV: 0,
      FontFile2: fontFile,
    });
    descriptor.end();
    const descendant = newRef(doc, {
      Type: 'Font',
      Subtype: 'CIDFontType2',
      BaseFont: name,
      CIDSystemInfo: {
        Registry: new String('Adobe'),
        Ordering: new String('Identity'),
        Supplement: 0,
      },
      FontDescriptor: descriptor,
      W: this.face.widths,
      CIDToGIDMap: 'Identity',
    });
    descendant.end();
    const toUnicode = newRef(doc, { Filter: 'FlateDecode' });
    toUnicode.end(this.face.toUnicode);
    dictionary.data = {
      Type: 'Font',
      Subtype: 'Type0',
      BaseFont: name,
      Encoding: 'Identity-H',
      DescendantFonts: [descendant],
      ToUnicode: toUnicode,
    };
    dictionary.end();
  }
}

/** Six capitals, as PDF wants before a subset's name; from the font's id like pdfkit's. */
function subsetTag(id: string): string {
  return [1, 2, 3, 4, 5, 6]
    .map((i) => String.fromCharCode(((id.charCodeAt(i) || 73) % 26) + 65))
    .join('');
}

/** Makes `name` a font of `doc` that writes with the prepared face. */
export function usePreparedFont(doc: Doc, name: string, face: PreparedFace): void {
  const internal = doc as unknown as {
    _fontFamilies: Record<string, unknown>;
    _fontCount: number;
  };
  const id = `F${++internal._fontCount}`;
  internal._fontFamilies[name] = new PreparedDocumentFont(doc, face, id);
}
