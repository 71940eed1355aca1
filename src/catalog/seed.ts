// The first online services of the Verbund and the demo's activations. The LeiKa keys are
// taken from the shipped catalogue (src/catalog/seed/ozg/ozg_service.csv).
import type { Kysely } from 'kysely';
import type { DB, ServiceLevel, TrustLevel } from '../db/schema.ts';
import { ensureCatalogue } from './import.ts';

export type OnlineServiceSeed = {
  key: string;
  leikaKey: string;
  title: string;
  level: ServiceLevel;
  trustLevel: TrustLevel;
  allowsAnonymous: boolean;
  fees: string | null;
  /** The form definition (src/forms/definitions) the online form is filled in with. */
  formId?: string;
};

export const ONLINE_SERVICES: readonly OnlineServiceSeed[] = [
  {
    key: 'osterfeuer-anmelden',
    leikaKey: '99063010000000', // Osterfeuer (OZG-ID 10147)
    title: 'Osterfeuer anmelden',
    level: 'municipality',
    trustLevel: 'basic',
    allowsAnonymous: false,
    fees: 'Die Anmeldung ist gebührenfrei.',
    formId: 'osterfeuer',
  },
  {
    key: 'hund-anmelden',
    formId: 'hund-anmelden',
    leikaKey: '99102013000000', // Hundesteuer (OZG 10160 Hundehaltung)
    title: 'Hund anmelden (Hundesteuer)',
    level: 'municipality',
    trustLevel: 'basic',
    allowsAnonymous: false,
    fees: null,
  },
  {
    key: 'sperrmuell-anmelden',
    formId: 'sperrmuell-anmelden',
    leikaKey: '99001009004002', // Sperrmüll Entsorgung durch Abholung (OZG 10110)
    title: 'Sperrmüll anmelden',
    level: 'county',
    trustLevel: 'basic',
    allowsAnonymous: false,
    fees: null,
  },
  {
    key: 'meldebescheinigung-beantragen',
    formId: 'meldebescheinigung-beantragen',
    // amtliche Meldebestätigung Ausstellung, under OZG 10559 "Meldebescheinigung und
    // -registerauskunft"; this 2019 catalogue has no entry named Meldebescheinigung.
    leikaKey: '99115003012000',
    title: 'Meldebescheinigung beantragen',
    level: 'municipality',
    // Personal data from the register goes out: the identity must be established securely.
    trustLevel: 'substantial',
    allowsAnonymous: false,
    fees: null,
  },
  {
    key: 'maengel-melden',
    formId: 'maengel-melden',
    // Schadensbeseitigung an öffentlichen Einrichtungen Meldung (OZG 10136 "Mängel melden");
    // "Mängelmelder" in the same OZG-Leistung has no LeiKa key.
    leikaKey: '99089014014000',
    title: 'Mängel melden',
    level: 'municipality',
    trustLevel: 'basic',
    allowsAnonymous: true,
    fees: 'Die Meldung ist kostenlos.',
  },
  {
    key: 'gewerbe-anmelden',
    formId: 'gewerbe-anmelden',
    leikaKey: '99050012104000', // Gewerbe Anmeldung (OZG 10294)
    title: 'Gewerbe anmelden',
    level: 'municipality',
    // The Gewerbeamt must know who starts the business; § 14 GewO data goes to other offices.
    trustLevel: 'substantial',
    allowsAnonymous: false,
    fees: null,
  },
];

type DemoActivation = {
  authority: string;
  service: string;
  contactUnit?: string;
  fees?: string;
};

/** Which authority offers what in the demo; only authorities live in the demo are listed. */
export const DEMO_ACTIVATIONS: readonly DemoActivation[] = [
  { authority: 'samtgemeinde-soegel', service: 'osterfeuer-anmelden', contactUnit: 'Ordnungsamt' },
  {
    authority: 'lingen-ems',
    service: 'osterfeuer-anmelden',
    contactUnit: 'Fachdienst Ordnung',
    fees: 'Die Anmeldung ist gebührenfrei. Für eine Ausnahmegenehmigung fallen 25 Euro an.',
  },
  {
    authority: 'landkreis-emsland',
    service: 'sperrmuell-anmelden',
    contactUnit: 'Abfallwirtschaft',
  },
  { authority: 'meppen', service: 'hund-anmelden', contactUnit: 'Steueramt' },
  { authority: 'lingen-ems', service: 'meldebescheinigung-beantragen', contactUnit: 'Bürgerbüro' },
  { authority: 'papenburg', service: 'meldebescheinigung-beantragen', contactUnit: 'Bürgerbüro' },
  { authority: 'meppen', service: 'maengel-melden' },
  { authority: 'samtgemeinde-soegel', service: 'maengel-melden', contactUnit: 'Bauamt' },
  { authority: 'papenburg', service: 'gewerbe-anmelden', contactUnit: 'Gewerbeamt' },
];

export type CatalogDemoOutcome = { onlineServices: number; activations: number };

/**
 * Loads the catalogue if it is missing, then the Verbund's online services and the demo
 * activations. Idempotent: what exists is left as it is, above all each service's trust level,
 * which is set once for the Verbund.
 */
export async function seedCatalogDemo(
  db: Kysely<DB>,
  verbundId: string,
  now: Date = new Date(),
): Promise<CatalogDemoOutcome> {
  await ensureCatalogue(db);
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('online_service')
      .values(
        ONLINE_SERVICES.map((s) => ({
          verbund_id: verbundId,
          key: s.key,
          leika_key: s.leikaKey,
          title: s.title,
          level: s.level,
          trust_level: s.trustLevel,
          allows_anonymous: s.allowsAnonymous,
          fees: s.fees,
          form_id: s.formId ?? null,
          description: null,
        })),
      )
      .onConflict((oc) => oc.columns(['verbund_id', 'key']).doNothing())
      .execute();
    const services = await trx
      .selectFrom('online_service')
      .select(['id', 'key'])
      .where('verbund_id', '=', verbundId)
      .execute();
    const authorities = await trx
      .selectFrom('authority')
      .select(['id', 'slug'])
      .where('verbund_id', '=', verbundId)
      .execute();
    const serviceId = new Map(services.map((s) => [s.key, s.id]));
    const authorityId = new Map(authorities.map((a) => [a.slug, a.id]));
    const rows = DEMO_ACTIVATIONS.flatMap((a) => {
      const service = serviceId.get(a.service);
      const authority = authorityId.get(a.authority);
      if (service === undefined || authority === undefined) return [];
      return [
        {
          verbund_id: verbundId,
          authority_id: authority,
          online_service_id: service,
          active_since: now,
          contact_unit: a.contactUnit ?? null,
          fees: a.fees ?? null,
        },
      ];
    });
    if (rows.length > 0) {
      await trx
        .insertInto('online_service_activation')
        .values(rows)
        .onConflict((oc) => oc.columns(['authority_id', 'online_service_id']).doNothing())
        .execute();
    }
    return { onlineServices: services.length, activations: rows.length };
  });
}
