// Working days in Lower Saxony: Monday to Friday except the public holidays of the
// Niedersächsisches Feiertagsgesetz (§ 2 NFeiertagsG). Days are ISO strings ("2026-12-24"),
// computed on UTC dates so that no time zone or daylight saving change moves a day.

/** A calendar day as "YYYY-MM-DD". */
export type Day = string;

const MS_PER_DAY = 86_400_000;

const toDate = (day: Day) => new Date(`${day}T00:00:00Z`);
const fromDate = (date: Date): Day => date.toISOString().slice(0, 10);

export function addDays(day: Day, n: number): Day {
  return fromDate(new Date(toDate(day).getTime() + n * MS_PER_DAY));
}

/** Calendar days from `a` to `b` (negative when b is before a). */
export function daysBetween(a: Day, b: Day): number {
  return Math.round((toDate(b).getTime() - toDate(a).getTime()) / MS_PER_DAY);
}

/**
 * Easter Sunday of the Gregorian calendar (the anonymous Gregorian computus, also called
 * Meeus/Jones/Butcher): valid for every year from 1583 on.
 */
export function easterSunday(year: number): Day {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const date = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(date).padStart(2, '0')}`;
}

export type Holiday = { day: Day; name: string };

/** The public holidays of Lower Saxony in `year`, in calendar order. */
export function lowerSaxonyHolidays(year: number): Holiday[] {
  const easter = easterSunday(year);
  const y = String(year);
  const list: Holiday[] = [
    { day: `${y}-01-01`, name: 'Neujahr' },
    { day: addDays(easter, -2), name: 'Karfreitag' },
    { day: addDays(easter, 1), name: 'Ostermontag' },
    { day: `${y}-05-01`, name: 'Tag der Arbeit' },
    { day: addDays(easter, 39), name: 'Christi Himmelfahrt' },
    { day: addDays(easter, 50), name: 'Pfingstmontag' },
    { day: `${y}-10-03`, name: 'Tag der Deutschen Einheit' },
    // A public holiday in Lower Saxony since 2018 (before that only in 2017, the jubilee).
    ...(year >= 2017 ? [{ day: `${y}-10-31`, name: 'Reformationstag' }] : []),
    { day: `${y}-12-25`, name: '1. Weihnachtstag' },
    { day: `${y}-12-26`, name: '2. Weihnachtstag' },
  ];
  return list.sort((p, q) => p.day.localeCompare(q.day));
}

// Deadlines are computed at every status change and on every inbox page: a year's list once.
const holidaySets = new Map<number, Set<Day>>();
function holidaysOf(year: number): Set<Day> {
  let set = holidaySets.get(year);
  if (set === undefined) {
    set = new Set(lowerSaxonyHolidays(year).map((h) => h.day));
    holidaySets.set(year, set);
  }
  return set;
}

export function isHoliday(day: Day): boolean {
  return holidaysOf(Number(day.slice(0, 4))).has(day);
}

export function isWorkingDay(day: Day): boolean {
  const weekday = toDate(day).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !isHoliday(day);
}

/** The n-th working day after `day` (n >= 0; n = 0 is `day` itself). */
export function addWorkingDays(day: Day, n: number): Day {
  let current = day;
  let left = n;
  while (left > 0) {
    current = addDays(current, 1);
    if (isWorkingDay(current)) left--;
  }
  return current;
}

/** Working days in (from, to]: 0 when `to` is not after `from`. */
export function workingDaysBetween(from: Day, to: Day): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d)) n++;
  return n;
}

/** The calendar day in Germany (Europe/Berlin) at `at`: what a clerk calls "today". */
export function berlinDay(at: Date): Day {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/**
 * The end of a period of `months` months that starts with an event on `day` (§ 187 Abs. 1,
 * § 188 Abs. 2 BGB): the day of the last month with the event's number, or that month's last
 * day when it has no such day (§ 188 Abs. 3: 31 January plus one month ends on 28 or 29
 * February).
 */
export function addMonthsBgb(day: Day, months: number): Day {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index % 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return fromDate(new Date(Date.UTC(year, month, Math.min(d, last))));
}

/** § 31 Abs. 3 VwVfG: a period ending on a Saturday, Sunday or holiday ends on the next working day. */
export function onWorkingDay(day: Day): Day {
  return isWorkingDay(day) ? day : addWorkingDays(day, 1);
}
