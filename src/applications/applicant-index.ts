// The applicants' names of applications already stored, for a keyed index written after the
// fact (the back office's name search, `cli inbox:reindex`): opened one batch at a time as the
// worker, handed to `handle` in the same transaction, never returned or logged.
import type { Transaction } from 'kysely';
import { withWorker } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import type { Keyring } from '../envelope/envelope.ts';
import { unseal } from '../envelope/envelope.ts';
import type { DefinitionRegistry } from '../forms/registry.ts';
import { applicantNames } from './applicant-names.ts';
import { dataKeyOf } from './sealed.ts';
import { decodeSnapshot } from './snapshot.ts';

export type ApplicantFacts = {
  id: string;
  verbundId: string;
  authorityId: string;
  names: string[];
};

/** Runs `handle` for every application; returns how many were handled and how many failed. */
export async function forEachApplicant(
  deps: { db: import('kysely').Kysely<DB>; keyring: Keyring; definitions: DefinitionRegistry },
  handle: (trx: Transaction<DB>, facts: ApplicantFacts) => Promise<void>,
  batch = 200,
): Promise<{ handled: number; unreadable: number }> {
  let after = '00000000-0000-0000-0000-000000000000';
  let handled = 0;
  let unreadable = 0;
  for (;;) {
    const last = await withWorker(deps.db, async (trx) => {
      const rows = await trx
        .selectFrom('application')
        .select([
          'id',
          'verbund_id',
          'authority_id',
          'key_id',
          'wrapped_key',
          'payload',
          'form_id',
          'form_version',
        ])
        .where('id', '>', after)
        .orderBy('id')
        .limit(batch)
        .execute();
      for (const row of rows) {
        let names: string[];
        try {
          const snapshot = decodeSnapshot(
            unseal(dataKeyOf(deps.keyring, row), 'snapshot', Buffer.from(row.payload)),
          );
          const definition = deps.definitions.get(row.form_id, row.form_version);
          names =
            definition === undefined
              ? [snapshot.profile?.givenName, snapshot.profile?.familyName].filter(
                  (n): n is string => typeof n === 'string' && n.trim() !== '',
                )
              : applicantNames(definition, snapshot.answers, snapshot.profile);
        } catch {
          // A row whose key or snapshot cannot be opened: counted, reported, passed over.
          unreadable++;
          continue;
        }
        await handle(trx, {
          id: row.id,
          verbundId: row.verbund_id,
          authorityId: row.authority_id,
          names,
        });
        handled++;
      }
      return rows.at(-1)?.id;
    });
    if (last === undefined) return { handled, unreadable };
    after = last;
  }
}
