import { type Kysely, sql } from 'kysely';

// The Verbund's admins set up an online service for a catalogue entry ("Online-Dienst
// einrichten", ADR 0050): until now only the owner created them (seed, import). Only in the
// Verbund office's context (ADR 0041): an insert grant on the columns the page sets (id,
// created_at and version keep their defaults) and a policy that lets the context insert
// services of the Verbund acted for and no other's. Reading stays public as before.
//
// One form per online service of a Verbund: two services on one form would share its drafts'
// address and its applications' shape. The page offers only unused forms; this index keeps two
// set-ups at the same moment from both taking one.
const VERBUND = `nullif(current_setting('app.verbund_id', true), '')::uuid`;
const COLUMNS =
  'verbund_id, key, leika_key, title, level, trust_level, allows_anonymous, form_id, description, fees, retention_months';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw(`grant insert (${COLUMNS}) on online_service to app_user`).execute(db);
  await sql
    .raw(`create policy online_service_verbund_insert on online_service for insert to app_user
      with check (verbund_id = ${VERBUND})`)
    .execute(db);
  await sql
    .raw(`create unique index online_service_form on online_service (verbund_id, form_id)
      where form_id is not null`)
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('drop index online_service_form').execute(db);
  await sql.raw('drop policy online_service_verbund_insert on online_service').execute(db);
  await sql.raw(`revoke insert (${COLUMNS}) on online_service from app_user`).execute(db);
}
