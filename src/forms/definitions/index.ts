// Form definitions shipped with the portal. Each JSON file is loaded (and so checked) when
// this module is imported: a broken definition stops the start instead of a citizen's form.
import type { FormDefinition } from '../definition.ts';
import { loadDefinition } from '../definition-check.ts';
import gewerbeAnmeldenJson from './gewerbe-anmelden.json' with { type: 'json' };
import hundAnmeldenJson from './hund-anmelden.json' with { type: 'json' };
import maengelMeldenJson from './maengel-melden.json' with { type: 'json' };
import meldebescheinigungJson from './meldebescheinigung-beantragen.json' with { type: 'json' };
import osterfeuerJson from './osterfeuer.json' with { type: 'json' };
import sperrmuellAnmeldenJson from './sperrmuell-anmelden.json' with { type: 'json' };
import verlustMeldenJson from './verlust-melden.json' with { type: 'json' };

/** Osterfeuer anmelden (Ordnungsamt, municipality level). */
export const osterfeuer: FormDefinition = loadDefinition(osterfeuerJson);
/** Hund anmelden (Hundesteuer; Steueramt, municipality level). */
export const hundAnmelden: FormDefinition = loadDefinition(hundAnmeldenJson);
/** Sperrmüll anmelden (Abfallwirtschaft, county level). */
export const sperrmuellAnmelden: FormDefinition = loadDefinition(sperrmuellAnmeldenJson);
/** Meldebescheinigung beantragen (Bürgerbüro; trust level substantial). */
export const meldebescheinigung: FormDefinition = loadDefinition(meldebescheinigungJson);
/** Mängel melden (anonymous use allowed, optional photo). */
export const maengelMelden: FormDefinition = loadDefinition(maengelMeldenJson);
/** Gewerbe anmelden (Gewerbeamt; branches per legal form; trust level substantial). */
export const gewerbeAnmelden: FormDefinition = loadDefinition(gewerbeAnmeldenJson);
/**
 * Verlorene Sache melden (Fundbüro, municipality level). Shipped without an online service:
 * the Verbund office sets one up from the catalogue entry "Fundsachen" ("Online-Dienst
 * einrichten"), so a new Verbund has a form to start with.
 */
export const verlustMelden: FormDefinition = loadDefinition(verlustMeldenJson);

export const builtinDefinitions: FormDefinition[] = [
  osterfeuer,
  hundAnmelden,
  sperrmuellAnmelden,
  meldebescheinigung,
  maengelMelden,
  gewerbeAnmelden,
  verlustMelden,
];
