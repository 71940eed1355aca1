// Child processes of the bench: spawned as the Node binary itself (no npm or shell wrapper,
// so the pid is the server's own), tracked, and killed when the bench ends in any way.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

const running = new Set<ChildProcess>();
const OUTPUT_LINES = 40;

export type Child = {
  name: string;
  pid: number;
  /** performance.now() just before spawn. */
  spawnedAt: number;
  /** Last lines of stdout and stderr, for error messages. */
  output(): string;
  /** Exit code, or the signal name, once the process has ended; undefined while it runs. */
  ended(): string | undefined;
  /** Resolves with the exit code, or the signal name, when the process ends. */
  exited(): Promise<string>;
  /** SIGTERM, then SIGKILL if it has not ended within `graceMs`. */
  stop(graceMs?: number): Promise<void>;
};

/**
 * Runs `node <script>` from the repository root with exactly `env` (plus PATH and HOME), so
 * variables of the calling shell (DATABASE_URL, PORT, …) cannot change what is measured.
 */
export function startNode(name: string, script: string, env: Record<string, string>): Child {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [script], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`${name} could not be started`);
  running.add(child);

  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > OUTPUT_LINES) lines.splice(0, lines.length - OUTPUT_LINES);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  let endedAs: string | undefined;
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      endedAs = signal ?? String(code);
      running.delete(child);
      resolve(endedAs);
    });
  });

  return {
    name,
    pid: child.pid,
    spawnedAt,
    output: () => lines.join('\n'),
    ended: () => endedAs,
    exited: () => exited,
    stop: async (graceMs = 5000) => {
      if (endedAs !== undefined) return;
      child.kill('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), graceMs);
      });
      if ((await Promise.race([exited, late])) === 'late') {
        child.kill('SIGKILL');
        await exited;
      }
      clearTimeout(timer);
    },
  };
}

/** Last resort on exit or interrupt: nothing the bench started outlives it. */
export function killAllChildren(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}
