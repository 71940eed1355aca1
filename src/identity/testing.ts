// Test support: the identity configuration of a test portal (the committed test keys) and a
// SAML IdP in the test process, connected to the Verbund as "BundID".
import type { Kysely } from 'kysely';
import type { TestBrowser } from '../app/testing.ts';
import type { IdentityConfig } from '../config.ts';
import type { DB } from '../db/schema.ts';
import { addProvider } from './providers.ts';
import {
  createTestIdp,
  readTestKey,
  type TestIdpOptions,
  type TestPersona,
} from './test-idp/idp.ts';

export function testIdentityConfig(): IdentityConfig {
  return {
    spSigningKey: readTestKey('sp-signing.key.pem'),
    spSigningCert: readTestKey('sp-signing.cert.pem'),
    spEncryptionKey: readTestKey('sp-encryption.key.pem'),
    spEncryptionCert: readTestKey('sp-encryption.cert.pem'),
    subjectSecret: 'test-subject-key-test-subject-key-!!',
    onlineServiceId: 'emsland-test',
    testIdp: false,
  };
}

export const TEST_IDP_ENTITY = 'https://idp.bundid.test/saml';
export const TEST_IDP_SSO = 'https://idp.bundid.test/sso';
export const TEST_IDP_SLO = 'https://idp.bundid.test/slo';

/**
 * A BundID-like IdP signing with `signWith` and trusted with `trusted` certificates (two
 * during a rollover), registered under slug `bundid` with the levels it can deliver.
 */
export async function connectTestIdp(
  db: Kysely<DB>,
  verbundId: string,
  options: {
    signWith?: 'idp' | 'idp-next';
    trusted?: ('idp' | 'idp-next')[];
    levels?: string[];
    /** false: an IdP without single logout (no SingleLogoutService). */
    singleLogout?: boolean;
    signatureAlgorithm?: TestIdpOptions['signatureAlgorithm'];
    /** The binding of its SingleLogoutService, in its metadata and our configuration. */
    sloBinding?: 'HTTP-Redirect' | 'HTTP-POST';
  } = {},
) {
  const slo =
    options.singleLogout === false
      ? {}
      : { sloUrl: TEST_IDP_SLO, sloBinding: options.sloBinding ?? 'HTTP-Redirect' };
  const config = testIdentityConfig();
  const idp = createTestIdp({
    entityId: TEST_IDP_ENTITY,
    ssoUrl: TEST_IDP_SSO,
    ...slo,
    signWith: options.signWith ?? 'idp',
    ...(options.signatureAlgorithm ? { signatureAlgorithm: options.signatureAlgorithm } : {}),
    spSigningCert: config.spSigningCert,
    spEncryptionCert: config.spEncryptionCert,
  });
  await addProvider(db, verbundId, {
    slug: 'bundid',
    type: 'saml',
    displayName: 'BundID',
    issuer: TEST_IDP_ENTITY,
    ssoUrl: TEST_IDP_SSO,
    ...slo,
    signingCerts: (options.trusted ?? ['idp']).map((k) => readTestKey(`${k}.cert.pem`)),
    levels: options.levels ?? ['basic', 'low', 'substantial', 'high'],
  });
  return idp;
}

/**
 * Signs `browser` in through `idp` as `persona` at STORK-QAA `level` (3 and up: substantial):
 * the hand-over page's AuthnRequest answered by the test IdP and posted to our ACS. Returns
 * the ACS's answer (a redirect: first time to /konto/nutzerkonto/neu, else to `next`).
 */
export async function signInWithBundId(
  browser: TestBrowser,
  idp: ReturnType<typeof createTestIdp>,
  persona: TestPersona,
  level: number,
  next = '/konto',
) {
  const niveau = level >= 3 ? 'substantial' : 'basic';
  const post = await browser.get(
    `/anmelden/nutzerkonto/bundid?niveau=${niveau}&weiter=${encodeURIComponent(next)}`,
  );
  const field = (name: string) =>
    new RegExp(`name="${name}" value="([^"]+)"`).exec(post.body)?.[1] ?? '';
  const request = idp.parseRequest(field('SAMLRequest'));
  const samlResponse = await idp.respond(request, persona, level);
  return browser.post(
    '/saml/acs',
    { SAMLResponse: samlResponse, RelayState: field('RelayState') },
    false,
  );
}
