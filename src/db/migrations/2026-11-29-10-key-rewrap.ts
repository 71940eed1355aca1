import { type Kysely, sql } from 'kysely';

// The worker re-wraps data keys after a key rotation (src/envelope/rewrap.ts, ADR 0012) and
// then deletes the probe of a Verbund key no application uses any more. It already may update
// application; here it gets the probe table, but only the id: it never needs the probe itself.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`grant select (key_id), delete on encryption_key_probe to app_worker`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`revoke select (key_id), delete on encryption_key_probe from app_worker`.execute(db);
}
