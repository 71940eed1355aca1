// The Verbund-wide settings of an online service as the Verbund's admins type them: one trust
// level for every member ("pro Prozess ein einheitliches Authentifizierungslevel"), anonymous
// use only at the lowest level, and texts within the limits the table checks.
import type { TrustLevel } from '../../db/schema.ts';
import { ValidationError } from '../../errors.ts';

export const TRUST_LEVELS = ['basic', 'low', 'substantial', 'high'] as const satisfies TrustLevel[];
export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 5000;
export const FEES_MAX = 1000;
export const RETENTION_MIN = 1;
export const RETENTION_MAX = 1200;

/** What the form sends, as typed. */
export type ServiceSettingsInput = {
  title: string;
  trustLevel: string;
  anonymous: boolean;
  description: string;
  fees: string;
  retentionMonths: string;
};

export type ServiceSettings = {
  title: string;
  trust_level: TrustLevel;
  allows_anonymous: boolean;
  description: string | null;
  fees: string | null;
  retention_months: number;
};

/** The settings to store; ValidationError naming every field that is not right, nothing stored. */
export function checkedSettings(input: ServiceSettingsInput): ServiceSettings {
  const fields: Record<string, string> = {};
  const title = input.title.trim().replace(/\s+/g, ' ');
  const description = input.description.trim();
  const fees = input.fees.trim();
  if (title === '') fields.title = 'verbund.service.error.titleEmpty';
  else if (title.length > TITLE_MAX) fields.title = 'verbund.service.error.titleTooLong';
  const level = TRUST_LEVELS.find((l) => l === input.trustLevel);
  if (level === undefined) fields.trustLevel = 'verbund.service.error.trustLevel';
  else if (input.anonymous && level !== 'basic')
    fields.anonymous = 'verbund.service.error.anonymousAboveBasic';
  if (description.length > DESCRIPTION_MAX)
    fields.description = 'verbund.service.error.descriptionTooLong';
  if (fees.length > FEES_MAX) fields.fees = 'verbund.service.error.feesTooLong';
  const months = /^\s*[0-9]{1,4}\s*$/.test(input.retentionMonths)
    ? Number(input.retentionMonths)
    : Number.NaN;
  if (!(months >= RETENTION_MIN && months <= RETENTION_MAX))
    fields.retentionMonths = 'verbund.service.error.retention';
  if (Object.keys(fields).length > 0 || level === undefined) throw new ValidationError(fields);
  return {
    title,
    trust_level: level,
    allows_anonymous: input.anonymous,
    description: description || null,
    fees: fees || null,
    retention_months: months,
  };
}
