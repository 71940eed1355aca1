// The Postfach as the back office uses it for one application: a message from the authority
// (a request for information, a decision with its PDF) written inside the caller's
// transaction, so the status change and the message commit together (ADR 0023); and the
// thread read by the application's authority, with its files. Called with a transaction that
// acts as the authority (withAuthority): row-level security keeps other authorities out.
import type { Kysely, Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';
import type { Keyring } from '../envelope/envelope.ts';
import { NotFoundError } from '../errors.ts';
import type { CheckedFile } from './attachments.ts';
import { writeAuthorityMessage } from './authority-message.ts';
import { newMessageMail } from './mails.ts';
import * as repo from './repository.ts';
import { openFile, openMessages, threadKey } from './sealing.ts';
import { checkBody, type Notice } from './service.ts';

export type ApplicationMessage = {
  application: {
    id: string;
    verbund_id: string;
    authority_id: string;
    account_id: string;
  };
  /** For a thread opened now: applications sent before the Postfach existed have none. */
  subject: string;
  body: string;
  files?: readonly CheckedFile[];
};

/** Appends the authority's message to the application's thread (or opens one). */
export async function postInApplicationThread(
  trx: Transaction<DB>,
  keyring: Keyring,
  input: ApplicationMessage,
  at: Date,
): Promise<{ threadId: string; messageId: string; fileIds: string[] }> {
  const body = checkBody(input.body);
  const a = input.application;
  const thread = await repo.findApplicationThread(trx, a.id);
  // A thread of another account (the application changed hands) is not this one's.
  const to =
    thread === undefined || thread.account_id !== a.account_id
      ? {
          open: {
            verbundId: a.verbund_id,
            authorityId: a.authority_id,
            accountId: a.account_id,
            subject: input.subject.slice(0, 200),
            applicationId: a.id,
          },
        }
      : { thread };
  return writeAuthorityMessage(trx, keyring, to, { body, files: input.files ?? [] }, at);
}

/**
 * The content-free notice that a message is waiting, after commit. Never fails the caller: a
 * lost notice is told to `onMailError` (the message itself is stored).
 */
export async function sendNotice(db: Kysely<DB>, notice: Notice, accountId: string) {
  try {
    const recipient = await repo.findRecipient(db, accountId);
    if (recipient === undefined) return;
    await notice.mailer.send(
      newMessageMail(
        recipient.language,
        recipient.email,
        `${notice.publicUrl.replace(/\/+$/, '')}/postfach`,
      ),
    );
  } catch (error) {
    notice.onMailError?.(error);
  }
}

/** The messages of the application's threads with their files (no content), oldest first. */
export async function readApplicationThread(
  trx: Transaction<DB>,
  keyring: Keyring,
  applicationId: string,
) {
  const rows = await trx
    .selectFrom('mailbox_message as m')
    .innerJoin('mailbox_thread as t', 't.id', 'm.thread_id')
    .select([
      'm.id',
      't.id as thread_id',
      't.key_id',
      't.wrapped_key',
      'm.sender',
      'm.body',
      'm.sealed_body',
      'm.sent_at',
    ])
    .where('t.application_id', '=', applicationId)
    .orderBy('m.sent_at')
    .orderBy('m.id')
    .execute();
  const files = await repo.listApplicationFiles(trx, applicationId);
  return openMessages(keyring, rows).map((m) => ({
    ...m,
    files: files.filter((f) => f.message_id === m.id),
  }));
}

/** One file of the application's threads, opened, for the authority's staff. */
export async function applicationFile(
  trx: Transaction<DB>,
  keyring: Keyring,
  applicationId: string,
  attachmentId: string,
) {
  const found = await repo.findApplicationFile(trx, applicationId, attachmentId);
  if (found === undefined) throw new NotFoundError('mailbox.attachment', attachmentId);
  const key = threadKey(keyring, {
    id: found.thread_id,
    key_id: found.key_id,
    wrapped_key: found.wrapped_key,
  });
  return {
    name: found.file_name,
    mediaType: found.media_type,
    scanStatus: found.scan_status,
    content: openFile(key, { id: found.id, sealed: found.sealed, content: found.content }),
  };
}
