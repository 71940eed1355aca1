import { type Kysely, sql } from 'kysely';

// Citizens' TOTP secrets sealed at rest, as staff's are (ADR 0022): a data key per account's
// second factor, wrapped by a Verbund key (ADR 0012), and the secret sealed with it. A
// migration cannot see the keys, so secrets stored before stay plain until the worker seals
// them (src/accounts/two-factor/seal-plain.ts); until then a row holds exactly one form.
const SEALED_MAX = 32 + 29; // base32 secret + format byte, 96-bit IV, 128-bit tag

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table account_totp
    add column key_id text check (length(key_id) between 1 and 40),
    add column wrapped_key bytea,
    add column secret_sealed bytea check (octet_length(secret_sealed) <= ${sql.lit(SEALED_MAX)}),
    alter column secret drop not null,
    add check ((key_id is null) = (wrapped_key is null)),
    add check ((secret is null) <> (secret_sealed is null)),
    add check (secret_sealed is null or key_id is not null)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  // Sealed secrets cannot be opened here: those second factors must be set up again.
  await sql`delete from account_totp where secret is null`.execute(db);
  await sql`alter table account_totp
    drop column secret_sealed, drop column wrapped_key, drop column key_id,
    alter column secret set not null`.execute(db);
}
