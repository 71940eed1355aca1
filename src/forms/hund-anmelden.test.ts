import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AttachmentRef } from './answers.ts';
import { loadDefinition } from './definition-check.ts';
import json from './definitions/hund-anmelden.json' with { type: 'json' };
import { hundAnmelden as form } from './definitions/index.ts';
import { prefillAnswers } from './prefill.ts';
import {
  assertEveryStepRenders,
  checkAnswersPage,
  hundDog as dog,
  fillSteps,
  hundKeeper as keeper,
  stepPage,
  TODAY,
} from './testing.ts';
import { validateAll, validateStep } from './validate.ts';
import { stepApplies } from './visibility.ts';

const options = { today: TODAY };
const file = (name: string): AttachmentRef[] => [
  { id: `f-${name}`, name, size: 1000, type: 'application/pdf' },
];

const plain = {
  halter: keeper,
  hund: dog,
  steuer: { listedDog: 'no', reductionRequested: 'no' },
  zahlung: { sepaMandate: 'no' },
};

test('the Hund definition loads with five steps', () => {
  assert.equal(loadDefinition(json).id, 'hund-anmelden');
  assert.deepEqual(
    form.steps.map((s) => s.id),
    ['halter', 'hund', 'steuer', 'nachweise', 'zahlung'],
  );
  assert.equal(form.trustLevel, 'basic');
});

test('every step renders well linked in German and English, prefilled, and escapes input', () => {
  const prefill = prefillAnswers(form, {
    givenName: 'Anna',
    familyName: 'Schmidt',
    birthDate: '1985-07-03',
    address: { street: 'Hauptstraße', houseNumber: '12', postcode: '49716', place: 'Meppen' },
    email: 'anna@example.org',
  });
  assert.equal(prefill.birthDate, '1985-07-03');
  assertEveryStepRenders(form, prefill);
  const first = stepPage(form, 'halter', { answers: prefill });
  assert.match(
    first,
    /id="keeperAddress-place" name="keeperAddress-place" type="text" value="Meppen"/,
  );
  const hostile = stepPage(form, 'hund', { values: { dogName: '"><script>alert(1)</script>' } });
  assert.equal(hostile.includes('<script>alert(1)'), false);
  assert.match(hostile, /value="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;"/);
});

test('a plain dog: valid path, the evidence step does not apply, no bank details kept', () => {
  const { answers, errors } = fillSteps(form, {
    ...plain,
    zahlung: { sepaMandate: 'no', iban: 'DE02120300000000202051', accountHolder: 'x' },
  });
  assert.deepEqual(errors, {});
  assert.equal(answers.chipNumber, '276098100123456');
  assert.equal(answers.keptSince, '2027-02-20');
  for (const hidden of ['reductionReason', 'listedDogProof', 'reductionProof', 'iban']) {
    assert.equal(Object.hasOwn(answers, hidden), false, hidden);
  }
  assert.equal(stepApplies(form, 'nachweise', answers), false);
  assert.deepEqual(validateAll(form, answers, 'de', options).errors, []);
  const page = checkAnswersPage(form, answers);
  assert.match(page, /20\. Februar 2027/);
  assert.equal(page.includes('Nachweis für die Ermäßigung'), false);
});

test('listed dog, reduction and SEPA: the branches appear and are required', () => {
  const missing = fillSteps(form, {
    ...plain,
    steuer: { listedDog: 'yes', reductionRequested: 'yes' },
    zahlung: { sepaMandate: 'yes' },
  });
  assert.deepEqual(missing.errors, {
    steuer: ['Wählen Sie bei „Grund der Ermäßigung oder Befreiung“ eine Antwort aus.'],
    nachweise: [
      'Laden Sie bei „Erlaubnis oder Sachkundenachweis und Wesenstest“ eine Datei hoch.',
      'Laden Sie bei „Nachweis für die Ermäßigung“ eine Datei hoch.',
    ],
    zahlung: ['Geben Sie „IBAN“ ein.', 'Geben Sie „Kontoinhaberin oder Kontoinhaber“ ein.'],
  });
  assert.equal(stepApplies(form, 'nachweise', missing.answers), true);
  const page = stepPage(form, 'nachweise', { answers: missing.answers });
  assert.match(page, /Für gefährliche Hunde und Listenhunde/);
  assert.match(page, /enctype="multipart\/form-data"/);

  const done = fillSteps(
    form,
    {
      ...plain,
      steuer: { listedDog: 'yes', reductionRequested: 'yes', reductionReason: 'guideDog' },
      zahlung: {
        sepaMandate: 'yes',
        iban: 'de02 1203 0000 0000 2020 51',
        accountHolder: 'Anna Schmidt',
      },
    },
    {
      uploads: {
        nachweise: { listedDogProof: file('erlaubnis.pdf'), reductionProof: file('ausweis.pdf') },
      },
    },
  );
  assert.deepEqual(done.errors, {});
  assert.equal(done.answers.iban, 'DE02120300000000202051');
  assert.equal(done.answers.reductionReason, 'guideDog');
  assert.deepEqual(validateAll(form, done.answers, 'de', options).errors, []);

  // Taking the answers back drops the files and the bank details.
  const undone = fillSteps(form, plain, { start: done.answers });
  assert.deepEqual(undone.errors, {});
  for (const gone of ['listedDogProof', 'reductionProof', 'reductionReason', 'iban']) {
    assert.equal(Object.hasOwn(undone.answers, gone), false, gone);
  }
  // The reason only applies with the reduction, even when posted on the same page.
  const reasonOnly = validateStep(
    form,
    'steuer',
    { listedDog: 'no', reductionRequested: 'no', reductionReason: 'guideDog' },
    {},
    'de',
    options,
  );
  assert.deepEqual(reasonOnly.errors, []);
  assert.equal(Object.hasOwn(reasonOnly.answers, 'reductionReason'), false);
});

test('bad input: chip number, dates in the future, IBAN checksum and length', () => {
  const chipMessage = 'Die Chip-Nummer besteht aus genau 15 Ziffern, zum Beispiel 276098100123456.';
  for (const chipNumber of [
    '27609810012345',
    '2760981001234567',
    '27609810012345A',
    '276 098 100 123 456',
  ]) {
    const r = validateStep(form, 'hund', { ...dog, chipNumber }, {}, 'de', options);
    assert.deepEqual(
      r.errors.map((e) => e.message),
      [chipMessage],
      chipNumber,
    );
  }
  const future = validateStep(
    form,
    'hund',
    { ...dog, 'keptSince-day': '2', 'keptSince-month': '3', 'dogBirthDate-year': '2028' },
    {},
    'de',
    options,
  );
  assert.deepEqual(
    future.errors.map((e) => [e.fieldId, e.code]),
    [
      ['dogBirthDate', 'tooLate'],
      ['keptSince', 'tooLate'],
    ],
  );
  assert.match(future.errors[1]?.message ?? '', /nicht in der Zukunft/);
  const today = validateStep(
    form,
    'hund',
    { ...dog, 'keptSince-day': '1', 'keptSince-month': '3' },
    {},
    'de',
    options,
  );
  assert.deepEqual(today.errors, []);

  const iban = (value: string) =>
    validateStep(
      form,
      'zahlung',
      { sepaMandate: 'yes', iban: value, accountHolder: 'A' },
      {},
      'de',
      options,
    ).errors.map((e) => e.code);
  assert.deepEqual(iban('DE03120300000000202051'), ['ibanChecksum']);
  assert.deepEqual(iban('DE0212030000000020205'), ['ibanLength']);
  assert.deepEqual(iban('keine IBAN'), ['iban']);
  assert.deepEqual(iban('AT611904300234573201'), []);
});
