// The two servers the bench measures, started as children, and one observed load run.
import { type Child, startNode } from './children.ts';
import { freePort, msUntilOk } from './http-probe.ts';
import { type LoadResult, type LoadSettings, measureLoad } from './load.ts';
import { assertNodeProcess, cpuMsOf, memoryOf, resetPeak } from './proc-stats.ts';

export const SERVER_SCRIPT = 'src/main.ts';
export const HELLO_SCRIPT = 'bench/hello-server.ts';

/** Bare Fastify on a free port, answering `/`. */
export async function startHello(timeoutMs: number): Promise<{ child: Child; port: number }> {
  const port = await freePort();
  const child = startNode('hello-server', HELLO_SCRIPT, { PORT: String(port) });
  await msUntilOk(child, port, '/', timeoutMs);
  assertNodeProcess(child.pid, HELLO_SCRIPT);
  return { child, port };
}

/**
 * `node src/main.ts` on a free port; `ms` is spawn → first 200 of `/`. `nodeOptions` adds to
 * the flags of `npm start` (e.g. --cpu-prof).
 */
export async function startServer(
  env: Record<string, string>,
  timeoutMs: number,
  nodeOptions = '',
) {
  const port = await freePort();
  // The V8 flag `npm start` sets (package.json): a small young generation keeps RSS under 200 MB.
  const child = startNode('server', SERVER_SCRIPT, {
    NODE_OPTIONS: `--max-semi-space-size=4 ${nodeOptions}`.trim(),
    ...env,
    PORT: String(port),
  });
  const ms = await msUntilOk(child, port, '/', timeoutMs);
  assertNodeProcess(child.pid, SERVER_SCRIPT);
  return { child, port, ms };
}

export type Observed = LoadResult & {
  /** VmHWM during warm-up and run (since start when the kernel refused the reset). */
  peakRssMb: number;
  /** VmRSS right after the run. */
  rssAfterMb: number;
  /** Server CPU time (all threads) per completed request in the measured run, µs. */
  cpuUsPerRequest: number;
  peakIncludesStartup: boolean;
};

/** One load run against a child, with the child's memory and CPU time around it. */
export async function observeLoad(
  child: Child,
  port: number,
  path: string,
  settings: LoadSettings,
) {
  const reset = resetPeak(child.pid);
  let cpuBefore = 0;
  const run = await measureLoad(port, path, settings, () => {
    cpuBefore = cpuMsOf(child.pid);
  });
  const cpuMs = cpuMsOf(child.pid) - cpuBefore;
  const memory = memoryOf(child.pid);
  const observed: Observed = {
    ...run,
    peakRssMb: memory.peakMb,
    rssAfterMb: memory.currentMb,
    cpuUsPerRequest: run.completed > 0 ? (cpuMs * 1000) / run.completed : 0,
    peakIncludesStartup: !reset,
  };
  return observed;
}
