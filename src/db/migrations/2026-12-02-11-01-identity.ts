import { type Kysely, sql } from 'kysely';

// Federated sign-in (issue 13): the identity providers the Verbund is connected to (BundID over
// SAML 2.0, OIDC accounts), the links from a provider's stable subject to a Bürgerkonto, the
// sign-ins in flight, the assertion ids already used, the sign-ins waiting for the citizen to
// choose between a new account and linking an existing one, and the attributes a provider
// delivered at a trust level.
//
// The subject (bPK2, `sub`) is never stored: only its HMAC under a Verbund key (ADR 0032).
// Every table is under forced row-level security. The web role reaches them only as the
// identity broker (`app.identity` = 'broker', withIdentityBroker in src/db/rls.ts); provider
// configuration is written by the operator's command line, which runs as the owner.
const BROKER = sql.raw(`current_setting('app.identity', true) = 'broker'`);
const LEVEL = sql.raw(`'basic', 'low', 'substantial', 'high'`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table identity_provider (
      id uuid primary key default gen_random_uuid(),
      verbund_id uuid not null references verbund (id),
      slug text not null check (slug ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
      type text not null check (type in ('saml', 'oidc')),
      display_name text not null check (length(display_name) between 1 and 100),
      -- SAML: the IdP's entity id; OIDC: the issuer URL.
      issuer text not null check (length(issuer) between 1 and 500),
      -- SAML: the single sign-on URL (HTTP-POST); OIDC: unused (discovery).
      sso_url text check (length(sso_url) <= 500),
      -- SAML: the IdP's signing certificates (PEM); two during a rollover.
      signing_certs text[] not null default '{}' check (cardinality(signing_certs) <= 2),
      metadata_xml text check (length(metadata_xml) <= 200000),
      -- OIDC: client id; the secret is named by an environment variable, never stored.
      client_id text check (length(client_id) <= 200),
      client_secret_env text check (client_secret_env ~ '^[A-Z][A-Z0-9_]{0,63}$'),
      -- Attribute name (OID or claim) → profile field.
      attribute_map jsonb not null default '{}',
      -- Levels it can deliver, and (OIDC) acr value → level.
      levels text[] not null check (levels <@ array[${LEVEL}] and cardinality(levels) > 0),
      acr_map jsonb not null default '{}',
      created_at timestamptz not null default now(),
      unique (verbund_id, slug)
    )`.execute(db);

  await sql`
    create table identity_link (
      -- HMAC-SHA256 of provider slug and subject under the Verbund's subject key, base64url.
      subject_key text primary key check (subject_key ~ '^[A-Za-z0-9_-]{43}$'),
      verbund_id uuid not null references verbund (id),
      provider_id uuid not null references identity_provider (id) on delete cascade,
      account_id uuid not null references account (id) on delete cascade,
      created_at timestamptz not null default now(),
      last_sign_in_at timestamptz not null
    )`.execute(db);
  await sql`create index identity_link_account on identity_link (account_id)`.execute(db);

  await sql`
    create table identity_login_state (
      -- Hash of the RelayState / state the browser carries; the value itself is never stored.
      state_hash text primary key check (state_hash ~ '^[A-Za-z0-9_-]{43}$'),
      verbund_id uuid not null references verbund (id),
      provider_id uuid not null references identity_provider (id) on delete cascade,
      -- SAML: the AuthnRequest ID; OIDC: the nonce.
      request_id text not null check (length(request_id) between 1 and 200),
      code_verifier text check (length(code_verifier) <= 200),
      requested_level text not null check (requested_level in (${LEVEL})),
      return_to text not null check (length(return_to) <= 512),
      -- The session being stepped up, if any (hash of its id).
      session_hash text check (length(session_hash) <= 64),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    )`.execute(db);

  await sql`
    create table identity_assertion_seen (
      provider_id uuid not null references identity_provider (id) on delete cascade,
      assertion_id text not null check (length(assertion_id) between 1 and 200),
      expires_at timestamptz not null,
      primary key (provider_id, assertion_id)
    )`.execute(db);

  await sql`
    create table identity_pending_link (
      token_hash text primary key check (token_hash ~ '^[A-Za-z0-9_-]{43}$'),
      verbund_id uuid not null references verbund (id),
      provider_id uuid not null references identity_provider (id) on delete cascade,
      subject_key text not null check (subject_key ~ '^[A-Za-z0-9_-]{43}$'),
      trust_level text not null check (trust_level in (${LEVEL})),
      -- The delivered attributes until the citizen chooses; gone after 15 minutes.
      attributes jsonb not null,
      return_to text not null check (length(return_to) <= 512),
      expires_at timestamptz not null
    )`.execute(db);

  await sql`
    create table identity_verified_attribute (
      account_id uuid not null references account (id) on delete cascade,
      verbund_id uuid not null references verbund (id),
      name text not null check (name in ('given_name', 'family_name', 'birth_date', 'street', 'postcode', 'city', 'email')),
      value text not null check (length(value) <= 300),
      trust_level text not null check (trust_level in ('substantial', 'high')),
      provider_id uuid not null references identity_provider (id) on delete cascade,
      verified_at timestamptz not null,
      primary key (account_id, name)
    )`.execute(db);

  for (const table of [
    'identity_provider',
    'identity_link',
    'identity_login_state',
    'identity_assertion_seen',
    'identity_pending_link',
    'identity_verified_attribute',
  ]) {
    const t = sql.table(table);
    await sql`alter table ${t} enable row level security`.execute(db);
    await sql`alter table ${t} force row level security`.execute(db);
    await sql`grant select, insert, update, delete on ${t} to app_worker`.execute(db);
    await sql`create policy ${sql.id(`${table}_worker`)} on ${t} to app_worker using (true) with check (true)`.execute(
      db,
    );
    await sql`create policy ${sql.id(`${table}_broker`)} on ${t} to app_user using (${BROKER}) with check (${BROKER})`.execute(
      db,
    );
  }
  await sql`grant select on identity_provider to app_user`.execute(db);
  await sql`grant select, insert, update on identity_link to app_user`.execute(db);
  await sql`grant select, insert, update, delete on identity_login_state, identity_assertion_seen, identity_pending_link, identity_verified_attribute to app_user`.execute(
    db,
  );
  // A citizen's own verified attributes, for the profile page and form prefill.
  await sql`create policy identity_verified_attribute_owner on identity_verified_attribute for select to app_user
    using (account_id = nullif(current_setting('app.account_id', true), '')::uuid)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'identity_verified_attribute',
    'identity_pending_link',
    'identity_assertion_seen',
    'identity_login_state',
    'identity_link',
    'identity_provider',
  ]) {
    await sql`drop table if exists ${sql.table(table)}`.execute(db);
  }
}
