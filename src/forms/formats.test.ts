import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addDays,
  berlinToday,
  checkIban,
  formatDate,
  formatIban,
  hasForbiddenCharacters,
  isEmail,
  isPhone,
  isPostcode,
  parseDateParts,
  parseGermanNumber,
  parseTime,
} from './formats.ts';

test('reads German numbers: decimal comma, thousands dots in whole numbers, spaces', () => {
  const n = (raw: string, whole = false) => parseGermanNumber(raw, whole)?.value;
  assert.equal(n('12'), 12);
  assert.equal(n('12,5'), 12.5);
  assert.equal(n('-3,25'), -3.25);
  assert.equal(n('\u22123'), -3);
  assert.equal(n('1.234,56'), 1234.56);
  assert.equal(n('1 500', true), 1500);
  assert.equal(n('1.500', true), 1500);
  assert.equal(n('1.500.000', true), 1_500_000);
  // A dot alone in a decimal field is a decimal point: coordinates copied from a map.
  assert.equal(n('52.6914'), 52.6914);
  assert.equal(n('1.500'), 1.5);
  assert.equal(parseGermanNumber('12,50', false)?.fractionDigits, 1);
  for (const bad of ['', 'abc', '1,2,3', '12,', ',5', '.5', '1..5', '1e5', 'Infinity', '0x10']) {
    assert.equal(parseGermanNumber(bad, false), undefined, bad);
  }
  // Whole-number fields: a dot must group thousands exactly.
  assert.equal(parseGermanNumber('1.5', true), undefined);
  assert.equal(parseGermanNumber('12.34', true), undefined);
  assert.equal(parseGermanNumber('9'.repeat(60), true), undefined);
});

test('checks IBANs: ISO 13616 mod 97, SEPA lengths, normalised without spaces', () => {
  assert.deepEqual(checkIban('DE02 1203 0000 0000 2020 51'), {
    ok: true,
    iban: 'DE02120300000000202051',
  });
  assert.deepEqual(checkIban('de89370400440532013000'), {
    ok: true,
    iban: 'DE89370400440532013000',
  });
  assert.equal(checkIban('NL91ABNA0417164300').ok, true);
  assert.equal(checkIban('GB82 WEST 1234 5698 7654 32').ok, true);
  assert.deepEqual(checkIban('DE02 1203 0000 0000 2020 52'), { ok: false, problem: 'checksum' });
  assert.deepEqual(checkIban('DE89370400440532013001'), { ok: false, problem: 'checksum' });
  assert.deepEqual(checkIban('DE0212030000000020205'), {
    ok: false,
    problem: 'length',
    country: 'DE',
    expected: 22,
    actual: 21,
  });
  for (const bad of ['', 'DE', '1234567890123456', 'DEAB120300000000202051', 'x'.repeat(100)]) {
    assert.equal(checkIban(bad).ok, false, bad);
  }
  assert.equal(formatIban('DE02120300000000202051'), 'DE02 1203 0000 0000 2020 51');
});

test('reads dates from three boxes and names what is missing or wrong', () => {
  assert.deepEqual(parseDateParts({ day: '4', month: '4', year: '2027' }), {
    kind: 'date',
    iso: '2027-04-04',
  });
  assert.deepEqual(parseDateParts({ day: ' 29', month: '02 ', year: '2028' }), {
    kind: 'date',
    iso: '2028-02-29',
  });
  assert.deepEqual(parseDateParts({ day: '', month: '', year: '' }), { kind: 'empty' });
  assert.deepEqual(parseDateParts({ day: '1', month: '', year: '' }), {
    kind: 'incomplete',
    missing: ['month', 'year'],
  });
  assert.deepEqual(parseDateParts({ day: '29', month: '2', year: '2027' }), {
    kind: 'invalid',
    wrong: ['day'],
  });
  assert.deepEqual(parseDateParts({ day: '31', month: '4', year: '2027' }), {
    kind: 'invalid',
    wrong: ['day'],
  });
  assert.deepEqual(parseDateParts({ day: '1', month: '13', year: '27' }), {
    kind: 'invalid',
    wrong: ['month', 'year'],
  });
  assert.deepEqual(parseDateParts({ day: 'x', month: '1', year: '2027' }), {
    kind: 'invalid',
    wrong: ['day'],
  });
  assert.equal(addDays('2026-12-31', 1), '2027-01-01');
  assert.equal(addDays('2028-03-01', -1), '2028-02-29');
  assert.equal(formatDate('2027-03-27', 'de'), '27. März 2027');
  assert.equal(formatDate('2027-03-27', 'en'), '27 March 2027');
});

test("today is Germany's calendar day, across daylight saving time", () => {
  assert.equal(berlinToday(new Date('2026-03-28T23:30:00Z')), '2026-03-29');
  assert.equal(berlinToday(new Date('2026-03-28T22:30:00Z')), '2026-03-28');
  assert.equal(berlinToday(new Date('2026-06-30T22:30:00Z')), '2026-07-01');
});

test('reads times written in the usual German ways', () => {
  for (const [raw, time] of [
    ['18:30', '18:30'],
    ['18.30', '18:30'],
    ['1830', '18:30'],
    ['18', '18:00'],
    ['18 Uhr', '18:00'],
    ['7:05', '07:05'],
    ['0:00', '00:00'],
  ]) {
    assert.equal(parseTime(raw ?? ''), time, raw);
  }
  for (const bad of ['24:00', '18:60', 'abc', '', '18:3', '123456']) {
    assert.equal(parseTime(bad), undefined, bad);
  }
});

test('checks postcodes, telephone numbers, e-mail addresses and stray characters', () => {
  assert.equal(isPostcode('49716'), true);
  assert.equal(isPostcode('4971'), false);
  assert.equal(isPostcode('4971a'), false);
  assert.equal(isPhone('05931 12345'), true);
  assert.equal(isPhone('+49 (5931) 44-0'), true);
  assert.equal(isPhone('call me'), false);
  assert.equal(isEmail('anna.schmidt@example.org'), true);
  assert.equal(isEmail('jörg@müller.de'), true);
  for (const bad of [
    'anna',
    'anna@',
    '@example.org',
    'anna@example',
    'a b@example.org',
    'a@b..de',
  ]) {
    assert.equal(isEmail(bad), false, bad);
  }
  assert.equal(isEmail(`${'a'.repeat(65)}@example.org`), false);
  assert.equal(hasForbiddenCharacters('Zeile 1\nZeile 2\tmit Tab'), false);
  assert.equal(hasForbiddenCharacters('a\u0000b'), true);
  assert.equal(hasForbiddenCharacters('a\u009bb'), true);
  assert.equal(hasForbiddenCharacters('a\ud800b'), true);
});
