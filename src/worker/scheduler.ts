// Runs periodic jobs in the worker role. Jobs must tolerate running in several processes at
// once (they lock what they work on); the scheduler only spaces runs and keeps failures local.

export type Job = { name: string; everyMs: number; run(): Promise<unknown> };
export type JobLog = {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
};

export type Scheduler = {
  stop(): Promise<void>;
  /**
   * Runs the named job now instead of at its next round (once more after the current run
   * when it is running). A queue in the same process calls this after adding work.
   */
  wake(name: string): void;
};

export function startScheduler(jobs: Job[], log: JobLog): Scheduler {
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();

  const timerOf = new Map<string, NodeJS.Timeout>();
  const busy = new Set<string>();
  const again = new Set<string>();

  const schedule = (job: Job, delayMs: number) => {
    if (stopped) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      timerOf.delete(job.name);
      busy.add(job.name);
      const run = (async () => {
        const started = Date.now();
        try {
          const result = await job.run();
          // Most rounds find nothing to do; logging each at info would bury the rounds that
          // did something under one line per job and second.
          const write = didNothing(result) ? log.debug : log.info;
          write.call(log, { job: job.name, ms: Date.now() - started, result }, 'job done');
        } catch (error) {
          log.error(
            { job: job.name, err: error instanceof Error ? error.message : String(error) },
            'job failed',
          );
        }
      })();
      running.add(run);
      void run.finally(() => {
        running.delete(run);
        busy.delete(job.name);
        if (again.delete(job.name)) return schedule(job, 0);
        // Jitter spreads several workers' runs apart.
        schedule(job, job.everyMs * (0.9 + Math.random() * 0.2));
      });
    }, delayMs);
    timer.unref();
    timers.add(timer);
    timerOf.set(job.name, timer);
  };

  for (const job of jobs) schedule(job, Math.min(job.everyMs, 5_000 + Math.random() * 5_000));

  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      await Promise.allSettled([...running]);
    },
    wake(name) {
      const job = jobs.find((j) => j.name === name);
      if (job === undefined || stopped) return;
      if (busy.has(name)) {
        again.add(name);
        return;
      }
      const timer = timerOf.get(name);
      if (timer !== undefined) {
        clearTimeout(timer);
        timers.delete(timer);
      }
      schedule(job, 0);
    },
  };
}

/** True for a job result that reports no work: 0, nothing, or only zeros and empty lists. */
export function didNothing(result: unknown): boolean {
  if (result === undefined || result === null || result === 0 || result === false) return true;
  if (Array.isArray(result)) return result.length === 0;
  if (typeof result === 'object') return Object.values(result).every(didNothing);
  return false;
}
