import type { ExportPart } from '../accounts/privacy/service.ts';
import { withAccount } from '../db/rls.ts';
import type { Keyring } from '../envelope/envelope.ts';
import { openBody, threadKey } from './sealing.ts';

/**
 * The Postfach's share of a citizen's data export: every thread with its messages and the
 * attachments' names, types and sizes (the files themselves are downloaded from the Postfach).
 * Read as the citizen, under row-level security, like every citizen-side query; the texts
 * opened with each thread's key.
 */
export const mailboxExport = (keyring: Keyring): ExportPart => ({
  name: 'mailbox',
  collect: (db, accountId) =>
    withAccount(db, accountId, async (trx) => {
      const threads = await trx
        .selectFrom('mailbox_thread')
        .innerJoin('authority', 'authority.id', 'mailbox_thread.authority_id')
        .select([
          'mailbox_thread.id',
          'mailbox_thread.subject',
          'authority.name as authority',
          'mailbox_thread.created_at',
          'mailbox_thread.key_id',
          'mailbox_thread.wrapped_key',
        ])
        .where('mailbox_thread.account_id', '=', accountId)
        .orderBy('mailbox_thread.created_at')
        .execute();
      const messages = await trx
        .selectFrom('mailbox_message')
        .select(['id', 'thread_id', 'sender', 'body', 'sealed_body', 'sent_at', 'read_at'])
        .where('account_id', '=', accountId)
        .orderBy('sent_at')
        .execute();
      const attachments = await trx
        .selectFrom('mailbox_attachment')
        .select(['message_id', 'file_name', 'media_type', 'size'])
        .where('account_id', '=', accountId)
        .orderBy('position')
        .execute();
      return threads.map((thread) => {
        const key = threadKey(keyring, thread);
        return {
          subject: thread.subject,
          authority: thread.authority,
          startedAt: thread.created_at,
          messages: messages
            .filter((m) => m.thread_id === thread.id)
            .map((m) => ({
              from: m.sender,
              sentAt: m.sent_at,
              readAt: m.read_at,
              body: openBody(key, m),
              attachments: attachments
                .filter((a) => a.message_id === m.id)
                .map(({ file_name, media_type, size }) => ({
                  fileName: file_name,
                  mediaType: media_type,
                  size,
                })),
            })),
        };
      });
    }),
});
