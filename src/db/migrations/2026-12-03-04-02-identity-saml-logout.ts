import { type Kysely, sql } from 'kysely';

// SAML single logout (issue 13, item 6): the IdP's SingleLogoutService (HTTP-Redirect), and
// per federated session the NameID and SessionIndex its assertion named, which a
// LogoutRequest must repeat, and by which an IdP's own LogoutRequest finds the session. The
// pending first sign-in carries them until the citizen has chosen. The NameID is BundID's
// transient one (new at each sign-in), not the bPK2.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table identity_provider add column slo_url text check (length(slo_url) <= 500)`.execute(
    db,
  );
  for (const table of ['identity_session', 'identity_pending_link']) {
    await sql`alter table ${sql.table(table)} add column saml_name_id text check (length(saml_name_id) <= 500),
      add column saml_name_id_format text check (length(saml_name_id_format) <= 200),
      add column saml_session_index text check (length(saml_session_index) <= 200)`.execute(db);
  }
  await sql`create index identity_session_saml on identity_session (provider_id, saml_name_id)`.execute(
    db,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index if exists identity_session_saml`.execute(db);
  for (const table of ['identity_session', 'identity_pending_link']) {
    await sql`alter table ${sql.table(table)} drop column if exists saml_name_id,
      drop column if exists saml_name_id_format, drop column if exists saml_session_index`.execute(
      db,
    );
  }
  await sql`alter table identity_provider drop column if exists slo_url`.execute(db);
}
