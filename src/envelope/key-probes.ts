// Start-up check of the Verbund keys (ADR 0012): every key id the database has seen must be
// configured with the same value, or the process refuses to start. A lost or mistyped key is
// noticed before the first citizen's application fails to open, never silently.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { createProbe, type Keyring, verifyProbes } from './envelope.ts';

/**
 * Throws KeyProbeError (with one problem per key) when a stored probe does not open with the
 * configured keys; stores probes for configured keys that have none yet. Several processes
 * may start at once: a probe written meanwhile by another one is left as it is.
 */
export async function ensureKeyProbes(db: Kysely<DB>, keyring: Keyring): Promise<string[]> {
  const stored = await db.selectFrom('encryption_key_probe').select(['key_id', 'probe']).execute();
  const missing = verifyProbes(
    keyring,
    stored.map((row) => ({ kekId: row.key_id, probe: Buffer.from(row.probe) })),
  );
  for (const kekId of missing) {
    const { probe } = createProbe(keyring, kekId);
    await db
      .insertInto('encryption_key_probe')
      .values({ key_id: kekId, probe })
      .onConflict((oc) => oc.column('key_id').doNothing())
      .execute();
  }
  // A probe another process wrote meanwhile must open too.
  if (missing.length > 0) {
    const again = await db.selectFrom('encryption_key_probe').select(['key_id', 'probe']).execute();
    verifyProbes(
      keyring,
      again.map((row) => ({ kekId: row.key_id, probe: Buffer.from(row.probe) })),
    );
  }
  return missing;
}
