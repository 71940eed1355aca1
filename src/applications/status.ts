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
