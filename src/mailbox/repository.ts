import { type Kysely, sql } from 'kysely';
import type { DB, MailboxSender } from '../db/schema.ts';
import type { StoredFile } from './sealing.ts';

/**
 * Where the notice goes: address, language and Verbund of the account, through the accounts'
 * lookup function (ADR 0021), as the runtime role before acting for the authority.
 * Authorities' staff have no access to the account table, and the address leaves this module
 * only as the recipient of the notice.
 */
export async function findRecipient(db: Kysely<DB>, accountId: string) {
  const { rows } = await sql<{
    email: string;
    language: 'de' | 'en';
    verbund_id: string;
  }>`select * from account_notice_recipient(${accountId}::uuid)`.execute(db);
  return rows[0];
}

export function findAuthority(db: Kysely<DB>, authorityId: string) {
  return db
    .selectFrom('authority')
    .select(['id', 'verbund_id'])
    .where('id', '=', authorityId)
    .executeTakeFirst();
}

export async function insertThread(
  db: Kysely<DB>,
  row: {
    id: string;
    verbundId: string;
    authorityId: string;
    accountId: string;
    subject: string;
    applicationId: string | null;
    keyId: string;
    wrappedKey: Buffer;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('mailbox_thread')
    .values({
      id: row.id,
      verbund_id: row.verbundId,
      authority_id: row.authorityId,
      account_id: row.accountId,
      subject: row.subject,
      application_id: row.applicationId,
      key_id: row.keyId,
      wrapped_key: row.wrappedKey,
      last_message_at: row.at,
    })
    .execute();
}

export function findThread(db: Kysely<DB>, threadId: string) {
  return db
    .selectFrom('mailbox_thread')
    .select([
      'id',
      'verbund_id',
      'authority_id',
      'account_id',
      'subject',
      'application_id',
      'last_message_at',
      'key_id',
      'wrapped_key',
    ])
    .where('id', '=', threadId)
    .executeTakeFirst();
}

export async function touchThread(db: Kysely<DB>, threadId: string, at: Date): Promise<void> {
  await db
    .updateTable('mailbox_thread')
    .set({ last_message_at: at })
    .where('id', '=', threadId)
    .where('last_message_at', '<', at)
    .execute();
}

export type ThreadKeys = {
  id: string;
  verbund_id: string;
  authority_id: string;
  account_id: string;
};

export async function insertMessage(
  db: Kysely<DB>,
  thread: ThreadKeys,
  row: {
    id: string;
    sender: MailboxSender;
    /** One of them: see messageColumns in sealing.ts. */
    body: string | null;
    sealed_body: Buffer | null;
    at: Date;
  },
): Promise<void> {
  await db
    .insertInto('mailbox_message')
    .values({
      id: row.id,
      verbund_id: thread.verbund_id,
      authority_id: thread.authority_id,
      account_id: thread.account_id,
      thread_id: thread.id,
      sender: row.sender,
      body: row.body,
      sealed_body: row.sealed_body,
      sent_at: row.at,
    })
    .execute();
}

export async function insertAttachments(
  db: Kysely<DB>,
  thread: ThreadKeys,
  messageId: string,
  files: readonly StoredFile[],
): Promise<void> {
  // One row at a time: a single statement with 20 MB of parameters helps nobody.
  for (const [position, file] of files.entries()) {
    await db
      .insertInto('mailbox_attachment')
      .values({
        id: file.id,
        sealed: file.sealed,
        verbund_id: thread.verbund_id,
        authority_id: thread.authority_id,
        account_id: thread.account_id,
        message_id: messageId,
        position,
        file_name: file.fileName,
        media_type: file.mediaType,
        size: file.size,
        scan_status: file.scanStatus ?? 'unscanned',
        // pg sends Buffers as bytea; a plain Uint8Array would be sent as text.
        content: Buffer.from(file.content.buffer, file.content.byteOffset, file.content.byteLength),
      })
      .execute();
  }
}

/** A citizen's threads, newest activity first, each with its number of unread messages. */
export function listThreadsOf(db: Kysely<DB>, accountId: string, limit: number) {
  return db
    .selectFrom('mailbox_thread as t')
    .select((eb) => [
      't.id',
      't.subject',
      't.authority_id',
      't.application_id',
      't.last_message_at',
      eb
        .selectFrom('mailbox_message as m')
        .select(eb.fn.countAll<string>().as('n'))
        // account_id first: the partial index mailbox_message_unread answers this.
        .whereRef('m.account_id', '=', 't.account_id')
        .whereRef('m.thread_id', '=', 't.id')
        .where('m.sender', '=', 'authority')
        .where('m.read_at', 'is', null)
        .as('unread'),
    ])
    .where('t.account_id', '=', accountId)
    .orderBy('t.last_message_at', 'desc')
    .orderBy('t.id')
    .limit(limit)
    .execute();
}

export function listMessages(db: Kysely<DB>, threadId: string) {
  return db
    .selectFrom('mailbox_message')
    .select(['id', 'sender', 'body', 'sealed_body', 'sent_at', 'read_at'])
    .where('thread_id', '=', threadId)
    .orderBy('sent_at')
    .orderBy('id')
    .execute();
}

/** File facts without the content: what a thread page lists. */
export function listAttachments(db: Kysely<DB>, messageIds: string[]) {
  if (messageIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('mailbox_attachment')
    .select(['id', 'message_id', 'file_name', 'media_type', 'size'])
    .where('message_id', 'in', messageIds)
    .orderBy('message_id')
    .orderBy('position')
    .execute();
}

/** Marks what the other side sent as read; returns how many were unread. */
export async function markRead(
  db: Kysely<DB>,
  threadId: string,
  sentBy: MailboxSender,
  at: Date,
): Promise<number> {
  const result = await db
    .updateTable('mailbox_message')
    .set({ read_at: at })
    .where('thread_id', '=', threadId)
    .where('sender', '=', sentBy)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function countUnread(db: Kysely<DB>, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('mailbox_message')
    .select(sql<string>`count(*)`.as('n'))
    .where('account_id', '=', accountId)
    .where('sender', '=', 'authority')
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A file with its content and the key of its thread, to open it. */
export function findAttachment(db: Kysely<DB>, attachmentId: string) {
  return db
    .selectFrom('mailbox_attachment as f')
    .innerJoin('mailbox_message as m', 'm.id', 'f.message_id')
    .innerJoin('mailbox_thread as t', 't.id', 'm.thread_id')
    .select([
      'f.id',
      'f.account_id',
      'f.file_name',
      'f.media_type',
      'f.size',
      'f.content',
      'f.sealed',
      't.id as thread_id',
      't.key_id',
      't.wrapped_key',
    ])
    .where('f.id', '=', attachmentId)
    .executeTakeFirst();
}

/** The first thread opened for an application (its confirmation): where its messages go. */
export function findApplicationThread(db: Kysely<DB>, applicationId: string) {
  return db
    .selectFrom('mailbox_thread')
    .select(['id', 'verbund_id', 'authority_id', 'account_id', 'key_id', 'wrapped_key'])
    .where('application_id', '=', applicationId)
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

/** File facts of the messages of an application's threads, for the authority's staff. */
export function listApplicationFiles(db: Kysely<DB>, applicationId: string) {
  return db
    .selectFrom('mailbox_attachment as f')
    .innerJoin('mailbox_message as m', 'm.id', 'f.message_id')
    .innerJoin('mailbox_thread as t', 't.id', 'm.thread_id')
    .select(['f.id', 'f.message_id', 'f.file_name', 'f.media_type', 'f.size', 'f.scan_status'])
    .where('t.application_id', '=', applicationId)
    .orderBy('f.message_id')
    .orderBy('f.position')
    .execute();
}

/** One file of an application's threads, with its content and its thread's key. */
export function findApplicationFile(db: Kysely<DB>, applicationId: string, attachmentId: string) {
  return db
    .selectFrom('mailbox_attachment as f')
    .innerJoin('mailbox_message as m', 'm.id', 'f.message_id')
    .innerJoin('mailbox_thread as t', 't.id', 'm.thread_id')
    .select([
      'f.id',
      'f.file_name',
      'f.media_type',
      'f.size',
      'f.scan_status',
      'f.content',
      'f.sealed',
      't.id as thread_id',
      't.key_id',
      't.wrapped_key',
    ])
    .where('t.application_id', '=', applicationId)
    .where('f.id', '=', attachmentId)
    .executeTakeFirst();
}
