// Moving through a draft's steps: only steps that apply to the answers so far count.
import type { Answers } from '../forms/answers.ts';
import type { FormDefinition } from '../forms/definition.ts';
import { stepApplies } from '../forms/visibility.ts';

/** The first step that applies and is not completed yet; undefined: ready for the check. */
export function firstOpenStep(draft: {
  definition: FormDefinition;
  answers: Answers;
  completedSteps: string[];
}): string | undefined {
  const { definition, answers, completedSteps } = draft;
  return definition.steps.find(
    (s) => !completedSteps.includes(s.id) && stepApplies(definition, s.id, answers),
  )?.id;
}

/** The next step after `stepId` that applies to these answers; undefined: the check page. */
export function nextStep(
  definition: FormDefinition,
  stepId: string,
  answers: Answers,
): string | undefined {
  const index = definition.steps.findIndex((s) => s.id === stepId);
  return definition.steps.slice(index + 1).find((s) => stepApplies(definition, s.id, answers))?.id;
}
