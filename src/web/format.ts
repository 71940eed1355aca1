// Dates and numbers as German (or English) readers expect them, in German time. The Intl
// formatters are built once: creating one per call cost more than rendering the page around it.
import type { Language } from './i18n.ts';

const LOCALE: Record<Language, string> = { de: 'de-DE', en: 'en-GB' };
const ZONE = 'Europe/Berlin';

/** One formatter per language, made once. */
export function perLanguage<F>(make: (locale: string) => F): (lang: Language) => F {
  const de = make(LOCALE.de);
  const en = make(LOCALE.en);
  return (lang) => (lang === 'de' ? de : en);
}

const dateTime = perLanguage(
  (l) => new Intl.DateTimeFormat(l, { dateStyle: 'medium', timeStyle: 'short', timeZone: ZONE }),
);
const longDate = perLanguage(
  (l) => new Intl.DateTimeFormat(l, { dateStyle: 'long', timeZone: ZONE }),
);
const wholeNumber = perLanguage((l) => new Intl.NumberFormat(l, { maximumFractionDigits: 0 }));

/** 29.11.2026, 14:05 */
export const formatDateTime = (date: Date, lang: Language): string => dateTime(lang).format(date);
/** 29. November 2026 */
export const formatLongDate = (date: Date, lang: Language): string => longDate(lang).format(date);
/** 54.708 */
export const formatCount = (value: number, lang: Language): string =>
  wholeNumber(lang).format(value);
