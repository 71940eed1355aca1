// Second factors set up before citizens' TOTP secrets were sealed (ADR 0022): a migration
// cannot see the Verbund keys, so the worker gives each such row its data key and seals the
// secret, in batches locked `for update skip locked`, as app_worker; several workers may run
// this together. A row that was sealed meanwhile is left alone (the update checks it).
import type { Kysely } from 'kysely';
import { withWorker } from '../../db/rls.ts';
import type { DB } from '../../db/schema.ts';
import type { Keyring } from '../../envelope/envelope.ts';
import { sealSecret } from './sealing.ts';

export async function sealPlainTotp(
  db: Kysely<DB>,
  keyring: Keyring,
  batch = 100,
): Promise<{ sealed: number }> {
  let sealed = 0;
  for (;;) {
    const seen = await withWorker(db, async (trx) => {
      const rows = await trx
        .selectFrom('account_totp')
        .select(['account_id', 'secret'])
        .where('secret', 'is not', null)
        .limit(batch)
        .forUpdate()
        .skipLocked()
        .execute();
      for (const row of rows) {
        if (row.secret === null) continue;
        await trx
          .updateTable('account_totp')
          .set({ secret: null, ...sealSecret(keyring, row.account_id, row.secret) })
          .where('account_id', '=', row.account_id)
          .where('secret', 'is not', null)
          .execute();
        sealed++;
      }
      return rows.length;
    });
    if (seen < batch) return { sealed };
  }
}
