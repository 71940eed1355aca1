// Queries on the identity tables (migration 2026-12-02-11-01). Callers run them as the
// identity broker (withIdentityBroker) or, for the command line, as the owner.
import type { Kysely, Selectable } from 'kysely';
import type {
  ConfirmedLevels,
  DB,
  IdentityProviderTable,
  SloBinding,
  TrustLevel,
  VerifiedAttributeName,
} from '../db/schema.ts';

export type ProviderRow = Selectable<IdentityProviderTable>;

export function findProvider(db: Kysely<DB>, verbundId: string, slug: string) {
  return db
    .selectFrom('identity_provider')
    .selectAll()
    .where('verbund_id', '=', verbundId)
    .where('slug', '=', slug)
    .executeTakeFirst();
}

export function findProviderById(db: Kysely<DB>, id: string) {
  return db.selectFrom('identity_provider').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listProviders(db: Kysely<DB>, verbundId: string) {
  return db
    .selectFrom('identity_provider')
    .selectAll()
    .where('verbund_id', '=', verbundId)
    .orderBy('display_name')
    .execute();
}

export type NewProvider = {
  verbundId: string;
  slug: string;
  type: 'saml' | 'oidc';
  displayName: string;
  issuer: string;
  ssoUrl: string | null;
  sloUrl?: string | null;
  /** The binding of sloUrl (ADR 0047); HTTP-Redirect when not given. */
  sloBinding?: SloBinding;
  signingCerts: string[];
  metadataXml: string | null;
  clientId: string | null;
  clientSecretEnv: string | null;
  attributeMap: Record<string, string>;
  levels: TrustLevel[];
  acrMap: Record<string, TrustLevel>;
};

export async function insertProvider(db: Kysely<DB>, p: NewProvider) {
  return db
    .insertInto('identity_provider')
    .values({
      verbund_id: p.verbundId,
      slug: p.slug,
      type: p.type,
      display_name: p.displayName,
      issuer: p.issuer,
      sso_url: p.ssoUrl,
      slo_url: p.sloUrl ?? null,
      slo_binding: p.sloBinding ?? 'HTTP-Redirect',
      signing_certs: p.signingCerts,
      metadata_xml: p.metadataXml,
      client_id: p.clientId,
      client_secret_env: p.clientSecretEnv,
      attribute_map: JSON.stringify(p.attributeMap),
      levels: p.levels,
      acr_map: JSON.stringify(p.acrMap),
    })
    .onConflict((oc) => oc.columns(['verbund_id', 'slug']).doNothing())
    .returning('id')
    .executeTakeFirst();
}

/** The provider's row, locked until the transaction ends (two admins changing certificates). */
export function lockProvider(db: Kysely<DB>, verbundId: string, slug: string) {
  return db
    .selectFrom('identity_provider')
    .selectAll()
    .where('verbund_id', '=', verbundId)
    .where('slug', '=', slug)
    .forUpdate()
    .executeTakeFirst();
}

/** Everything but the slug, the type and the secret's name, which no change touches. */
export async function updateProvider(
  db: Kysely<DB>,
  id: string,
  p: Omit<NewProvider, 'verbundId' | 'slug' | 'type' | 'clientSecretEnv' | 'metadataXml'>,
) {
  await db
    .updateTable('identity_provider')
    .set({
      display_name: p.displayName,
      levels: p.levels,
      signing_certs: p.signingCerts,
      issuer: p.issuer,
      sso_url: p.ssoUrl,
      slo_url: p.sloUrl ?? null,
      slo_binding: p.sloBinding ?? 'HTTP-Redirect',
      client_id: p.clientId,
      acr_map: JSON.stringify(p.acrMap),
      attribute_map: JSON.stringify(p.attributeMap),
    })
    .where('id', '=', id)
    .execute();
}

/** The removed provider's id; undefined when the Verbund has none by that slug. */
export async function deleteProvider(db: Kysely<DB>, verbundId: string, slug: string) {
  const row = await db
    .deleteFrom('identity_provider')
    .where('verbund_id', '=', verbundId)
    .where('slug', '=', slug)
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

export async function insertLoginState(
  db: Kysely<DB>,
  row: {
    stateHash: string;
    verbundId: string;
    providerId: string;
    requestId: string;
    codeVerifier: string | null;
    requestedLevel: TrustLevel;
    returnTo: string;
    sessionHash: string | null;
    expiresAt: Date;
  },
) {
  await db
    .insertInto('identity_login_state')
    .values({
      state_hash: row.stateHash,
      verbund_id: row.verbundId,
      provider_id: row.providerId,
      request_id: row.requestId,
      code_verifier: row.codeVerifier,
      requested_level: row.requestedLevel,
      return_to: row.returnTo,
      session_hash: row.sessionHash,
      expires_at: row.expiresAt,
    })
    .execute();
}

/** Marks a sign-in in flight used and returns it; a second answer to the same state finds none. */
export function consumeLoginState(db: Kysely<DB>, stateHash: string, at: Date) {
  return db
    .updateTable('identity_login_state')
    .set({ used_at: at })
    .where('state_hash', '=', stateHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .returningAll()
    .executeTakeFirst();
}

/** Records an assertion id; false when it was seen before (a replay). */
export async function rememberAssertion(
  db: Kysely<DB>,
  providerId: string,
  assertionId: string,
  expiresAt: Date,
): Promise<boolean> {
  const inserted = await db
    .insertInto('identity_assertion_seen')
    .values({ provider_id: providerId, assertion_id: assertionId, expires_at: expiresAt })
    .onConflict((oc) => oc.columns(['provider_id', 'assertion_id']).doNothing())
    .returning('assertion_id')
    .executeTakeFirst();
  return inserted !== undefined;
}

export function findLink(db: Kysely<DB>, subjectKey: string) {
  return db
    .selectFrom('identity_link')
    .select(['account_id', 'provider_id'])
    .where('subject_key', '=', subjectKey)
    .executeTakeFirst();
}

export async function insertLink(
  db: Kysely<DB>,
  row: { subjectKey: string; verbundId: string; providerId: string; accountId: string; at: Date },
) {
  await db
    .insertInto('identity_link')
    .values({
      subject_key: row.subjectKey,
      verbund_id: row.verbundId,
      provider_id: row.providerId,
      account_id: row.accountId,
      last_sign_in_at: row.at,
    })
    .execute();
}

export async function touchLink(db: Kysely<DB>, subjectKey: string, at: Date) {
  await db
    .updateTable('identity_link')
    .set({ last_sign_in_at: at })
    .where('subject_key', '=', subjectKey)
    .execute();
}

export async function insertPendingLink(
  db: Kysely<DB>,
  row: {
    tokenHash: string;
    verbundId: string;
    providerId: string;
    subjectKey: string;
    trustLevel: TrustLevel;
    attributes: Partial<Record<VerifiedAttributeName, string>>;
    confirmed: ConfirmedLevels;
    returnTo: string;
    expiresAt: Date;
    saml?: SamlSession | undefined;
  },
) {
  await db
    .insertInto('identity_pending_link')
    .values({
      token_hash: row.tokenHash,
      verbund_id: row.verbundId,
      provider_id: row.providerId,
      subject_key: row.subjectKey,
      trust_level: row.trustLevel,
      attributes: JSON.stringify(row.attributes),
      confirmed_levels: JSON.stringify(row.confirmed),
      return_to: row.returnTo,
      expires_at: row.expiresAt,
      ...samlColumns(row.saml),
    })
    .execute();
}

export function findPendingLink(db: Kysely<DB>, tokenHash: string, at: Date) {
  return db
    .selectFrom('identity_pending_link')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', at)
    .executeTakeFirst();
}

export async function deletePendingLink(db: Kysely<DB>, tokenHash: string) {
  const result = await db
    .deleteFrom('identity_pending_link')
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Replaces what a provider verified about an account with what it delivered this time. */
export async function replaceVerifiedAttributes(
  db: Kysely<DB>,
  row: {
    accountId: string;
    verbundId: string;
    providerId: string;
    attributes: Partial<Record<VerifiedAttributeName, string>>;
    /** Only these are stored, each at its own level. */
    confirmed: ConfirmedLevels;
    at: Date;
  },
) {
  await db
    .deleteFrom('identity_verified_attribute')
    .where('account_id', '=', row.accountId)
    .execute();
  const confirmed = Object.entries(row.confirmed) as [
    VerifiedAttributeName,
    'substantial' | 'high',
  ][];
  const values = confirmed.map(([name, level]) => ({
    account_id: row.accountId,
    verbund_id: row.verbundId,
    name,
    value: row.attributes[name] ?? '',
    trust_level: level,
    provider_id: row.providerId,
    verified_at: row.at,
  }));
  if (values.length > 0)
    await db.insertInto('identity_verified_attribute').values(values).execute();
}

export function listVerifiedAttributes(db: Kysely<DB>, accountId: string) {
  return db
    .selectFrom('identity_verified_attribute as v')
    .innerJoin('identity_provider as p', 'p.id', 'v.provider_id')
    .select(['v.name', 'v.value', 'v.trust_level', 'v.verified_at', 'p.display_name as provider'])
    .where('v.account_id', '=', accountId)
    .execute();
}

/** A SAML sign-in's NameID and SessionIndex: what a LogoutRequest must name. */
export type SamlSession = {
  nameId: string;
  nameIdFormat: string | null;
  sessionIndex: string | null;
};

const samlColumns = (saml: SamlSession | undefined) => ({
  saml_name_id: saml?.nameId ?? null,
  saml_name_id_format: saml?.nameIdFormat ?? null,
  saml_session_index: saml?.sessionIndex ?? null,
});

/** Remembers the provider behind a new session (dropped with the session, by cascade). */
export async function insertIdentitySession(
  db: Kysely<DB>,
  row: {
    sessionHash: string;
    verbundId: string;
    providerId: string;
    saml?: SamlSession | undefined;
  },
) {
  await db
    .insertInto('identity_session')
    .values({
      session_hash: row.sessionHash,
      verbund_id: row.verbundId,
      provider_id: row.providerId,
      ...samlColumns(row.saml),
    })
    .onConflict((oc) => oc.column('session_hash').doNothing())
    .execute();
}

/** The provider a session came from, if it came from one, and its SAML session. */
export async function findSessionProvider(db: Kysely<DB>, sessionHash: string) {
  const row = await db
    .selectFrom('identity_session')
    .select(['provider_id', 'saml_name_id', 'saml_name_id_format', 'saml_session_index'])
    .where('session_hash', '=', sessionHash)
    .executeTakeFirst();
  if (row === undefined) return undefined;
  const provider = await findProviderById(db, row.provider_id);
  if (provider === undefined) return undefined;
  const saml: SamlSession | undefined =
    row.saml_name_id === null
      ? undefined
      : {
          nameId: row.saml_name_id,
          nameIdFormat: row.saml_name_id_format,
          sessionIndex: row.saml_session_index,
        };
  return { provider, saml };
}

/**
 * The sessions an IdP's LogoutRequest names: its NameID and, when it gives them, one of its
 * SessionIndexes (none given: every session of that NameID).
 */
export async function findSamlSessions(
  db: Kysely<DB>,
  providerId: string,
  nameId: string,
  sessionIndexes: string[],
) {
  let query = db
    .selectFrom('identity_session')
    .select('session_hash')
    .where('provider_id', '=', providerId)
    .where('saml_name_id', '=', nameId);
  if (sessionIndexes.length > 0) query = query.where('saml_session_index', 'in', sessionIndexes);
  return (await query.execute()).map((r) => r.session_hash);
}

/** Our LogoutRequest in flight (ADR 0047); expired ones of the provider go on the way. */
export async function insertLogoutRequest(
  db: Kysely<DB>,
  row: {
    requestId: string;
    verbundId: string;
    providerId: string;
    stateHash: string;
    at: Date;
    expiresAt: Date;
  },
) {
  await db
    .deleteFrom('identity_logout_request')
    .where('provider_id', '=', row.providerId)
    .where('expires_at', '<=', row.at)
    .execute();
  await db
    .insertInto('identity_logout_request')
    .values({
      request_id: row.requestId,
      verbund_id: row.verbundId,
      provider_id: row.providerId,
      state_hash: row.stateHash,
      expires_at: row.expiresAt,
    })
    .execute();
}

/** The LogoutRequest `requestId` of the provider, unused and unexpired, if there is one. */
export function findLogoutRequest(db: Kysely<DB>, providerId: string, requestId: string) {
  return db
    .selectFrom('identity_logout_request')
    .select(['request_id', 'state_hash', 'expires_at', 'used_at'])
    .where('provider_id', '=', providerId)
    .where('request_id', '=', requestId)
    .executeTakeFirst();
}

/** Marks the LogoutRequest answered; false when it was answered before (a replay). */
export async function consumeLogoutRequest(db: Kysely<DB>, requestId: string, at: Date) {
  const row = await db
    .updateTable('identity_logout_request')
    .set({ used_at: at })
    .where('request_id', '=', requestId)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .returning('request_id')
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Deletes the short-lived rows that expired before `before`: sign-ins in flight, assertion
 * ids kept against replay, pending account links (which hold the delivered attributes) and
 * LogoutRequests of ours. Returns how many of each.
 */
export async function deleteExpired(db: Kysely<DB>, before: Date) {
  const gone = async (
    table:
      | 'identity_login_state'
      | 'identity_assertion_seen'
      | 'identity_pending_link'
      | 'identity_logout_request',
  ) =>
    Number(
      (await db.deleteFrom(table).where('expires_at', '<', before).executeTakeFirst())
        .numDeletedRows,
    );
  return {
    loginStates: await gone('identity_login_state'),
    assertions: await gone('identity_assertion_seen'),
    pendingLinks: await gone('identity_pending_link'),
    logoutRequests: await gone('identity_logout_request'),
  };
}
