// Demo staff for `npm start` in development: a clerk of Samtgemeinde Sögel and one of Lingen,
// with a password and a TOTP secret printed at start, so a newcomer can sign in to the back
// office at once (an authenticator app, or `npx otpauth`-style tools, take the secret).
// The secrets are public by design: never seeded in production (config.seedDemoWhenEmpty).
import type { Kysely } from 'kysely';
import { hashPassword } from '../accounts/passwords.ts';
import { withStaffDirectory } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import { type Keyring, newDataKey, seal } from '../envelope/envelope.ts';
import { sealedTotpId } from './staff.ts';
import * as repo from './staff-repository.ts';

export const DEMO_STAFF = [
  {
    authority: 'samtgemeinde-soegel',
    email: 'sachbearbeitung@soegel.example',
    displayName: 'Gerda Kuhl',
    password: 'Hümmling Akten 2026',
    totpSecret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
  },
  {
    authority: 'lingen-ems',
    email: 'sachbearbeitung@lingen.example',
    displayName: 'Jan Brüning',
    password: 'Emsufer Akten 2026',
    totpSecret: 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U',
  },
] as const;

/** Seeds the demo clerks with confirmed TOTP; does nothing for an address that exists. */
export async function seedDemoStaff(db: Kysely<DB>, keyring: Keyring, now: Date): Promise<void> {
  for (const clerk of DEMO_STAFF) {
    const passwordHash = await hashPassword(clerk.password);
    await withStaffDirectory(db, async (trx) => {
      if ((await repo.findStaffByEmail(trx, clerk.email)) !== undefined) return;
      const authority = await trx
        .selectFrom('authority')
        .select(['id', 'verbund_id'])
        .where('slug', '=', clerk.authority)
        .executeTakeFirstOrThrow();
      const id = await repo.insertStaff(trx, {
        verbundId: authority.verbund_id,
        email: clerk.email,
        displayName: clerk.displayName,
      });
      await repo.upsertMembership(trx, {
        staffId: id,
        authorityId: authority.id,
        role: 'clerk',
        serviceIds: null,
      });
      await repo.setPassword(trx, id, passwordHash);
      const { dataKey, wrappedKey } = newDataKey(keyring, sealedTotpId(id));
      await repo.setPendingTotp(trx, id, {
        keyId: wrappedKey.kekId,
        wrappedKey: wrappedKey.wrapped,
        secret: seal(dataKey, 'totp', clerk.totpSecret),
      });
      await repo.confirmTotp(trx, id, 0, now);
    });
  }
}
