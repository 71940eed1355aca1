// Facts about a running process from Linux /proc: resident memory (VmHWM is the peak, VmRSS
// the current value) and CPU time used.
import { readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';

export type Memory = { peakMb: number; currentMb: number };

export function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    if (!match?.[1]) throw new Error(`/proc/${pid}/status has no ${field}`);
    return Number(match[1]);
  };
  return { peakMb: kb('VmHWM') / 1024, currentMb: kb('VmRSS') / 1024 };
}

/**
 * Resets VmHWM to the current RSS (Linux ≥ 4.0, same user), so the next reading is the peak
 * of what follows rather than of start-up. False when the kernel refuses.
 */
export function resetPeak(pid: number): boolean {
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Fails loudly unless `pid` is a Node binary running `script` (not a wrapper around one). */
export function assertNodeProcess(pid: number, script: string): void {
  const exe = readlinkSync(`/proc/${pid}/exe`);
  const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  if (basename(exe) !== 'node' || !args.some((arg) => arg.endsWith(script))) {
    throw new Error(`process ${pid} is ${exe} ${args.join(' ')}, not node ${script}`);
  }
}

/** Linux reports utime and stime in USER_HZ ticks, 100 per second on every common build. */
const USER_HZ = 100;

/** User + system CPU time of all the process's threads so far, in milliseconds (10 ms steps). */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces), starting with field 3 (state).
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
}

/**
 * CPU milliseconds so far of every process whose command line (NUL bytes as spaces) passes
 * `match`, by pid; e.g. the PostgreSQL backends serving one database, whose process titles
 * read "postgres: <user> <database> 127.0.0.1(port) idle". Unreadable processes are skipped.
 */
export function cpuMsByProcess(match: (cmdline: string) => boolean): Map<number, number> {
  const found = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (match(cmdline)) found.set(pid, cpuMsOf(pid));
    } catch {
      // Ended meanwhile, or not ours to read.
    }
  }
  return found;
}

/**
 * CPU milliseconds so far of a process's threads, summed by thread name: in Node
 * "MainThread" (the event loop), "libuv-worker" (the threadpool: Argon2id, fs, …) and
 * "V8Worker" (garbage collection and compilation helpers). Threads that ended are missing.
 */
export function cpuMsByThread(pid: number): Record<string, number> {
  const byName: Record<string, number> = {};
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      byName[name] =
        (byName[name] ?? 0) + ((Number(fields[11]) + Number(fields[12])) * 1000) / USER_HZ;
    } catch {
      // The thread ended meanwhile.
    }
  }
  return byName;
}

/** `after − before` per thread name, in milliseconds. */
export function threadCpuSince(
  before: Record<string, number>,
  after: Record<string, number>,
): Record<string, number> {
  return Object.fromEntries(
    Object.entries(after).map(([name, ms]) => [name, ms - (before[name] ?? 0)]),
  );
}

/**
 * CPU milliseconds all CPUs of the machine have been busy so far (user, nice, system, irq,
 * softirq, steal; not idle or iowait). Minus what the bench's own processes used, over the
 * same window, it tells how much other work shared the machine.
 */
export function machineBusyMs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
  return (
    (((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) *
      1000) /
    USER_HZ
  );
}
