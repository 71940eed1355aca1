import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderCheckAnswers } from './check-page.ts';
import { loadDefinition } from './definition-check.ts';
import { osterfeuer } from './definitions/index.ts';
import osterfeuerJson from './definitions/osterfeuer.json' with { type: 'json' };
import { prefillAnswers } from './prefill.ts';
import {
  assertEveryStepRenders,
  assertWellLinked,
  fillSteps,
  frameFor,
  stepPage,
  TODAY,
} from './testing.ts';
import { validateAll, validateDeclaration, validateStep } from './validate.ts';

const options = { today: TODAY };

const organiser = {
  organiserKind: 'person',
  givenName: 'Anna',
  familyName: 'Schmidt',
  'organiserAddress-street': 'Hauptstraße',
  'organiserAddress-houseNumber': '12',
  'organiserAddress-postcode': '49716',
  'organiserAddress-place': 'Meppen',
  organiserPhone: '05931 12345',
  organiserEmail: 'anna.schmidt@example.org',
};
const timeAndPlace = {
  'fireDate-day': '27',
  'fireDate-month': '3',
  'fireDate-year': '2027',
  startTime: '19 Uhr',
  endTime: '1:30',
  locationKind: 'address',
  'locationAddress-street': 'Am Sportplatz',
  'locationAddress-houseNumber': '3',
  'locationAddress-postcode': '49716',
  'locationAddress-place': 'Meppen',
  landOwner: 'yes',
};
const safety = {
  distanceBuildings: '120',
  distanceRoads: '40',
  materialConfirmed: 'yes',
  fireWatchName: 'Bernd Schmidt',
  fireWatchPhone: '0170 1234567',
  extinguishing: ['water', 'sand'],
};

test('the Osterfeuer definition loads, with four steps and the Ordnungsamt’s rules', () => {
  assert.equal(loadDefinition(osterfeuerJson).id, 'osterfeuer');
  assert.deepEqual(
    osterfeuer.steps.map((s) => s.id),
    ['veranstalter', 'zeit-und-ort', 'sicherheit', 'besucher'],
  );
  assert.equal(osterfeuer.trustLevel, 'basic');
});

test('every step renders, well linked, in German and English, prefilled from the account', () => {
  const prefill = prefillAnswers(osterfeuer, {
    givenName: 'Anna',
    familyName: 'Schmidt',
    address: { street: 'Hauptstraße', houseNumber: '12', postcode: '49716', place: 'Meppen' },
    phone: '05931 12345',
    email: 'anna.schmidt@example.org',
  });
  assertEveryStepRenders(osterfeuer, prefill, (stepId) => ({
    action: `/osterfeuer/${stepId}`,
    progress: { completed: [], stepHref: (id) => `/osterfeuer/${id}` },
  }));
  const first = stepPage(osterfeuer, 'veranstalter', { answers: prefill });
  assert.match(
    first,
    /id="givenName" name="givenName" type="text" value="Anna" autocomplete="given-name"/,
  );
  assert.match(
    first,
    /id="organiserAddress-place" name="organiserAddress-place" type="text" value="Meppen"/,
  );
  assert.match(
    first,
    /Nur ausfüllen, wenn bei „Wer veranstaltet das Osterfeuer\?“ „Ein Verein, eine Gruppe oder eine Organisation“ ausgewählt ist./,
  );
  const visitors = stepPage(osterfeuer, 'besucher');
  assert.match(
    visitors,
    /Nur ausfüllen, wenn bei „Ist das Osterfeuer eine öffentliche Veranstaltung\?“ „Ja“ ausgewählt ist./,
  );
  assert.match(
    visitors,
    /Nur ausfüllen, wenn bei „Ist das Osterfeuer eine öffentliche Veranstaltung\?“ „Ja“ ausgewählt ist und bei „Wie viele Personen erwarten Sie ungefähr\?“ mehr als 200 angegeben ist./,
  );
});

test('a private bonfire: a valid path through all steps, then check answers and declaration', () => {
  const { answers, errors } = fillSteps(osterfeuer, {
    veranstalter: organiser,
    'zeit-und-ort': timeAndPlace,
    sicherheit: safety,
    besucher: {
      expectedVisitors: '40',
      publicEvent: 'no',
      eventOrganiser: 'ignored',
      stewards: '0',
    },
  });
  assert.deepEqual(errors, {});
  assert.equal(answers.fireDate, '2027-03-27');
  assert.equal(answers.startTime, '19:00');
  assert.equal(answers.endTime, '01:30');
  assert.deepEqual(answers.extinguishing, ['water', 'sand']);
  assert.equal(answers.publicEvent, false);
  for (const hidden of [
    'organisationName',
    'latitude',
    'ownerConsent',
    'eventOrganiser',
    'stewards',
  ]) {
    assert.equal(Object.hasOwn(answers, hidden), false, hidden);
  }
  assert.deepEqual(validateAll(osterfeuer, answers, 'de', options).errors, []);
  assert.equal(validateDeclaration({ _declaration: 'yes' }, 'de'), undefined);

  const page = renderCheckAnswers(frameFor(), osterfeuer, answers, {
    changeLink: (step, field) => `/osterfeuer/${step}#${field}`,
    csrf: 't',
    action: '/osterfeuer/absenden',
  }).value;
  assertWellLinked(page);
  assert.match(page, /27\. März 2027/);
  assert.match(page, /120 m/);
  assert.match(page, /Am Sportplatz 3<br>49716 Meppen/);
  assert.equal(page.includes('Wer richtet die Veranstaltung aus?'), false);
  assert.match(page, /Ich versichere, dass meine Angaben richtig und vollständig sind./);
});

test('the conditional branches: organisation, coordinates, someone else’s land, public event', () => {
  const { answers, errors } = fillSteps(osterfeuer, {
    veranstalter: { ...organiser, organiserKind: 'organisation' },
    'zeit-und-ort': { ...timeAndPlace, locationKind: 'coordinates', landOwner: 'no' },
    sicherheit: { ...safety, distanceBuildings: '45', distanceRoads: '10', materialConfirmed: '' },
    besucher: { expectedVisitors: '1.500', publicEvent: 'yes', stewards: '1' },
  });
  assert.deepEqual(errors, {
    veranstalter: ['Geben Sie den Namen des Vereins oder der Organisation ein.'],
    'zeit-und-ort': [
      'Geben Sie „Breitengrad“ ein.',
      'Geben Sie „Längengrad“ ein.',
      'Bestätigen Sie, dass die Eigentümerin oder der Eigentümer einverstanden ist. Ohne Einverständnis dürfen Sie dort kein Feuer machen.',
    ],
    sicherheit: [
      'Das Feuer muss mindestens 50 Meter von Gebäuden entfernt sein. Wählen Sie einen anderen Standort oder sprechen Sie vorher mit dem Ordnungsamt.',
      'Das Feuer muss mindestens 25 Meter von öffentlichen Straßen entfernt sein, damit Rauch den Verkehr nicht gefährdet. Wählen Sie einen anderen Standort.',
      'Bestätigen Sie, dass Sie nur unbehandeltes Holz sowie Baum- und Strauchschnitt verbrennen. Anderes Material darf nicht verbrannt werden.',
    ],
    besucher: [
      'Geben Sie ein, wer die Veranstaltung ausrichtet.',
      'Geben Sie ein, wie viele Personen höchstens gleichzeitig da sind.',
      'Beschreiben Sie, welche Toiletten und Parkplätze es gibt.',
      'Bei mehr als 200 Personen brauchen Sie mindestens zwei Ordnerinnen oder Ordner.',
    ],
  });
  assert.equal(answers.expectedVisitors, 1500);

  const fixed = fillSteps(osterfeuer, {
    veranstalter: {
      ...organiser,
      organiserKind: 'organisation',
      organisationName: 'Schützenverein Meppen e. V.',
    },
    'zeit-und-ort': {
      ...timeAndPlace,
      locationKind: 'coordinates',
      latitude: '52,6914',
      longitude: '7.2923',
      landOwner: 'no',
      ownerConsent: 'yes',
    },
    sicherheit: safety,
    besucher: {
      expectedVisitors: '1.500',
      publicEvent: 'yes',
      eventOrganiser: 'Schützenverein Meppen e. V.',
      eventPeakVisitors: '800',
      eventFacilities: '4 Toilettenwagen am Vereinsheim.\nParken auf der Wiese an der Dorfstraße.',
      stewards: '12',
    },
  });
  assert.deepEqual(fixed.errors, {});
  assert.equal(fixed.answers.latitude, 52.6914);
  assert.equal(fixed.answers.longitude, 7.2923);
  assert.equal(Object.hasOwn(fixed.answers, 'locationAddress'), false);
  assert.equal(fixed.answers.stewards, 12);
  assert.deepEqual(validateAll(osterfeuer, fixed.answers, 'de', options).errors, []);

  // Coordinates outside Germany (swapped) get the explanation, not a bare range.
  const swapped = validateStep(
    osterfeuer,
    'zeit-und-ort',
    { ...timeAndPlace, locationKind: 'coordinates', latitude: '7,29', longitude: '52,69' },
    {},
    'de',
    options,
  );
  assert.match(swapped.errors[0]?.message ?? '', /Breiten- und Längengrad vertauscht/);

  // A fire date in the past, or when the draft is checked after the date has passed.
  const past = validateStep(
    osterfeuer,
    'zeit-und-ort',
    { ...timeAndPlace, 'fireDate-day': '28', 'fireDate-month': '2' },
    {},
    'de',
    options,
  );
  assert.deepEqual(
    past.errors.map((e) => e.message),
    ['Der Tag des Osterfeuers darf nicht in der Vergangenheit liegen.'],
  );
  assert.equal(
    validateAll(osterfeuer, fixed.answers, 'de', { today: '2027-03-28' }).errors[0]?.fieldId,
    'fireDate',
  );
});

test('"Zeit und Ort": the date hint and the date error give the same example, one the form accepts', () => {
  // 1 December 2026: 27 March 2026 has passed, the Osterfeuer window runs to December 2027.
  for (const [lang, hintWords, errorWords] of [
    ['de', 'Zum Beispiel', 'zum Beispiel'],
    ['en', 'For example', 'for example'],
  ] as const) {
    const today = '2026-12-01';
    const page = stepPage(osterfeuer, 'zeit-und-ort', { today }, lang);
    const hint = page.match(/id="fireDate-hint">([^<]*)</)?.[1] ?? '';
    const hinted = hint.match(new RegExp(`${hintWords} (\\d+ \\d+ \\d{4})`))?.[1];
    assert.equal(hinted, '27 3 2027', `${lang} hint: ${hint}`);
    assert.equal(hint.match(/\d+ \d+ \d{4}/g)?.length, 1, `${lang}: one example in the hint`);

    const wrong = validateStep(
      osterfeuer,
      'zeit-und-ort',
      { ...timeAndPlace, 'fireDate-day': '30', 'fireDate-month': '2', 'fireDate-year': '2027' },
      {},
      lang,
      { today },
    );
    const message = wrong.errors.find((e) => e.fieldId === 'fireDate')?.message ?? '';
    assert.ok(message.includes(`${errorWords} ${hinted}`), `${lang} error: ${message}`);

    const [day, month, year] = (hinted ?? '').split(' ');
    const asHinted = validateStep(
      osterfeuer,
      'zeit-und-ort',
      { ...timeAndPlace, 'fireDate-day': day, 'fireDate-month': month, 'fireDate-year': year },
      {},
      lang,
      { today },
    );
    assert.deepEqual(asHinted.errors, [], `${lang}: the example itself is accepted`);
  }
});
