// Prefill from the Bürgerkonto: a field bound to `profile.phone` starts with the phone number
// the citizen keeps in "Meine Daten". Prefilled values are only suggestions shown in the
// inputs; they are validated like anything typed when the step is posted.
import { ADDRESS_PARTS, type AddressAnswer, type Answer, type Answers } from './answers.ts';
import type { FormDefinition, PrefillSource } from './definition.ts';
import { allFields } from './definition-fields.ts';

/** What the account knows; the accounts domain maps its profile row to this. */
export type PrefillData = {
  givenName?: string | null;
  familyName?: string | null;
  /** ISO date. */
  birthDate?: string | null;
  /** The place is the municipality's name: the profile stores the municipality. */
  address?: AddressAnswer | null;
  phone?: string | null;
  email?: string | null;
};

const SOURCES: Record<
  PrefillSource,
  (d: PrefillData) => string | AddressAnswer | null | undefined
> = {
  'profile.givenName': (d) => d.givenName,
  'profile.familyName': (d) => d.familyName,
  'profile.birthDate': (d) => d.birthDate,
  'profile.address': (d) => d.address,
  'profile.phone': (d) => d.phone,
  'account.email': (d) => d.email,
};

/**
 * Answers for every prefillable field the account has data for. Merge them under the
 * draft's own answers (`{ ...prefill, ...draft }`) so nothing the citizen typed is replaced.
 */
export function prefillAnswers(definition: FormDefinition, data: PrefillData): Answers {
  const answers: Answers = {};
  for (const { field } of allFields(definition)) {
    if (field.type === 'info' || field.prefill === undefined) continue;
    const value = SOURCES[field.prefill](data);
    if (value !== null && value !== undefined && value !== '') answers[field.id] = value;
  }
  return answers;
}

/** Values an identity provider confirmed (the accounts domain maps them), by prefill source. */
export type ConfirmedValues = Partial<
  Record<PrefillSource, { value: string | AddressAnswer; provider: string }>
>;

/** True when the step has a field that can carry a confirmed value: worth looking them up. */
export function stepMayBeConfirmed(definition: FormDefinition, stepId: string): boolean {
  return allFields(definition).some(
    ({ field, step }) =>
      step.id === stepId &&
      field.type !== 'info' &&
      field.prefill !== undefined &&
      CONFIRMABLE.has(field.prefill),
  );
}

const CONFIRMABLE = new Set<PrefillSource>([
  'profile.givenName',
  'profile.familyName',
  'profile.birthDate',
  'profile.address',
]);

/** The answer is still the confirmed value: the same text, or the same four address parts. */
function stillConfirmed(answer: Answer | undefined, value: string | AddressAnswer): boolean {
  if (typeof value === 'string' || typeof answer !== 'object' || Array.isArray(answer))
    return answer === value;
  const address = answer as AddressAnswer;
  return ADDRESS_PARTS.every((part) => address[part] === value[part]);
}

/**
 * The fields whose answer is still exactly what the provider confirmed, with the provider's
 * name: the step page marks them. A changed answer loses the mark; nothing is locked here, a
 * form may need another name than the account's (the citizen acts for someone).
 */
export function confirmedFields(
  definition: FormDefinition,
  answers: Answers,
  confirmed: ConfirmedValues,
): Map<string, string> {
  const out = new Map<string, string>();
  for (const { field } of allFields(definition)) {
    if (field.type === 'info' || field.prefill === undefined) continue;
    const c = confirmed[field.prefill];
    if (c !== undefined && stillConfirmed(answers[field.id], c.value))
      out.set(field.id, c.provider);
  }
  return out;
}
