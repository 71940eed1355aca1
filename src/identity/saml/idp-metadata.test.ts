// The IdP's metadata as the admin pastes it: what is read from the test IdP's real metadata,
// and the documents that are refused with a message of their own (nothing is guessed).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fingerprintOf } from '../providers.ts';
import { createTestIdp, readTestKey } from '../test-idp/idp.ts';
import { testIdentityConfig } from '../testing.ts';
import { MAX_METADATA_BYTES, readIdpMetadata } from './idp-metadata.ts';

const config = testIdentityConfig();
const idpMetadata = (options: { sloUrl?: string; signWith?: 'idp' | 'idp-next' } = {}) =>
  createTestIdp({
    entityId: 'https://idp.bundid.test/saml',
    ssoUrl: 'https://idp.bundid.test/sso',
    ...options,
    spSigningCert: config.spSigningCert,
    spEncryptionCert: config.spEncryptionCert,
  }).metadata();

const body = (name: string) =>
  readTestKey(name).replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
const MD = 'xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata"';
const DS = 'xmlns:ds="http://www.w3.org/2000/09/xmldsig#"';
const key = (cert: string, use?: string) =>
  `<md:KeyDescriptor${use ? ` use="${use}"` : ''}><ds:KeyInfo ${DS}><ds:X509Data><ds:X509Certificate>${body(cert)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;
const entity = (id: string, inner: string, attrs = '') =>
  `<md:EntityDescriptor ${MD} entityID="${id}"${attrs}><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${inner}</md:IDPSSODescriptor></md:EntityDescriptor>`;
const sso = (binding: 'POST' | 'Redirect', url: string) =>
  `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-${binding}" Location="${url}"/>`;

const problemOf = (xml: string, at?: Date) => {
  const result = readIdpMetadata(xml, at);
  return result.ok ? 'ok' : result.problem.replace('identity.provider.error.', '');
};

test("the test IdP's real metadata gives entity id, SSO, SLO and its signing certificate", () => {
  const result = readIdpMetadata(idpMetadata({ sloUrl: 'https://idp.bundid.test/slo' }));
  assert.ok(result.ok);
  const m = result.metadata;
  assert.equal(m.entityId, 'https://idp.bundid.test/saml');
  assert.equal(m.ssoUrl, 'https://idp.bundid.test/sso');
  assert.equal(m.ssoBinding, 'HTTP-POST');
  assert.equal(m.sloUrl, 'https://idp.bundid.test/slo');
  assert.equal(m.signed, false);
  assert.deepEqual(
    m.signingCerts.map(fingerprintOf),
    [fingerprintOf(readTestKey('idp.cert.pem'))],
    'the same certificate the IdP signs with',
  );
  const noSlo = readIdpMetadata(`\uFEFF\n${idpMetadata()}\n`);
  assert.ok(noSlo.ok);
  assert.equal(noSlo.metadata.sloUrl, undefined, 'an IdP without single logout');
});

test('HTTP-POST is preferred; encryption keys are left out; two signing keys in a rollover', () => {
  const result = readIdpMetadata(
    entity(
      'https://id.example/idp',
      `${key('idp.cert.pem', 'signing')}${key('sp-encryption.cert.pem', 'encryption')}${key('idp-next.cert.pem')}${sso('Redirect', 'https://id.example/redirect')}${sso('POST', 'https://id.example/post')}<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://id.example/slo-post"/>`,
    ),
  );
  assert.ok(result.ok);
  assert.equal(result.metadata.ssoUrl, 'https://id.example/post');
  assert.equal(result.metadata.sloUrl, 'https://id.example/slo-post', 'single logout by POST');
  assert.equal(result.metadata.sloBinding, 'HTTP-POST');
  assert.deepEqual(result.metadata.signingCerts.map(fingerprintOf), [
    fingerprintOf(readTestKey('idp.cert.pem')),
    fingerprintOf(readTestKey('idp-next.cert.pem')),
  ]);
  const redirectOnly = readIdpMetadata(
    entity(
      'https://id.example/idp',
      `${key('idp.cert.pem')}${sso('Redirect', 'https://r.example')}`,
    ),
  );
  assert.ok(redirectOnly.ok);
  assert.equal(redirectOnly.metadata.ssoUrl, 'https://r.example');
  assert.equal(redirectOnly.metadata.ssoBinding, 'HTTP-Redirect');
  // One IdP in an EntitiesDescriptor beside a service provider: that one.
  const inGroup = readIdpMetadata(
    `<md:EntitiesDescriptor ${MD}>${entity('https://one.example', `${key('idp.cert.pem')}${sso('POST', 'https://one.example/sso')}`)}<md:EntityDescriptor entityID="https://sp.example"><md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor></md:EntitiesDescriptor>`,
  );
  assert.ok(inGroup.ok);
  assert.equal(inGroup.metadata.entityId, 'https://one.example');
  const signed = readIdpMetadata(
    idpMetadata().replace('<md:IDPSSODescriptor', `<ds:Signature ${DS}/><md:IDPSSODescriptor`),
  );
  assert.ok(signed.ok);
  assert.equal(signed.metadata.signed, true, 'noticed, and said to be unchecked');
});

test('bad documents are refused, each with its own message', () => {
  const good = `${key('idp.cert.pem')}${sso('POST', 'https://x.example/sso')}`;
  assert.equal(problemOf('kein XML'), 'metadataXml');
  assert.equal(problemOf(''), 'metadataXml');
  assert.equal(problemOf('<md:EntityDescriptor'), 'metadataXml');
  assert.equal(problemOf('<html><body>Login</body></html>'), 'metadataNotMetadata');
  assert.equal(
    problemOf(
      `<?xml version="1.0"?><!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>${entity('&xxe;', good)}`,
    ),
    'metadataDoctype',
  );
  assert.equal(problemOf(`<!doctype x>${entity('a', good)}`), 'metadataDoctype');
  assert.equal(
    problemOf(
      `<md:EntityDescriptor ${MD} entityID="https://sp.example"><md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor>`,
    ),
    'metadataNoIdp',
  );
  const several = readIdpMetadata(
    `<md:EntitiesDescriptor ${MD}>${entity('https://a.example', good)}${entity('https://b.example', good)}</md:EntitiesDescriptor>`,
  );
  assert.deepEqual(several, {
    ok: false,
    problem: 'identity.provider.error.metadataSeveral',
    entityIds: ['https://a.example', 'https://b.example'],
  });
  assert.equal(problemOf(entity('', good)), 'metadataNoEntityId');
  assert.equal(problemOf(entity('https://a.example', key('idp.cert.pem'))), 'metadataNoSso');
  assert.equal(
    problemOf(
      entity(
        'https://a.example',
        `${key('sp-encryption.cert.pem', 'encryption')}${sso('POST', 'https://a.example')}`,
      ),
    ),
    'metadataNoCert',
  );
  assert.equal(
    problemOf(
      entity(
        'https://a.example',
        `${key('idp.cert.pem')}${key('idp-next.cert.pem')}${key('rogue.cert.pem')}${sso('POST', 'https://a.example')}`,
      ),
    ),
    'metadataCertCount',
  );
  assert.equal(
    problemOf(entity('https://a.example', good.replace(body('idp.cert.pem'), 'MIIB%%kaputt'))),
    'metadataCertBad',
  );
  assert.equal(
    problemOf(entity('https://a.example', good), new Date('2040-01-01')),
    'metadataCertExpired',
  );
  assert.equal(
    problemOf(entity('https://a.example', good, ' validUntil="2020-01-01T00:00:00Z"')),
    'metadataOutdated',
  );
  const padded = entity('https://a.example', good).replace(
    '<md:IDPSSODescriptor',
    `<!--${'x'.repeat(MAX_METADATA_BYTES)}--><md:IDPSSODescriptor`,
  );
  assert.equal(problemOf(padded), 'metadataSize');
});
