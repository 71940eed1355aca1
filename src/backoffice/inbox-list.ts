// The inbox of one authority: counts per status, one page of applications filtered and sorted
// as the clerk asked (keyset pagination), the saved filters, and assigning work. Every query
// runs as the authority the session works in (withAuthority), so row-level security keeps
// other authorities' applications out whatever the filter says.
import type { Kysely } from 'kysely';
import { STATUSES } from '../applications/status.ts';
import { appendAudit } from '../audit/service.ts';
import { listServicesOfAuthority } from '../catalog/offers.ts';
import { withAuthority } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.ts';
import { isUuid } from '../uuid.ts';
import { addWorkingDays, berlinDay } from './deadlines/calendar.ts';
import { deadlineView } from './deadlines/service.ts';
import { workingIn } from './inbox.ts';
import {
  encodeCursor,
  filterQuery,
  type InboxFilter,
  parseFilter,
  type RawInboxFilter,
  SORT_CHOICES,
} from './inbox-filter.ts';
import * as repo from './inbox-repository.ts';
import type { BlindIndex } from './name-index/blind-index.ts';
import * as saved from './saved-filters-repository.ts';
import type { StaffSession } from './staff.ts';

export const PAGE_SIZE = 50;
/** "In 3 Tagen fällig": due today or within the next three working days. */
export const DUE_SOON_WORKING_DAYS = 3;
export const MAX_SAVED_FILTERS = 20;
export const MAX_BULK = 100;
export const MAX_ASSIGN_REASON = 500;

/** Coordinators (and the authority's admins) assign to others, in bulk; clerks take work. */
export const assignsOthers = (role: string) => role === 'coordinator' || role === 'authority_admin';

export function createInbox(deps: { db: Kysely<DB>; blindIndex: BlindIndex; now?: () => Date }) {
  const { db, blindIndex } = deps;
  const now = deps.now ?? (() => new Date());

  async function list(s: StaffSession, raw: RawInboxFilter, ip: string | null) {
    const m = workingIn(s);
    const { filter, after, errors } = parseFilter(raw);
    const sort = SORT_CHOICES[filter.sort];
    const today = berlinDay(now());
    const services = m.serviceIds === null ? undefined : m.serviceIds;
    const deadline = (() => {
      switch (filter.deadline) {
        case 'ueberfaellig':
          return { kind: 'overdue' as const, today };
        case 'bald':
          return {
            kind: 'dueSoon' as const,
            today,
            until: addWorkingDays(today, DUE_SOON_WORKING_DAYS),
          };
        case 'rechtzeitig':
          return { kind: 'onTime' as const, today };
        case 'verspaetet':
          return { kind: 'late' as const, today };
        default:
          return undefined;
      }
    })();
    return withAuthority(db, m.authorityId, async (trx) => {
      const nameTokens =
        filter.name === undefined
          ? undefined
          : await blindIndex.keyedTokens(trx, s.verbundId, [filter.name]);
      if (filter.name !== undefined) {
        // Looking for a person is looking at personal data: who searched, never for whom.
        await appendAudit(trx, {
          authorityId: m.authorityId,
          verbundId: s.verbundId,
          staffId: s.staffId,
          action: 'inbox.name_searched',
          ip,
          at: now(),
        });
      }
      const counts = new Map<string, number>(
        (await repo.countByStatus(trx, m.authorityId, services)).map((r) => [
          r.status,
          Number(r.n),
        ]),
      );
      // A mistyped reference number or name must not show everything instead: nothing.
      const rows =
        (nameTokens !== undefined && nameTokens.length === 0) ||
        errors.aktenzeichen !== undefined ||
        errors.name !== undefined
          ? []
          : await repo.inboxPage(trx, {
              authorityId: m.authorityId,
              status: filter.status,
              reference: filter.reference,
              serviceIds: services,
              serviceId: filter.serviceId,
              from: filter.from,
              to: filter.to,
              assignee:
                filter.assignee === 'mir'
                  ? { kind: 'staff', staffId: s.staffId }
                  : filter.assignee === 'niemand'
                    ? { kind: 'none' }
                    : undefined,
              deadline,
              nameTokens,
              sort,
              after,
              limit: PAGE_SIZE + 1,
            });
      const more = rows.length > PAGE_SIZE;
      const page = rows.slice(0, PAGE_SIZE);
      const last = page.at(-1);
      const offered = await listServicesOfAuthority(trx, m.authorityId);
      const assignable = assignsOthers(m.role) ? await repo.listAssignable(trx, m.authorityId) : [];
      const filters = await saved.listSavedFilters(trx, s.staffId, m.authorityId);
      return {
        counts: STATUSES.map((st) => ({ status: st, count: counts.get(st) ?? 0 })),
        total: [...counts.values()].reduce((a, b) => a + b, 0),
        rows: page.map((r) => ({
          ...r,
          deadline: deadlineView(
            r,
            today,
            !['completed', 'rejected', 'withdrawn'].includes(r.status),
          ),
        })),
        next: more && last !== undefined ? encodeCursor(sort, last) : undefined,
        filter,
        paged: after !== undefined,
        errors,
        services: offered.filter((o) => services === undefined || services.includes(o.id)),
        assignable: assignable.map((a) => ({ id: a.id, name: a.display_name })),
        assignsOthers: assignsOthers(m.role),
        savedFilters: filters,
      };
    });
  }

  /** Saves the current filter under a name ("Filter speichern"); the same name replaces it. */
  async function saveFilter(s: StaffSession, input: { name: string; filter: InboxFilter }) {
    const m = workingIn(s);
    const name = input.name.trim();
    if (name === '') throw new ValidationError({ filterName: 'inbox.saved.nameMissing' });
    if (name.length > 80) throw new ValidationError({ filterName: 'inbox.saved.nameTooLong' });
    const query = filterQuery(input.filter);
    if (query === '') throw new ValidationError({ filterName: 'inbox.saved.nothingToSave' });
    await withAuthority(db, m.authorityId, async (trx) => {
      const existing = await saved.listSavedFilters(trx, s.staffId, m.authorityId);
      if (existing.length >= MAX_SAVED_FILTERS && !existing.some((f) => f.name === name)) {
        throw new ValidationError({ filterName: 'inbox.saved.tooMany' });
      }
      await saved.saveFilter(trx, { staffId: s.staffId, authorityId: m.authorityId, name, query });
    });
  }

  async function deleteFilter(s: StaffSession, id: string) {
    const m = workingIn(s);
    if (!isUuid(id)) throw new NotFoundError('saved_filter', id);
    const gone = await withAuthority(db, m.authorityId, (trx) =>
      saved.deleteFilter(trx, s.staffId, id),
    );
    if (!gone) throw new NotFoundError('saved_filter', id);
  }

  /**
   * Assigns applications: a clerk takes work ("Mir zuweisen") or gives it back; coordinators
   * assign to any clerk of the authority, several at once, with a reason. Each assignment is
   * in the application's history and audited; a clerk limited to some services gets only
   * those. All or nothing: one id that is not the authority's refuses the whole request.
   */
  async function assign(
    s: StaffSession,
    input: { applicationIds: string[]; assignee: string; reason: string },
    ip: string | null,
  ): Promise<number> {
    const m = workingIn(s);
    const ids = [...new Set(input.applicationIds.map((id) => id.trim().toLowerCase()))];
    const reason = input.reason.trim();
    if (ids.length === 0) throw new ValidationError({ antrag: 'inbox.assign.noneChosen' });
    if (ids.length > MAX_BULK) throw new ValidationError({ antrag: 'inbox.assign.tooMany' });
    if (reason.length > MAX_ASSIGN_REASON) {
      throw new ValidationError({ reason: 'inbox.assign.reasonTooLong' });
    }
    const target =
      input.assignee === 'mir' ? s.staffId : input.assignee === 'niemand' ? null : input.assignee;
    const others = target !== s.staffId && !(target === null && ids.length === 1);
    if (others && !assignsOthers(m.role)) throw new ForbiddenError('assign to others');
    if (target !== null && !isUuid(target)) {
      throw new ValidationError({ assignee: 'inbox.assign.assigneeInvalid' });
    }
    if (assignsOthers(m.role) && target !== s.staffId && reason === '') {
      throw new ValidationError({ reason: 'inbox.assign.reasonMissing' });
    }
    if (ids.some((id) => !isUuid(id))) throw new NotFoundError('application', '');
    const at = now();
    return withAuthority(db, m.authorityId, async (trx) => {
      const member =
        target === null
          ? undefined
          : (await repo.listAssignable(trx, m.authorityId)).find((a) => a.id === target);
      if (target !== null && member === undefined) {
        throw new ValidationError({ assignee: 'inbox.assign.assigneeInvalid' });
      }
      const rows = await saved.lockForAssignment(trx, ids);
      const mine = m.serviceIds;
      const visible = rows.filter((r) => mine === null || mine.includes(r.online_service_id));
      if (visible.length !== ids.length) throw new NotFoundError('application', '');
      // A clerk gives back only what is theirs; taking what a colleague holds is the
      // coordinator's call.
      if (
        !assignsOthers(m.role) &&
        visible.some((r) => r.assigned_to !== null && r.assigned_to !== s.staffId)
      ) {
        throw new ForbiddenError('assigned to someone else');
      }
      const limited = member?.service_ids ?? null;
      if (limited !== null && visible.some((r) => !limited.includes(r.online_service_id))) {
        throw new ValidationError({ assignee: 'inbox.assign.notForService' });
      }
      for (const row of visible) {
        await saved.setAssignee(trx, row.id, target);
        await saved.insertAssignment(trx, {
          application_id: row.id,
          authority_id: m.authorityId,
          assigned_to: target,
          assigned_by: s.staffId,
          reason: reason === '' ? null : reason,
          at,
        });
        await appendAudit(trx, {
          authorityId: m.authorityId,
          verbundId: s.verbundId,
          staffId: s.staffId,
          action: 'application.assigned',
          subject: { type: 'application', id: row.id },
          ip,
          at,
        });
      }
      return visible.length;
    });
  }

  /** The application's assignment history and whom it may go to, for the detail page. */
  async function assignmentOf(s: StaffSession, applicationId: string) {
    const m = workingIn(s);
    if (!isUuid(applicationId)) throw new NotFoundError('application', applicationId);
    return withAuthority(db, m.authorityId, async (trx) => ({
      current: await saved.currentAssignee(trx, applicationId),
      history: await saved.listAssignments(trx, applicationId),
      assignable: assignsOthers(m.role)
        ? (await repo.listAssignable(trx, m.authorityId)).map((a) => ({
            id: a.id,
            name: a.display_name,
          }))
        : [],
      assignsOthers: assignsOthers(m.role),
      staffId: s.staffId,
    }));
  }

  return { list, saveFilter, deleteFilter, assign, assignmentOf };
}

export type Inbox = ReturnType<typeof createInbox>;
