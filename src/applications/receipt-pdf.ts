// The receipt (Eingangsbestätigung) as a tagged PDF: headings, paragraphs, tables and lists are
// structure elements, everything else (rules, page footers) is marked as an artifact, so screen
// readers read the receipt in order and skip the decoration. Fonts are embedded and nothing is
// fetched from outside; e-mail and web addresses are plain text, not links, because a receipt is
// proof of what was sent and a link annotation would be one more thing to tag and to trust.
import PDFDocument from 'pdfkit';
import { formatSize } from '../mailbox/views.ts';
import { type Language, type Translate, translator } from '../web/i18n.ts';
import type { ReceiptContent, ReceiptSection } from './receipt-content.ts';
import { preparedReceiptFaces, receiptFonts } from './receipt-fonts.ts';
import { OutsidePreparedFont, usePreparedFont } from './receipt-prepared-font.ts';
import './messages.ts';

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;

const REGULAR = 'NotoSans-Regular';
const BOLD = 'NotoSans-Bold';

const PAGE_MARGINS = { top: 56, bottom: 72, left: 62, right: 62 };
const LABEL_SHARE = 0.36;
const CELL_GAP = 14;
const COLOUR = { text: '#1a1a1a', muted: '#4a4a4a', rule: '#9a9a9a' };
const SIZE = { small: 9, body: 10.5, h3: 12, h2: 14, h1: 20, reference: 13 };
const LANG_TAG: Record<Language, string> = { de: 'de-DE', en: 'en-GB' };

const TIME_ZONE = 'Europe/Berlin';
const dateFormat = {
  de: new Intl.DateTimeFormat('de-DE', { dateStyle: 'long', timeZone: TIME_ZONE }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: TIME_ZONE }),
};
const timeFormat = {
  de: new Intl.DateTimeFormat('de-DE', { timeStyle: 'short', timeZone: TIME_ZONE }),
  en: new Intl.DateTimeFormat('en-GB', { timeStyle: 'short', timeZone: TIME_ZONE }),
};

const MEDIA_TYPE_LABEL: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
};

export async function renderReceiptPdf(
  receipt: ReceiptContent,
  language: Language,
): Promise<Buffer> {
  try {
    return await compose(receipt, language, 'prepared');
  } catch (error) {
    // A character outside the prepared subset: this receipt gets a subset of its own.
    if (error instanceof OutsidePreparedFont) return compose(receipt, language, 'own-subset');
    throw error;
  }
}

/**
 * `prepared`: the process-wide font subsets of receipt-prepared-font.ts (fast, for the Latin
 * text nearly every receipt has); `own-subset`: pdfkit subsets the fonts for this document.
 */
async function compose(
  receipt: ReceiptContent,
  language: Language,
  fonts: 'prepared' | 'own-subset',
): Promise<Buffer> {
  const t = translator(language);
  const doc = new PDFDocument({
    // No default font: pdfkit would parse Helvetica's metrics for every document.
    font: null as unknown as string,
    size: 'A4',
    margins: PAGE_MARGINS,
    pdfVersion: '1.7',
    tagged: true,
    lang: LANG_TAG[language],
    displayTitle: true,
    // Page n of m needs m, so pages stay in memory until the end (a receipt has a handful).
    bufferPages: true,
    info: {
      Title: t('applications.receipt.documentTitle', { reference: receipt.referenceNumber }),
      Author: receipt.authority.name,
      Subject: receipt.serviceName,
      Creator: receipt.verbundName,
    },
  });
  escapeXmpMetadata(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  if (fonts === 'prepared') {
    const faces = preparedReceiptFaces();
    usePreparedFont(doc, REGULAR, faces.regular);
    usePreparedFont(doc, BOLD, faces.bold);
  } else {
    const parsed = receiptFonts();
    // pdfkit takes a parsed fontkit font as well as bytes (its typings know only bytes).
    doc.registerFont(REGULAR, parsed.regular as unknown as Buffer);
    doc.registerFont(BOLD, parsed.bold as unknown as Buffer);
  }
  doc.font(REGULAR).fontSize(SIZE.body).fillColor(COLOUR.text);

  const root = doc.struct('Document');
  doc.addStructure(root);
  writeHeader(doc, root, receipt, t);
  writeOverview(doc, root, receipt, language, t);
  writeAuthority(doc, root, receipt, t);
  writeAnswers(doc, root, receipt.sections, t);
  writeAttachments(doc, root, receipt, language, t);
  writeClosingNote(doc, root, receipt.footerNote ?? t('applications.receipt.footerNote'));
  root.end();
  writePageFooters(doc, receipt, t);

  doc.end();
  return finished;
}

function writeHeader(doc: Doc, root: Struct, receipt: ReceiptContent, t: Translate) {
  paragraph(doc, root, receipt.verbundName, { size: SIZE.small, colour: COLOUR.muted });
  doc.moveDown(0.6);
  heading(doc, root, 'H1', t('applications.receipt.title'), SIZE.h1);
  paragraph(doc, root, t('applications.receipt.lead'));
  doc.moveDown(0.4);
}

function writeOverview(
  doc: Doc,
  root: Struct,
  receipt: ReceiptContent,
  language: Language,
  t: Translate,
) {
  const rows: Row[] = [
    {
      label: t('applications.receipt.referenceNumber'),
      value: receipt.referenceNumber,
      strong: true,
    },
    { label: t('applications.receipt.service'), value: receipt.serviceName },
  ];
  if (receipt.leikaKey !== null) {
    rows.push({ label: t('applications.receipt.leikaKey'), value: receipt.leikaKey });
  }
  rows.push(
    {
      label: t('applications.receipt.submittedAt'),
      value: t('applications.receipt.submittedAtValue', {
        date: dateFormat[language].format(receipt.submittedAt),
        time: timeFormat[language].format(receipt.submittedAt),
      }),
    },
    { label: t('applications.receipt.applicant'), value: receipt.applicantName },
  );
  const section = sect(doc, root);
  heading(doc, section, 'H2', t('applications.receipt.overview'), SIZE.h2);
  table(doc, section, rows);
  section.end();
}

function writeAuthority(doc: Doc, root: Struct, receipt: ReceiptContent, t: Translate) {
  const { authority } = receipt;
  const section = sect(doc, root);
  heading(doc, section, 'H2', t('applications.receipt.authority'), SIZE.h2);
  paragraph(doc, section, authority.name, { bold: true });
  if (authority.addressLines.length > 0) {
    paragraph(doc, section, authority.addressLines.join('\n'));
  }
  const contact = [
    authority.phone && t('applications.receipt.phone', { value: authority.phone }),
    authority.email && t('applications.receipt.email', { value: authority.email }),
    authority.web && t('applications.receipt.web', { value: authority.web }),
  ].filter((line): line is string => typeof line === 'string' && line !== '');
  if (contact.length > 0) paragraph(doc, section, contact.join('\n'));
  section.end();
}

function writeAnswers(doc: Doc, root: Struct, sections: ReceiptSection[], t: Translate) {
  const part = sect(doc, root);
  heading(doc, part, 'H2', t('applications.receipt.answers'), SIZE.h2);
  if (sections.every((s) => s.answers.length === 0)) {
    paragraph(doc, part, t('applications.receipt.noAnswers'));
  }
  for (const step of sections) {
    if (step.answers.length === 0) continue;
    const section = sect(doc, part);
    heading(doc, section, 'H3', step.title, SIZE.h3);
    table(
      doc,
      section,
      step.answers.map((a) => ({
        label: a.label,
        value: a.value.trim() === '' ? t('applications.receipt.noAnswer') : a.value,
      })),
    );
    section.end();
  }
  part.end();
}

function writeAttachments(
  doc: Doc,
  root: Struct,
  receipt: ReceiptContent,
  language: Language,
  t: Translate,
) {
  const section = sect(doc, root);
  heading(doc, section, 'H2', t('applications.receipt.attachments'), SIZE.h2);
  if (receipt.attachments.length === 0) {
    paragraph(doc, section, t('applications.receipt.noAttachments'));
  } else {
    const list = doc.struct('L');
    section.add(list);
    for (const file of receipt.attachments) {
      const text = t('applications.receipt.attachment', {
        name: file.name,
        type: MEDIA_TYPE_LABEL[file.mediaType] ?? file.mediaType,
        size: formatSize(language, file.size),
      });
      listItem(doc, list, text);
    }
    list.end();
  }
  section.end();
}

function writeClosingNote(doc: Doc, root: Struct, note: string) {
  doc.moveDown(1);
  keepTogether(doc, textHeight(doc, note, contentWidth(doc)) + 12);
  rule(doc);
  doc.moveDown(0.5);
  paragraph(doc, root, note, { size: SIZE.small, colour: COLOUR.muted });
}

/** Reference number and "Seite n von m" on every page, as artifacts a screen reader skips. */
function writePageFooters(doc: Doc, receipt: ReceiptContent, t: Translate) {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const page = doc.page;
    // The footer sits inside the bottom margin; without this pdfkit would start a new page.
    const bottomMargin = page.margins.bottom;
    page.margins.bottom = 0;
    const y = page.height - bottomMargin + 24;
    const width = contentWidth(doc);
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.font(REGULAR).fontSize(SIZE.small).fillColor(COLOUR.muted);
    doc.text(
      t('applications.receipt.pageFooter', { reference: receipt.referenceNumber }),
      PAGE_MARGINS.left,
      y,
      {
        width,
        lineBreak: false,
      },
    );
    doc.text(
      t('applications.receipt.page', { page: i - start + 1, pages: count }),
      PAGE_MARGINS.left,
      y,
      {
        width,
        align: 'right',
        lineBreak: false,
      },
    );
    doc.endMarkedContent();
    page.margins.bottom = bottomMargin;
  }
}

type TextStyle = { size?: number; bold?: boolean; colour?: string };

function paragraph(doc: Doc, parent: Struct, given: string, style: TextStyle = {}) {
  const text = printable(given);
  styled(doc, style);
  const width = contentWidth(doc);
  parent.add(doc.struct('P', {}, () => doc.text(text, PAGE_MARGINS.left, doc.y, { width })));
  styled(doc, {});
  doc.moveDown(0.35);
}

function heading(doc: Doc, parent: Struct, tag: 'H1' | 'H2' | 'H3', given: string, size: number) {
  const text = printable(given);
  doc.moveDown(tag === 'H1' ? 0 : 0.8);
  const following = 3 * bodyLineHeight(doc);
  styled(doc, { size, bold: true });
  const width = contentWidth(doc);
  // A heading alone at the foot of a page is useless: keep it with what follows.
  keepTogether(doc, textHeight(doc, text, width) + following);
  parent.add(doc.struct(tag, {}, () => doc.text(text, PAGE_MARGINS.left, doc.y, { width })));
  styled(doc, {});
  doc.moveDown(0.3);
  if (tag === 'H2') doc.outline.addItem(text);
}

function listItem(doc: Doc, list: Struct, given: string) {
  const text = printable(given);
  const indent = 14;
  const width = contentWidth(doc) - indent;
  keepTogether(doc, Math.min(textHeight(doc, text, width), 3 * bodyLineHeight(doc)));
  const item = doc.struct('LI');
  list.add(item);
  const top = doc.y;
  item.add(
    doc.struct('Lbl', {}, () => doc.text('•', PAGE_MARGINS.left, top, { lineBreak: false })),
  );
  item.add(
    doc.struct('LBody', {}, () => doc.text(text, PAGE_MARGINS.left + indent, top, { width })),
  );
  item.end();
  doc.x = PAGE_MARGINS.left;
  doc.moveDown(0.2);
}

type Row = { label: string; value: string; strong?: boolean };

/**
 * Label | value rows as a table with row headers. A long value runs on over the page break
 * (pdfkit carries its tags along); a row never starts so low that its label would be torn.
 */
function table(doc: Doc, parent: Struct, rows: Row[]) {
  const width = contentWidth(doc);
  const labelWidth = Math.round(width * LABEL_SHARE);
  const valueX = PAGE_MARGINS.left + labelWidth + CELL_GAP;
  const valueWidth = width - labelWidth - CELL_GAP;
  const threeLines = 3 * bodyLineHeight(doc);
  const tableStruct = doc.struct('Table');
  parent.add(tableStruct);
  for (const { label, value, strong } of rows.map(printableRow)) {
    styled(doc, { bold: true });
    const labelHeight = textHeight(doc, label, labelWidth);
    styled(doc, { bold: strong, size: strong ? SIZE.reference : undefined });
    const valueHeight = textHeight(doc, value, valueWidth);
    keepTogether(doc, Math.max(labelHeight, Math.min(valueHeight, threeLines)) + 6);
    const top = doc.y;
    const startPage = doc.page;
    const tr = doc.struct('TR');
    tableStruct.add(tr);
    styled(doc, { bold: true });
    // pdfkit writes Scope into the attribute dictionary; its typings lack the option.
    const rowHeader = { scope: 'Row' } as Parameters<Doc['struct']>[1];
    tr.add(
      doc.struct('TH', rowHeader, () =>
        doc.text(label, PAGE_MARGINS.left, top, { width: labelWidth }),
      ),
    );
    const labelBottom = doc.y;
    styled(doc, { bold: strong, size: strong ? SIZE.reference : undefined });
    tr.add(doc.struct('TD', {}, () => doc.text(value, valueX, top, { width: valueWidth })));
    tr.end();
    styled(doc, {});
    const bottom = doc.page === startPage ? Math.max(labelBottom, doc.y) : doc.y;
    doc.x = PAGE_MARGINS.left;
    doc.y = bottom + 5;
  }
  tableStruct.end();
}

/**
 * Answers are typed by citizens: Windows line ends and tabs would print as boxes, and other
 * control characters have no glyph at all.
 */
function printable(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .replace(/[^\P{Cc}\n]/gu, '');
}

const printableRow = (row: Row): Row => ({
  ...row,
  label: printable(row.label),
  value: printable(row.value),
});

function sect(doc: Doc, parent: Struct): Struct {
  const section = doc.struct('Sect');
  parent.add(section);
  return section;
}

function rule(doc: Doc) {
  doc.markContent('Artifact', { type: 'Layout' });
  doc
    .moveTo(PAGE_MARGINS.left, doc.y)
    .lineTo(doc.page.width - PAGE_MARGINS.right, doc.y)
    .lineWidth(0.5)
    .strokeColor(COLOUR.rule)
    .stroke();
  doc.endMarkedContent();
}

/**
 * What pdfkit's heightOfString gives, without wrapping the text when it surely takes one line
 * (no line break, narrower than the column with a point to spare): most labels and values.
 */
export function textHeight(doc: Doc, text: string, width: number): number {
  if (!text.includes('\n') && doc.widthOfString(text) < width - 1) {
    const lineGap = (doc as unknown as { _lineGap?: number })._lineGap ?? 0;
    return doc.currentLineHeight(true) + lineGap;
  }
  return doc.heightOfString(text, { width });
}

/** Starts a new page unless `height` points still fit above the bottom margin. */
function keepTogether(doc: Doc, height: number) {
  if (doc.y + height > doc.page.maxY()) {
    doc.addPage();
    doc.x = PAGE_MARGINS.left;
  }
}

function styled(doc: Doc, style: TextStyle) {
  doc
    .font(style.bold ? BOLD : REGULAR)
    .fontSize(style.size ?? SIZE.body)
    .fillColor(style.colour ?? COLOUR.text);
}

/** Leaves the document in the body style, as every writer above expects between blocks. */
function bodyLineHeight(doc: Doc): number {
  styled(doc, {});
  return doc.currentLineHeight(true);
}

function contentWidth(doc: Doc): number {
  return doc.page.width - PAGE_MARGINS.left - PAGE_MARGINS.right;
}

/**
 * pdfkit copies Title, Author and Subject into the XMP metadata without escaping them, so an
 * authority called "Wasser- & Bodenverband" would make the XMP invalid XML. The document info
 * dictionary is written first (and escapes properly); only the XMP copy gets escaped text.
 */
function escapeXmpMetadata(doc: Doc) {
  const internal = doc as unknown as { endMetadata: () => void; info: Record<string, unknown> };
  const endMetadata = internal.endMetadata.bind(doc);
  internal.endMetadata = () => {
    for (const key of ['Title', 'Author', 'Subject', 'Creator', 'Keywords']) {
      const value = internal.info[key];
      if (typeof value === 'string') internal.info[key] = escapeXml(value);
    }
    endMetadata();
  };
}

function escapeXml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}
