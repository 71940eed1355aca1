// The inbox and the casework of one authority: what a signed-in clerk sees and does. Every
// read and change runs as the authority the session works in, so row-level security and the
// explicit checks here both keep other authorities' applications out (404, never 403: an id
// of another authority must not even be confirmed to exist).
import type { Kysely } from 'kysely';
import type { Applications } from '../applications/applications.ts';
import { isStatus, STATUSES } from '../applications/status.ts';
import { MAX_NOTE_LENGTH } from '../applications/status-changes.ts';
import { appendAudit } from '../audit/service.ts';
import { withAuthority } from '../db/rls.ts';
import type { ApplicationStatusValue, DB, StaffRole } from '../db/schema.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import * as repo from './inbox-repository.ts';
import type { StaffSession } from './staff.ts';

export const PAGE_SIZE = 50;
const REFERENCE = /^[A-Z]{1,3}-[0-9]{4}-[0-9]{6,}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type InboxFilter = { status?: string; reference?: string; after?: string };

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

/** A cursor is opaque to the browser: base64url of "submitted_at|id". */
export function encodeCursor(row: { cursor_at: string; id: string }): string {
  return Buffer.from(`${row.cursor_at}|${row.id}`).toString('base64url');
}

function decodeCursor(value: string | undefined): { submittedAt: string; id: string } | undefined {
  if (value === undefined || value === '' || value.length > 200) return undefined;
  const [submittedAt, id] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  // Checked before it reaches a ::timestamptz cast: a forged cursor is a bad request, not a 500.
  if (submittedAt === undefined || id === undefined || !UUID.test(id)) return undefined;
  if (!/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/.test(submittedAt)) {
    return undefined;
  }
  return { submittedAt, id };
}

export function createCasework(deps: {
  db: Kysely<DB>;
  applications: Applications;
  now?: () => Date;
}) {
  const { db, applications } = deps;
  const now = deps.now ?? (() => new Date());

  const serviceFilter = (m: { serviceIds: string[] | null }) =>
    m.serviceIds === null ? undefined : m.serviceIds;

  /** Counts per status and one page of the authority's applications, newest first. */
  async function inbox(s: StaffSession, filter: InboxFilter) {
    const m = workingIn(s);
    const status = isStatus(filter.status) ? (filter.status as ApplicationStatusValue) : undefined;
    const typed = filter.reference?.trim().toUpperCase() ?? '';
    // A search that cannot be a reference number finds nothing, quickly.
    const reference = typed === '' ? undefined : REFERENCE.test(typed) ? typed : 'X-0000-000000';
    const after = decodeCursor(filter.after);
    const services = serviceFilter(m);
    return withAuthority(db, m.authorityId, async (trx) => {
      const counts = new Map<string, number>(
        (await repo.countByStatus(trx, m.authorityId, services)).map((r) => [
          r.status,
          Number(r.n),
        ]),
      );
      const rows = await repo.inboxPage(trx, {
        authorityId: m.authorityId,
        status,
        reference,
        serviceIds: services,
        after,
        limit: PAGE_SIZE + 1,
      });
      const more = rows.length > PAGE_SIZE;
      const page = rows.slice(0, PAGE_SIZE);
      const last = page.at(-1);
      return {
        counts: STATUSES.map((st) => ({ status: st, count: counts.get(st) ?? 0 })),
        total: [...counts.values()].reduce((a, b) => a + b, 0),
        rows: page,
        next: more && last !== undefined ? encodeCursor(last) : undefined,
        filter: { status, reference: typed === '' ? undefined : typed, paged: after !== undefined },
      };
    });
  }

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

  return { inbox, detail, attachment, changeStatus };
}
