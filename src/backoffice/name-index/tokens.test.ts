import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nameTokens } from './tokens.ts';

test('names fold to the same tokens whatever the case, umlauts and accents', () => {
  assert.deepEqual(nameTokens(['Jürgen', 'Müller-Lüdenscheidt']), [
    'juergen',
    'mueller',
    'luedenscheidt',
  ]);
  assert.deepEqual(nameTokens(['MUELLER']), ['mueller']);
  assert.deepEqual(nameTokens(['müller']), ['mueller']);
  assert.deepEqual(nameTokens(['José  Groß']), ['jose', 'gross']);
  assert.deepEqual(nameTokens(["O'Brien"]), ['brien'], 'one letter is no token');
});

test('no token from empty names, digits or punctuation, and at most twelve', () => {
  assert.deepEqual(nameTokens(['', '  ', '123', '--']), []);
  const many = Array.from({ length: 20 }, (_, i) => `Name${String.fromCharCode(97 + i)}x`);
  assert.equal(nameTokens([many.join(' ')]).length, 12);
});
