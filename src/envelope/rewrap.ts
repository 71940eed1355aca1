// Finishing a rotation of the Verbund key (ADR 0012): every data key still wrapped by an older
// key is wrapped again by the active one, and a key that no record needs any more loses its
// probe, so it may leave APPLICATION_KEYS without the start-up check refusing the configuration.
// Answers, messages and files stay as they are: they are sealed with the data key, which does
// not change. The tables that hold data keys are named by the composition root (KeyHolder):
// this module knows none of the domains.
import { type Kysely, sql } from 'kysely';
import { withWorker } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import { EnvelopeError, type Keyring, rewrap, type Scope } from './envelope.ts';

/**
 * A table whose rows each hold a data key in `key_id` and `wrapped_key` (null on rows written
 * before their domain was sealed, until they are), with `id` as primary key unless `idColumn`
 * names another. The worker role may select and update it.
 */
export type KeyHolder = {
  table:
    | 'application'
    | 'draft'
    | 'mailbox_thread'
    | 'staff'
    | 'delivery_route'
    | 'account_totp'
    | 'name_index_key';
  /** The primary key when it is not `id` (one row per account: `account_id`). */
  idColumn?: string;
  /** The scope the row's data key was wrapped for (src/envelope/envelope.ts). */
  scope: (id: string) => Scope;
  /** The key's columns when not `key_id` and `wrapped_key`. */
  columns?: { keyId: string; wrappedKey: string };
};

const keyColumns = (h: KeyHolder) => ({
  id: sql.ref(h.idColumn ?? 'id'),
  keyId: sql.ref(h.columns?.keyId ?? 'key_id'),
  wrappedKey: sql.ref(h.columns?.wrappedKey ?? 'wrapped_key'),
});

export type RewrapOutcome = {
  /** Data keys wrapped again under the active key in this run. */
  rewrapped: number;
  /** Key ids whose probe was deleted: they may now be removed from APPLICATION_KEYS. */
  keysRetired: string[];
  /** Records still under another key: rows another transaction held, to take next run. */
  remaining: number;
};

type KeyRow = { id: string; key_id: string; wrapped_key: Uint8Array };

/**
 * Runs in batches, table by table, until no record under another key is left that it may lock.
 * Several workers may run it together: `skip locked` hands each row to one of them, and rows
 * being changed meanwhile (a status change, a draft's step) wait for the next run. A data key
 * that cannot be unwrapped is passed over and reported by a thrown error after the others are
 * done; no key is retired in such a run.
 */
export async function rewrapDataKeys(
  db: Kysely<DB>,
  keyring: Keyring,
  holders: readonly KeyHolder[],
  batch = 200,
): Promise<RewrapOutcome> {
  const active = keyring.activeId;
  let rewrapped = 0;
  let failures = 0;
  let firstFailure: unknown;
  for (const holder of holders) {
    const table = sql.table(holder.table);
    const column = keyColumns(holder);
    // Kept out of later batches, so a broken row cannot block the ones behind it.
    const failed = new Set<string>();
    for (;;) {
      const selected = await withWorker(db, async (trx) => {
        const skip =
          failed.size === 0 ? sql`` : sql`and ${column.id} not in (${sql.join([...failed])})`;
        const { rows } = await sql<KeyRow>`
          select ${column.id} as id, ${column.keyId} as key_id, ${column.wrappedKey} as wrapped_key from ${table}
          where ${column.keyId} <> ${active} ${skip}
          limit ${batch} for update skip locked`.execute(trx);
        for (const row of rows) {
          let next: ReturnType<typeof rewrap>;
          try {
            next = rewrap(keyring, holder.scope(row.id), {
              kekId: row.key_id,
              wrapped: Buffer.from(row.wrapped_key),
            });
          } catch (error) {
            if (!(error instanceof EnvelopeError)) throw error;
            failed.add(row.id);
            firstFailure ??= error;
            continue;
          }
          await sql`update ${table} set ${column.keyId} = ${next.kekId},
            ${column.wrappedKey} = ${next.wrapped} where ${column.id} = ${row.id}`.execute(trx);
          rewrapped++;
        }
        return rows.length;
      });
      if (selected < batch) break;
    }
    failures += failed.size;
  }
  if (firstFailure !== undefined) {
    // The cause names the record and the key id only, never content.
    throw new Error(
      `${failures} data keys could not be re-wrapped, ${rewrapped} were; no key was retired`,
      { cause: firstFailure },
    );
  }
  const keysRetired = await retireUnusedKeys(db, keyring, holders);
  const remaining = await withWorker(db, async (trx) => {
    let n = 0;
    for (const holder of holders) {
      const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(holder.table)}
        where ${keyColumns(holder).keyId} <> ${active}`.execute(trx);
      n += Number(rows[0]?.n ?? 0);
    }
    return n;
  });
  return { rewrapped, keysRetired, remaining };
}

/**
 * Deletes the probes of configured, inactive keys that no wrapped key names. Keys this process
 * does not know are left alone: another process may just have introduced one.
 */
async function retireUnusedKeys(
  db: Kysely<DB>,
  keyring: Keyring,
  holders: readonly KeyHolder[],
): Promise<string[]> {
  const inactive = [...keyring.keys.keys()].filter((id) => id !== keyring.activeId);
  if (inactive.length === 0) return [];
  // A key is unused when no holder's row names it.
  const unused = sql`select p.key_id from encryption_key_probe p
    where p.key_id in (${sql.join(inactive)})
    ${sql.join(
      holders.map(
        (h) =>
          sql`and not exists (select 1 from ${sql.table(h.table)} where ${keyColumns(h).keyId} = p.key_id)`,
      ),
      sql` `,
    )}`;
  return withWorker(db, async (trx) => {
    if ((await unused.execute(trx)).rows.length === 0) return [];
    // A submission, a new draft or thread of a process still configured with the old key as
    // active may be under way: wait for it to commit, and keep new ones out, so that the check
    // below sees every row. Always in the same order, so two workers cannot deadlock.
    const tables = [...new Set(holders.map((h) => h.table))].sort();
    await sql`lock table ${sql.join(tables.map((t) => sql.table(t)))} in share mode`.execute(trx);
    const { rows } = await sql<{ key_id: string }>`
      delete from encryption_key_probe where key_id in (${unused}) returning key_id`.execute(trx);
    return rows.map((r) => r.key_id).sort();
  });
}
