// The Emsland demo that `npm start` shows on an empty development database: the directory
// with five authorities live, the online services of the catalogue activated in some of them,
// and one citizen with a profile and a Postfach message, so every
// page can be tried at once. Never run in production (config.seedDemoWhenEmpty is false there).
import type { Kysely } from 'kysely';
import { hashPassword } from '../accounts/passwords.ts';
import { seedDemoStaff } from '../backoffice/demo.ts';
import { seedCatalogDemo } from '../catalog/seed.ts';
import type { DB } from '../db/schema.ts';
import type { Keyring } from '../envelope/envelope.ts';
import { postFromAuthority } from '../mailbox/service.ts';
import { type SeedOutcome, seedDemo } from '../tenancy/seed.ts';

export const DEMO_CITIZEN = {
  email: 'erika.mustermann@example.org',
  password: 'Emsland Demo 2026',
};

/** `keyring` seals the demo clerks' TOTP secrets; without one (cli seed-demo) no clerks. */
export async function seedDemoData(
  db: Kysely<DB>,
  now = new Date(),
  keyring?: Keyring,
): Promise<SeedOutcome> {
  const outcome = await seedDemo(db, now);
  await seedCatalogDemo(db, outcome.verbundId, now);
  if (keyring !== undefined) await seedDemoStaff(db, keyring, now);
  const existing = await db
    .selectFrom('account')
    .select('id')
    .where('verbund_id', '=', outcome.verbundId)
    .where('email', '=', DEMO_CITIZEN.email)
    .executeTakeFirst();
  if (existing !== undefined) return outcome;

  const soegel = await db
    .selectFrom('municipality')
    .innerJoin('authority', 'authority.id', 'municipality.authority_id')
    .select(['municipality.id as municipalityId', 'authority.id as authorityId'])
    .where('municipality.verbund_id', '=', outcome.verbundId)
    .where('municipality.ags', '=', '03454047')
    .executeTakeFirstOrThrow();
  const account = await db
    .insertInto('account')
    .values({
      verbund_id: outcome.verbundId,
      email: DEMO_CITIZEN.email,
      password_hash: await hashPassword(DEMO_CITIZEN.password),
      email_verified_at: now,
      privacy_version: 'demo',
      privacy_accepted_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('account_profile')
    .values({
      verbund_id: outcome.verbundId,
      account_id: account.id,
      version: 1,
      given_name: 'Erika',
      family_name: 'Mustermann',
      birth_date: '1964-08-12',
      street: 'Clemens-August-Straße',
      house_number: '8',
      postcode: '49751',
      municipality_id: soegel.municipalityId,
      phone: '05952 0000',
    })
    .execute();
  // Sealed under the thread's key (ADR 0012): without the keys there is no Postfach message.
  if (keyring !== undefined) {
    await postFromAuthority(
      db,
      keyring,
      {
        authorityId: soegel.authorityId,
        accountId: account.id,
        subject: 'Willkommen im Postfach',
        body: 'Guten Tag Frau Mustermann,\n\nüber dieses Postfach erreichen Sie die Samtgemeinde Sögel und erhalten Nachrichten zu Ihren Anträgen.\n\nMit freundlichen Grüßen\nIhre Samtgemeinde Sögel',
      },
      // The demo needs no notice mail: the citizen is made up.
      { mailer: { send: async () => {} }, publicUrl: 'http://localhost' },
      now,
    );
  }
  return outcome;
}
