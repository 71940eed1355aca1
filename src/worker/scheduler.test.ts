// What the operator reads from the worker: rounds that did work at info, idle rounds only at
// debug, failures at error, and a woken job running at once instead of at its next round.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { didNothing, startScheduler } from './scheduler.ts';

type Line = { level: string; fields: Record<string, unknown>; message: string };

function recordingLog(lines: Line[]) {
  const at = (level: string) => (fields: Record<string, unknown>, message: string) =>
    void lines.push({ level, fields, message });
  return { debug: at('debug'), info: at('info'), error: at('error') };
}

test('idle rounds are logged at debug, busy rounds at info, failures at error', async () => {
  const lines: Line[] = [];
  const ran = new Set<string>();
  const job = (name: string, result: () => unknown) => ({
    name,
    everyMs: 60_000,
    async run() {
      ran.add(name);
      return result();
    },
  });
  const scheduler = startScheduler(
    [
      job('mail.outbox', () => ({ sent: 0, retrying: 0, failed: 0 })),
      job('applications.receipts', () => 3),
      job('applications.retention', () => {
        throw new Error('database unavailable');
      }),
    ],
    recordingLog(lines),
  );
  for (const name of ['mail.outbox', 'applications.receipts', 'applications.retention'])
    scheduler.wake(name);
  for (let i = 0; i < 100 && lines.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
  await scheduler.stop();

  const levelOf = (name: string) => lines.find((line) => line.fields.job === name)?.level;
  assert.equal(levelOf('mail.outbox'), 'debug');
  assert.equal(levelOf('applications.receipts'), 'info');
  assert.equal(levelOf('applications.retention'), 'error');
  assert.equal(ran.size, 3, 'woken jobs run at once, not after their 60 s round');
});

test('a result counts as idle only when every figure in it is zero or empty', () => {
  assert.equal(didNothing(0), true);
  assert.equal(didNothing(undefined), true);
  assert.equal(didNothing({ deleted: [] }), true);
  assert.equal(didNothing({ rewrapped: 0, keysRetired: [], remaining: 0 }), true);
  assert.equal(didNothing({ sent: 0, retrying: 1, failed: 0 }), false);
  assert.equal(didNothing({ deleted: ['a'] }), false);
  assert.equal(didNothing(4), false);
  assert.equal(didNothing({ authorities: { mails: 2 } }), false);
});
