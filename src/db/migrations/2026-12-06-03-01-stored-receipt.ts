import { type Kysely, sql } from 'kysely';

// The receipt PDF stored with its application, sealed under the application's data key like
// the snapshot (purpose `receipt`, ADR 0048): whoever renders it first (a delivery or the
// Postfach copy) stores it, and every later delivery, retry, resend, download and Postfach
// copy, in any process, takes it from here instead of rendering it again. Null until then
// (and for applications sent before). The row's policies cover the column; a key re-wrap
// keeps it readable (only the data key's wrapping changes), retention deletes it with the row.
// The Postfach copy is posted as the authority (app_user), so that role may set it too, as
// it sets receipt_posted_at in the same statement.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table application add column receipt_sealed bytea`.execute(db);
  // Sealed bytes do not compress: stored out of line without PostgreSQL trying (pglz over
  // 65 KiB of ciphertext cost more CPU than the write itself). PGlite is PostgreSQL too.
  await sql`alter table application alter column receipt_sealed set storage external`.execute(db);
  await sql`grant update (receipt_sealed) on application to app_user`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`revoke update (receipt_sealed) on application from app_user`.execute(db);
  await sql`alter table application drop column receipt_sealed`.execute(db);
}
