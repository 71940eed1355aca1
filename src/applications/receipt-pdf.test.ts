import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractText, getDocumentProxy, getMeta } from 'unpdf';
import type { ReceiptContent } from './receipt-content.ts';
import { preparedReceiptFaces } from './receipt-fonts.ts';
import { renderReceiptPdf } from './receipt-pdf.ts';

/** The prepared regular subset's font file, as its length appears in a PDF that embeds it. */
const preparedLength = () => `/Length1 ${preparedReceiptFaces().regular.fontFileLength}`;

function osterfeuer(overrides: Partial<ReceiptContent> = {}): ReceiptContent {
  return {
    verbundName: 'Portalverbund Emsland',
    authority: {
      name: 'Samtgemeinde Spelle',
      addressLines: ['Hauptstraße 43', '48480 Spelle'],
      phone: '05977 939-0',
      email: 'info@spelle.de',
      web: 'www.spelle.de',
    },
    serviceName: 'Osterfeuer anzeigen',
    leikaKey: '99063010006000',
    referenceNumber: 'EL-2026-004711',
    // 29 March 2026 is the night clocks go forward: 12:05 UTC is 14:05 in Germany (CEST).
    submittedAt: new Date('2026-03-29T12:05:33Z'),
    applicantName: 'Jürgen Müller-Weiß',
    sections: [
      {
        title: 'Veranstalter',
        answers: [
          { label: 'Name des Veranstalters', value: 'Schützenverein Grün-Weiß Spelle e. V.' },
          { label: 'Verantwortliche Person vor Ort', value: 'Änne Özdemir' },
          // As pasted from a Windows form field: CR LF, a tab and a stray control character.
          { label: 'Hinweise', value: 'Aufbau ab 16 Uhr\r\nAbbrand\tab 19 Uhr\u0007' },
          { label: 'Telefon während des Feuers', value: '0151 2345678' },
        ],
      },
      {
        title: 'Ort und Größe des Feuers',
        answers: [
          { label: 'Anschrift', value: 'Großer Esch 7\n48480 Spelle\nFlurstück 17/3' },
          { label: 'Größe des Brennguthaufens', value: '3 m × 4 m, höchstens 2,5 m hoch' },
          { label: 'Abstand zu Gebäuden', value: '' },
          { label: 'Löschmittel vor Ort', value: 'Gartenschlauch, 2 Feuerlöscher (6 kg)' },
        ],
      },
    ],
    attachments: [
      { name: 'Lageplan-Grünfläche.pdf', size: 1_234_567, mediaType: 'application/pdf' },
      { name: 'Foto Brennguthaufen.jpg', size: 4096, mediaType: 'image/jpeg' },
    ],
    ...overrides,
  };
}

const FOOTER = / ?(Vorgangsnummer|Reference number) \S+ (Seite|Page) \d+ (von|of) \d+$/;

/**
 * The text a reader copies out of the PDF, whitespace collapsed as line wrapping puts it
 * anywhere: `footers` of every page, and `all` the body text with the footers taken out, so that
 * an answer running over a page break reads on.
 */
async function pdfText(pdf: Buffer): Promise<{ footers: string[]; all: string }> {
  const { text } = await extractText(new Uint8Array(pdf), { mergePages: false });
  const pages = text.map((page) => page.replace(/\s+/g, ' ').trim());
  return {
    footers: pages.map((page) => page.match(FOOTER)?.[0].trim() ?? ''),
    all: pages.map((page) => page.replace(FOOTER, '')).join(' '),
  };
}

const flat = (text: string) => text.replace(/\s+/g, ' ').trim();
/** The PDF's objects are written uncompressed (only page content is deflated), so plain search works. */
const raw = (pdf: Buffer) => pdf.toString('latin1');

test('the German receipt shows the reference, authority, every answer and every attachment', async () => {
  const receipt = osterfeuer();
  const { all, footers } = await pdfText(await renderReceiptPdf(receipt, 'de'));
  for (const expected of [
    'Eingangsbestätigung',
    'Portalverbund Emsland',
    'Vorgangsnummer EL-2026-004711',
    'Leistung Osterfeuer anzeigen',
    'LeiKa-Schlüssel 99063010006000',
    'Eingegangen am 29. März 2026 um 14:05 Uhr',
    'Antragstellende Person Jürgen Müller-Weiß',
    'Zuständige Behörde Samtgemeinde Spelle Hauptstraße 43 48480 Spelle',
    'Telefon: 05977 939-0',
    'E-Mail: info@spelle.de',
    'Internet: www.spelle.de',
    'Ihre Angaben',
    'Anlagen',
    'Lageplan-Grünfläche.pdf (PDF, 1,2 MB)',
    'Foto Brennguthaufen.jpg (JPEG, 4 KB)',
    'Diese Eingangsbestätigung wurde automatisch erstellt',
  ]) {
    assert.ok(all.includes(expected), `the receipt shows "${expected}"`);
  }
  assert.ok(all.includes('Hinweise Aufbau ab 16 Uhr Abbrand ab 19 Uhr Telefon'), 'cleaned');
  for (const section of receipt.sections) {
    assert.ok(all.includes(section.title), `step title ${section.title}`);
    for (const { label, value } of section.answers) {
      const shown = value === '' ? 'keine Angabe' : flat(value.replace(/\p{Cc}/gu, ' '));
      assert.ok(all.includes(`${label} ${shown}`), `answer "${label}: ${shown}"`);
    }
  }
  assert.deepEqual(
    footers,
    footers.map((_, i) => `Vorgangsnummer EL-2026-004711 Seite ${i + 1} von ${footers.length}`),
  );
});

test('the English receipt translates the fixed texts and keeps the answers as given', async () => {
  const { all, footers } = await pdfText(
    await renderReceiptPdf(osterfeuer({ attachments: [], leikaKey: null }), 'en'),
  );
  assert.equal(footers[0], `Reference number EL-2026-004711 Page 1 of ${footers.length}`);
  for (const expected of [
    'Receipt',
    'Reference number EL-2026-004711',
    'Service Osterfeuer anzeigen',
    'Received on 29 March 2026 at 14:05 (German time)',
    'Applicant Jürgen Müller-Weiß',
    'Responsible authority Samtgemeinde Spelle',
    'Your answers',
    'Abstand zu Gebäuden not given',
    'You did not submit any attachments.',
  ]) {
    assert.ok(all.includes(expected), `the receipt shows "${expected}"`);
  }
  assert.ok(!all.includes('LeiKa'), 'no LeiKa row for a service without a key');
  assert.ok(!all.includes('Vorgangsnummer'), 'no German label left in the English receipt');
});

test('the PDF is tagged, titled, in its language, with embedded fonts and nothing active', async () => {
  const pdf = await renderReceiptPdf(osterfeuer(), 'de');
  const text = raw(pdf);
  assert.match(text, /\/MarkInfo \d+ 0 R/);
  assert.match(text, /<<\n\/Marked true\n>>/);
  assert.match(text, /\/StructTreeRoot \d+ 0 R/);
  assert.match(text, /\/Lang \(de-DE\)/);
  assert.match(text, /\/DisplayDocTitle true/);
  assert.equal(text.match(/\/FontFile2 /g)?.length, 2, 'regular and bold Noto Sans embedded');
  assert.doesNotMatch(
    text,
    /\/BaseFont \/(Helvetica|Times|Courier)/,
    'no unembedded standard font',
  );
  for (const active of ['/JavaScript', '/JS ', '/URI', '/Launch', '/SubmitForm', '/OpenAction']) {
    assert.ok(!text.includes(active), `no ${active}`);
  }

  const meta = await getMeta(new Uint8Array(pdf));
  assert.equal(meta.info.Title, 'Eingangsbestätigung EL-2026-004711');
  assert.equal(meta.info.Author, 'Samtgemeinde Spelle');
  assert.equal(meta.info.Subject, 'Osterfeuer anzeigen');
  assert.equal(meta.info.Language, 'de-DE');

  // pdf.js gives the structure per page: together they must make one tree from H1 to the list.
  const document = await getDocumentProxy(new Uint8Array(pdf));
  const roles: string[] = [];
  const walk = (node: { role?: string; children?: unknown[] }) => {
    if (node.role) roles.push(node.role);
    for (const child of node.children ?? []) walk(child as typeof node);
  };
  for (let page = 1; page <= document.numPages; page++) {
    walk(await (await document.getPage(page)).getStructTree());
  }
  assert.equal(roles[0], 'Root');
  assert.equal(roles[1], 'Document');
  for (const role of [
    'H1',
    'H2',
    'H3',
    'P',
    'Sect',
    'Table',
    'TR',
    'TH',
    'TD',
    'L',
    'LI',
    'LBody',
  ]) {
    assert.ok(roles.includes(role), `structure has ${role}`);
  }
  assert.equal(roles.filter((r) => r === 'H1').length, 1);
});

test('names with & and < stay intact in the metadata (pdfkit does not escape its XMP)', async () => {
  const name = 'Wasser- & Bodenverband <Hase>';
  const pdf = await renderReceiptPdf(
    osterfeuer({
      authority: { ...osterfeuer().authority, name },
      serviceName: 'An-, Um- & Abmeldung',
    }),
    'de',
  );
  const meta = await getMeta(new Uint8Array(pdf));
  assert.equal(meta.info.Author, name);
  assert.equal(meta.metadata.get('dc:creator')?.[0], name, 'XMP is valid and says the same');
  assert.equal(meta.metadata.get('dc:description'), 'An-, Um- & Abmeldung');
  assert.ok((await pdfText(pdf)).all.includes(name));
});

test('200 answers and a very long one run over several numbered pages without losing text', async () => {
  const longAnswer = `${'Das Brenngut besteht aus unbehandeltem Baum- und Strauchschnitt. '.repeat(120)}Ende.`;
  const unbroken = `IBAN-ohne-Leerzeichen-${'0123456789'.repeat(12)}`;
  const answers = Array.from({ length: 200 }, (_, i) => ({
    label: `Frage ${i + 1}: Wie groß ist die Fläche?`,
    value: `Antwort ${i + 1}: ${i % 7 === 0 ? 'gut zwölf Quadratmeter\nauf Grünland' : 'Straßenrand'}`,
  }));
  answers.splice(50, 0, { label: 'Beschreibung des Brennguts', value: longAnswer });
  answers.splice(120, 0, { label: 'Kontoverbindung', value: unbroken });
  const receipt = osterfeuer({ sections: [{ title: 'Viele Angaben', answers }] });
  const pdf = await renderReceiptPdf(receipt, 'de');
  const { footers, all } = await pdfText(pdf);

  assert.ok(footers.length >= 8, `paginated into ${footers.length} pages`);
  assert.deepEqual(
    footers,
    footers.map((_, i) => `Vorgangsnummer EL-2026-004711 Seite ${i + 1} von ${footers.length}`),
  );
  for (let i = 1; i <= 200; i++) {
    assert.ok(all.includes(`Frage ${i}: Wie groß ist die Fläche?`), `question ${i}`);
    assert.ok(all.includes(`Antwort ${i}: `), `answer ${i}`);
  }
  assert.ok(all.includes(flat(longAnswer)), 'the long answer is complete across the page breaks');
  assert.ok(all.replace(/ /g, '').includes(unbroken), 'a word wider than the column is wrapped');
  assert.equal(all.split('Das Brenngut besteht').length - 1, 120, 'no line printed twice');
});

test('a receipt with no answers and no attachments says so', async () => {
  const { all, footers } = await pdfText(
    await renderReceiptPdf(osterfeuer({ sections: [], attachments: [] }), 'de'),
  );
  assert.ok(all.includes('Dieser Antrag enthält keine Angaben.'));
  assert.ok(all.includes('Sie haben keine Anlagen eingereicht.'));
  assert.deepEqual(footers, ['Vorgangsnummer EL-2026-004711 Seite 1 von 1']);
});

test('a footer note of the caller replaces the default one', async () => {
  const footerNote = 'Bitte bringen Sie diese Bestätigung zur Abnahme des Feuers mit.';
  const { all } = await pdfText(await renderReceiptPdf(osterfeuer({ footerNote }), 'de'));
  assert.ok(all.includes(footerNote));
  assert.ok(!all.includes('automatisch erstellt'));
});

test('names in Greek or Cyrillic are kept: that receipt gets fonts of its own', async () => {
  const receipt = osterfeuer({
    applicantName: 'Αλέξανδρος Παπαδόπουλος',
    sections: [
      {
        title: 'Veranstalter',
        answers: [
          { label: 'Name des Veranstalters', value: 'Клуб «Весна» Lingen' },
          { label: 'Hinweise', value: 'Łódź, Dvořák, Şahin – Straße 12½' },
        ],
      },
    ],
  });
  const pdf = await renderReceiptPdf(receipt, 'de');
  const { all } = await pdfText(pdf);
  for (const expected of [
    'Antragstellende Person Αλέξανδρος Παπαδόπουλος',
    'Клуб «Весна» Lingen',
    'Łódź, Dvořák, Şahin – Straße 12½',
  ]) {
    assert.ok(all.includes(expected), `missing: ${expected}`);
  }
  assert.equal(raw(pdf).match(/\/FontFile2 /g)?.length, 2, 'still two embedded fonts');
  assert.ok(!raw(pdf).includes(preparedLength()), 'not the prepared subset');
});

test('receipts in Latin script share one prepared font subset and keep every letter', async () => {
  // Polish, Czech, Turkish and French names: all inside the prepared subset (Latin Extended-A).
  const names = ['Łucja Wiśniewska', 'Jiří Dvořák', 'Ayşe Öztürk-Çelik', 'Œuvre Cœur', 'Grüße ẞ'];
  for (const name of names) {
    const pdf = await renderReceiptPdf(osterfeuer({ applicantName: name }), 'de');
    const { all } = await pdfText(pdf);
    assert.ok(all.includes(name), `missing: ${name}`);
    assert.ok(raw(pdf).includes(preparedLength()), 'the prepared subset, not one of its own');
  }
});
