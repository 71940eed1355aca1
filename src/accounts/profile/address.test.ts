import assert from 'node:assert/strict';
import { test } from 'node:test';
import { confirmedAddress, splitStreet } from './address.ts';

test('a BundID street line splits into street and house number, or not at all', () => {
  assert.deepEqual(splitStreet('Heidestraße 17'), { street: 'Heidestraße', houseNumber: '17' });
  assert.deepEqual(splitStreet('Am  Markt 3a'), { street: 'Am Markt', houseNumber: '3a' });
  assert.deepEqual(splitStreet('Straße des 17. Juni 12-14'), {
    street: 'Straße des 17. Juni',
    houseNumber: '12-14',
  });
  assert.equal(splitStreet('Heidestraße'), undefined, 'no house number');
  assert.equal(splitStreet('Hof 12345 b'), undefined, 'no house number looks like that');
});

test('a confirmed address needs all three parts and a place of the Verbund', async () => {
  const meppen = async (postcode: string, place: string) =>
    postcode === '49716' && place === 'Meppen' ? 'm-1' : undefined;
  const whole = { street: 'Heidestraße 17', postcode: '49716', city: 'Meppen' };
  assert.deepEqual(await confirmedAddress(whole, meppen), {
    street: 'Heidestraße',
    houseNumber: '17',
    postcode: '49716',
    municipalityId: 'm-1',
  });
  assert.equal(await confirmedAddress({ ...whole, city: 'Bremen' }, meppen), undefined);
  assert.equal(await confirmedAddress({ ...whole, postcode: '4971' }, meppen), undefined);
  assert.equal(await confirmedAddress({ street: whole.street, city: 'Meppen' }, meppen), undefined);
});
