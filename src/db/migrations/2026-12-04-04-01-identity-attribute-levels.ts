import { type Kysely, sql } from 'kysely';

// BundID gives each attribute its own trust level (akdb:TrustLevel): a name read from the
// eID card is "substantiell", an e-mail address typed into the BundID account is not. Until
// the citizen chooses between a new account and linking, the pending link keeps which of the
// delivered attributes came confirmed and at which level (ADR 0040).
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table identity_pending_link
    add column confirmed_levels jsonb not null default '{}'::jsonb`.execute(db);
  // Links pending across the deploy keep what they were promised: every attribute at the
  // sign-in's level, as before.
  await sql`update identity_pending_link
    set confirmed_levels = coalesce(
      (select jsonb_object_agg(k, trust_level) from jsonb_object_keys(attributes) k), '{}'::jsonb)
    where trust_level in ('substantial', 'high')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter table identity_pending_link drop column confirmed_levels`.execute(db);
}
