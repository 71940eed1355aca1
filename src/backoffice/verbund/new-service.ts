// A new online service as the Verbund's admins set it up for a catalogue entry ("Online-Dienst
// einrichten"): the Verbund-wide settings checked as on the edit page, plus what only the
// set-up decides and nobody changes later here: the level (county or municipalities), the
// form, and the key that names the service, derived from the title.
import { ValidationError } from '../../errors.ts';
import { transliterateUmlauts } from '../../umlauts.ts';
import {
  checkedSettings,
  type ServiceSettings,
  type ServiceSettingsInput,
} from './service-settings.ts';

export const SERVICE_LEVELS = ['county', 'municipality'] as const;
/** The table's limit on `online_service.key`. */
export const KEY_MAX = 80;

export type NewServiceInput = ServiceSettingsInput & { level: string; formId: string };

export type NewServiceChoice = ServiceSettings & {
  key: string;
  level: (typeof SERVICE_LEVELS)[number];
  form_id: string;
};

/**
 * "Sperrmüll-Abholung für Gewerbe" → "sperrmuell-abholung-fuer-gewerbe": lower case, umlauts
 * spelled out, other accents dropped, every other run of characters one hyphen, cut at a
 * hyphen to fit the column. Empty when the title holds no letter or digit.
 */
export function serviceKeyOf(title: string): string {
  const folded = transliterateUmlauts(title)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (folded.length <= KEY_MAX) return folded;
  const cut = folded.slice(0, KEY_MAX + 1);
  const end = cut.lastIndexOf('-');
  return (end > 0 ? cut.slice(0, end) : folded.slice(0, KEY_MAX)).replace(/-+$/, '');
}

/**
 * The service to store; ValidationError naming every field that is not right (the settings'
 * fields and these), nothing stored. `freeForms`: the ids of the forms it may use.
 */
export function checkedNewService(
  input: NewServiceInput,
  freeForms: readonly string[],
): NewServiceChoice {
  const fields: Record<string, string> = {};
  let settings: ServiceSettings | undefined;
  try {
    settings = checkedSettings(input);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    Object.assign(fields, error.fields);
  }
  const level = SERVICE_LEVELS.find((l) => l === input.level);
  if (level === undefined) fields.level = 'verbund.newService.error.level';
  const formId = freeForms.find((f) => f === input.formId);
  if (formId === undefined)
    fields.formId =
      input.formId === '' ? 'verbund.newService.error.form' : 'verbund.newService.error.formTaken';
  const key = settings === undefined ? '' : serviceKeyOf(settings.title);
  if (settings !== undefined && key === '') fields.title = 'verbund.newService.error.titleKey';
  if (
    Object.keys(fields).length > 0 ||
    settings === undefined ||
    level === undefined ||
    formId === undefined
  )
    throw new ValidationError(fields);
  return { ...settings, key, level, form_id: formId };
}
