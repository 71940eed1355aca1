// Loading a form definition: the document is checked against the schema (definition.ts) and
// then for meaning (unique ids, conditions that only look back, no cycles), so a broken
// definition fails at load time with a precise list of problems instead of at a citizen's
// screen.

import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { AppError } from '../errors.ts';
import {
  type Condition,
  conditionShapeProblems,
  isAll,
  isLeaf,
  isNot,
  type Leaf,
  MAX_CONDITION_DEPTH,
  type Problem,
  referencedFields,
  schemaProblems,
} from './conditions.ts';
import {
  type DateBound,
  FIELD_TYPES,
  type Field,
  type FieldType,
  type FormDefinition,
  FormDefinitionSchema,
  fieldSchemas,
  formSchema,
  LIMITS,
  type PrefillSource,
} from './definition.ts';
import { addDays } from './formats.ts';

const fullValidator = Compile(FormDefinitionSchema);
/** The document with every field reduced to "an object with a type", checked first. */
const envelopeValidator = Compile(formSchema(Type.Object({ type: Type.String() })));
const looseFieldValidators = new Map(
  Object.entries(fieldSchemas(Type.Unknown())).map(([type, schema]) => [type, Compile(schema)]),
);

/** A definition that failed to load, with every problem found. */
export class DefinitionError extends AppError {
  problems: Problem[];
  constructor(problems: Problem[]) {
    super(
      `invalid form definition:\n${problems.map((p) => `  ${p.path || '/'}: ${p.message}`).join('\n')}`,
    );
    this.problems = problems;
  }
}

export type CheckResult =
  | { ok: true; definition: FormDefinition }
  | { ok: false; problems: Problem[] };

/** Checks a document; on success returns a deep-frozen copy nobody can change afterwards. */
export function checkDefinition(document: unknown): CheckResult {
  let copy: unknown;
  try {
    copy = structuredClone(document);
  } catch {
    return { ok: false, problems: [{ path: '', message: 'not a JSON document' }] };
  }
  const shape = shapeProblems(copy);
  if (shape.length > 0) return { ok: false, problems: shape };
  if (!fullValidator.Check(copy)) {
    // The staged checks above should have said why; this keeps the types honest regardless.
    return { ok: false, problems: schemaProblems('', fullValidator.Errors(copy)) };
  }
  const meaning = semanticProblems(copy);
  if (meaning.length > 0) return { ok: false, problems: meaning };
  return { ok: true, definition: deepFreeze(copy) };
}

/** Loads a definition or throws a DefinitionError listing every problem. */
export function loadDefinition(document: unknown): FormDefinition {
  const result = checkDefinition(document);
  if (!result.ok) throw new DefinitionError(result.problems);
  return result.definition;
}

function shapeProblems(document: unknown): Problem[] {
  if (!envelopeValidator.Check(document)) {
    return schemaProblems('', envelopeValidator.Errors(document));
  }
  const problems: Problem[] = [];
  document.steps.forEach((step, s) => {
    step.fields.forEach((field, f) => {
      const path = `/steps/${s}/fields/${f}`;
      const validator = looseFieldValidators.get(field.type);
      if (validator === undefined) {
        problems.push({
          path: `${path}/type`,
          message: `unknown field type "${field.type}"; known: ${FIELD_TYPES.join(', ')}`,
        });
        return;
      }
      problems.push(...schemaProblems(path, validator.Errors(field)));
      const condition = (field as { visibleWhen?: unknown }).visibleWhen;
      if (condition !== undefined) {
        problems.push(...conditionShapeProblems(condition, `${path}/visibleWhen`));
      }
    });
  });
  return problems;
}

// Field ids become form names and HTML ids. These would clash with the page ("inhalt" is the
// main landmark, "error-…" the error summary) or with properties every JS object has.
const RESERVED_IDS = new Set(['inhalt', 'error', ...Object.getOwnPropertyNames(Object.prototype)]);

const PREFILL_TYPES: Record<PrefillSource, FieldType[]> = {
  'profile.givenName': ['text'],
  'profile.familyName': ['text'],
  'profile.birthDate': ['date'],
  'profile.address': ['address'],
  'profile.phone': ['phone', 'text'],
  'account.email': ['email', 'text'],
};

function semanticProblems(definition: FormDefinition): Problem[] {
  const problems: Problem[] = [];
  const stepIds = new Set<string>();
  const located = new Map<string, { field: Field; step: number; path: string }>();

  definition.steps.forEach((step, s) => {
    if (stepIds.has(step.id)) {
      problems.push({ path: `/steps/${s}/id`, message: `duplicate step id "${step.id}"` });
    }
    stepIds.add(step.id);
    step.fields.forEach((field, f) => {
      const path = `/steps/${s}/fields/${f}`;
      if (located.has(field.id)) {
        problems.push({ path: `${path}/id`, message: `duplicate field id "${field.id}"` });
      } else if (RESERVED_IDS.has(field.id)) {
        problems.push({ path: `${path}/id`, message: `"${field.id}" is reserved` });
      } else {
        located.set(field.id, { field, step: s, path });
      }
      problems.push(...fieldProblems(field, path));
    });
  });

  for (const [id, { field, step, path }] of located) {
    if (field.visibleWhen === undefined) continue;
    problems.push(
      ...conditionProblems(field.visibleWhen, `${path}/visibleWhen`, id, step, located, 1),
    );
  }
  if (problems.length === 0) problems.push(...cycleProblems(located));
  return problems;
}

function fieldProblems(field: Field, path: string): Problem[] {
  const problems: Problem[] = [];
  const add = (suffix: string, message: string) =>
    problems.push({ path: `${path}${suffix}`, message });

  if (field.type === 'text' || field.type === 'textarea') {
    const cap = LIMITS[field.type];
    if (field.maxLength !== undefined && field.maxLength > cap) {
      add('/maxLength', `must be at most ${cap} for ${field.type} fields`);
    }
    if (field.minLength !== undefined && field.minLength > (field.maxLength ?? cap)) {
      add('/minLength', 'must not be greater than maxLength');
    }
  }
  if (field.type === 'text' && field.pattern !== undefined) {
    const problem = patternProblem(field.pattern.regex);
    if (problem) add('/pattern/regex', problem);
  }
  if (field.type === 'number') {
    if (field.min !== undefined && field.max !== undefined && field.min > field.max) {
      add('/min', 'must not be greater than max');
    }
  }
  if (field.type === 'date') {
    for (const key of ['notBefore', 'notAfter'] as const) {
      const bound = field[key];
      if (typeof bound === 'string' && bound !== 'today' && !isRealDate(bound)) {
        add(`/${key}`, `"${bound}" is not a real date`);
      }
    }
    if (field.notBefore !== undefined && field.notAfter !== undefined) {
      if (windowIsEmpty(field.notBefore, field.notAfter)) {
        add('/notBefore', 'the window is empty: notBefore is after notAfter');
      }
    }
  }
  if (field.type === 'select' || field.type === 'radio' || field.type === 'checkboxes') {
    const seen = new Set<string>();
    field.options.forEach((option, i) => {
      if (seen.has(option.value)) {
        add(`/options/${i}/value`, `duplicate option value "${option.value}"`);
      }
      seen.add(option.value);
    });
  }
  if (field.type === 'checkboxes') {
    const count = field.options.length;
    if (field.minSelected !== undefined && field.minSelected > count) {
      add('/minSelected', `cannot exceed the ${count} options`);
    }
    if (
      field.minSelected !== undefined &&
      field.maxSelected !== undefined &&
      field.minSelected > field.maxSelected
    ) {
      add('/minSelected', 'must not be greater than maxSelected');
    }
  }
  if (field.type !== 'info' && field.prefill !== undefined) {
    if (!PREFILL_TYPES[field.prefill].includes(field.type)) {
      add(
        '/prefill',
        `${field.prefill} cannot fill a ${field.type} field (only ${PREFILL_TYPES[field.prefill].join(', ')})`,
      );
    }
  }
  return problems;
}

/** True when both bounds can be compared without knowing today and the first is later. */
function windowIsEmpty(from: DateBound, to: DateBound): boolean {
  const fixed = (b: DateBound) => (typeof b === 'string' && b !== 'today' ? b : undefined);
  const relative = (b: DateBound) =>
    b === 'today' ? 0 : typeof b === 'object' ? b.days : undefined;
  const [a, b] = [fixed(from), fixed(to)];
  if (a !== undefined && b !== undefined) return a > b;
  const [x, y] = [relative(from), relative(to)];
  return x !== undefined && y !== undefined && x > y;
}

function isRealDate(iso: string): boolean {
  return addDays(iso, 0) === iso;
}

/**
 * Definition authors are trusted, but a catastrophic pattern run against every post would
 * still hang the portal: no back-references, no quantified groups that contain quantifiers
 * (the classic `(a+)+`). Patterns always match the whole answer.
 */
function patternProblem(regex: string): string | undefined {
  try {
    new RegExp(`^(?:${regex})$`, 'u');
  } catch {
    return 'is not a valid regular expression';
  }
  if (/\\[1-9]|\\k</.test(regex)) return 'must not use back-references';
  if (/\([^()]*[+*}][^()]*\)[+*{]/.test(regex)) {
    return 'must not repeat a group that itself repeats (catastrophic backtracking)';
  }
  return undefined;
}

function conditionProblems(
  condition: Condition,
  path: string,
  ownId: string,
  ownStep: number,
  located: Map<string, { field: Field; step: number }>,
  depth: number,
): Problem[] {
  if (depth > MAX_CONDITION_DEPTH) {
    return [{ path, message: `conditions nest deeper than ${MAX_CONDITION_DEPTH} levels` }];
  }
  if (isNot(condition)) {
    return conditionProblems(condition.not, `${path}/not`, ownId, ownStep, located, depth + 1);
  }
  if (!isLeaf(condition)) {
    const [key, parts] = isAll(condition) ? ['all', condition.all] : ['any', condition.any];
    return parts.flatMap((c, i) =>
      conditionProblems(c, `${path}/${key}/${i}`, ownId, ownStep, located, depth + 1),
    );
  }
  const target = located.get(condition.field);
  const at = `${path}/field`;
  if (condition.field === ownId) {
    return [{ path: at, message: `a field cannot depend on itself ("${ownId}")` }];
  }
  if (target === undefined) return [{ path: at, message: `no field "${condition.field}"` }];
  if (target.step > ownStep) {
    return [
      {
        path: at,
        message: `"${condition.field}" is asked in a later step; conditions may only use answers from earlier steps or the same step`,
      },
    ];
  }
  return operandProblems(condition, target.field, path);
}

/** The compared value must be something the referenced field can actually answer. */
function operandProblems(c: Leaf, field: Field, path: string): Problem[] {
  const name = `"${field.id}" (${field.type})`;
  if (field.type === 'info' || field.type === 'file' || field.type === 'address') {
    return [{ path: `${path}/field`, message: `conditions cannot use ${name}` }];
  }
  const values = 'equals' in c ? [c.equals] : 'in' in c ? c.in : undefined;
  if (values === undefined) {
    if (field.type !== 'number' && field.type !== 'date') {
      return [{ path, message: `comparisons need a number or date field, ${name} is neither` }];
    }
    const comparisons = Object.entries(c).filter(([key]) => key !== 'field');
    const wrong = comparisons.filter(([, v]) =>
      field.type === 'number' ? typeof v !== 'number' : typeof v !== 'string',
    );
    return wrong.map(([key]) => ({
      path: `${path}/${key}`,
      message: `must be ${field.type === 'number' ? 'a number' : 'an ISO date'} to compare with ${name}`,
    }));
  }
  const key = 'equals' in c ? 'equals' : 'in';
  const problems: Problem[] = [];
  for (const value of values) {
    const problem = valueProblem(value, field, name);
    if (problem) problems.push({ path: `${path}/${key}`, message: problem });
  }
  return problems;
}

function valueProblem(value: unknown, field: Field, name: string): string | undefined {
  switch (field.type) {
    case 'select':
    case 'radio':
    case 'checkboxes':
      return field.options.some((o) => o.value === value)
        ? undefined
        : `${JSON.stringify(value)} is not an option of ${name}; options: ${field.options.map((o) => o.value).join(', ')}`;
    case 'yesno':
    case 'checkbox':
      return typeof value === 'boolean' ? undefined : `${name} answers true or false`;
    case 'number':
      return typeof value === 'number' ? undefined : `${name} answers a number`;
    case 'date':
      return typeof value === 'string' && /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value)
        ? undefined
        : `${name} answers an ISO date like 2026-04-04`;
    case 'time':
      return typeof value === 'string' && /^([01][0-9]|2[0-3]):[0-5][0-9]$/.test(value)
        ? undefined
        : `${name} answers a time like 18:30`;
    default:
      return typeof value === 'string' ? undefined : `${name} answers text`;
  }
}

/** Same-step references may point forwards, so they could form a loop; find it. */
function cycleProblems(located: Map<string, { field: Field; path: string }>): Problem[] {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    const condition = located.get(id)?.field.visibleWhen;
    for (const next of condition ? referencedFields(condition) : []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const id of located.keys()) {
    const cycle = visit(id);
    if (cycle) {
      const first = located.get(cycle[0] ?? '');
      return [
        {
          path: `${first?.path ?? ''}/visibleWhen`,
          message: `conditions form a cycle: ${cycle.join(' → ')}`,
        },
      ];
    }
  }
  return [];
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
