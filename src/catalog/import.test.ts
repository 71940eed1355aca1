import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runCli } from '../cli/main.ts';
import { asOwner, createTestDatabase } from '../db/testing.ts';
import {
  CatalogueFormatError,
  readCatalogueFolder,
  SHIPPED_CATALOGUE_DIR,
} from './catalogue-files.ts';
import { CsvError, parseCsv } from './csv.ts';
import { ensureCatalogue, seedCatalogue } from './import.ts';

const SHIPPED = fileURLToPath(SHIPPED_CATALOGUE_DIR);

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

/** A writable copy of the shipped catalogue, removed after the test. */
function copyOfCatalogue(t: { after(fn: () => void): void }) {
  const dir = mkdtempSync(join(tmpdir(), 'rathausnetz-catalogue-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  for (const file of [
    'ozg_subject.csv',
    'ozg_situation.csv',
    'ozg_service_system.csv',
    'ozg_service.csv',
  ]) {
    cpSync(join(SHIPPED, file), join(dir, file));
  }
  const edit = (file: string, change: (text: string) => string) =>
    writeFileSync(join(dir, file), change(readFileSync(join(dir, file), 'utf8')));
  return { dir, edit };
}

async function count(db: Awaited<ReturnType<typeof createTestDatabase>>['db']) {
  const n = async (
    table: 'catalog_subject' | 'catalog_situation' | 'catalog_ozg_service' | 'catalog_service',
  ) =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    subjects: await n('catalog_subject'),
    situations: await n('catalog_situation'),
    ozgServices: await n('catalog_ozg_service'),
    services: await n('catalog_service'),
  };
}

test('importing twice gives the same rows: the second import changes nothing', async (t) => {
  const { owner: db } = await createTestDatabase(t);
  const first = await seedCatalogue(db);
  assert.deepEqual(first.services, {
    total: 5251,
    inserted: 5251,
    updated: 0,
    unchanged: 0,
    notInImport: 0,
  });
  assert.equal(first.subjects.inserted, 14);
  assert.equal(first.situations.inserted, 58);
  assert.equal(first.ozgServices.inserted, 557);
  assert.equal(first.curated, 8);
  const counts = await count(db);
  assert.deepEqual(counts, { subjects: 14, situations: 58, ozgServices: 557, services: 5251 });

  const second = await seedCatalogue(db);
  for (const table of ['subjects', 'situations', 'ozgServices', 'services'] as const) {
    assert.equal(second[table].inserted, 0, table);
    assert.equal(second[table].updated, 0, table);
    assert.equal(second[table].unchanged, second[table].total, table);
  }
  assert.equal(second.curated, 0);
  assert.deepEqual(await count(db), counts);
  // Already there: start-up leaves it alone.
  assert.equal(await ensureCatalogue(db), undefined);
});

test('a changed folder updates in place, keeps curated synonyms and reports what it kept', async (t) => {
  const database = asOwner(await createTestDatabase(t));
  const { db } = database;
  await ensureCatalogue(db);
  const copy = copyOfCatalogue(t);
  // Rename one OZG-Leistung and one LeiKa entry, drop one entry, add one.
  copy.edit('ozg_service_system.csv', (s) =>
    s.replace('375,10147,Osterfeuer,51', '375,10147,Osterfeuer und Brauchtumsfeuer,51'),
  );
  copy.edit('ozg_service.csv', (s) =>
    s
      .replace(
        '3662,99063010006000,Osterfeuer Genehmigung,',
        '3662,99063010006000,Osterfeuer Erlaubnis,',
      )
      .replace(/\r\n4272,99001009004002,[^\r]*/, '')
      .concat('9001,99063010099000,Martinsfeuer,4,375,,,,0,0\r\n'),
  );
  const first = capture();
  assert.equal(await runCli(['catalog:import', copy.dir], first.io, database), 0);
  assert.deepEqual(first.out, [
    'Themenfelder: 14 (0 new, 0 updated, 14 unchanged)',
    'Lebenslagen: 58 (0 new, 0 updated, 58 unchanged)',
    'OZG-Leistungen: 557 (0 new, 1 updated, 556 unchanged)',
    // 3662 renamed; 3661 and 3662 carry the OZG-Leistung's new name; 9001 added; 4272 left out.
    'LeiKa-Leistungen: 5251 (1 new, 2 updated, 5248 unchanged; 1 in the database but not in this import, kept)',
    'Synonyms and descriptions updated for 0 services.',
  ]);
  // The second run finds nothing to do but still names the entry it kept.
  const second = capture();
  assert.equal(await runCli(['catalog:import', copy.dir], second.io, database), 0);
  assert.deepEqual(second.out, [
    'Themenfelder: 14 (0 new, 0 updated, 14 unchanged)',
    'Lebenslagen: 58 (0 new, 0 updated, 58 unchanged)',
    'OZG-Leistungen: 557 (0 new, 0 updated, 557 unchanged)',
    'LeiKa-Leistungen: 5251 (0 new, 0 updated, 5251 unchanged; 1 in the database but not in this import, kept)',
    'Synonyms and descriptions updated for 0 services.',
  ]);
  const rows = await db
    .selectFrom('catalog_service')
    .select(['id', 'name', 'context', 'synonyms'])
    .where('id', 'in', [3661, 3662, 4272, 9001])
    .orderBy('id')
    .execute();
  assert.deepEqual(
    rows.map((r) => [r.id, r.name, r.context]),
    [
      [3661, 'Osterfeuer', 'Osterfeuer und Brauchtumsfeuer'],
      [3662, 'Osterfeuer Erlaubnis', 'Osterfeuer und Brauchtumsfeuer'],
      [4272, 'Sperrmüll Entsorgung durch Abholung', 'Abfallentsorgung'],
      [9001, 'Martinsfeuer', 'Osterfeuer und Brauchtumsfeuer'],
    ],
  );
  assert.ok(rows[0]?.synonyms.includes('Brauchtumsfeuer'), 'curated synonyms survive');
});

test('the CLI imports a folder, reports counts, and is idempotent', async (t) => {
  const database = asOwner(await createTestDatabase(t));
  const first = capture();
  assert.equal(await runCli(['catalog:import', SHIPPED], first.io, database), 0);
  assert.deepEqual(first.out, [
    'Themenfelder: 14 (14 new, 0 updated, 0 unchanged)',
    'Lebenslagen: 58 (58 new, 0 updated, 0 unchanged)',
    'OZG-Leistungen: 557 (557 new, 0 updated, 0 unchanged)',
    'LeiKa-Leistungen: 5251 (5251 new, 0 updated, 0 unchanged)',
    'Synonyms and descriptions updated for 8 services.',
  ]);
  const second = capture();
  assert.equal(await runCli(['catalog:import', SHIPPED], second.io, database), 0);
  assert.equal(second.out[3], 'LeiKa-Leistungen: 5251 (0 new, 0 updated, 5251 unchanged)');

  const missing = capture();
  assert.equal(await runCli(['catalog:import'], missing.io, database), 2);
  assert.match(missing.err[0] ?? '', /Missing folder/);
  const empty = capture();
  const dir = mkdtempSync(join(tmpdir(), 'rathausnetz-empty-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  assert.equal(await runCli(['catalog:import', dir], empty.io, database), 2);
  assert.match(empty.err[0] ?? '', /ozg_subject\.csv: missing/);
});

test('a broken folder is refused with file and line, and nothing is imported', async (t) => {
  const cases: [string, (s: string) => string, RegExp][] = [
    ['ozg_subject.csv', (s) => s.replace('id,name', 'id;name'), /ozg_subject\.csv: the first line/],
    [
      'ozg_situation.csv',
      (s) => s.replace('2,13,Abfall', '2,99,Abfall'),
      /ozg_situation\.csv line 3: subject_id 99/,
    ],
    [
      'ozg_service_system.csv',
      (s) => s.replace('1,10513,', '1,1051,'),
      /line 2: ozg_id "1051" is not 5 digits/,
    ],
    [
      'ozg_service.csv',
      (s) => s.replace('2,99012001000000,', '1,99012001000000,'),
      /id 1 appears twice/,
    ],
    [
      'ozg_service.csv',
      (s) => s.replace('Abbruchgenehmigung,4,1,', 'Abbruch"genehmigung,4,1,'),
      /quote inside a field/,
    ],
    [
      'ozg_service.csv',
      (s) => s.replace(',0,0\r\n3,', ',2,0\r\n3,'),
      /sdg1_relevant must be 0 or 1/,
    ],
    ['ozg_service.csv', (s) => `${s}12,x\r\n`, /2 fields, expected 10/],
    [
      'ozg_service.csv',
      (s) => s.replace('Abbruchgenehmigung,4,1,', 'Abbruch\u0007genehmigung,4,1,'),
      /control characters/,
    ],
  ];
  for (const [file, change, message] of cases) {
    const copy = copyOfCatalogue(t);
    copy.edit(file, change);
    await assert.rejects(
      readCatalogueFolder(copy.dir),
      (e: unknown) => e instanceof CatalogueFormatError && message.test(e.message),
      String(message),
    );
  }
  const copy = copyOfCatalogue(t);
  writeFileSync(join(copy.dir, 'ozg_subject.csv'), Buffer.from([0x69, 0x64, 0xff, 0x0a]));
  await assert.rejects(readCatalogueFolder(copy.dir), /ozg_subject\.csv: not UTF-8/);
});

test('the CSV reader follows RFC 4180 and says where it stopped', () => {
  assert.deepEqual(parseCsv('a,b\r\n"x, ""y""",\r\n'), [
    { line: 1, fields: ['a', 'b'] },
    { line: 2, fields: ['x, "y"', ''] },
  ]);
  assert.deepEqual(parseCsv('\ufeffa\nb'), [
    { line: 1, fields: ['a'] },
    { line: 2, fields: ['b'] },
  ]);
  assert.deepEqual(parseCsv('"multi\nline",z\r\nnext,1\r\n'), [
    { line: 1, fields: ['multi\nline', 'z'] },
    { line: 3, fields: ['next', '1'] },
  ]);
  assert.deepEqual(parseCsv('a,'), [{ line: 1, fields: ['a', ''] }]);
  assert.throws(
    () => parseCsv('a\r\n"open'),
    (e: unknown) => e instanceof CsvError && e.line === 2,
  );
  assert.throws(() => parseCsv('"a"b'), /after the closing quote/);
  assert.throws(() => parseCsv('a\rb'), /carriage return/);
});
