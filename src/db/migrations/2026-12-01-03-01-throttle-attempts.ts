import { type Kysely, sql } from 'kysely';

// Sign-in attempts are counted before the password is checked, in one upsert per attempt
// (src/accounts/throttle.ts). A blocked key is left as it is; `last_attempt` holds the random
// id of the attempt that last changed the row, so the upsert's `returning` tells each attempt
// whether it was the one counted: the decision is taken on the counted value, never on a
// value read before (issue 14, item 1: parallel tries overwrote each other's count).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table login_throttle add column last_attempt text`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table login_throttle drop column last_attempt`.execute(db);
}
