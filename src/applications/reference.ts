// Reference numbers (Vorgangsnummern) such as EL-2026-004711: the Verbund's prefix, the year
// of submission in Germany and a number from one database sequence, so they are unique in the
// Verbund without any coordination between authorities. Gaps (a rolled-back submission) are
// allowed; reuse is impossible.
const YEAR = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Berlin', year: 'numeric' });

export function formatReference(prefix: string, at: Date, number: number): string {
  return `${prefix}-${YEAR.format(at)}-${String(number).padStart(6, '0')}`;
}

export const REFERENCE_PATTERN = /^[A-Z]{1,3}-[0-9]{4}-[0-9]{6,}$/;
