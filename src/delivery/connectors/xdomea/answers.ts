// The DMS's answers in the answer folder, read: 0402 (Abgabe.ImportBestaetigen: per
// Schriftgutobjekt, imported or not, with the reasons) and 0403 (Abgabe.EmpfangBestaetigen: the
// message arrived, nothing more). Anything else is unreadable and is never guessed at.
// xdomea 3.0.0 has no element for the DMS's own reference in a 0402; its Kopf's free-text
// Hinweis is read as that reference when the DMS fills it (ADR 0027).
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { MESSAGE_0402, MESSAGE_0403, UUID } from './ids.ts';

const NAMESPACE = 'urn:xoev-de:xdomea:schema:3.0.0';
/** An import confirmation is a few kilobytes; anything far larger is not one. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

export type ImportedObject = { id: string; imported: boolean; reasons: string[] };

export type Answer =
  | { kind: 'import'; processId: string; objects: ImportedObject[]; hint: string | null }
  | { kind: 'receipt'; processId: string };

export class UnreadableAnswerError extends Error {
  override name = 'UnreadableAnswerError';
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  transformTagName: (name) => name.replace(/^[^:]*:/, ''),
  isArray: (name) => ['AbgegebenesObjekt', 'Fehlermeldung'].includes(name.replace(/^[^:]*:/, '')),
});

const node = (value: unknown, what: string): Node => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UnreadableAnswerError(`${what} is missing`);
  }
  return value as Node;
};

/** An element's text, whether the parser gave it as a string or as a node with #text. */
const textOf = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && typeof (value as Node)['#text'] === 'string')
    return (value as Node)['#text'] as string;
  return undefined;
};

export function parseAnswer(xml: string): Answer {
  // xdomea uses no DTD; one here could only be an entity trick.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new UnreadableAnswerError('a DTD is not allowed');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new UnreadableAnswerError(`not well-formed XML (line ${valid.err.line})`);
  }
  let tree: Node;
  try {
    tree = parser.parse(xml) as Node;
  } catch {
    throw new UnreadableAnswerError('not readable XML');
  }
  const rootName = Object.keys(tree).find((k) => !k.startsWith('?') && !k.startsWith('#'));
  if (rootName !== MESSAGE_0402 && rootName !== MESSAGE_0403) {
    throw new UnreadableAnswerError(`not an xdomea 0402 or 0403 (root ${rootName ?? 'none'})`);
  }
  const root = node(tree[rootName], rootName);
  const namespaces = Object.entries(root)
    .filter(([k]) => k === '@_xmlns' || k.startsWith('@_xmlns:'))
    .map(([, v]) => v);
  if (!namespaces.includes(NAMESPACE)) {
    throw new UnreadableAnswerError(`not in the xdomea 3.0.0 namespace`);
  }
  const kopf = node(root.Kopf, 'Kopf');
  const processId = textOf(kopf.ProzessID)?.toLowerCase();
  if (processId === undefined || !UUID.test(processId)) {
    throw new UnreadableAnswerError('Kopf/ProzessID is not a UUID');
  }
  const type = textOf(node(kopf.Nachrichtentyp, 'Kopf/Nachrichtentyp').code);
  const expected = rootName === MESSAGE_0402 ? '0402' : '0403';
  if (type !== expected) {
    throw new UnreadableAnswerError(`Nachrichtentyp ${type ?? 'missing'} in a ${expected}`);
  }
  if (rootName === MESSAGE_0403) return { kind: 'receipt', processId };

  const list = root.AbgegebenesObjekt;
  if (!Array.isArray(list) || list.length === 0) {
    throw new UnreadableAnswerError('no AbgegebenesObjekt');
  }
  const objects = list.map((entry): ImportedObject => {
    const object = node(entry, 'AbgegebenesObjekt');
    const id = textOf(object.IDSGO)?.toLowerCase();
    if (id === undefined || !UUID.test(id)) {
      throw new UnreadableAnswerError('AbgegebenesObjekt/IDSGO is not a UUID');
    }
    const flag = textOf(object.Erfolgreich);
    if (flag !== 'true' && flag !== '1' && flag !== 'false' && flag !== '0') {
      throw new UnreadableAnswerError('AbgegebenesObjekt/Erfolgreich is not a boolean');
    }
    const reasons = ((object.Fehlermeldung as unknown[] | undefined) ?? [])
      .map(textOf)
      .filter((r): r is string => r !== undefined && r !== '');
    return { id, imported: flag === 'true' || flag === '1', reasons };
  });
  const hint = textOf(kopf.Hinweis)?.trim() || null;
  return { kind: 'import', processId, objects, hint };
}
