import { type FastifyPluginAsyncTypebox, Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { requireTrustLevel } from '../accounts/sign-in/session.ts';
import type { DB } from '../db/schema.ts';
import type { Keyring } from '../envelope/envelope.ts';
import { ValidationError } from '../errors.ts';
import { contentDisposition } from '../files/names.ts';
import type { VirusScanner } from '../files/scanner.ts';
import type { Directory, Tenancy } from '../tenancy/service.ts';
import { pageFrame } from '../web/layout.ts';
import {
  type AnswerHook,
  attachment,
  listThreads,
  openThread,
  reply as sendReply,
  unreadCount,
} from './service.ts';
import { readReplyForm } from './upload.ts';
import { listPage, type ThreadView, threadPage } from './views.ts';

export type MailboxRoutesOptions = {
  db: Kysely<DB>;
  tenancy: Tenancy;
  /** The Verbund keys: threads are sealed under their own data keys (ADR 0012). */
  keyring: Keyring;
  /** Scans the citizen's attachments when CLAMD_URL is set, as for form uploads. */
  scanner?: VirusScanner | undefined;
  /**
   * What an answer in an application's thread does, in the answer's transaction (app/web.ts):
   * the application back to processing, the assigned clerk's notice queued.
   */
  onAnswer?: AnswerHook;
};

// Ids are checked by the service (a malformed one is simply not found); this only caps length.
const ID = Type.String({ maxLength: 64 });

/**
 * Sets the header's unread counter for signed-in citizens: one indexed COUNT per page.
 * Register after the session hook, as a preHandler for the whole app. Only pages that are
 * read (GET, HEAD) count: a form post mostly answers with a redirect to such a page, and the
 * few it renders itself (a form with its errors) show the Postfach link without the number.
 */
export function unreadCounter(db: Kysely<DB>) {
  return async (request: FastifyRequest) => {
    if (request.account === undefined || request.url.startsWith('/assets/')) return;
    if (request.method !== 'GET' && request.method !== 'HEAD') return;
    request.ctx.unread = await unreadCount(db, request.account.accountId);
  };
}

export const mailboxRoutes: FastifyPluginAsyncTypebox<MailboxRoutesOptions> = async (
  app,
  { db, tenancy, keyring, scanner, onAnswer },
) => {
  const signedIn = requireTrustLevel('basic');
  const authorityName = (dir: Directory, id: string, request: FastifyRequest) =>
    dir.byId.get(id)?.name ?? request.ctx.t('mailbox.unknownAuthority');
  /** requireTrustLevel ran before: there is a session. */
  const accountOf = (request: FastifyRequest) => {
    if (request.account === undefined) throw new Error('mailbox route without a session');
    return request.account.accountId;
  };

  const showThread = async (
    request: FastifyRequest,
    reply: FastifyReply,
    threadId: string,
    extra: Pick<ThreadView, 'sent' | 'errors' | 'draft'> = {},
    status = 200,
  ) => {
    const opened = await openThread(db, keyring, accountOf(request), threadId, request.ctx.now());
    // The counter was read before this page marked messages read.
    if (request.ctx.unread !== undefined) {
      request.ctx.unread = Math.max(0, request.ctx.unread - opened.newlyRead);
    }
    const dir = await tenancy.directory();
    return reply.header('cache-control', 'no-store').page(
      threadPage(pageFrame(request.ctx, dir.verbund.name), {
        opened,
        authorityName: authorityName(dir, opened.thread.authority_id, request),
        csrf: reply.generateCsrf(),
        ...extra,
      }),
      status,
    );
  };

  app.get('/postfach', { preHandler: signedIn }, async (request, reply) => {
    const threads = await listThreads(db, accountOf(request));
    const dir = await tenancy.directory();
    return reply.header('cache-control', 'no-store').page(
      listPage(
        pageFrame(request.ctx, dir.verbund.name),
        threads.map((thread) => ({
          id: thread.id,
          subject: thread.subject,
          authorityName: authorityName(dir, thread.authority_id, request),
          lastMessageAt: thread.last_message_at,
          unread: thread.unread,
        })),
      ),
    );
  });

  app.get(
    '/postfach/:threadId',
    {
      preHandler: signedIn,
      schema: {
        params: Type.Object({ threadId: ID }),
        querystring: Type.Object({ gesendet: Type.Optional(Type.String({ maxLength: 5 })) }),
      },
    },
    async (request, reply) =>
      showThread(request, reply, request.params.threadId, {
        sent: request.query.gesendet === '1',
      }),
  );

  app.post(
    '/postfach/:threadId/antwort',
    {
      // Signed in first (no upload is read for strangers), then the form, then its token.
      preHandler: [signedIn, readReplyForm, app.csrfProtection],
      schema: { params: Type.Object({ threadId: ID }) },
    },
    async (request, reply) => {
      const form = request.replyForm ?? { body: '', files: [] };
      const threadId = request.params.threadId;
      try {
        if (form.problem !== undefined) {
          throw new ValidationError({ [form.problem.field]: form.problem.key });
        }
        await sendReply(
          db,
          keyring,
          accountOf(request),
          threadId,
          { body: form.body, attachments: form.files },
          request.ctx.now(),
          scanner,
          onAnswer,
        );
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        return showThread(
          request,
          reply,
          threadId,
          {
            errors: error.fields as ThreadView['errors'],
            // A body cut off by the upload limit is not worth showing again.
            draft: form.problem?.field === 'body' ? '' : form.body,
          },
          // The scanner down is not the citizen's mistake: try again later.
          error.fields.attachments === 'mailbox.error.scannerUnavailable' ? 503 : 422,
        );
      }
      return reply.redirect(`/postfach/${encodeURIComponent(threadId)}?gesendet=1`, 303);
    },
  );

  app.get(
    '/postfach/anhang/:attachmentId',
    { preHandler: signedIn, schema: { params: Type.Object({ attachmentId: ID }) } },
    async (request, reply) => {
      const file = await attachment(db, keyring, accountOf(request), request.params.attachmentId);
      const content = Buffer.from(file.content.buffer, file.content.byteOffset, file.size);
      return (
        reply
          .header('content-type', file.media_type)
          .header('content-disposition', contentDisposition(file.file_name))
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', 'private, no-store')
          // Should a browser render it after all, it runs nothing and loads nothing.
          .header('content-security-policy', "default-src 'none'; sandbox")
          .send(content)
      );
    },
  );
};
