import { slugify } from './names.ts';
import type { AuthoritySeed, MunicipalitySeed, VerbundSeed } from './seed-data.ts';

// The subset of ../shared/data/regions/<county>.json this conversion reads.
type RegionsMunicipality = {
  name: string;
  ags: string;
  ars: string;
  is_stadt: boolean;
  postcode_admin_seat: string;
  population: number;
};
type RegionsUnit = {
  name: string;
  name_destatis: string;
  type: 'Einheitsgemeinde' | 'Samtgemeinde';
  regionalschluessel: string;
  municipalities: RegionsMunicipality[];
};
type Regions = {
  source: { population_reference_date: string };
  county: { name: string; type: string; kreisschluessel: string; units: RegionsUnit[] };
};

/**
 * Facts the Destatis extract does not carry: where the county administration and each
 * Samtgemeinde have their seat. A Samtgemeinde not listed sits in its namesake member.
 */
const COUNTY_SEATS: Record<string, { postcode: string; locality: string }> = {
  '03454': { postcode: '49716', locality: 'Meppen' },
};
const SAMTGEMEINDE_SEATS: Record<string, string> = { '034545406': 'Esterwegen' };

export function convertRegions(regions: Regions): VerbundSeed {
  const county = regions.county;
  const countyName = `${county.type} ${county.name}`;
  const countySeat = COUNTY_SEATS[county.kreisschluessel];
  const authorities: AuthoritySeed[] = [
    {
      slug: slugify(countyName),
      name: countyName,
      kind: 'county',
      ars: county.kreisschluessel,
      seatPostcode: countySeat?.postcode ?? null,
      seatLocality: countySeat?.locality ?? null,
      municipalities: [],
    },
  ];
  for (const unit of county.units) {
    const municipalities = unit.municipalities.map(toMunicipality);
    if (unit.type === 'Samtgemeinde') {
      const seatName = SAMTGEMEINDE_SEATS[unit.regionalschluessel] ?? unit.name;
      const seat = unit.municipalities.find((m) => m.name === seatName);
      authorities.push({
        slug: slugify(`Samtgemeinde ${unit.name}`),
        name: `Samtgemeinde ${unit.name}`,
        kind: 'joint_municipality',
        ars: unit.regionalschluessel,
        seatPostcode: seat?.postcode_admin_seat ?? null,
        seatLocality: seat?.name ?? null,
        municipalities,
      });
    } else {
      const only = unit.municipalities[0];
      const isCity = only?.is_stadt ?? false;
      authorities.push({
        slug: slugify(unit.name),
        name: `${isCity ? 'Stadt' : 'Gemeinde'} ${unit.name}`,
        kind: isCity ? 'city' : 'municipality',
        ars: unit.regionalschluessel,
        seatPostcode: only?.postcode_admin_seat ?? null,
        seatLocality: only?.name ?? null,
        municipalities,
      });
    }
  }
  return {
    source: {
      dataset:
        'Statistisches Bundesamt (Destatis), Gemeindeverzeichnis GV-ISys, Auszug 4. Quartal (Gebietsstand 31.12.2019)',
      attribution:
        '© Statistisches Bundesamt (Destatis), Datenlizenz Deutschland – Namensnennung 2.0',
      populationDate: regions.source.population_reference_date,
    },
    verbund: {
      slug: slugify(county.name),
      name: `Portalverbund ${countyName}`,
      countyKey: county.kreisschluessel,
    },
    authorities,
  };
}

function toMunicipality(m: RegionsMunicipality): MunicipalitySeed {
  return {
    name: m.name,
    ags: m.ags,
    ars: m.ars,
    isCity: m.is_stadt,
    postcodes: [m.postcode_admin_seat],
    population: m.population,
  };
}
