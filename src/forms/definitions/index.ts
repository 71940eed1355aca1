// Form definitions shipped with the portal. Each JSON file is loaded (and so checked) when
// this module is imported: a broken definition stops the start instead of a citizen's form.
import { type FormDefinition, loadDefinition } from '../definition.ts';
import osterfeuerJson from './osterfeuer.json' with { type: 'json' };

/** Osterfeuer anmelden (Ordnungsamt, municipality level). */
export const osterfeuer: FormDefinition = loadDefinition(osterfeuerJson);

export const builtinDefinitions: FormDefinition[] = [osterfeuer];
