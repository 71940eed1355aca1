// Parsers and checks for the values citizens type: German numbers, dates in three boxes,
// times, IBANs, postcodes, telephone numbers and e-mail addresses. Pure functions.
import { perLanguage } from '../web/format.ts';

/** `1.500` in an integer field, `1,5` anywhere, `52.6914` (copied from a map) in a decimal one. */
export type ParsedNumber = { value: number; fractionDigits: number } | undefined;

/**
 * Reads a number as Germans write it. A comma is always the decimal separator. A dot is a
 * thousands separator in fields that take whole numbers (`1.500` visitors) and a decimal
 * point in fields that take decimals, because coordinates copied from a map app use one
 * (`52.6914`). Spaces may group digits. Returns undefined for anything else.
 */
export function parseGermanNumber(raw: string, wholeNumbers: boolean): ParsedNumber {
  if (raw.length > 50) return undefined;
  const s = raw.replace(/[\s\u00a0\u202f]/g, '').replace(/^\u2212/, '-');
  const match = /^([+-]?)([0-9][0-9.]*)(?:,([0-9]+))?$/.exec(s);
  if (!match) return undefined;
  const [, sign = '', whole = '', comma] = match;
  let integer = whole;
  let fraction = comma ?? '';
  if (whole.includes('.')) {
    const grouped = /^[0-9]{1,3}(\.[0-9]{3})+$/.test(whole);
    if (comma !== undefined || wholeNumbers) {
      if (!grouped) return undefined;
      integer = whole.replaceAll('.', '');
    } else {
      const parts = whole.split('.');
      if (parts.length !== 2 || parts[1] === '') return undefined;
      integer = parts[0] ?? '';
      fraction = parts[1] ?? '';
    }
  }
  const value = Number(`${sign}${integer}${fraction ? `.${fraction}` : ''}`);
  if (!Number.isFinite(value) || Math.abs(value) > 1e12) return undefined;
  return { value: value === 0 ? 0 : value, fractionDigits: fraction.replace(/0+$/, '').length };
}

// Built once per language (see src/web/format.ts): a check page, a receipt or a submission
// formats dozens of values, and toLocaleString would build a formatter for each.
const numbers = perLanguage((l) => new Intl.NumberFormat(l, { maximumFractionDigits: 10 }));
const calendarDates = perLanguage(
  (l) =>
    new Intl.DateTimeFormat(l, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }),
);

/** A number as a German (or English) reader expects it: `1.234,5` / `1,234.5`. */
export function formatNumber(value: number, lang: 'de' | 'en'): string {
  return numbers(lang).format(value);
}

/** A file size or limit as a citizen reads it: `20 MB`, `1,5 MB`, `800 KB`. */
export function formatBytes(bytes: number, lang: 'de' | 'en'): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${formatNumber(Math.round(mb * 10) / 10, lang)} MB`;
  return `${formatNumber(Math.max(1, Math.round(bytes / 1024)), lang)} KB`;
}

/** The value written back into an input: no grouping, German decimal comma. */
export function numberToInput(value: number): string {
  return String(value).replace('.', ',');
}

export type DateParts = { day: string; month: string; year: string };
export type DatePart = keyof DateParts;
export const DATE_PARTS: DatePart[] = ['day', 'month', 'year'];

export type ParsedDate =
  | { kind: 'empty' }
  | { kind: 'incomplete'; missing: DatePart[] }
  | { kind: 'invalid'; wrong: DatePart[] }
  | { kind: 'date'; iso: string };

/** Day, month and year from three boxes (GOV.UK date input), as an ISO date. */
export function parseDateParts(parts: DateParts): ParsedDate {
  const trimmed = {
    day: parts.day.trim(),
    month: parts.month.trim(),
    year: parts.year.trim(),
  };
  const missing = DATE_PARTS.filter((p) => trimmed[p] === '');
  if (missing.length === 3) return { kind: 'empty' };
  if (missing.length > 0) return { kind: 'incomplete', missing };
  const wrong: DatePart[] = [];
  if (!/^[0-9]{1,2}$/.test(trimmed.day)) wrong.push('day');
  if (!/^[0-9]{1,2}$/.test(trimmed.month) || !inRange(trimmed.month, 1, 12)) wrong.push('month');
  if (!/^[0-9]{4}$/.test(trimmed.year) || !inRange(trimmed.year, 1900, 2199)) wrong.push('year');
  if (wrong.length > 0) return { kind: 'invalid', wrong };
  const [day, month, year] = [trimmed.day, trimmed.month, trimmed.year].map(Number) as [
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) {
    return { kind: 'invalid', wrong: ['day'] };
  }
  return { kind: 'date', iso: isoDate(date) };
}

function inRange(value: string, min: number, max: number): boolean {
  const n = Number(value);
  return n >= min && n <= max;
}

export function isoToParts(iso: string): DateParts {
  const [year = '', month = '', day = ''] = iso.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

// Built once: constructing an Intl formatter costs more than validating a whole step.
const BERLIN_DATE = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Berlin',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/** Today's calendar date in Germany: a date window means German days, not UTC ones. */
export function berlinToday(now: Date): string {
  const parts = BERLIN_DATE.formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

export function addDays(iso: string, days: number): string {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  return isoDate(new Date(Date.UTC(year, month - 1, day + days)));
}

/** `4. April 2026` / `4 April 2026`. */
export function formatDate(iso: string, lang: 'de' | 'en'): string {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  return calendarDates(lang).format(new Date(Date.UTC(year, month - 1, day)));
}

/** `18:30`, `18.30`, `1830`, `18` and `18 Uhr` all mean 18:30 or 18:00; returns `HH:MM`. */
export function parseTime(raw: string): string | undefined {
  const s = raw
    .trim()
    .replace(/\s*uhr$/i, '')
    .trim();
  const match = /^([0-9]{1,2})(?:[:.]?([0-9]{2}))?$/.exec(s);
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2] ?? '0');
  if (hours > 23 || minutes > 59) return undefined;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}

// IBAN lengths of the SEPA countries (ISO 13616 registry). Other countries are checked only
// for the general 15 to 34 characters. Payments must accept every SEPA IBAN (Art. 9 SEPA
// Regulation 260/2012), so a form may not restrict itself to German accounts.
const IBAN_LENGTHS: Record<string, number> = {
  AD: 24,
  AT: 20,
  BE: 16,
  BG: 22,
  CH: 21,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  EE: 20,
  ES: 24,
  FI: 18,
  FR: 27,
  GB: 22,
  GI: 23,
  GR: 27,
  HR: 21,
  HU: 28,
  IE: 22,
  IS: 26,
  IT: 27,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MT: 31,
  NL: 18,
  NO: 15,
  PL: 28,
  PT: 25,
  RO: 24,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  VA: 22,
};

export type IbanResult =
  | { ok: true; iban: string }
  | { ok: false; problem: 'format' }
  | { ok: false; problem: 'length'; country: string; expected: number; actual: number }
  | { ok: false; problem: 'checksum' };

/** Normalises (no spaces, upper case) and checks length and the ISO 13616 mod-97 checksum. */
export function checkIban(raw: string): IbanResult {
  if (raw.length > 64) return { ok: false, problem: 'format' };
  const iban = raw.replace(/[\s\u00a0\u202f-]/g, '').toUpperCase();
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}$/.test(iban)) return { ok: false, problem: 'format' };
  const country = iban.slice(0, 2);
  const expected = IBAN_LENGTHS[country];
  if (expected !== undefined && iban.length !== expected) {
    return { ok: false, problem: 'length', country, expected, actual: iban.length };
  }
  if (iban.length < 15 || iban.length > 34) return { ok: false, problem: 'format' };
  return ibanMod97(iban) === 1 ? { ok: true, iban } : { ok: false, problem: 'checksum' };
}

/** Country code and check digits move to the end, letters become 10..35, then mod 97. */
function ibanMod97(iban: string): number {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const code = char.charCodeAt(0);
    const digits = code >= 65 ? String(code - 55) : char;
    for (const digit of digits) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder;
}

/** `DE02 1203 0000 0000 2020 51`, as printed on bank cards. */
export function formatIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}

export function isPostcode(value: string): boolean {
  return /^[0-9]{5}$/.test(value);
}

export function isPhone(value: string): boolean {
  return /^\+?[0-9][0-9 ()/-]{4,29}$/.test(value);
}

export const HOUSE_NUMBER = /^[0-9]{1,4} ?[a-z]?( ?[-/] ?[0-9]{1,4} ?[a-z]?)?$/i;

/** Deliberately loose (RFC 5322 allows far more); the confirmation link proves an address. */
export function isEmail(value: string): boolean {
  if (value.length > 254) return false;
  const at = value.lastIndexOf('@');
  if (at < 1 || at > 64) return false;
  return /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:".]+(\.[^\s@<>()[\],;:".]+)+$/.test(value);
}

/**
 * True if a text holds characters no form answer needs: C0/C1 control characters (tab and
 * line breaks are handled by the caller) and unpaired surrogates.
 */
export function hasForbiddenCharacters(value: string): boolean {
  if (!value.isWellFormed()) return true;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0x09 || code === 0x0a || code === 0x0d) continue;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}
