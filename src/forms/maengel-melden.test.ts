import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AttachmentRef } from './answers.ts';
import { loadDefinition } from './definition-check.ts';
import { maengelMelden as form } from './definitions/index.ts';
import json from './definitions/maengel-melden.json' with { type: 'json' };
import { prefillAnswers } from './prefill.ts';
import {
  assertEveryStepRenders,
  checkAnswersPage,
  fillSteps,
  type Post,
  maengelProblem as problem,
  stepPage,
  TODAY,
  maengelPlace as where,
} from './testing.ts';
import { validateAll, validateStep } from './validate.ts';

const options = { today: TODAY };
const photo: AttachmentRef[] = [
  { id: 'a1', name: 'schlagloch.jpg', size: 2_000_000, type: 'image/jpeg' },
];

test('the Mängel definition loads; the photo is an optional JPEG or PNG of at most 10 MB', () => {
  assert.equal(loadDefinition(json).id, 'maengel-melden');
  assert.deepEqual(
    form.steps.map((s) => s.id),
    ['mangel', 'ort', 'foto-und-kontakt'],
  );
  const field = form.steps[2]?.fields.find((f) => f.id === 'photo');
  assert.ok(field?.type === 'file');
  assert.deepEqual(field.accept, ['image/jpeg', 'image/png']);
  assert.equal(field.maxBytes, 10 * 1024 * 1024);
  assert.notEqual(field.required, true);
});

test('every step renders well linked in German and English and escapes input', () => {
  const prefill = prefillAnswers(form, { email: 'anna@example.org' });
  assertEveryStepRenders(form, prefill);
  const last = stepPage(form, 'foto-und-kontakt', { answers: prefill });
  assert.match(last, /enctype="multipart\/form-data"/);
  assert.match(last, /accept="image\/jpeg,image\/png"/);
  assert.match(last, /id="replyEmail" name="replyEmail" type="email" value="anna@example.org"/);
  const first = stepPage(form, 'mangel', {
    values: { description: '</textarea><script>x()</script>' },
  });
  assert.equal(first.includes('<script>x()'), false);
  assert.match(first, /&lt;\/textarea&gt;&lt;script&gt;x\(\)&lt;\/script&gt;<\/textarea>/);
});

test('an anonymous report without photo, and one with photo, coordinates and reply', () => {
  const anonymous = fillSteps(form, {
    mangel: problem,
    ort: where,
    'foto-und-kontakt': { wantsReply: 'no', replyEmail: 'ignored@example.org' },
  });
  assert.deepEqual(anonymous.errors, {});
  assert.equal(Object.hasOwn(anonymous.answers, 'replyEmail'), false);
  assert.equal(Object.hasOwn(anonymous.answers, 'photo'), false);
  assert.deepEqual(validateAll(form, anonymous.answers, 'de', options).errors, []);

  const missing = fillSteps(form, {
    mangel: problem,
    ort: { locationKind: 'coordinates' },
    'foto-und-kontakt': { wantsReply: 'yes' },
  });
  assert.deepEqual(missing.errors, {
    ort: ['Geben Sie „Breitengrad“ ein.', 'Geben Sie „Längengrad“ ein.'],
    'foto-und-kontakt': ['Geben Sie „E-Mail-Adresse für die Rückmeldung“ ein.'],
  });

  const full = fillSteps(
    form,
    {
      mangel: { ...problem, category: 'streetlight' },
      ort: { ...where, locationKind: 'coordinates', latitude: '52,6914', longitude: '7,2923' },
      'foto-und-kontakt': { wantsReply: 'yes', replyEmail: 'anna@example.org' },
    },
    { uploads: { 'foto-und-kontakt': { photo } } },
  );
  assert.deepEqual(full.errors, {});
  assert.equal(full.answers.latitude, 52.6914);
  assert.equal(Object.hasOwn(full.answers, 'locationAddress'), false);
  assert.deepEqual(full.answers.photo, photo);
  assert.deepEqual(validateAll(form, full.answers, 'de', options).errors, []);
  const page = checkAnswersPage(form, full.answers);
  assert.match(page, /schlagloch\.jpg/);
  assert.equal(page.includes('Anschrift'), false);
});

test('bad input: description length, category, coordinates outside Germany', () => {
  const codes = (post: Post) =>
    validateStep(form, 'mangel', { ...problem, ...post }, {}, 'de', options).errors.map(
      (e) => e.code,
    );
  assert.deepEqual(codes({ description: 'Loch in Straße' }), ['tooShort']);
  assert.deepEqual(codes({ description: 'x'.repeat(2001) }), ['tooLong']);
  assert.deepEqual(codes({ description: 'x'.repeat(2000) }), []);
  assert.deepEqual(codes({ category: 'ufo' }), ['option']);
  assert.match(
    validateStep(form, 'mangel', { ...problem, description: 'kurz' }, {}, 'de', options).errors[0]
      ?.message ?? '',
    /mindestens 20 Zeichen/,
  );
  const place = validateStep(
    form,
    'ort',
    { locationKind: 'coordinates', latitude: '7,29', longitude: '52,69' },
    {},
    'de',
    options,
  );
  assert.deepEqual(
    place.errors.map((e) => [e.fieldId, e.code]),
    [
      ['latitude', 'tooSmall'],
      ['longitude', 'tooLarge'],
    ],
  );
  const email = validateStep(
    form,
    'foto-und-kontakt',
    { wantsReply: 'yes', replyEmail: 'keine-adresse' },
    {},
    'de',
    options,
  );
  assert.deepEqual(
    email.errors.map((e) => e.code),
    ['email'],
  );
});
