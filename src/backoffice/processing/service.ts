// Processing one application in the back office: its Postfach thread and internal notes, the
// receipt, asking the citizen for information, sending the decision, and reply templates
// filled in for it. Every read and change runs as the session's authority through the
// applications domain's authority-side API; each staff action on personal data is audited in
// the same transaction as the action itself.
import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Applications } from '../../applications/applications.ts';
import type { AuthorityReadOptions } from '../../applications/authority-view.ts';
import { formatDay, MAX_REQUEST_LENGTH, validDate } from '../../applications/processing.ts';
import { dataKeyOf } from '../../applications/sealed.ts';
import { type ApplicationStatus, isStatus } from '../../applications/status.ts';
import { MAX_NOTE_LENGTH } from '../../applications/status-changes.ts';
import { type AuditAction, appendAudit } from '../../audit/service.ts';
import type { DB } from '../../db/schema.ts';
import { type Keyring, seal, unsealText } from '../../envelope/envelope.ts';
import { NotFoundError, ValidationError } from '../../errors.ts';
import { checkFile, type FileRefusal, scanFile } from '../../files/accept.ts';
import type { VirusScanner } from '../../files/scanner.ts';
import { applicationFile, readApplicationThread } from '../../mailbox/application-thread.ts';
import { isUuid } from '../../uuid.ts';
import { workingIn } from '../inbox.ts';
import type { StaffSession } from '../staff.ts';
import { fillPlaceholders } from '../templates/placeholders.ts';
import { listTemplates } from '../templates/repository.ts';
import { templatesFor } from '../templates/service.ts';

/** An internal note: a few sentences, not a file. */
export const MAX_INTERNAL_NOTE_LENGTH = 2000;
/** A decision is a letter of a few pages: 10 MB is plenty, and what a Postfach file may be. */
export const MAX_DECISION_BYTES = 10 * 1024 * 1024;

/** The application as the authority reads it (applications/authority-view.ts). */
type ApplicationRow = Parameters<NonNullable<AuthorityReadOptions['inside']>>[1];

const notePurpose = (id: string) => `note:${id}`;

const DECISION_REFUSAL: Record<FileRefusal, string> = {
  tooLarge: 'backoffice.decision.tooLarge',
  empty: 'backoffice.decision.notPdf',
  type: 'backoffice.decision.notPdf',
  notAllowed: 'backoffice.decision.notPdf',
  polyglot: 'backoffice.decision.unsafe',
  activeContent: 'backoffice.decision.unsafe',
  dimensions: 'backoffice.decision.unsafe',
  damaged: 'backoffice.decision.unsafe',
  infected: 'backoffice.decision.infected',
  scannerUnavailable: 'backoffice.decision.scannerUnavailable',
};

export type Processing = ReturnType<typeof createProcessing>;

export function createProcessing(deps: {
  applications: Applications;
  keyring: Keyring;
  scanner?: VirusScanner | undefined;
  now?: () => Date;
}) {
  const { applications, keyring } = deps;
  const now = deps.now ?? (() => new Date());

  const visibleTo = (m: { serviceIds: string[] | null }) => (row: { online_service_id: string }) =>
    m.serviceIds === null || m.serviceIds.includes(row.online_service_id);

  const audit =
    (
      s: StaffSession,
      action: AuditAction,
      subject: (row: ApplicationRow) => { type: string; id: string },
      ip: string | null,
    ) =>
    (trx: Transaction<DB>, row: ApplicationRow) =>
      appendAudit(trx, {
        authorityId: row.authority_id,
        verbundId: s.verbundId,
        staffId: s.staffId,
        action,
        subject: subject(row),
        ip,
        at: now(),
      });
  const theApplication = (row: ApplicationRow) => ({ type: 'application', id: row.id });

  const version = (value: string, id: string) => {
    const n = Number(value);
    if (!Number.isSafeInteger(n) || n < 1) throw new NotFoundError('application', id);
    return n;
  };

  /** What the detail page shows beyond the answers: thread, notes, templates. Not audited
   * apart: it is read together with the detail, whose viewing is audited. */
  function extras(s: StaffSession, applicationId: string) {
    const m = workingIn(s);
    return applications.readAsAuthority(
      m.authorityId,
      applicationId,
      { visible: visibleTo(m) },
      async (trx, row) => {
        const key = dataKeyOf(keyring, row);
        const notes = await trx
          .selectFrom('application_note as n')
          .leftJoin('staff as s', 's.id', 'n.staff_id')
          .select(['n.id', 'n.sealed_body', 'n.created_at', 's.display_name as author'])
          .where('n.application_id', '=', row.id)
          .orderBy('n.created_at')
          .orderBy('n.id')
          .execute();
        return {
          messages: await readApplicationThread(trx, keyring, row.id),
          notes: notes.map(({ sealed_body, ...n }) => ({
            ...n,
            body: unsealText(key, notePurpose(n.id), Buffer.from(sealed_body)),
          })),
          templates: templatesFor(await listTemplates(trx, m.authorityId), row.online_service_id),
        };
      },
    );
  }

  /** An internal note, sealed like the answers; never shown to the citizen. */
  async function addNote(
    s: StaffSession,
    applicationId: string,
    raw: string,
    ip: string | null,
  ): Promise<void> {
    const m = workingIn(s);
    const body = raw.replace(/\r\n?/g, '\n').trim();
    if (body === '') throw new ValidationError({ noteBody: 'backoffice.notes.empty.invalid' });
    if ([...body].length > MAX_INTERNAL_NOTE_LENGTH) {
      throw new ValidationError({ noteBody: 'backoffice.notes.tooLong' });
    }
    const id = randomUUID();
    await applications.readAsAuthority(
      m.authorityId,
      applicationId,
      {
        visible: visibleTo(m),
        inside: audit(s, 'note.added', () => ({ type: 'application_note', id }), ip),
      },
      async (trx, row) => {
        await trx
          .insertInto('application_note')
          .values({
            id,
            verbund_id: row.verbund_id,
            authority_id: row.authority_id,
            application_id: row.id,
            staff_id: s.staffId,
            sealed_body: seal(dataKeyOf(keyring, row), notePurpose(id), body),
            created_at: now(),
          })
          .execute();
      },
    );
  }

  /** A file of the application's Postfach thread (the citizen's answer, a decision). */
  function threadFile(s: StaffSession, applicationId: string, fileId: string, ip: string | null) {
    const m = workingIn(s);
    if (!isUuid(fileId)) return Promise.reject(new NotFoundError('mailbox.attachment', fileId));
    return applications.readAsAuthority(
      m.authorityId,
      applicationId,
      {
        visible: visibleTo(m),
        inside: audit(
          s,
          'attachment.downloaded',
          () => ({ type: 'mailbox_attachment', id: fileId }),
          ip,
        ),
      },
      (trx, row) => applicationFile(trx, keyring, row.id, fileId),
    );
  }

  function receipt(s: StaffSession, applicationId: string, ip: string | null) {
    const m = workingIn(s);
    return applications.receiptForAuthority(m.authorityId, applicationId, {
      visible: visibleTo(m),
      inside: audit(s, 'receipt.downloaded', theApplication, ip),
    });
  }

  /** Asks the citizen in the Postfach; the application waits for them (action_required). */
  async function requestInformation(
    s: StaffSession,
    input: { applicationId: string; message: string; dueOn: string; version: string },
    ip: string | null,
  ): Promise<void> {
    const m = workingIn(s);
    const message = input.message.replace(/\r\n?/g, '\n').trim();
    const errors: Record<string, string> = {};
    if (message === '') errors.message = 'backoffice.request.empty';
    else if ([...message].length > MAX_REQUEST_LENGTH)
      errors.message = 'backoffice.request.tooLong';
    const dueOn = input.dueOn.trim();
    if (dueOn !== '' && !validDate(dueOn, now())) errors.dueOn = 'backoffice.request.dueOn.invalid';
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
    await applications.requestInformation({
      authorityId: m.authorityId,
      applicationId: input.applicationId,
      expectedVersion: version(input.version, input.applicationId),
      visible: visibleTo(m),
      message,
      dueOn: dueOn === '' ? null : dueOn,
      inside: audit(s, 'application.information_requested', theApplication, ip),
    });
  }

  /**
   * The decision: a PDF (by its bytes), within the limit, scanned when a scanner is set up,
   * to the Postfach, and the application completed or rejected in the same transaction.
   */
  async function decide(
    s: StaffSession,
    input: {
      applicationId: string;
      outcome: string;
      note: string;
      version: string;
      file: { fileName: string; content: Uint8Array } | undefined;
      /** The upload ran into the size limit while it was read. */
      truncated?: boolean;
    },
    ip: string | null,
  ): Promise<void> {
    const m = workingIn(s);
    const errors: Record<string, string> = {};
    if (input.outcome !== 'completed' && input.outcome !== 'rejected') {
      errors.outcome = 'backoffice.decision.outcome.invalid';
    }
    if ([...input.note.trim()].length > MAX_NOTE_LENGTH)
      errors.note = 'backoffice.change.noteTooLong';
    let file: ReturnType<typeof checkFile> | undefined;
    if (input.truncated) errors.decision = DECISION_REFUSAL.tooLarge;
    else if (input.file === undefined || input.file.content.length === 0) {
      errors.decision = 'backoffice.decision.missing';
    } else {
      file = checkFile(input.file, { accept: ['application/pdf'], maxBytes: MAX_DECISION_BYTES });
      if (!file.ok) errors.decision = DECISION_REFUSAL[file.reason];
    }
    if (Object.keys(errors).length > 0 || file === undefined || !file.ok) {
      throw new ValidationError(errors);
    }
    const verdict = await scanFile(file.file.content, deps.scanner);
    if (verdict === 'infected' || verdict === 'scannerUnavailable') {
      throw new ValidationError({ decision: DECISION_REFUSAL[verdict] });
    }
    await applications.decide({
      authorityId: m.authorityId,
      applicationId: input.applicationId,
      expectedVersion: version(input.version, input.applicationId),
      visible: visibleTo(m),
      outcome: input.outcome as 'completed' | 'rejected',
      note: input.note,
      file: { ...file.file, scanStatus: verdict },
      inside: audit(s, 'application.decision_sent', theApplication, ip),
    });
  }

  /**
   * A template's text for the application, placeholders filled in: reference number, service,
   * authority, today, and the due date when one was chosen in the form.
   */
  function fill(
    s: StaffSession,
    applicationId: string,
    templateId: string,
    context: { dueOn?: string; status?: string },
  ): Promise<string> {
    const m = workingIn(s);
    if (!isUuid(templateId))
      throw new ValidationError({ template: 'backoffice.templates.unknown' });
    return applications.readAsAuthority(
      m.authorityId,
      applicationId,
      { visible: visibleTo(m) },
      async (trx, row) => {
        const status = isStatus(context.status) ? (context.status as ApplicationStatus) : undefined;
        const template = templatesFor(
          await listTemplates(trx, m.authorityId),
          row.online_service_id,
          status,
        ).find((r) => r.id === templateId);
        if (template === undefined) {
          throw new ValidationError({ template: 'backoffice.templates.unknown' });
        }
        const due = context.dueOn !== undefined && validDate(context.dueOn, now());
        return fillPlaceholders(template.body, {
          Aktenzeichen: row.reference,
          Leistung: row.title,
          Behörde: row.authority_name,
          Datum: formatDay(now().toISOString().slice(0, 10), 'de'),
          ...(due ? { Frist: formatDay(context.dueOn as string, 'de') } : {}),
        });
      },
    );
  }

  return { extras, addNote, threadFile, receipt, requestInformation, decide, fill };
}
