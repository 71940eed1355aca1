import assert from 'node:assert/strict';
import { test } from 'node:test';
import { confirmedLevels } from './confirmed-levels.ts';
import { BUNDID_ATTRIBUTES } from './saml/attributes.ts';

const NAME = 'urn:oid:2.5.4.42';
const MAIL = 'urn:oid:0.9.2342.19200300.100.1.3';
const CITY = 'urn:oid:2.5.4.7';

test('each BundID attribute confirms at its own level, never above the sign-in', () => {
  const attributes = { given_name: 'Erika', email: 'e@example.org', city: 'Meppen' };
  assert.deepEqual(
    confirmedLevels(attributes, BUNDID_ATTRIBUTES, 'high', {
      [NAME]: 'high',
      [MAIL]: 'low',
      [CITY]: 'substantial',
    }),
    { given_name: 'high', city: 'substantial' },
    'the typed-in e-mail address confirms nothing',
  );
  assert.deepEqual(
    confirmedLevels(attributes, BUNDID_ATTRIBUTES, 'substantial', { [NAME]: 'high' }),
    { given_name: 'substantial', email: 'substantial', city: 'substantial' },
    'capped at the sign-in; attributes without a level take the sign-in’s',
  );
  assert.deepEqual(
    confirmedLevels(attributes, BUNDID_ATTRIBUTES, 'low', { [NAME]: 'high' }),
    {},
    'a sign-in below substantial confirms nothing, whatever an attribute claims',
  );
});

test('OIDC claims (no level of their own) confirm at the sign-in level, mapped attributes only', () => {
  const map = { given_name: 'given_name', family_name: 'family_name' };
  assert.deepEqual(confirmedLevels({ given_name: 'Erika' }, map, 'substantial'), {
    given_name: 'substantial',
  });
});
