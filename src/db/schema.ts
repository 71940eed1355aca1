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

export type TrustLevel = 'basic' | 'low' | 'substantial' | 'high';

export type AccountTable = {
  id: Generated<string>;
  verbund_id: string;
  email: string;
  password_hash: string;
  email_verified_at: Date | null;
  privacy_version: string;
  privacy_accepted_at: Date;
  language: ColumnType<'de' | 'en', 'de' | 'en' | undefined, 'de' | 'en'>;
  created_at: CreatedAt;
  last_login_at: Date | null;
};

export type AccountSessionTable = {
  id_hash: string;
  verbund_id: string;
  account_id: string;
  trust_level: TrustLevel;
  created_at: CreatedAt;
  last_seen_at: Date;
  expires_at: Date;
};

export type AccountTokenTable = {
  id_hash: string;
  account_id: string;
  purpose: 'verify_email' | 'reset_password';
  created_at: CreatedAt;
  expires_at: Date;
  used_at: Date | null;
};

export type LoginThrottleTable = {
  key: string;
  failures: number;
  window_started_at: Date;
  blocked_until: Date | null;
  owner_notified_at: Date | null;
};

export type SecurityEventTable = {
  id: Generated<string>;
  verbund_id: string;
  account_id: string | null;
  kind: string;
  at: ColumnType<Date, Date | undefined, never>;
};

export type DB = {
  verbund: VerbundTable;
  authority: AuthorityTable;
  municipality: MunicipalityTable;
  account: AccountTable;
  account_session: AccountSessionTable;
  account_token: AccountTokenTable;
  login_throttle: LoginThrottleTable;
  security_event: SecurityEventTable;
};
