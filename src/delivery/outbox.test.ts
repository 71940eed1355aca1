// The outbox worker against a real database (PGlite, or PostgreSQL with DATABASE_URL), real
// HTTP receivers on 127.0.0.1 and the real SMTP test server. The application's content comes
// from a fixed loader here (src/applications has the real one and its own end-to-end test).

import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import test from 'node:test';
import { sql } from 'kysely';
import { testKeyring } from '../app/testing.ts';
import { reverseTeardown } from '../db/testing.ts';
import { startSmtp } from '../mail/testing.ts';
import { createRegistry } from './connectors/registry.ts';
import { webhookConnector } from './connectors/webhook/connector.ts';
import { verify } from './connectors/webhook/signature.ts';
import { createOutboxWorker, type OutboxOptions } from './outbox.ts';
import * as repo from './repository.ts';
import { createRouteSettings } from './route-settings.ts';
import {
  deliveryTestDb,
  fakeLoad,
  memoryLog,
  SECRET_A,
  SECRET_B,
  sendApplication,
  startReceiver,
} from './testing.ts';

const connectors = createRegistry([webhookConnector]);
// The real webhook connector with a short timeout, so "slow" takes a second, not 30 s.
const impatient = createRegistry([{ ...webhookConnector, timeoutMs: 1_000 }]);

async function setup(t: test.TestContext) {
  const ctx = await deliveryTestDb(t);
  const settings = createRouteSettings({ ...ctx, db: ctx.database.db, connectors });
  const clock = { offsetMs: 0 };
  const now = () => new Date(Date.now() + clock.offsetMs);
  const log = memoryLog();
  const worker = (extra: Partial<OutboxOptions> = {}) =>
    createOutboxWorker({
      db: ctx.database.db,
      connectors,
      keyring: ctx.keyring,
      load: fakeLoad,
      log,
      now,
      backoff: { maxAttempts: 3 },
      ...extra,
    });
  const send = () =>
    sendApplication(ctx.database, {
      verbundId: ctx.verbundId,
      authorityId: ctx.authority.id,
      serviceId: ctx.service.id,
    });
  const deliveries = (applicationId?: string) => {
    let query = ctx.database.owner.selectFrom('delivery').selectAll().orderBy('route_name');
    if (applicationId) query = query.where('application_id', '=', applicationId);
    return query.execute();
  };
  const addWebhook = (
    url: string,
    extra: { name?: string; service?: boolean; alert?: string } = {},
  ) =>
    settings.add({
      authoritySlug: ctx.authority.slug,
      name: extra.name ?? 'dms',
      type: 'webhook',
      ...(extra.service ? { serviceKey: ctx.service.key } : {}),
      ...(extra.alert ? { alertEmail: extra.alert } : {}),
      config: { url, secrets: [SECRET_A, SECRET_B] },
    });
  return { ...ctx, settings, clock, now, log, worker, send, deliveries, addWebhook };
}

/** A port nothing listens on: taken from the system, then closed again. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

test('routes: the service’s own, else the authority’s defaults, else one waiting row', async (t) => {
  const s = await setup(t);
  const unrouted = await s.send();
  assert.deepEqual(
    (await s.deliveries(unrouted)).map((d) => [d.route_id, d.status]),
    [[null, 'pending']],
    'no route: one row that waits',
  );

  await s.addWebhook('http://127.0.0.1:1/default', { name: 'dms' });
  await s.addWebhook('http://127.0.0.1:1/default2', { name: 'fachverfahren' });
  const byDefault = await s.send();
  assert.deepEqual(
    (await s.deliveries(byDefault)).map((d) => d.route_name),
    ['dms', 'fachverfahren'],
    'several default routes: one delivery each',
  );

  await s.addWebhook('http://127.0.0.1:1/own', { name: 'osterfeuer-app', service: true });
  const own = await s.send();
  assert.deepEqual(
    (await s.deliveries(own)).map((d) => d.route_name),
    ['osterfeuer-app'],
    'the service’s own route replaces the defaults',
  );
  const keys = new Set((await s.deliveries()).map((d) => d.idempotency_key));
  assert.equal(keys.size, 4, 'every delivery has its own idempotency key');

  // The row sent before any route existed finds the routes when the worker gets to it.
  const receiver = await startReceiver(t, (_hit, res) => res.end());
  await s.settings.remove(s.authority.slug, 'osterfeuer-app', s.service.key, true);
  await s.settings.remove(s.authority.slug, 'dms', undefined, true);
  await s.settings.remove(s.authority.slug, 'fachverfahren', undefined, true);
  await s.addWebhook(receiver.url, { name: 'dms' });
  await s.addWebhook(receiver.url, { name: 'fachverfahren' });
  await s.worker().runOnce();
  await s.worker().runOnce();
  const later = await s.deliveries(unrouted);
  assert.deepEqual(
    later.map((d) => [d.route_name, d.status]),
    [
      ['dms', 'delivered'],
      ['fachverfahren', 'delivered'],
    ],
  );
});

test('webhook: signed with both secrets, the idempotency key sent, the reference kept', async (t) => {
  const s = await setup(t);
  const receiver = await startReceiver(t, (_hit, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ reference: 'DMS-2026-17' }));
  });
  await s.addWebhook(receiver.url);
  const id = await s.send();
  assert.equal(await s.worker().runOnce(), 1);

  const [row] = await s.deliveries(id);
  assert.equal(row?.status, 'delivered');
  assert.equal(row?.receiver_reference, 'DMS-2026-17');
  assert.equal(row?.attempts, 1);
  assert.equal(receiver.hits.length, 1);
  const hit = receiver.hits[0];
  assert.ok(hit);
  assert.equal(hit.headers['idempotency-key'], row?.idempotency_key);
  const nowSeconds = Math.floor(Date.now() / 1000);
  const signature = hit.headers['rathausnetz-signature'] as string;
  assert.ok(verify(signature, SECRET_A, hit.body, nowSeconds), 'the current secret verifies');
  assert.ok(verify(signature, SECRET_B, hit.body, nowSeconds), 'the next secret verifies too');
  assert.ok(!verify(signature, 'c'.repeat(40), hit.body, nowSeconds), 'another does not');
  assert.ok(!verify(signature, SECRET_A, `${hit.body} `, nowSeconds), 'a changed body does not');
  const body = JSON.parse(hit.body);
  assert.equal(body.application.reference, 'EL-2026-000001');
  assert.equal(Buffer.from(body.receipt.contentBase64, 'base64').toString(), '%PDF-1.7 receipt');
});

test('500 then 200: retried after a backoff with the same key, then delivered', async (t) => {
  const s = await setup(t);
  let calls = 0;
  const receiver = await startReceiver(t, (_hit, res) => {
    calls++;
    res.statusCode = calls === 1 ? 500 : 200;
    res.end();
  });
  await s.addWebhook(receiver.url);
  const id = await s.send();
  const worker = s.worker();
  await worker.runOnce();
  let [row] = await s.deliveries(id);
  assert.equal(row?.status, 'pending');
  assert.equal(row?.last_error, 'HTTP 500 from the receiver');
  const wait = (row?.next_attempt_at.getTime() ?? 0) - Date.now();
  assert.ok(wait > 25_000 && wait <= 60_000, `about a minute with jitter, was ${wait} ms`);

  assert.equal(await worker.runOnce(), 0, 'not due before its time');
  s.clock.offsetMs = 61_000;
  assert.equal(await worker.runOnce(), 1);
  [row] = await s.deliveries(id);
  assert.equal(row?.status, 'delivered');
  assert.equal(row?.attempts, 2);
  assert.equal(row?.last_error, null);
  const keys = receiver.hits.map((h) => h.headers['idempotency-key']);
  assert.deepEqual(keys, [row?.idempotency_key, row?.idempotency_key]);
});

test('4xx is a refusal: rejected at once, the route’s admins get a mail', async (t) => {
  const s = await setup(t);
  const smtp = await startSmtp(t);
  const receiver = await startReceiver(t, (_hit, res) => {
    res.statusCode = 422;
    res.end('{"error":"unknown form"}');
  });
  await s.addWebhook(receiver.url, { alert: 'it@soegel.example' });
  const id = await s.send();
  await s.worker({ mailer: smtp.mailer }).runOnce();
  const [row] = await s.deliveries(id);
  assert.equal(row?.status, 'rejected');
  assert.equal(row?.last_error, 'HTTP 422 from the receiver');
  const mail = await smtp.lastMailTo('it@soegel.example');
  assert.equal(mail.decoded('subject'), 'Zustellung wurde abgelehnt');
  assert.doesNotMatch(mail.decoded('subject'), /EL-2026-/, 'no reference number in the subject');
  assert.match(mail.body, /Der Antrag EL-2026-\S+ wurde abgelehnt/, 'staff find it by the body');
  assert.doesNotMatch(mail.body, /250|Osterfeuer/, 'no content of the application');
  s.clock.offsetMs = 24 * 3600_000;
  assert.equal(await s.worker().runOnce(), 0, 'never tried again');
  assert.equal(receiver.hits.length, 1);
});

test('down, slow, garbage: retried; after the last attempt failed and logged', async (t) => {
  const s = await setup(t);
  const down = `http://127.0.0.1:${await closedPort()}/hook`;
  const slow = await startReceiver(t, (_hit, res) => {
    setTimeout(() => res.end(), 5_000).unref();
  });
  const garbage = await startReceiver(t, (_hit, res) => {
    res.setHeader('content-type', 'text/html');
    res.end('<html>Wartungsarbeiten</html>');
  });
  await s.addWebhook(down, { name: 'down' });
  await s.addWebhook(slow.url, { name: 'slow' });
  await s.addWebhook(garbage.url, { name: 'garbage' });
  const id = await s.send();
  const worker = s.worker({ connectors: impatient });
  for (let attempt = 1; attempt <= 3; attempt++) {
    assert.equal(await worker.runOnce(), 3);
    const rows = await s.deliveries(id);
    const expected = attempt < 3 ? 'pending' : 'failed';
    assert.deepEqual(
      rows.map((r) => [r.route_name, r.status, r.attempts]),
      [
        ['down', expected, attempt],
        ['garbage', expected, attempt],
        ['slow', expected, attempt],
      ],
    );
    s.clock.offsetMs += 13 * 3600_000;
  }
  const byRoute = Object.fromEntries((await s.deliveries(id)).map((r) => [r.route_name, r]));
  assert.match(byRoute.down?.last_error ?? '', /no answer from the receiver: ECONNREFUSED/);
  assert.match(byRoute.slow?.last_error ?? '', /timed out|in time/);
  assert.match(
    byRoute.garbage?.last_error ?? '',
    /HTTP 200 with an answer that is not a JSON object/,
  );
  const notices = s.log.lines.filter((l) => l.message.startsWith('delivery needs staff attention'));
  assert.equal(notices.length, 3, 'no alert address: the log says so, once per delivery');
  // The answer "250" as a number of its own: a random delivery id may hold those digits.
  assert.doesNotMatch(
    JSON.stringify(s.log.lines),
    /Osterfeuer|Sögel|\b250\b/,
    'no content in the log',
  );
  assert.equal(await worker.runOnce(), 0, 'failed is final until staff resend it');
});

test('an unknown connector type or an unreadable secret: visible, kept, nothing lost', async (t) => {
  const s = await setup(t);
  const receiver = await startReceiver(t, (_hit, res) => res.end());
  // A route sealed with keys this installation does not have (e.g. restored from elsewhere).
  const foreign = createRouteSettings({
    ...s,
    db: s.database.db,
    connectors,
    keyring: testKeyring(),
  });
  await foreign.add({
    authoritySlug: s.authority.slug,
    name: 'dms',
    type: 'webhook',
    config: { url: receiver.url, secrets: [SECRET_A] },
  });
  await sql`insert into delivery_route (verbund_id, authority_id, name, connector_type, config)
    values (${s.verbundId}, ${s.authority.id}, 'fax', 'fax', '{}')`.execute(s.database.owner);
  const id = await s.send();
  await s.worker().runOnce();
  const rows = await s.deliveries(id);
  assert.deepEqual(
    rows.map((r) => [r.route_name, r.status]),
    [
      ['dms', 'pending'],
      ['fax', 'pending'],
    ],
  );
  assert.match(rows[0]?.last_error ?? '', /secrets cannot be opened: .*application key "test"/);
  assert.match(rows[1]?.last_error ?? '', /connector type "fax" is not known to this installation/);
  assert.equal(receiver.hits.length, 0);

  // "Verbindung testen" says the same before any delivery is tried.
  const tested = await s.settings.test(s.authority.slug, 'fax');
  assert.deepEqual(tested, {
    ok: false,
    problem: 'connector type "fax" is not known to this installation',
  });
});

test('two workers racing: every delivery exactly once', async (t) => {
  const s = await setup(t);
  const receiver = await startReceiver(t, (_hit, res) => {
    setTimeout(() => res.end('{}'), 5).unref();
  });
  await s.addWebhook(receiver.url);
  for (let i = 0; i < 30; i++) await s.send();
  const a = s.worker({ workerId: 'a', idleMs: 20 });
  const b = s.worker({ workerId: 'b', idleMs: 20 });
  a.start();
  b.start();
  const until = Date.now() + 20_000;
  while (receiver.hits.length < 30 && Date.now() < until)
    await new Promise((r) => setTimeout(r, 20));
  await Promise.all([a.stop(), b.stop()]);
  const keys = receiver.hits.map((h) => h.headers['idempotency-key']);
  assert.equal(keys.length, 30);
  assert.equal(new Set(keys).size, 30, 'no delivery twice');
  const rows = await s.deliveries();
  assert.ok(rows.every((r) => r.status === 'delivered' && r.attempts === 1));
});

test('a crashed worker’s claims return when its lease ends', async (t) => {
  const s = await setup(t);
  const receiver = await startReceiver(t, (_hit, res) => res.end());
  await s.addWebhook(receiver.url);
  const id = await s.send();
  // A worker claims and dies before it writes anything.
  const leaseMs = 60_000;
  const at = s.now();
  const claimed = await repo.claimDue(s.database.owner, {
    workerId: 'dead',
    now: at,
    leaseUntil: new Date(at.getTime() + leaseMs),
    limit: 10,
  });
  assert.equal(claimed.length, 1);
  const worker = s.worker({ leaseMs });
  assert.equal(await worker.runOnce(), 0, 'held while the lease lasts');
  s.clock.offsetMs = leaseMs + 1_000;
  assert.equal(await worker.runOnce(), 1);
  const [row] = await s.deliveries(id);
  assert.equal(row?.status, 'delivered');
  assert.equal(row?.attempts, 2, 'the dead worker’s attempt counts');
  assert.equal(row?.claimed_by, null);
});

test('shutdown gives back what is still in flight after the grace period', async (t) => {
  const s = await setup(t);
  const receiver = await startReceiver(t, () => {
    // never answers
  });
  await s.addWebhook(receiver.url);
  const id = await s.send();
  const worker = s.worker({ idleMs: 10 });
  worker.start();
  const until = Date.now() + 5_000;
  while (receiver.hits.length === 0 && Date.now() < until)
    await new Promise((r) => setTimeout(r, 10));
  assert.equal(receiver.hits.length, 1, 'the delivery is in flight');
  await worker.stop(100);
  const [row] = await s.deliveries(id);
  assert.deepEqual([row?.status, row?.attempts, row?.claimed_by], ['pending', 0, null]);
  assert.ok((row?.next_attempt_at.getTime() ?? Infinity) <= Date.now(), 'due again at once');
});

test('a backlog is claimed in full batches; shutdown gives back what was claimed ahead, untried', async (t) => {
  const s = await setup(t);
  // The first request is answered, every later one hangs: once the first slot frees, the
  // worker claims a full batch of two for one free slot and keeps the other ahead.
  const receiver = await startReceiver(t, (_hit, res) => {
    if (receiver.hits.length === 1) res.end('{}');
  });
  await s.addWebhook(receiver.url);
  const ids = [await s.send(), await s.send(), await s.send(), await s.send()];
  const worker = s.worker({ idleMs: 10, concurrency: 2 });
  worker.start();
  const until = Date.now() + 10_000;
  let held: Awaited<ReturnType<typeof s.deliveries>> = [];
  while (Date.now() < until) {
    held = (await s.deliveries()).filter((r) => r.claimed_by !== null);
    if (receiver.hits.length === 3 && held.length === 3) break;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.equal(receiver.hits.length, 3, 'one delivered, two in flight');
  assert.equal(held.length, 3, 'two in flight and one claimed ahead');
  await worker.stop(100);
  const rows = await s.deliveries();
  assert.equal(rows.length, ids.length);
  assert.equal(rows.filter((r) => r.status === 'delivered').length, 1);
  const back = rows.filter((r) => r.status !== 'delivered');
  assert.deepEqual(
    back.map((r) => [r.status, r.attempts, r.claimed_by]),
    [
      ['pending', 0, null],
      ['pending', 0, null],
      ['pending', 0, null],
    ],
    'given back untried, for another worker at once',
  );
});

test('a delivery claimed ahead that waited too long for a slot is claimed afresh, not sent late in its lease', async (t) => {
  const s = await setup(t);
  const held: { end(body: string): void }[] = [];
  const receiver = await startReceiver(t, (_hit, res) => {
    if (receiver.hits.length === 1) res.end('{}');
    else held.push(res);
  });
  await s.addWebhook(receiver.url);
  for (let i = 0; i < 4; i++) await s.send();
  // The webhook's 30 s timeout and the default lease of 90 s: 30 s is the longest wait ahead.
  const worker = s.worker({ idleMs: 10, concurrency: 2 });
  reverseTeardown(t).after(() => worker.stop(100));
  worker.start();
  const waitFor = async (what: () => boolean | Promise<boolean>) => {
    const until = Date.now() + 10_000;
    while (!(await what()) && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  };
  await waitFor(
    async () =>
      held.length === 2 && (await s.deliveries()).filter((r) => r.claimed_by).length === 3,
  );
  assert.equal(receiver.hits.length, 3, 'one delivered, two in flight, one claimed ahead');
  const [ahead] = (await s.deliveries()).filter(
    (r) => r.claimed_by && !receiver.hits.some((h) => h.headers['rathausnetz-delivery'] === r.id),
  );
  assert.ok(ahead, 'the one claimed ahead');
  s.clock.offsetMs = 31_000;
  held.shift()?.end('{}');
  await waitFor(() => receiver.hits.length === 4);
  assert.equal(receiver.hits[3]?.headers['rathausnetz-delivery'], ahead.id);
  assert.equal(receiver.hits[3]?.headers['rathausnetz-attempt'], '1', 'still its first attempt');
  const [row] = (await s.deliveries()).filter((r) => r.id === ahead.id);
  const leftMs = (row?.claimed_until?.getTime() ?? 0) - s.now().getTime();
  assert.ok(leftMs > 60_000, `claimed afresh: ${leftMs} ms of its lease left when sent`);
  for (const res of held) res.end('{}');
});

test('a committed submission wakes the idle worker at once, though its poll is an hour', async (t) => {
  const s = await setup(t);
  const answeredAt: number[] = [];
  const receiver = await startReceiver(t, (_hit, res) => {
    answeredAt.push(Date.now());
    res.end('{}');
  });
  await s.addWebhook(receiver.url);
  const worker = s.worker({
    idleMs: 3_600_000,
    listen: (onWake) => s.database.listen('delivery_due', onWake),
  });
  worker.start();
  reverseTeardown(t).after(() => worker.stop(100));
  // Let the worker finish its first (empty) round and settle into its hour-long wait.
  await new Promise((r) => setTimeout(r, 300));
  const latencies: number[] = [];
  for (let i = 0; i < 5; i++) {
    const committedAt = Date.now();
    await s.send();
    const until = Date.now() + 5_000;
    while (answeredAt.length <= i && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    assert.equal(answeredAt.length, i + 1, `submission ${i + 1} delivered without polling`);
    latencies.push((answeredAt[i] as number) - committedAt);
  }
  t.diagnostic(`commit → receiver: ${latencies.join(', ')} ms`);
  assert.ok(Math.max(...latencies) < 1_000, `each within a second: ${latencies.join(', ')}`);
});

test('stopped while it reads when work next comes due, the idle worker ends at once', async (t) => {
  const s = await setup(t);
  const id = await s.send();
  // Due in an hour: the worker's round claims nothing and reads when to look again.
  await s.database.owner
    .updateTable('delivery')
    .set({ next_attempt_at: new Date(Date.now() + 3_600_000) })
    .where('application_id', '=', id)
    .execute();
  let clockReadings = 0;
  let stopped: Promise<void> | undefined;
  const worker = s.worker({
    idleMs: 3_600_000,
    // Wake-ups that never come: only the due time decides the wait.
    listen: async () => async () => {},
    now: () => {
      // The round reads the clock to claim, then to turn the due time into a wait: shutdown
      // (SIGTERM) arriving between the two must not leave the worker asleep for that hour.
      if (++clockReadings === 2) stopped = worker.stop(100);
      return new Date();
    },
  });
  worker.start();
  const until = Date.now() + 5_000;
  while (stopped === undefined && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
  assert.ok(stopped, 'the idle wait read the clock');
  const outcome = await Promise.race([
    stopped.then(() => 'stopped'),
    new Promise((r) => setTimeout(() => r('still waiting'), 3_000).unref()),
  ]);
  assert.equal(outcome, 'stopped');
});

test('a retry due in a moment is taken then, not at the next safety-net poll', async (t) => {
  const s = await setup(t);
  let calls = 0;
  const receiver = await startReceiver(t, (_hit, res) => {
    calls++;
    res.statusCode = calls === 1 ? 503 : 200;
    res.end('{}');
  });
  await s.addWebhook(receiver.url);
  const id = await s.send();
  const worker = s.worker({
    idleMs: 3_600_000,
    backoff: { maxAttempts: 3, baseMs: 500, maxMs: 500 },
    random: () => 1,
    listen: (onWake) => s.database.listen('delivery_due', onWake),
  });
  worker.start();
  reverseTeardown(t).after(() => worker.stop(100));
  const until = Date.now() + 10_000;
  while (receiver.hits.length < 2 && Date.now() < until)
    await new Promise((r) => setTimeout(r, 10));
  assert.equal(receiver.hits.length, 2, 'tried again when the retry came due');
  const settled = Date.now() + 2_000;
  let row = (await s.deliveries(id))[0];
  while (row?.status !== 'delivered' && Date.now() < settled) {
    await new Promise((r) => setTimeout(r, 20));
    row = (await s.deliveries(id))[0];
  }
  assert.deepEqual([row?.status, row?.attempts], ['delivered', 2]);
});
