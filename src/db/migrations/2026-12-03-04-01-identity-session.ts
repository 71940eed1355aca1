import { type Kysely, sql } from 'kysely';

// Single logout (issue 13, item 6): which provider a Bürgerkonto session came from, so that
// "Abmelden" can also end the citizen's session there. One row per federated session; it
// goes with the session (cascade), so a local sign-out, expiry or "überall abmelden" never
// leaves one behind. SAML single logout will need the NameID and SessionIndex here as well.
//
// No ID token is kept (see src/identity/logout.ts): client_id is enough for the provider to
// check our post-logout address, and an ID token would be one more copy of the subject.
const BROKER = sql.raw(`current_setting('app.identity', true) = 'broker'`);

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table identity_session (
      session_hash text primary key references account_session (id_hash) on delete cascade,
      verbund_id uuid not null references verbund (id),
      provider_id uuid not null references identity_provider (id) on delete cascade,
      created_at timestamptz not null default now()
    )`.execute(db);
  await sql`create index identity_session_provider on identity_session (provider_id)`.execute(db);
  await sql`alter table identity_session enable row level security`.execute(db);
  await sql`alter table identity_session force row level security`.execute(db);
  await sql`grant select, insert, update, delete on identity_session to app_worker`.execute(db);
  await sql`create policy identity_session_worker on identity_session to app_worker using (true) with check (true)`.execute(
    db,
  );
  await sql`grant select, insert, delete on identity_session to app_user`.execute(db);
  await sql`create policy identity_session_broker on identity_session to app_user using (${BROKER}) with check (${BROKER})`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists identity_session`.execute(db);
}
