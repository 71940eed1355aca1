// The one check of a provider that the command line and the back-office page share: what
// production refuses (http), what a certificate field refuses (keys, several certificates).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValidationError } from '../errors.ts';
import { checkProvider, parseAcrMap, parseAttributeMap, parseCertificate } from './providers.ts';
import { readTestKey } from './test-idp/idp.ts';

const saml = {
  slug: 'bundid',
  type: 'saml' as const,
  displayName: 'BundID',
  issuer: 'https://id.bund.de/idp',
  ssoUrl: 'http://id.bund.test/sso',
  sloUrl: 'http://id.bund.test/slo',
  signingCerts: [readTestKey('idp.cert.pem')],
  levels: ['high'],
};

const fieldsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.fields;
    throw error;
  }
  return {};
};

test('production accepts https only; development and tests http too', () => {
  assert.deepEqual(
    fieldsOf(() => checkProvider(saml)),
    {},
  );
  assert.deepEqual(
    fieldsOf(() => checkProvider(saml, { production: true })),
    {
      ssoUrl: 'identity.provider.error.ssoUrlHttps',
      sloUrl: 'identity.provider.error.sloUrlHttps',
    },
  );
  const oidc = {
    slug: 'konto',
    type: 'oidc' as const,
    displayName: 'Konto',
    issuer: 'http://konto.test',
    clientId: 'rathausnetz',
    acrMap: { a: 'low' },
    levels: ['low'],
  };
  assert.deepEqual(
    fieldsOf(() => checkProvider(oidc, { production: true })),
    {
      issuer: 'identity.provider.error.issuerHttps',
    },
  );
  assert.deepEqual(
    fieldsOf(() => checkProvider({ ...saml, ssoUrl: 'javascript:alert(1)' })),
    {
      ssoUrl: 'identity.provider.error.ssoUrl',
    },
  );
});

test('a certificate field takes one certificate, never a key, and stores it normalised', () => {
  const cert = readTestKey('idp.cert.pem');
  const parsed = parseCertificate(`\r\n${cert.replaceAll('\n', '\r\n')}`);
  assert.equal(typeof parsed, 'object');
  assert.match(typeof parsed === 'object' ? parsed.pem : '', /^-----BEGIN CERTIFICATE-----\n/);
  assert.equal(
    parseCertificate(`${readTestKey('idp.key.pem')}${cert}`),
    'identity.provider.error.certPrivateKey',
  );
  assert.equal(
    parseCertificate(`${cert}${readTestKey('idp-next.cert.pem')}`),
    'identity.provider.error.certPem',
  );
  assert.equal(parseCertificate('MIIB'), 'identity.provider.error.certPem');
  assert.equal(
    parseCertificate(cert, new Date('2040-01-01')),
    'identity.provider.error.certExpired',
  );
  assert.deepEqual(
    fieldsOf(() => checkProvider({ ...saml, signingCerts: [cert, cert] })),
    {
      signingCerts: 'identity.provider.error.certTwice',
    },
  );
});

test('acr pairs by comma or line; a pair without "=" is refused', () => {
  assert.deepEqual(parseAcrMap('a=low, b=high\r\nc = substantial\n'), {
    a: 'low',
    b: 'high',
    c: 'substantial',
  });
  assert.equal(parseAcrMap('a=low,b'), undefined);
  assert.deepEqual(parseAcrMap(''), {});
});

test('an attribute mapping names known profile fields, each at most once', () => {
  assert.deepEqual(
    fieldsOf(() => checkProvider({ ...saml, attributeMap: { 'urn:oid:2.5.4.42': 'given_name' } })),
    {},
  );
  assert.deepEqual(
    fieldsOf(() => checkProvider({ ...saml, attributeMap: {} })),
    {},
    'empty: the BundID mapping for SAML, none for OIDC',
  );
  const refused: Record<string, string>[] = [
    { 'urn:oid:2.5.4.42': 'vorname' },
    { 'urn:oid:2.5.4.42': 'given_name', 'urn:oid:2.5.4.4': 'given_name' },
  ];
  for (const attributeMap of refused)
    assert.deepEqual(
      fieldsOf(() => checkProvider({ ...saml, attributeMap })),
      { attributeMap: 'identity.provider.error.attributeMap' },
    );
  assert.deepEqual(parseAttributeMap('a=given_name\nb'), undefined);
});
