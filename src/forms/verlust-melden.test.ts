import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AttachmentRef } from './answers.ts';
import { loadDefinition } from './definition-check.ts';
import { verlustMelden as form } from './definitions/index.ts';
import json from './definitions/verlust-melden.json' with { type: 'json' };
import { prefillAnswers } from './prefill.ts';
import { assertEveryStepRenders, checkAnswersPage, fillSteps, stepPage, TODAY } from './testing.ts';
import { validateAll, validateStep } from './validate.ts';

// "Verlorene Sache melden" for the Fundbüro: what, when and where, how to reach the citizen.
// TODAY is 2027-03-01.

const options = { today: TODAY };
const wallet = {
  category: 'wallet',
  description: 'Braune Ledergeldbörse mit Druckknopf, darin ein Bibliotheksausweis',
};
const when = {
  'lostOn-day': '27',
  'lostOn-month': '2',
  'lostOn-year': '2027',
  place: 'Bus 911 von Sögel nach Werlte',
};
const contact = { givenName: 'Anna', familyName: 'Schulte', email: 'anna@example.org' };
const photo: AttachmentRef[] = [
  { id: 'a1', name: 'fahrrad.jpg', size: 1_500_000, type: 'image/jpeg' },
];

test('the definition loads with its three steps and renders in German and English', () => {
  assert.equal(loadDefinition(json).id, 'verlust-melden');
  assert.deepEqual(
    form.steps.map((s) => s.id),
    ['sache', 'wann-und-wo', 'kontakt'],
  );
  const prefill = prefillAnswers(form, { email: 'anna@example.org' });
  assertEveryStepRenders(form, prefill);
  const first = stepPage(form, 'sache', {});
  assert.match(first, /Sperr-Notruf 116 116/, 'what to do about a card comes first');
  assert.match(first, /enctype="multipart\/form-data"/);
  assert.match(
    stepPage(form, 'kontakt', { answers: prefill }),
    /id="email" name="email" type="email" value="anna@example.org"/,
  );
});

test('a lost wallet, and a lost bicycle with frame number and photo', () => {
  const plain = fillSteps(form, {
    sache: { ...wallet, frameNumber: 'ignored' },
    'wann-und-wo': when,
    kontakt: contact,
  });
  assert.deepEqual(plain.errors, {});
  assert.equal(plain.answers.lostOn, '2027-02-27');
  assert.equal(Object.hasOwn(plain.answers, 'frameNumber'), false, 'only asked for a bicycle');
  assert.equal(Object.hasOwn(plain.answers, 'phone'), false);
  assert.deepEqual(validateAll(form, plain.answers, 'de', options).errors, []);

  const bicycle = fillSteps(
    form,
    {
      sache: {
        category: 'bicycle',
        description: 'Grünes Damenrad, Korb vorne',
        frameNumber: 'WBK 123456',
      },
      'wann-und-wo': when,
      kontakt: { ...contact, phone: '05952 12345' },
    },
    { uploads: { sache: { photo } } },
  );
  assert.deepEqual(bicycle.errors, {});
  assert.equal(bicycle.answers.frameNumber, 'WBK 123456');
  assert.deepEqual(bicycle.answers.photo, photo);
  const page = checkAnswersPage(form, bicycle.answers);
  assert.match(page, /Rahmennummer des Fahrrads/);
  assert.match(page, /fahrrad\.jpg/);
});

test('bad input: a loss in the future or over a year ago, a short description, no place', () => {
  const dateErrors = (day: string, month: string, year: string) =>
    validateStep(
      form,
      'wann-und-wo',
      { ...when, 'lostOn-day': day, 'lostOn-month': month, 'lostOn-year': year },
      {},
      'de',
      options,
    ).errors.map((e) => e.message);
  assert.deepEqual(dateErrors('2', '3', '2027'), [
    'Der Tag des Verlusts darf nicht in der Zukunft liegen.',
  ]);
  assert.match(dateErrors('1', '1', '2026')[0] ?? '', /Verluste aus dem letzten Jahr/);
  assert.deepEqual(dateErrors('1', '3', '2027'), [], 'today is fine');

  const missing = fillSteps(form, {
    sache: { category: 'keys', description: 'Schlüssel' },
    'wann-und-wo': { ...when, place: '' },
    kontakt: { ...contact, email: 'keine-adresse' },
  });
  assert.match(missing.errors.sache?.[0] ?? '', /mindestens 10 Zeichen/);
  assert.deepEqual(missing.errors['wann-und-wo'], [
    'Geben Sie an, wo Sie die Sache verloren haben.',
  ]);
  assert.equal(missing.errors.kontakt?.length, 1);
  assert.deepEqual(
    validateStep(form, 'sache', { ...wallet, category: 'ufo' }, {}, 'de', options).errors.map(
      (e) => e.code,
    ),
    ['option'],
  );
});
