// A closed loop of N workers, each starting its next operation as soon as the last one ended:
// the same shape for raw Argon2id verifications and for sign-ins over HTTP, so the two rates
// can be divided. Everything runs for warm-up + duration; an operation counts when it ends
// inside the measured window (those still running at its end are awaited, not counted).

export type LoopSettings = {
  workers: number;
  warmupMs: number;
  durationMs: number;
};

export type LoopResult = {
  workers: number;
  /** Length of the measured window, seconds. */
  durationS: number;
  /** Operations that ended in the window with the success outcome. */
  successes: number;
  /** successes ÷ durationS. */
  perSecond: number;
  /** Every outcome that ended in the window, e.g. { "303": 812, "429": 3 }. */
  outcomes: Record<string, number>;
  /** Latency of the successful operations in the window, milliseconds. */
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  meanMs: number;
  maxMs: number;
};

/**
 * Runs `op(worker)` in `workers` parallel loops. `op` names its outcome (a thrown error counts
 * as `error: <message>`); only `success` counts towards the rate and the latencies.
 * `onWindow` is called at the start and at the end of the measured window (CPU readings).
 */
export async function closedLoop(
  settings: LoopSettings,
  op: (worker: number) => Promise<string>,
  success: string,
  onWindow?: { start?: () => void; end?: () => void },
): Promise<LoopResult> {
  const begin = performance.now();
  const from = begin + settings.warmupMs;
  const to = from + settings.durationMs;
  const outcomes: Record<string, number> = {};
  const latencies: number[] = [];

  // Each hook runs once: from its timer, or at the latest when the loops have finished.
  const once = (hook: (() => void) | undefined) => {
    let done = false;
    return () => {
      if (!done) hook?.();
      done = true;
    };
  };
  const atStart = once(onWindow?.start);
  const atEnd = once(onWindow?.end);
  const startTimer = setTimeout(atStart, settings.warmupMs);
  const endTimer = setTimeout(atEnd, settings.warmupMs + settings.durationMs);

  const worker = async (index: number) => {
    while (performance.now() < to) {
      const started = performance.now();
      let outcome: string;
      try {
        outcome = await op(index);
      } catch (error) {
        outcome = `error: ${error instanceof Error ? error.message : String(error)}`;
      }
      const ended = performance.now();
      if (ended < from || ended >= to) continue;
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      if (outcome === success) latencies.push(ended - started);
    }
  };
  try {
    await Promise.all(Array.from({ length: settings.workers }, (_, index) => worker(index)));
  } finally {
    clearTimeout(startTimer);
    clearTimeout(endTimer);
  }
  atStart();
  atEnd();

  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    latencies.length === 0 ? 0 : (latencies[Math.ceil(q * latencies.length) - 1] ?? 0);
  const durationS = settings.durationMs / 1000;
  return {
    workers: settings.workers,
    durationS,
    successes: latencies.length,
    perSecond: latencies.length / durationS,
    outcomes,
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
    meanMs:
      latencies.length === 0 ? 0 : latencies.reduce((sum, ms) => sum + ms, 0) / latencies.length,
    maxMs: latencies.at(-1) ?? 0,
  };
}
