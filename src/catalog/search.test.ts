import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { ValidationError } from '../errors.ts';
import { FOLD_PAIRS, foldForSearch, queryTerms } from './fold.ts';
import { type SearchResult, searchServices } from './search.ts';
import { sharedCatalogTestDatabase } from './testing.ts';

const seeded = sharedCatalogTestDatabase();

async function search(q: string, limit = 10) {
  const { database, verbundId } = await seeded();
  return searchServices(database.owner, q, { verbundId, limit });
}

const names = (r: SearchResult) => r.hits.map((h) => h.name);
const keys = (r: SearchResult) => r.hits.map((h) => h.leika_key);

test('"Osterfeuer" finds LeiKa 99063010000000 (OZG-ID 10147) first, also as a prefix', async () => {
  for (const q of ['Osterfeuer', 'osterfeuer', 'OSTERFEUER', 'Osterf', '  Osterfeuer  ']) {
    const result = await search(q);
    assert.equal(result.hits[0]?.leika_key, '99063010000000', q);
    assert.equal(result.hits[0]?.ozg_id, '10147', q);
    assert.ok(result.hits[0]?.online, `${q}: offered online in the demo`);
  }
  // The synonym finds it too, though not in the name.
  const synonym = await search('Brauchtumsfeuer');
  assert.equal(synonym.hits[0]?.leika_key, '99063010000000');
  assert.equal(synonym.hits[0]?.name_match, false);
});

test('"Hundesteuer" and its variants find the Hundesteuer entries at the top', async () => {
  const exact = await search('Hundesteuer');
  assert.deepEqual(names(exact).slice(0, 3), [
    'Hundesteuer',
    'Hundesteuer Befreiung',
    'Hundesteuer Festsetzung',
  ]);
  const partial = await search('hundest');
  assert.equal(partial.hits[0]?.leika_key, '99102013000000');
  // What citizens say is a synonym of Hundesteuer, word for word: it comes first.
  const said = await search('Hund anmelden');
  assert.deepEqual(names(said).slice(0, 2), ['Hundesteuer', 'Hundehaltung Anmeldung']);
  assert.equal(said.hits[0]?.name_match, false);
});

test('"Sperrmüll" is found written with ü, ue, in capitals, and by its synonym Sperrgut', async () => {
  const expected = [
    'Sperrmüll',
    'Sperrmüll Entsorgung durch Abholung',
    'Sperrmüll Entsorgung',
    'Sperrmüll Entsorgung durch persönliche Abgabe',
  ];
  for (const q of ['Sperrmüll', 'Sperrmuell', 'SPERRMÜLL', 'sperrmüll entsorgung']) {
    const result = await search(q);
    assert.ok(result.hits.length >= 1, q);
    for (const hit of result.hits.slice(0, 2))
      assert.ok(expected.includes(hit.name), `${q}: ${hit.name}`);
  }
  assert.deepEqual(names(await search('Sperrmuell')), expected);
  const synonym = await search('Sperrgut');
  assert.ok(keys(synonym).slice(0, 2).includes('99001009004002'));
  assert.ok(keys(synonym).slice(0, 2).includes('99001009000000'));
});

test('ß and ss, ä and ae fold alike in the query and in the stored text', async () => {
  const withSharpS = await search('Straße');
  const withSs = await search('Strasse');
  assert.ok(withSharpS.total > 0);
  assert.deepEqual(keys(withSs), keys(withSharpS));
  assert.deepEqual(keys(await search('Maengelmelder')), keys(await search('Mängelmelder')));
  assert.equal((await search('Maengelmelder')).hits[0]?.name, 'Mängelmelder');
});

test('the exact name first, then names with every word, before synonyms and descriptions', async () => {
  const result = await search('Sperrmüll', 20);
  const firstOther = result.hits.findIndex((h) => !h.name_match);
  const lastName = result.hits.findLastIndex((h) => h.name_match);
  assert.ok(firstOther === -1 || lastName < firstOther, 'name matches come first');
  assert.equal(result.hits[0]?.name, 'Sperrmüll');
  // Among the name matches, the one offered online in the Verbund comes next.
  assert.equal(result.hits[1]?.name, 'Sperrmüll Entsorgung durch Abholung');
  assert.equal(result.hits[1]?.online, true);
});

test('a LeiKa key finds its entry; several words fall back to any word when all find nothing', async () => {
  assert.deepEqual(keys(await search('99063010000000')), ['99063010000000']);
  const all = await search('Osterfeuer Genehmigung');
  assert.equal(all.matchedAll, true);
  assert.deepEqual(names(all), ['Osterfeuer Genehmigung']);
  const any = await search('Osterfeuer Zebrastreifen');
  assert.equal(any.matchedAll, false);
  assert.equal(any.hits[0]?.leika_key, '99063010000000');
});

test('query syntax, SQL and odd characters are only ever words, never an error', async () => {
  for (const q of [
    'foo & | !(',
    "'; drop table catalog_service; --",
    'osterfeuer:* | !hund',
    '(((',
    '<-> <2> ::',
    'a & b',
    '\\',
    'der die das',
    'für',
    '日本語',
    '🙂 Osterfeuer 🙂',
    'x'.repeat(100),
  ]) {
    // Either a result or the message for the field (no word of two letters): never a crash.
    const outcome = await search(q).then(
      (result) => result.total,
      (error: unknown) => {
        if (error instanceof ValidationError) return 'refused';
        throw error;
      },
    );
    assert.ok(outcome === 'refused' || (typeof outcome === 'number' && outcome >= 0), q);
  }
  // Only words: "drop", "table", "catalog", "service", searched for like any others.
  assert.deepEqual((await search("'; drop table catalog_service; --")).terms, [
    'drop',
    'table',
    'catalog',
    'service',
  ]);
  assert.equal((await search('🙂 Osterfeuer 🙂')).hits[0]?.leika_key, '99063010000000');
  const { database } = await seeded();
  const count = await database.owner
    .selectFrom('catalog_service')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  assert.equal(Number(count.n), 5251);
});

test('empty, overlong and wordless queries are refused with the message for the field', async () => {
  const cases: [string, string][] = [
    ['', 'catalog.search.errorEmpty'],
    ['   ', 'catalog.search.errorEmpty'],
    ['x'.repeat(101), 'catalog.search.errorTooLong'],
    ['a', 'catalog.search.errorTooShort'],
    ['& | !', 'catalog.search.errorTooShort'],
    ['a b c', 'catalog.search.errorTooShort'],
  ];
  for (const [q, message] of cases) {
    await assert.rejects(
      search(q),
      (error: unknown) => error instanceof ValidationError && error.fields.q === message,
      JSON.stringify(q.slice(0, 20)),
    );
  }
});

test('query words are folded letters and digits only', () => {
  assert.deepEqual(queryTerms('Sperrmüll & Straße!'), ['sperrmuell', 'strasse']);
  assert.deepEqual(queryTerms("osterfeuer:* | !(hund) 'x'"), ['osterfeuer', 'hund']);
  assert.deepEqual(queryTerms('Kfz-Zulassung 2024'), ['kfz', 'zulassung', '2024']);
  assert.equal(queryTerms('eins zwei drei vier fünf sechs sieben acht neun zehn').length, 8);
});

test('the database folds exactly like the query does', async () => {
  const { database } = await seeded();
  const samples = [
    ...FOLD_PAIRS.map(([from]) => `x${from}y`),
    'Sperrmüll',
    'STRASSE Straße STRAẞE',
    'Ärger Öl Übung',
    'Gebühren für Führerscheine',
  ];
  for (const text of samples) {
    const { rows } = await sql<{ folded: string }>`select catalog_fold(${text}) as folded`.execute(
      database.owner,
    );
    assert.equal(rows[0]?.folded, foldForSearch(text), text);
  }
});

test('search uses the GIN indexes', async () => {
  const { database } = await seeded();
  const plan = await database.owner.transaction().execute(async (trx) => {
    // The catalogue is small enough that a sequential scan may win; forbid it to see that
    // the indexes can serve the query at all.
    await sql`set local enable_seqscan = off`.execute(trx);
    const { rows } = await sql<{ 'QUERY PLAN': string }>`explain
      select id from catalog_service
      where search_vector @@ to_tsquery('german', 'sperrmuell:*')
         or prefix_vector @@ to_tsquery('simple', 'sperrmuell:*')`.execute(trx);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
  assert.match(plan, /catalog_service_search/);
  assert.match(plan, /catalog_service_prefix/);
});
