// How the bench prints its findings, and the JSON file it leaves in bench/results/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './children.ts';
import type { DatabaseInfo, Machine } from './machine.ts';
import type { Verdict } from './targets.ts';

const colour = process.stdout.isTTY && process.env.NO_COLOR === undefined;
const paint = (code: number, text: string) => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);

export function machineLines(
  machine: Machine,
  database: DatabaseInfo,
  code: string | undefined,
): string[] {
  const kind = database.kind === 'postgres' ? 'PostgreSQL' : 'PGlite (embedded)';
  return [
    'Machine',
    `  CPU        ${machine.cpuModel} × ${machine.cpuCount}`,
    `  Memory     ${machine.totalMemoryGiB.toFixed(1)} GiB`,
    `  Node       ${machine.node}`,
    `  Kernel     ${machine.kernel}`,
    `  Load avg   ${machine.loadAverage1m.toFixed(2)} (1 min, at start)${
      machine.loadAverage1m >= 0.5
        ? paint(33, ' — other processes are busy; numbers will be lower and noisier')
        : ''
    }`,
    `  Database   ${kind} ${database.serverVersion}`,
    `             ${database.version}`,
    `  Code       ${code ?? 'unknown (no git)'}`,
  ];
}

const COLUMNS = `  ${'what'.padEnd(34)}${'req/s'.padStart(9)}${'p50'.padStart(8)}${'p99'.padStart(8)}${'ratio'.padStart(8)}${'peak RSS'.padStart(12)}${'CPU/req'.padStart(10)}`;

/** What a table row shows: one load run and the serving process around it. */
export type RowData = {
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  peakRssMb: number;
  cpuUsPerRequest: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
};

export function tableHeader(): string[] {
  return [
    'Load (req/s = mean of 1-s samples; latency in whole ms; ratio = req/s ÷ baseline req/s;',
    '      peak RSS = VmHWM of the serving node process during warm-up and run;',
    '      CPU/req = its user+system CPU time per request in the measured run)',
    COLUMNS,
  ];
}

export function tableRow(label: string, run: RowData, ratio: number): string {
  const line =
    `  ${label.padEnd(34)}${Math.round(run.reqPerSec).toString().padStart(9)}` +
    `${`${run.p50Ms} ms`.padStart(8)}${`${run.p99Ms} ms`.padStart(8)}` +
    `${ratio.toFixed(3).padStart(8)}${`${run.peakRssMb.toFixed(1)} MB`.padStart(12)}` +
    `${`${Math.round(run.cpuUsPerRequest)} µs`.padStart(10)}`;
  const problems = [
    run.non2xx > 0 ? `${run.non2xx} non-2xx (${JSON.stringify(run.statusCodes)})` : '',
    run.errors > 0 ? `${run.errors} errors` : '',
    run.timeouts > 0 ? `${run.timeouts} timeouts` : '',
  ].filter(Boolean);
  return problems.length === 0
    ? line
    : `${line}\n    ${paint(33, `warning: ${problems.join(', ')}`)}`;
}

export function verdictLines(verdicts: Verdict[]): string[] {
  return [
    'Verdicts',
    ...verdicts.map((v) => {
      const tag =
        v.outcome === 'PASS'
          ? paint(32, 'PASS')
          : v.outcome === 'FAIL'
            ? paint(31, 'FAIL')
            : paint(90, 'n/a ');
      return `  ${tag}  ${v.target.padEnd(44)} ${v.detail}`;
    }),
  ];
}

/** bench/results/<timestamp>.json; returns the path relative to the repository. */
export function writeResults(startedAt: Date, results: unknown): string {
  const dir = join(REPO_ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const name = `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(join(dir, name), `${JSON.stringify(results, null, 2)}\n`);
  return `bench/results/${name}`;
}
