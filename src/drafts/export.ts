import type { ExportPart } from '../accounts/privacy/service.ts';
import { withAccount } from '../db/rls.ts';
import type { Keyring } from '../envelope/envelope.ts';
import { draftKey, openAnswers } from './sealing.ts';

/**
 * The drafts' share of a citizen's data export (GDPR Art. 15 and 20): every draft with its
 * answers as entered (opened with the draft's key), expired ones included until the clean-up
 * removes them. Read as the citizen, under row-level security.
 */
export const draftsExport = (keyring: Keyring): ExportPart => ({
  name: 'drafts',
  collect: (db, accountId) =>
    withAccount(db, accountId, async (trx) => {
      const rows = await trx
        .selectFrom('draft')
        .innerJoin('online_service', 'online_service.id', 'draft.online_service_id')
        .innerJoin('authority', 'authority.id', 'draft.authority_id')
        .select([
          'draft.id',
          'draft.key_id',
          'draft.wrapped_key',
          'draft.sealed_answers',
          'online_service.title as service',
          'authority.name as authority',
          'draft.form_id as form',
          'draft.form_version as formVersion',
          'draft.answers',
          'draft.created_at as createdAt',
          'draft.updated_at as updatedAt',
          'draft.expires_at as expiresAt',
        ])
        .where('draft.account_id', '=', accountId)
        .orderBy('draft.created_at')
        .execute();
      return rows.map(({ id, key_id, wrapped_key, sealed_answers, answers, ...draft }) => ({
        ...draft,
        answers: openAnswers(draftKey(keyring, { id, key_id, wrapped_key }), {
          id,
          answers,
          sealed_answers,
        }),
      }));
    }),
});
