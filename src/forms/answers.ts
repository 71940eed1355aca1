// Answers (typed values kept in a draft) and form values (the strings an HTML form posts),
// with the names and ids that tie a field to its inputs. One place decides that the day of
// date field `fireDate` is posted as `fireDate-day` and that radios get `<field>-<value>`.
import type { Field, InputField } from './definition.ts';
import { DATE_PARTS, type DatePart, isoToParts, numberToInput } from './formats.ts';

export type AddressAnswer = {
  street: string;
  houseNumber: string;
  postcode: string;
  place: string;
};
export type AddressPart = keyof AddressAnswer;
export const ADDRESS_PARTS: AddressPart[] = ['street', 'houseNumber', 'postcode', 'place'];

/** An uploaded file, recorded by the attachments module (never taken from a form post). */
export type AttachmentRef = { id: string; name: string; size: number; type: string };

/**
 * One field's answer: text (also ISO dates `2026-04-04`, times `18:30`, IBANs without
 * spaces, option values), a number, a boolean (yes/no, single checkbox), a list of option
 * values (checkboxes), an address, or uploaded files.
 */
export type Answer = string | number | boolean | string[] | AddressAnswer | AttachmentRef[];
export type Answers = Record<string, Answer>;

/** What the browser posts (and what a page shows again): input name → text or list. */
export type FormValues = Record<string, string | string[]>;

export function partName(fieldId: string, part: DatePart | AddressPart): string {
  return `${fieldId}-${part}`;
}

export function optionId(fieldId: string, value: string): string {
  return `${fieldId}-${value}`;
}

/** The input an error summary links to: the first box, radio or checkbox of the field. */
export function firstInputId(field: Field): string {
  switch (field.type) {
    case 'radio':
    case 'checkboxes':
      return optionId(field.id, field.options[0]?.value ?? '');
    case 'yesno':
      return optionId(field.id, 'yes');
    case 'date':
      return partName(field.id, 'day');
    case 'address':
      return partName(field.id, 'street');
    default:
      return field.id;
  }
}

/** Reads an own property only: `constructor` or `__proto__` never come from a prototype. */
export function own(record: unknown, key: string): unknown {
  if (typeof record !== 'object' || record === null) return undefined;
  return Object.hasOwn(record, key) ? (record as Record<string, unknown>)[key] : undefined;
}

/**
 * The form values that show an answer in its inputs again (for a revisited step) or feed it
 * back through validation (to re-check a whole draft). An answer of the wrong shape (a
 * corrupted draft, say) gives undefined, so the caller can say so instead of dropping it.
 */
export function answerToValues(field: InputField, answer: unknown): FormValues | undefined {
  if (answer === undefined) return {};
  switch (field.type) {
    case 'number':
      return typeof answer === 'number' && Number.isFinite(answer)
        ? { [field.id]: numberToInput(answer) }
        : undefined;
    case 'date': {
      if (typeof answer !== 'string' || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(answer)) {
        return undefined;
      }
      const parts = isoToParts(answer);
      return Object.fromEntries(DATE_PARTS.map((p) => [partName(field.id, p), parts[p]]));
    }
    case 'checkbox':
    case 'yesno':
      if (typeof answer !== 'boolean') return undefined;
      if (field.type === 'checkbox') return answer ? { [field.id]: 'yes' } : {};
      return { [field.id]: answer ? 'yes' : 'no' };
    case 'checkboxes':
      return Array.isArray(answer) && answer.every((v) => typeof v === 'string')
        ? { [field.id]: answer }
        : undefined;
    case 'address':
      return isAddress(answer)
        ? Object.fromEntries(ADDRESS_PARTS.map((p) => [partName(field.id, p), answer[p]]))
        : undefined;
    case 'file':
      return isAttachmentList(answer) ? {} : undefined;
    default:
      return typeof answer === 'string' ? { [field.id]: answer } : undefined;
  }
}

export function isAddress(value: unknown): value is AddressAnswer {
  return (
    typeof value === 'object' &&
    value !== null &&
    ADDRESS_PARTS.every((p) => typeof own(value, p) === 'string')
  );
}

export function isAttachmentList(value: unknown): value is AttachmentRef[] {
  return (
    Array.isArray(value) &&
    value.every(
      (v) =>
        typeof own(v, 'id') === 'string' &&
        typeof own(v, 'name') === 'string' &&
        typeof own(v, 'size') === 'number' &&
        typeof own(v, 'type') === 'string',
    )
  );
}
