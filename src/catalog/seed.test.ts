import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { CATALOGUE_FILES, readCatalogueFolder, SHIPPED_CATALOGUE_DIR } from './catalogue-files.ts';
import { CURATION } from './seed/curation.ts';
import { DEMO_ACTIVATIONS, ONLINE_SERVICES } from './seed.ts';

const SHARED = new URL('../../../shared/data/ozg/', import.meta.url);

test('the shipped catalogue is exactly the reference data in ../shared/data/ozg', async () => {
  for (const file of Object.values(CATALOGUE_FILES)) {
    const shipped = readFileSync(new URL(file, SHIPPED_CATALOGUE_DIR));
    const source = readFileSync(new URL(file, SHARED));
    assert.ok(shipped.equals(source), `${file} differs from the reference data`);
  }
  // And it reads into the same rows (a check on the reader, too).
  assert.deepEqual(
    await readCatalogueFolder(SHIPPED_CATALOGUE_DIR),
    await readCatalogueFolder(SHARED),
  );
});

test('the shipped catalogue keeps its source and the MIT notice beside it', () => {
  const licence = readFileSync(new URL('LICENSE-MIT.txt', SHIPPED_CATALOGUE_DIR), 'utf8');
  assert.equal(licence, readFileSync(new URL('LICENSE-MIT.txt', SHARED), 'utf8'));
  assert.match(licence, /Copyright \(c\) 2020 Gert Hammes/);
  assert.match(licence, /The above copyright notice and this permission notice shall be included/);
  const notice = readFileSync(new URL('README.md', SHIPPED_CATALOGUE_DIR), 'utf8');
  assert.match(notice, /Copyright \(c\) 2020 Gert Hammes/);
  assert.match(notice, /github\.com\/kdn-nrw\/OZG-Datenbank-NRW/);
});

test('the shipped catalogue has the documented size and the Osterfeuer entries', async () => {
  const data = await readCatalogueFolder(SHIPPED_CATALOGUE_DIR);
  assert.equal(data.subjects.length, 14);
  assert.equal(data.situations.length, 58);
  assert.equal(data.ozgServices.length, 557);
  assert.equal(data.services.length, 5251);
  // "nicht im LeiKa" (436) and two malformed keys have no LeiKa key.
  assert.equal(data.services.filter((s) => s.leika_key === null).length, 438);
  const osterfeuer = data.ozgServices.find((o) => o.ozg_id === '10147');
  assert.equal(osterfeuer?.name, 'Osterfeuer');
  const leika = data.services.find((s) => s.leika_key === '99063010000000');
  assert.equal(leika?.name, 'Osterfeuer');
  assert.equal(leika?.ozg_service_id, osterfeuer?.id);
});

test('every seeded online service and curated entry names a LeiKa key of the catalogue', async () => {
  const data = await readCatalogueFolder(SHIPPED_CATALOGUE_DIR);
  const keys = new Map(data.services.map((s) => [s.leika_key, s.name]));
  for (const s of ONLINE_SERVICES) assert.ok(keys.has(s.leikaKey), `${s.key}: ${s.leikaKey}`);
  for (const c of CURATION) assert.ok(keys.has(c.leikaKey), `curation ${c.leikaKey}`);
  assert.equal(keys.get('99001009004002'), 'Sperrmüll Entsorgung durch Abholung');
  assert.equal(keys.get('99102013000000'), 'Hundesteuer');
  assert.equal(keys.get('99050012104000'), 'Gewerbe Anmeldung');
  const serviceKeys = new Set(ONLINE_SERVICES.map((s) => s.key));
  for (const a of DEMO_ACTIVATIONS) assert.ok(serviceKeys.has(a.service), a.service);
});
