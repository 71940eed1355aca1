// Turns a parsed XDatenfelder document into a form definition document (not yet loaded) and
// a report of everything that could not be carried over. Top-level groups become steps;
// deeper groups are flattened into their step, introduced by an info block with the group's
// label. FIM has no English texts: the German one is used for both and the report lists
// every such place.

import { transliterateUmlauts } from '../../umlauts.ts';
import { FIELD_ID, FILE_TYPES, LIMITS, type Localized } from '../definition.ts';
import type { Child, FimDocument, FimField, FimGroup, Rule } from './parse.ts';

export type ReportEntry = {
  /** Where in the FIM document, e.g. `G00000082 › F60000227`. */
  where: string;
  message: string;
};

export type ImportReport = {
  source: { standard: string; message: string; id: string; version: string; name: string };
  steps: number;
  fields: number;
  /** Regeln: never mapped, listed with their text so someone can decide by hand. */
  rules: (ReportEntry & { rule: Rule })[];
  /** FIM content that was dropped or only partly mapped. */
  unmapped: ReportEntry[];
  /** JSON paths of English texts that are only copies of the German one. */
  untranslated: string[];
};

type Draft = Record<string, unknown>;
type StepDraft = { id: string; title: Localized; intro?: Localized; fields: Draft[] };

const MAX_FIELDS_PER_STEP = 100;
const MAX_TEXT = 5000;
const RESERVED = new Set(['inhalt', 'error', ...Object.getOwnPropertyNames(Object.prototype)]);

export function mapDocument(doc: FimDocument): { document: unknown; report: ImportReport } {
  const root = doc.root;
  const report: ImportReport = {
    source: {
      standard: doc.standard,
      message: doc.message,
      id: root.id,
      version: root.version,
      name: root.name,
    },
    steps: 0,
    fields: 0,
    rules: [],
    unmapped: [],
    untranslated: [],
  };
  const fieldIds = new Set<string>();
  const stepIds = new Set<string>();
  const seenRules = new Set<string>();
  const rootWhere = root.id || root.name || 'root';

  const addRules = (element: FimGroup | FimField, where: string) => {
    for (const rule of element.rules) {
      const key = `${where}|${rule.id}|${rule.version}`;
      if (seenRules.has(key)) continue;
      seenRules.add(key);
      report.rules.push({
        where,
        rule,
        message: `Regel ${rule.id || '(ohne ID)'}${rule.version ? ` v${rule.version}` : ''} „${rule.name}“ not mapped${rule.text ? `: ${rule.text}` : ''}${rule.script ? ` [script: ${rule.script}]` : ''}`,
      });
    }
  };
  const unmapped = (where: string, message: string) => report.unmapped.push({ where, message });

  addRules(root, rootWhere);

  // Consecutive loose fields share a step; each top-level group is its own step.
  const steps: StepDraft[] = [];
  const stepSources = new Map<StepDraft, string>();
  let loose: StepDraft | undefined;
  for (const child of root.children) {
    const where = `${rootWhere} › ${child.element.id || child.element.name}`;
    if (child.element.kind === 'group') {
      loose = undefined;
      const group = child.element;
      const step: StepDraft = {
        id: uniqueSlug(group.label || group.name, stepIds),
        title: localized(group.label || group.name || 'Angaben'),
        fields: [],
      };
      if (group.hint) step.intro = localized(truncate(group.hint, where, unmapped));
      steps.push(step);
      stepSources.set(step, where);
      noteRepeat(child, where, unmapped);
      addRules(group, where);
      step.fields.push(...mapChildren(group, child.min >= 1, where));
    } else {
      if (loose === undefined) {
        loose = {
          id: uniqueSlug(root.label || 'angaben', stepIds),
          title: localized(root.label || 'Angaben'),
          fields: [],
        };
        steps.push(loose);
      }
      loose.fields.push(...mapChild(child, true, where));
    }
  }

  function mapChildren(group: FimGroup, required: boolean, where: string): Draft[] {
    return group.children.flatMap((child) =>
      mapChild(child, required, `${where} › ${child.element.id || child.element.name}`),
    );
  }

  function mapChild(child: Child, parentRequired: boolean, where: string): Draft[] {
    noteRepeat(child, where, unmapped);
    const element = child.element;
    addRules(element, where);
    if (element.kind === 'group') {
      if (!parentRequired && child.min >= 1) {
        unmapped(where, 'required inside an optional group: its fields were made optional');
      }
      const heading: Draft = {
        type: 'info',
        id: uniqueId(element.label || element.name, fieldIds),
        title: localized(element.label || element.name || 'Abschnitt'),
        text: localized(truncate(element.hint || element.label || element.name, where, unmapped)),
      };
      const inner = mapChildren(element, parentRequired && child.min >= 1, where);
      if (inner.length === 0) unmapped(where, 'group has no fields: left out');
      return inner.length > 0 ? [heading, ...inner] : [];
    }
    const required = parentRequired && child.min >= 1;
    if (!parentRequired && child.min >= 1) {
      unmapped(where, 'required inside an optional group: made optional');
    }
    const field = mapField(element, required, where);
    return field === undefined ? [] : [field];
  }

  function mapField(f: FimField, required: boolean, where: string): Draft | undefined {
    const label = f.label || f.name || f.id || 'Feld';
    const id = uniqueId(f.name || label, fieldIds);
    const base: Draft = { id, label: localized(truncate(label, where, unmapped)) };
    if (f.hint) base.hint = localized(truncate(f.hint, where, unmapped));
    if (required) base.required = true;
    if (f.rawConstraints !== undefined) {
      unmapped(where, `Präzisierung not understood: ${f.rawConstraints}`);
    }
    if (f.prefill !== '' && f.prefill !== 'keine') {
      unmapped(where, `Vorbefüllung "${f.prefill}" not mapped`);
    }
    const c = f.constraints;
    const dropConstraint = (key: keyof typeof c, kind: string) => {
      if (c[key] !== undefined) {
        unmapped(where, `${key} "${c[key]}" not applicable to ${kind}`);
      }
    };

    switch (f.feldart) {
      case 'label': {
        const text = f.inhalt || f.hint || label;
        return {
          type: 'info',
          id,
          title: localized(truncate(label, where, unmapped)),
          text: localized(truncate(text, where, unmapped)),
        };
      }
      case 'hidden':
        unmapped(
          where,
          `hidden field${f.inhalt ? ` with value "${f.inhalt}"` : ''} not mapped (not shown to the citizen)`,
        );
        fieldIds.delete(id);
        return undefined;
      case 'locked':
        unmapped(where, 'locked (read-only) field mapped to an info block showing its value');
        return {
          type: 'info',
          id,
          title: localized(truncate(label, where, unmapped)),
          text: localized(truncate(f.inhalt || '–', where, unmapped)),
        };
      case 'select': {
        const options = optionsOf(f, where);
        if (options === undefined) break;
        for (const key of ['minLength', 'maxLength', 'minValue', 'maxValue', 'pattern'] as const) {
          dropConstraint(key, 'a selection');
        }
        noteDefault(f, where);
        return { type: options.length <= 5 ? 'radio' : 'select', ...base, options };
      }
      case 'input':
      case '':
        break;
      default:
        unmapped(where, `unknown Feldart "${f.feldart}": mapped as input`);
    }
    noteDefault(f, where);

    switch (f.datentyp) {
      case 'bool':
        for (const key of ['minLength', 'maxLength', 'minValue', 'maxValue', 'pattern'] as const) {
          dropConstraint(key, 'yes/no');
        }
        return { type: 'yesno', ...base };
      case 'num':
      case 'num_int':
      case 'num_currency': {
        const number: Draft = {
          type: 'number',
          ...base,
          decimals: f.datentyp === 'num_int' ? 0 : f.datentyp === 'num_currency' ? 2 : 10,
        };
        if (f.datentyp === 'num_currency') number.unit = { de: '€', en: '€' };
        for (const key of ['minValue', 'maxValue'] as const) {
          const raw = c[key];
          if (raw === undefined) continue;
          const value = Number(raw.replace(',', '.'));
          if (raw.trim() === '' || !Number.isFinite(value)) {
            unmapped(where, `${key} "${raw}" is not a number`);
          } else number[key === 'minValue' ? 'min' : 'max'] = value;
        }
        if (
          typeof number.min === 'number' &&
          typeof number.max === 'number' &&
          number.min > number.max
        ) {
          unmapped(where, 'minValue is greater than maxValue: range dropped');
          delete number.min;
          delete number.max;
        }
        for (const key of ['minLength', 'maxLength', 'pattern'] as const) {
          dropConstraint(key, 'a number');
        }
        return number;
      }
      case 'date': {
        const date: Draft = { type: 'date', ...base };
        for (const key of ['minValue', 'maxValue'] as const) {
          const raw = c[key];
          if (raw === undefined) continue;
          if (/^\d{4}-\d{2}-\d{2}$/.test(raw) && !Number.isNaN(Date.parse(raw))) {
            date[key === 'minValue' ? 'notBefore' : 'notAfter'] = raw;
          } else unmapped(where, `${key} "${raw}" is not an ISO date`);
        }
        for (const key of ['minLength', 'maxLength', 'pattern'] as const) {
          dropConstraint(key, 'a date');
        }
        return date;
      }
      case 'time':
        for (const key of ['minLength', 'maxLength', 'minValue', 'maxValue', 'pattern'] as const) {
          dropConstraint(key, 'a time');
        }
        return { type: 'time', ...base };
      case 'file': {
        const file: Draft = { type: 'file', ...base };
        if (f.mediaTypes.length > 0) {
          const known = f.mediaTypes.filter((m): m is (typeof FILE_TYPES)[number] =>
            (FILE_TYPES as readonly string[]).includes(m),
          );
          const other = f.mediaTypes.filter((m) => !known.includes(m as never));
          if (other.length > 0) {
            unmapped(
              where,
              `media types ${other.join(', ')} not supported (only ${FILE_TYPES.join(', ')})`,
            );
          }
          if (known.length > 0) file.accept = [...new Set(known)];
        }
        if (f.maxSize !== undefined) {
          const bytes = Number(f.maxSize);
          if (Number.isInteger(bytes) && bytes >= 1) {
            file.maxBytes = Math.min(bytes, LIMITS.fileBytes);
            if (bytes > LIMITS.fileBytes) {
              unmapped(
                where,
                `maxSize ${bytes} above the portal limit: capped at ${LIMITS.fileBytes}`,
              );
            }
          }
        }
        return file;
      }
      case 'text':
      case 'text_latin':
      case 'string':
      case '':
        break;
      default:
        unmapped(where, `Datentyp "${f.datentyp}" has no matching field type: mapped as text`);
    }
    return textField(f, base, where);
  }

  function textField(f: FimField, base: Draft, where: string): Draft {
    const c = f.constraints;
    const min = c.minLength === undefined ? undefined : Number(c.minLength);
    const max = c.maxLength === undefined ? undefined : Number(c.maxLength);
    const long = max !== undefined && max > LIMITS.text;
    const field: Draft = { type: long ? 'textarea' : 'text', ...base };
    if (max !== undefined) {
      if (!Number.isInteger(max) || max < 1) {
        unmapped(where, `maxLength "${c.maxLength}" is not a positive number`);
      } else if (max > LIMITS.textarea) {
        field.maxLength = LIMITS.textarea;
        unmapped(where, `maxLength ${max} capped at ${LIMITS.textarea}`);
      } else field.maxLength = max;
    }
    if (min !== undefined) {
      // FIM writes minLength 0 or 1 for "may be empty" / "not empty": required covers that.
      if (!Number.isInteger(min) || min < 0) {
        unmapped(where, `minLength "${c.minLength}" is not a number`);
      } else if (min > 1) {
        if (typeof field.maxLength === 'number' && min > field.maxLength) {
          unmapped(where, `minLength ${min} greater than maxLength: dropped`);
        } else field.minLength = min;
      }
    }
    if (c.pattern !== undefined && c.pattern !== '') {
      const problem = patternProblem(c.pattern);
      if (long) {
        unmapped(where, `pattern "${c.pattern}" not supported on long texts`);
      } else if (problem !== undefined) {
        unmapped(where, `pattern "${c.pattern}" not mapped: ${problem}`);
      } else {
        field.pattern = {
          regex: c.pattern,
          message: {
            de: `Die Angabe bei „${(base.label as Localized).de}“ hat nicht das erwartete Format.`,
            en: `The answer to “${(base.label as Localized).de}” is not in the expected format.`,
          },
        };
      }
    }
    dropConstraintsFor(f, ['minValue', 'maxValue'], 'a text', where);
    return field;
  }

  function dropConstraintsFor(
    f: FimField,
    keys: ('minValue' | 'maxValue')[],
    kind: string,
    where: string,
  ) {
    for (const key of keys) {
      if (f.constraints[key] !== undefined) {
        unmapped(where, `${key} "${f.constraints[key]}" not applicable to ${kind}`);
      }
    }
  }

  function optionsOf(f: FimField, where: string): Draft[] | undefined {
    if (f.values.length === 0) {
      unmapped(
        where,
        f.codeList
          ? `code list ${f.codeList} is not part of the message (genericode not resolved): mapped as free text`
          : 'selection without values or code list: mapped as free text',
      );
      return undefined;
    }
    const values = new Set<string>();
    const options = f.values.map((v) => {
      let value = v.code.replace(/[^a-zA-Z0-9_-]/g, '_').slice(0, 60) || 'wert';
      if (value !== v.code) {
        unmapped(where, `code "${v.code}" stored as "${value}"`);
      }
      const stem = value;
      for (let n = 2; values.has(value); n++) value = `${stem}-${n}`;
      values.add(value);
      const option: Draft = { value, label: localized(v.name || v.code || value) };
      if (v.hint) option.hint = localized(v.hint);
      return option;
    });
    return options.slice(0, 200);
  }

  function noteDefault(f: FimField, where: string) {
    if (f.inhalt !== '') unmapped(where, `default value "${f.inhalt}" not mapped`);
  }

  // Steps hold at most 100 fields; longer groups continue on a following step.
  const finalSteps: StepDraft[] = [];
  for (const step of steps) {
    if (step.fields.length === 0) {
      unmapped(stepSources.get(step) ?? rootWhere, 'group has no fields: left out');
      continue;
    }
    for (let i = 0; i < step.fields.length; i += MAX_FIELDS_PER_STEP) {
      const part =
        i === 0
          ? step
          : { ...step, id: uniqueSlug(`${step.id}-${i / MAX_FIELDS_PER_STEP + 1}`, stepIds) };
      finalSteps.push({ ...part, fields: step.fields.slice(i, i + MAX_FIELDS_PER_STEP) });
    }
  }
  if (finalSteps.length === 0) {
    unmapped(rootWhere, 'the schema has no fields: a single info step');
    finalSteps.push({
      id: uniqueSlug('angaben', stepIds),
      title: localized(root.label || 'Angaben'),
      fields: [
        {
          type: 'info',
          id: uniqueId('hinweis', fieldIds),
          text: localized(root.hint || root.label || root.name || 'Keine Angaben erforderlich.'),
        },
      ],
    });
  }

  const document = {
    id: formId(root),
    version: 1,
    title: localized(root.label || root.name || 'Formular'),
    steps: finalSteps,
    declaration: {
      de: 'Ich versichere, dass meine Angaben richtig und vollständig sind.',
      en: 'I declare that my answers are correct and complete.',
    },
  };
  report.steps = finalSteps.length;
  report.fields = finalSteps.reduce(
    (n, s) => n + s.fields.filter((f) => f.type !== 'info').length,
    0,
  );
  report.untranslated = untranslatedPaths(document);
  return { document, report };
}

function noteRepeat(child: Child, where: string, unmapped: (w: string, m: string) => void) {
  if (child.max === 'n' || child.max > 1) {
    unmapped(where, `may repeat (Anzahl ${child.min}:${child.max}): asked once only`);
  }
}

function truncate(text: string, where: string, unmapped: (w: string, m: string) => void) {
  if (text.length <= MAX_TEXT) return text;
  unmapped(where, `text longer than ${MAX_TEXT} characters truncated`);
  return `${text.slice(0, MAX_TEXT - 1)}…`;
}

function localized(de: string): Localized {
  return { de, en: de };
}

/** ASCII words of a label: umlauts transliterated, everything else a separator. */
function words(label: string): string[] {
  return transliterateUmlauts(label)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^a-zA-Z0-9]+/)
    .filter((w) => w !== '');
}

/** camelCase, starting with a letter, unique, never reserved, at most 64 characters. */
function uniqueId(label: string, taken: Set<string>): string {
  const parts = words(label);
  let id = parts
    .map((w, i) =>
      i === 0 ? w.toLowerCase() : `${w.charAt(0).toUpperCase()}${w.slice(1).toLowerCase()}`,
    )
    .join('');
  if (!/^[a-z]/.test(id)) id = `feld${id.charAt(0).toUpperCase()}${id.slice(1)}`;
  id = id.slice(0, 56);
  if (RESERVED.has(id)) id = `${id}Feld`;
  const stem = id;
  for (let n = 2; taken.has(id); n++) id = `${stem}${n}`;
  if (!new RegExp(FIELD_ID).test(id)) throw new Error(`internal: bad field id ${id}`);
  taken.add(id);
  return id;
}

function uniqueSlug(label: string, taken: Set<string>): string {
  let slug = words(label).join('-').toLowerCase().slice(0, 34).replace(/-+$/, '');
  if (!/^[a-z]/.test(slug)) slug = `schritt${slug ? `-${slug}` : ''}`.slice(0, 34);
  const stem = slug;
  for (let n = 2; taken.has(slug); n++) slug = `${stem}-${n}`;
  taken.add(slug);
  return slug;
}

function formId(root: FimGroup): string {
  const id = words(root.id).join('-').toLowerCase();
  return `fim-${id || uniqueSlug(root.name || 'formular', new Set())}`.slice(0, 64);
}

function untranslatedPaths(document: { title: Localized; steps: StepDraft[] }): string[] {
  const paths: string[] = [];
  const visit = (value: unknown, path: string) => {
    if (typeof value !== 'object' || value === null) return;
    const record = value as Record<string, unknown>;
    if (typeof record.de === 'string' && record.de === record.en) {
      paths.push(path);
      return;
    }
    for (const [key, inner] of Object.entries(record)) visit(inner, `${path}/${key}`);
  };
  visit({ title: document.title, steps: document.steps }, '');
  return paths;
}

/** Mirrors definition.ts: valid, no back-references, no nested repetition. */
function patternProblem(regex: string): string | undefined {
  if (regex.length > 200) return 'longer than 200 characters';
  try {
    new RegExp(`^(?:${regex})$`, 'u');
  } catch {
    return 'not a valid JavaScript regular expression';
  }
  if (/\\[1-9]|\\k</.test(regex)) return 'uses back-references';
  if (/\([^()]*[+*}][^()]*\)[+*{]/.test(regex)) return 'repeats a group that itself repeats';
  return undefined;
}
