// A SAML 2.0 identity provider in the style of BundID, for tests and the development demo only
// (issue 13, item 7): it checks the signature of our AuthnRequest, then answers with a
// response whose assertion is signed with its own key and encrypted to our encryption
// certificate (AES-256-GCM, RSA-OAEP), like BundID since 2024/25. Its `flaw` option builds
// the broken answers the bad-input tests need. Never mounted in production (src/app/web.ts).
import { createSign, createVerify, randomBytes, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { stringify } from 'node:querystring';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { encrypt } from 'xml-encryption';
import { BPK2, TRUST_LEVEL_ATTRIBUTE } from '../saml/attributes.ts';

const KEYS = new URL('./keys/', import.meta.url);
export const readTestKey = (name: string) => readFileSync(new URL(name, KEYS), 'utf8');

export type TestPersona = {
  bpk2: string;
  givenName?: string;
  familyName?: string;
  email?: string;
  birthDate?: string;
  street?: string;
  postcode?: string;
  city?: string;
  /**
   * The level BundID gives each attribute (akdb:TrustLevel), by OID. Unnamed ones come at the
   * sign-in's level, except the e-mail address: the citizen typed it into the BundID account,
   * so it is "NORMAL" whatever the sign-in.
   */
  attributeLevels?: Readonly<Record<string, 'UNTERGEORDNET' | 'NORMAL' | 'SUBSTANTIELL' | 'HOCH'>>;
};

const AKDB_BY_STORK = ['UNTERGEORDNET', 'NORMAL', 'SUBSTANTIELL', 'HOCH'] as const;
const EMAIL = 'urn:oid:0.9.2342.19200300.100.1.3';

export const DEMO_PERSONA: TestPersona = {
  bpk2: 'demo-bpk2-erika-mustermann',
  givenName: 'Erika',
  familyName: 'Mustermann',
  email: 'erika.mustermann@example.org',
  birthDate: '1964-08-12',
  street: 'Heidestraße 17',
  postcode: '49716',
  city: 'Meppen',
};

export type Flaw =
  | 'unsigned'
  | 'rogue_signature'
  | 'wrapping'
  | 'wrong_audience'
  | 'wrong_destination'
  | 'expired'
  | 'not_encrypted'
  | 'no_bpk2';

export type TestIdpOptions = {
  entityId: string;
  ssoUrl: string;
  /** Its SingleLogoutService: offered in its metadata when given. */
  sloUrl?: string;
  /** The binding its metadata names for sloUrl: HTTP-Redirect (the default) or HTTP-POST. */
  sloBinding?: 'HTTP-Redirect' | 'HTTP-POST';
  /** Which of its keys signs: the current one or the next (a rollover). */
  signWith?: 'idp' | 'idp-next' | 'rogue';
  /**
   * How assertions are signed: RSASSA-PSS as BundID signs since its 2024/25 change (the
   * default), or PKCS#1 v1.5 as before it.
   */
  signatureAlgorithm?: 'rsassa-pss' | 'rsa-pkcs1';
  spSigningCert: string;
  spEncryptionCert: string;
};

export type ParsedRequest = {
  id: string;
  acsUrl: string;
  issuer: string;
  /** The STORK-QAA level asked for (Comparison="minimum"). */
  requestedLevel: number;
  comparison: string;
  extension: Element | undefined;
};

const SAMLP = 'urn:oasis:names:tc:SAML:2.0:protocol';
const SAML = 'urn:oasis:names:tc:SAML:2.0:assertion';

const esc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const newId = () => `_${randomBytes(16).toString('hex')}`;

const SIGNATURE_ALGORITHMS = {
  'rsassa-pss': 'http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1',
  'rsa-pkcs1': 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
} as const;

export function createTestIdp(options: TestIdpOptions) {
  const signatureAlgorithm = SIGNATURE_ALGORITHMS[options.signatureAlgorithm ?? 'rsassa-pss'];
  const keyName = options.signWith ?? 'idp';
  const privateKey = readTestKey(`${keyName}.key.pem`);
  const cert = readTestKey(`${keyName}.cert.pem`);

  /** Reads and checks our AuthnRequest as BundID would: a request without a valid signature is refused. */
  function parseRequest(samlRequest: string): ParsedRequest {
    const xml = Buffer.from(samlRequest, 'base64').toString('utf8');
    const doc = new DOMParser().parseFromString(xml, 'text/xml');
    const root = doc.documentElement;
    const signature = root.getElementsByTagNameNS(
      'http://www.w3.org/2000/09/xmldsig#',
      'Signature',
    )[0];
    if (signature === undefined) throw new Error('AuthnRequest is not signed');
    const verifier = new SignedXml({ publicCert: options.spSigningCert });
    verifier.loadSignature(signature);
    if (!verifier.checkSignature(xml)) throw new Error('AuthnRequest signature invalid');
    const classRef =
      root.getElementsByTagNameNS(SAML, 'AuthnContextClassRef')[0]?.textContent ?? '';
    const level = Number(/STORK-QAA-Level-([1-4])/.exec(classRef)?.[1] ?? 0);
    return {
      id: root.getAttribute('ID') ?? '',
      acsUrl: root.getAttribute('AssertionConsumerServiceURL') ?? '',
      issuer: root.getElementsByTagNameNS(SAML, 'Issuer')[0]?.textContent ?? '',
      requestedLevel: level,
      comparison:
        root
          .getElementsByTagNameNS(SAMLP, 'RequestedAuthnContext')[0]
          ?.getAttribute('Comparison') ?? '',
      extension: root.getElementsByTagNameNS(
        'https://www.akdb.de/request/2018/09',
        'AuthenticationRequest',
      )[0],
    };
  }

  function sign(
    xml: string,
    elementLocalName: 'Assertion' | 'Response' | 'LogoutRequest' | 'LogoutResponse',
    id: string,
    key = privateKey,
  ) {
    const signer = new SignedXml({
      privateKey: key,
      publicCert: cert,
      signatureAlgorithm,
      canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
    });
    signer.addReference({
      xpath: `//*[local-name(.)='${elementLocalName}' and @ID='${id}']`,
      transforms: [
        'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
        'http://www.w3.org/2001/10/xml-exc-c14n#',
      ],
      digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    });
    signer.computeSignature(xml, {
      prefix: 'ds',
      location: {
        reference: `//*[local-name(.)='${elementLocalName}' and @ID='${id}']/*[local-name(.)='Issuer']`,
        action: 'after',
      },
    });
    return signer.getSignedXml();
  }

  function encryptAssertion(xml: string): Promise<string> {
    return new Promise((resolve, reject) => {
      encrypt(
        xml,
        {
          rsa_pub: publicKeyOf(options.spEncryptionCert),
          pem: options.spEncryptionCert,
          encryptionAlgorithm: 'http://www.w3.org/2009/xmlenc11#aes256-gcm',
          keyEncryptionAlgorithm: 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
          disallowEncryptionWithInsecureAlgorithm: true,
        },
        (error, result) => (error ? reject(error) : resolve(result)),
      );
    });
  }

  /**
   * The base64 SAMLResponse for `request`: the persona at `level` (1..4), broken as `flaw` says.
   */
  async function respond(
    request: Pick<ParsedRequest, 'id' | 'acsUrl' | 'issuer'>,
    persona: TestPersona,
    level: number,
    flaw?: Flaw,
    /** The same assertion id twice: what a replay looks like once the request id fits. */
    assertionIdOverride?: string,
  ): Promise<string> {
    const now = Date.now();
    const assertionId = assertionIdOverride ?? newId();
    const notBefore = iso(now - 30_000);
    const notOnOrAfter = iso(flaw === 'expired' ? now - 5 * 60_000 : now + 5 * 60_000);
    const issueInstant = iso(flaw === 'expired' ? now - 10 * 60_000 : now);
    const audience =
      flaw === 'wrong_audience' ? 'https://andere-stelle.example.org/saml' : request.issuer;
    const destination =
      flaw === 'wrong_destination' ? 'https://andere-stelle.example.org/acs' : request.acsUrl;
    const levelOf = (name: string) =>
      persona.attributeLevels?.[name] ??
      (name === EMAIL ? 'NORMAL' : (AKDB_BY_STORK[level - 1] ?? 'UNTERGEORDNET'));
    const attribute = (name: string, value: string | undefined, own = true) =>
      value === undefined
        ? ''
        : `<saml:Attribute Name="${name}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:uri"${own ? ` akdb:TrustLevel="${levelOf(name)}"` : ''}><saml:AttributeValue>${esc(value)}</saml:AttributeValue></saml:Attribute>`;
    const assertion = `<saml:Assertion xmlns:saml="${SAML}" xmlns:akdb="https://www.akdb.de/request/2018/09" ID="${assertionId}" Version="2.0" IssueInstant="${issueInstant}"><saml:Issuer>${esc(options.entityId)}</saml:Issuer><saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient">${newId()}</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData InResponseTo="${esc(request.id)}" NotOnOrAfter="${notOnOrAfter}" Recipient="${esc(destination)}"/></saml:SubjectConfirmation></saml:Subject><saml:Conditions NotBefore="${notBefore}" NotOnOrAfter="${notOnOrAfter}"><saml:AudienceRestriction><saml:Audience>${esc(audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions><saml:AuthnStatement AuthnInstant="${issueInstant}" SessionIndex="${newId()}"><saml:AuthnContext><saml:AuthnContextClassRef>STORK-QAA-Level-${level}</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement><saml:AttributeStatement>${[
      attribute(BPK2, flaw === 'no_bpk2' ? undefined : persona.bpk2, false),
      attribute(TRUST_LEVEL_ATTRIBUTE, `STORK-QAA-Level-${level}`, false),
      attribute('urn:oid:2.5.4.42', persona.givenName),
      attribute('urn:oid:2.5.4.4', persona.familyName),
      attribute('urn:oid:0.9.2342.19200300.100.1.3', persona.email),
      attribute('urn:oid:1.2.40.0.10.2.1.1.55', persona.birthDate),
      attribute('urn:oid:2.5.4.16', persona.street),
      attribute('urn:oid:2.5.4.17', persona.postcode),
      attribute('urn:oid:2.5.4.7', persona.city),
    ].join('')}</saml:AttributeStatement></saml:Assertion>`;

    let signedAssertion: string;
    if (flaw === 'unsigned') signedAssertion = assertion;
    else if (flaw === 'rogue_signature')
      signedAssertion = sign(assertion, 'Assertion', assertionId, readTestKey('rogue.key.pem'));
    else signedAssertion = sign(assertion, 'Assertion', assertionId);

    const inner =
      flaw === 'not_encrypted'
        ? signedAssertion
        : `<saml:EncryptedAssertion xmlns:saml="${SAML}">${await encryptAssertion(signedAssertion)}</saml:EncryptedAssertion>`;
    // Signature wrapping: the signed, encrypted assertion stays, and a second one in clear text
    // for another person sits beside it, hoping the consumer reads that one.
    const wrapped =
      flaw === 'wrapping'
        ? assertion.replace(assertionId, newId()).replace(esc(persona.bpk2), 'angreifer-bpk2')
        : '';
    const responseId = newId();
    const response = `<samlp:Response xmlns:samlp="${SAMLP}" xmlns:saml="${SAML}" ID="${responseId}" Version="2.0" IssueInstant="${iso(now)}" Destination="${esc(destination)}" InResponseTo="${esc(request.id)}"><saml:Issuer>${esc(options.entityId)}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>${wrapped}${inner}</samlp:Response>`;
    return Buffer.from(response, 'utf8').toString('base64');
  }

  /** The IdP's metadata: entity id, SSO (POST), SLO (by sloBinding) and its signing certificate. */
  function metadata(): string {
    const body = cert.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
    const slo =
      options.sloUrl === undefined
        ? ''
        : `<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:${options.sloBinding ?? 'HTTP-Redirect'}" Location="${esc(options.sloUrl)}"/>`;
    return `<?xml version="1.0"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${esc(options.entityId)}"><md:IDPSSODescriptor WantAuthnRequestsSigned="true" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${body}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>${slo}<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${esc(options.ssoUrl)}"/></md:IDPSSODescriptor></md:EntityDescriptor>`;
  }

  /**
   * Reads our LogoutRequest from the Redirect binding as an IdP would: a request without a
   * valid signature by our SP key is refused.
   */
  function parseLogoutRequest(query: Record<string, string | undefined>) {
    const { SAMLRequest, RelayState, SigAlg, Signature } = query;
    if (!SAMLRequest || !SigAlg || !Signature) throw new Error('LogoutRequest is not signed');
    const signed = stringify({
      SAMLRequest,
      ...(RelayState === undefined ? {} : { RelayState }),
      SigAlg,
    });
    const verifier = createVerify('RSA-SHA256');
    verifier.update(signed);
    if (!verifier.verify(options.spSigningCert, Signature, 'base64'))
      throw new Error('LogoutRequest signature invalid');
    const xml = inflateRawSync(Buffer.from(SAMLRequest, 'base64')).toString('utf8');
    const root = new DOMParser().parseFromString(xml, 'text/xml').documentElement;
    if (root?.localName !== 'LogoutRequest') throw new Error('not a LogoutRequest');
    return {
      id: root.getAttribute('ID') ?? '',
      issuer: root.getElementsByTagNameNS(SAML, 'Issuer')[0]?.textContent ?? '',
      destination: root.getAttribute('Destination') ?? '',
      nameId: root.getElementsByTagNameNS(SAML, 'NameID')[0]?.textContent ?? '',
      sessionIndex: root.getElementsByTagNameNS(SAMLP, 'SessionIndex')[0]?.textContent ?? '',
      relayState: RelayState,
    };
  }

  /** A message for the SP's SingleLogoutService, deflated and signed for the Redirect binding. */
  function redirect(
    spSloUrl: string,
    kind: 'SAMLRequest' | 'SAMLResponse',
    xml: string,
    relayState: string | undefined,
    key = privateKey,
  ) {
    const signed = stringify({
      [kind]: deflateRawSync(Buffer.from(xml, 'utf8')).toString('base64'),
      ...(relayState === undefined || relayState === '' ? {} : { RelayState: relayState }),
      SigAlg: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    });
    const signer = createSign('RSA-SHA256');
    signer.update(signed);
    return `${spSloUrl}?${signed}&Signature=${encodeURIComponent(signer.sign(key, 'base64'))}`;
  }

  /** The IdP's LogoutResponse to our LogoutRequest (a success, unless told otherwise). */
  function logoutResponseUrl(
    request: { id: string; relayState: string | undefined },
    spSloUrl: string,
    opts: { status?: 'Success' | 'Responder'; rogue?: boolean; inResponseTo?: string } = {},
  ) {
    const xml = `<samlp:LogoutResponse xmlns:samlp="${SAMLP}" xmlns:saml="${SAML}" ID="${newId()}" Version="2.0" IssueInstant="${iso(Date.now())}" Destination="${esc(spSloUrl)}" InResponseTo="${esc(opts.inResponseTo ?? request.id)}"><saml:Issuer>${esc(options.entityId)}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:${opts.status ?? 'Success'}"/></samlp:Status></samlp:LogoutResponse>`;
    return redirect(
      spSloUrl,
      'SAMLResponse',
      xml,
      request.relayState,
      opts.rogue ? readTestKey('rogue.key.pem') : privateKey,
    );
  }

  /** IdP-initiated single logout: its LogoutRequest for a NameID and SessionIndex. */
  function logoutRequestUrl(
    spSloUrl: string,
    session: { nameId: string; sessionIndex?: string },
    /** `age`: IssueInstant this many milliseconds ago. */
    opts: { rogue?: boolean; relayState?: string; age?: number } = {},
  ) {
    const id = newId();
    const index =
      session.sessionIndex === undefined
        ? ''
        : `<samlp:SessionIndex>${esc(session.sessionIndex)}</samlp:SessionIndex>`;
    const xml = `<samlp:LogoutRequest xmlns:samlp="${SAMLP}" xmlns:saml="${SAML}" ID="${id}" Version="2.0" IssueInstant="${iso(Date.now() - (opts.age ?? 0))}" Destination="${esc(spSloUrl)}"><saml:Issuer>${esc(options.entityId)}</saml:Issuer><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient">${esc(session.nameId)}</saml:NameID>${index}</samlp:LogoutRequest>`;
    return {
      id,
      url: redirect(
        spSloUrl,
        'SAMLRequest',
        xml,
        opts.relayState,
        opts.rogue ? readTestKey('rogue.key.pem') : privateKey,
      ),
    };
  }

  /**
   * Reads our LogoutRequest from the POST binding as an IdP would: refused unless its XML
   * signature is valid for our SP key.
   */
  function parseLogoutRequestPost(body: Record<string, string | undefined>) {
    const { SAMLRequest, RelayState } = body;
    if (!SAMLRequest) throw new Error('no LogoutRequest');
    const xml = Buffer.from(SAMLRequest, 'base64').toString('utf8');
    const root = new DOMParser().parseFromString(xml, 'text/xml').documentElement;
    if (root?.localName !== 'LogoutRequest') throw new Error('not a LogoutRequest');
    const signature = root.getElementsByTagNameNS(
      'http://www.w3.org/2000/09/xmldsig#',
      'Signature',
    )[0];
    if (signature === undefined) throw new Error('LogoutRequest is not signed');
    const verifier = new SignedXml({ publicCert: options.spSigningCert });
    verifier.loadSignature(signature);
    if (!verifier.checkSignature(xml)) throw new Error('LogoutRequest signature invalid');
    return {
      id: root.getAttribute('ID') ?? '',
      issuer: root.getElementsByTagNameNS(SAML, 'Issuer')[0]?.textContent ?? '',
      destination: root.getAttribute('Destination') ?? '',
      nameId: root.getElementsByTagNameNS(SAML, 'NameID')[0]?.textContent ?? '',
      sessionIndex: root.getElementsByTagNameNS(SAMLP, 'SessionIndex')[0]?.textContent ?? '',
      relayState: RelayState,
    };
  }

  /** How a posted message may be broken, for the bad-input tests. */
  type PostFlaws = {
    rogue?: boolean;
    unsigned?: boolean;
    issuer?: string;
    /** IssueInstant this many milliseconds ago. */
    age?: number;
  };

  /** A message for the SP's SingleLogoutService as POST form fields, signed unless told not. */
  function post(
    kind: 'SAMLRequest' | 'SAMLResponse',
    xml: string,
    id: string,
    relayState: string | undefined,
    flaws: PostFlaws,
  ): Record<string, string> {
    const local = kind === 'SAMLRequest' ? 'LogoutRequest' : 'LogoutResponse';
    const signed = flaws.unsigned
      ? xml
      : sign(xml, local, id, flaws.rogue ? readTestKey('rogue.key.pem') : privateKey);
    return {
      [kind]: Buffer.from(signed, 'utf8').toString('base64'),
      ...(relayState === undefined || relayState === '' ? {} : { RelayState: relayState }),
    };
  }

  /** The IdP's LogoutResponse by POST: the form fields for the SP's SingleLogoutService. */
  function logoutResponsePost(
    request: { id: string; relayState: string | undefined },
    spSloUrl: string,
    opts: PostFlaws & { status?: 'Success' | 'Responder'; inResponseTo?: string } = {},
  ) {
    const id = newId();
    const xml = `<samlp:LogoutResponse xmlns:samlp="${SAMLP}" xmlns:saml="${SAML}" ID="${id}" Version="2.0" IssueInstant="${iso(Date.now() - (opts.age ?? 0))}" Destination="${esc(spSloUrl)}" InResponseTo="${esc(opts.inResponseTo ?? request.id)}"><saml:Issuer>${esc(opts.issuer ?? options.entityId)}</saml:Issuer><samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:${opts.status ?? 'Success'}"/></samlp:Status></samlp:LogoutResponse>`;
    return post('SAMLResponse', xml, id, request.relayState, opts);
  }

  /** IdP-initiated single logout by POST: its LogoutRequest as form fields. */
  function logoutRequestPost(
    spSloUrl: string,
    session: { nameId: string; sessionIndex?: string },
    opts: PostFlaws & { relayState?: string } = {},
  ) {
    const id = newId();
    const index =
      session.sessionIndex === undefined
        ? ''
        : `<samlp:SessionIndex>${esc(session.sessionIndex)}</samlp:SessionIndex>`;
    const xml = `<samlp:LogoutRequest xmlns:samlp="${SAMLP}" xmlns:saml="${SAML}" ID="${id}" Version="2.0" IssueInstant="${iso(Date.now() - (opts.age ?? 0))}" Destination="${esc(spSloUrl)}"><saml:Issuer>${esc(opts.issuer ?? options.entityId)}</saml:Issuer><saml:NameID Format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient">${esc(session.nameId)}</saml:NameID>${index}</samlp:LogoutRequest>`;
    return { id, fields: post('SAMLRequest', xml, id, opts.relayState, opts) };
  }

  return {
    parseRequest,
    respond,
    metadata,
    cert,
    parseLogoutRequest,
    logoutResponseUrl,
    logoutRequestUrl,
    parseLogoutRequestPost,
    logoutResponsePost,
    logoutRequestPost,
  };
}

function publicKeyOf(certPem: string): string {
  // xml-encryption wants the RSA public key beside the certificate it names in KeyInfo.
  return new X509Certificate(certPem).publicKey.export({
    type: 'spki',
    format: 'pem',
  }) as string;
}
