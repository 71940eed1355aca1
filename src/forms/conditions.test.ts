import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type Condition,
  conditionShapeProblems,
  evaluate,
  type Lookup,
  referencedFields,
} from './conditions.ts';

const answers =
  (values: Record<string, unknown>): Lookup =>
  (id) => ({
    known: true,
    value: Object.hasOwn(values, id) ? values[id] : undefined,
  });

test('equals, in, not, all and any on known answers', () => {
  const a = answers({ kind: 'organisation', count: 250, public: true, extras: ['x', 'z'] });
  const cases: [Condition, boolean][] = [
    [{ field: 'kind', equals: 'organisation' }, true],
    [{ field: 'kind', equals: 'person' }, false],
    [{ field: 'kind', in: ['person', 'organisation'] }, true],
    [{ field: 'public', equals: true }, true],
    [{ field: 'public', equals: 'true' }, false],
    [{ field: 'count', equals: 250 }, true],
    [{ field: 'count', equals: '250' }, false],
    // Checkbox groups: "is ticked".
    [{ field: 'extras', equals: 'z' }, true],
    [{ field: 'extras', equals: 'y' }, false],
    [{ field: 'extras', in: ['y', 'x'] }, true],
    [{ not: { field: 'kind', equals: 'person' } }, true],
    [
      {
        all: [
          { field: 'public', equals: true },
          { field: 'count', gt: 200 },
        ],
      },
      true,
    ],
    [
      {
        all: [
          { field: 'public', equals: true },
          { field: 'count', gt: 250 },
        ],
      },
      false,
    ],
    [
      {
        any: [
          { field: 'kind', equals: 'person' },
          { field: 'count', gte: 250 },
        ],
      },
      true,
    ],
    [
      {
        any: [
          { field: 'kind', equals: 'person' },
          { field: 'count', lt: 250 },
        ],
      },
      false,
    ],
    [{ field: 'count', gte: 100, lte: 250 }, true],
    [{ field: 'count', gt: 100, lt: 250 }, false],
  ];
  for (const [condition, expected] of cases) {
    assert.equal(evaluate(condition, a), expected, JSON.stringify(condition));
  }
});

test('comparisons take numbers and ISO dates, never mixed', () => {
  const a = answers({ day: '2027-03-27', count: 5, name: '10' });
  assert.equal(evaluate({ field: 'day', gte: '2027-03-27' }, a), true);
  assert.equal(evaluate({ field: 'day', lt: '2027-03-27' }, a), false);
  assert.equal(evaluate({ field: 'day', gt: 5 }, a), false);
  assert.equal(evaluate({ field: 'count', gt: '2027-01-01' }, a), false);
  assert.equal(evaluate({ field: 'name', gt: 5 }, a), false);
});

test('a missing answer makes a leaf false and its negation true', () => {
  const none = answers({});
  assert.equal(evaluate({ field: 'kind', equals: 'person' }, none), false);
  assert.equal(evaluate({ field: 'count', lt: 10 }, none), false);
  assert.equal(evaluate({ not: { field: 'kind', equals: 'person' } }, none), true);
  assert.equal(evaluate({ field: 'x', equals: 'constructor' }, answers({})), false);
});

test('unknown answers (same page) give undefined unless the rest decides', () => {
  const lookup: Lookup = (id) =>
    id === 'later' ? { known: false } : { known: true, value: id === 'yes' ? true : undefined };
  const unknown: Condition = { field: 'later', equals: 'a' };
  const truthy: Condition = { field: 'yes', equals: true };
  const falsy: Condition = { field: 'no', equals: true };
  assert.equal(evaluate(unknown, lookup), undefined);
  assert.equal(evaluate({ not: unknown }, lookup), undefined);
  assert.equal(evaluate({ all: [truthy, unknown] }, lookup), undefined);
  assert.equal(evaluate({ all: [falsy, unknown] }, lookup), false);
  assert.equal(evaluate({ any: [truthy, unknown] }, lookup), true);
  assert.equal(evaluate({ any: [falsy, unknown] }, lookup), undefined);
});

test('lists the fields a condition reads', () => {
  assert.deepEqual(
    referencedFields({
      all: [
        { field: 'a', equals: 1 },
        {
          not: {
            any: [
              { field: 'b', in: [1] },
              { field: 'c', gt: 1 },
            ],
          },
        },
      ],
    }),
    ['a', 'b', 'c'],
  );
});

test('shape problems name the exact mistake instead of every union branch', () => {
  assert.deepEqual(conditionShapeProblems({ field: 'a', equals: 'x' }, '/c'), []);
  assert.deepEqual(conditionShapeProblems({ field: 'a', equal: 'x' }, '/c'), [
    {
      path: '/c',
      message:
        'unknown condition: expected one of equals, in, gt, gte, lt, lte, not, all, any; found keys field, equal',
    },
  ]);
  assert.deepEqual(conditionShapeProblems({ all: [{ field: 'a', equals: {} }] }, '/c'), [
    { path: '/c/all/0/equals', message: 'must be a string or a number or a boolean' },
  ]);
  assert.deepEqual(conditionShapeProblems({ not: { field: 'a', equals: 1 }, all: [] }, '/c'), [
    { path: '/c', message: '"not" must be the only key, found: not, all' },
  ]);
  assert.deepEqual(conditionShapeProblems({ any: [] }, '/c'), [
    { path: '/c/any', message: 'must be a list of 1 to 20 conditions' },
  ]);
  assert.deepEqual(conditionShapeProblems({ field: 'a', gt: 'soon' }, '/c'), [
    {
      path: '/c/gt',
      message:
        'must be a number or text matching ^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$',
    },
  ]);
  assert.deepEqual(conditionShapeProblems({ field: 'A b', in: [1] }, '/c'), [
    { path: '/c/field', message: 'must match ^[a-z][a-zA-Z0-9]*$' },
  ]);
  let deep: unknown = { field: 'a', equals: 1 };
  for (let i = 0; i < 10; i++) deep = { not: deep };
  assert.match(conditionShapeProblems(deep, '/c')[0]?.message ?? '', /nest deeper/);
  assert.deepEqual(conditionShapeProblems('a == 1', '/c'), [
    { path: '/c', message: 'a condition must be an object' },
  ]);
});
