import { withAuthority, withWorker } from '../db/rls.ts';
import type { DraftOwner } from '../drafts/owner.ts';
import { newMessageMail } from '../mailbox/mails.ts';
import * as mailboxRepo from '../mailbox/submission.ts';
import { fileRows, threadKey } from '../mailbox/submission.ts';

import { translator } from '../web/i18n.ts';
import type { ApplicationsDeps } from './options.ts';
import type { ReceiptContent } from './receipt-content.ts';
import { createReceiptOnce, openStoredReceipt, sealReceipt } from './receipt-once.ts';
import * as repo from './repository.ts';
import { dataKeyOf, openSnapshot, readAsOwner } from './sealed.ts';
import './messages.ts';

/** The longest wait before a failed receipt is tried again. */
const RETRY_MAX_MS = 60 * 60_000;

export function createReceipts(deps: ApplicationsDeps) {
  const { db, tenancy, keyring, renderReceipt, now, background } = deps;
  const postfachLink = () => `${deps.publicUrl.replace(/\/+$/, '')}/postfach`;
  /** Receipts that failed: not before `at`; the delay doubles per failure (postPendingReceipts). */
  const retryAfter = new Map<string, { at: number; delayMs: number }>();
  /** The Postfach copy and the deliveries share one rendering (receipt-once.ts). */
  const receiptOf = createReceiptOnce(renderReceipt);

  /** The content-free notice that a Postfach message is waiting. Never fails the caller. */
  async function notify(accountId: string): Promise<void> {
    try {
      const recipient = await mailboxRepo.findRecipient(db, accountId);
      if (recipient === undefined) return;
      await deps.mailer.send(newMessageMail(recipient.language, recipient.email, postfachLink()));
    } catch (error) {
      background('notice', error);
    }
  }

  /** The receipt's content, from the snapshot: the same document however often it is made. */
  // No query here: on PGlite (one connection) a query outside the caller's transaction waits
  // for it forever, so callers read the Verbund's name before they open one.
  function receiptContent(row: repo.ApplicationRow, verbundName: string): ReceiptContent {
    const snapshot = openSnapshot(keyring, row);
    const t = translator(row.language);
    const applicant = [snapshot.profile?.givenName, snapshot.profile?.familyName]
      .filter((part) => part)
      .join(' ');
    const place = [row.authority_postcode, row.authority_locality].filter((p) => p).join(' ');
    return {
      verbundName,
      authority: {
        name: row.authority_name,
        addressLines: [row.authority_street, place].filter((line): line is string => !!line),
        phone: row.authority_phone,
        email: row.authority_email,
        web: row.authority_website,
      },
      serviceName: row.title,
      leikaKey: row.leika_key,
      referenceNumber: row.reference,
      submittedAt: row.submitted_at,
      applicantName: applicant === '' ? t('applications.receipt.anonymous') : applicant,
      sections: snapshot.sections.map((section) => ({
        title: section.title,
        answers: section.entries.map((entry) => ({
          label: entry.label,
          value: entry.lines.length > 0 ? entry.lines.join('\n') : t('forms.check.none'),
        })),
      })),
      attachments: snapshot.attachments.map((a) => ({
        name: a.name,
        size: a.size,
        mediaType: a.type,
      })),
    };
  }

  /**
   * The receipt as a PDF: the one stored when it was first made (the copy the authority got),
   * else rendered from the snapshot, the same document every time.
   */
  async function receipt(owner: DraftOwner, applicationId: string) {
    const { verbund } = await tenancy.directory();
    const read = await readAsOwner(deps, owner, applicationId, async (trx, row) => {
      const stored = openStoredReceipt(
        dataKeyOf(keyring, row),
        await repo.findSealedReceipt(trx, row.id),
      );
      if (stored !== undefined) return { reference: row.reference, stored };
      return { reference: row.reference, content: receiptContent(row, verbund.name), row };
    });
    if (read.stored !== undefined) return { reference: read.reference, pdf: read.stored };
    return { reference: read.reference, pdf: await renderReceipt(read.content, read.row.language) };
  }

  /**
   * Attaches the receipt to the confirmation message and then sends the content-free notice,
   * once. Runs as the authority: the message is theirs. For anonymous use there is no
   * Postfach; only the mark is set. True when this call posted it.
   */
  async function postReceipt(
    applicationId: string,
    authorityId: string,
    verbundName: string,
  ): Promise<boolean> {
    const posted = await withAuthority(db, authorityId, async (trx) => {
      const application = await repo.findApplication(trx, applicationId, true);
      if (application === undefined || application.receipt_posted_at !== null) return undefined;
      const thread = await repo.findThreadOf(trx, applicationId);
      const accountId = thread?.account_id ?? null;
      /** Rendered here: stored with the mark below, for the deliveries (ADR 0048). */
      let sealed: Buffer | undefined;
      if (thread !== undefined && accountId !== null) {
        const dataKey = dataKeyOf(keyring, application);
        let pdf = openStoredReceipt(dataKey, await repo.findSealedReceipt(trx, application.id));
        if (pdf === undefined) {
          pdf = await receiptOf(
            application.id,
            () => receiptContent(application, verbundName),
            application.language,
          );
          sealed = sealReceipt(dataKey, pdf);
        }
        const t = translator(application.language);
        await mailboxRepo.insertAttachments(
          trx,
          { ...thread, account_id: accountId },
          thread.first_message_id,
          // Sealed under the thread's key like every Postfach file (ADR 0012).
          fileRows(threadKey(keyring, thread), [
            {
              fileName: t('applications.receipt.fileName', { reference: application.reference }),
              mediaType: 'application/pdf',
              size: pdf.byteLength,
              content: pdf,
            },
          ]),
        );
      }
      await trx
        .updateTable('application')
        .set((eb) => ({
          receipt_posted_at: now(),
          // A delivery may have stored its rendering meanwhile: that one stays.
          ...(sealed ? { receipt_sealed: eb.fn.coalesce('receipt_sealed', eb.val(sealed)) } : {}),
        }))
        .where('id', '=', applicationId)
        .execute();
      return { accountId };
    });
    if (posted === undefined) return false;
    if (posted.accountId !== null) await notify(posted.accountId);
    return true;
  }

  /**
   * Worker: receipts of applications sent since the last run, oldest first, until none is
   * left. Rendering the PDF costs more CPU than all else a submission does, so it is kept off
   * the request (ADR 0014); the application page offers the receipt at once all the same.
   * Several workers may run this together: the row lock lets only one post each receipt.
   */
  async function postPendingReceipts(batch = 50): Promise<number> {
    const { verbund } = await tenancy.directory();
    const at = now().getTime();
    let posted = 0;
    // Failures stay pending; this run passes over them so they cannot starve the rest, and
    // later runs wait longer and longer before trying one again (in this process).
    const skip = new Set([...retryAfter].filter(([, r]) => r.at > at).map(([id]) => id));
    let failed = 0;
    let firstFailure: unknown;
    for (;;) {
      const { pending, marked } = await withWorker(db, async (trx) => {
        let query = trx
          .selectFrom('application as a')
          .select((eb) => [
            'a.id',
            'a.authority_id',
            eb
              .exists(
                eb
                  .selectFrom('mailbox_thread as t')
                  .select('t.id')
                  .whereRef('t.application_id', '=', 'a.id')
                  .where('t.account_id', 'is not', null),
              )
              .as('postfach'),
          ])
          .where('a.receipt_posted_at', 'is', null);
        if (skip.size > 0) query = query.where('a.id', 'not in', [...skip]);
        const pending = await query.orderBy('a.submitted_at').limit(batch).execute();
        const anonymous = pending.filter((p) => !p.postfach).map((p) => p.id);
        return { pending, marked: new Set(await repo.markReceiptsPosted(trx, anonymous, now())) };
      });
      posted += marked.size;
      for (const { id, authority_id, postfach } of pending) {
        if (!postfach) {
          // Marked, or held by another worker's mark: not looked at again in this run.
          if (marked.has(id)) retryAfter.delete(id);
          else skip.add(id);
          continue;
        }
        try {
          if (await postReceipt(id, authority_id, verbund.name)) posted++;
          retryAfter.delete(id);
        } catch (error) {
          const delayMs = Math.min(2 * (retryAfter.get(id)?.delayMs ?? 1_000), RETRY_MAX_MS);
          retryAfter.set(id, { at: at + delayMs, delayMs });
          skip.add(id);
          failed++;
          firstFailure ??= error;
        }
      }
      if (pending.length < batch) break;
    }
    if (firstFailure !== undefined) {
      throw new Error(`${failed} receipts failed, ${posted} posted`, { cause: firstFailure });
    }
    return posted;
  }

  return { receipt, postPendingReceipts, receiptContent, receiptOf };
}
