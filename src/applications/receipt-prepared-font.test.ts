import assert from 'node:assert/strict';
import { test } from 'node:test';
import { preparedReceiptFaces } from './receipt-fonts.ts';

// Words composed from cached letters and pair kerning must be laid out exactly as fontkit's full
// shaping lays them out, or receipts would look different depending on what was cached.
const WORDS = [
  'Eingangsbestätigung',
  'Vorgangsnummer',
  'Schützenverein',
  'Grün-Weiß',
  'Änne',
  'Özdemir',
  'AVATAR',
  'WAVE',
  'Tokyo',
  'Ty',
  'Yo',
  'Pa',
  'V.',
  '„Zitat“',
  '«Zitat»',
  'Łódź',
  'Dvořák',
  'Şahin',
  'İstanbul',
  '12.345,67 €',
  'T.',
  '–',
  '48480',
];

test('words laid out from cached letters and kerning match full shaping, letter by letter', () => {
  const { regular, bold } = preparedReceiptFaces();
  let composedCount = 0;
  for (const face of [regular, bold]) {
    for (const word of [...WORDS, ...WORDS.map((w) => `${w} `)]) {
      const { shaped, composed } = face.compare(word);
      if (composed === undefined) continue;
      composedCount++;
      assert.deepEqual(composed.hex, shaped.hex, `glyphs of ${word}`);
      assert.equal(composed.positions.length, shaped.positions.length);
      composed.positions.forEach((p, i) => {
        const q = shaped.positions[i];
        assert.ok(q !== undefined);
        assert.ok(Math.abs(p.xAdvance - q.xAdvance) < 1e-9, `advance ${i} of ${word}`);
        assert.equal(p.advanceWidth, q.advanceWidth);
      });
      assert.ok(Math.abs(composed.advanceWidth - shaped.advanceWidth) < 1e-6, word);
    }
  }
  assert.ok(composedCount > 30, 'most words are composed');
});

test('a word that shapes into a ligature is shaped in full, never composed', () => {
  const { regular } = preparedReceiptFaces();
  let ligatures = 0;
  for (const word of ['finden', 'Pfiff', 'flach', 'Schiffahrt', 'Kaffee']) {
    const { shaped, composed } = regular.compare(word);
    if (shaped.hex.length < word.length) {
      ligatures++;
      assert.equal(composed, undefined, `${word} has a ligature: not composed`);
    } else if (composed !== undefined) {
      assert.deepEqual(composed.hex, shaped.hex, word);
    }
  }
  assert.ok(ligatures > 0, 'Noto Sans has f-ligatures');
});
