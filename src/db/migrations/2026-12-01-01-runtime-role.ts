import { type Kysely, sql } from 'kysely';

// The role the web and worker processes run as (ADR 0015): it owns no table, is no superuser,
// and may switch to app_user and app_worker, which the act-as helpers in src/db/rls.ts do. On
// the tables under row-level security it has no privilege of its own, so a query that forgot
// its act-as helper is refused (permission denied) instead of seeing every authority's rows.
//
// It may read the public directory (Verbund, authorities, municipalities, the catalogue and
// who offers what) by itself: those hold no personal data and every page reads them. The
// account tables are still read and written by it directly (sign-in, sessions, throttle,
// two-factor, profile): their act-as contexts are the next step (see ADR 0015), and
// src/db/rls-coverage.test.ts lists them as such, so none can be forgotten.
const RUNTIME = 'rathausnetz_app';

const PUBLIC_DIRECTORY = [
  'verbund',
  'authority',
  'municipality',
  'catalog_subject',
  'catalog_situation',
  'catalog_ozg_service',
  'catalog_service',
  'online_service',
  'online_service_activation',
] as const;

const ACCOUNT_TABLES_WITHOUT_CONTEXT = [
  'account',
  'account_profile',
  'account_session',
  'account_token',
  'account_totp',
  'account_recovery_code',
  'account_pending_login',
  'login_throttle',
  'security_event',
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  // Cluster-wide and possibly created by the operator first (as the LOGIN role of production,
  // ADR 0015) or by a concurrent migration of another database.
  await sql
    .raw(`do $$ begin
      create role ${RUNTIME} nologin noinherit;
    exception when duplicate_object or unique_violation then null;
    end $$`)
    .execute(db);
  // NOINHERIT: app_user's and app_worker's privileges count only after the act-as helper's
  // SET LOCAL ROLE, never by membership alone. A role the operator created keeps working if
  // this cannot be changed (then the policies, with no setting, show it nothing).
  await sql
    .raw(`do $$ begin
      alter role ${RUNTIME} noinherit;
    exception when insufficient_privilege then null;
    end $$`)
    .execute(db);
  await sql.raw(`grant app_user, app_worker to ${RUNTIME}`).execute(db);
  // The migrating role must be able to act as it (tests and the demo connect as the owner).
  await sql
    .raw(`do $$ begin
      execute format('grant ${RUNTIME} to %I', current_user);
    exception when others then null;
    end $$`)
    .execute(db);
  await sql.raw(`grant usage on schema public to ${RUNTIME}`).execute(db);

  await sql.raw(`grant select on ${PUBLIC_DIRECTORY.join(', ')} to ${RUNTIME}`).execute(db);
  // Both tables are under RLS with policies for app_user and app_worker only; the directory
  // rows are public, so the runtime role reads them as app_user does.
  await sql
    .raw(
      `create policy authority_directory_runtime on authority for select to ${RUNTIME} using (true)`,
    )
    .execute(db);
  await sql
    .raw(`create policy online_service_activation_directory_runtime on online_service_activation
      for select to ${RUNTIME} using (true)`)
    .execute(db);

  await sql
    .raw(
      `grant select, insert, update, delete on ${ACCOUNT_TABLES_WITHOUT_CONTEXT.join(', ')} to ${RUNTIME}`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql
    .raw(
      `revoke all on ${[...PUBLIC_DIRECTORY, ...ACCOUNT_TABLES_WITHOUT_CONTEXT].join(', ')} from ${RUNTIME}`,
    )
    .execute(db);
  await sql
    .raw('drop policy online_service_activation_directory_runtime on online_service_activation')
    .execute(db);
  await sql.raw('drop policy authority_directory_runtime on authority').execute(db);
  await sql.raw(`revoke usage on schema public from ${RUNTIME}`).execute(db);
}
