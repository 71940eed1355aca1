// Server-side validation of one step (on every post) and of the whole form (before submit).
// Input is whatever arrived: strings or string lists from @fastify/formbody, or anything an
// attacker sends. Only the step's own inputs are read, by own-property lookup; everything
// else is ignored. Hidden fields are neither validated nor kept, whatever was posted for
// them. Pure functions: no database, no clock unless `today` is left out.
import { NotFoundError } from '../errors.ts';
import { type Language, type MessageKey, type Params, translator } from '../web/i18n.ts';
import {
  ADDRESS_PARTS,
  type AddressAnswer,
  type AddressPart,
  type Answer,
  type Answers,
  answerToValues,
  type FormValues,
  firstInputId,
  isAttachmentList,
  own,
  partName,
} from './answers.ts';
import { dateExample, resolveBound } from './date-example.ts';
import {
  type FieldOf,
  type FormDefinition,
  type InputField,
  LIMITS,
  type Localized,
  OVERRIDABLE,
  type Step,
} from './definition.ts';
import { allFields, findStep, stepFieldsById } from './definition-fields.ts';
import {
  berlinToday,
  checkIban,
  DATE_PARTS,
  type DatePart,
  formatDate,
  formatNumber,
  HOUSE_NUMBER,
  hasForbiddenCharacters,
  isEmail,
  isPhone,
  isPostcode,
  parseDateParts,
  parseGermanNumber,
  parseTime,
} from './formats.ts';
import { visibilityOf } from './visibility.ts';
import './messages.ts';

export type ErrorCode =
  | 'required'
  /** An upload refused by the attachments module (size, type, scanner). */
  | 'file'
  | 'malformed'
  | 'characters'
  | 'tooLong'
  | 'tooShort'
  | 'pattern'
  | 'number'
  | 'integer'
  | 'decimals'
  | 'tooSmall'
  | 'tooLarge'
  | 'date'
  | 'dateIncomplete'
  | 'dateYear'
  | 'tooEarly'
  | 'tooLate'
  | 'time'
  | 'email'
  | 'phone'
  | 'postcode'
  | 'houseNumber'
  | 'iban'
  | 'ibanLength'
  | 'ibanChecksum'
  | 'option'
  | 'tooFew'
  | 'tooMany';

export type FieldError = {
  stepId: string;
  fieldId: string;
  /** For address groups: the line the message is about. */
  part?: AddressPart;
  code: ErrorCode;
  /** In the language asked for, naming the field. */
  message: string;
  /** Id of the input the error summary links to. */
  input: string;
  /** For dates: the boxes to mark as wrong. */
  dateParts?: DatePart[];
};

export type StepResult = {
  /** The whole form's answers: earlier ones plus this step's valid ones, hidden ones dropped. */
  answers: Answers;
  /** In the order of the fields on the page. */
  errors: FieldError[];
  /** What was posted for this step's visible fields, to show again next to the errors. */
  values: FormValues;
};

export type ValidateOptions = {
  /** Today as an ISO date (Germany); defaults to the real one. */
  today?: string;
};

/** Single-line answers that never need more; the definition can only go lower. */
const CAPS = {
  email: 254,
  phone: 30,
  addressLine: 100,
  houseNumber: 10,
} as const;
/** Echoing a megabyte back into the page helps nobody; this is far above every cap. */
const ECHO_LIMIT = 20_000;

type Issue = {
  code: ErrorCode;
  key: MessageKey;
  params?: Params;
  part?: AddressPart;
  dateParts?: DatePart[];
  /** The definition's own words (pattern message), already chosen over `key`. */
  text?: Localized;
};
type Parsed = { value?: Answer; issues: Issue[]; values: FormValues };
type Context = { today: string; lang: Language; t: ReturnType<typeof translator> };

const MALFORMED = Symbol('malformed');

/**
 * Validates the posted inputs of one step. Throws NotFoundError for a step the definition
 * does not have (a tampered step id).
 */
export function validateStep(
  definition: FormDefinition,
  stepId: string,
  rawInput: unknown,
  previousAnswers: unknown,
  lang: Language,
  options: ValidateOptions = {},
): StepResult {
  const step = findStep(definition, stepId);
  if (step === undefined) throw new NotFoundError('form.step', stepId);
  const ctx: Context = {
    today: options.today ?? berlinToday(new Date()),
    lang,
    t: translator(lang),
  };
  const previous = knownAnswers(definition, previousAnswers);
  const merged: Answers = {};
  const onThisStep = stepFieldsById(step);
  for (const id in previous) {
    const field = onThisStep.get(id);
    // This step's answers come from this post only; files come from the attachments module.
    if (field === undefined || field.type === 'file') merged[id] = previous[id] as Answer;
  }

  const parsed = new Map<string, Parsed>();
  for (const field of step.fields) {
    if (field.type === 'info') continue;
    const result = parseField(field, rawInput, own(previous, field.id), ctx);
    parsed.set(field.id, result);
    if (result.value !== undefined && result.issues.length === 0) merged[field.id] = result.value;
    else if (field.type !== 'file') delete merged[field.id];
  }

  const visible = visibilityOf(definition, merged);
  const answers: Answers = {};
  for (const { field } of allFields(definition)) {
    const value = own(merged, field.id);
    if (value !== undefined && visible(field.id)) answers[field.id] = value as Answer;
  }
  const errors: FieldError[] = [];
  const values: FormValues = {};
  for (const field of step.fields) {
    const result = parsed.get(field.id);
    if (field.type === 'info' || result === undefined || !visible(field.id)) continue;
    Object.assign(values, result.values);
    for (const issue of result.issues) errors.push(toError(step, field, issue, ctx));
  }
  return { answers, errors, values };
}

/**
 * Re-validates a whole set of answers (a draft before submission) against the definition
 * as it is now, step by step, as if each step were posted again. Dates are checked against
 * today again: an Osterfeuer date that has passed since the draft was saved is an error.
 */
export function validateAll(
  definition: FormDefinition,
  answers: unknown,
  lang: Language,
  options: ValidateOptions = {},
): { answers: Answers; errors: FieldError[] } {
  let current = knownAnswers(definition, answers);
  const errors: FieldError[] = [];
  const t = translator(lang);
  // One "today" for every step: the same day throughout, and formatting it is not free.
  const stepOptions = { ...options, today: options.today ?? berlinToday(new Date()) };
  for (const step of definition.steps) {
    const values: Record<string, unknown> = {};
    const malformed: FieldError[] = [];
    for (const field of step.fields) {
      if (field.type === 'info') continue;
      const fieldValues = answerToValues(field, own(current, field.id));
      if (fieldValues === undefined) {
        const issue: Issue = { code: 'malformed', key: 'forms.error.malformed' };
        malformed.push(toError(step, field, issue, { today: '', lang, t }));
      } else {
        Object.assign(values, fieldValues);
      }
    }
    const result = validateStep(definition, step.id, values, current, lang, stepOptions);
    current = result.answers;
    const visible = visibilityOf(definition, current);
    const unreadable = new Set(malformed.map((e) => e.fieldId));
    errors.push(
      ...malformed.filter((e) => visible(e.fieldId)),
      ...result.errors.filter((e) => !unreadable.has(e.fieldId)),
    );
  }
  return { answers: current, errors };
}

/** The declaration checkbox on the check-answers page (`_declaration=yes`). */
export function validateDeclaration(rawInput: unknown, lang: Language): FieldError | undefined {
  if (own(rawInput, DECLARATION) === 'yes') return undefined;
  return {
    stepId: '',
    fieldId: DECLARATION,
    code: 'required',
    message: translator(lang)('forms.error.declaration'),
    input: DECLARATION,
  };
}
/** Starts with an underscore, which no field id can, like `_csrf`. */
export const DECLARATION = '_declaration';

/** Answers whose key is a field of this definition; anything else in a stored draft goes. */
function knownAnswers(definition: FormDefinition, answers: unknown): Answers {
  const result: Answers = {};
  for (const { field } of allFields(definition)) {
    const value = own(answers, field.id);
    if (value !== undefined && field.type !== 'info') result[field.id] = value as Answer;
  }
  return result;
}

function toError(step: Step, field: InputField, issue: Issue, ctx: Context): FieldError {
  const label = field.label[ctx.lang];
  const params = { label, ...issue.params };
  const override =
    issue.text ?? (isOverridable(issue.code) ? field.messages?.[issue.code] : undefined);
  const message = override ? fill(override[ctx.lang], params) : ctx.t(issue.key, params);
  let input = firstInputId(field);
  if (issue.part) input = partName(field.id, issue.part);
  const firstPart = issue.dateParts?.[0];
  if (firstPart) input = partName(field.id, firstPart);
  return {
    stepId: step.id,
    fieldId: field.id,
    ...(issue.part && { part: issue.part }),
    code: issue.code,
    message,
    input,
    ...(issue.dateParts && { dateParts: issue.dateParts }),
  };
}

type Overridable = (typeof OVERRIDABLE)[number];
function isOverridable(code: ErrorCode): code is Overridable {
  return (OVERRIDABLE as readonly string[]).includes(code);
}

function fill(template: string, params: Params): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : match,
  );
}

function scalar(value: unknown): string | typeof MALFORMED {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : MALFORMED;
}

function echo(value: string | typeof MALFORMED): string {
  return value === MALFORMED ? '' : value.slice(0, ECHO_LIMIT);
}

const issue = (code: ErrorCode, key: MessageKey, params?: Params): Issue => ({
  code,
  key,
  ...(params && { params }),
});

function parseField(field: InputField, raw: unknown, previous: unknown, ctx: Context): Parsed {
  switch (field.type) {
    case 'text':
    case 'textarea':
      return parseText(field, own(raw, field.id));
    case 'number':
      return parseNumber(field, own(raw, field.id), ctx);
    case 'date':
      return parseDate(field, raw, ctx);
    case 'time': {
      const format = issue('time', 'forms.error.time');
      return parseFormatted(field, own(raw, field.id), 20, format, (s) => parseTime(s) ?? format);
    }
    case 'email': {
      const format = issue('email', 'forms.error.email');
      return parseFormatted(field, own(raw, field.id), CAPS.email, format, (s) =>
        isEmail(s) ? s : format,
      );
    }
    case 'phone': {
      const format = issue('phone', 'forms.error.phone');
      return parseFormatted(field, own(raw, field.id), CAPS.phone, format, (s) =>
        isPhone(s) ? s : format,
      );
    }
    case 'postcode': {
      const format = issue('postcode', 'forms.error.postcode');
      return parseFormatted(field, own(raw, field.id), 20, format, (s) => {
        const postcode = s.replace(/ /g, '');
        return isPostcode(postcode) ? postcode : format;
      });
    }
    case 'iban': {
      const format = issue('iban', 'forms.error.iban');
      return parseFormatted(field, own(raw, field.id), 64, format, (s) => {
        const result = checkIban(s);
        if (result.ok) return result.iban;
        if (result.problem === 'checksum') return issue('ibanChecksum', 'forms.error.ibanChecksum');
        if (result.problem === 'format') return format;
        const { country, expected, actual } = result;
        return country === 'DE'
          ? issue('ibanLength', 'forms.error.ibanLengthDe', { actual })
          : issue('ibanLength', 'forms.error.ibanLength', { country, expected, actual });
      });
    }
    case 'select':
    case 'radio':
      return parseChoice(field, own(raw, field.id));
    case 'yesno':
      return parseYesNo(field, own(raw, field.id));
    case 'checkboxes':
      return parseCheckboxes(field, own(raw, field.id));
    case 'checkbox':
      return parseCheckbox(field, own(raw, field.id));
    case 'address':
      return parseAddress(field, raw);
    case 'file':
      return parseFiles(field, previous);
  }
}

function requiredIssue(field: InputField): Issue[] {
  if (field.required !== true) return [];
  switch (field.type) {
    case 'select':
    case 'radio':
    case 'yesno':
      return [issue('required', 'forms.error.required.choose')];
    case 'checkboxes':
      return [issue('required', 'forms.error.required.chooseMany')];
    case 'checkbox':
      return [issue('required', 'forms.error.required.tick')];
    case 'date':
      return [{ ...issue('required', 'forms.error.required.date'), dateParts: [...DATE_PARTS] }];
    case 'file':
      return [issue('required', 'forms.error.required.file')];
    default:
      return [issue('required', 'forms.error.required.enter')];
  }
}

/** NFC, one line, single spaces; or the issue that stops it. */
function cleanLine(value: string): string | Issue {
  if (hasForbiddenCharacters(value)) return issue('characters', 'forms.error.characters');
  return value.normalize('NFC').replace(/\s+/g, ' ').trim();
}

function length(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

const patterns = new WeakMap<object, RegExp>();
function patternOf(field: FieldOf<'text'>): RegExp | undefined {
  if (field.pattern === undefined) return undefined;
  let regex = patterns.get(field);
  if (regex === undefined) {
    regex = new RegExp(`^(?:${field.pattern.regex})$`, 'u');
    patterns.set(field, regex);
  }
  return regex;
}

function parseText(field: FieldOf<'text' | 'textarea'>, raw: unknown): Parsed {
  const s = scalar(raw);
  const values = { [field.id]: echo(s) };
  if (s === MALFORMED) return { issues: [issue('malformed', 'forms.error.malformed')], values };
  let value: string;
  if (field.type === 'textarea') {
    if (hasForbiddenCharacters(s)) {
      return { issues: [issue('characters', 'forms.error.characters')], values };
    }
    value = s.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  } else {
    const line = cleanLine(s);
    if (typeof line !== 'string') return { issues: [line], values };
    value = line;
  }
  if (value === '') return { issues: requiredIssue(field), values };
  const max = Math.min(field.maxLength ?? LIMITS[field.type], LIMITS[field.type]);
  const count = length(value);
  if (count > max) return { issues: [issue('tooLong', 'forms.error.tooLong', { max })], values };
  if (field.minLength !== undefined && count < field.minLength) {
    return {
      issues: [issue('tooShort', 'forms.error.tooShort', { min: field.minLength })],
      values,
    };
  }
  if (field.type === 'text' && field.pattern && !patternOf(field)?.test(value)) {
    return {
      issues: [{ code: 'pattern', key: 'forms.error.malformed', text: field.pattern.message }],
      values,
    };
  }
  return { value, issues: [], values };
}

/**
 * Trimmed single-line input checked by `check`, which returns the value or an issue. Input
 * longer than `cap` cannot be valid and gets the format message without further work.
 */
function parseFormatted(
  field: InputField,
  raw: unknown,
  cap: number,
  format: Issue,
  check: (s: string) => string | Issue,
): Parsed {
  const s = scalar(raw);
  const values = { [field.id]: echo(s) };
  if (s === MALFORMED) return { issues: [issue('malformed', 'forms.error.malformed')], values };
  const line = cleanLine(s);
  if (typeof line !== 'string') return { issues: [line], values };
  if (line === '') return { issues: requiredIssue(field), values };
  if (line.length > cap) return { issues: [format], values };
  const result = check(line);
  return typeof result === 'string'
    ? { value: result, issues: [], values }
    : { issues: [result], values };
}

function parseNumber(field: FieldOf<'number'>, raw: unknown, ctx: Context): Parsed {
  const s = scalar(raw);
  const values = { [field.id]: echo(s) };
  if (s === MALFORMED) return { issues: [issue('malformed', 'forms.error.malformed')], values };
  if (s.trim() === '') return { issues: requiredIssue(field), values };
  const decimals = field.decimals ?? 0;
  const parsed = parseGermanNumber(s.trim(), decimals === 0);
  if (parsed === undefined) {
    return {
      issues: [issue('number', decimals === 0 ? 'forms.error.integer' : 'forms.error.number')],
      values,
    };
  }
  if (parsed.fractionDigits > decimals) {
    return {
      issues: [
        decimals === 0
          ? issue('integer', 'forms.error.integer')
          : issue('decimals', 'forms.error.decimals', { decimals }),
      ],
      values,
    };
  }
  const withUnit = (n: number) => {
    const unit = field.unit?.[ctx.lang];
    return unit ? `${formatNumber(n, ctx.lang)} ${unit}` : formatNumber(n, ctx.lang);
  };
  if (field.min !== undefined && parsed.value < field.min) {
    return {
      issues: [issue('tooSmall', 'forms.error.tooSmall', { min: withUnit(field.min) })],
      values,
    };
  }
  if (field.max !== undefined && parsed.value > field.max) {
    return {
      issues: [issue('tooLarge', 'forms.error.tooLarge', { max: withUnit(field.max) })],
      values,
    };
  }
  return { value: parsed.value, issues: [], values };
}

function parseDate(field: FieldOf<'date'>, raw: unknown, ctx: Context): Parsed {
  const strings = DATE_PARTS.map((p) => scalar(own(raw, partName(field.id, p))));
  const values: FormValues = {};
  DATE_PARTS.forEach((p, i) => {
    values[partName(field.id, p)] = echo(strings[i] ?? '').slice(0, 20);
  });
  if (strings.includes(MALFORMED)) {
    return {
      issues: [{ ...issue('malformed', 'forms.error.malformed'), dateParts: [...DATE_PARTS] }],
      values,
    };
  }
  const [day = '', month = '', year = ''] = strings as string[];
  const parsed = parseDateParts({ day, month, year });
  const t = ctx.t;
  switch (parsed.kind) {
    case 'empty':
      return { issues: requiredIssue(field), values };
    case 'incomplete': {
      const names = {
        day: t('forms.date.partDay'),
        month: t('forms.date.partMonth'),
        year: t('forms.date.partYear'),
      };
      const parts = parsed.missing.map((p) => names[p]).join(t('forms.list.and'));
      return {
        issues: [
          {
            ...issue('dateIncomplete', 'forms.error.dateIncomplete', { parts }),
            dateParts: parsed.missing,
          },
        ],
        values,
      };
    }
    case 'invalid': {
      const example = dateExample(field, ctx.today);
      const onlyYear = parsed.wrong.length === 1 && parsed.wrong[0] === 'year';
      return {
        issues: [
          {
            ...(onlyYear
              ? issue('dateYear', 'forms.error.dateYear', { year: example.slice(-4) })
              : issue('date', 'forms.error.date', { example })),
            dateParts: parsed.wrong,
          },
        ],
        values,
      };
    }
    case 'date': {
      const all = [...DATE_PARTS];
      if (field.notBefore !== undefined) {
        const min = resolveBound(field.notBefore, ctx.today);
        if (parsed.iso < min) {
          const key = field.notBefore === 'today' ? 'forms.error.notPast' : 'forms.error.tooEarly';
          return {
            issues: [
              { ...issue('tooEarly', key, { date: formatDate(min, ctx.lang) }), dateParts: all },
            ],
            values,
          };
        }
      }
      if (field.notAfter !== undefined) {
        const max = resolveBound(field.notAfter, ctx.today);
        if (parsed.iso > max) {
          const key = field.notAfter === 'today' ? 'forms.error.notFuture' : 'forms.error.tooLate';
          return {
            issues: [
              { ...issue('tooLate', key, { date: formatDate(max, ctx.lang) }), dateParts: all },
            ],
            values,
          };
        }
      }
      return { value: parsed.iso, issues: [], values };
    }
  }
}

function parseChoice(field: FieldOf<'select' | 'radio'>, raw: unknown): Parsed {
  const s = scalar(raw);
  const values = { [field.id]: echo(s).slice(0, 100) };
  if (s === MALFORMED) return { issues: [issue('malformed', 'forms.error.malformed')], values };
  if (s === '') return { issues: requiredIssue(field), values };
  if (!field.options.some((o) => o.value === s)) {
    return { issues: [issue('option', 'forms.error.option')], values: { [field.id]: '' } };
  }
  return { value: s, issues: [], values };
}

function parseYesNo(field: FieldOf<'yesno'>, raw: unknown): Parsed {
  const s = scalar(raw);
  if (s === MALFORMED) {
    return { issues: [issue('malformed', 'forms.error.malformed')], values: {} };
  }
  const values = { [field.id]: s === 'yes' || s === 'no' ? s : '' };
  if (s === '') return { issues: requiredIssue(field), values };
  if (s !== 'yes' && s !== 'no') return { issues: [issue('option', 'forms.error.option')], values };
  return { value: s === 'yes', issues: [], values };
}

function parseCheckboxes(field: FieldOf<'checkboxes'>, raw: unknown): Parsed {
  const list = raw === undefined ? [] : typeof raw === 'string' ? [raw] : raw;
  const options = field.options.map((o) => o.value);
  if (!Array.isArray(list) || !list.every((v) => typeof v === 'string')) {
    return { issues: [issue('malformed', 'forms.error.malformed')], values: {} };
  }
  // Kept in the order of the options, each once, only real options.
  const chosen = options.filter((o) => list.includes(o));
  const values = { [field.id]: chosen };
  if (list.some((v) => v !== '' && !options.includes(v))) {
    return { issues: [issue('option', 'forms.error.option')], values };
  }
  if (chosen.length === 0) return { issues: requiredIssue(field), values };
  if (field.minSelected !== undefined && chosen.length < field.minSelected) {
    return { issues: [issue('tooFew', 'forms.error.tooFew', { min: field.minSelected })], values };
  }
  if (field.maxSelected !== undefined && chosen.length > field.maxSelected) {
    return {
      issues: [issue('tooMany', 'forms.error.tooMany', { max: field.maxSelected })],
      values,
    };
  }
  return { value: chosen, issues: [], values };
}

function parseCheckbox(field: FieldOf<'checkbox'>, raw: unknown): Parsed {
  const s = scalar(raw);
  if (s === MALFORMED || (s !== '' && s !== 'yes')) {
    return { issues: [issue('malformed', 'forms.error.malformed')], values: {} };
  }
  const checked = s === 'yes';
  const values = checked ? { [field.id]: 'yes' } : {};
  if (!checked && field.required === true) return { issues: requiredIssue(field), values };
  return { value: checked, issues: [], values };
}

function parseAddress(field: FieldOf<'address'>, raw: unknown): Parsed {
  const values: FormValues = {};
  const issues: Issue[] = [];
  const lines: Partial<AddressAnswer> = {};
  for (const part of ADDRESS_PARTS) {
    const s = scalar(own(raw, partName(field.id, part)));
    values[partName(field.id, part)] = echo(s).slice(0, 1000);
    if (s === MALFORMED) {
      issues.push({ ...issue('malformed', 'forms.error.malformed'), part });
      continue;
    }
    const line = cleanLine(s);
    if (typeof line !== 'string') issues.push({ ...line, part });
    else lines[part] = part === 'postcode' ? line.replace(/\s+/g, '') : line;
  }
  if (issues.length > 0) return { issues, values };
  const given = ADDRESS_PARTS.filter((p) => lines[p] !== '');
  if (given.length === 0 && field.required !== true) return { issues: [], values };
  // All or nothing: an application never carries half an address.
  for (const part of ADDRESS_PARTS) {
    const line = lines[part] ?? '';
    if (line === '') {
      issues.push({ ...issue('required', `forms.error.required.${part}`), part });
    } else if (part === 'postcode' && !isPostcode(line)) {
      issues.push({ ...issue('postcode', 'forms.error.postcode'), part });
    } else if (
      part === 'houseNumber' &&
      (line.length > CAPS.houseNumber || !HOUSE_NUMBER.test(line))
    ) {
      issues.push({ ...issue('houseNumber', 'forms.error.houseNumber'), part });
    } else if (length(line) > CAPS.addressLine) {
      issues.push({ ...issue('tooLong', 'forms.error.tooLong', { max: CAPS.addressLine }), part });
    }
  }
  if (issues.length > 0) return { issues, values };
  return { value: lines as AddressAnswer, issues: [], values };
}

function parseFiles(field: FieldOf<'file'>, previous: unknown): Parsed {
  const files = isAttachmentList(previous) ? previous : [];
  if (files.length === 0) return { issues: requiredIssue(field), values: {} };
  return { value: files, issues: [], values: {} };
}
