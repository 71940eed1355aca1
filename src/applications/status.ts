// The life of an application after it was sent. Authorities (and connectors on their behalf)
// move it on; the citizen may only withdraw it while it is still open. A closed application
// never changes again: its retention period starts when it closes.
export const STATUSES = [
  'submitted',
  'received',
  'processing',
  'action_required',
  'completed',
  'rejected',
  'withdrawn',
] as const;
export type ApplicationStatus = (typeof STATUSES)[number];

export const ACTORS = ['system', 'citizen', 'authority', 'connector'] as const;
export type Actor = (typeof ACTORS)[number];

const CLOSED: readonly ApplicationStatus[] = ['completed', 'rejected', 'withdrawn'];

export function isStatus(value: unknown): value is ApplicationStatus {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}

export function isClosed(status: ApplicationStatus): boolean {
  return CLOSED.includes(status);
}

/**
 * Whether an authority may set `to` on an application in `from`: any open status may follow
 * any other (a file can go back from processing to action_required and back), `submitted`
 * is only ever the first, withdrawing belongs to the citizen, and closed is final.
 */
export function authorityMayChange(from: ApplicationStatus, to: ApplicationStatus): boolean {
  return !isClosed(from) && from !== to && to !== 'submitted' && to !== 'withdrawn';
}

/**
 * The stricter graph of the back office: a file is received, processed (asking the citizen
 * for more as often as needed) and then completed; it can be rejected at any open step.
 * Connectors keep the looser authorityMayChange (a case system may report any step).
 */
const STAFF_NEXT: Partial<Record<ApplicationStatus, readonly ApplicationStatus[]>> = {
  submitted: ['received', 'rejected'],
  received: ['processing', 'rejected'],
  processing: ['action_required', 'completed', 'rejected'],
  action_required: ['processing', 'completed', 'rejected'],
};

export function staffNextStatuses(from: ApplicationStatus): readonly ApplicationStatus[] {
  return STAFF_NEXT[from] ?? [];
}

export function staffMayChange(from: ApplicationStatus, to: ApplicationStatus): boolean {
  return staffNextStatuses(from).includes(to);
}
