import { type Kysely, sql } from 'kysely';

// A change of an identity provider is audited with the names of the fields it changed (never
// their values, ADR 0043): which of issuer, SSO URL or mapping moved matters to whoever
// reviews the Verbund's chain. Null on every other entry, which keep their hashes (chain.ts).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table audit_entry add column fields text[]`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table audit_entry drop column fields`.execute(db);
}
