// Drafts at rest (ADR 0012): every draft has its own data key, wrapped by a Verbund key; its
// answers and files are sealed with it, the files bound to their ids, so nothing of what a
// citizen typed or attached in the 30 days before sending sits in plain text in the database.
// The key belongs to the draft, not to its owner: taking a draft over at sign-in changes
// nothing here. Drafts stored before drafts were sealed have no key until their next save or
// until the worker seals them (seal-plain.ts); until then they are read in plain form.
import { randomUUID } from 'node:crypto';
import {
  type DataKey,
  type Keyring,
  newDataKey,
  openDataKey,
  scopeOf,
  seal,
  unseal,
  unsealText,
} from '../envelope/envelope.ts';

export const draftScope = (draftId: string) => scopeOf('draft', draftId);
const ANSWERS = 'answers';
const filePurpose = (attachmentId: string) => `attachment:${attachmentId}`;

/** A data key for a draft (a new one, or one stored before sealing), with its columns. */
export function newDraftKey(keyring: Keyring, draftId: string) {
  const { dataKey, wrappedKey } = newDataKey(keyring, draftScope(draftId));
  return { dataKey, columns: { key_id: wrappedKey.kekId, wrapped_key: wrappedKey.wrapped } };
}

/** A new draft's id and data key. */
export function newDraft(keyring: Keyring) {
  const id = randomUUID();
  return { id, ...newDraftKey(keyring, id) };
}

/** The draft's data key; undefined for a draft stored before sealing that has none yet. */
export function draftKey(
  keyring: Keyring,
  row: { id: string; key_id: string | null; wrapped_key: Uint8Array | null },
): DataKey | undefined {
  if (row.key_id === null || row.wrapped_key === null) return undefined;
  return openDataKey(keyring, draftScope(row.id), {
    key_id: row.key_id,
    wrapped_key: row.wrapped_key,
  });
}

/** The answers as the row stores them: sealed JSON, the plain column cleared. */
export function answerColumns(key: DataKey, answers: unknown) {
  return { answers: null, sealed_answers: seal(key, ANSWERS, JSON.stringify(answers)) };
}

/** The answers of a draft row in either form (plain jsonb arrives parsed). */
export function openAnswers(
  key: DataKey | undefined,
  row: { id: string; answers: unknown; sealed_answers: Uint8Array | null },
): unknown {
  if (row.sealed_answers === null) return row.answers;
  if (key === undefined) throw new Error(`draft ${row.id} is sealed but has no key`);
  return JSON.parse(unsealText(key, ANSWERS, row.sealed_answers));
}

/** A file's content as its row stores it, under the draft's key. */
export const sealFile = (key: DataKey, attachmentId: string, content: Uint8Array) =>
  seal(key, filePurpose(attachmentId), content);

/** A file's content as uploaded, from its row in either form. */
export function openFile(
  key: DataKey | undefined,
  row: { id: string; sealed: boolean; content: Uint8Array },
): Uint8Array {
  if (!row.sealed) return row.content;
  if (key === undefined) throw new Error(`draft file ${row.id} is sealed, its draft has no key`);
  return unseal(key, filePurpose(row.id), row.content);
}
