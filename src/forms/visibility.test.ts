import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formWith, text } from './testing.ts';
import { pageConditions, renderStates, stepApplies, visibleAnswers } from './visibility.ts';

const definition = formWith([
  {
    id: 'eins',
    fields: [
      { type: 'yesno', id: 'public', label: text('Öffentlich?') },
      { type: 'number', id: 'visitors', label: text('Besucher') },
    ],
  },
  {
    id: 'zwei',
    fields: [
      {
        type: 'info',
        id: 'eventInfo',
        text: text('Für öffentliche Veranstaltungen gilt mehr.'),
        visibleWhen: { field: 'public', equals: true },
      },
      {
        type: 'radio',
        id: 'food',
        label: text('Verkauf von Speisen?'),
        options: [
          { value: 'none', label: text('Nein') },
          { value: 'drinks', label: text('Nur Getränke') },
          { value: 'all', label: text('Speisen und Getränke') },
        ],
        visibleWhen: { field: 'public', equals: true },
      },
      {
        type: 'text',
        id: 'permit',
        label: text('Gestattung'),
        visibleWhen: {
          all: [
            { field: 'visitors', gte: 100 },
            { field: 'food', in: ['drinks', 'all'] },
          ],
        },
      },
      {
        type: 'text',
        id: 'kitchen',
        label: text('Küche'),
        visibleWhen: { field: 'permit', equals: 'liegt vor' },
      },
    ],
  },
]);

test('a hidden field hides what depends on it, across steps and in chains', () => {
  const all = { public: true, visitors: 150, food: 'all', permit: 'liegt vor', kitchen: 'Grill' };
  assert.deepEqual(visibleAnswers(definition, all), all);
  assert.deepEqual(visibleAnswers(definition, { ...all, public: false }), {
    public: false,
    visitors: 150,
  });
  assert.deepEqual(visibleAnswers(definition, { ...all, visitors: 50 }), {
    public: true,
    visitors: 50,
    food: 'all',
  });
  assert.deepEqual(
    visibleAnswers(definition, JSON.parse('{"public": true, "__proto__": {"x": 1}, "nope": 1}')),
    { public: true },
  );
});

test('render states: earlier steps decide, same-page answers leave a field conditional', () => {
  assert.deepEqual(
    Object.fromEntries(renderStates(definition, 'zwei', { public: true, visitors: 150 })),
    {
      eventInfo: 'shown',
      food: 'shown',
      permit: 'conditional',
      kitchen: 'conditional',
    },
  );
  // With few visitors the permit question is decided: gone, and with it the kitchen question.
  assert.deepEqual(
    Object.fromEntries(renderStates(definition, 'zwei', { public: true, visitors: 50 })),
    {
      eventInfo: 'shown',
      food: 'shown',
      permit: 'hidden',
      kitchen: 'hidden',
    },
  );
  const page = pageConditions(definition, 'zwei', { public: true, visitors: 150 });
  assert.deepEqual(page.open('permit'), { field: 'food', in: ['drinks', 'all'] });
  assert.equal(page.open('food'), undefined);
});

test('a step applies only if one of its questions can', () => {
  assert.equal(stepApplies(definition, 'zwei', { public: false }), false);
  assert.equal(stepApplies(definition, 'zwei', { public: true }), true);
  assert.equal(stepApplies(definition, 'eins', {}), true);
  assert.equal(stepApplies(definition, 'drei', {}), false);
});
