// The applicant's names as sent: the answers of the fields bound to the profile's given and
// family name (what the citizen confirmed, also without a Bürgerkonto), else the profile's.
// Only handed to the back office's blind index (ADR 0026); never stored in clear.
import type { Answers } from '../forms/answers.ts';
import type { FormDefinition } from '../forms/definition.ts';
import { allFields } from '../forms/definition-fields.ts';
import type { PrefillData } from '../forms/prefill.ts';

export function applicantNames(
  definition: FormDefinition,
  answers: Answers,
  profile: PrefillData | null,
): string[] {
  const names: string[] = [];
  for (const { field } of allFields(definition)) {
    if (field.type === 'info') continue;
    if (field.prefill !== 'profile.givenName' && field.prefill !== 'profile.familyName') continue;
    const value = answers[field.id];
    if (typeof value === 'string' && value.trim() !== '') names.push(value);
  }
  if (names.length === 0 && profile !== null) {
    for (const value of [profile.givenName, profile.familyName]) {
      if (typeof value === 'string' && value.trim() !== '') names.push(value);
    }
  }
  return names;
}
