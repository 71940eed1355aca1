import type { AuthorityKind } from '../db/schema.ts';

/** The shape of src/tenancy/seed/*.json: one Verbund with its authorities and municipalities. */
export type VerbundSeed = {
  source: { dataset: string; attribution: string; populationDate: string };
  verbund: { slug: string; name: string; countyKey: string };
  authorities: AuthoritySeed[];
};

export type AuthoritySeed = {
  slug: string;
  name: string;
  kind: AuthorityKind;
  ars: string;
  seatPostcode: string | null;
  seatLocality: string | null;
  municipalities: MunicipalitySeed[];
};

export type MunicipalitySeed = {
  name: string;
  ags: string;
  ars: string;
  isCity: boolean;
  postcodes: string[];
  population: number | null;
};
