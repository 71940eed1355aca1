// Single logout (issue 13, item 6). "Abmelden" always ends our session first; then, when the
// session came from an OIDC provider that publishes an end_session_endpoint, the browser goes
// there (RP-initiated logout) and comes back to our "Sie sind abgemeldet" page. A provider that
// is down or offers no single logout leaves the citizen signed out here all the same.
import type { Kysely } from 'kysely';
import { newToken } from '../accounts/tokens.ts';
import { withIdentityBroker } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import type { OidcClients } from './oidc/relying-party.ts';
import * as repo from './repository.ts';

/** What comes after the local sign-out. */
export type LogoutDeparture =
  /** To the provider's end_session; `state` comes back to our page and is checked there. */
  | { kind: 'provider'; url: string; state: string }
  /** Only here: the provider offers no single logout or could not be reached. */
  | { kind: 'local'; reason: 'unsupported' | 'unreachable' };

export type SingleLogout = ReturnType<typeof createSingleLogout>;

export function createSingleLogout(deps: {
  db: Kysely<DB>;
  oidc?: OidcClients;
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
    const provider = await withIdentityBroker(deps.db, (trx) =>
      repo.findSessionProvider(trx, sessionHash),
    );
    if (provider === undefined) return undefined;
    /** Called once the local session has ended: where the browser goes next. */
    const depart = async (): Promise<LogoutDeparture> => {
      if (provider.type !== 'oidc' || deps.oidc === undefined)
        return { kind: 'local', reason: 'unsupported' };
      const state = newToken().token;
      try {
        const url = await deps.oidc.endSessionUrl(provider, {
          postLogoutRedirectUri: deps.postLogoutUrl,
          state,
        });
        return url === undefined
          ? { kind: 'local', reason: 'unsupported' }
          : { kind: 'provider', url, state };
      } catch (error) {
        deps.onError?.(error, provider.slug);
        return { kind: 'local', reason: 'unreachable' };
      }
    };
    return { providerName: provider.display_name, depart };
  }

  return { prepare };
}
