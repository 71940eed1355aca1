// Facts about a running process from Linux /proc: resident memory (VmHWM is the peak, VmRSS
// the current value) and CPU time used.
import { readFileSync, readlinkSync, writeFileSync } from 'node:fs';
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
