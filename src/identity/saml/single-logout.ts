// SAML 2.0 single logout over the HTTP-Redirect binding, on @node-saml/node-saml: our signed
// LogoutRequest naming NameID and SessionIndex, the IdP's LogoutResponse to it, the IdP's own
// LogoutRequest and our signed LogoutResponse. node-saml checks the query signature, issuer,
// status and time window; what it lets pass is refused here: a message without a signature
// (it would accept one), a LogoutResponse without InResponseTo or to another request, a
// message for another destination.
import { inflateRawSync } from 'node:zlib';
import { SAML } from '@node-saml/node-saml';
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

function logoutSaml(sp: ServiceProvider, idp: LogoutIdp, requestId: string | undefined) {
  return new SAML(
    options(sp, idp, {
      logoutUrl: idp.sloUrl,
      // The Redirect binding deflates; the POST binding of the AuthnRequest does not.
      skipRequestCompression: false,
      generateUniqueId: () => requestId ?? newRequestId(),
      cacheProvider: expecting(requestId),
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
    };

/** The Issuer of a redirect message, to find the IdP whose certificates must check it. */
export function issuerOf(message: string): string | undefined {
  try {
    const root = parseXml(inflate(message).toString('utf8')).documentElement as Element;
    const issuer = root.getElementsByTagNameNS(ASSERTION, 'Issuer').item(0);
    return issuer?.textContent?.trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Reads and checks what the IdP sent to our SingleLogoutService (its raw query string). */
export async function readLogoutMessage(
  sp: ServiceProvider,
  idp: LogoutIdp,
  query: Record<string, string | undefined>,
  rawQuery: string,
  /** The id of the LogoutRequest this browser sent, if any: the only answer we accept. */
  expectedRequestId: string | undefined,
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
  const profile = result.profile;
  if (profile === null || typeof profile.nameID !== 'string' || typeof profile.ID !== 'string')
    throw new SamlResponseError('malformed');
  const indexes = inflatedRoot.getElementsByTagNameNS(PROTOCOL, 'SessionIndex');
  const sessionIndexes: string[] = [];
  for (let i = 0; i < indexes.length; i++) {
    const value = indexes.item(i)?.textContent?.trim() ?? '';
    if (value !== '') sessionIndexes.push(value);
  }
  return { kind: 'request', id: profile.ID, nameId: profile.nameID, sessionIndexes };
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
