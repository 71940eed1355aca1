// The small typed condition language of `visibleWhen`: leaves compare one earlier answer,
// `not`, `all` and `any` combine them. Conditions are data in a JSON definition, so they are
// evaluated by this interpreter, never turned into code.
import { type Static, Type } from 'typebox';
import { Compile } from 'typebox/compile';

export const ISO_DATE = '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$';
const FIELD_REF = Type.String({ pattern: '^[a-z][a-zA-Z0-9]*$', maxLength: 64 });
const Scalar = Type.Union([Type.String({ maxLength: 500 }), Type.Number(), Type.Boolean()]);
/** Comparisons take a number or an ISO date (`2026-04-04`); dates compare as text. */
const Comparable = Type.Union([Type.Number(), Type.String({ pattern: ISO_DATE })]);

const EqualsSchema = Type.Object(
  { field: FIELD_REF, equals: Scalar },
  { additionalProperties: false },
);
const InSchema = Type.Object(
  { field: FIELD_REF, in: Type.Array(Scalar, { minItems: 1, maxItems: 50 }) },
  { additionalProperties: false },
);
const CompareSchema = Type.Object(
  {
    field: FIELD_REF,
    gt: Type.Optional(Comparable),
    gte: Type.Optional(Comparable),
    lt: Type.Optional(Comparable),
    lte: Type.Optional(Comparable),
  },
  { additionalProperties: false, minProperties: 2 },
);
export const COMPARISONS = ['gt', 'gte', 'lt', 'lte'] as const;
export type Comparison = (typeof COMPARISONS)[number];

export const ConditionSchema = Type.Cyclic(
  {
    Condition: Type.Union([
      EqualsSchema,
      InSchema,
      CompareSchema,
      Type.Object({ not: Type.Ref('Condition') }, { additionalProperties: false }),
      Type.Object(
        { all: Type.Array(Type.Ref('Condition'), { minItems: 1, maxItems: 20 }) },
        { additionalProperties: false },
      ),
      Type.Object(
        { any: Type.Array(Type.Ref('Condition'), { minItems: 1, maxItems: 20 }) },
        { additionalProperties: false },
      ),
    ]),
  },
  'Condition',
);
export type Condition = Static<typeof ConditionSchema>;
export type Equals = Static<typeof EqualsSchema>;
export type In = Static<typeof InSchema>;
export type Compare = Static<typeof CompareSchema>;
export type Leaf = Equals | In | Compare;
export type ConditionValue = Static<typeof Scalar>;

/** Deeper nesting than this is a mistake in a definition, not a real rule. */
export const MAX_CONDITION_DEPTH = 6;

export function isNot(c: Condition): c is { not: Condition } {
  return 'not' in c;
}
export function isAll(c: Condition): c is { all: Condition[] } {
  return 'all' in c;
}
export function isAny(c: Condition): c is { any: Condition[] } {
  return 'any' in c;
}
export function isLeaf(c: Condition): c is Leaf {
  return 'field' in c;
}

/** Every field a condition reads, in order of appearance. */
export function referencedFields(c: Condition): string[] {
  if (isLeaf(c)) return [c.field];
  if (isNot(c)) return referencedFields(c.not);
  return (isAll(c) ? c.all : c.any).flatMap(referencedFields);
}

/** What a condition sees of one answer: a value (or none), or "not known yet". */
export type Known = { known: true; value: unknown } | { known: false };
export type Lookup = (fieldId: string) => Known;

/**
 * Three-valued (Kleene) evaluation: `undefined` means "depends on an answer not known yet",
 * which is how the renderer finds fields whose visibility the same page decides. With every
 * answer known the result is always a boolean. A missing answer makes every leaf false.
 */
export function evaluate(c: Condition, lookup: Lookup): boolean | undefined {
  if (isNot(c)) {
    const inner = evaluate(c.not, lookup);
    return inner === undefined ? undefined : !inner;
  }
  if (isAll(c) || isAny(c)) {
    // One false decides `all`, one true decides `any`.
    const decisive = isAny(c);
    let unknown = false;
    for (const part of isAll(c) ? c.all : c.any) {
      const result = evaluate(part, lookup);
      if (result === decisive) return decisive;
      if (result === undefined) unknown = true;
    }
    return unknown ? undefined : !decisive;
  }
  const answer = lookup(c.field);
  if (!answer.known) return undefined;
  return leafHolds(c, answer.value);
}

/**
 * The part of a condition still open: `all` loses parts already true, `any` parts already
 * false. A note then names only what the citizen can still change on the page.
 */
export function residual(c: Condition, lookup: Lookup): Condition {
  if (isNot(c)) return { not: residual(c.not, lookup) };
  if (isAll(c) || isAny(c)) {
    const decided = isAll(c);
    const open = (isAll(c) ? c.all : c.any)
      .filter((part) => evaluate(part, lookup) !== decided)
      .map((part) => residual(part, lookup));
    if (open.length === 1 && open[0] !== undefined) return open[0];
    if (open.length === 0) return c;
    return isAll(c) ? { all: open } : { any: open };
  }
  return c;
}

function leafHolds(c: Leaf, value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if ('equals' in c) return matches(value, [c.equals]);
  if ('in' in c) return matches(value, c.in);
  for (const op of COMPARISONS) {
    const operand = c[op];
    if (operand !== undefined && !compare(value, op, operand)) return false;
  }
  return true;
}

/** Checkbox groups answer with a list: a leaf then asks whether the list contains the value. */
function matches(value: unknown, candidates: ConditionValue[]): boolean {
  if (Array.isArray(value)) return value.some((v) => candidates.includes(v));
  return candidates.includes(value as ConditionValue);
}

function compare(value: unknown, op: Comparison, operand: number | string): boolean {
  if (typeof value !== typeof operand || (typeof value !== 'number' && typeof value !== 'string'))
    return false;
  const a = value as number | string;
  switch (op) {
    case 'gt':
      return a > operand;
    case 'gte':
      return a >= operand;
    case 'lt':
      return a < operand;
    case 'lte':
      return a <= operand;
  }
}

export type Problem = { path: string; message: string };

const leafValidators = {
  equals: Compile(EqualsSchema),
  in: Compile(InSchema),
  compare: Compile(CompareSchema),
};

/**
 * Shape errors of a condition, one precise message per mistake. A plain schema check of the
 * recursive union would list every branch it tried; here the operator picks the branch.
 */
export function conditionShapeProblems(value: unknown, path: string, depth = 1): Problem[] {
  if (depth > MAX_CONDITION_DEPTH) {
    return [{ path, message: `conditions nest deeper than ${MAX_CONDITION_DEPTH} levels` }];
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ path, message: 'a condition must be an object' }];
  }
  const keys = Object.keys(value);
  const record = value as Record<string, unknown>;
  for (const op of ['not', 'all', 'any'] as const) {
    if (!keys.includes(op)) continue;
    if (keys.length !== 1) {
      return [{ path, message: `"${op}" must be the only key, found: ${keys.join(', ')}` }];
    }
    const inner = record[op];
    if (op === 'not') return conditionShapeProblems(inner, `${path}/not`, depth + 1);
    if (!Array.isArray(inner) || inner.length === 0 || inner.length > 20) {
      return [{ path: `${path}/${op}`, message: 'must be a list of 1 to 20 conditions' }];
    }
    return inner.flatMap((c, i) => conditionShapeProblems(c, `${path}/${op}/${i}`, depth + 1));
  }
  const validator = keys.includes('equals')
    ? leafValidators.equals
    : keys.includes('in')
      ? leafValidators.in
      : COMPARISONS.some((op) => keys.includes(op))
        ? leafValidators.compare
        : undefined;
  if (validator === undefined) {
    return [
      {
        path,
        message: `unknown condition: expected one of equals, in, gt, gte, lt, lte, not, all, any; found keys ${keys.join(', ') || '(none)'}`,
      },
    ];
  }
  return schemaProblems(path, validator.Errors(value));
}

type SchemaError = { instancePath: string; message: string; keyword: string; params: object };

/**
 * TypeBox errors as "path: message", naming the offending properties. An unknown property
 * also yields a "schema is false" error at its own path; the parent's message says it better.
 * A failed union at one path becomes one message listing what would have been accepted.
 */
export function schemaProblems(base: string, errors: SchemaError[]): Problem[] {
  const relevant = errors.filter((e) => e.keyword !== 'boolean');
  const unions = new Set(relevant.filter((e) => e.keyword === 'anyOf').map((e) => e.instancePath));
  const problems: Problem[] = [];
  for (const path of unions) {
    const alternatives = relevant
      .filter((e) => e.instancePath === path && e.keyword !== 'anyOf')
      .map((e) => alternative(e))
      .filter((a) => a !== undefined);
    problems.push({
      path: `${base}${path}`,
      message:
        alternatives.length > 0
          ? `must be ${alternatives.join(' or ')}`
          : firstMessage(relevant, path),
    });
  }
  for (const e of relevant) {
    if (!unions.has(e.instancePath)) problems.push(schemaProblem(base, e));
  }
  return problems;
}

function alternative(e: SchemaError): string | undefined {
  const params = e.params as { type?: string; allowedValue?: unknown; pattern?: string };
  if (e.keyword === 'type' && params.type) return `a ${params.type}`;
  if (e.keyword === 'const') return JSON.stringify(params.allowedValue);
  if (e.keyword === 'pattern' && params.pattern) return `text matching ${params.pattern}`;
  return undefined;
}

function firstMessage(errors: SchemaError[], path: string): string {
  return errors.find((e) => e.instancePath === path)?.message ?? 'is not valid';
}

function schemaProblem(base: string, e: SchemaError): Problem {
  const params = e.params as {
    additionalProperties?: string[];
    requiredProperties?: string[];
    pattern?: string;
  };
  let message = e.message;
  if (e.keyword === 'additionalProperties' && params.additionalProperties) {
    message = `unknown properties: ${params.additionalProperties.join(', ')}`;
  } else if (e.keyword === 'required' && params.requiredProperties) {
    message = `missing properties: ${params.requiredProperties.join(', ')}`;
  } else if (e.keyword === 'pattern' && params.pattern) {
    message = `must match ${params.pattern}`;
  }
  return { path: `${base}${e.instancePath}`, message };
}
