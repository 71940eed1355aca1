// OAuth2 client credentials for the Submission API: one access token per client, kept until
// shortly before it expires, fetched again at once when the service says it is no longer good.
import { createHash } from 'node:crypto';
import { describeFetchError, retry } from './outcome.ts';

export type TokenCredentials = { tokenUrl: string; clientId: string; clientSecret: string };

/** Tokens are renewed this long before the expiry the token endpoint announced. */
const MARGIN_MS = 30_000;

export function createTokenCache(now: () => number = Date.now) {
  const cache = new Map<string, { token: string; expiresAt: number }>();
  /** Keyed by the secret too: a rotated secret must not keep using the old client's token. */
  const keyOf = (c: TokenCredentials) =>
    createHash('sha256').update(`${c.tokenUrl}\n${c.clientId}\n${c.clientSecret}`).digest('hex');

  async function fetchToken(c: TokenCredentials, signal: AbortSignal) {
    let response: Response;
    try {
      response = await fetch(c.tokenUrl, {
        method: 'POST',
        signal,
        redirect: 'error',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: c.clientId,
          client_secret: c.clientSecret,
        }).toString(),
      });
    } catch (error) {
      throw retry(`no answer from the token endpoint: ${describeFetchError(error, signal)}`);
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      // Refused credentials are the route's configuration, not the application: tried again
      // (and failed, visibly, in the end) rather than marking the application rejected.
      throw retry(`the token endpoint answered HTTP ${response.status}`);
    }
    let body: { access_token?: unknown; expires_in?: unknown; token_type?: unknown };
    try {
      body = JSON.parse(text);
    } catch {
      throw retry('the token endpoint answered something that is not JSON');
    }
    if (typeof body.access_token !== 'string' || body.access_token.length === 0) {
      throw retry('the token endpoint answered without an access token');
    }
    if (typeof body.token_type === 'string' && body.token_type.toLowerCase() !== 'bearer') {
      throw retry(`the token endpoint issued a ${body.token_type} token, not a bearer token`);
    }
    const seconds = typeof body.expires_in === 'number' ? body.expires_in : 300;
    return { token: body.access_token, expiresAt: now() + seconds * 1000 - MARGIN_MS };
  }

  return {
    /** A valid token, from the cache while it lasts. */
    async token(c: TokenCredentials, signal: AbortSignal): Promise<string> {
      const key = keyOf(c);
      const cached = cache.get(key);
      if (cached !== undefined && cached.expiresAt > now()) return cached.token;
      const fresh = await fetchToken(c, signal);
      cache.set(key, fresh);
      return fresh.token;
    },
    /** The service refused the token (expired early, revoked): the next call fetches anew. */
    forget(c: TokenCredentials): void {
      cache.delete(keyOf(c));
    },
  };
}

export type TokenCache = ReturnType<typeof createTokenCache>;
