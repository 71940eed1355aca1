// Baseline of the login bench, run as its own process so it shares no event loop with the
// load generator: raw @node-rs/argon2 verify() calls in a closed loop, on a hash made by the
// portal's own hashPassword() (so with exactly its Argon2id parameters, which the encoded hash
// carries and verify() reads back, as the server's verifyPassword() does).
//
// Settings come from the environment (the bench sets them); the result goes to a JSON file.
import { writeFileSync } from 'node:fs';
import { verify } from '@node-rs/argon2';
import { hashPassword } from '../src/accounts/passwords.ts';
import { closedLoop } from './closed-loop.ts';
import { cpuMsByThread, machineBusyMs, threadCpuSince } from './proc-stats.ts';

const PASSWORD = 'Hasetal Radweg im Sommer, Grundlinie';

const whole = (name: string) => {
  const value = Number(process.env[name]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number`);
  return value;
};
const resultFile = process.env.BENCH_RESULT_FILE;
if (resultFile === undefined) throw new Error('BENCH_RESULT_FILE is not set');

const hash = await hashPassword(PASSWORD);
if (!(await verify(hash, PASSWORD))) throw new Error('verify() rejects the right password');

let cpuAtStart = process.cpuUsage();
let cpuUs = 0;
let threadsAtStart: Record<string, number> = {};
let threadMs: Record<string, number> = {};
let machineAtStart = 0;
let machineMs = 0;
const result = await closedLoop(
  {
    workers: whole('BENCH_WORKERS'),
    warmupMs: whole('BENCH_WARMUP_MS'),
    durationMs: whole('BENCH_DURATION_MS'),
  },
  async () => ((await verify(hash, PASSWORD)) ? 'ok' : 'rejected'),
  'ok',
  {
    start: () => {
      cpuAtStart = process.cpuUsage();
      threadsAtStart = cpuMsByThread(process.pid);
      machineAtStart = machineBusyMs();
    },
    end: () => {
      const used = process.cpuUsage(cpuAtStart);
      cpuUs = used.user + used.system;
      threadMs = threadCpuSince(threadsAtStart, cpuMsByThread(process.pid));
      machineMs = machineBusyMs() - machineAtStart;
    },
  },
);

writeFileSync(
  resultFile,
  JSON.stringify({
    ...result,
    hash: hash.slice(0, hash.lastIndexOf('$', hash.lastIndexOf('$') - 1)),
    threadpoolSize: process.env.UV_THREADPOOL_SIZE ?? '4 (libuv default)',
    /** CPUs busy with other work during the window (machine busy − this process), e.g. 0.3. */
    otherCpus: Math.max(0, machineMs - cpuUs / 1000) / 1000 / result.durationS,
    cpuMsPerOp: result.successes > 0 ? cpuUs / 1000 / result.successes : 0,
    /** CPU ms per verification by thread name (MainThread, libuv-worker, V8Worker, …). */
    threadCpuMsPerOp: Object.fromEntries(
      Object.entries(threadMs).map(([name, ms]) => [name, ms / Math.max(1, result.successes)]),
    ),
  }),
);
process.exit(0);
