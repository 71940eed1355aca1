// The Postfach at rest (ADR 0012): every thread has its own data key, wrapped by a Verbund key;
// message texts and files are sealed with it, each bound to its message or file id, so text or
// bytes moved to another row or thread fail to open. Threads stored before the Postfach was
// sealed have no key until the worker seals them (seal-plain.ts); until then their rows are
// read (and new messages in them written) in plain text.
import { randomUUID } from 'node:crypto';
import type { AttachmentMediaType } from '../db/schema.ts';
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

export const threadScope = (threadId: string) => scopeOf('mailbox_thread', threadId);
const messagePurpose = (messageId: string) => `message:${messageId}`;
const filePurpose = (attachmentId: string) => `attachment:${attachmentId}`;

/** A new thread's id and data key, with the wrapped key its row stores. */
export function newThread(keyring: Keyring) {
  const id = randomUUID();
  const { dataKey, wrappedKey } = newDataKey(keyring, threadScope(id));
  return { id, dataKey, keyId: wrappedKey.kekId, wrappedKey: wrappedKey.wrapped };
}

/** The thread's data key; undefined for a thread stored before sealing that has none yet. */
export function threadKey(
  keyring: Keyring,
  thread: { id: string; key_id: string | null; wrapped_key: Uint8Array | null },
): DataKey | undefined {
  if (thread.key_id === null || thread.wrapped_key === null) return undefined;
  return openDataKey(keyring, threadScope(thread.id), {
    key_id: thread.key_id,
    wrapped_key: thread.wrapped_key,
  });
}

/** A message text as its row stores it: sealed under the thread's key, plain without one. */
export function messageColumns(key: DataKey | undefined, messageId: string, body: string) {
  return key === undefined
    ? { body, sealed_body: null }
    : { body: null, sealed_body: seal(key, messagePurpose(messageId), body) };
}

/** The text of a message row, in either form. */
export function openBody(
  key: DataKey | undefined,
  row: { id: string; body: string | null; sealed_body: Uint8Array | null },
): string {
  if (row.sealed_body === null) return row.body ?? '';
  if (key === undefined) throw new Error(`message ${row.id} is sealed, its thread has no key`);
  return unsealText(key, messagePurpose(row.id), row.sealed_body);
}

export type FileToStore = {
  fileName: string;
  mediaType: AttachmentMediaType;
  size: number;
  content: Uint8Array;
  /** Files the portal made itself (the receipt) need none: stored as "unscanned". */
  scanStatus?: 'clean' | 'unscanned';
};

/** Files with their ids and content as the rows store them. */
export function fileRows(key: DataKey | undefined, files: readonly FileToStore[]) {
  return files.map((file) => {
    const id = randomUUID();
    return {
      ...file,
      id,
      sealed: key !== undefined,
      content: key === undefined ? file.content : seal(key, filePurpose(id), file.content),
    };
  });
}

export type StoredFile = Awaited<ReturnType<typeof fileRows>>[number];

/** A file's content as uploaded, from its row in either form. */
export function openFile(
  key: DataKey | undefined,
  row: { id: string; sealed: boolean; content: Uint8Array },
): Uint8Array {
  if (!row.sealed) return row.content;
  if (key === undefined) throw new Error(`attachment ${row.id} is sealed, its thread has no key`);
  return unseal(key, filePurpose(row.id), row.content);
}

/** Seals the plain text or file of a row written before sealing (seal-plain.ts). */
export const sealBodyOf = (key: DataKey, messageId: string, body: string) =>
  seal(key, messagePurpose(messageId), body);
export const sealFileOf = (key: DataKey, attachmentId: string, content: Uint8Array) =>
  seal(key, filePurpose(attachmentId), content);

/**
 * A new thread with its first message from the authority, sealed, as one statement writes it
 * elsewhere (the submission's Postfach confirmation, ADR 0013).
 */
export function sealedFirstMessage(keyring: Keyring, subject: string, body: string) {
  const thread = newThread(keyring);
  const messageId = randomUUID();
  return {
    threadId: thread.id,
    subject,
    keyId: thread.keyId,
    wrappedKey: thread.wrappedKey,
    messageId,
    sealedBody: seal(thread.dataKey, messagePurpose(messageId), body),
  };
}

/** Message rows of several threads, each row with its thread's key columns: texts opened. */
export function openMessages<
  R extends {
    id: string;
    thread_id: string;
    key_id: string | null;
    wrapped_key: Uint8Array | null;
    body: string | null;
    sealed_body: Uint8Array | null;
  },
>(keyring: Keyring, rows: readonly R[]) {
  const keys = new Map<string, DataKey | undefined>();
  return rows.map(({ key_id, wrapped_key, sealed_body, ...message }) => {
    if (!keys.has(message.thread_id)) {
      keys.set(
        message.thread_id,
        threadKey(keyring, { id: message.thread_id, key_id, wrapped_key }),
      );
    }
    return { ...message, body: openBody(keys.get(message.thread_id), { ...message, sealed_body }) };
  });
}
