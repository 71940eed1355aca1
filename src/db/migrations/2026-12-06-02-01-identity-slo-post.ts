import { type Kysely, sql } from 'kysely';

// SAML single logout over HTTP-POST (ADR 0047). The IdP's SingleLogoutService binding, and
// our LogoutRequests in flight: a LogoutResponse the IdP posts back arrives cross-site, without
// the SameSite=Lax cookie that binds the Redirect answer to the browser, so the request it
// answers is found here, by its id, once, until it expires. No personal data: the request id
// is random, the RelayState only as a hash; NameID and SessionIndex stay in identity_session.
const BROKER = `current_setting('app.identity', true) = 'broker'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table identity_provider add column slo_binding text not null default 'HTTP-Redirect'
    check (slo_binding in ('HTTP-Redirect', 'HTTP-POST'))`.execute(db);
  await sql`
    create table identity_logout_request (
      request_id text primary key check (request_id ~ '^_[0-9a-f]{40}$'),
      verbund_id uuid not null references verbund (id),
      provider_id uuid not null references identity_provider (id) on delete cascade,
      -- Hash of the RelayState sent along; the value itself is never stored.
      state_hash text not null check (state_hash ~ '^[A-Za-z0-9_-]{43}$'),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      used_at timestamptz
    )`.execute(db);
  await sql`create index identity_logout_request_expiry on identity_logout_request (expires_at)`.execute(
    db,
  );
  await sql`alter table identity_logout_request enable row level security`.execute(db);
  await sql`alter table identity_logout_request force row level security`.execute(db);
  await sql`grant select, insert, update, delete on identity_logout_request to app_worker, app_user`.execute(
    db,
  );
  await sql`create policy identity_logout_request_worker on identity_logout_request to app_worker
    using (true) with check (true)`.execute(db);
  await sql
    .raw(`create policy identity_logout_request_broker on identity_logout_request to app_user
      using (${BROKER}) with check (${BROKER})`)
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists identity_logout_request`.execute(db);
  await sql`alter table identity_provider drop column if exists slo_binding`.execute(db);
}
