// The casework of one authority: what a signed-in clerk sees and does with one application
// (the inbox list is inbox-list.ts). Every read and change runs as the authority the session
// works in, so row-level security and the explicit checks here both keep other authorities'
// applications out (404, never 403: an id of another authority must not even be confirmed to
// exist).
import type { Kysely } from 'kysely';
import type { Applications } from '../applications/applications.ts';
import { isStatus } from '../applications/status.ts';
import { MAX_NOTE_LENGTH } from '../applications/status-changes.ts';
import { appendAudit } from '../audit/service.ts';
import type { DB, StaffRole } from '../db/schema.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import type { StaffSession } from './staff.ts';

export type Casework = ReturnType<typeof createCasework>;

/** The roles that work on applications; auditors and the Verbund's admins see no content. */
export function processes(role: StaffRole): boolean {
  return role === 'clerk' || role === 'coordinator' || role === 'authority_admin';
}

/** The working membership of a session that may see applications, or NotFoundError. */
export function workingIn(s: StaffSession) {
  const m = s.current;
  if (s.stage !== 'active' || m === undefined || !processes(m.role)) {
    throw new NotFoundError('authority', '');
  }
  return m;
}

export function createCasework(deps: {
  db: Kysely<DB>;
  applications: Applications;
  now?: () => Date;
}) {
  const { applications } = deps;
  const now = deps.now ?? (() => new Date());

  const visibleTo = (m: { serviceIds: string[] | null }) => (row: { online_service_id: string }) =>
    m.serviceIds === null || m.serviceIds.includes(row.online_service_id);

  /** The application's detail; its viewing is audited in the same transaction. */
  function detail(s: StaffSession, applicationId: string, ip: string | null) {
    const m = workingIn(s);
    return applications.detailForAuthority(m.authorityId, applicationId, {
      visible: visibleTo(m),
      inside: (trx, row) =>
        appendAudit(trx, {
          authorityId: m.authorityId,
          verbundId: s.verbundId,
          staffId: s.staffId,
          action: 'application.viewed',
          subject: { type: 'application', id: row.id },
          ip,
          at: now(),
        }),
    });
  }

  function attachment(
    s: StaffSession,
    applicationId: string,
    attachmentId: string,
    ip: string | null,
  ) {
    const m = workingIn(s);
    return applications.attachmentForAuthority(m.authorityId, applicationId, attachmentId, {
      visible: visibleTo(m),
      inside: (trx) =>
        appendAudit(trx, {
          authorityId: m.authorityId,
          verbundId: s.verbundId,
          staffId: s.staffId,
          action: 'attachment.downloaded',
          subject: { type: 'application_attachment', id: attachmentId },
          ip,
          at: now(),
        }),
    });
  }

  /**
   * Moves the application on along the back office's graph, with an optional public note.
   * `version` is what the clerk's form showed: StaleApplicationError when it changed since.
   */
  async function changeStatus(
    s: StaffSession,
    input: { applicationId: string; status: string; note: string; version: string },
    ip: string | null,
  ): Promise<void> {
    const m = workingIn(s);
    if (!isStatus(input.status))
      throw new ValidationError({ status: 'backoffice.change.notAllowed' });
    if (input.note.trim().length > MAX_NOTE_LENGTH) {
      throw new ValidationError({ note: 'backoffice.change.noteTooLong' });
    }
    const version = Number(input.version);
    if (!Number.isSafeInteger(version) || version < 1)
      throw new NotFoundError('application', input.applicationId);
    // The service restriction is checked like a read: a clerk sees no other service's files.
    await applications.detailForAuthority(m.authorityId, input.applicationId, {
      visible: visibleTo(m),
    });
    await applications.changeStatus({
      authorityId: m.authorityId,
      applicationId: input.applicationId,
      status: input.status,
      actor: 'authority',
      note: input.note,
      expectedVersion: version,
      strict: true,
      inside: (trx, row) =>
        appendAudit(trx, {
          authorityId: m.authorityId,
          verbundId: s.verbundId,
          staffId: s.staffId,
          action: 'application.status_changed',
          subject: { type: 'application', id: row.id },
          ip,
          at: now(),
        }),
    });
  }

  return { detail, attachment, changeStatus };
}
