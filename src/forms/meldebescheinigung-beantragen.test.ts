import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadDefinition } from './definition-check.ts';
import { meldebescheinigung as form } from './definitions/index.ts';
import json from './definitions/meldebescheinigung-beantragen.json' with { type: 'json' };
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
const certificate: Post = { kind: 'simple', purpose: 'employer', copies: '1' };

test('the Meldebescheinigung definition loads and asks for trust level substantial', () => {
  assert.equal(loadDefinition(json).id, 'meldebescheinigung-beantragen');
  assert.equal(form.trustLevel, 'substantial');
  assert.deepEqual(
    form.steps.map((s) => s.id),
    ['bescheinigung', 'zustellung'],
  );
});

test('every step renders well linked in German and English and escapes input', () => {
  assertEveryStepRenders(form, {});
  const page = stepPage(form, 'bescheinigung', {
    values: { purposeOther: 'Visum & "Ausland" <i>' },
  });
  assert.match(page, /value="Visum &amp; &quot;Ausland&quot; &lt;i&gt;"/);
  assert.match(
    page,
    /Nur ausfüllen, wenn bei „Wofür brauchen Sie die Bescheinigung\?“ „Sonstiges“ ausgewählt ist./,
  );
  // The post notice depends on the same page's answer.
  const delivery = stepPage(form, 'zustellung');
  assert.match(delivery, /data-depends-on="delivery"/);
});

test('valid paths: simple to the Postfach, extended by post for another purpose', () => {
  const simple = fillSteps(form, {
    bescheinigung: certificate,
    zustellung: { delivery: 'postfach' },
  });
  assert.deepEqual(simple.errors, {});
  assert.deepEqual(simple.answers, {
    kind: 'simple',
    purpose: 'employer',
    copies: 1,
    delivery: 'postfach',
  });
  assert.deepEqual(validateAll(form, simple.answers, 'de', options).errors, []);

  const missing = fillSteps(form, {
    bescheinigung: { ...certificate, kind: 'extended', purpose: 'other' },
    zustellung: { delivery: 'post' },
  });
  assert.deepEqual(missing.errors, { bescheinigung: ['Geben Sie „Anderer Zweck“ ein.'] });
  const extended = fillSteps(form, {
    bescheinigung: {
      kind: 'extended',
      purpose: 'other',
      purposeOther: 'Antrag auf Einbürgerung',
      copies: '3',
    },
    zustellung: { delivery: 'post' },
  });
  assert.deepEqual(extended.errors, {});
  assert.equal(extended.answers.purposeOther, 'Antrag auf Einbürgerung');
  assert.deepEqual(validateAll(form, extended.answers, 'de', options).errors, []);
  const page = checkAnswersPage(form, extended.answers);
  assert.match(page, /Erweiterte Meldebescheinigung/);
  assert.match(page, /Per Post/);

  // Another purpose posted with a listed one is not kept.
  const listed = validateStep(
    form,
    'bescheinigung',
    { ...certificate, purposeOther: 'x' },
    {},
    'de',
  );
  assert.equal(Object.hasOwn(listed.answers, 'purposeOther'), false);
});

test('bad input: number of copies, unknown options', () => {
  const codes = (post: Post) =>
    validateStep(form, 'bescheinigung', { ...certificate, ...post }, {}, 'de', options).errors.map(
      (e) => e.code,
    );
  assert.deepEqual(codes({ copies: '0' }), ['tooSmall']);
  assert.deepEqual(codes({ copies: '6' }), ['tooLarge']);
  assert.deepEqual(codes({ copies: '1,5' }), ['integer']);
  assert.deepEqual(codes({ copies: '5' }), []);
  assert.deepEqual(codes({ kind: 'forged' }), ['option']);
  assert.deepEqual(codes({ purpose: '' }), ['required']);
  assert.deepEqual(
    validateStep(form, 'zustellung', { delivery: 'fax' }, {}, 'de', options).errors.map(
      (e) => e.code,
    ),
    ['option'],
  );
});
