// An authority's own texts for an online service as its admins type them on "Angaben
// bearbeiten": every field may stay empty (the citizen then reads the Verbund's text or the
// authority's general contact), and what is given must fit the table's limits and be usable
// as shown to citizens: a dialable number, an e-mail address.
import { normaliseEmail } from '../../accounts/sign-in/service.ts';
import type { ActivationTexts } from '../../catalog/offers.ts';
import { ValidationError } from '../../errors.ts';

export type TextsInput = {
  description: string;
  fees: string;
  contactUnit: string;
  contactPhone: string;
  contactEmail: string;
};

/** The form's fields in page order, with the column each one is stored in. */
export const TEXT_FIELDS = [
  ['description', 'description'],
  ['fees', 'fees'],
  ['contactUnit', 'contact_unit'],
  ['contactPhone', 'contact_phone'],
  ['contactEmail', 'contact_email'],
] as const satisfies readonly (readonly [keyof TextsInput, keyof ActivationTexts])[];

// The limits of online_service_activation's checks (migration 2026-11-29-06).
export const DESCRIPTION_MAX = 5000;
export const FEES_MAX = 1000;
export const UNIT_MAX = 200;
export const PHONE_MAX = 30;

/** Digits with the usual separators, at least six digits: "05952 206-0", "+49 5952 2060". */
const PHONE = /^\+?[0-9][0-9 ()/-]*$/;

/** The texts to store; ValidationError naming every field that is not right, nothing stored. */
export function checkedTexts(input: TextsInput): ActivationTexts {
  const fields: Record<string, string> = {};
  const description = input.description.trim();
  const fees = input.fees.trim();
  const unit = input.contactUnit.trim().replace(/\s+/g, ' ');
  const phone = input.contactPhone.trim().replace(/\s+/g, ' ');
  const email = input.contactEmail.trim();
  if (description.length > DESCRIPTION_MAX)
    fields.description = 'onlineServices.error.descriptionTooLong';
  if (fees.length > FEES_MAX) fields.fees = 'onlineServices.error.feesTooLong';
  if (unit.length > UNIT_MAX) fields.contactUnit = 'onlineServices.error.unitTooLong';
  if (phone !== '') {
    const digits = phone.replace(/\D/g, '').length;
    if (phone.length > PHONE_MAX || !PHONE.test(phone) || digits < 6)
      fields.contactPhone = 'onlineServices.error.phone';
  }
  const normalised = email === '' ? '' : normaliseEmail(email);
  if (normalised === undefined) fields.contactEmail = 'onlineServices.error.email';
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  return {
    description: description || null,
    fees: fees || null,
    contact_unit: unit || null,
    contact_phone: phone || null,
    contact_email: normalised || null,
  };
}
