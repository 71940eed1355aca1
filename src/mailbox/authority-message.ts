// The one writer of an authority's message: in an existing thread (touched) or in a thread it
// opens, sealed under the thread's data key with its files, inside the caller's transaction
// acting as the authority. Both ways in use it: postFromAuthority (a message of its own) and
// postInApplicationThread (a request for information or a decision, with the status change).
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Keyring } from '../envelope/envelope.ts';
import type { CheckedFile } from './attachments.ts';
import * as repo from './repository.ts';
import { fileRows, messageColumns, newThread, threadKey } from './sealing.ts';

export type ThreadToOpen = {
  verbundId: string;
  authorityId: string;
  accountId: string;
  subject: string;
  applicationId: string | null;
};

export type SealedThread = repo.ThreadKeys & {
  key_id: string | null;
  wrapped_key: Uint8Array | null;
};

export async function writeAuthorityMessage(
  trx: Transaction<DB>,
  keyring: Keyring,
  to: { thread: SealedThread } | { open: ThreadToOpen },
  content: { body: string; files: readonly CheckedFile[] },
  at: Date,
): Promise<{ threadId: string; messageId: string; fileIds: string[] }> {
  let thread: repo.ThreadKeys;
  let key: ReturnType<typeof threadKey>;
  if ('open' in to) {
    const made = newThread(keyring);
    const o = to.open;
    await repo.insertThread(trx, {
      id: made.id,
      verbundId: o.verbundId,
      authorityId: o.authorityId,
      accountId: o.accountId,
      subject: o.subject,
      applicationId: o.applicationId,
      keyId: made.keyId,
      wrappedKey: made.wrappedKey,
      at,
    });
    thread = {
      id: made.id,
      verbund_id: o.verbundId,
      authority_id: o.authorityId,
      account_id: o.accountId,
    };
    key = made.dataKey;
  } else {
    thread = to.thread;
    key = threadKey(keyring, to.thread);
    await repo.touchThread(trx, thread.id, at);
  }
  const messageId = randomUUID();
  await repo.insertMessage(trx, thread, {
    id: messageId,
    sender: 'authority',
    ...messageColumns(key, messageId, content.body),
    at,
  });
  const rows = fileRows(key, content.files);
  await repo.insertAttachments(trx, thread, messageId, rows);
  return { threadId: thread.id, messageId, fileIds: rows.map((r) => r.id) };
}
