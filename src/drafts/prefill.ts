// What a new draft is prefilled from: the Bürgerkonto's e-mail address and profile.
import type { EmailAndProfile } from '../accounts/profile/applicant.ts';
import type { PrefillData } from '../forms/prefill.ts';
import type { Directory } from '../tenancy/service.ts';

/** What forms prefill from (and applications keep of) the account's e-mail and profile. */
export function toPrefillData(p: EmailAndProfile | undefined, dir: Directory): PrefillData {
  const municipality = [...dir.municipalitiesOf.values()]
    .flat()
    .find((m) => m.id === p?.municipality_id);
  return {
    givenName: p?.given_name ?? undefined,
    familyName: p?.family_name ?? undefined,
    birthDate: p?.birth_date ?? undefined,
    phone: p?.phone ?? undefined,
    email: p?.email ?? undefined,
    address:
      p?.street && p.house_number && p.postcode && municipality
        ? {
            street: p.street,
            houseNumber: p.house_number,
            postcode: p.postcode,
            place: municipality.name,
          }
        : null,
  };
}
