import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defineCatalogue, negotiateLanguage, translator } from './i18n.ts';
import { webMessages } from './messages.ts';

test('negotiates de or en from Accept-Language, preferring the higher q', () => {
  assert.equal(negotiateLanguage('en-GB,en;q=0.9,de;q=0.8'), 'en');
  assert.equal(negotiateLanguage('fr-FR, de;q=0.5, en;q=0.4'), 'de');
  assert.equal(negotiateLanguage('de;q=0.2, en;q=0.7'), 'en');
});

test('falls back to German on malformed or unknown headers', () => {
  for (const header of [undefined, '', 'fr', ';;;,,', 'en;q=abc', 'en;q=7', 'x'.repeat(600)]) {
    assert.equal(negotiateLanguage(header), 'de', `header ${header?.slice(0, 20)}`);
  }
});

test('fills placeholders and leaves unknown ones visible', () => {
  const t = translator('de');
  assert.match(t('web.notFound.title'), /nicht gefunden/);
  assert.equal(translator('en')('web.notFound.body', { path: '/12345' }).includes('/12345'), true);
  assert.match(translator('en')('web.footer.operator', { nothing: 'x' }), /\{verbund\}/);
});

test('a catalogue cannot take over another catalogue’s keys', () => {
  assert.equal(defineCatalogue(webMessages), webMessages, 'the same catalogue again is fine');
  assert.throws(
    () => defineCatalogue({ de: { 'web.notFound.title': 'x' }, en: { 'web.notFound.title': 'x' } }),
    /web\.notFound\.title is defined twice/,
  );
});
