import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Answers, AttachmentRef } from './answers.ts';
import { loadDefinition } from './definition.ts';
import { maengelMelden as form } from './definitions/index.ts';
import json from './definitions/maengel-melden.json' with { type: 'json' };
import { prefillAnswers } from './prefill.ts';
import { assertWellLinked, frameFor } from './testing.ts';
import { validateAll, validateStep } from './validate.ts';
import { renderCheckAnswers, renderStep } from './views.ts';

const options = { today: '2027-03-01' };
type Post = Record<string, string | string[]>;

/** Posts the steps in order; `uploads` are recorded on a step's page before it is posted. */
function fill(posts: Record<string, Post>, uploads: Record<string, Answers> = {}) {
  let answers: Answers = {};
  const errors: Record<string, string[]> = {};
  for (const step of form.steps) {
    answers = { ...answers, ...uploads[step.id] };
    const result = validateStep(form, step.id, posts[step.id] ?? {}, answers, 'de', options);
    answers = result.answers;
    if (result.errors.length > 0) errors[step.id] = result.errors.map((e) => e.message);
  }
  return { answers, errors };
}

const photo: AttachmentRef[] = [
  { id: 'a1', name: 'schlagloch.jpg', size: 2_000_000, type: 'image/jpeg' },
];
const problem: Post = {
  category: 'road',
  description: 'Tiefes Schlagloch auf der rechten Fahrspur, etwa 30 cm breit.',
};
const where: Post = {
  locationKind: 'address',
  'locationAddress-street': 'Kirchstraße',
  'locationAddress-houseNumber': '5',
  'locationAddress-postcode': '49716',
  'locationAddress-place': 'Meppen',
};

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
  for (const lang of ['de', 'en'] as const) {
    for (const step of form.steps) {
      const page = renderStep(frameFor(lang), form, step.id, {
        answers: prefill,
        errors: [],
        csrf: 't',
        action: '/a',
      }).value;
      assertWellLinked(page);
      assert.ok(page.includes(`<h1 class="kern-heading-large">${step.title[lang]}</h1>`));
    }
  }
  const last = renderStep(frameFor(), form, 'foto-und-kontakt', {
    answers: prefill,
    errors: [],
    csrf: 't',
    action: '/a',
  }).value;
  assert.match(last, /enctype="multipart\/form-data"/);
  assert.match(last, /accept="image\/jpeg,image\/png"/);
  assert.match(last, /id="replyEmail" name="replyEmail" type="email" value="anna@example.org"/);
  const first = renderStep(frameFor(), form, 'mangel', {
    answers: {},
    values: { description: '</textarea><script>x()</script>' },
    errors: [],
    csrf: 't',
    action: '/a',
  }).value;
  assert.equal(first.includes('<script>x()'), false);
  assert.match(first, /&lt;\/textarea&gt;&lt;script&gt;x\(\)&lt;\/script&gt;<\/textarea>/);
});

test('an anonymous report without photo, and one with photo, coordinates and reply', () => {
  const anonymous = fill({
    mangel: problem,
    ort: where,
    'foto-und-kontakt': { wantsReply: 'no', replyEmail: 'ignored@example.org' },
  });
  assert.deepEqual(anonymous.errors, {});
  assert.equal(Object.hasOwn(anonymous.answers, 'replyEmail'), false);
  assert.equal(Object.hasOwn(anonymous.answers, 'photo'), false);
  assert.deepEqual(validateAll(form, anonymous.answers, 'de', options).errors, []);

  const missing = fill({
    mangel: problem,
    ort: { locationKind: 'coordinates' },
    'foto-und-kontakt': { wantsReply: 'yes' },
  });
  assert.deepEqual(missing.errors, {
    ort: ['Geben Sie „Breitengrad“ ein.', 'Geben Sie „Längengrad“ ein.'],
    'foto-und-kontakt': ['Geben Sie „E-Mail-Adresse für die Rückmeldung“ ein.'],
  });

  const full = fill(
    {
      mangel: { ...problem, category: 'streetlight' },
      ort: { ...where, locationKind: 'coordinates', latitude: '52,6914', longitude: '7,2923' },
      'foto-und-kontakt': { wantsReply: 'yes', replyEmail: 'anna@example.org' },
    },
    { 'foto-und-kontakt': { photo } },
  );
  assert.deepEqual(full.errors, {});
  assert.equal(full.answers.latitude, 52.6914);
  assert.equal(Object.hasOwn(full.answers, 'locationAddress'), false);
  assert.deepEqual(full.answers.photo, photo);
  assert.deepEqual(validateAll(form, full.answers, 'de', options).errors, []);
  const page = renderCheckAnswers(frameFor(), form, full.answers, {
    changeLink: (s, f) => `/${s}#${f}`,
    csrf: 't',
    action: '/x',
  }).value;
  assertWellLinked(page);
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
