// Status changes: an authority (or its connector) moves an application on, or the citizen
// withdraws it; each is recorded as an event and posted to the application's Postfach thread
// with a content-free notice e-mail.
import type { Transaction } from 'kysely';
import { withAuthority } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import type { IncomingFile } from '../mailbox/attachments.ts';
import { postFromAuthority } from '../mailbox/service.ts';
import { isUuid } from '../uuid.ts';
import { formatDateTime } from '../web/format.ts';
import { translator } from '../web/i18n.ts';
import {
  ApplicationClosedError,
  NoPostfachError,
  StaleApplicationError,
  TransitionNotAllowedError,
} from './errors.ts';
import type { ApplicationsDeps } from './options.ts';
import * as repo from './repository.ts';
import { readAsOwner } from './sealed.ts';
import {
  type Actor,
  type ApplicationStatus,
  authorityMayChange,
  isClosed,
  isStatus,
  staffMayChange,
} from './status.ts';
import { recordStatus } from './status-record.ts';
import './messages.ts';

export const MAX_NOTE_LENGTH = 500;

export function createStatusChanges(deps: ApplicationsDeps) {
  const { db, tenancy, now, background } = deps;

  type ChangeInput = {
    authorityId: string;
    applicationId: string;
    status: ApplicationStatus;
    actor: Exclude<Actor, 'citizen'>;
    note?: string | null;
    /** The version the clerk's form showed: a change made since then is refused (stale). */
    expectedVersion?: number;
    /** The back office's graph (staffMayChange) instead of the connectors' looser one. */
    strict?: boolean;
    /** Runs in the same transaction after the change (the back office's audit entry). */
    inside?: (trx: Transaction<DB>, row: repo.ApplicationRow) => Promise<void>;
  };

  /** Checks the input before any transaction: bad input is refused, not half-done. */
  function checkedNote(input: ChangeInput): string | null {
    const note = input.note?.trim() || null;
    if (!isStatus(input.status)) throw new ValidationError({ status: 'applications.status' });
    if (note !== null && note.length > MAX_NOTE_LENGTH) {
      throw new ValidationError({ note: 'applications.note' });
    }
    if (!isUuid(input.applicationId)) {
      throw new NotFoundError('application', input.applicationId);
    }
    return note;
  }

  /** The change itself, in the caller's transaction: row locked, status set, event recorded. */
  async function changeIn(
    trx: Transaction<DB>,
    input: ChangeInput,
    note: string | null,
    at: Date,
  ): Promise<repo.ApplicationRow> {
    const row = await repo.findApplication(trx, input.applicationId, true);
    if (row === undefined) throw new NotFoundError('application', input.applicationId);
    if (input.expectedVersion !== undefined && row.version !== input.expectedVersion) {
      throw new StaleApplicationError(row.id, row.status);
    }
    const allowed = input.strict ? staffMayChange : authorityMayChange;
    if (!allowed(row.status, input.status)) {
      throw new TransitionNotAllowedError(`application ${row.id}: ${row.status} → ${input.status}`);
    }
    await recordStatus(trx, row, { status: input.status, actor: input.actor, note, at });
    await deps.hooks.statusChanged?.(trx, [row.id]);
    await input.inside?.(trx, row);
    return row;
  }

  /** After the commit: the change in the citizen's Postfach, with the notice e-mail. */
  async function postChange(
    changed: repo.ApplicationRow,
    status: ApplicationStatus,
    note: string | null,
  ): Promise<void> {
    if (changed.account_id === null) return;
    const t = translator(changed.language);
    const authorityName = (await tenancy.directory()).byId.get(changed.authority_id)?.name ?? '';
    const body = [
      t('applications.mailbox.statusChanged', {
        reference: changed.reference,
        title: changed.title,
        status: t(`applications.status.${status}`),
      }),
      note === null ? null : t('applications.mailbox.note', { note }),
      t('applications.mailbox.signature', { authority: authorityName }),
    ]
      .filter((p) => p !== null)
      .join('\n\n');
    await postToThread(changed, body);
  }

  /**
   * The domain API for authorities and their connectors: moves an application on, records
   * the event, posts it to the citizen's Postfach with a content-free notice e-mail.
   */
  async function changeStatus(input: ChangeInput): Promise<void> {
    const note = checkedNote(input);
    const at = now();
    const changed = await withAuthority(db, input.authorityId, (trx) =>
      changeIn(trx, input, note, at),
    );
    await postChange(changed, input.status, note);
  }

  /**
   * The delivery worker's "received" (every route delivered), inside the worker's transaction
   * that settles the deliveries, so the outcome and the status change commit together: one
   * read, one update, one insert of events and the hooks for the whole batch (a change each
   * cost six statements). Returns what to do after the commit: the Postfach messages. Staff
   * who moved an application on meanwhile win: then nothing changes for that one.
   */
  async function receivedInside(
    trx: Transaction<DB>,
    applications: readonly { id: string; authorityId: string }[],
  ): Promise<() => Promise<void>> {
    const status = 'received';
    const actor = 'connector';
    const note = null;
    const rows = await repo.findApplications(
      trx,
      applications.map((a) => a.id),
      true,
    );
    // Each application as the caller named it: its authority, not another's of the same id.
    const authorityOf = new Map(applications.map((a) => [a.id, a.authorityId]));
    const changed = rows.filter(
      (row) =>
        authorityOf.get(row.id) === row.authority_id && authorityMayChange(row.status, status),
    );
    if (changed.length === 0) return () => Promise.resolve();
    const at = now();
    const ids = changed.map((row) => row.id);
    await repo.setStatusOfOpen(trx, ids, { status, at });
    await repo.insertEvents(
      trx,
      changed.map((row) => ({
        applicationId: row.id,
        authorityId: row.authority_id,
        accountId: row.account_id,
        status,
        actor,
        note,
        at,
      })),
    );
    await deps.hooks.statusChanged?.(trx, ids);
    return async () => {
      for (const row of changed) await postChange(row, status, note);
    };
  }

  /** Appends to the application's thread (or opens one) and sends the notice. */
  async function postToThread(
    row: repo.ApplicationRow,
    body: string,
    attachments: IncomingFile[] = [],
  ): Promise<void> {
    if (row.account_id === null) return;
    const thread = await withAuthority(db, row.authority_id, (trx) =>
      repo.findThreadOf(trx, row.id),
    );
    const t = translator(row.language);
    await postFromAuthority(
      db,
      deps.keyring,
      {
        authorityId: row.authority_id,
        accountId: row.account_id,
        ...(thread
          ? { threadId: thread.id }
          : {
              subject: t('applications.mailbox.confirmationSubject', {
                reference: row.reference,
                title: row.title,
              }).slice(0, 200),
            }),
        body,
        applicationId: row.id,
        attachments,
      },
      {
        mailer: deps.mailer,
        publicUrl: deps.publicUrl,
        onMailError: (error) => background('notice', error),
      },
      now(),
    );
  }

  /**
   * A message (optionally with files, e.g. a decision as PDF) from the authority's system to
   * the citizen's Postfach, in the application's thread. Refused for an application sent
   * without an account: there is no Postfach to post to.
   */
  async function messageCitizen(input: {
    authorityId: string;
    applicationId: string;
    body: string;
    attachments?: IncomingFile[];
  }): Promise<void> {
    if (!isUuid(input.applicationId)) throw new NotFoundError('application', input.applicationId);
    const row = await withAuthority(db, input.authorityId, (trx) =>
      repo.findApplication(trx, input.applicationId),
    );
    if (row === undefined) throw new NotFoundError('application', input.applicationId);
    if (row.account_id === null) throw new NoPostfachError(row.id);
    await postToThread(row, input.body, input.attachments ?? []);
  }

  /** The citizen withdraws their open application. */
  async function withdraw(accountId: string, applicationId: string): Promise<void> {
    const at = now();
    const row = await readAsOwner(deps, { accountId }, applicationId, async (trx, row) => {
      if (isClosed(row.status)) throw new ApplicationClosedError(row.id);
      // Locked only now: the withdrawal policy hides closed rows from FOR UPDATE, so a row
      // read with the lock first would turn "already closed" into "not found".
      const locked = await repo.findApplication(trx, row.id, true);
      if (locked === undefined || isClosed(locked.status)) throw new ApplicationClosedError(row.id);
      await recordStatus(trx, locked, { status: 'withdrawn', actor: 'citizen', at });
      return row;
    });
    const t = translator(row.language);
    const authorityName = (await tenancy.directory()).byId.get(row.authority_id)?.name ?? '';
    await postToThread(
      row,
      [
        t('applications.mailbox.withdrawn', {
          reference: row.reference,
          title: row.title,
          date: formatDateTime(at, row.language),
        }),
        t('applications.mailbox.signature', { authority: authorityName }),
      ].join('\n\n'),
    ).catch((error) => background('withdrawal message', error));
  }

  return { changeStatus, receivedInside, withdraw, messageCitizen };
}
