// Demo staff for `npm start` in development: a clerk of Samtgemeinde Sögel and one of Lingen,
// Sögel's authority admin (Mitarbeitende, Textbausteine, Zustellung, Fristen) and an admin of
// the Verbund (Behörden, Leistungskatalog, Anmeldedienste), each with a password and a TOTP
// secret printed at start, so a newcomer can walk every role of the back office at once (an authenticator app, or `npx otpauth`-style tools, take the secret).
// The secrets are public by design: never seeded in production (config.seedDemoWhenEmpty).
import type { Kysely } from 'kysely';
import { hashPassword } from '../accounts/passwords.ts';
import { withStaffDirectory } from '../db/rls.ts';
import type { DB, StaffRole } from '../db/schema.ts';
import { type Keyring, newDataKey, seal } from '../envelope/envelope.ts';
import { sealedTotpId } from './staff.ts';
import * as repo from './staff-repository.ts';

type DemoStaff = {
  /** Null: the Verbund's admin, who works for no authority. */
  authority: string | null;
  role: StaffRole;
  email: string;
  displayName: string;
  password: string;
  totpSecret: string;
};

export const DEMO_STAFF: readonly DemoStaff[] = [
  {
    authority: 'samtgemeinde-soegel',
    role: 'clerk',
    email: 'sachbearbeitung@soegel.example',
    displayName: 'Gerda Kuhl',
    password: 'Hümmling Akten 2026',
    totpSecret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
  },
  {
    authority: 'lingen-ems',
    role: 'clerk',
    email: 'sachbearbeitung@lingen.example',
    displayName: 'Jan Brüning',
    password: 'Emsufer Akten 2026',
    totpSecret: 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U',
  },
  {
    authority: 'samtgemeinde-soegel',
    role: 'authority_admin',
    email: 'verwaltung@soegel.example',
    displayName: 'Heike Többen',
    password: 'Hümmling Verwaltung 2026',
    totpSecret: 'ORSXG5BAMRSW23ZAONSWG4TFOQQGM33S',
  },
  {
    authority: null,
    role: 'verbund_admin',
    email: 'verbund@emsland.example',
    displayName: 'Tobias Lüken',
    password: 'Emsland Verbund 2026',
    totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP',
  },
];

/** Seeds the demo staff with confirmed TOTP; does nothing for an address that exists. */
export async function seedDemoStaff(db: Kysely<DB>, keyring: Keyring, now: Date): Promise<void> {
  for (const clerk of DEMO_STAFF) {
    const passwordHash = await hashPassword(clerk.password);
    await withStaffDirectory(db, async (trx) => {
      if ((await repo.findStaffByEmail(trx, clerk.email)) !== undefined) return;
      const authority =
        clerk.authority === null
          ? undefined
          : await trx
              .selectFrom('authority')
              .select(['id', 'verbund_id'])
              .where('slug', '=', clerk.authority)
              .executeTakeFirstOrThrow();
      const verbund = await trx
        .selectFrom('verbund')
        .select('id')
        .orderBy('created_at')
        .executeTakeFirstOrThrow();
      const id = await repo.insertStaff(trx, {
        verbundId: authority?.verbund_id ?? verbund.id,
        email: clerk.email,
        displayName: clerk.displayName,
      });
      await repo.upsertMembership(trx, {
        staffId: id,
        authorityId: authority?.id ?? null,
        role: clerk.role,
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
