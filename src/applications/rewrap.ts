// Finishing a rotation of the Verbund key (ADR 0012): every data key still wrapped by an older
// key is wrapped again by the active one, and a key that no application needs any more loses its
// probe, so it may leave APPLICATION_KEYS without the start-up check refusing the configuration.
// Answers and files stay as they are: they are sealed with the data key, which does not change.
import { type Kysely, sql } from 'kysely';
import { withWorker } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import { EnvelopeError, type Keyring, rewrap } from './envelope.ts';

export type RewrapOutcome = {
  /** Data keys wrapped again under the active key in this run. */
  rewrapped: number;
  /** Key ids whose probe was deleted: they may now be removed from APPLICATION_KEYS. */
  keysRetired: string[];
  /** Applications still under another key: rows another transaction held, to take next run. */
  remaining: number;
};

/**
 * Runs in batches until no application under another key is left that it may lock. Several
 * workers may run it together: `skip locked` hands each row to one of them, and rows being
 * changed meanwhile (a status change) wait for the next run. A data key that cannot be
 * unwrapped is passed over and reported by a thrown error after the others are done.
 */
export async function rewrapDataKeys(
  db: Kysely<DB>,
  keyring: Keyring,
  batch = 200,
): Promise<RewrapOutcome> {
  const active = keyring.activeId;
  let rewrapped = 0;
  // Kept out of later batches, so a broken row cannot block the ones behind it.
  const failed = new Set<string>();
  let firstFailure: unknown;
  for (;;) {
    const selected = await withWorker(db, async (trx) => {
      let query = trx
        .selectFrom('application')
        .select(['id', 'key_id', 'wrapped_key'])
        .where('key_id', '<>', active);
      if (failed.size > 0) query = query.where('id', 'not in', [...failed]);
      const rows = await query.limit(batch).forUpdate().skipLocked().execute();
      for (const row of rows) {
        let next: ReturnType<typeof rewrap>;
        try {
          next = rewrap(keyring, row.id, {
            kekId: row.key_id,
            wrapped: Buffer.from(row.wrapped_key),
          });
        } catch (error) {
          if (!(error instanceof EnvelopeError)) throw error;
          failed.add(row.id);
          firstFailure ??= error;
          continue;
        }
        await trx
          .updateTable('application')
          .set({ key_id: next.kekId, wrapped_key: next.wrapped })
          .where('id', '=', row.id)
          .execute();
        rewrapped++;
      }
      return rows.length;
    });
    if (selected < batch) break;
  }
  if (firstFailure !== undefined) {
    // The cause names the application id and key id only, never answers.
    throw new Error(
      `${failed.size} data keys could not be re-wrapped, ${rewrapped} were; no key was retired`,
      { cause: firstFailure },
    );
  }
  const keysRetired = await retireUnusedKeys(db, keyring);
  const remaining = await withWorker(db, async (trx) => {
    const row = await trx
      .selectFrom('application')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('key_id', '<>', active)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  });
  return { rewrapped, keysRetired, remaining };
}

/**
 * Deletes the probes of configured, inactive keys that no wrapped key names. Keys this process
 * does not know are left alone: another process may just have introduced one.
 */
async function retireUnusedKeys(db: Kysely<DB>, keyring: Keyring): Promise<string[]> {
  const inactive = [...keyring.keys.keys()].filter((id) => id !== keyring.activeId);
  if (inactive.length === 0) return [];
  const unused = (trx: Kysely<DB>) =>
    trx
      .selectFrom('encryption_key_probe as p')
      .select('p.key_id')
      .where('p.key_id', 'in', inactive)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('application as a')
              .select(sql.lit(1).as('one'))
              .whereRef('a.key_id', '=', 'p.key_id'),
          ),
        ),
      );
  return withWorker(db, async (trx) => {
    if ((await unused(trx).execute()).length === 0) return [];
    // A submission of a process still configured with the old key as active may be under way:
    // wait for it to commit, and keep new ones out, so that the check below sees every row.
    await sql`lock table application in share mode`.execute(trx);
    const retired = await trx
      .deleteFrom('encryption_key_probe')
      .where('key_id', 'in', unused(trx))
      .returning('key_id')
      .execute();
    return retired.map((r) => r.key_id).sort();
  });
}
