// Single logout (issue 13, item 6). "Abmelden" always ends our session first; then, when the
// session came from a provider that offers single logout, the browser goes there: an OIDC
// provider's end_session_endpoint (RP-initiated logout) or a SAML IdP's SingleLogoutService
// (our signed LogoutRequest), and comes back to our "Sie sind abgemeldet" page. A provider
// that is down or offers no single logout leaves the citizen signed out here all the same.
// A SAML IdP may also end a session itself (its LogoutRequest to our SingleLogoutService).
import type { Kysely } from 'kysely';
import { hashToken, newToken } from '../accounts/tokens.ts';
import { withIdentityBroker } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import { FederationError } from './errors.ts';
import type { OidcClients } from './oidc/relying-party.ts';
import * as repo from './repository.ts';
import { SamlResponseError, type ServiceProvider } from './saml/service-provider.ts';
import {
  logoutRequestPost,
  logoutRequestUrl,
  logoutResponsePost,
  logoutResponseUrl,
  type PostForm,
  peekLogoutMessage,
  readLogoutMessage,
  readLogoutPost,
  type SloBinding,
} from './saml/single-logout.ts';

// How long our LogoutRequest waits for its answer (the state cookie lives as long).
const LOGOUT_REQUEST_TTL_MS = 10 * 60_000;

/** What comes after the local sign-out. */
export type LogoutDeparture =
  /**
   * To the provider; `binding` is what this browser must keep (a cookie) for the answer:
   * the state / RelayState, and for SAML the id of our LogoutRequest.
   */
  | {
      kind: 'provider';
      url: string;
      binding: string;
      /** SAML POST binding: the form fields to post to `url` (else `url` is visited). */
      post?: Record<string, string>;
    }
  /** Only here: the provider offers no single logout or could not be reached. */
  | { kind: 'local'; reason: 'unsupported' | 'unreachable' };

/** The answer to an IdP's own LogoutRequest: our LogoutResponse, at its SingleLogoutService. */
export type LogoutAnswer =
  | { kind: 'signed_out' }
  | { kind: 'respond'; url: string }
  /** By the POST binding: a form the browser posts to the IdP. */
  | { kind: 'respond_post'; form: PostForm; providerName: string };

/** What arrived at our SingleLogoutService, by which binding. */
export type SingleLogoutInput =
  | {
      binding: 'HTTP-Redirect';
      query: Record<string, string | undefined>;
      rawQuery: string;
      /** This browser's cookie from "Abmelden": state and request id. */
      cookie: string | undefined;
    }
  | { binding: 'HTTP-POST'; body: Record<string, string | undefined> };

export type SingleLogout = ReturnType<typeof createSingleLogout>;

export function createSingleLogout(deps: {
  db: Kysely<DB>;
  verbund: () => Promise<{ id: string }>;
  oidc?: OidcClients;
  sp?: ServiceProvider;
  /** Ends Bürgerkonto sessions by hash (the accounts domain's port). */
  endSessions: (sessionHashes: string[]) => Promise<void>;
  /** Our page that says "Sie sind abgemeldet", registered with each OIDC provider. */
  postLogoutUrl: string;
  /** Told why a provider could not be reached (no personal data); for the operator's log. */
  onError?: (error: unknown, provider: string) => void;
}) {
  /**
   * Looks up the provider behind a session before it ends (the row goes with the session).
   * Undefined for a password session: its sign-out is local only, as it always was.
   */
  async function prepare(sessionHash: string) {
    const found = await withIdentityBroker(deps.db, (trx) =>
      repo.findSessionProvider(trx, sessionHash),
    );
    if (found === undefined) return undefined;
    const { provider, saml } = found;
    /** Called once the local session has ended: where the browser goes next. */
    const depart = async (): Promise<LogoutDeparture> => {
      const state = newToken().token;
      try {
        if (provider.type === 'saml') {
          // Signing needs no network: the IdP is only reached by the browser.
          if (
            deps.sp === undefined ||
            provider.slo_url === null ||
            provider.sso_url === null ||
            saml === undefined
          )
            return { kind: 'local', reason: 'unsupported' };
          const idp = {
            issuer: provider.issuer,
            ssoUrl: provider.sso_url,
            sloUrl: provider.slo_url,
            signingCerts: provider.signing_certs,
          };
          const request =
            provider.slo_binding === 'HTTP-POST'
              ? await logoutRequestPost(deps.sp, idp, saml, state)
              : await logoutRequestUrl(deps.sp, idp, saml, state);
          // Kept here as well as in the cookie: an answer by POST comes without the cookie.
          const at = new Date();
          await withIdentityBroker(deps.db, (trx) =>
            repo.insertLogoutRequest(trx, {
              requestId: request.requestId,
              verbundId: provider.verbund_id,
              providerId: provider.id,
              stateHash: hashToken(state),
              at,
              expiresAt: new Date(at.getTime() + LOGOUT_REQUEST_TTL_MS),
            }),
          );
          const binding = `${state}.${request.requestId}`;
          return 'url' in request
            ? { kind: 'provider', url: request.url, binding }
            : { kind: 'provider', url: request.action, binding, post: request.fields };
        }
        if (deps.oidc === undefined) return { kind: 'local', reason: 'unsupported' };
        const url = await deps.oidc.endSessionUrl(provider, {
          postLogoutRedirectUri: deps.postLogoutUrl,
          state,
        });
        return url === undefined
          ? { kind: 'local', reason: 'unsupported' }
          : { kind: 'provider', url, binding: state };
      } catch (error) {
        deps.onError?.(error, provider.slug);
        return { kind: 'local', reason: 'unreachable' };
      }
    };
    return { providerName: provider.display_name, depart };
  }

  /** The SAML IdP whose Issuer a message names, if the Verbund trusts it for single logout. */
  async function samlProviderOf(issuer: string | undefined) {
    if (issuer === undefined) throw new FederationError('malformed');
    const verbund = await deps.verbund();
    const providers = await withIdentityBroker(deps.db, (trx) =>
      repo.listProviders(trx, verbund.id),
    );
    const provider = providers.find((p) => p.type === 'saml' && p.issuer === issuer);
    if (provider === undefined || provider.slo_url === null || provider.sso_url === null)
      throw new FederationError('unknown_provider');
    return {
      provider,
      idp: {
        issuer: provider.issuer,
        ssoUrl: provider.sso_url,
        sloUrl: provider.slo_url,
        signingCerts: provider.signing_certs,
      },
    };
  }

  /**
   * Our LogoutRequest in flight that a LogoutResponse names: of this provider, unexpired,
   * unanswered, sent with this RelayState. Its id, or a refusal.
   */
  async function pendingRequest(providerId: string, requestId: string | undefined, relay?: string) {
    if (requestId === undefined || relay === undefined || relay === '')
      throw new SamlResponseError('in_response_to');
    const row = await withIdentityBroker(deps.db, (trx) =>
      repo.findLogoutRequest(trx, providerId, requestId),
    );
    if (row === undefined || row.state_hash !== hashToken(relay))
      throw new SamlResponseError('in_response_to');
    if (row.used_at !== null) throw new SamlResponseError('replay');
    if (row.expires_at.getTime() <= Date.now()) throw new SamlResponseError('expired');
    return row.request_id;
  }

  /**
   * A message at our SingleLogoutService, by Redirect or POST. A LogoutResponse must answer a
   * LogoutRequest of ours in flight (kept in identity_logout_request; by Redirect also the one
   * this browser's cookie names), which it then uses up; an IdP's LogoutRequest ends the
   * sessions it names and gets our signed LogoutResponse by the binding the provider's
   * configuration names. Anything else: FederationError (a 400 page).
   */
  async function atSingleLogoutService(input: SingleLogoutInput): Promise<LogoutAnswer> {
    if (deps.sp === undefined) throw new FederationError('unknown_provider');
    const sp = deps.sp;
    const fields = input.binding === 'HTTP-POST' ? input.body : input.query;
    const message = fields.SAMLResponse ?? fields.SAMLRequest;
    const peeked = message === undefined ? undefined : peekLogoutMessage(message, input.binding);
    const { provider, idp } = await samlProviderOf(peeked?.issuer);
    const read = (expected: string | undefined) =>
      input.binding === 'HTTP-POST'
        ? readLogoutPost(sp, idp, input.body, expected)
        : readLogoutMessage(sp, idp, input.query, input.rawQuery, expected);
    try {
      if (fields.SAMLResponse !== undefined) {
        if (input.binding === 'HTTP-Redirect') {
          // The RelayState and request id this browser left with: no answer to another's logout.
          const [state, requestId] = (input.cookie ?? '').split('.');
          if (!state || fields.RelayState !== state || peeked?.inResponseTo !== requestId)
            throw new SamlResponseError('in_response_to');
        }
        const expected = await pendingRequest(provider.id, peeked?.inResponseTo, fields.RelayState);
        await read(expected);
        const first = await withIdentityBroker(deps.db, (trx) =>
          repo.consumeLogoutRequest(trx, expected, new Date()),
        );
        if (!first) throw new SamlResponseError('replay');
        return { kind: 'signed_out' };
      }
      const logout = await read(undefined);
      if (logout.kind !== 'request') throw new SamlResponseError('malformed');
      // Each LogoutRequest works once: a copy would end whatever session its NameID names
      // then. Kept with the assertion ids (the IdP's ids are unique across its messages).
      const hashes = await withIdentityBroker(deps.db, async (trx) => {
        if (!(await repo.rememberAssertion(trx, provider.id, logout.id, logout.replayableUntil)))
          throw new SamlResponseError('replay');
        return repo.findSamlSessions(trx, provider.id, logout.nameId, logout.sessionIndexes);
      });
      await deps.endSessions(hashes);
      const success = hashes.length > 0;
      const binding: SloBinding = provider.slo_binding;
      if (binding === 'HTTP-POST')
        return {
          kind: 'respond_post',
          form: logoutResponsePost(sp, idp, logout.id, fields.RelayState, success),
          providerName: provider.display_name,
        };
      const url = await logoutResponseUrl(sp, idp, logout.id, fields.RelayState, success);
      return { kind: 'respond', url };
    } catch (error) {
      if (error instanceof SamlResponseError)
        throw new FederationError(error.reason, provider.slug);
      throw error;
    }
  }

  return { prepare, atSingleLogoutService };
}
