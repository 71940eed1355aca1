// The attributes BundID delivers, by OID (BundID interface description; issue 13), and what
// each becomes in Rathausnetz. The subject and the level are not profile fields: the bPK2 is
// the stable id (stored only as a keyed hash), the level decides the session.
import type { VerifiedAttributeName } from '../../db/schema.ts';

export const BPK2 = 'urn:oid:1.3.6.1.4.1.25484.494450.3';
export const POSTFACH_REFERENCE = 'urn:oid:2.5.4.18';
export const TRUST_LEVEL_ATTRIBUTE = 'urn:oid:1.2.40.0.10.2.1.1.261.94';

/** OID → profile field, the default attribute mapping of a BundID provider. */
export const BUNDID_ATTRIBUTES: Readonly<Record<string, VerifiedAttributeName>> = {
  'urn:oid:2.5.4.42': 'given_name',
  'urn:oid:2.5.4.4': 'family_name',
  'urn:oid:0.9.2342.19200300.100.1.3': 'email',
  'urn:oid:1.2.40.0.10.2.1.1.55': 'birth_date',
  'urn:oid:2.5.4.16': 'street',
  'urn:oid:2.5.4.17': 'postcode',
  'urn:oid:2.5.4.7': 'city',
};

/** Asked for in every AuthnRequest; the first two must come back or the sign-in is refused. */
export const REQUESTED_ATTRIBUTES: readonly { name: string; required: boolean }[] = [
  { name: BPK2, required: true },
  { name: TRUST_LEVEL_ATTRIBUTE, required: true },
  { name: 'urn:oid:2.5.4.42', required: false },
  { name: 'urn:oid:2.5.4.4', required: false },
  { name: 'urn:oid:0.9.2342.19200300.100.1.3', required: false },
  { name: 'urn:oid:1.2.40.0.10.2.1.1.55', required: false },
  { name: 'urn:oid:2.5.4.16', required: false },
  { name: 'urn:oid:2.5.4.17', required: false },
  { name: 'urn:oid:2.5.4.7', required: false },
  { name: POSTFACH_REFERENCE, required: false },
];

export const ATTRIBUTE_NAMES: readonly VerifiedAttributeName[] = [
  'given_name',
  'family_name',
  'birth_date',
  'street',
  'postcode',
  'city',
  'email',
];
