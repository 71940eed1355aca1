// Rathausnetz as a SAML 2.0 service provider for BundID (ADR 0031), on @node-saml/node-saml.
// node-saml signs the AuthnRequest, decrypts the assertion and checks signature, issuer,
// audience, time window and InResponseTo; what it leaves out is checked here: the Destination
// and Recipient, that the assertion came encrypted, the one-time use of its id (by the caller,
// with the id returned), the level reached and the required attributes.
import { randomBytes } from 'node:crypto';
import { type CacheProvider, SAML, type SamlConfig } from '@node-saml/node-saml';
import { DOMParser } from '@xmldom/xmldom';
import type { TrustLevel } from '../../db/schema.ts';
import type { FederationRefusal } from '../errors.ts';
import { levelFromAkdb, levelFromStork, levelReaches, storkLevel } from '../levels.ts';
import { BPK2, REQUESTED_ATTRIBUTES, TRUST_LEVEL_ATTRIBUTE } from './attributes.ts';

export type SpKeys = {
  signingKey: string;
  signingCert: string;
  encryptionKey: string;
  encryptionCert: string;
};

export type ServiceProvider = {
  /** Our entity id: the metadata URL (stable, ADR 0031). */
  entityId: string;
  acsUrl: string;
  /** Our SingleLogoutService (POST and Redirect): LogoutResponses and IdP LogoutRequests. */
  sloUrl?: string;
  keys: SpKeys;
  /** Shown by BundID while the citizen signs in (AKDB DisplayInformation). */
  organizationName: string;
  /** The id BundID gave this online service when it was registered. */
  onlineServiceId: string;
};

export type SamlIdp = {
  issuer: string;
  ssoUrl: string;
  signingCerts: string[];
  /** Its SingleLogoutService, when it offers single logout. */
  sloUrl?: string | null;
};

const AKDB = 'https://www.akdb.de/request/2018/09';
const CLASSIC_UI = 'https://www.akdb.de/request/2018/09/classic-ui/v1';
export const ASSERTION = 'urn:oasis:names:tc:SAML:2.0:assertion';
export const PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
// BundID answers within minutes; one minute of clock skew between the two is tolerated.
const CLOCK_SKEW_MS = 60_000;

/**
 * Why a response was refused: one of the federation's refusal codes (../errors.ts), so the
 * service hands it on unchanged; a code for the operator's log, never anything personal.
 */
export class SamlResponseError extends Error {
  reason: FederationRefusal;
  constructor(reason: FederationRefusal, detail?: string) {
    super(`SAML response refused: ${reason}${detail ? ` (${detail})` : ''}`);
    this.name = 'SamlResponseError';
    this.reason = reason;
  }
}

export type SamlSignIn = {
  assertionId: string;
  /** NotOnOrAfter of the assertion: how long its id must be remembered. */
  validUntil: Date;
  subject: string;
  level: TrustLevel;
  attributes: Record<string, string>;
  /**
   * The level BundID gave each attribute (akdb:TrustLevel), by OID; an attribute whose level
   * is missing is absent here, one whose level is unknown counts as basic.
   */
  attributeLevels: Record<string, TrustLevel>;
  /** NameID and SessionIndex of the assertion: what a LogoutRequest must name. */
  session: { nameId: string; nameIdFormat: string | null; sessionIndex: string | null } | undefined;
};

export function newRequestId(): string {
  // An xs:ID must not start with a digit.
  return `_${randomBytes(20).toString('hex')}`;
}

function akdbExtension(sp: ServiceProvider) {
  return {
    'akdb:AuthenticationRequest': {
      '@xmlns:akdb': AKDB,
      '@Version': '2',
      'akdb:RequestedAttributes': {
        'akdb:RequestedAttribute': REQUESTED_ATTRIBUTES.map((a) => ({
          '@Name': a.name,
          '@RequiredAttribute': a.required ? 'true' : 'false',
        })),
      },
      'akdb:DisplayInformation': {
        'classic-ui:Version': {
          '@xmlns:classic-ui': CLASSIC_UI,
          'classic-ui:OrganizationDisplayName': sp.organizationName,
          'classic-ui:OnlineServiceId': sp.onlineServiceId,
        },
      },
    },
  };
}

export function options(sp: ServiceProvider, idp: SamlIdp, extra: Partial<SamlConfig>): SamlConfig {
  return {
    entryPoint: idp.ssoUrl,
    issuer: sp.entityId,
    callbackUrl: sp.acsUrl,
    audience: sp.entityId,
    idpIssuer: idp.issuer,
    // Two certificates during a rollover: a signature by either is accepted.
    idpCert: idp.signingCerts,
    privateKey: sp.keys.signingKey,
    publicCert: sp.keys.signingCert,
    decryptionPvk: sp.keys.encryptionKey,
    signatureAlgorithm: 'sha256',
    digestAlgorithm: 'sha256',
    authnRequestBinding: 'HTTP-POST',
    // The POST binding carries the request base64 only; deflate belongs to the redirect binding.
    skipRequestCompression: true,
    identifierFormat: null,
    racComparison: 'minimum',
    wantAssertionsSigned: true,
    wantAuthnResponseSigned: false,
    acceptedClockSkewMs: CLOCK_SKEW_MS,
    maxAssertionAgeMs: 10 * 60_000,
    validateInResponseTo: 'always' as SamlConfig['validateInResponseTo'],
    ...extra,
  };
}

/**
 * A signed AuthnRequest for the POST binding that asks for at least `level`, with the AKDB
 * extension BundID insists on. Returns the base64 form field and the id to expect back.
 */
export async function authnRequest(
  sp: ServiceProvider,
  idp: SamlIdp,
  level: TrustLevel,
  relayState: string,
): Promise<{ requestId: string; samlRequest: string }> {
  const requestId = newRequestId();
  const saml = new SAML(
    options(sp, idp, {
      generateUniqueId: () => requestId,
      authnContext: [storkLevel(level)],
      samlAuthnRequestExtensions: akdbExtension(sp),
      // The caller keeps the id with the sign-in in flight; nothing stays in this process.
      cacheProvider: expecting(undefined),
    }),
  );
  const message = await saml.getAuthorizeMessageAsync(relayState, undefined, {});
  return { requestId, samlRequest: String(message.SAMLRequest) };
}

/** A cache that knows only the one request id this browser's sign-in is waiting for. */
export function expecting(requestId: string | undefined): CacheProvider {
  return {
    saveAsync: async (_key, value) => ({ value, createdAt: Date.now() }),
    // node-saml reads the value as the time the request was made; the sign-in in flight has
    // its own expiry (identity_login_state), checked before this.
    getAsync: async (key) =>
      requestId !== undefined && key === requestId ? new Date().toISOString() : null,
    removeAsync: async () => null,
  };
}

const parser = () =>
  new DOMParser({
    errorHandler: {
      warning: () => {},
      error: (msg) => {
        throw new SamlResponseError('malformed', String(msg));
      },
      fatalError: (msg) => {
        throw new SamlResponseError('malformed', String(msg));
      },
    },
  });

export function parseXml(text: string) {
  const doc = parser().parseFromString(text, 'text/xml');
  if (doc.documentElement === null) throw new SamlResponseError('malformed');
  return doc;
}

export function classify(error: unknown): SamlResponseError {
  if (error instanceof SamlResponseError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const rules: [RegExp, FederationRefusal][] = [
    [/signature|certificate|cert/i, 'signature'],
    [/issuer/i, 'issuer'],
    [/audience/i, 'audience'],
    [/expired|NotBefore|too old|not yet valid|subject confirmation/i, 'expired'],
    [/InResponseTo/i, 'in_response_to'],
    [/SAML provider returned|status/i, 'status'],
  ];
  for (const [pattern, reason] of rules)
    if (pattern.test(message)) return new SamlResponseError(reason);
  return new SamlResponseError('malformed');
}

/**
 * Validates the POST of the IdP to our assertion consumer. `requestId` is the id of the
 * AuthnRequest this browser's sign-in sent; `required` the level the sign-in asked for.
 */
export async function validateResponse(
  sp: ServiceProvider,
  idp: SamlIdp,
  samlResponse: string,
  requestId: string,
  required: TrustLevel,
): Promise<SamlSignIn> {
  if (!/^[A-Za-z0-9+/=\s]{1,400000}$/.test(samlResponse)) throw new SamlResponseError('malformed');
  const doc = parseXml(Buffer.from(samlResponse, 'base64').toString('utf8'));
  const root = doc.documentElement;
  if (root.localName !== 'Response' || root.namespaceURI !== PROTOCOL)
    throw new SamlResponseError('malformed');
  // node-saml reads Destination nowhere: a response meant for another SP must not count here.
  if (root.getAttribute('Destination') !== sp.acsUrl) throw new SamlResponseError('destination');
  // BundID encrypts every assertion; a plain one beside or instead of it is refused, which
  // also shuts out a second, unsigned assertion smuggled next to the encrypted one.
  const plain = root.getElementsByTagNameNS(ASSERTION, 'Assertion').length;
  const encrypted = root.getElementsByTagNameNS(ASSERTION, 'EncryptedAssertion').length;
  const status = root.getElementsByTagNameNS(PROTOCOL, 'StatusCode')[0]?.getAttribute('Value');
  if (status !== undefined && status !== 'urn:oasis:names:tc:SAML:2.0:status:Success')
    throw new SamlResponseError('status');
  if (plain > 0 || encrypted !== 1) throw new SamlResponseError('not_encrypted');

  const saml = new SAML(options(sp, idp, { cacheProvider: expecting(requestId) }));
  let profile: Awaited<ReturnType<SAML['validatePostResponseAsync']>>['profile'];
  try {
    ({ profile } = await saml.validatePostResponseAsync({ SAMLResponse: samlResponse }));
  } catch (error) {
    throw classify(error);
  }
  if (profile === null || profile.getAssertionXml === undefined)
    throw new SamlResponseError('malformed');
  const assertion = parseXml(profile.getAssertionXml()).documentElement;
  const confirmation = assertion.getElementsByTagNameNS(ASSERTION, 'SubjectConfirmationData')[0];
  if (confirmation?.getAttribute('Recipient') !== sp.acsUrl)
    throw new SamlResponseError('recipient');
  const assertionId = assertion.getAttribute('ID') ?? '';
  if (assertionId === '') throw new SamlResponseError('malformed');
  const notOnOrAfter = assertion
    .getElementsByTagNameNS(ASSERTION, 'Conditions')[0]
    ?.getAttribute('NotOnOrAfter');
  const validUntil = new Date(notOnOrAfter ?? Date.now() + 10 * 60_000);

  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(profile.attributes ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') attributes[name] = first.trim();
  }
  const attributeLevels: Record<string, TrustLevel> = {};
  for (const element of Array.from(assertion.getElementsByTagNameNS(ASSERTION, 'Attribute'))) {
    const name = element.getAttribute('Name');
    if (name === null || !element.hasAttributeNS(AKDB, 'TrustLevel')) continue;
    attributeLevels[name] = levelFromAkdb(element.getAttributeNS(AKDB, 'TrustLevel')) ?? 'basic';
  }
  // The level of the whole sign-in: BundID's own attribute, else the AuthnContextClassRef.
  const classRef = assertion
    .getElementsByTagNameNS(ASSERTION, 'AuthnContextClassRef')[0]
    ?.textContent?.trim();
  const level = levelFromStork(attributes[TRUST_LEVEL_ATTRIBUTE] ?? classRef);
  if (level === undefined || !levelReaches(level, required))
    throw new SamlResponseError('level_too_low');
  for (const a of REQUESTED_ATTRIBUTES) {
    if (a.required && !attributes[a.name]) throw new SamlResponseError('attribute_missing');
  }
  const subject = attributes[BPK2] ?? '';
  const session =
    typeof profile.nameID === 'string' && profile.nameID !== ''
      ? {
          nameId: profile.nameID,
          nameIdFormat: typeof profile.nameIDFormat === 'string' ? profile.nameIDFormat : null,
          sessionIndex: typeof profile.sessionIndex === 'string' ? profile.sessionIndex : null,
        }
      : undefined;
  return { assertionId, validUntil, subject, level, attributes, attributeLevels, session };
}

/**
 * Our SP metadata: entity id, assertion consumer (POST), single logout (POST and Redirect,
 * ADR 0047), signing and encryption certificates.
 */
export function metadata(sp: ServiceProvider): string {
  const saml = new SAML(
    options(
      sp,
      { issuer: 'metadata', ssoUrl: sp.acsUrl, signingCerts: [sp.keys.signingCert] },
      sp.sloUrl === undefined ? {} : { logoutCallbackUrl: sp.sloUrl },
    ),
  );
  // node-saml names the POST binding for single logout; ours takes Redirect as well, listed
  // beside it at the same address.
  return saml
    .generateServiceProviderMetadata(sp.keys.encryptionCert, sp.keys.signingCert)
    .replace(
      /<SingleLogoutService[^>]*Binding="urn:oasis:names:tc:SAML:2\.0:bindings:HTTP-POST"[^>]*\/>/,
      (post) => `${post}${post.replace('bindings:HTTP-POST', 'bindings:HTTP-Redirect')}`,
    );
}
