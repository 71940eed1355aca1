import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDefinition } from './definition-check.ts';
import { sperrmuellAnmelden as form } from './definitions/index.ts';
import json from './definitions/sperrmuell-anmelden.json' with { type: 'json' };
import { prefillAnswers } from './prefill.ts';
import {
  assertEveryStepRenders,
  checkAnswersPage,
  fillSteps,
  type Post,
  stepPage,
  TODAY,
} from './testing.ts';
import { validateAll, validateStep } from './validate.ts';

const options = { today: TODAY };
const place: Post = {
  givenName: 'Anna',
  familyName: 'Schmidt',
  'pickupAddress-street': 'Hauptstraße',
  'pickupAddress-houseNumber': '12a',
  'pickupAddress-postcode': '49716',
  'pickupAddress-place': 'Meppen',
  placementHint: 'An der Einfahrt',
  contactPhone: '05931 12345',
  contactEmail: 'anna.schmidt@example.org',
};
const items: Post = {
  items: ['mattresses', 'furniture'],
  volume: '2,5',
  'preferredDate-day': '4',
  'preferredDate-month': '3',
  'preferredDate-year': '2027',
};
const itemsStep = (post: Post) =>
  validateStep(form, 'gegenstaende', { ...items, ...post }, {}, 'de', options).errors;

test('the Sperrmüll definition loads: two steps', () => {
  assert.equal(loadDefinition(json).id, 'sperrmuell-anmelden');
  assert.deepEqual(
    form.steps.map((s) => s.id),
    ['abholort', 'gegenstaende'],
  );
});

test('every step renders well linked in German and English, prefilled, and escapes input', () => {
  const prefill = prefillAnswers(form, {
    givenName: 'Anna',
    address: { street: 'Hauptstraße', houseNumber: '12a', postcode: '49716', place: 'Meppen' },
    phone: '05931 12345',
  });
  assertEveryStepRenders(form, prefill);
  const first = stepPage(form, 'abholort', { answers: prefill });
  assert.match(
    first,
    /id="pickupAddress-houseNumber" name="pickupAddress-houseNumber" type="text" value="12a"/,
  );
  assert.match(first, /id="contactPhone" name="contactPhone" type="tel" value="05931 12345"/);
  const second = stepPage(form, 'gegenstaende', { values: { otherItems: '<b>Fahrrad</b>' } });
  assert.match(
    second,
    /Nur ausfüllen, wenn bei „Was sollen wir abholen\?“ „Sonstiges“ ausgewählt ist./,
  );
  assert.match(second, /value="&lt;b&gt;Fahrrad&lt;\/b&gt;"/);
  assert.match(second, /<span class="kern-input-group-text" id="volume-unit">m³<\/span>/);
});

test('a valid collection, then “Sonstiges” needs its description', () => {
  const { answers, errors } = fillSteps(form, {
    abholort: place,
    gegenstaende: { ...items, otherItems: 'ignored' },
  });
  assert.deepEqual(errors, {});
  assert.deepEqual(answers.items, ['furniture', 'mattresses']);
  assert.equal(answers.volume, 2.5);
  assert.equal(answers.preferredDate, '2027-03-04');
  assert.equal(Object.hasOwn(answers, 'otherItems'), false);
  assert.deepEqual(validateAll(form, answers, 'de', options).errors, []);
  const page = checkAnswersPage(form, answers);
  assert.match(page, /2,5 m³/);
  assert.match(page, /<li>Möbel<\/li><li>Matratzen<\/li>/);

  assert.deepEqual(
    itemsStep({ items: ['other'] }).map((e) => e.message),
    ['Geben Sie „Welche sonstigen Gegenstände?“ ein.'],
  );
  const other = fillSteps(form, {
    abholort: place,
    gegenstaende: { ...items, items: ['carpets', 'other'], otherItems: 'Kinderwagen, Fahrrad' },
  });
  assert.deepEqual(other.errors, {});
  assert.equal(other.answers.otherItems, 'Kinderwagen, Fahrrad');
  assert.deepEqual(validateAll(form, other.answers, 'de', options).errors, []);
});

test('bad input: amount outside 0.5 to 5 m³, too many decimals, date too soon or too far', () => {
  const codes = (post: Post) => itemsStep(post).map((e) => e.code);
  assert.deepEqual(codes({ volume: '0,4' }), ['tooSmall']);
  assert.deepEqual(codes({ volume: '5,5' }), ['tooLarge']);
  assert.deepEqual(codes({ volume: '2,25' }), ['decimals']);
  assert.deepEqual(codes({ volume: '0,5' }), []);
  assert.deepEqual(codes({ volume: '5' }), []);
  assert.match(itemsStep({ volume: '6' })[0]?.message ?? '', /höchstens 5 m³/);
  assert.deepEqual(codes({ items: [] }), ['required']);
  assert.deepEqual(codes({ items: ['furniture', 'piano'] }), ['option']);

  const date = (day: string, month = '3') =>
    itemsStep({ 'preferredDate-day': day, 'preferredDate-month': month });
  assert.deepEqual(
    date('3').map((e) => e.message),
    ['Der Wunschtermin muss am 4. März 2027 oder später sein: Wir brauchen drei Tage Vorlauf.'],
  );
  assert.deepEqual(
    date('1').map((e) => e.code),
    ['tooEarly'],
  );
  assert.deepEqual(
    date('30', '5').map((e) => e.code),
    [],
  );
  assert.deepEqual(
    date('31', '5').map((e) => e.message),
    [
      'Der Wunschtermin darf höchstens drei Monate im Voraus liegen, also spätestens am 30. Mai 2027.',
    ],
  );
  // A draft checked again later: the wish date is too close now.
  const { answers } = fillSteps(form, { abholort: place, gegenstaende: items });
  assert.equal(
    validateAll(form, answers, 'de', { today: '2027-03-02' }).errors[0]?.fieldId,
    'preferredDate',
  );
});
