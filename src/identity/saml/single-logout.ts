// SAML 2.0 single logout over the HTTP-Redirect and the HTTP-POST binding (ADR 0047), on
// @node-saml/node-saml: our signed LogoutRequest naming NameID and SessionIndex, the IdP's
// LogoutResponse to it, the IdP's own LogoutRequest and our signed LogoutResponse. node-saml
// checks the query signature (Redirect) or the XML signature (POST), issuer, status and time
// window; what it lets pass is refused here: a message without a signature (it would accept
// one by Redirect), a LogoutResponse without InResponseTo or to another request, a message for
// another destination, and by POST a LogoutResponse's issuer, status and age (node-saml reads
// none of them there) and anything outside the signed element.
import { inflateRawSync } from 'node:zlib';
import { type Profile, SAML, type SamlConfig } from '@node-saml/node-saml';
import { SignedXml } from 'xml-crypto';
import {
  ASSERTION,
  classify,
  expecting,
  newRequestId,
  options,
  PROTOCOL,
  parseXml,
  type SamlIdp,
  SamlResponseError,
  type ServiceProvider,
} from './service-provider.ts';

export type SamlSessionRef = {
  nameId: string;
  nameIdFormat: string | null;
  sessionIndex: string | null;
};

type LogoutIdp = SamlIdp & { sloUrl: string };

// A logout message is a few kilobytes; a deflated bomb stops here, before node-saml inflates.
const MAX_INFLATED = 200_000;
const inflate = (message: string) =>
  inflateRawSync(Buffer.from(message, 'base64'), { maxOutputLength: MAX_INFLATED });

function logoutSaml(
  sp: ServiceProvider,
  idp: LogoutIdp,
  requestId: string | undefined,
  extra: Partial<SamlConfig> = {},
) {
  return new SAML(
    options(sp, idp, {
      logoutUrl: idp.sloUrl,
      // The Redirect binding deflates; the POST binding does not (it builds no URL here).
      skipRequestCompression: false,
      generateUniqueId: () => requestId ?? newRequestId(),
      cacheProvider: expecting(requestId),
      ...extra,
    }),
  );
}

/** The signed LogoutRequest as a URL at the IdP's SingleLogoutService, and its id. */
export async function logoutRequestUrl(
  sp: ServiceProvider,
  idp: LogoutIdp,
  session: SamlSessionRef,
  relayState: string,
): Promise<{ url: string; requestId: string }> {
  const requestId = newRequestId();
  const saml = logoutSaml(sp, idp, requestId);
  const url = await saml.getLogoutUrlAsync(
    {
      issuer: idp.issuer,
      nameID: session.nameId,
      nameIDFormat: session.nameIdFormat ?? 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
      ...(session.sessionIndex === null ? {} : { sessionIndex: session.sessionIndex }),
    },
    relayState,
    {},
  );
  return { url, requestId };
}

export type LogoutMessage =
  | { kind: 'response'; inResponseTo: string }
  | {
      kind: 'request';
      id: string;
      nameId: string;
      sessionIndexes: string[];
      /** Until when its id must be remembered: past this a copy is refused as too old anyway. */
      replayableUntil: Date;
    };

export type SloBinding = 'HTTP-Redirect' | 'HTTP-POST';

/** A POSTed message is a few kilobytes too; this bounds it before any parsing (base64 chars). */
export const MAX_POST_MESSAGE = 60_000;
const BASE64 = /^[A-Za-z0-9+/=\s]+$/;
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';

/** The message's XML: inflated (Redirect) or only decoded (POST), checked for size first. */
function decode(message: string, binding: SloBinding): string {
  if (binding === 'HTTP-Redirect') return inflate(message).toString('utf8');
  if (message.length > MAX_POST_MESSAGE || !BASE64.test(message))
    throw new SamlResponseError('malformed');
  const xml = Buffer.from(message, 'base64').toString('utf8');
  // No document type, so no entity of any kind is ever expanded.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new SamlResponseError('malformed');
  return xml;
}

const directChildren = (parent: Element, ns: string, name: string): Element[] =>
  Array.from(parent.childNodes)
    .filter((n): n is Element => n.nodeType === 1)
    .filter((e) => e.namespaceURI === ns && e.localName === name);

/**
 * The Issuer and InResponseTo of a message, unchecked: to find the IdP whose certificates must
 * check it, and the request of ours it claims to answer.
 */
export function peekLogoutMessage(
  message: string,
  binding: SloBinding,
): { issuer: string; inResponseTo: string | undefined } | undefined {
  try {
    const root = parseXml(decode(message, binding)).documentElement as Element;
    const issuer = directChildren(root, ASSERTION, 'Issuer')[0]?.textContent?.trim();
    if (!issuer) return undefined;
    return { issuer, inResponseTo: root.getAttribute('InResponseTo') || undefined };
  } catch {
    return undefined;
  }
}

/** Signs a message of ours for the POST binding: an enveloped signature after its Issuer. */
function signForPost(sp: ServiceProvider, xml: string, localName: string): string {
  const id = /\sID="([^"]+)"/.exec(xml)?.[1];
  if (id === undefined) throw new Error(`${localName} without ID`);
  const element = `//*[local-name(.)='${localName}' and @ID='${id}']`;
  const signer = new SignedXml({
    privateKey: sp.keys.signingKey,
    publicCert: sp.keys.signingCert,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  signer.addReference({
    xpath: element,
    transforms: [
      'http://www.w3.org/2000/09/xmldsig#enveloped-signature',
      'http://www.w3.org/2001/10/xml-exc-c14n#',
    ],
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
  });
  signer.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: `${element}/*[local-name(.)='Issuer']`, action: 'after' },
  });
  return Buffer.from(signer.getSignedXml(), 'utf8').toString('base64');
}

/** A form for the IdP's SingleLogoutService (POST binding): its address and fields. */
export type PostForm = { action: string; fields: Record<string, string> };

/** The signed LogoutRequest as a form for the IdP's SingleLogoutService (POST), and its id. */
export async function logoutRequestPost(
  sp: ServiceProvider,
  idp: LogoutIdp,
  session: SamlSessionRef,
  relayState: string,
): Promise<PostForm & { requestId: string }> {
  const requestId = newRequestId();
  const xml = await logoutSaml(sp, idp, requestId)._generateLogoutRequest({
    issuer: idp.issuer,
    nameID: session.nameId,
    nameIDFormat: session.nameIdFormat ?? 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
    ...(session.sessionIndex === null ? {} : { sessionIndex: session.sessionIndex }),
  });
  return {
    action: idp.sloUrl,
    fields: { SAMLRequest: signForPost(sp, xml, 'LogoutRequest'), RelayState: relayState },
    requestId,
  };
}

/** Our signed LogoutResponse to the IdP's LogoutRequest `requestId`, as a form (POST). */
export function logoutResponsePost(
  sp: ServiceProvider,
  idp: LogoutIdp,
  requestId: string,
  relayState: string | undefined,
  success: boolean,
): PostForm {
  const xml = logoutSaml(sp, idp, undefined)._generateLogoutResponse(
    { ID: requestId, issuer: idp.issuer, nameID: '', nameIDFormat: '' },
    success,
  );
  const fields: Record<string, string> = { SAMLResponse: signForPost(sp, xml, 'LogoutResponse') };
  if (relayState !== undefined && relayState !== '') fields.RelayState = relayState;
  return { action: idp.sloUrl, fields };
}

// A message may be this old; one minute of clock skew the other way (as for sign-in). The
// IdP's LogoutRequest is checked by either binding: node-saml reads its NotOnOrAfter when
// there is one, never its IssueInstant, so a copy kept for a day would otherwise still work.
const MAX_MESSAGE_AGE_MS = 10 * 60_000;
const CLOCK_SKEW_MS = 60_000;

/** An id we can remember against replay (the table takes up to 200 characters). */
const isMessageId = (id: unknown): id is string =>
  typeof id === 'string' && id.length >= 1 && id.length <= 200;

/** The message's IssueInstant in milliseconds, or a refusal when it is missing or out of window. */
function checkIssued(root: Element, now: Date): number {
  const issued = Date.parse(root.getAttribute('IssueInstant') ?? '');
  if (
    Number.isNaN(issued) ||
    issued > now.getTime() + CLOCK_SKEW_MS ||
    issued < now.getTime() - MAX_MESSAGE_AGE_MS
  )
    throw new SamlResponseError('expired');
  return issued;
}

/**
 * Reads and checks a message the IdP posted to our SingleLogoutService (form fields
 * SAMLRequest or SAMLResponse), as strictly as a redirect: size before parsing, the element,
 * Destination, InResponseTo, exactly one XML signature of the whole message by the IdP's
 * certificates, Issuer, status and time window.
 */
export async function readLogoutPost(
  sp: ServiceProvider,
  idp: LogoutIdp,
  body: Record<string, string | undefined>,
  /** The id of our LogoutRequest in flight that the answer names, if any: the only one accepted. */
  expectedRequestId: string | undefined,
  now: Date = new Date(),
): Promise<LogoutMessage> {
  const isResponse = body.SAMLResponse !== undefined;
  const message = body.SAMLResponse ?? body.SAMLRequest;
  if (message === undefined || (isResponse && body.SAMLRequest !== undefined))
    throw new SamlResponseError('malformed');
  const xml = decode(message, 'HTTP-POST');
  const root = parseXml(xml).documentElement as Element;
  if (root.namespaceURI !== PROTOCOL) throw new SamlResponseError('malformed');
  if (root.localName !== (isResponse ? 'LogoutResponse' : 'LogoutRequest'))
    throw new SamlResponseError('malformed');
  if (root.getAttribute('Destination') !== sp.sloUrl) throw new SamlResponseError('destination');
  if (isResponse) {
    const inResponseTo = root.getAttribute('InResponseTo') ?? '';
    if (expectedRequestId === undefined || inResponseTo !== expectedRequestId)
      throw new SamlResponseError('in_response_to');
  }
  // One signature, the root's own: nothing signed elsewhere and nothing beside it counts.
  const signatures = root.getElementsByTagNameNS(DSIG, 'Signature');
  if (signatures.length !== 1 || directChildren(root, DSIG, 'Signature').length !== 1)
    throw new SamlResponseError('signature');
  if (root.getElementsByTagNameNS(DSIG, 'Object').length > 0)
    throw new SamlResponseError('signature');
  // node-saml looks for InResponseTo on a Response only, and would miss it on a
  // LogoutResponse: it was checked above, against our request in flight.
  const saml = logoutSaml(sp, idp, expectedRequestId, {
    validateInResponseTo: 'never' as SamlConfig['validateInResponseTo'],
  });
  let profile: Profile | null = null;
  try {
    if (isResponse) await saml.validatePostResponseAsync({ SAMLResponse: message });
    else ({ profile } = await saml.validatePostRequestAsync({ SAMLRequest: message }));
  } catch (error) {
    throw classify(error);
  }
  const issuers = directChildren(root, ASSERTION, 'Issuer');
  if (issuers.length !== 1 || issuers[0]?.textContent?.trim() !== idp.issuer)
    throw new SamlResponseError('issuer');
  const issued = checkIssued(root, now);
  if (isResponse) {
    const status = directChildren(root, PROTOCOL, 'Status')[0];
    const code = status && directChildren(status, PROTOCOL, 'StatusCode')[0];
    if (code?.getAttribute('Value') !== 'urn:oasis:names:tc:SAML:2.0:status:Success')
      throw new SamlResponseError('status');
    return { kind: 'response', inResponseTo: expectedRequestId ?? '' };
  }
  if (profile === null || typeof profile.nameID !== 'string' || !isMessageId(profile.ID))
    throw new SamlResponseError('malformed');
  const sessionIndexes = directChildren(root, PROTOCOL, 'SessionIndex')
    .map((e) => e.textContent?.trim() ?? '')
    .filter((v) => v !== '');
  return {
    kind: 'request',
    id: profile.ID,
    nameId: profile.nameID,
    sessionIndexes,
    replayableUntil: new Date(issued + MAX_MESSAGE_AGE_MS + CLOCK_SKEW_MS),
  };
}

/** Reads and checks what the IdP sent to our SingleLogoutService (its raw query string). */
export async function readLogoutMessage(
  sp: ServiceProvider,
  idp: LogoutIdp,
  query: Record<string, string | undefined>,
  rawQuery: string,
  /** The id of the LogoutRequest this browser sent, if any: the only answer we accept. */
  expectedRequestId: string | undefined,
  now: Date = new Date(),
): Promise<LogoutMessage> {
  const message = query.SAMLRequest ?? query.SAMLResponse;
  if (message === undefined || !/^[A-Za-z0-9+/=]{1,100000}$/.test(message))
    throw new SamlResponseError('malformed');
  // node-saml accepts a redirect message without any signature: we do not.
  if (!query.Signature || !query.SigAlg) throw new SamlResponseError('signature');
  const saml = logoutSaml(sp, idp, expectedRequestId);
  let inflatedRoot: Element;
  try {
    inflatedRoot = parseXml(inflate(message).toString('utf8')).documentElement as Element;
  } catch (error) {
    throw classify(error);
  }
  if (inflatedRoot.namespaceURI !== PROTOCOL) throw new SamlResponseError('malformed');
  const isResponse = query.SAMLResponse !== undefined;
  if (inflatedRoot.localName !== (isResponse ? 'LogoutResponse' : 'LogoutRequest'))
    throw new SamlResponseError('malformed');
  if (inflatedRoot.getAttribute('Destination') !== sp.sloUrl)
    throw new SamlResponseError('destination');
  if (isResponse) {
    const inResponseTo = inflatedRoot.getAttribute('InResponseTo') ?? '';
    if (expectedRequestId === undefined || inResponseTo !== expectedRequestId)
      throw new SamlResponseError('in_response_to');
  }
  let result: Awaited<ReturnType<SAML['validateRedirectAsync']>>;
  try {
    result = await saml.validateRedirectAsync(query as Record<string, string>, rawQuery);
  } catch (error) {
    throw classify(error);
  }
  if (isResponse) return { kind: 'response', inResponseTo: expectedRequestId ?? '' };
  const issued = checkIssued(inflatedRoot, now);
  const profile = result.profile;
  if (profile === null || typeof profile.nameID !== 'string' || !isMessageId(profile.ID))
    throw new SamlResponseError('malformed');
  const indexes = inflatedRoot.getElementsByTagNameNS(PROTOCOL, 'SessionIndex');
  const sessionIndexes: string[] = [];
  for (let i = 0; i < indexes.length; i++) {
    const value = indexes.item(i)?.textContent?.trim() ?? '';
    if (value !== '') sessionIndexes.push(value);
  }
  return {
    kind: 'request',
    id: profile.ID,
    nameId: profile.nameID,
    sessionIndexes,
    replayableUntil: new Date(issued + MAX_MESSAGE_AGE_MS + CLOCK_SKEW_MS),
  };
}

/** Our signed LogoutResponse to the IdP's LogoutRequest `requestId`, as a URL at its SLO. */
export async function logoutResponseUrl(
  sp: ServiceProvider,
  idp: LogoutIdp,
  requestId: string,
  relayState: string | undefined,
  success: boolean,
): Promise<string> {
  const saml = logoutSaml(sp, idp, undefined);
  return saml.getLogoutResponseUrlAsync(
    { ID: requestId, issuer: idp.issuer, nameID: '', nameIDFormat: '' },
    relayState ?? '',
    {},
    success,
  );
}
