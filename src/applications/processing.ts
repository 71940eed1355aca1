// The authority's processing of one application beyond a plain status change: asking the
// citizen for information (action_required with a Postfach message and an optional due date)
// and sending the decision (Bescheid) as a PDF to the Postfach while completing or rejecting.
// Status, history and message are written in one transaction (ADR 0023): the citizen never
// sees a decision without its file, nor a file without the decision. The notice mail follows
// the commit and says only that a message is waiting.
import type { Transaction } from 'kysely';
import { withAuthority } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { postInApplicationThread, sendNotice } from '../mailbox/application-thread.ts';
import type { CheckedFile } from '../mailbox/attachments.ts';
import { isUuid } from '../uuid.ts';
import { formatLongDate } from '../web/format.ts';
import { translator } from '../web/i18n.ts';
import type { AuthorityReadOptions } from './authority-view.ts';
import { NoPostfachError, StaleApplicationError, TransitionNotAllowedError } from './errors.ts';
import type { ApplicationsDeps } from './options.ts';
import * as repo from './repository.ts';
import { type ApplicationStatus, staffMayChange } from './status.ts';
import { MAX_NOTE_LENGTH } from './status-changes.ts';
import { recordStatus } from './status-record.ts';
import './messages.ts';

/** Longest request text: a letter, not a note (the Postfach takes 10,000). */
export const MAX_REQUEST_LENGTH = 3000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export type Change = {
  authorityId: string;
  applicationId: string;
  /** The version the clerk's form showed (optimistic lock). */
  expectedVersion: number;
  /** Runs in the same transaction after the change (the audit entry). */
  inside?: (trx: Transaction<DB>, row: repo.ApplicationRow) => Promise<void>;
} & Pick<AuthorityReadOptions, 'visible'>;

export function createProcessing(deps: ApplicationsDeps) {
  const { db, keyring, tenancy, now } = deps;
  const notice = () => ({
    mailer: deps.mailer,
    publicUrl: deps.publicUrl,
    onMailError: (error: unknown) => deps.background('notice', error),
  });

  /** Locks the application, checks authority, visibility, version and graph; then `fn`. */
  async function change<T>(
    input: Change,
    to: ApplicationStatus,
    fn: (trx: Transaction<DB>, row: repo.ApplicationRow & { account_id: string }) => Promise<T>,
  ): Promise<T> {
    if (!isUuid(input.applicationId)) throw new NotFoundError('application', input.applicationId);
    return withAuthority(db, input.authorityId, async (trx) => {
      const row = await repo.findApplication(trx, input.applicationId, true);
      if (
        row === undefined ||
        row.authority_id !== input.authorityId ||
        input.visible?.(row) === false
      ) {
        throw new NotFoundError('application', input.applicationId);
      }
      if (row.version !== input.expectedVersion)
        throw new StaleApplicationError(row.id, row.status);
      if (!staffMayChange(row.status, to)) {
        throw new TransitionNotAllowedError(`application ${row.id}: ${row.status} → ${to}`);
      }
      // Anonymous use has no Postfach: a request or a decision could not reach anybody.
      if (row.account_id === null) throw new NoPostfachError(row.id);
      const result = await fn(trx, { ...row, account_id: row.account_id });
      await input.inside?.(trx, row);
      return result;
    });
  }

  /** Sets action_required and asks the citizen in the Postfach, optionally by a date. */
  async function requestInformation(
    input: Change & { message: string; dueOn: string | null },
  ): Promise<void> {
    const message = input.message.trim();
    if (message === '' || [...message].length > MAX_REQUEST_LENGTH) {
      throw new ValidationError({ message: 'applications.request.message' });
    }
    if (input.dueOn !== null && !validDate(input.dueOn)) {
      throw new ValidationError({ dueOn: 'applications.request.dueOn' });
    }
    const directory = await tenancy.directory();
    const at = now();
    const accountId = await change(input, 'action_required', async (trx, row) => {
      await recordStatus(trx, row, {
        status: 'action_required',
        actor: 'authority',
        at,
        dueOn: input.dueOn,
      });
      const t = translator(row.language);
      const body = [
        t('applications.mailbox.informationRequested', {
          reference: row.reference,
          title: row.title,
        }),
        message,
        input.dueOn === null
          ? t('applications.mailbox.answerHere')
          : t('applications.mailbox.answerBy', { date: formatDay(input.dueOn, row.language) }),
        t('applications.mailbox.signature', {
          authority: directory.byId.get(row.authority_id)?.name ?? '',
        }),
      ].join('\n\n');
      await postInApplicationThread(
        trx,
        keyring,
        { application: row, subject: subjectOf(row), body },
        at,
      );
      return row.account_id;
    });
    await sendNotice(db, notice(), accountId);
  }

  /** Completes or rejects with the decision's PDF in the Postfach, all or nothing. */
  async function decide(
    input: Change & {
      outcome: 'completed' | 'rejected';
      note: string;
      /** Checked by the caller: a PDF by its bytes, within the limit, scanned. */
      file: CheckedFile;
    },
  ): Promise<void> {
    if (input.file.mediaType !== 'application/pdf') {
      throw new ValidationError({ decision: 'applications.decision.pdf' });
    }
    const note = input.note.trim() || null;
    if (note !== null && [...note].length > MAX_NOTE_LENGTH) {
      throw new ValidationError({ note: 'applications.note' });
    }
    const directory = await tenancy.directory();
    const at = now();
    const accountId = await change(input, input.outcome, async (trx, row) => {
      const t = translator(row.language);
      const body = [
        t(`applications.mailbox.decision.${input.outcome}`, {
          reference: row.reference,
          title: row.title,
        }),
        note === null ? null : t('applications.mailbox.note', { note }),
        t('applications.mailbox.signature', {
          authority: directory.byId.get(row.authority_id)?.name ?? '',
        }),
      ]
        .filter((p) => p !== null)
        .join('\n\n');
      const posted = await postInApplicationThread(
        trx,
        keyring,
        {
          application: row,
          subject: subjectOf(row),
          body,
          files: [
            {
              ...input.file,
              fileName: t('applications.decision.fileName', { reference: row.reference }),
            },
          ],
        },
        at,
      );
      await recordStatus(trx, row, {
        status: input.outcome,
        actor: 'authority',
        at,
        note,
        decisionAttachmentId: posted.fileIds[0] ?? null,
      });
      return row.account_id;
    });
    await sendNotice(db, notice(), accountId);
  }

  function subjectOf(row: repo.ApplicationRow): string {
    return translator(row.language)('applications.mailbox.confirmationSubject', {
      reference: row.reference,
      title: row.title,
    });
  }

  return { requestInformation, decide };
}

/** A YYYY-MM-DD day in words; noon UTC is the same day in Germany. */
export const formatDay = (day: string, lang: 'de' | 'en') =>
  formatLongDate(new Date(`${day}T12:00:00Z`), lang);

/** A real calendar day as YYYY-MM-DD, not before today and within two years. */
export function validDate(value: string, today: Date = new Date()): boolean {
  if (!DATE.test(value)) return false;
  const day = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(day.getTime()) || day.toISOString().slice(0, 10) !== value) return false;
  const start = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return day.getTime() >= start && day.getTime() <= start + 731 * 86_400_000;
}

/**
 * The citizen's answer in the Postfach of an application waiting for them: back to
 * processing, in the answer's transaction, as the citizen (policy application_citizen_answer).
 * An answer to an application in any other status is just a message.
 */
export async function resumeAfterAnswer(
  trx: Transaction<DB>,
  answer: { accountId: string; applicationId: string; at: Date },
): Promise<void> {
  const row = await trx
    .selectFrom('application')
    .select(['id', 'authority_id', 'account_id', 'status'])
    .where('id', '=', answer.applicationId)
    .where('account_id', '=', answer.accountId)
    .forUpdate()
    .executeTakeFirst();
  if (row === undefined || row.status !== 'action_required') return;
  await recordStatus(trx, row, { status: 'processing', actor: 'citizen', at: answer.at });
}
