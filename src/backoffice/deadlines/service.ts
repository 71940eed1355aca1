// Bearbeitungsfristen: the periods an authority_admin sets per online service, the due date
// each application carries (recomputed in the transaction of every status change, every
// extension and at submission, ADR 0025), and the one extension a clerk may grant.
import type { Kysely, Transaction } from 'kysely';
import { appendAudit } from '../../audit/service.ts';
import { listServicesOfAuthority } from '../../catalog/offers.ts';
import { withAuthority } from '../../db/rls.ts';
import type { DB } from '../../db/schema.ts';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../errors.ts';
import { isUuid } from '../../uuid.ts';
import { workingIn } from '../inbox.ts';
import type { StaffSession } from '../staff.ts';
import { addMonthsBgb, addWorkingDays, berlinDay, onWorkingDay } from './calendar.ts';
import { computeDeadline, type TimeLeft, timeLeft } from './due-date.ts';
import * as repo from './repository.ts';

/** The one extension was granted before, or the application has no running period. */
export class ExtensionRefusedError extends ConflictError {
  reason: 'already' | 'notOpen';
  constructor(reason: 'already' | 'notOpen', applicationId: string) {
    super(`application ${applicationId}: no extension (${reason})`);
    this.reason = reason;
  }
}

export const MAX_PERIOD_DAYS = 400;
export const MAX_DEEMED_DAYS = 800;
export const MAX_DEEMED_MONTHS = 36;
export const MAX_EXTENSION_DAYS = 200;
export const MAX_REASON_LENGTH = 500;

/** Recomputes and stores the application's due date, inside the caller's transaction. */
export function recomputeDeadline(trx: Transaction<DB>, applicationId: string) {
  return recomputeDeadlines(trx, [applicationId]);
}

/**
 * The same for several applications (the delivery worker's batch of "received"): three
 * statements however many.
 */
export async function recomputeDeadlines(trx: Transaction<DB>, applicationIds: readonly string[]) {
  const facts = await repo.deadlineFactsOf(trx, applicationIds);
  await repo.setDeadlines(
    trx,
    facts.map((f) => {
      if (f.working_days === null) {
        return { applicationId: f.id, dueOn: null, deemedApprovalOn: null, paused: false };
      }
      const d = computeDeadline({
        submittedAt: f.submitted_at,
        history: f.history.map((h) => ({ status: h.status, at: h.created_at })),
        workingDays: f.working_days,
        deemedApprovalDays: f.deemed_approval_days,
        deemedApprovalMonths: f.deemed_approval_months,
        extensionDays: f.extension_days,
      });
      return { applicationId: f.id, ...d };
    }),
  );
}

/** At submission: the period of the service as it is now; the history is just "submitted". */
export async function deadlineAtSubmission(
  trx: Transaction<DB>,
  a: { id: string; authorityId: string; onlineServiceId: string; submittedAt: Date },
) {
  const period = await repo.findPeriod(trx, a.authorityId, a.onlineServiceId);
  if (period === undefined) return;
  const d = computeDeadline({
    submittedAt: a.submittedAt,
    history: [],
    workingDays: period.working_days,
    deemedApprovalDays: period.deemed_approval_days,
    deemedApprovalMonths: period.deemed_approval_months,
    extensionDays: null,
  });
  await repo.setDeadline(trx, a.id, d);
}

/** The due date as the inbox and the detail show it. */
export type DeadlineView = {
  dueOn: string | null;
  deemedApprovalOn: string | null;
  paused: boolean;
  left: TimeLeft | undefined;
};

export function deadlineView(
  row: { due_on: string | null; deemed_approval_on: string | null; deadline_paused: boolean },
  today: string,
  open: boolean,
): DeadlineView {
  return {
    dueOn: row.due_on,
    deemedApprovalOn: row.deemed_approval_on,
    paused: row.deadline_paused,
    left: row.due_on !== null && open ? timeLeft(row.due_on, today) : undefined,
  };
}

const integer = (value: string, min: number, max: number): number | undefined => {
  const trimmed = value.trim();
  if (!/^\d{1,4}$/.test(trimmed)) return undefined;
  const n = Number(trimmed);
  return n >= min && n <= max ? n : undefined;
};

export function createDeadlines(deps: { db: Kysely<DB>; now?: () => Date }) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  const adminIn = (s: StaffSession) => {
    const m = s.current;
    if (s.stage !== 'active' || m === undefined) throw new NotFoundError('authority', '');
    if (m.role !== 'authority_admin') throw new ForbiddenError('processing periods');
    return m;
  };

  /** The authority's services with their periods, for the settings page. */
  async function periods(s: StaffSession) {
    const m = adminIn(s);
    return withAuthority(db, m.authorityId, async (trx) => {
      const services = await listServicesOfAuthority(trx, m.authorityId);
      const set = new Map(
        (await repo.listPeriods(trx, m.authorityId)).map((p) => [p.online_service_id, p]),
      );
      return services.map((svc) => ({
        id: svc.id,
        title: svc.title,
        workingDays: set.get(svc.id)?.working_days ?? null,
        deemedApprovalDays: set.get(svc.id)?.deemed_approval_days ?? null,
        deemedApprovalMonths: set.get(svc.id)?.deemed_approval_months ?? null,
      }));
    });
  }

  /**
   * Sets (or, both fields empty, removes) one service's period. Applications already in the
   * inbox keep the due date they got: the period that applied at receipt is the one promised.
   */
  async function savePeriod(
    s: StaffSession,
    input: {
      serviceId: string;
      workingDays: string;
      deemedApprovalDays: string;
      /** "monate": the number is months (§ 188 BGB); else working days. */
      deemedApprovalUnit?: string;
    },
    ip: string | null,
  ): Promise<void> {
    const m = adminIn(s);
    const empty = input.workingDays.trim() === '' && input.deemedApprovalDays.trim() === '';
    const workingDays = integer(input.workingDays, 1, MAX_PERIOD_DAYS);
    const inMonths = input.deemedApprovalUnit === 'monate';
    const deemed =
      input.deemedApprovalDays.trim() === ''
        ? null
        : integer(input.deemedApprovalDays, 1, inMonths ? MAX_DEEMED_MONTHS : MAX_DEEMED_DAYS);
    if (!empty) {
      const errors: Record<string, string> = {};
      if (workingDays === undefined) errors.workingDays = 'inbox.periods.workingDaysInvalid';
      if (
        input.deemedApprovalUnit !== undefined &&
        !['arbeitstage', 'monate'].includes(input.deemedApprovalUnit)
      ) {
        errors.deemedApprovalDays = 'inbox.periods.deemedUnitInvalid';
      } else if (deemed === undefined) {
        errors.deemedApprovalDays = inMonths
          ? 'inbox.periods.deemedMonthsInvalid'
          : 'inbox.periods.deemedInvalid';
      } else if (deemed !== null && workingDays !== undefined) {
        // Compared on a sample start (today): months and working days are not convertible.
        const start = berlinDay(now());
        const deemedOn = inMonths
          ? onWorkingDay(addMonthsBgb(start, deemed))
          : addWorkingDays(start, deemed);
        if (deemedOn < addWorkingDays(start, workingDays)) {
          errors.deemedApprovalDays = 'inbox.periods.deemedBeforePeriod';
        }
      }
      if (Object.keys(errors).length > 0) throw new ValidationError(errors);
    }
    const deemedApprovalDays = inMonths ? null : (deemed ?? null);
    const deemedApprovalMonths = inMonths ? (deemed ?? null) : null;
    if (!isUuid(input.serviceId)) throw new NotFoundError('online_service', input.serviceId);
    await withAuthority(db, m.authorityId, async (trx) => {
      const offered = await listServicesOfAuthority(trx, m.authorityId);
      if (!offered.some((svc) => svc.id === input.serviceId)) {
        throw new NotFoundError('online_service', input.serviceId);
      }
      if (empty) await repo.deletePeriod(trx, m.authorityId, input.serviceId);
      else {
        await repo.savePeriod(trx, {
          authorityId: m.authorityId,
          onlineServiceId: input.serviceId,
          workingDays: workingDays as number,
          deemedApprovalDays,
          deemedApprovalMonths,
          at: now(),
        });
      }
      await appendAudit(trx, {
        authorityId: m.authorityId,
        verbundId: s.verbundId,
        staffId: s.staffId,
        action: 'processing_period.changed',
        subject: { type: 'online_service', id: input.serviceId },
        ip,
        at: now(),
      });
    });
  }

  /** The application's deadline for the detail page (the caller checked it may see it). */
  async function of(s: StaffSession, applicationId: string) {
    const m = workingIn(s);
    if (!isUuid(applicationId)) throw new NotFoundError('application', applicationId);
    const row = await withAuthority(db, m.authorityId, (trx) =>
      repo.findDeadline(trx, applicationId),
    );
    if (row === undefined) throw new NotFoundError('application', applicationId);
    const open = ['submitted', 'received', 'processing', 'action_required'].includes(row.status);
    return {
      ...deadlineView(row, berlinDay(now()), open),
      extension:
        row.extended_at === null
          ? undefined
          : {
              days: row.extension_days ?? 0,
              reason: row.extension_reason ?? '',
              at: row.extended_at,
            },
      canExtend: open && row.extended_at === null && row.due_on !== null,
    };
  }

  /** The one extension of the period, with a reason; audited. */
  async function extend(
    s: StaffSession,
    input: { applicationId: string; days: string; reason: string },
    ip: string | null,
  ): Promise<void> {
    const m = workingIn(s);
    const days = integer(input.days, 1, MAX_EXTENSION_DAYS);
    const reason = input.reason.trim();
    const errors: Record<string, string> = {};
    if (days === undefined) errors.days = 'inbox.extend.daysInvalid';
    if (reason === '') errors.reason = 'inbox.extend.reasonMissing';
    else if (reason.length > MAX_REASON_LENGTH) errors.reason = 'inbox.extend.reasonTooLong';
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
    if (!isUuid(input.applicationId)) throw new NotFoundError('application', input.applicationId);
    await withAuthority(db, m.authorityId, async (trx) => {
      const row = await repo.findDeadline(trx, input.applicationId);
      if (
        row === undefined ||
        (m.serviceIds !== null && !m.serviceIds.includes(row.online_service_id))
      ) {
        throw new NotFoundError('application', input.applicationId);
      }
      if (row.due_on === null || !['submitted', 'received', 'processing'].includes(row.status)) {
        throw new ExtensionRefusedError('notOpen', row.id);
      }
      const at = now();
      if (!(await repo.recordExtension(trx, row.id, { days: days as number, reason, at }))) {
        throw new ExtensionRefusedError('already', row.id);
      }
      await recomputeDeadline(trx, row.id);
      await appendAudit(trx, {
        authorityId: m.authorityId,
        verbundId: s.verbundId,
        staffId: s.staffId,
        action: 'application.deadline_extended',
        subject: { type: 'application', id: row.id },
        ip,
        at,
      });
    });
  }

  return { periods, savePeriod, of, extend };
}

export type Deadlines = ReturnType<typeof createDeadlines>;
