// One load measurement with autocannon: a discarded warm-up, then the measured run.
import autocannon, { type Result } from 'autocannon';
import { HOST } from './http-probe.ts';

export type LoadSettings = {
  connections: number;
  pipelining: number;
  /** Seconds measured. */
  durationS: number;
  /** Seconds of load before the measured run, not counted. */
  warmupS: number;
};

export type LoadResult = {
  path: string;
  /** Mean of the 1-second samples. */
  reqPerSec: number;
  /** Whole milliseconds (autocannon's histogram resolution). */
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  completed: number;
  durationS: number;
  bytesPerResponse: number;
  /** Anything but 2xx, connection errors and timeouts; a clean run has 0 of each. */
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
};

/** `atMeasuredStart` runs between warm-up and the measured run (e.g. to read CPU time). */
export async function measureLoad(
  port: number,
  path: string,
  settings: LoadSettings,
  atMeasuredStart?: () => void,
): Promise<LoadResult> {
  const url = `http://${HOST}:${port}${path}`;
  const base = {
    url,
    connections: settings.connections,
    pipelining: settings.pipelining,
    timeout: 10,
  };
  if (settings.warmupS > 0) await autocannon({ ...base, duration: settings.warmupS });
  atMeasuredStart?.();
  const result: Result = await autocannon({ ...base, duration: settings.durationS });
  const completed = result.requests.total;
  return {
    path,
    reqPerSec: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    meanMs: result.latency.mean,
    completed,
    durationS: result.duration,
    bytesPerResponse: completed > 0 ? Math.round(result.throughput.total / completed) : 0,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(
      Object.entries(result.statusCodeStats).map(([code, stats]) => [code, stats.count]),
    ),
  };
}
