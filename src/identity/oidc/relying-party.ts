// Rathausnetz as an OpenID Connect relying party (openid-client): authorization code with
// PKCE, `acr_values` for the level the service needs, the `acr` claim mapped back to a level
// through the provider's configuration, nonce and state checked, the ID token validated by
// the library (issuer, audience, signature, expiry). Providers are discovered once per process.
import * as client from 'openid-client';
import type { TrustLevel } from '../../db/schema.ts';
import { FederationError } from '../errors.ts';
import { isTrustLevel, levelReaches } from '../levels.ts';
import type { ProviderRow } from '../repository.ts';

export type OidcClients = ReturnType<typeof createOidcClients>;

const LOGOUT_DISCOVERY_TIMEOUT_S = 3;

export function createOidcClients(opts: {
  callbackUrl: string;
  /** Development and tests: a provider on http://127.0.0.1. Never in production. */
  allowHttp: boolean;
  env?: Record<string, string | undefined>;
  /** Told why the library refused (its message names no person); for the operator's log. */
  onError?: (error: unknown) => void;
}) {
  const env = opts.env ?? process.env;
  const configs = new Map<string, Promise<client.Configuration>>();

  function discover(provider: ProviderRow, timeoutSeconds?: number) {
    const secret = provider.client_secret_env ? env[provider.client_secret_env] : undefined;
    return client.discovery(
      new URL(provider.issuer),
      provider.client_id ?? '',
      secret === undefined ? undefined : { client_secret: secret },
      undefined,
      {
        ...(opts.allowHttp ? { execute: [client.allowInsecureRequests] } : {}),
        ...(timeoutSeconds === undefined ? {} : { timeout: timeoutSeconds }),
      },
    );
  }

  function configFor(provider: ProviderRow): Promise<client.Configuration> {
    const key = `${provider.id}:${provider.issuer}`;
    let config = configs.get(key);
    if (config === undefined) {
      config = discover(provider);
      // A failed discovery is tried again at the next sign-in, not cached.
      config.catch(() => configs.delete(key));
      configs.set(key, config);
    }
    return config;
  }

  /** acr values that give at least `level`, strongest last (the provider picks). */
  function acrValuesFor(provider: ProviderRow, level: TrustLevel): string[] {
    return Object.entries(provider.acr_map)
      .filter(([, l]) => levelReaches(l, level))
      .map(([acr]) => acr);
  }

  async function authorizationUrl(provider: ProviderRow, level: TrustLevel, state: string) {
    let config: client.Configuration;
    try {
      config = await configFor(provider);
    } catch {
      throw new FederationError('oidc_error', provider.slug);
    }
    const codeVerifier = client.randomPKCECodeVerifier();
    const nonce = client.randomNonce();
    const acr = acrValuesFor(provider, level);
    if (acr.length === 0) throw new FederationError('level_too_low', provider.slug);
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: opts.callbackUrl,
      scope: 'openid email profile',
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
      acr_values: acr.join(' '),
    });
    return { url: url.href, nonce, codeVerifier };
  }

  async function callback(
    provider: ProviderRow,
    /** The query string the provider sent the browser back with. */
    query: string,
    checks: { state: string; nonce: string; codeVerifier: string; required: TrustLevel },
  ): Promise<{ subject: string; level: TrustLevel; claims: Record<string, unknown> }> {
    let claims: Record<string, unknown> | undefined;
    try {
      const config = await configFor(provider);
      // The redirect_uri sent with the code must be ours exactly, not what the request says.
      const currentUrl = new URL(`${opts.callbackUrl}?${query}`);
      const tokens = await client.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedNonce: checks.nonce,
        expectedState: checks.state,
        idTokenExpected: true,
      });
      const idToken = tokens.claims() as Record<string, unknown> | undefined;
      // Providers keep profile claims out of the ID token (oidc-provider does by default):
      // the userinfo endpoint has them, checked against the ID token's subject.
      const info =
        idToken === undefined || typeof idToken.sub !== 'string'
          ? {}
          : await client.fetchUserInfo(config, tokens.access_token, idToken.sub);
      claims = idToken === undefined ? undefined : { ...info, ...idToken };
    } catch (error) {
      opts.onError?.(error);
      throw new FederationError('oidc_error', provider.slug);
    }
    if (claims === undefined || typeof claims.sub !== 'string')
      throw new FederationError('attribute_missing', provider.slug);
    const mapped = typeof claims.acr === 'string' ? provider.acr_map[claims.acr] : undefined;
    if (!isTrustLevel(mapped) || !levelReaches(mapped, checks.required))
      throw new FederationError('level_too_low', provider.slug);
    return { subject: claims.sub, level: mapped, claims };
  }

  /**
   * Where to send the browser to end its session at the provider (RP-initiated logout), or
   * undefined when the provider publishes no end_session_endpoint. Throws when the provider
   * cannot be reached. Discovered afresh with a short timeout rather than from the cache: the
   * citizen is already signed out here and waits for this answer, and a provider that is down
   * must not take them to an error page of their browser instead of ours.
   */
  async function endSessionUrl(
    provider: ProviderRow,
    params: { postLogoutRedirectUri: string; state: string },
  ): Promise<string | undefined> {
    const config = await discover(provider, LOGOUT_DISCOVERY_TIMEOUT_S);
    if (config.serverMetadata().end_session_endpoint === undefined) return undefined;
    // No id_token_hint: we keep no ID token (migration 2026-12-03-04-01); client_id names us,
    // and the provider checks post_logout_redirect_uri against what it registered for us.
    return client.buildEndSessionUrl(config, {
      client_id: provider.client_id ?? '',
      post_logout_redirect_uri: params.postLogoutRedirectUri,
      state: params.state,
    }).href;
  }

  return { authorizationUrl, callback, endSessionUrl };
}
