// Reads a SAML IdP's metadata XML (pasted or uploaded on "SAML-Anmeldedienst hinzufügen", or
// `cli identity:provider add saml --metadata`) into the fields the admin would otherwise type:
// entity id, SSO and SLO address and the signing certificates. Nothing here is trusted on its
// own: the result prefills the form, the admin checks it, and checkProvider runs on save. A
// signature on the metadata is noticed but not verified (ADR 0043): the admin compares the
// fingerprints with those the IdP publishes.
import { DOMParser } from '@xmldom/xmldom';
import type { identityDe } from '../messages.de.ts';
import { MAX_SIGNING_CERTS, parseCertificate } from '../providers.ts';

/** IdP metadata is a few KiB; BundID's with two certificates well under 20 KiB. */
export const MAX_METADATA_BYTES = 256 * 1024;

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const SAML2_PROTOCOL = 'urn:oasis:names:tc:SAML:2.0:protocol';
const POST = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

type MetadataProblemKey = keyof typeof identityDe & `identity.provider.error.metadata${string}`;

export type IdpMetadata = {
  entityId: string;
  ssoUrl: string;
  /** The binding of ssoUrl: HTTP-POST when offered, else HTTP-Redirect. */
  ssoBinding: 'HTTP-POST' | 'HTTP-Redirect';
  /**
   * The SingleLogoutService: the first one listed with a binding we speak (HTTP-POST or
   * HTTP-Redirect), since the IdP lists the one it prefers first (ADR 0047).
   */
  sloUrl: string | undefined;
  sloBinding: 'HTTP-POST' | 'HTTP-Redirect' | undefined;
  /** PEM, in normal form, one or two. */
  signingCerts: string[];
  /** The document carries a signature (which is not verified here). */
  signed: boolean;
};

export type MetadataResult =
  | { ok: true; metadata: IdpMetadata }
  | {
      ok: false;
      problem: MetadataProblemKey;
      /** For metadataSeveral: the IdPs' entity ids, so the admin can ask for the right one. */
      entityIds?: string[];
    };

const refuse = (problem: MetadataProblemKey, entityIds?: string[]): MetadataResult =>
  entityIds ? { ok: false, problem, entityIds } : { ok: false, problem };

const children = (parent: Element, ns: string, name: string): Element[] =>
  Array.from(parent.childNodes)
    .filter((n): n is Element => n.nodeType === 1)
    .filter((e) => e.namespaceURI === ns && e.localName === name);

/** The certificates an IdP signs with: KeyDescriptor use="signing" or without use. */
function signingCertificates(idp: Element): string[] | undefined {
  const bodies: string[] = [];
  for (const key of children(idp, MD, 'KeyDescriptor')) {
    const use = key.getAttribute('use');
    if (use && use !== 'signing') continue;
    for (const cert of Array.from(key.getElementsByTagNameNS(DS, 'X509Certificate')))
      bodies.push((cert.textContent ?? '').replace(/\s/g, ''));
  }
  const unique = [...new Set(bodies.filter((b) => b !== ''))];
  if (unique.some((b) => !/^[A-Za-z0-9+/]+={0,2}$/.test(b))) return undefined;
  return unique.map(
    (b) =>
      `-----BEGIN CERTIFICATE-----\n${b.replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`,
  );
}

/**
 * The IdP in `xml`, or why it cannot be read. Refused before parsing: anything over
 * MAX_METADATA_BYTES and any DOCTYPE (no entity of any kind is expanded, XXE).
 */
export function readIdpMetadata(xml: string, at: Date = new Date()): MetadataResult {
  if (Buffer.byteLength(xml, 'utf8') > MAX_METADATA_BYTES)
    return refuse('identity.provider.error.metadataSize');
  const text = xml.replace(/^\uFEFF/, '').trim();
  if (text === '') return refuse('identity.provider.error.metadataXml');
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) return refuse('identity.provider.error.metadataDoctype');
  let failed = false;
  const doc = new DOMParser({
    errorHandler: {
      warning: () => {},
      error: () => {
        failed = true;
      },
      fatalError: () => {
        failed = true;
      },
    },
  }).parseFromString(text, 'text/xml');
  const root = doc?.documentElement;
  if (failed || !root || !text.startsWith('<'))
    return refuse('identity.provider.error.metadataXml');
  if (
    root.namespaceURI !== MD ||
    !['EntityDescriptor', 'EntitiesDescriptor'].includes(root.localName)
  )
    return refuse('identity.provider.error.metadataNotMetadata');
  const entities =
    root.localName === 'EntityDescriptor'
      ? [root]
      : Array.from(root.getElementsByTagNameNS(MD, 'EntityDescriptor'));
  const idps = entities.filter((e) =>
    children(e, MD, 'IDPSSODescriptor').some((d) =>
      (d.getAttribute('protocolSupportEnumeration') ?? '').split(/\s+/).includes(SAML2_PROTOCOL),
    ),
  );
  if (idps.length === 0) return refuse('identity.provider.error.metadataNoIdp');
  if (idps.length > 1)
    return refuse(
      'identity.provider.error.metadataSeveral',
      idps.map((e) => e.getAttribute('entityID') ?? ''),
    );
  const entity = idps[0] as Element;
  const validUntil = entity.getAttribute('validUntil') || root.getAttribute('validUntil');
  if (validUntil && new Date(validUntil).getTime() < at.getTime())
    return refuse('identity.provider.error.metadataOutdated');
  const entityId = (entity.getAttribute('entityID') ?? '').trim();
  if (entityId === '') return refuse('identity.provider.error.metadataNoEntityId');
  const idp = children(entity, MD, 'IDPSSODescriptor').find((d) =>
    (d.getAttribute('protocolSupportEnumeration') ?? '').split(/\s+/).includes(SAML2_PROTOCOL),
  ) as Element;
  const service = (name: string, binding: string) =>
    children(idp, MD, name)
      .find((s) => s.getAttribute('Binding') === binding)
      ?.getAttribute('Location')
      ?.trim() || undefined;
  const post = service('SingleSignOnService', POST);
  const redirect = service('SingleSignOnService', REDIRECT);
  const ssoUrl = post ?? redirect;
  if (ssoUrl === undefined) return refuse('identity.provider.error.metadataNoSso');
  const pems = signingCertificates(idp);
  if (pems === undefined) return refuse('identity.provider.error.metadataCertBad');
  if (pems.length === 0) return refuse('identity.provider.error.metadataNoCert');
  if (pems.length > MAX_SIGNING_CERTS) return refuse('identity.provider.error.metadataCertCount');
  const signingCerts: string[] = [];
  for (const pem of pems) {
    const parsed = parseCertificate(pem, at);
    if (parsed === 'identity.provider.error.certExpired')
      return refuse('identity.provider.error.metadataCertExpired');
    if (typeof parsed === 'string') return refuse('identity.provider.error.metadataCertBad');
    signingCerts.push(parsed.pem);
  }
  const slo = children(idp, MD, 'SingleLogoutService').find(
    (s) =>
      [POST, REDIRECT].includes(s.getAttribute('Binding') ?? '') &&
      (s.getAttribute('Location')?.trim() ?? '') !== '',
  );
  const signed = [root, entity].some((e) => children(e, DS, 'Signature').length > 0);
  return {
    ok: true,
    metadata: {
      entityId,
      ssoUrl,
      ssoBinding: post === undefined ? 'HTTP-Redirect' : 'HTTP-POST',
      sloUrl: slo?.getAttribute('Location')?.trim() || undefined,
      sloBinding:
        slo === undefined
          ? undefined
          : slo.getAttribute('Binding') === POST
            ? 'HTTP-POST'
            : 'HTTP-Redirect',
      signingCerts,
      signed,
    },
  };
}
