// The profile's address rules, and the address an identity provider confirmed in the
// profile's shape. BundID sends the street with its house number in one line
// ("Heidestraße 17"), the postcode and the place; the profile keeps street and house number
// apart and the place as one of the Verbund's municipalities. An address that cannot be
// split, or whose place is no municipality of the Verbund with that postcode, is not
// confirmed: the citizen keeps typing their own.

/** "17", "17a", "17 - 19", "3/1": what a German house number looks like. */
export const HOUSE_NUMBER = /^[0-9]{1,4} ?[a-z]?( ?[-/] ?[0-9]{1,4} ?[a-z]?)?$/i;

export type ConfirmedAddress = {
  street: string;
  houseNumber: string;
  postcode: string;
  municipalityId: string;
};

/** "Heidestraße 17" → street and house number; undefined when no house number ends it. */
export function splitStreet(line: string): { street: string; houseNumber: string } | undefined {
  const match = /^(.*\S)\s+(\d[\dA-Za-z \-/]*)$/.exec(line.trim().replace(/\s+/g, ' '));
  if (match === null) return undefined;
  const [, street = '', houseNumber = ''] = match;
  if (!HOUSE_NUMBER.test(houseNumber) || street.length > 100) return undefined;
  return { street, houseNumber };
}

export async function confirmedAddress(
  delivered: { street?: string; postcode?: string; city?: string },
  municipalityOf: (postcode: string, place: string) => Promise<string | undefined>,
): Promise<ConfirmedAddress | undefined> {
  const { street, postcode, city } = delivered;
  if (street === undefined || postcode === undefined || city === undefined) return undefined;
  if (!/^[0-9]{5}$/.test(postcode)) return undefined;
  const parts = splitStreet(street);
  const municipalityId = parts && (await municipalityOf(postcode, city));
  return parts && municipalityId ? { ...parts, postcode, municipalityId } : undefined;
}
