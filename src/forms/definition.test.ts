import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkDefinition, DefinitionError, loadDefinition } from './definition-check.ts';
import { kitchenSink, rawForm, text } from './testing.ts';

const radio = (id: string, extra: object = {}) => ({
  type: 'radio',
  id,
  label: text('Art'),
  options: [
    { value: 'a', label: text('A') },
    { value: 'b', label: text('B') },
  ],
  ...extra,
});
const textField = (id: string, extra: object = {}) => ({
  type: 'text',
  id,
  label: text(id),
  ...extra,
});

function problems(document: unknown) {
  const result = checkDefinition(document);
  assert.equal(result.ok, false, 'expected the definition to be refused');
  return result.ok ? [] : result.problems;
}

test('loads a definition with every field type and freezes a copy', () => {
  const definition = kitchenSink();
  assert.equal(definition.steps[0]?.fields.length, 19);
  assert.ok(Object.isFrozen(definition));
  assert.ok(Object.isFrozen(definition.steps[0]?.fields[0]));
  const raw = rawForm([{ id: 'eins', fields: [textField('name')] }]);
  const loaded = loadDefinition(raw);
  raw.steps[0]?.fields.push(textField('sneaky'));
  assert.equal(loaded.steps[0]?.fields.length, 1, 'later changes to the input do not leak in');
});

test('schema problems carry the path to the mistake', () => {
  const missingTitle: Record<string, unknown> = rawForm([{ id: 'eins', fields: [textField('a')] }]);
  delete missingTitle.title;
  assert.deepEqual(problems(missingTitle), [{ path: '', message: 'missing properties: title' }]);

  assert.deepEqual(
    problems(rawForm([{ id: 'eins', fields: [textField('a', { maxLenght: 10 })] }])),
    [{ path: '/steps/0/fields/0', message: 'unknown properties: maxLenght' }],
  );
  assert.deepEqual(problems(rawForm([{ id: 'eins', fields: [{ type: 'slider', id: 'a' }] }])), [
    {
      path: '/steps/0/fields/0/type',
      message:
        'unknown field type "slider"; known: text, textarea, number, date, time, select, radio, checkboxes, checkbox, yesno, email, phone, iban, postcode, address, file, info',
    },
  ]);
  assert.deepEqual(problems(rawForm([{ id: 'eins', fields: [textField('First-Name')] }])), [
    { path: '/steps/0/fields/0/id', message: 'must match ^[a-z][a-zA-Z0-9]*$' },
  ]);
  assert.deepEqual(problems(rawForm([{ id: 'eins', fields: [radio('kind', { options: [] })] }])), [
    { path: '/steps/0/fields/0/options', message: 'must not have fewer than 1 items' },
  ]);
  assert.deepEqual(
    problems(
      rawForm([
        { id: 'eins', fields: [textField('a', { visibleWhen: { field: 'b', equal: 1 } })] },
      ]),
    ),
    [
      {
        path: '/steps/0/fields/0/visibleWhen',
        message:
          'unknown condition: expected one of equals, in, gt, gte, lt, lte, not, all, any; found keys field, equal',
      },
    ],
  );
  assert.deepEqual(problems(rawForm([{ id: 'Schritt 1', fields: [textField('a')] }])), [
    { path: '/steps/0/id', message: 'must match ^[a-z][a-z0-9-]*$' },
  ]);
  assert.deepEqual(
    problems({ ...rawForm([{ id: 'eins', fields: [textField('a')] }]), version: 0 }),
    [{ path: '/version', message: 'must be >= 1' }],
  );
  assert.deepEqual(problems('nope'), [{ path: '', message: 'must be object' }]);
  assert.deepEqual(problems({ f: () => 1 }), [{ path: '', message: 'not a JSON document' }]);
  const proto = JSON.parse(
    JSON.stringify(rawForm([{ id: 'eins', fields: [textField('a')] }])).replace(
      '"version":1',
      '"version":1,"__proto__":{"polluted":true}',
    ),
  );
  assert.deepEqual(problems(proto), [{ path: '', message: 'unknown properties: __proto__' }]);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
});

test('ids must be unique and not clash with the page or with Object.prototype', () => {
  assert.deepEqual(
    problems(
      rawForm([
        { id: 'eins', fields: [textField('name'), textField('name')] },
        { id: 'eins', fields: [textField('constructor'), textField('inhalt')] },
      ]),
    ),
    [
      { path: '/steps/0/fields/1/id', message: 'duplicate field id "name"' },
      { path: '/steps/1/id', message: 'duplicate step id "eins"' },
      { path: '/steps/1/fields/0/id', message: '"constructor" is reserved' },
      { path: '/steps/1/fields/1/id', message: '"inhalt" is reserved' },
    ],
  );
  assert.deepEqual(
    problems(
      rawForm([
        {
          id: 'eins',
          fields: [
            radio('kind', {
              options: [
                { value: 'a', label: text('A') },
                { value: 'a', label: text('A again') },
              ],
            }),
          ],
        },
      ]),
    ),
    [{ path: '/steps/0/fields/0/options/1/value', message: 'duplicate option value "a"' }],
  );
});

test('conditions may only look back (or sideways), at fields that answer what they compare', () => {
  const check = (fields: unknown[], later: unknown[] = []) =>
    problems(
      rawForm([
        { id: 'eins', fields },
        { id: 'zwei', fields: later.length ? later : [textField('z')] },
      ]),
    );

  assert.deepEqual(check([textField('a', { visibleWhen: { field: 'nope', equals: 'x' } })]), [
    { path: '/steps/0/fields/0/visibleWhen/field', message: 'no field "nope"' },
  ]);
  assert.deepEqual(check([textField('a', { visibleWhen: { field: 'a', equals: 'x' } })]), [
    {
      path: '/steps/0/fields/0/visibleWhen/field',
      message: 'a field cannot depend on itself ("a")',
    },
  ]);
  assert.deepEqual(check([textField('a', { visibleWhen: { field: 'z', equals: 'x' } })]), [
    {
      path: '/steps/0/fields/0/visibleWhen/field',
      message:
        '"z" is asked in a later step; conditions may only use answers from earlier steps or the same step',
    },
  ]);
  assert.deepEqual(
    check([radio('kind'), textField('a', { visibleWhen: { field: 'kind', in: ['a', 'c'] } })]),
    [
      {
        path: '/steps/0/fields/1/visibleWhen/in',
        message: '"c" is not an option of "kind" (radio); options: a, b',
      },
    ],
  );
  assert.deepEqual(
    check([
      { type: 'yesno', id: 'pub', label: text('Öffentlich?') },
      textField('a', { visibleWhen: { not: { field: 'pub', equals: 'yes' } } }),
    ]),
    [
      {
        path: '/steps/0/fields/1/visibleWhen/not/equals',
        message: '"pub" (yesno) answers true or false',
      },
    ],
  );
  assert.deepEqual(
    check([textField('name'), textField('a', { visibleWhen: { field: 'name', gt: 3 } })]),
    [
      {
        path: '/steps/0/fields/1/visibleWhen',
        message: 'comparisons need a number or date field, "name" (text) is neither',
      },
    ],
  );
  assert.deepEqual(
    check([
      { type: 'number', id: 'count', label: text('Anzahl') },
      textField('a', { visibleWhen: { all: [{ field: 'count', gt: '2027-01-01' }] } }),
    ]),
    [
      {
        path: '/steps/0/fields/1/visibleWhen/all/0/gt',
        message: 'must be a number to compare with "count" (number)',
      },
    ],
  );
  assert.deepEqual(
    check([
      { type: 'info', id: 'hinweis', text: text('Hinweis') },
      textField('a', { visibleWhen: { field: 'hinweis', equals: 'x' } }),
    ]),
    [
      {
        path: '/steps/0/fields/1/visibleWhen/field',
        message: 'conditions cannot use "hinweis" (info)',
      },
    ],
  );
  // A later field may depend on an earlier step and on an earlier field of its own step.
  const fine = loadDefinition(
    rawForm([
      { id: 'eins', fields: [radio('kind')] },
      {
        id: 'zwei',
        fields: [
          { type: 'yesno', id: 'pub', label: text('Öffentlich?') },
          textField('a', {
            visibleWhen: {
              all: [
                { field: 'kind', equals: 'a' },
                { field: 'pub', equals: true },
              ],
            },
          }),
        ],
      },
    ]),
  );
  assert.equal(fine.steps.length, 2);
});

test('same-step conditions must not form a cycle', () => {
  const cyclic = rawForm([
    {
      id: 'eins',
      fields: [
        textField('a', { visibleWhen: { field: 'c', equals: 'x' } }),
        textField('b', { visibleWhen: { field: 'a', equals: 'x' } }),
        textField('c', { visibleWhen: { any: [{ field: 'b', equals: 'x' }] } }),
      ],
    },
  ]);
  assert.deepEqual(problems(cyclic), [
    { path: '/steps/0/fields/0/visibleWhen', message: 'conditions form a cycle: a → c → b → a' },
  ]);
});

test('constraints must make sense: caps, ranges, windows, patterns, prefill types', () => {
  assert.deepEqual(
    problems(
      rawForm([
        {
          id: 'eins',
          fields: [
            textField('a', { maxLength: 501 }),
            { type: 'textarea', id: 'b', label: text('B'), minLength: 20, maxLength: 10 },
            { type: 'number', id: 'c', label: text('C'), min: 10, max: 1 },
            { type: 'date', id: 'd', label: text('D'), notBefore: { days: 7 }, notAfter: 'today' },
            { type: 'date', id: 'e', label: text('E'), notBefore: '2027-02-30' },
            textField('f', { pattern: { regex: '(', message: text('x') } }),
            textField('g', { pattern: { regex: '(a+)+b', message: text('x') } }),
            textField('h', { pattern: { regex: '(a)\\1', message: text('x') } }),
            textField('i', { prefill: 'profile.address' }),
            {
              type: 'checkboxes',
              id: 'j',
              label: text('J'),
              options: [{ value: 'a', label: text('A') }],
              minSelected: 2,
            },
          ],
        },
      ]),
    ),
    [
      { path: '/steps/0/fields/0/maxLength', message: 'must be at most 500 for text fields' },
      { path: '/steps/0/fields/1/minLength', message: 'must not be greater than maxLength' },
      { path: '/steps/0/fields/2/min', message: 'must not be greater than max' },
      {
        path: '/steps/0/fields/3/notBefore',
        message: 'the window is empty: notBefore is after notAfter',
      },
      { path: '/steps/0/fields/4/notBefore', message: '"2027-02-30" is not a real date' },
      { path: '/steps/0/fields/5/pattern/regex', message: 'is not a valid regular expression' },
      {
        path: '/steps/0/fields/6/pattern/regex',
        message: 'must not repeat a group that itself repeats (catastrophic backtracking)',
      },
      { path: '/steps/0/fields/7/pattern/regex', message: 'must not use back-references' },
      {
        path: '/steps/0/fields/8/prefill',
        message: 'profile.address cannot fill a text field (only address)',
      },
      { path: '/steps/0/fields/9/minSelected', message: 'cannot exceed the 1 options' },
    ],
  );
  assert.deepEqual(
    problems(
      rawForm([
        {
          id: 'eins',
          fields: [
            {
              type: 'file',
              id: 'f',
              label: text('F'),
              maxBytes: 30_000_000,
              accept: ['application/zip'],
            },
          ],
        },
      ]),
    ).map((p) => p.path),
    ['/steps/0/fields/0/accept/0', '/steps/0/fields/0/maxBytes'],
  );
});

test('loadDefinition throws one error listing every problem', () => {
  const broken = rawForm([
    { id: 'eins', fields: [textField('a'), textField('a'), textField('b', { maxLength: 9999 })] },
  ]);
  assert.throws(
    () => loadDefinition(broken),
    (error: unknown) => {
      assert.ok(error instanceof DefinitionError);
      assert.equal(error.problems.length, 2);
      assert.match(error.message, /\/steps\/0\/fields\/1\/id: duplicate field id "a"/);
      assert.match(error.message, /\/steps\/0\/fields\/2\/maxLength: must be at most 500/);
      return true;
    },
  );
});
