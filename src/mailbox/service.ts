// Postfach use cases. Authorities write through withAuthority, citizens read and reply through
// withAccount: the row-level security policies, not only the where clauses here, keep each
// side to its own threads.
import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { withAccount, withAuthority } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import type { Keyring } from '../envelope/envelope.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import type { VirusScanner } from '../files/scanner.ts';
import type { Mailer } from '../mail/mailer.ts';
import { isUuid } from '../uuid.ts';
import { checkFiles, type IncomingFile } from './attachments.ts';
import { writeAuthorityMessage } from './authority-message.ts';
import { newMessageMail } from './mails.ts';
import * as repo from './repository.ts';
import { fileRows, messageColumns, openBody, openFile, threadKey } from './sealing.ts';

export const MAX_BODY_LENGTH = 10_000;
export const MAX_SUBJECT_LENGTH = 200;
/** A Postfach page lists at most this many threads (newest activity first). */
export const THREAD_LIST_LIMIT = 200;

export type AuthorityMessage = {
  authorityId: string;
  accountId: string;
  /** Required for a new thread; ignored when `threadId` appends to an existing one. */
  subject?: string;
  /** An existing thread of this authority and account to append to. */
  threadId?: string;
  body: string;
  applicationId?: string | null;
  attachments?: IncomingFile[];
};

export type Notice = {
  mailer: Pick<Mailer, 'send'>;
  /** Base of the link in the notice, e.g. https://portal.emsland.de */
  publicUrl: string;
  /** Told when the notice could not be sent; gets no address and no content. */
  onMailError?: (error: unknown) => void;
};

export type Posted = { threadId: string; messageId: string; notified: boolean };

/**
 * Delivers a message from an authority to a citizen's Postfach, in a new thread or appended
 * to one of this authority's threads with the citizen, then mails the citizen a notice that
 * says only that a message is waiting. The message is committed before the mail is tried: a
 * failed notice never loses it (`notified: false`, and `onMailError` hears why).
 */
export async function postFromAuthority(
  db: Kysely<DB>,
  keyring: Keyring,
  input: AuthorityMessage,
  notice: Notice,
  at: Date = new Date(),
): Promise<Posted> {
  const body = checkBody(input.body);
  const subject = input.threadId === undefined ? checkSubject(input.subject ?? '') : undefined;
  const applicationId = input.applicationId ?? null;
  if (applicationId !== null && !isUuid(applicationId)) {
    throw new ValidationError({ applicationId: 'mailbox.error.application' });
  }
  const files = await checkFiles(input.attachments ?? []);
  if (!isUuid(input.accountId)) throw new NotFoundError('account', input.accountId);
  if (input.threadId !== undefined && !isUuid(input.threadId)) {
    throw new NotFoundError('mailbox.thread', input.threadId);
  }
  const recipient = await repo.findRecipient(db, input.accountId);
  if (recipient === undefined) throw new NotFoundError('account', input.accountId);

  const posted = await withAuthority(db, input.authorityId, async (trx) => {
    const authority = await repo.findAuthority(trx, input.authorityId);
    if (authority === undefined || authority.verbund_id !== recipient.verbund_id) {
      throw new NotFoundError('authority', input.authorityId);
    }
    let to: Parameters<typeof writeAuthorityMessage>[2];
    if (input.threadId === undefined) {
      to = {
        open: {
          verbundId: authority.verbund_id,
          authorityId: authority.id,
          accountId: input.accountId,
          subject: subject as string,
          applicationId,
        },
      };
    } else {
      // Row-level security hides other authorities' threads; the account must match too.
      const found = await repo.findThread(trx, input.threadId);
      if (found === undefined || found.account_id !== input.accountId) {
        throw new NotFoundError('mailbox.thread', input.threadId);
      }
      to = { thread: found };
    }
    const { threadId, messageId } = await writeAuthorityMessage(
      trx,
      keyring,
      to,
      { body, files },
      at,
    );
    return { threadId, messageId };
  });

  let notified = true;
  try {
    await notice.mailer.send(
      newMessageMail(
        recipient.language,
        recipient.email,
        `${notice.publicUrl.replace(/\/+$/, '')}/postfach`,
      ),
    );
  } catch (error) {
    notified = false;
    notice.onMailError?.(error);
  }
  return { ...posted, notified };
}

/** Unread messages from authorities: the counter in the page header. */
export function unreadCount(db: Kysely<DB>, accountId: string): Promise<number> {
  return withAccount(db, accountId, (trx) => repo.countUnread(trx, accountId));
}

export type ThreadSummary = Awaited<ReturnType<typeof listThreads>>[number];

export async function listThreads(db: Kysely<DB>, accountId: string) {
  const rows = await withAccount(db, accountId, (trx) =>
    repo.listThreadsOf(trx, accountId, THREAD_LIST_LIMIT),
  );
  return rows.map((row) => ({ ...row, unread: Number(row.unread ?? 0) }));
}

export type OpenedThread = Awaited<ReturnType<typeof openThread>>;

/**
 * One thread with its messages and file lists, oldest first. Marks the authority's messages
 * read; `unread` on a message says it was unread until this call, `newlyRead` how many.
 */
export async function openThread(
  db: Kysely<DB>,
  keyring: Keyring,
  accountId: string,
  threadId: string,
  at: Date = new Date(),
) {
  if (!isUuid(threadId)) throw new NotFoundError('mailbox.thread', threadId);
  return withAccount(db, accountId, async (trx) => {
    const thread = await ownThread(trx, accountId, threadId);
    const messages = await repo.listMessages(trx, threadId);
    const files = await repo.listAttachments(
      trx,
      messages.map((m) => m.id),
    );
    const newlyRead = await repo.markRead(trx, threadId, 'authority', at);
    const key = threadKey(keyring, thread);
    return {
      thread,
      newlyRead,
      messages: messages.map(({ sealed_body, ...m }) => ({
        ...m,
        body: openBody(key, { id: m.id, body: m.body, sealed_body }),
        unread: m.sender === 'authority' && m.read_at === null,
        attachments: files.filter((f) => f.message_id === m.id),
      })),
    };
  });
}

/**
 * Runs in the citizen's answer's transaction (as the citizen) when the thread is about an
 * application: the composition root lets the applications domain move it back to processing.
 */
export type AnswerHook = (
  trx: Transaction<DB>,
  answer: { accountId: string; applicationId: string; at: Date },
) => Promise<void>;

/** The citizen's answer in one of their threads; nothing is stored if any part is refused. */
export async function reply(
  db: Kysely<DB>,
  keyring: Keyring,
  accountId: string,
  threadId: string,
  input: { body: string; attachments?: IncomingFile[] },
  at: Date = new Date(),
  /** The virus scanner when CLAMD_URL is set: a citizen's files reach an authority. */
  scanner?: VirusScanner,
  onAnswer?: AnswerHook,
): Promise<{ messageId: string; applicationId: string | null }> {
  if (!isUuid(threadId)) throw new NotFoundError('mailbox.thread', threadId);
  const body = checkBody(input.body);
  const files = await checkFiles(input.attachments ?? [], scanner);
  return withAccount(db, accountId, async (trx) => {
    const thread = await ownThread(trx, accountId, threadId);
    const key = threadKey(keyring, thread);
    const messageId = randomUUID();
    await repo.insertMessage(trx, thread, {
      id: messageId,
      sender: 'citizen',
      ...messageColumns(key, messageId, body),
      at,
    });
    await repo.insertAttachments(trx, thread, messageId, fileRows(key, files));
    await repo.touchThread(trx, thread.id, at);
    if (thread.application_id !== null && onAnswer !== undefined) {
      await onAnswer(trx, { accountId, applicationId: thread.application_id, at });
    }
    return { messageId, applicationId: thread.application_id };
  });
}

/** A file of one of the citizen's own messages or threads, with its content. */
export async function attachment(
  db: Kysely<DB>,
  keyring: Keyring,
  accountId: string,
  attachmentId: string,
) {
  if (!isUuid(attachmentId)) throw new NotFoundError('mailbox.attachment', attachmentId);
  const found = await withAccount(db, accountId, (trx) => repo.findAttachment(trx, attachmentId));
  if (found === undefined || found.account_id !== accountId) {
    throw new NotFoundError('mailbox.attachment', attachmentId);
  }
  const { key_id, wrapped_key, thread_id, sealed, ...file } = found;
  const key = threadKey(keyring, { id: thread_id, key_id, wrapped_key });
  return { ...file, content: openFile(key, { id: file.id, sealed, content: file.content }) };
}

async function ownThread(trx: Kysely<DB>, accountId: string, threadId: string) {
  const thread = await repo.findThread(trx, threadId);
  // Row-level security already hides other accounts' threads; this says so in code as well.
  if (thread === undefined || thread.account_id !== accountId) {
    throw new NotFoundError('mailbox.thread', threadId);
  }
  return thread;
}

/**
 * Plain text: line breaks unified, control characters other than tab and newline removed
 * (PostgreSQL refuses NUL), surrounding blank space trimmed; counted in characters as
 * PostgreSQL's length() counts them.
 */
export function checkBody(raw: string): string {
  // Far beyond the limit: refuse before doing any work on it.
  if (raw.length > MAX_BODY_LENGTH * 4) {
    throw new ValidationError({ body: 'mailbox.error.bodyTooLong' });
  }
  const body = raw
    .replace(/\r\n?/g, '\n')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the target
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
    .trim();
  if (body === '') throw new ValidationError({ body: 'mailbox.error.bodyEmpty' });
  if ([...body].length > MAX_BODY_LENGTH) {
    throw new ValidationError({ body: 'mailbox.error.bodyTooLong' });
  }
  return body;
}

function checkSubject(raw: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are the target
  const subject = raw.replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
  if (subject === '') throw new ValidationError({ subject: 'mailbox.error.subjectEmpty' });
  if ([...subject].length > MAX_SUBJECT_LENGTH) {
    throw new ValidationError({ subject: 'mailbox.error.subjectTooLong' });
  }
  return subject;
}
