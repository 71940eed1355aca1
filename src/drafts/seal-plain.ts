// Drafts stored before drafts were sealed (ADR 0012): a migration cannot see the Verbund keys,
// so the worker gives each such draft its data key, seals its answers and then its files.
// Until then the service reads both forms; a draft saved meanwhile gets its key with that save.
// Batches of rows locked `for update skip locked`, as app_worker: a draft being saved is left
// for the next run, and several workers may run this together.
import type { Kysely } from 'kysely';
import { withWorker } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import type { Keyring } from '../envelope/envelope.ts';
import { answerColumns, draftKey, newDraftKey, sealFile } from './sealing.ts';

export type SealedDrafts = { drafts: number; files: number };

export async function sealPlainDrafts(
  db: Kysely<DB>,
  keyring: Keyring,
  batch = 100,
): Promise<SealedDrafts> {
  const outcome: SealedDrafts = { drafts: 0, files: 0 };
  const asWorker = <T>(fn: (trx: Kysely<DB>) => Promise<T>) =>
    withWorker(db, async (trx) => {
      return fn(trx);
    });

  for (;;) {
    const done = await asWorker(async (trx) => {
      const rows = await trx
        .selectFrom('draft')
        .select(['id', 'answers', 'key_id', 'wrapped_key'])
        .where('answers', 'is not', null)
        .limit(batch)
        .forUpdate()
        .skipLocked()
        .execute();
      for (const row of rows) {
        // A draft keyed by a save meanwhile keeps its key; only the answers are new.
        const existing = draftKey(keyring, row);
        const made = existing === undefined ? newDraftKey(keyring, row.id) : undefined;
        const key = existing ?? made?.dataKey;
        if (key === undefined) continue;
        await trx
          .updateTable('draft')
          .set({ ...made?.columns, ...answerColumns(key, row.answers) })
          .where('id', '=', row.id)
          .execute();
        outcome.drafts++;
      }
      return rows.length;
    });
    if (done < batch) break;
  }

  for (;;) {
    const done = await asWorker(async (trx) => {
      const rows = await trx
        .selectFrom('form_attachment as f')
        .innerJoin('draft as d', 'd.id', 'f.draft_id')
        .select(['f.id', 'f.content', 'd.id as draft_id', 'd.key_id', 'd.wrapped_key'])
        .where('f.sealed', '=', false)
        .where('d.key_id', 'is not', null)
        .limit(batch)
        .forUpdate('f')
        .skipLocked()
        .execute();
      for (const row of rows) {
        const key = draftKey(keyring, {
          id: row.draft_id,
          key_id: row.key_id,
          wrapped_key: row.wrapped_key,
        });
        if (key === undefined) continue;
        await trx
          .updateTable('form_attachment')
          .set({ content: sealFile(key, row.id, row.content), sealed: true })
          .where('id', '=', row.id)
          .where('sealed', '=', false)
          .execute();
        outcome.files++;
      }
      return rows.length;
    });
    if (done < batch) break;
  }
  return outcome;
}
