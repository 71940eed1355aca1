// Prefill from the Bürgerkonto: a field bound to `profile.phone` starts with the phone number
// the citizen keeps in "Meine Daten". Prefilled values are only suggestions shown in the
// inputs; they are validated like anything typed when the step is posted.
import type { AddressAnswer, Answers } from './answers.ts';
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
