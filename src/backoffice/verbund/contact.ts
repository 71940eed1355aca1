// The contact data of an authority as the Verbund's admins type it: each field may be left
// empty (the portal front then says the data follows), and what is given must be usable as
// shown to citizens: a dialable number, an e-mail address, an http(s) address.
import { normaliseEmail } from '../../accounts/sign-in/service.ts';
import { ValidationError } from '../../errors.ts';
import type { ContactChange } from '../../tenancy/service.ts';

export type ContactInput = { street: string; phone: string; email: string; website: string };

export const CONTACT_FIELDS = ['street', 'phone', 'email', 'website'] as const;
export const STREET_MAX = 200;
export const PHONE_MAX = 40;
export const WEBSITE_MAX = 300;

/** Digits with the usual separators, at least six digits: "05931 44-0", "+49 5931 440". */
const PHONE = /^\+?[0-9][0-9 ()/-]*$/;

/** The change to store; ValidationError naming every field that is not right, nothing stored. */
export function checkedContact(input: ContactInput): ContactChange {
  const fields: Record<string, string> = {};
  const street = input.street.trim().replace(/\s+/g, ' ');
  const phone = input.phone.trim().replace(/\s+/g, ' ');
  const email = input.email.trim();
  const website = input.website.trim();
  if (street.length > STREET_MAX) fields.street = 'verbund.contact.error.streetTooLong';
  if (phone !== '') {
    const digits = phone.replace(/\D/g, '').length;
    if (phone.length > PHONE_MAX || !PHONE.test(phone) || digits < 6)
      fields.phone = 'verbund.contact.error.phone';
  }
  const normalised = email === '' ? '' : normaliseEmail(email);
  if (normalised === undefined) fields.email = 'verbund.contact.error.email';
  if (website !== '' && !isWebAddress(website)) fields.website = 'verbund.contact.error.website';
  if (Object.keys(fields).length > 0) throw new ValidationError(fields);
  return {
    street: street || null,
    phone: phone || null,
    email: normalised || null,
    website: website || null,
  };
}

function isWebAddress(value: string): boolean {
  if (value.length > WEBSITE_MAX) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}
