import type { Kysely } from 'kysely';
import { withAccount } from '../../db/rls.ts';
import type { DB } from '../../db/schema.ts';
import { ValidationError } from '../../errors.ts';
import * as accountsRepo from '../repository.ts';
import { confirmedAddress, HOUSE_NUMBER } from './address.ts';
import * as repo from './repository.ts';

export type ProfileInput = {
  givenName: string;
  familyName: string;
  birthDay: string;
  birthMonth: string;
  birthYear: string;
  street: string;
  houseNumber: string;
  postcode: string;
  municipalityId: string;
  phone: string;
  language: string;
};

export type Profile = NonNullable<Awaited<ReturnType<typeof repo.currentProfile>>>;

const PHONE = /^\+?[0-9][0-9 ()/-]{4,29}$/;

/**
 * Checks an edit and returns the fields to store. Everything is optional (the profile only
 * prefills forms), but an address is all or nothing, so a form never gets half of one.
 */
export function validateProfile(input: ProfileInput, municipalityIds: Set<string>, today: Date) {
  const errors: Record<string, string> = {};
  const text = (value: string, field: string, max: number) => {
    const v = value.trim().replace(/\s+/g, ' ');
    if (v.length > max) errors[field] = `accounts.profile.error.tooLong${max}`;
    else if (hasControlCharacter(v) || /[<>]/.test(v))
      errors[field] = 'accounts.profile.error.characters';
    return v === '' ? null : v;
  };
  const givenName = text(input.givenName, 'givenName', 100);
  const familyName = text(input.familyName, 'familyName', 100);
  const street = text(input.street, 'street', 100);
  const houseNumber = text(input.houseNumber, 'houseNumber', 10);
  const postcode = input.postcode.trim() === '' ? null : input.postcode.trim();
  const municipalityId = input.municipalityId.trim() === '' ? null : input.municipalityId.trim();
  const phone = input.phone.trim() === '' ? null : input.phone.trim();

  if (houseNumber !== null && !errors.houseNumber && !HOUSE_NUMBER.test(houseNumber)) {
    errors.houseNumber = 'accounts.profile.error.houseNumber';
  }
  if (postcode !== null && !/^[0-9]{5}$/.test(postcode))
    errors.postcode = 'accounts.profile.error.postcode';
  if (municipalityId !== null && !municipalityIds.has(municipalityId)) {
    errors.municipalityId = 'accounts.profile.error.municipality';
  }
  const address = { street, houseNumber, postcode, municipalityId };
  if (Object.values(address).some((v) => v !== null)) {
    for (const [field, value] of Object.entries(address)) {
      if (value === null && !errors[field])
        errors[field] = `accounts.profile.error.missing.${field}`;
    }
  }
  if (phone !== null && !PHONE.test(phone)) errors.phone = 'accounts.profile.error.phone';

  const birthDate = parseBirthDate(input, today, errors);
  const language: 'de' | 'en' | undefined =
    input.language === 'en' ? 'en' : input.language === 'de' ? 'de' : undefined;
  if (language === undefined) errors.language = 'accounts.profile.error.language';

  if (Object.keys(errors).length > 0 || language === undefined) throw new ValidationError(errors);
  return {
    fields: {
      given_name: givenName,
      family_name: familyName,
      birth_date: birthDate,
      street,
      house_number: houseNumber,
      postcode,
      municipality_id: municipalityId,
      phone,
    } satisfies repo.ProfileFields,
    language,
  };
}

function parseBirthDate(
  input: ProfileInput,
  today: Date,
  errors: Record<string, string>,
): string | null {
  const parts = [input.birthDay, input.birthMonth, input.birthYear].map((p) => p.trim());
  if (parts.every((p) => p === '')) return null;
  const [day, month, year] = parts.map((p) =>
    /^[0-9]{1,4}$/.test(p) ? Number(p) : Number.NaN,
  ) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  const valid =
    year >= 1900 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day;
  if (!valid) {
    errors.birthDay = 'accounts.profile.error.birthDate';
    return null;
  }
  if (date.getTime() > today.getTime()) {
    errors.birthDay = 'accounts.profile.error.birthDateFuture';
    return null;
  }
  return date.toISOString().slice(0, 10);
}

export type ProfilesDeps = {
  db: Kysely<DB>;
  verbund: () => Promise<{ id: string }>;
  /** Attributes an identity provider confirmed at substantial or high (identity domain). */
  verified?: (accountId: string) => Promise<{ name: string; value: string; provider: string }[]>;
  /** The Verbund's municipality with this postcode and name (a confirmed address's place). */
  municipalityOf?: (postcode: string, place: string) => Promise<string | undefined>;
  now?: () => Date;
};

/** The profile fields a provider can confirm; a confirmed one is not edited by hand. */
export type VerifiedField =
  | 'givenName'
  | 'familyName'
  | 'birthDate'
  | 'street'
  | 'houseNumber'
  | 'postcode'
  | 'municipalityId';
export type VerifiedProfile = Partial<Record<VerifiedField, { value: string; provider: string }>>;

const VERIFIED_FIELDS: Record<string, VerifiedField> = {
  given_name: 'givenName',
  family_name: 'familyName',
  birth_date: 'birthDate',
};
const ISO_DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;

export type Profiles = ReturnType<typeof createProfiles>;

export function createProfiles(deps: ProfilesDeps) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  /**
   * Stores a new version unless nothing changed. Returns the version now current, whose id
   * a submitted application keeps so it always shows the data it was sent with.
   */
  async function verified(accountId: string): Promise<VerifiedProfile> {
    const out: VerifiedProfile = {};
    const rows = (await deps.verified?.(accountId)) ?? [];
    for (const row of rows) {
      const field = VERIFIED_FIELDS[row.name];
      // A birth date in another shape than ISO cannot be shown in the three date inputs.
      if (field === undefined || (field === 'birthDate' && !ISO_DATE.test(row.value))) continue;
      out[field] = { value: row.value, provider: row.provider };
    }
    // The address counts only whole: street, postcode and place all confirmed by one provider.
    const part = (name: string) => rows.find((r) => r.name === name);
    const [street, postcode, city] = [part('street'), part('postcode'), part('city')];
    const address =
      deps.municipalityOf &&
      street?.provider === postcode?.provider &&
      postcode?.provider === city?.provider
        ? await confirmedAddress(
            { street: street?.value, postcode: postcode?.value, city: city?.value },
            deps.municipalityOf,
          )
        : undefined;
    if (address !== undefined && street !== undefined) {
      for (const [field, value] of Object.entries(address))
        out[field as VerifiedField] = { value, provider: street.provider };
    }
    return out;
  }

  async function update(accountId: string, input: ProfileInput, municipalityIds: Set<string>) {
    const { fields, language } = validateProfile(input, municipalityIds, now());
    // Confirmed attributes change only by signing in with the provider again, never here.
    const locked = await verified(accountId);
    const errors: Record<string, string> = {};
    if (locked.givenName && fields.given_name !== locked.givenName.value)
      errors.givenName = 'accounts.profile.error.verified';
    if (locked.familyName && fields.family_name !== locked.familyName.value)
      errors.familyName = 'accounts.profile.error.verified';
    if (locked.birthDate && fields.birth_date !== locked.birthDate.value)
      errors.birthDay = 'accounts.profile.error.verified';
    const address = {
      street: fields.street,
      houseNumber: fields.house_number,
      postcode: fields.postcode,
      municipalityId: fields.municipality_id,
    } as const;
    for (const [field, value] of Object.entries(address)) {
      const confirmed = locked[field as VerifiedField];
      if (confirmed && value !== confirmed.value) errors[field] = 'accounts.profile.error.verified';
    }
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
    const verbund = await deps.verbund();
    return withAccount(db, accountId, async (trx) => {
      const current = await repo.currentProfile(trx, accountId);
      await trx.updateTable('account').set({ language }).where('id', '=', accountId).execute();
      if (current !== undefined && sameFields(current, fields)) return current;
      await repo.insertProfileVersion(trx, {
        verbundId: verbund.id,
        accountId,
        version: (current?.version ?? 0) + 1,
        ...fields,
      });
      await accountsRepo.insertSecurityEvent(trx, {
        verbundId: verbund.id,
        accountId,
        kind: 'profile.changed',
        at: now(),
      });
      return repo.currentProfile(trx, accountId);
    });
  }

  return {
    current: (accountId: string) =>
      withAccount(db, accountId, (trx) => repo.currentProfile(trx, accountId)),
    versions: (accountId: string) =>
      withAccount(db, accountId, (trx) => repo.profileVersions(trx, accountId)),
    verified,
    update,
  };
}

function sameFields(current: Profile, fields: repo.ProfileFields): boolean {
  return (Object.keys(fields) as (keyof repo.ProfileFields)[]).every(
    (k) => current[k] === fields[k],
  );
}

function hasControlCharacter(value: string): boolean {
  for (const char of value) {
    const code = char.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}
