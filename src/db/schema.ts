import type { ColumnType, Generated } from 'kysely';

/** Written by the database; readable, never set by the app. */
type CreatedAt = ColumnType<Date, never, never>;

export type AuthorityKind = 'county' | 'city' | 'municipality' | 'joint_municipality';
export type AuthorityStatus = 'onboarding' | 'live';

export type VerbundTable = {
  id: Generated<string>;
  slug: string;
  name: string;
  /** Kreisschlüssel, e.g. 03454 for Emsland. */
  county_key: string;
  created_at: CreatedAt;
};

export type AuthorityTable = {
  id: Generated<string>;
  verbund_id: string;
  slug: string;
  name: string;
  kind: AuthorityKind;
  /** Amtlicher Regionalschlüssel of the authority's territory (9 digits for a Verband). */
  ars: string;
  status: ColumnType<AuthorityStatus, AuthorityStatus | undefined, AuthorityStatus>;
  seat_postcode: string | null;
  seat_locality: string | null;
  street: string | null;
  phone: string | null;
  email: string | null;
  website: string | null;
  went_live_at: Date | null;
  created_at: CreatedAt;
};

export type MunicipalityTable = {
  id: Generated<string>;
  verbund_id: string;
  authority_id: string;
  ags: string;
  ars: string;
  name: string;
  /** Lower-case, umlauts folded: the key the finder searches by prefix. */
  search_name: string;
  is_city: boolean;
  postcodes: string[];
  population: number | null;
  created_at: CreatedAt;
};

export type DB = {
  verbund: VerbundTable;
  authority: AuthorityTable;
  municipality: MunicipalityTable;
};
