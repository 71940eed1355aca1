import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addMonthsBgb,
  addWorkingDays,
  berlinDay,
  easterSunday,
  isWorkingDay,
  lowerSaxonyHolidays,
  onWorkingDay,
  workingDaysBetween,
} from './calendar.ts';

test('Easter Sunday by the Gregorian computus, checked against the published dates', () => {
  const known: Record<number, string> = {
    1818: '1818-03-22', // the earliest possible date
    1943: '1943-04-25', // the latest possible date
    2000: '2000-04-23',
    2019: '2019-04-21',
    2024: '2024-03-31',
    2025: '2025-04-20',
    2026: '2026-04-05',
    2027: '2027-03-28',
    2028: '2028-04-16',
    2038: '2038-04-25',
  };
  for (const [year, day] of Object.entries(known)) assert.equal(easterSunday(Number(year)), day);
});

test('Lower Saxony: the ten public holidays of 2026 and 2027 with their days', () => {
  assert.deepEqual(
    lowerSaxonyHolidays(2026).map((h) => `${h.day} ${h.name}`),
    [
      '2026-01-01 Neujahr',
      '2026-04-03 Karfreitag',
      '2026-04-06 Ostermontag',
      '2026-05-01 Tag der Arbeit',
      '2026-05-14 Christi Himmelfahrt',
      '2026-05-25 Pfingstmontag',
      '2026-10-03 Tag der Deutschen Einheit',
      '2026-10-31 Reformationstag',
      '2026-12-25 1. Weihnachtstag',
      '2026-12-26 2. Weihnachtstag',
    ],
  );
  const days2027 = lowerSaxonyHolidays(2027).map((h) => h.day);
  for (const day of ['2027-03-26', '2027-03-29', '2027-05-06', '2027-05-17']) {
    assert.ok(days2027.includes(day), `${day} is a holiday in 2027`);
  }
  // Not holidays in Lower Saxony: Fronleichnam, Heilige Drei Könige, Buß- und Bettag.
  assert.equal(isWorkingDay('2026-06-04'), true);
  assert.equal(isWorkingDay('2026-01-06'), true);
  assert.equal(isWorkingDay('2026-11-18'), true);
  // Reformationstag only from 2017 on.
  assert.equal(lowerSaxonyHolidays(2016).length, 9);
  assert.equal(
    lowerSaxonyHolidays(2030).find((h) => h.name === 'Pfingstmontag')?.day,
    '2030-06-10',
  );
});

test('weekends and holidays are not working days', () => {
  assert.equal(isWorkingDay('2026-12-05'), false); // Saturday
  assert.equal(isWorkingDay('2026-12-06'), false); // Sunday
  assert.equal(isWorkingDay('2026-12-25'), false); // Friday, 1. Weihnachtstag
  assert.equal(isWorkingDay('2026-12-24'), true); // Heiligabend is a working day
  assert.equal(isWorkingDay('2026-12-02'), true);
});

test('adding working days skips weekends and holidays, and counts back the same', () => {
  // Wednesday 23 Dec 2026 + 3: Thu 24, (25, 26, 27 off), Mon 28, Tue 29.
  assert.equal(addWorkingDays('2026-12-23', 3), '2026-12-29');
  // Over Easter 2026: Thu 2 Apr + 1 skips Karfreitag, the weekend and Ostermontag.
  assert.equal(addWorkingDays('2026-04-02', 1), '2026-04-07');
  // Over New Year 2027 (Friday): Thu 31 Dec 2026 + 1 → Mon 4 Jan 2027.
  assert.equal(addWorkingDays('2026-12-31', 1), '2027-01-04');
  assert.equal(addWorkingDays('2026-12-02', 0), '2026-12-02');
  assert.equal(workingDaysBetween('2026-12-23', '2026-12-29'), 3);
  assert.equal(workingDaysBetween('2026-12-29', '2026-12-23'), 0);
  // 2026: 365 days, 104 weekend days, 7 holidays on weekdays (3 Oct, 31 Oct, 26 Dec: Saturdays).
  assert.equal(workingDaysBetween('2025-12-31', '2026-12-31'), 365 - 104 - 7);
});

test('"today" is the day in Germany, also just after midnight in winter and summer', () => {
  assert.equal(berlinDay(new Date('2026-12-01T23:30:00Z')), '2026-12-02');
  assert.equal(berlinDay(new Date('2026-07-01T22:30:00Z')), '2026-07-02');
  assert.equal(berlinDay(new Date('2026-07-01T21:30:00Z')), '2026-07-01');
});

test('months as § 188 BGB counts them: the same day number, else the month’s last day', () => {
  assert.equal(addMonthsBgb('2026-01-15', 3), '2026-04-15');
  assert.equal(addMonthsBgb('2026-01-31', 1), '2026-02-28', '§ 188 Abs. 3');
  assert.equal(addMonthsBgb('2028-01-31', 1), '2028-02-29', 'a leap year');
  assert.equal(addMonthsBgb('2026-11-30', 3), '2027-02-28', 'across the year');
  assert.equal(addMonthsBgb('2026-08-31', 6), '2027-02-28');
  // § 31 Abs. 3 VwVfG: an end on a Saturday, Sunday or holiday moves to the next working day.
  assert.equal(onWorkingDay('2026-12-25'), '2026-12-28', 'Christmas, then the weekend');
  assert.equal(onWorkingDay('2026-12-07'), '2026-12-07');
});
