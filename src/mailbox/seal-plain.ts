// Postfach rows stored before the Postfach was sealed (ADR 0012): a migration cannot see the
// Verbund keys, so the worker gives each such thread its data key, then seals the plain message
// texts and files of threads that have one. Until then the service reads both forms. A message
// written into a thread while it had no key yet is plain too and sealed by a later run: the
// job looks for plain rows, not for keyless threads. Batches of rows locked `for update skip
// locked`, as app_worker; several workers may run this together.
import type { Kysely } from 'kysely';
import { withWorker } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import type { Keyring } from '../envelope/envelope.ts';
import { newDataKey } from '../envelope/envelope.ts';
import { sealBodyOf, sealFileOf, threadKey, threadScope } from './sealing.ts';

export type SealedPostfach = { threads: number; messages: number; files: number };

export async function sealPlainPostfach(
  db: Kysely<DB>,
  keyring: Keyring,
  batch = 100,
): Promise<SealedPostfach> {
  const outcome: SealedPostfach = { threads: 0, messages: 0, files: 0 };
  const inBatches = async (fn: (trx: Kysely<DB>) => Promise<number>) => {
    for (;;) {
      const done = await withWorker(db, async (trx) => {
        return fn(trx);
      });
      if (done < batch) return;
    }
  };

  await inBatches(async (trx) => {
    const rows = await trx
      .selectFrom('mailbox_thread')
      .select('id')
      .where('key_id', 'is', null)
      .limit(batch)
      .forUpdate()
      .skipLocked()
      .execute();
    for (const row of rows) {
      const { wrappedKey } = newDataKey(keyring, threadScope(row.id));
      await trx
        .updateTable('mailbox_thread')
        .set({ key_id: wrappedKey.kekId, wrapped_key: wrappedKey.wrapped })
        .where('id', '=', row.id)
        .where('key_id', 'is', null)
        .execute();
      outcome.threads++;
    }
    return rows.length;
  });

  await inBatches(async (trx) => {
    const rows = await trx
      .selectFrom('mailbox_message as m')
      .innerJoin('mailbox_thread as t', 't.id', 'm.thread_id')
      .select(['m.id', 'm.body', 't.id as thread_id', 't.key_id', 't.wrapped_key'])
      .where('m.body', 'is not', null)
      .where('t.key_id', 'is not', null)
      .limit(batch)
      .forUpdate('m')
      .skipLocked()
      .execute();
    for (const row of rows) {
      const key = threadKey(keyring, { ...row, id: row.thread_id });
      if (key === undefined || row.body === null) continue;
      await trx
        .updateTable('mailbox_message')
        .set({ body: null, sealed_body: sealBodyOf(key, row.id, row.body) })
        .where('id', '=', row.id)
        .execute();
      outcome.messages++;
    }
    return rows.length;
  });

  await inBatches(async (trx) => {
    const rows = await trx
      .selectFrom('mailbox_attachment as f')
      .innerJoin('mailbox_message as m', 'm.id', 'f.message_id')
      .innerJoin('mailbox_thread as t', 't.id', 'm.thread_id')
      .select(['f.id', 'f.content', 't.id as thread_id', 't.key_id', 't.wrapped_key'])
      .where('f.sealed', '=', false)
      .where('t.key_id', 'is not', null)
      .limit(batch)
      .forUpdate('f')
      .skipLocked()
      .execute();
    for (const row of rows) {
      const key = threadKey(keyring, { ...row, id: row.thread_id });
      if (key === undefined) continue;
      await trx
        .updateTable('mailbox_attachment')
        .set({ content: sealFileOf(key, row.id, row.content), sealed: true })
        .where('id', '=', row.id)
        .execute();
      outcome.files++;
    }
    return rows.length;
  });
  return outcome;
}
