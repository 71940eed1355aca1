// The Bearbeitungsfrist of one application, from its status history: the period starts the
// day after submission (§ 31 VwVfG with § 187 BGB: the day of the event does not count), runs
// in Lower Saxony's working days, waits while the citizen is asked for information
// (action_required) and goes on when the application leaves that status; one extension adds
// working days. The same rule gives the Genehmigungsfiktion's day (§ 42a VwVfG) when the
// service has one in working days; in months it ends as § 188 BGB says, moved by the calendar
// days it waited and by the extension, and onto the next working day (§ 31 Abs. 3 VwVfG).
// Computed here, stored on the application (ADR 0025).
import {
  addDays,
  addMonthsBgb,
  addWorkingDays,
  berlinDay,
  type Day,
  daysBetween,
  onWorkingDay,
  workingDaysBetween,
} from './calendar.ts';

export type StatusStep = { status: string; at: Date };

export type DeadlineInput = {
  submittedAt: Date;
  /** The status history in order (the application's events). */
  history: readonly StatusStep[];
  workingDays: number;
  deemedApprovalDays: number | null;
  /** Instead of deemedApprovalDays: the Genehmigungsfiktion in months. */
  deemedApprovalMonths?: number | null;
  extensionDays: number | null;
};

export type Deadline = {
  /** The period's last day; null while paused (the day moves on with every paused day). */
  dueOn: Day | null;
  deemedApprovalOn: Day | null;
  paused: boolean;
  /** Working days the period waited, for the detail page. */
  pausedDays: number;
};

const PAUSING = 'action_required';

/**
 * Working days spent in action_required, counted like the start: the day of asking does not
 * count as waiting, the day of the answer does (the period goes on the day after it).
 */
function pauses(history: readonly StatusStep[]): {
  days: number;
  calendarDays: number;
  open: boolean;
} {
  let days = 0;
  let calendarDays = 0;
  let since: Day | undefined;
  for (const step of history) {
    const day = berlinDay(step.at);
    if (step.status === PAUSING) {
      since ??= day;
    } else if (since !== undefined) {
      // Asked on Monday, answered on Wednesday: Tuesday and Wednesday were waiting days.
      days += workingDaysBetween(since, day);
      calendarDays += Math.max(0, daysBetween(since, day));
      since = undefined;
    }
  }
  return { days, calendarDays, open: since !== undefined };
}

export function computeDeadline(input: DeadlineInput): Deadline {
  const start = berlinDay(input.submittedAt);
  const { days, calendarDays, open } = pauses(input.history);
  const extra = days + (input.extensionDays ?? 0);
  const dueOn = addWorkingDays(start, input.workingDays + extra);
  const months = input.deemedApprovalMonths ?? null;
  const deemedApprovalOn =
    months !== null
      ? onWorkingDay(
          addWorkingDays(
            addDays(addMonthsBgb(start, months), calendarDays),
            input.extensionDays ?? 0,
          ),
        )
      : input.deemedApprovalDays === null
        ? null
        : addWorkingDays(start, input.deemedApprovalDays + extra);
  return {
    dueOn: open ? null : dueOn,
    deemedApprovalOn: open ? null : deemedApprovalOn,
    paused: open,
    pausedDays: days,
  };
}

/** How a due date stands today: "noch 3 Arbeitstage", "heute fällig", "2 Tage überfällig". */
export type TimeLeft =
  | { kind: 'left'; workingDays: number }
  | { kind: 'today' }
  | { kind: 'overdue'; days: number };

export function timeLeft(dueOn: Day, today: Day): TimeLeft {
  if (dueOn === today) return { kind: 'today' };
  if (dueOn > today) return { kind: 'left', workingDays: workingDaysBetween(today, dueOn) };
  return { kind: 'overdue', days: daysBetween(dueOn, today) };
}
