import { type Kysely, sql } from 'kysely';

// The Verbund's identity providers are written by its admins' page and the command line in the
// Verbund office's context (withVerbundOffice, ADR 0041), no longer as the worker: app_user
// with `app.verbund_id` reads and changes the providers of that Verbund only, and appends
// their identity.provider_* entries to the Verbund's own chain. The identity broker (sign-in)
// keeps reading them, and may no longer change them: its policy becomes select-only.
const VERBUND = `nullif(current_setting('app.verbund_id', true), '')`;
const BROKER = `current_setting('app.identity', true) = 'broker'`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql.raw('grant insert, update, delete on identity_provider to app_user').execute(db);
  await sql.raw('drop policy identity_provider_broker on identity_provider').execute(db);
  await sql
    .raw(`create policy identity_provider_broker on identity_provider for select to app_user
      using (${BROKER})`)
    .execute(db);
  await sql
    .raw(`create policy identity_provider_verbund on identity_provider to app_user
      using (verbund_id = ${VERBUND}::uuid) with check (verbund_id = ${VERBUND}::uuid)`)
    .execute(db);
  await sql
    .raw(`create policy audit_entry_verbund_providers on audit_entry for insert to app_user
      with check (${VERBUND} is not null and action like 'identity.provider\\_%'
        and authority_id is null and chain_id = ${VERBUND}::uuid)`)
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql.raw('drop policy audit_entry_verbund_providers on audit_entry').execute(db);
  await sql.raw('drop policy identity_provider_verbund on identity_provider').execute(db);
  await sql.raw('drop policy identity_provider_broker on identity_provider').execute(db);
  await sql
    .raw(`create policy identity_provider_broker on identity_provider to app_user
      using (${BROKER}) with check (${BROKER})`)
    .execute(db);
  await sql.raw('revoke insert, update, delete on identity_provider from app_user').execute(db);
}
