// When a delivery that must be retried is tried next: exponential with full jitter between a
// floor and a ceiling, so a receiver back from an outage is not hit by every delivery at once.

export type BackoffOptions = {
  /** Attempts in all before the delivery is `failed` (default 10). */
  maxAttempts: number;
  /** The first wait, before jitter (default 1 minute). */
  baseMs: number;
  /** The longest wait (default 12 hours). */
  maxMs: number;
};

export const DEFAULT_BACKOFF: BackoffOptions = {
  maxAttempts: 10,
  baseMs: 60_000,
  maxMs: 12 * 60 * 60_000,
};

/**
 * The wait after the `attempt`-th attempt failed (1-based): base·2^(attempt−1), capped, then a
 * random share between half and all of it ("equal jitter": never immediately, never in step).
 */
export function retryDelayMs(
  attempt: number,
  options: BackoffOptions,
  random = Math.random,
): number {
  const exponential = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
