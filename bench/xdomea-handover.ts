// How long one xdomea hand-over takes in the worker: the 0401 built, the ZIP deflated (or
// stored) and written with fsync and rename into a drop folder on this machine's disk.
//
//   node bench/xdomea-handover.ts [count]     (default 50; run at low priority: nice -n 10)
//
// Each application carries a 60 kB receipt, a 1 MiB photo (random bytes: not compressible)
// and a 200 kB text attachment. A measurement, not a test.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createXdomeaConnector } from '../src/delivery/connectors/xdomea/connector.ts';
import { fakeLoad } from '../src/delivery/testing.ts';

const count = Number(process.argv[2] ?? 50);
const folder = await mkdtemp(join(tmpdir(), 'rathausnetz-xdomea-bench-'));
const connector = createXdomeaConnector({ verbundName: () => Promise.resolve('Portalverbund') });
const config = { dropFolder: folder, answerFolder: folder, sendingSystem: 'Rathausnetz' };
const file = (name: string, mediaType: string, content: Buffer) => ({
  id: randomUUID(),
  fieldId: 'f',
  name,
  mediaType,
  size: content.byteLength,
  sha256: 'x',
  content,
});
const application = await fakeLoad(randomUUID());
application.receipt = { ...application.receipt, content: randomBytes(60_000), size: 60_000 };
application.attachments = [
  file('foto.jpg', 'image/jpeg', randomBytes(1024 * 1024)),
  file('erlaeuterung.txt', 'text/plain', Buffer.from('Osterfeuer am Hümmling. '.repeat(8_000))),
];
const bytes = application.attachments.reduce((s, f) => s + f.size, application.receipt.size);

const times: number[] = [];
try {
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    const result = await connector.deliver(
      {
        deliveryId: randomUUID(),
        idempotencyKey: randomUUID(),
        attempt: 1,
        route: { id: 'r', name: 'dms' },
        application,
      },
      config,
      AbortSignal.timeout(60_000),
    );
    if (result.status !== 'awaiting') throw new Error(JSON.stringify(result));
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
} finally {
  await rm(folder, { recursive: true, force: true });
}
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0;
const mean = times.reduce((s, t) => s + t, 0) / times.length;
console.log(
  `xdomea hand-over, ${count} applications of ${(bytes / 1e6).toFixed(2)} MB: ` +
    `p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, ` +
    `${(bytes / 1e6 / (mean / 1000)).toFixed(1)} MB/s of files per worker`,
);
