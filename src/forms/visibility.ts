// Which fields apply, given the answers. A field whose condition is false is hidden, and a
// hidden field's answer does not exist for anyone: not for validation, not for other
// conditions, not for the draft. Loading guarantees conditions have no cycles, so the
// recursion below always ends.
import { type Answers, own } from './answers.ts';
import { type Condition, evaluate, type Known, residual } from './conditions.ts';
import type { Field, FormDefinition } from './definition.ts';
import { allFields, fieldsById, findStep } from './definition-fields.ts';

/** Decides visibility of every field from the answers; memoised per call. */
export function visibilityOf(definition: FormDefinition, answers: Answers) {
  const byId = fieldsById(definition);
  const memo = new Map<string, boolean>();
  const visible = (id: string): boolean => {
    const cached = memo.get(id);
    if (cached !== undefined) return cached;
    const condition = byId.get(id)?.visibleWhen;
    const result = condition === undefined || evaluate(condition, lookup) === true;
    memo.set(id, result);
    return result;
  };
  const lookup = (id: string): Known => ({
    known: true,
    value: visible(id) ? own(answers, id) : undefined,
  });
  return visible;
}

/** The answers of visible fields only, keyed by field ids of this definition. */
export function visibleAnswers(definition: FormDefinition, answers: Answers): Answers {
  const visible = visibilityOf(definition, answers);
  const result: Answers = {};
  for (const { field } of allFields(definition)) {
    const value = own(answers, field.id);
    if (field.type !== 'info' && value !== undefined && visible(field.id)) {
      result[field.id] = value as Answers[string];
    }
  }
  return result;
}

/**
 * How a field appears on its step page, which cannot react to input without JavaScript:
 * - `shown`: it applies (no condition, or one that earlier steps already decided true);
 * - `hidden`: earlier steps decided it does not apply, so the page leaves it out;
 * - `conditional`: it depends on an answer on this same page, so the page shows it with a
 *   note saying when to fill it in, and validation then ignores it if it does not apply.
 */
export type RenderState = 'shown' | 'hidden' | 'conditional';

export function renderStates(
  definition: FormDefinition,
  stepId: string,
  answers: Answers,
): Map<string, RenderState> {
  const page = pageConditions(definition, stepId, answers);
  const step = findStep(definition, stepId);
  return new Map((step?.fields ?? []).map((f) => [f.id, page.state(f.id)]));
}

/**
 * Render states of one step's fields, and for `conditional` ones the part of the condition
 * the page still decides (what the note should say).
 */
export function pageConditions(definition: FormDefinition, stepId: string, answers: Answers) {
  const step = findStep(definition, stepId);
  const onPage = new Map<string, Field>((step?.fields ?? []).map((f) => [f.id, f]));
  const globallyVisible = visibilityOf(definition, answers);
  const states = new Map<string, RenderState>();
  const state = (id: string): RenderState => {
    const cached = states.get(id);
    if (cached !== undefined) return cached;
    const condition = onPage.get(id)?.visibleWhen;
    let result: RenderState = 'shown';
    if (condition !== undefined) {
      const holds = evaluate(condition, lookup);
      result = holds === undefined ? 'conditional' : holds ? 'shown' : 'hidden';
    }
    states.set(id, result);
    return result;
  };
  const lookup = (id: string): Known => {
    if (onPage.has(id)) {
      // Whatever this page shows can still change before it is posted, unless it is not shown.
      return state(id) === 'hidden' ? { known: true, value: undefined } : { known: false };
    }
    return { known: true, value: globallyVisible(id) ? own(answers, id) : undefined };
  };
  return {
    state,
    open(id: string): Condition | undefined {
      const condition = onPage.get(id)?.visibleWhen;
      return condition && state(id) === 'conditional' ? residual(condition, lookup) : undefined;
    },
  };
}

/** False when no question of the step applies: routes can skip the whole page. */
export function stepApplies(definition: FormDefinition, stepId: string, answers: Answers): boolean {
  const step = findStep(definition, stepId);
  if (step === undefined) return false;
  const states = renderStates(definition, stepId, answers);
  return step.fields.some((f) => f.type !== 'info' && states.get(f.id) !== 'hidden');
}
