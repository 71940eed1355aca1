// Federated sign-in use cases: start a sign-in at a provider for a level, take its answer,
// find or create the Bürgerkonto it belongs to (or let the citizen link an existing one), and
// hand out a session at the level reached. Every query on the identity tables runs as the
// identity broker (src/db/rls.ts); the account side comes from the accounts domain's port.
import type { Kysely } from 'kysely';
import type { FederatedAccounts } from '../accounts/sign-in/federated.ts';
import { hashToken, newToken } from '../accounts/tokens.ts';
import { withIdentityBroker } from '../db/rls.ts';
import type { ConfirmedLevels, DB, TrustLevel, VerifiedAttributeName } from '../db/schema.ts';
import { confirmedLevels } from './confirmed-levels.ts';
import { FederationError } from './errors.ts';
import { levelReaches } from './levels.ts';
import type { OidcClients } from './oidc/relying-party.ts';
import * as repo from './repository.ts';
import { BUNDID_ATTRIBUTES } from './saml/attributes.ts';
import {
  authnRequest,
  SamlResponseError,
  type ServiceProvider,
  validateResponse,
} from './saml/service-provider.ts';
import { subjectKey } from './subject-key.ts';

const STATE_TTL_MS = 15 * 60_000;
const PENDING_TTL_MS = 15 * 60_000;

export type IdentityDeps = {
  db: Kysely<DB>;
  verbund: () => Promise<{ id: string; name: string }>;
  accounts: FederatedAccounts;
  sp: ServiceProvider;
  /** The Verbund key under which subjects are hashed (ADR 0032). */
  subjectSecret: string;
  oidc?: OidcClients;
  now?: () => Date;
};

export type ProviderSummary = {
  slug: string;
  type: 'saml' | 'oidc';
  displayName: string;
  levels: TrustLevel[];
};

/** Where the browser goes next: a form that posts to the IdP, or a redirect. */
export type Departure =
  | { kind: 'post'; action: string; fields: Record<string, string> }
  | { kind: 'redirect'; url: string };

export type Arrival =
  | { kind: 'signed_in'; token: string; expiresAt: Date; returnTo: string; level: TrustLevel }
  /** Unknown subject: the citizen chooses a new account or linking (token: pending link). */
  | { kind: 'choose'; token: string; email: string | undefined };

export type Identity = ReturnType<typeof createIdentity>;

export function createIdentity(deps: IdentityDeps) {
  const { db, accounts } = deps;
  const now = deps.now ?? (() => new Date());

  async function providers(): Promise<ProviderSummary[]> {
    const verbund = await deps.verbund();
    const rows = await withIdentityBroker(db, (trx) => repo.listProviders(trx, verbund.id));
    return rows.map((r) => ({
      slug: r.slug,
      type: r.type,
      displayName: r.display_name,
      levels: r.levels,
    }));
  }

  /** The best level any provider of the Verbund can deliver, and which one delivers it. */
  async function providerFor(level: TrustLevel): Promise<ProviderSummary | undefined> {
    return (await providers()).find((p) => p.levels.some((l) => levelReaches(l, level)));
  }

  /**
   * Starts a sign-in at provider `slug` asking for at least `level`. `sessionHash` is the
   * session being stepped up (it ends once the new one starts).
   */
  async function begin(input: {
    slug: string;
    level: TrustLevel;
    returnTo: string;
    sessionHash: string | undefined;
  }): Promise<Departure> {
    const verbund = await deps.verbund();
    const at = now();
    const relay = newToken();
    return withIdentityBroker(db, async (trx) => {
      const provider = await repo.findProvider(trx, verbund.id, input.slug);
      if (provider === undefined) throw new FederationError('unknown_provider', input.slug);
      if (!provider.levels.some((l) => levelReaches(l, input.level)))
        throw new FederationError('level_too_low', input.slug);
      const base = {
        stateHash: relay.hash,
        verbundId: verbund.id,
        providerId: provider.id,
        requestedLevel: input.level,
        returnTo: input.returnTo,
        sessionHash: input.sessionHash ?? null,
        expiresAt: new Date(at.getTime() + STATE_TTL_MS),
      };
      if (provider.type === 'saml') {
        if (provider.sso_url === null) throw new FederationError('unknown_provider', input.slug);
        const { requestId, samlRequest } = await authnRequest(
          { ...deps.sp, organizationName: verbund.name },
          {
            issuer: provider.issuer,
            ssoUrl: provider.sso_url,
            signingCerts: provider.signing_certs,
          },
          input.level,
          relay.token,
        );
        await repo.insertLoginState(trx, { ...base, requestId, codeVerifier: null });
        return {
          kind: 'post',
          action: provider.sso_url,
          fields: { SAMLRequest: samlRequest, RelayState: relay.token },
        };
      }
      if (deps.oidc === undefined) throw new FederationError('unknown_provider', input.slug);
      const start = await deps.oidc.authorizationUrl(provider, input.level, relay.token);
      await repo.insertLoginState(trx, {
        ...base,
        requestId: start.nonce,
        codeVerifier: start.codeVerifier,
      });
      return { kind: 'redirect', url: start.url };
    });
  }

  /** The POST of a SAML IdP to our assertion consumer. */
  async function completeSaml(input: { samlResponse: string; relayState: string }) {
    const at = now();
    const verbund = await deps.verbund();
    const { state, provider } = await takeState(input.relayState, at);
    if (provider.type !== 'saml' || provider.sso_url === null)
      throw new FederationError('provider_mismatch', provider.slug);
    let signIn: Awaited<ReturnType<typeof validateResponse>>;
    try {
      signIn = await validateResponse(
        deps.sp,
        { issuer: provider.issuer, ssoUrl: provider.sso_url, signingCerts: provider.signing_certs },
        input.samlResponse,
        state.request_id,
        state.requested_level,
      );
    } catch (error) {
      if (error instanceof SamlResponseError)
        throw new FederationError(error.reason, provider.slug);
      throw error;
    }
    const fresh = await withIdentityBroker(db, (trx) =>
      repo.rememberAssertion(trx, provider.id, signIn.assertionId, signIn.validUntil),
    );
    if (!fresh) throw new FederationError('replay', provider.slug);
    const map =
      Object.keys(provider.attribute_map).length > 0 ? provider.attribute_map : BUNDID_ATTRIBUTES;
    const attributes = mapAttributes(signIn.attributes, map);
    return arrive(
      verbund.id,
      provider,
      state,
      signIn.subject,
      signIn.level,
      attributes,
      confirmedLevels(attributes, map, signIn.level, signIn.attributeLevels),
      at,
      signIn.session,
    );
  }

  /** The redirect of an OIDC provider back to us with code and state. */
  async function completeOidc(input: { query: string; state: string }) {
    const at = now();
    const verbund = await deps.verbund();
    const { state, provider } = await takeState(input.state, at);
    if (provider.type !== 'oidc' || deps.oidc === undefined)
      throw new FederationError('provider_mismatch', provider.slug);
    const result = await deps.oidc.callback(provider, input.query, {
      state: input.state,
      nonce: state.request_id,
      codeVerifier: state.code_verifier ?? '',
      required: state.requested_level,
    });
    const attributes = mapAttributes(result.claims, provider.attribute_map);
    return arrive(
      verbund.id,
      provider,
      state,
      result.subject,
      result.level,
      attributes,
      confirmedLevels(attributes, provider.attribute_map, result.level),
      at,
    );
  }

  async function takeState(token: string, at: Date) {
    // A RelayState / state not made by us has no row; a used or expired one is consumed.
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) throw new FederationError('unknown_state');
    return withIdentityBroker(db, async (trx) => {
      const state = await repo.consumeLoginState(trx, hashToken(token), at);
      if (state === undefined) throw new FederationError('unknown_state');
      const provider = await repo.findProviderById(trx, state.provider_id);
      if (provider === undefined) throw new FederationError('unknown_provider');
      return { state, provider };
    });
  }

  async function arrive(
    verbundId: string,
    provider: repo.ProviderRow,
    state: { requested_level: TrustLevel; return_to: string; session_hash: string | null },
    subject: string,
    level: TrustLevel,
    attributes: Partial<Record<VerifiedAttributeName, string>>,
    confirmed: ConfirmedLevels,
    at: Date,
    /** SAML: NameID and SessionIndex, for single logout. */
    saml?: repo.SamlSession,
  ): Promise<Arrival> {
    if (subject === '') throw new FederationError('attribute_missing', provider.slug);
    const key = subjectKey(deps.subjectSecret, provider.slug, subject);
    const link = await withIdentityBroker(db, async (trx) => {
      const found = await repo.findLink(trx, key);
      if (found !== undefined) {
        await repo.touchLink(trx, key, at);
        await refreshVerified(
          trx,
          found.account_id,
          verbundId,
          provider.id,
          attributes,
          confirmed,
          at,
        );
      }
      return found;
    });
    if (link !== undefined) {
      const session = await accounts.startSession({
        verbundId,
        accountId: link.account_id,
        level,
        replaces: state.session_hash ?? undefined,
      });
      await rememberProvider(session.token, verbundId, provider.id, saml);
      return { kind: 'signed_in', ...session, returnTo: state.return_to, level };
    }
    const pending = newToken();
    await withIdentityBroker(db, (trx) =>
      repo.insertPendingLink(trx, {
        tokenHash: pending.hash,
        verbundId,
        providerId: provider.id,
        subjectKey: key,
        trustLevel: level,
        attributes,
        confirmed,
        returnTo: state.return_to,
        expiresAt: new Date(at.getTime() + PENDING_TTL_MS),
        saml,
      }),
    );
    return { kind: 'choose', token: pending.token, email: attributes.email };
  }

  async function refreshVerified(
    trx: Kysely<DB>,
    accountId: string,
    verbundId: string,
    providerId: string,
    attributes: Partial<Record<VerifiedAttributeName, string>>,
    confirmed: ConfirmedLevels,
    at: Date,
  ) {
    // Only what came at substantial or high counts as verified (issue 13, item 4); a sign-in
    // that confirmed nothing leaves what an earlier one confirmed.
    if (Object.keys(confirmed).length === 0) return;
    await repo.replaceVerifiedAttributes(trx, {
      accountId,
      verbundId,
      providerId,
      attributes,
      confirmed,
      at,
    });
  }

  /** Which provider a new session came from: "Abmelden" ends it there too (logout.ts). */
  async function rememberProvider(
    sessionToken: string,
    verbundId: string,
    providerId: string,
    saml?: repo.SamlSession,
  ) {
    await withIdentityBroker(db, (trx) =>
      repo.insertIdentitySession(trx, {
        sessionHash: hashToken(sessionToken),
        verbundId,
        providerId,
        saml,
      }),
    );
  }

  async function pending(token: string) {
    if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
    return withIdentityBroker(db, (trx) => repo.findPendingLink(trx, hashToken(token), now()));
  }

  /** Resolves a pending link once: a new account or a link to `accountId`, then a session. */
  async function settle(
    token: string,
    accountFor: (
      p: NonNullable<Awaited<ReturnType<typeof pending>>>,
    ) => Promise<string | undefined>,
    replaces: string | undefined,
  ): Promise<Arrival | { kind: 'email_taken' }> {
    const at = now();
    const row = await pending(token);
    if (row === undefined) throw new FederationError('pending_expired');
    const accountId = await accountFor(row);
    if (accountId === undefined) return { kind: 'email_taken' };
    const settled = await withIdentityBroker(db, async (trx) => {
      if (!(await repo.deletePendingLink(trx, row.token_hash))) return false;
      await repo.insertLink(trx, {
        subjectKey: row.subject_key,
        verbundId: row.verbund_id,
        providerId: row.provider_id,
        accountId,
        at,
      });
      await refreshVerified(
        trx,
        accountId,
        row.verbund_id,
        row.provider_id,
        row.attributes,
        row.confirmed_levels,
        at,
      );
      return true;
    });
    if (!settled) throw new FederationError('pending_expired');
    const session = await accounts.startSession({
      verbundId: row.verbund_id,
      accountId,
      level: row.trust_level,
      replaces,
    });
    await rememberProvider(
      session.token,
      row.verbund_id,
      row.provider_id,
      row.saml_name_id === null
        ? undefined
        : {
            nameId: row.saml_name_id,
            nameIdFormat: row.saml_name_id_format,
            sessionIndex: row.saml_session_index,
          },
    );
    return { kind: 'signed_in', ...session, returnTo: row.return_to, level: row.trust_level };
  }

  /** "Neues Bürgerkonto anlegen" after a first federated sign-in. */
  function createAccount(token: string, language: 'de' | 'en', replaces: string | undefined) {
    return settle(
      token,
      async (row) => {
        const email = row.attributes.email;
        if (email === undefined || email === '') return undefined;
        return accounts.createAccount(row.verbund_id, email, language);
      },
      replaces,
    );
  }

  /** "Mit vorhandenem Konto verknüpfen": the citizen has just proved it by signing in. */
  function linkAccount(token: string, session: { accountId: string; hash: string }) {
    return settle(token, async () => session.accountId, session.hash);
  }

  /** What providers verified about an account: the profile shows these as verified. */
  async function verifiedAttributes(accountId: string) {
    return withIdentityBroker(db, (trx) => repo.listVerifiedAttributes(trx, accountId));
  }

  async function providerById(id: string) {
    const row = await withIdentityBroker(db, (trx) => repo.findProviderById(trx, id));
    return row === undefined ? undefined : { slug: row.slug, displayName: row.display_name };
  }

  return {
    providers,
    providerById,
    providerFor,
    begin,
    completeSaml,
    completeOidc,
    pending,
    createAccount,
    linkAccount,
    verifiedAttributes,
  };
}

function mapAttributes(
  delivered: Record<string, unknown>,
  map: Readonly<Record<string, string>>,
): Partial<Record<VerifiedAttributeName, string>> {
  const out: Partial<Record<VerifiedAttributeName, string>> = {};
  for (const [source, target] of Object.entries(map)) {
    const value = delivered[source];
    if (typeof value === 'string' && value.trim() !== '' && value.length <= 300)
      out[target as VerifiedAttributeName] = value.trim();
  }
  return out;
}
