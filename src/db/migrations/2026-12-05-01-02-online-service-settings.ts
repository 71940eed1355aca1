import { type Kysely, sql } from 'kysely';

// The Verbund's admins edit an online service's settings (issue 11, "Leistungskatalog"):
// title, trust level, anonymous use, description, fees and retention, for every member at once.
// Only in the Verbund office's context (ADR 0041): a column grant to app_user, and row-level
// security so that the grant reaches only the services of the Verbund acted for. The rows stay
// public: everyone reads them as before. `version` is the optimistic lock of the edit page:
// a save names the version it was shown, so a second concurrent save changes nothing.
//
// Anonymous use only at the lowest level: without an account nobody reaches a higher one.
// NOT VALID: a row that breaks this already must be corrected, but does not stop the migration.
const VERBUND = `nullif(current_setting('app.verbund_id', true), '')::uuid`;
const COLUMNS =
  'title, trust_level, allows_anonymous, description, fees, retention_months, version';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      'alter table online_service add column version integer not null default 1 check (version >= 1)',
    )
    .execute(db);
  await sql
    .raw(`alter table online_service add constraint online_service_anonymous_basic
      check (not allows_anonymous or trust_level = 'basic') not valid`)
    .execute(db);
  await sql.raw(`grant update (${COLUMNS}) on online_service to app_user`).execute(db);
  await sql.raw('alter table online_service enable row level security').execute(db);
  await sql.raw('alter table online_service force row level security').execute(db);
  // Every role reads the public directory as before (the runtime role, app_user, app_worker).
  await sql
    .raw('create policy online_service_directory on online_service for select using (true)')
    .execute(db);
  await sql
    .raw(`create policy online_service_verbund_update on online_service for update to app_user
      using (verbund_id = ${VERBUND}) with check (verbund_id = ${VERBUND})`)
    .execute(db);
  // The owner seeds and imports the Verbund's services (FORCE would otherwise refuse it).
  await sql
    .raw(
      'create policy online_service_owner on online_service to current_user using (true) with check (true)',
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('drop policy online_service_owner on online_service').execute(db);
  await sql.raw('drop policy online_service_verbund_update on online_service').execute(db);
  await sql.raw('drop policy online_service_directory on online_service').execute(db);
  await sql.raw('alter table online_service no force row level security').execute(db);
  await sql.raw('alter table online_service disable row level security').execute(db);
  await sql.raw(`revoke update (${COLUMNS}) on online_service from app_user`).execute(db);
  await sql
    .raw('alter table online_service drop constraint online_service_anonymous_basic')
    .execute(db);
  await sql.raw('alter table online_service drop column version').execute(db);
}
