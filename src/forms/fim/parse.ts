// Reads a FIM XDatenfelder 2.0 or 3.0.0 message (Stammdatenschema 0102 or Datenfeldgruppe
// 0103) into a small version-neutral model: groups and fields in document order, with the
// few properties a form needs. XML is parsed by fast-xml-parser; this file only walks the
// resulting tree. Anything unexpected in the tree is tolerated (the published samples are
// often not XSD-valid); only a broken document, an unknown namespace or message fails.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export const NAMESPACES = {
  'urn:xoev-de:fim:standard:xdatenfelder_2': '2.0',
  'urn:xoev-de:fim:standard:xdatenfelder_3.0.0': '3.0.0',
} as const;
export type Standard = (typeof NAMESPACES)[keyof typeof NAMESPACES];

const MESSAGES = {
  'xdatenfelder.stammdatenschema.0102': 'stammdatenschema',
  'xdatenfelder.datenfeldgruppe.0103': 'datenfeldgruppe',
} as const;

/** The file cannot be read as a supported XDatenfelder message. */
export class FimFormatError extends Error {}

export type Rule = {
  id: string;
  version: string;
  name: string;
  /** Free-text rule (3.0.0 `freitextRegel`) or the definition/description. */
  text: string;
  script: string;
};

export type Constraints = {
  minLength?: string;
  maxLength?: string;
  minValue?: string;
  maxValue?: string;
  pattern?: string;
};

type Common = {
  id: string;
  version: string;
  name: string;
  /** `bezeichnungEingabe`, falling back to `name`. */
  label: string;
  /** `hilfetextEingabe`. */
  hint: string;
  rules: Rule[];
};

export type FimField = Common & {
  kind: 'field';
  feldart: string;
  datentyp: string;
  /** Parsed `praezisierung`; `raw` keeps text that could not be understood. */
  constraints: Constraints;
  rawConstraints?: string;
  inhalt: string;
  /** 3.0.0 `werte`: values listed in the message itself. */
  values: { code: string; name: string; hint: string }[];
  /** A referenced genericode list whose entries are not part of the message. */
  codeList?: string;
  prefill: string;
  maxSize?: string;
  mediaTypes: string[];
};

export type FimGroup = Common & { kind: 'group'; children: Child[] };
export type Child = { element: FimField | FimGroup; min: number; max: number | 'n' };

export type FimDocument = {
  standard: Standard;
  message: (typeof MESSAGES)[keyof typeof MESSAGES];
  root: FimGroup;
};

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // Codes like "6" and versions like "1.0" stay strings.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  transformTagName: (name) => name.replace(/^[^:]*:/, ''),
  isArray: (name) =>
    ['struktur', 'regel', 'wert', 'mediaType'].includes(name.replace(/^[^:]*:/, '')),
});

export function parseFim(xml: string): FimDocument {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new FimFormatError(`Not well-formed XML (line ${line}, column ${col}): ${msg}`);
  }
  let tree: Node;
  try {
    tree = parser.parse(xml) as Node;
  } catch (error) {
    throw new FimFormatError(
      `Not readable XML: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const rootName = Object.keys(tree).find((k) => !k.startsWith('?') && !k.startsWith('#'));
  if (rootName === undefined) throw new FimFormatError('The XML document has no root element.');
  const rootNode = asNode(tree[rootName]);
  const namespace = Object.entries(rootNode)
    .filter(([k]) => k === '@_xmlns' || k.startsWith('@_xmlns:'))
    .map(([, v]) => String(v))
    .find((v) => v.startsWith('urn:xoev-de:fim:standard:xdatenfelder'));
  if (namespace === undefined) {
    throw new FimFormatError(
      `<${rootName}> is not an XDatenfelder message (no urn:xoev-de:fim:standard:xdatenfelder namespace).`,
    );
  }
  const standard = (NAMESPACES as Record<string, Standard>)[namespace];
  if (standard === undefined) {
    throw new FimFormatError(
      `Unsupported XDatenfelder version (namespace ${namespace}); supported: 2.0 and 3.0.0.`,
    );
  }
  const message = (MESSAGES as Record<string, FimDocument['message']>)[rootName];
  if (message === undefined) {
    throw new FimFormatError(
      `Unsupported XDatenfelder message <${rootName}>; supported: ${Object.keys(MESSAGES).join(', ')}.`,
    );
  }
  const body = rootNode[message];
  if (body === undefined || typeof body !== 'object') {
    throw new FimFormatError(`<${rootName}> has no <${message}> element.`);
  }
  return { standard, message, root: readGroup(asNode(body)) };
}

function asNode(value: unknown): Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Node)
    : {};
}

function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** The text of an element, whitespace collapsed; "" when absent or empty. */
function str(value: unknown): string {
  if (typeof value === 'string') return value.replace(/\s+/g, ' ').trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object' && value !== null && '#text' in value) {
    return str((value as Node)['#text']);
  }
  return '';
}

/** A code element: `<x><code>…</code></x>`. */
function code(value: unknown): string {
  return str(asNode(value).code);
}

function common(node: Node): Common {
  const ident = asNode(node.identifikation);
  const name = str(node.name);
  return {
    id: str(ident.id),
    version: str(ident.version),
    name,
    label: str(node.bezeichnungEingabe) || name,
    hint: str(node.hilfetextEingabe),
    rules: list(node.regel).map((r) => readRule(asNode(r))),
  };
}

function readRule(node: Node): Rule {
  const ident = asNode(node.identifikation);
  return {
    id: str(ident.id),
    version: str(ident.version),
    name: str(node.name) || str(node.bezeichnungEingabe),
    text: str(node.freitextRegel) || str(node.beschreibung) || str(node.definition),
    script: str(node.script) || str(node.skript),
  };
}

function readGroup(node: Node): FimGroup {
  const children: Child[] = [];
  for (const s of list(node.struktur)) {
    const struktur = asNode(s);
    const [min, max] = cardinality(str(struktur.anzahl));
    const enthaelt = asNode(struktur.enthaelt);
    for (const g of list(enthaelt.datenfeldgruppe)) {
      children.push({ element: readGroup(asNode(g)), min, max });
    }
    for (const f of list(enthaelt.datenfeld)) {
      children.push({ element: readField(asNode(f)), min, max });
    }
  }
  return { kind: 'group', ...common(node), children };
}

/** `1:1`, `0:1`, `1:n`, `0:5`; anything unreadable counts as optional and single. */
function cardinality(anzahl: string): [number, number | 'n'] {
  const match = /^(\d+):(\d+|\*|n)$/i.exec(anzahl.replace(/\s/g, ''));
  if (!match) return [0, 1];
  const max = match[2] ?? '1';
  return [Number(match[1]), /^\d+$/.test(max) ? Number(max) : 'n'];
}

function readField(node: Node): FimField {
  const precision = node.praezisierung;
  let constraints: Constraints = {};
  let rawConstraints: string | undefined;
  const attributes = Object.entries(asNode(precision)).filter(([k]) => k.startsWith('@_'));
  if (attributes.length > 0) {
    // 3.0.0: attributes on <praezisierung>.
    for (const [k, v] of attributes) {
      const key = k.slice(2);
      if (['minLength', 'maxLength', 'minValue', 'maxValue', 'pattern'].includes(key)) {
        constraints[key as keyof Constraints] = String(v);
      }
    }
  } else {
    // 2.0: a JSON object as text, e.g. {"minLength":"1","maxLength":"120"}.
    const text = str(precision);
    if (text !== '') {
      try {
        const parsed: unknown = JSON.parse(text);
        if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
        for (const [k, v] of Object.entries(parsed)) {
          if (['minLength', 'maxLength', 'minValue', 'maxValue', 'pattern'].includes(k)) {
            constraints[k as keyof Constraints] = String(v);
          }
        }
      } catch {
        constraints = {};
        rawConstraints = text;
      }
    }
  }
  const reference = asNode(node.codelisteReferenz);
  const codeList =
    str(asNode(reference.genericodeIdentification).canonicalIdentification) ||
    str(reference.canonicalIdentification) ||
    str(asNode(reference.identifikation).id) ||
    undefined;
  return {
    kind: 'field',
    ...common(node),
    feldart: code(node.feldart),
    datentyp: code(node.datentyp),
    constraints,
    ...(rawConstraints === undefined ? {} : { rawConstraints }),
    inhalt:
      list(node.inhalt)
        .map(str)
        .find((s) => s !== '') ?? '',
    values: list(asNode(node.werte).wert).map((w) => {
      const wert = asNode(w);
      return { code: str(wert.code), name: str(wert.name), hint: str(wert.hilfe) };
    }),
    ...(codeList === undefined ? {} : { codeList }),
    prefill: code(node.vorbefuellung),
    ...(str(node.maxSize) === '' ? {} : { maxSize: str(node.maxSize) }),
    mediaTypes: list(node.mediaType)
      .map(str)
      .filter((s) => s !== ''),
  };
}
