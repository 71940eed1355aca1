// The delivery commands as an operator runs them, against a real database and a real receiver.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'node:test';
import { runCli } from '../cli/main.ts';
import { asOwner } from '../db/testing.ts';
import { builtInConnectors } from './connectors/registry.ts';
import { createOutboxWorker } from './outbox.ts';
import {
  deliveryTestDb,
  fakeLoad,
  memoryLog,
  SECRET_A,
  sendApplication,
  startReceiver,
} from './testing.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

test('delivery:route add, list, test, remove and delivery:list', async (t) => {
  const s = await deliveryTestDb(t);
  const cli = async (...argv: string[]) => {
    const c = capture();
    const code = await runCli(argv, c.io, asOwner(s.database), s.keyring);
    return { code, out: c.out, err: c.err };
  };
  const slug = s.authority.slug;
  const receiver = await startReceiver(t, (_hit, res) => res.end('{"reference":"X-1"}'));

  const types = await cli('delivery:route', 'types');
  assert.equal(types.code, 0);
  assert.match(types.out.join('\n'), /^webhook\s+signed JSON POST .*\(secret: secrets\)$/m);

  assert.deepEqual((await cli('delivery:route', 'list', slug)).out, [
    'No routes: applications wait until one is added.',
  ]);

  // Bad input: every problem named, nothing stored.
  const bad = await cli(
    'delivery:route',
    'add',
    slug,
    'DMS',
    'webhook',
    '--config',
    JSON.stringify({ url: 'ftp://dms', secrets: ['short'] }),
    '--alert-email',
    'not an address',
  );
  assert.equal(bad.code, 2);
  assert.match(bad.err.join('\n'), /^name: lower-case letters/m);
  assert.match(bad.err.join('\n'), /^config: \/url: .*; \/secrets\/0: /m);
  assert.match(bad.err.join('\n'), /^alertEmail: one plain e-mail address$/m);
  const unknown = await cli('delivery:route', 'add', slug, 'fax', 'fax', '--config', '{}');
  assert.equal(unknown.code, 2);
  assert.match(unknown.err.join('\n'), /^type: unknown connector type \(known: webhook/m);
  const notJson = await cli('delivery:route', 'add', slug, 'dms', 'webhook', '--config', '{');
  assert.equal(notJson.code, 2);
  assert.match(notJson.err[0] ?? '', /^The configuration is not readable JSON/);
  assert.deepEqual((await cli('delivery:route', 'list', slug)).out.length, 1, 'nothing stored');

  // A configuration file keeps the secret out of the shell history.
  const file = join(tmpdir(), `route-${process.pid}.json`);
  await writeFile(file, JSON.stringify({ url: receiver.url, secrets: [SECRET_A] }));
  const added = await cli(
    'delivery:route',
    'add',
    slug,
    'dms',
    'webhook',
    '--config-file',
    file,
    '--alert-email',
    'it@soegel.example',
  );
  assert.equal(added.code, 0, added.err.join('\n'));
  assert.equal(added.out[0], 'Route "dms" added as a default.');
  const again = await cli('delivery:route', 'add', slug, 'dms', 'webhook', '--config-file', file);
  assert.equal(again.code, 2);
  assert.match(again.err[0] ?? '', /exists there already/);

  const listed = await cli('delivery:route', 'list', slug);
  assert.equal(listed.out.length, 1);
  assert.match(
    listed.out[0] ?? '',
    /\(default\)\s+dms\s+webhook\s+\{"url":"http:\/\/127\.0\.0\.1:\d+\/hook"\} secrets: secrets \(sealed\) alerts: it@soegel\.example/,
  );
  assert.doesNotMatch(listed.out.join('\n'), /aaaa/, 'the secret is never shown');
  const stored = await s.database.owner
    .selectFrom('delivery_route')
    .selectAll()
    .executeTakeFirstOrThrow();
  assert.ok(!Buffer.from(stored.secrets ?? []).includes(Buffer.from(SECRET_A)), 'sealed at rest');
  assert.deepEqual(stored.config, { url: receiver.url });

  // "Verbindung testen": a signed ping the receiver answers; a receiver that is down fails.
  const tested = await cli('delivery:route', 'test', slug, 'dms');
  assert.deepEqual([tested.code, tested.out], [0, ['Route "dms": the connection works.']]);
  assert.equal(receiver.hits.at(-1)?.headers['rathausnetz-event'], 'ping');
  receiver.state.answer = (_hit, res) => {
    res.statusCode = 503;
    res.end();
  };
  const down = await cli('delivery:route', 'test', slug, 'dms');
  assert.deepEqual([down.code, down.err], [1, ['Route "dms": HTTP 503 from the receiver']]);
  receiver.state.answer = (_hit, res) => res.end('{"reference":"X-1"}');

  // A delivery, seen by the authority.
  await sendApplication(s.database, {
    verbundId: s.verbundId,
    authorityId: s.authority.id,
    serviceId: s.service.id,
  });
  const pending = await cli('delivery:list', slug, '--status', 'pending');
  const reference = /^(EL-2026-\d{6})/.exec(pending.out[0] ?? '')?.[1] ?? 'none';
  assert.match(pending.out[0] ?? '', /^EL-2026-\d{6}\s+dms\s+pending\s+attempts 0\s+next attempt /);
  // Removing a route that still has work is refused unless forced.
  const refused = await cli('delivery:route', 'remove', slug, 'dms');
  assert.equal(refused.code, 2);
  assert.match(refused.err[0] ?? '', /1 deliveries to route "dms" are pending/);
  await createOutboxWorker({
    db: s.database.db,
    connectors: builtInConnectors({
      mailer: { send: () => Promise.reject(new Error('no mail in this test')) },
      verbundName: () => Promise.resolve('Portalverbund Emsland'),
    }),
    keyring: s.keyring,
    load: fakeLoad,
    log: memoryLog(),
  }).runOnce();
  const delivered = await cli('delivery:list', slug);
  assert.match(delivered.out[0] ?? '', /dms\s+delivered\s+attempts 1\s+delivered .* as X-1$/);
  const nothing = await cli('delivery:resend', slug, reference);
  assert.deepEqual(
    [nothing.code, nothing.err],
    [1, [`${reference}: no failed or rejected delivery to resend.`]],
  );
  // Failed for good (e.g. after a long outage): staff send it again, with the same key.
  await s.database.owner
    .updateTable('delivery')
    .set({ status: 'failed', attempts: 10, last_error: 'HTTP 503' })
    .execute();
  const before = await s.database.owner
    .selectFrom('delivery')
    .select('idempotency_key')
    .executeTakeFirstOrThrow();
  const resent = await cli('delivery:resend', slug, reference);
  assert.deepEqual(resent.out, [
    `${reference}: resending to dms (attempts from zero, same idempotency key).`,
  ]);
  const after = await s.database.owner.selectFrom('delivery').selectAll().executeTakeFirstOrThrow();
  assert.deepEqual(
    [after.status, after.attempts, after.last_error, after.idempotency_key],
    ['pending', 0, null, before.idempotency_key],
  );
  const removed = await cli('delivery:route', 'remove', slug, 'dms', '--force');
  assert.deepEqual([removed.code, removed.out], [0, ['Route "dms" removed.']]);

  const missing = await cli('delivery:route', 'test', slug, 'dms');
  assert.deepEqual(
    [missing.code, missing.err],
    [2, ['Not found: delivery route dms. See delivery:route list and authority:list.']],
  );
  const usage = await cli('delivery:route', 'frobnicate', slug);
  assert.equal(usage.code, 2);
  assert.match(usage.err[0] ?? '', /^Usage:/);
});
