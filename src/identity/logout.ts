// Single logout (issue 13, item 6). "Abmelden" always ends our session first; then, when the
// session came from a provider that offers single logout, the browser goes there: an OIDC
// provider's end_session_endpoint (RP-initiated logout) or a SAML IdP's SingleLogoutService
// (our signed LogoutRequest), and comes back to our "Sie sind abgemeldet" page. A provider
// that is down or offers no single logout leaves the citizen signed out here all the same.
// A SAML IdP may also end a session itself (its LogoutRequest to our SingleLogoutService).
import type { Kysely } from 'kysely';
import { newToken } from '../accounts/tokens.ts';
import { withIdentityBroker } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import { FederationError } from './errors.ts';
import type { OidcClients } from './oidc/relying-party.ts';
import * as repo from './repository.ts';
import { SamlResponseError, type ServiceProvider } from './saml/service-provider.ts';
import {
  issuerOf,
  logoutRequestUrl,
  logoutResponseUrl,
  readLogoutMessage,
} from './saml/single-logout.ts';

/** What comes after the local sign-out. */
export type LogoutDeparture =
  /**
   * To the provider; `binding` is what this browser must keep (a cookie) for the answer:
   * the state / RelayState, and for SAML the id of our LogoutRequest.
   */
  | { kind: 'provider'; url: string; binding: string }
  /** Only here: the provider offers no single logout or could not be reached. */
  | { kind: 'local'; reason: 'unsupported' | 'unreachable' };

/** The answer to an IdP's own LogoutRequest: our LogoutResponse, at its SingleLogoutService. */
export type LogoutAnswer = { kind: 'signed_out' } | { kind: 'respond'; url: string };

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
          const request = await logoutRequestUrl(
            deps.sp,
            {
              issuer: provider.issuer,
              ssoUrl: provider.sso_url,
              sloUrl: provider.slo_url,
              signingCerts: provider.signing_certs,
            },
            saml,
            state,
          );
          return { kind: 'provider', url: request.url, binding: `${state}.${request.requestId}` };
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
  async function samlProviderOf(message: string | undefined) {
    const issuer = message === undefined ? undefined : issuerOf(message);
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
   * A message at our SingleLogoutService. A LogoutResponse must answer the LogoutRequest this
   * browser sent (`binding`: its cookie); an IdP's LogoutRequest ends the sessions it names
   * and gets our signed LogoutResponse. Anything else: FederationError (a 400 page).
   */
  async function atSingleLogoutService(input: {
    query: Record<string, string | undefined>;
    rawQuery: string;
    binding: string | undefined;
  }): Promise<LogoutAnswer> {
    if (deps.sp === undefined) throw new FederationError('unknown_provider');
    const sp = deps.sp;
    const { provider, idp } = await samlProviderOf(
      input.query.SAMLResponse ?? input.query.SAMLRequest,
    );
    const [state, requestId] = (input.binding ?? '').split('.');
    try {
      if (input.query.SAMLResponse !== undefined) {
        // The RelayState must be the one this browser left with: no answer to another's logout.
        if (state === undefined || state === '' || input.query.RelayState !== state)
          throw new SamlResponseError('in_response_to');
        await readLogoutMessage(sp, idp, input.query, input.rawQuery, requestId);
        return { kind: 'signed_out' };
      }
      const message = await readLogoutMessage(sp, idp, input.query, input.rawQuery, undefined);
      if (message.kind !== 'request') throw new SamlResponseError('malformed');
      const hashes = await withIdentityBroker(deps.db, (trx) =>
        repo.findSamlSessions(trx, provider.id, message.nameId, message.sessionIndexes),
      );
      await deps.endSessions(hashes);
      const url = await logoutResponseUrl(
        sp,
        idp,
        message.id,
        input.query.RelayState,
        hashes.length > 0,
      );
      return { kind: 'respond', url };
    } catch (error) {
      if (error instanceof SamlResponseError)
        throw new FederationError(error.reason, provider.slug);
      throw error;
    }
  }

  return { prepare, atSingleLogoutService };
}
