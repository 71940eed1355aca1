// The xdomea 3.0.0 message 0401 (Abgabe.Abgabe) for one application: the Kopf (ProzessID,
// Absender = the Verbund, Empfänger = the authority, SendendesSystem, Importbestätigung asked
// for) and one Schriftgutobjekt, a Vorgang with the application's reference number as its
// Kennzeichen and its Primärdokumente: the receipt PDF, the answers as JSON, the attachments.
// Element order follows the XSD sequences (../shared/data/xdomea/, xdomea-Baukasten.xsd).
import type { Deliverable, DeliverableApplication } from '../../deliverable.ts';
import type { XdomeaConfig } from './config.ts';
import { DATEIFORMAT_LIST, formatCode } from './format-codes.ts';
import { derivedUuid, MESSAGE_0401, messageFileName } from './ids.ts';
import type { ZipEntry } from './zip.ts';

const NAMESPACE = 'urn:xoev-de:xdomea:schema:3.0.0';
const MEDIUM_ELECTRONIC =
  '<xdomea:Medium listURI="urn:xoev-de:xdomea:codeliste:medium" listVersionID="1.0"><code>001</code></xdomea:Medium>';

/** Formats that are compressed already: deflating them again costs time and saves nothing. */
const COMPRESSED = new Set([
  'jpg',
  'jpeg',
  'jpe',
  'png',
  'gif',
  'pdf',
  'zip',
  'docx',
  'xlsx',
  'pptx',
  'odt',
  'ods',
  'odp',
]);

type Content = string | readonly Content[];

/** Text content, escaped; characters XML 1.0 cannot carry at all are dropped. */
function text(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function flat(content: Content): string {
  return typeof content === 'string' ? content : content.map(flat).join('');
}

/** An element of the xdomea namespace; its content is markup already (use text() for text). */
const el = (name: string, ...content: Content[]) =>
  `<xdomea:${name}>${flat(content)}</xdomea:${name}>`;
const textEl = (name: string, value: string) => el(name, text(value));
const optional = (value: string | undefined, make: (v: string) => string) =>
  value === undefined ? '' : make(value);

/** The calendar day in Germany (xs:date), which is what a Posteingangsdatum means. */
const berlinDay = (at: Date) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(at);

const extensionOf = (name: string) => {
  const match = /\.([A-Za-z0-9]{1,10})$/.exec(name);
  return match?.[1]?.toLowerCase() ?? '';
};

type Primary = {
  id: string;
  kind: string;
  subject: string;
  originalName: string;
  content: Buffer;
  /** Dateiname inside the ZIP: the document's UUID and the original's extension. */
  fileName: string;
};

export type AbgabeMessage = {
  processId: string;
  /** `{ProzessID}_Abgabe.Abgabe.0401.zip`, the name the DMS looks for. */
  zipName: string;
  xml: string;
  /** The XML first, then the Primärdokumente: what goes into the ZIP. */
  entries: ZipEntry[];
};

/** The machine-readable copy of the application, for a DMS or Fachverfahren to import. */
function answersJson(a: DeliverableApplication, fileOf: ReadonlyMap<string, string>): Buffer {
  return Buffer.from(
    JSON.stringify(
      {
        format: 'rathausnetz.application/1',
        reference: a.reference,
        title: a.title,
        leikaKey: a.leikaKey,
        formId: a.formId,
        formVersion: a.formVersion,
        language: a.language,
        submittedAt: a.submittedAt.toISOString(),
        authority: a.authority.name,
        applicant: a.applicant,
        signedInAt: a.signedInAt,
        confirmed: a.confirmed,
        answers: a.answers,
        sections: a.sections,
        attachments: a.attachments.map((f) => ({
          fieldId: f.fieldId,
          name: f.name,
          mediaType: f.mediaType,
          size: f.size,
          sha256: f.sha256,
          /** The attachment's Dateiname in this ZIP. */
          file: fileOf.get(f.id),
        })),
      },
      null,
      2,
    ),
  );
}

export function buildAbgabe(
  item: Deliverable,
  config: XdomeaConfig,
  sender: { verbundName: string; productVersion?: string },
  at: Date,
): AbgabeMessage {
  const a = item.application;
  const processId = item.idempotencyKey.toLowerCase();
  const id = (name: string) => derivedUuid(processId, name);
  const primary = (
    name: string,
    kind: string,
    subject: string,
    originalName: string,
    content: Buffer,
  ): Primary => {
    const docId = id(name);
    const extension = extensionOf(originalName);
    return {
      id: docId,
      kind,
      subject,
      originalName,
      content,
      fileName: extension === '' ? docId : `${docId}.${extension}`,
    };
  };

  const receipt = primary(
    'receipt',
    'Eingangsbestätigung',
    `Eingangsbestätigung ${a.reference}`,
    a.receipt.name,
    a.receipt.content,
  );
  const attachments = a.attachments.map((f) =>
    primary(`attachment:${f.id}`, 'Anlage', `Anlage: ${f.name}`, f.name, f.content),
  );
  const answers = primary(
    'answers',
    'Antragsdaten',
    `Antragsdaten ${a.reference} (maschinenlesbar)`,
    `Antragsdaten-${a.reference}.json`,
    answersJson(a, new Map(a.attachments.map((f, i) => [f.id, attachments[i]?.fileName ?? '']))),
  );
  const documents = [receipt, answers, ...attachments];

  const day = berlinDay(a.submittedAt);
  const document = (p: Primary, position: number) => {
    const format = formatCode(extensionOf(p.originalName), config.formatCodes);
    return el(
      'Dokument',
      el(
        'Identifikation',
        el('ID', p.id),
        el('NummerImUebergeordnetenContainer', String(position)),
      ),
      el(
        'AllgemeineMetadaten',
        textEl('Betreff', p.subject),
        textEl('Kennzeichen', a.reference),
        MEDIUM_ELECTRONIC,
      ),
      textEl('FremdesGeschaeftszeichen', a.reference),
      el('Posteingangsdatum', day),
      textEl('Typ', p.kind),
      el(
        'Version',
        el('Nummer', '1'),
        el(
          'Format',
          `<xdomea:Name listURI="${DATEIFORMAT_LIST.uri}" listVersionID="${DATEIFORMAT_LIST.version}"><code>${format.code}</code></xdomea:Name>`,
          optional(format.otherName, (v) => textEl('SonstigerName', v)),
          el('Version', ''),
          el(
            'Primaerdokument',
            el('Dateiname', text(p.fileName)),
            textEl('DateinameOriginal', p.originalName),
            textEl('Ersteller', sender.verbundName),
            el('DatumUhrzeit', a.submittedAt.toISOString()),
          ),
        ),
      ),
    );
  };

  const kopf = el(
    'Kopf',
    el('ProzessID', processId),
    '<xdomea:Nachrichtentyp listURI="urn:xoev-de:xdomea:codeliste:nachrichtentyp" listVersionID="2.0"><code>0401</code><name>Abgabe.Abgabe</name></xdomea:Nachrichtentyp>',
    el('Erstellungszeitpunkt', at.toISOString()),
    el('Absender', el('Institution', textEl('Name', sender.verbundName))),
    el(
      'Empfaenger',
      optional(config.recipientAuthorityKey, (key) =>
        el('Behoerdenkennung', el('Behoerdenschluessel', `<code>${text(key)}</code>`)),
      ),
      el('Institution', textEl('Name', a.authority.name)),
      optional(config.recipientUnit, (unit) => el('Organisationseinheit', textEl('Name', unit))),
    ),
    el(
      'SendendesSystem',
      optional(config.sendingSystemInstance, (v) => textEl('InstanzID', v)),
      textEl('Produktname', config.sendingSystem),
      optional(sender.productVersion, (v) => textEl('Version', v)),
    ),
    el('Importbestaetigung', '1'),
    // A receipt (0403) is not needed: the import confirmation says more, and we read both.
    el('Empfangsbestaetigung', '0'),
  );

  const vorgang = el(
    'Vorgang',
    el('Identifikation', el('ID', id('vorgang'))),
    el(
      'AllgemeineMetadaten',
      textEl('Betreff', a.title),
      textEl('Kennzeichen', a.reference),
      textEl(
        'Bemerkung',
        `Online-Antrag über ${sender.verbundName}; Leistung ${a.leikaKey}, Formular ${a.formId} Version ${a.formVersion}`,
      ),
      MEDIUM_ELECTRONIC,
    ),
    textEl('Typ', 'Online-Antrag'),
    el('Laufzeit', el('Beginn', day)),
    documents.map((p, i) => document(p, i + 1)),
  );

  const xml = [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<xdomea:${MESSAGE_0401} xmlns:xdomea="${NAMESPACE}">`,
    kopf,
    el('Schriftgutobjekt', vorgang),
    `</xdomea:${MESSAGE_0401}>\n`,
  ].join('');

  return {
    processId,
    zipName: messageFileName(processId, MESSAGE_0401, 'zip'),
    xml,
    entries: [
      { name: messageFileName(processId, MESSAGE_0401, 'xml'), content: Buffer.from(xml, 'utf8') },
      ...documents.map((p) => ({
        name: p.fileName,
        content: p.content,
        compress: !COMPRESSED.has(extensionOf(p.originalName)),
      })),
    ],
  };
}

/** The Vorgang's ID in a hand-over: what a 0402 names as IDSGO. */
export const vorgangIdOf = (processId: string) => derivedUuid(processId.toLowerCase(), 'vorgang');
