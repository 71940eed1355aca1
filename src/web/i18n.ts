import { accountsDe } from '../accounts/messages.de.ts';
import { accountsEn } from '../accounts/messages.en.ts';
import { profileDe } from '../accounts/profile/messages.de.ts';
import { profileEn } from '../accounts/profile/messages.en.ts';
import { applicationsDe } from '../applications/messages.de.ts';
import { applicationsEn } from '../applications/messages.en.ts';
import { catalogDe } from '../catalog/messages.de.ts';
import { catalogEn } from '../catalog/messages.en.ts';
import { draftsDe } from '../drafts/messages.de.ts';
import { draftsEn } from '../drafts/messages.en.ts';
import { formsDe } from '../forms/messages.de.ts';
import { formsEn } from '../forms/messages.en.ts';
import { mailDe } from '../mail/messages.de.ts';
import { mailEn } from '../mail/messages.en.ts';
import { mailboxDe } from '../mailbox/messages.de.ts';
import { mailboxEn } from '../mailbox/messages.en.ts';
import { tenancyDe } from '../tenancy/messages.de.ts';
import { tenancyEn } from '../tenancy/messages.en.ts';
import { webDe } from './messages.de.ts';
import { webEn } from './messages.en.ts';

export const LANGUAGES = ['de', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const de = {
  ...webDe,
  ...tenancyDe,
  ...accountsDe,
  ...profileDe,
  ...mailDe,
  ...mailboxDe,
  ...formsDe,
  ...draftsDe,
  ...catalogDe,
  ...applicationsDe,
};
export type MessageKey = keyof typeof de;
// Each domain types its English file against its German one, so a missing key fails tsc.
const en: Record<MessageKey, string> = {
  ...webEn,
  ...tenancyEn,
  ...accountsEn,
  ...profileEn,
  ...mailEn,
  ...mailboxEn,
  ...formsEn,
  ...draftsEn,
  ...catalogEn,
  ...applicationsEn,
};
const catalogues: Record<Language, Record<MessageKey, string>> = { de, en };

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export function translator(lang: Language): Translate {
  const catalogue = catalogues[lang];
  return (key, params) => {
    const text = catalogue[key];
    if (params === undefined) return text;
    return text.replace(/\{(\w+)\}/g, (match, name: string) =>
      name in params ? String(params[name]) : match,
    );
  };
}

export function isLanguage(value: unknown): value is Language {
  return value === 'de' || value === 'en';
}

/**
 * Picks de or en from an Accept-Language header. Anything malformed or unknown falls back to
 * German, the portal's primary language: a broken header must never break the page.
 */
export function negotiateLanguage(header: string | undefined): Language {
  if (!header || header.length > 512) return 'de';
  let best: { lang: Language; q: number } | undefined;
  for (const part of header.split(',')) {
    const [tag = '', ...options] = part.trim().split(';');
    const primary = tag.trim().toLowerCase().split('-')[0];
    if (!isLanguage(primary)) continue;
    const qOption = options.map((o) => o.trim()).find((o) => o.startsWith('q='));
    const q = qOption === undefined ? 1 : Number(qOption.slice(2));
    if (!Number.isFinite(q) || q <= 0 || q > 1) continue;
    if (best === undefined || q > best.q) best = { lang: primary, q };
  }
  return best?.lang ?? 'de';
}
