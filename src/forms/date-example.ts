// The example date a date field shows in its hint and repeats in its error messages. One
// function makes it for both, from the field's window, so the two can never disagree and
// the example is never a date the field itself would refuse (an Osterfeuer "27 3 2026" in
// December 2026).
import type { DateBound, FieldOf } from './definition.ts';
import { addDays } from './formats.ts';

/** A day in spring: a real date with a day above 12, so day and month cannot be swapped. */
const DAY = 27;
const MONTH = 3;

/** `27 3 2027`: the field's parts in the order the citizen types them. */
export function dateExample(field: FieldOf<'date'>, today: string): string {
  return spell(exampleIso(field, today));
}

export function exampleIso(field: FieldOf<'date'>, today: string): string {
  const min = field.notBefore === undefined ? undefined : resolveBound(field.notBefore, today);
  const max = field.notAfter === undefined ? undefined : resolveBound(field.notAfter, today);
  const inWindow = (iso: string) =>
    (min === undefined || iso >= min) && (max === undefined || iso <= max);
  const year = Number(today.slice(0, 4));
  // This year's, else the nearest year's 27 March inside the window, else the window's edge.
  for (const offset of [0, 1, -1, 2, -2, 3, -3]) {
    const candidate = iso(year + offset, MONTH, DAY);
    if (inWindow(candidate)) return candidate;
  }
  return min ?? max ?? iso(year, MONTH, DAY);
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function spell(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  return `${day} ${month} ${year}`;
}

export function resolveBound(bound: DateBound, today: string): string {
  if (bound === 'today') return today;
  if (typeof bound === 'object') return addDays(today, bound.days);
  return bound;
}
