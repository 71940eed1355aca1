// The bare client of the delivery bench, in a process of its own like a worker: replays the
// webhook POST a worker sent (same headers, same body with the receipt PDF) `count` times with
// `concurrency` in flight, a fresh idempotency key each, and prints requests per second.

import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';

const [url, file, countText, concurrencyText] = process.argv.slice(2);
if (!url || !file) throw new Error('usage: delivery-client.ts URL REQUEST.json COUNT CONCURRENCY');
const recorded = JSON.parse(readFileSync(file, 'utf8')) as {
  headers: Record<string, string>;
  body: string;
};
const body = Buffer.from(recorded.body, 'utf8');
const count = Number(countText ?? 1000);
const concurrency = Number(concurrencyText ?? 8);

// fetch, as the webhook connector posts: the same client library on both sides of the ratio.
async function post(): Promise<void> {
  const response = await fetch(url as string, {
    method: 'POST',
    headers: { ...recorded.headers, 'idempotency-key': randomUUID() },
    body,
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
}

let sent = 0;
const cpuAt = process.cpuUsage();
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (sent < count) {
      sent++;
      await post();
    }
  }),
);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuAt);
const cpuMsPerPost = (cpu.user + cpu.system) / 1000 / count;
process.stdout.write(
  `${JSON.stringify({ count, seconds, perSecond: count / seconds, cpuMsPerPost })}\n`,
);
