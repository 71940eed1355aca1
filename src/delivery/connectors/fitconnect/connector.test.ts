// The FIT-Connect connector through the outbox worker against a FIT-Connect-shaped
// submission service on 127.0.0.1 (testing.ts) that decrypts every JWE with the destination's
// private key and validates the metadata against the official 2.1.0 schema with ajv. Faults:
// token endpoint down, 5xx then 2xx, 4xx, garbage, a wrong destination signature or key, an
// expired token, forged Security Event Tokens; certificate chains checked by OCSP (`openssl
// ocsp`) and CRLs.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import test from 'node:test';
import { sql } from 'kysely';
import type { DeliverableApplication } from '../../deliverable.ts';
import { createOutboxWorker } from '../../outbox.ts';
import { createRouteSettings } from '../../route-settings.ts';
import { deliveryTestDb, fakeLoad, memoryLog, sendApplication } from '../../testing.ts';
import { createRegistry } from '../registry.ts';
import { createFitconnectConnector } from './connector.ts';
import { EVENTS } from './events.ts';
import { startFitconnectService } from './testing.ts';
import { startOcspResponder } from './testing-ocsp.ts';

const PLAN = Buffer.from('%PDF-1.7 Lageplan des Osterfeuers');
const ATTACHMENT_ID = randomUUID();

async function load(applicationId: string): Promise<DeliverableApplication> {
  const base = await fakeLoad(applicationId);
  return {
    ...base,
    attachments: [
      {
        id: ATTACHMENT_ID,
        fieldId: 'lageplan',
        name: 'lageplan.pdf',
        mediaType: 'application/pdf',
        size: PLAN.byteLength,
        sha256: 'x',
        content: PLAN,
      },
    ],
  };
}

async function setup(t: test.TestContext, options: { now?: () => number } = {}) {
  const ctx = await deliveryTestDb(t);
  const service = await startFitconnectService(t);
  const connector = createFitconnectConnector({ db: ctx.database.db, ...options });
  const connectors = createRegistry([connector]);
  const settings = createRouteSettings({ ...ctx, db: ctx.database.db, connectors });
  const log = memoryLog();
  const worker = createOutboxWorker({
    db: ctx.database.db,
    connectors,
    keyring: ctx.keyring,
    load,
    log,
  });
  await settings.add({
    authoritySlug: ctx.authority.slug,
    name: 'fit-connect-ordnungsamt',
    type: 'fitconnect',
    config: service.config(),
  });
  const send = () =>
    sendApplication(ctx.database, {
      verbundId: ctx.verbundId,
      authorityId: ctx.authority.id,
      serviceId: ctx.service.id,
    });
  const delivery = (id: string) =>
    ctx.database.owner
      .selectFrom('delivery')
      .selectAll()
      .where('application_id', '=', id)
      .executeTakeFirstOrThrow();
  /** What a later attempt would find: the delivery due now. */
  // A second back: the worker compares with its own clock in milliseconds, PostgreSQL's now()
  // has microseconds, and the same millisecond would leave the row just not yet due.
  const makeDue = () =>
    sql`update delivery set next_attempt_at = now() - interval '1 second' where status = 'pending'`.execute(
      ctx.database.owner,
    );
  const announces = () =>
    service.hits.filter((h) => h.method === 'POST' && h.path === '/v1/submissions').length;
  return { ...ctx, service, connector, settings, worker, log, send, delivery, makeDue, announces };
}

test('fitconnect: the application reaches the destination encrypted, accepted → delivered', async (t) => {
  const s = await setup(t);
  const id = await s.send();
  assert.equal(await s.worker.runOnce(), 1);
  const row = await s.delivery(id);
  assert.equal(row.status, 'delivered', row.last_error ?? '');
  assert.deepEqual(s.service.problems, [], 'the service found nothing wrong');
  const [submission] = [...s.service.submissions.values()];
  assert.ok(submission);
  assert.equal(row.receiver_reference, submission.submissionId);
  // Decrypted by the service with the destination's private key: the very bytes we hold.
  const files = [...submission.attachments.values()].map((b) => b.toString('utf8')).sort();
  assert.deepEqual(files, ['%PDF-1.7 Lageplan des Osterfeuers', '%PDF-1.7 receipt']);
  assert.ok(submission.attachments.has(ATTACHMENT_ID));
  const data = JSON.parse(submission.data?.toString('utf8') ?? '{}');
  assert.equal(data.idempotencyKey, row.idempotency_key);
  assert.equal(data.application.answers.expectedVisitors, '250');
  // Valid against the official schema (checked by the service with ajv) and says what it is.
  assert.equal(
    submission.metadata?.$schema,
    'https://schema.fitko.de/fit-connect/metadata/2.1.0/metadata.schema.json',
  );
  assert.deepEqual(submission.serviceType, {
    name: 'Osterfeuer anmelden',
    identifier: 'urn:de:fim:leika:leistung:99063010000000',
  });

  // A second application uses the cached token.
  await s.send();
  await s.worker.runOnce();
  assert.equal(s.service.tokenRequests(), 1, 'the token is fetched once and kept');
});

test('fitconnect: accepted later — the next attempt resumes the same submission', async (t) => {
  const s = await setup(t);
  s.service.faults.verdict = 'none';
  const id = await s.send();
  await s.worker.runOnce();
  let row = await s.delivery(id);
  assert.equal(row.status, 'pending');
  assert.match(row.last_error ?? '', /waiting for the destination to accept/);
  assert.ok(row.next_attempt_at.getTime() > Date.now() + 30_000, 'polled again later, not at once');

  const [submission] = [...s.service.submissions.values()];
  assert.ok(submission?.submitted);
  await s.service.decide(submission, 'accept');
  await s.makeDue();
  await s.worker.runOnce();
  row = await s.delivery(id);
  assert.equal(row.status, 'delivered');
  assert.equal(s.announces(), 1, 'announced once, never a second submission');
  assert.equal(s.service.submissions.size, 1);
});

test('fitconnect: the destination rejects → rejected with its reason', async (t) => {
  const s = await setup(t);
  s.service.faults.verdict = 'reject';
  const id = await s.send();
  await s.worker.runOnce();
  const row = await s.delivery(id);
  assert.equal(row.status, 'rejected');
  assert.match(row.last_error ?? '', /Fachlich unvollständig: Pflichtangabe fehlt/);
});

test('fitconnect: token endpoint down → tried again later, nothing announced', async (t) => {
  const s = await setup(t);
  s.service.faults.tokenDown = true;
  const id = await s.send();
  await s.worker.runOnce();
  const row = await s.delivery(id);
  assert.equal(row.status, 'pending');
  assert.match(row.last_error ?? '', /token endpoint/);
  assert.equal(s.announces(), 0);

  s.service.faults.tokenDown = false;
  await s.makeDue();
  await s.worker.runOnce();
  assert.equal((await s.delivery(id)).status, 'delivered');
});

test('fitconnect: 5xx then 2xx — announce and submit retried, one submission', async (t) => {
  const s = await setup(t);
  s.service.next.push({ method: 'POST', path: /^\/v1\/submissions$/, answer: { status: 503 } });
  s.service.next.push({
    method: 'PUT',
    path: /^\/v1\/submissions\/[^/]+$/,
    answer: { status: 500, body: '{"detail":"busy"}' },
  });
  const id = await s.send();
  await s.worker.runOnce();
  let row = await s.delivery(id);
  assert.equal(row.status, 'pending');
  assert.match(row.last_error ?? '', /announcing the submission: HTTP 503/);

  await s.makeDue();
  await s.worker.runOnce();
  row = await s.delivery(id);
  assert.equal(row.status, 'pending');
  assert.match(row.last_error ?? '', /submitting: HTTP 500/);

  await s.makeDue();
  await s.worker.runOnce();
  row = await s.delivery(id);
  assert.equal(row.status, 'delivered', row.last_error ?? '');
  // The 503 created nothing; the submission announced next was resumed after the 500.
  assert.equal(s.service.submissions.size, 1, 'exactly one submission');
  assert.equal(s.announces(), 2);
});

test('fitconnect: a 4xx is a refusal, garbage is tried again', async (t) => {
  const s = await setup(t);
  s.service.next.push({
    method: 'POST',
    path: /^\/v1\/submissions$/,
    answer: { status: 201, body: '<html>gateway</html>' },
  });
  const first = await s.send();
  await s.worker.runOnce();
  let row = await s.delivery(first);
  assert.equal(row.status, 'pending');
  assert.match(row.last_error ?? '', /not JSON/);

  s.service.next.push({
    method: 'POST',
    path: /^\/v1\/submissions$/,
    answer: { status: 422, body: '{"detail":"invalid"}' },
  });
  await s.makeDue();
  await s.worker.runOnce();
  row = await s.delivery(first);
  assert.equal(row.status, 'rejected');
  assert.match(row.last_error ?? '', /HTTP 422/);
});

test('fitconnect: a destination signature by another key or a swapped key stops it', async (t) => {
  const s = await setup(t);
  s.service.faults.signDestinationWithStranger = true;
  const id = await s.send();
  await s.worker.runOnce();
  let row = await s.delivery(id);
  assert.equal(row.status, 'pending');
  assert.match(row.last_error ?? '', /destination signature does not verify.*nothing was sent/);
  assert.equal(s.announces(), 0);
  await assert.rejects(
    s.connector.checkConfig?.(s.service.config() as never, AbortSignal.timeout(10_000)) ??
      Promise.resolve(),
    /destination signature/,
  );

  s.service.faults.signDestinationWithStranger = false;
  s.service.faults.swapEncryptionKey = true;
  await s.makeDue();
  await s.worker.runOnce();
  row = await s.delivery(id);
  assert.equal(row.status, 'pending');
  assert.match(row.last_error ?? '', /vouches for another destination, host or key/);
  assert.equal(s.announces(), 0, 'no byte of the application was sent to the swapped key');

  s.service.faults.swapEncryptionKey = false;
  await s.connector.checkConfig?.(s.service.config() as never, AbortSignal.timeout(10_000));
});

test('fitconnect: an expired token is replaced once and the call repeated', async (t) => {
  const s = await setup(t);
  await s.send();
  await s.worker.runOnce();
  assert.equal(s.service.tokenRequests(), 1);
  // The service now refuses every token issued so far, though they claimed five minutes.
  s.service.faults.tokensIssuedBefore = Date.now() + 1;
  await new Promise((r) => setTimeout(r, 5));
  const id = await s.send();
  await s.worker.runOnce();
  assert.equal((await s.delivery(id)).status, 'delivered');
  assert.equal(s.service.tokenRequests(), 2);
});

test('fitconnect: forged Security Event Tokens are ignored, never believed', async (t) => {
  const s = await setup(t);
  s.service.faults.verdict = 'none';
  const id = await s.send();
  await s.worker.runOnce();
  const [submission] = [...s.service.submissions.values()];
  assert.ok(submission);
  // An "accepted" signed by a key the destination does not have, and one by the service
  // (accept belongs to the destination alone).
  await s.service.addEvent(
    submission,
    await s.service.eventToken(submission, EVENTS.accept, {}, 'stranger'),
  );
  await s.service.addEvent(
    submission,
    await s.service.eventToken(submission, EVENTS.accept, {}, 'service'),
  );
  await s.makeDue();
  await s.worker.runOnce();
  const row = await s.delivery(id);
  assert.equal(row.status, 'pending');
  assert.match(row.last_error ?? '', /2 event\(s\) with an invalid signature ignored/);
});

test('fitconnect: the encryption key must come with a chain to the trust anchor, else refused', async (t) => {
  const s = await setup(t);
  // The good chain (leaf → intermediate, under the configured root): delivered.
  const good = await s.send();
  await s.worker.runOnce();
  assert.equal((await s.delivery(good)).status, 'delivered');
  assert.equal(s.announces(), 1);

  const cases = [
    ['foreignRoot', /leads to none of the route’s trust anchors/],
    ['expiredLeaf', /its certificate expired on Jan {1,2}1 00:00:00 2021 GMT/],
    ['otherLeaf', /does not match its certificate’s public key/],
    ['none', /comes without a certificate chain \(x5c\)/],
    // Its CA withdrew it: the intermediate's CRL (made by openssl ca -gencrl) lists it.
    ['revokedLeaf', /its certificate was revoked on \d{4}-\d\d-\d\d/],
    ['signatureOnlyLeaf', /has a certificate not meant for wrapping keys \(keyEncipherment\)/],
  ] as const;
  for (const [fault, reason] of cases) {
    s.service.faults.encryptionChain = fault;
    const id = await s.send();
    await s.worker.runOnce();
    const row = await s.delivery(id);
    assert.equal(row.status, 'rejected', fault);
    assert.match(row.last_error ?? '', reason, fault);
    assert.match(row.last_error ?? '', /^the destination encryption key .*; nothing was sent$/);
    await assert.rejects(
      s.connector.checkConfig?.(s.service.config() as never, AbortSignal.timeout(10_000)) ??
        Promise.resolve(),
      reason,
      `Verbindung testen says so too (${fault})`,
    );
  }
  assert.equal(s.announces(), 1, 'nothing was announced to a key with a broken chain');

  // The chain is fine, but the route trusts another root.
  s.service.faults.encryptionChain = 'valid';
  const foreignAnchor = s.service.config({
    trustAnchors: s.service.foreignRootPem.trim().split('\n'),
  });
  await assert.rejects(
    s.connector.checkConfig?.(foreignAnchor as never, AbortSignal.timeout(10_000)) ??
      Promise.resolve(),
    /leads to none of the route’s trust anchors/,
  );
  await s.connector.checkConfig?.(s.service.config() as never, AbortSignal.timeout(10_000));
});

test('fitconnect: a revocation list that cannot be had holds the delivery back, and retries', async (t) => {
  const cases = [
    ['down', /the revocation list http:\/\/127\.0\.0\.1:\d+\/intermediate\.crl answers 503/],
    [
      'stale',
      /the revocation list .*intermediate\.crl is out of date \(next update was 2020-01-02/,
    ],
    ['forged', /the revocation list .*intermediate\.crl is not signed by the issuer/],
  ] as const;
  for (const [fault, reason] of cases) {
    // A fresh connector each time: no list cached from before.
    const s = await setup(t);
    s.service.faults.crl = fault;
    const id = await s.send();
    await s.worker.runOnce();
    const row = await s.delivery(id);
    assert.equal(row.status, 'pending', `${fault}: tried again later, not refused`);
    assert.match(row.last_error ?? '', reason, fault);
    assert.match(row.last_error ?? '', /^the destination encryption key: .*; nothing was sent$/);
    assert.equal(s.announces(), 0, `${fault}: nothing announced while the status is unknown`);
    await assert.rejects(
      s.connector.checkConfig?.(s.service.config() as never, AbortSignal.timeout(10_000)) ??
        Promise.resolve(),
      reason,
      `Verbindung testen says so too (${fault})`,
    );
  }
});

test('fitconnect: the OCSP responder decides: good delivers, revoked refuses, with the reason', async (t) => {
  const s = await setup(t);
  await startOcspResponder(t, s.service.ocsp.files('delegated'), s.service.ocsp.port);
  const good = await s.send();
  await s.worker.runOnce();
  assert.equal((await s.delivery(good)).status, 'delivered');
  await s.connector.checkConfig?.(s.service.config() as never, AbortSignal.timeout(10_000));

  // Revoked, and the reason names who said so: the responder, before the CRL is looked at.
  s.service.faults.encryptionChain = 'revokedLeaf';
  const id = await s.send();
  await s.worker.runOnce();
  const row = await s.delivery(id);
  assert.equal(row.status, 'rejected');
  const reason =
    /the destination encryption key its certificate was revoked on \d{4}-\d\d-\d\d \(OCSP\); nothing was sent$/;
  assert.match(row.last_error ?? '', reason);
  await assert.rejects(
    s.connector.checkConfig?.(s.service.config() as never, AbortSignal.timeout(10_000)) ??
      Promise.resolve(),
    reason,
    'Verbindung testen says so too',
  );
  assert.equal(s.announces(), 1, 'nothing was announced to the revoked key');
});

test('fitconnect: no OCSP answer to go by and no CRL holds the delivery back, and retries', async (t) => {
  const cases = [
    ['down', /the OCSP responder http:\/\/127\.0\.0\.1:\d+\/ cannot be reached/],
    ['forged', /the OCSP answer of .* is not signed by the issuer or a responder it named/],
    ['stale', /the OCSP answer of .* is out of date \(valid until \d{4}-/],
  ] as const;
  for (const [fault, reason] of cases) {
    // Each case its own subtest: its responder stops before the next one takes the port.
    await t.test(fault, async (t) => {
      // For 'stale' the portal's clock is ten minutes ahead of the responder's one-minute answers.
      const ahead = fault === 'stale' ? 10 * 60_000 : 0;
      const s = await setup(t, { now: () => Date.now() + ahead });
      if (fault !== 'down') {
        const signer = fault === 'forged' ? 'forged' : 'delegated';
        await startOcspResponder(t, s.service.ocsp.files(signer), s.service.ocsp.port, {
          minutes: 1,
        });
      }
      s.service.faults.crl = 'down';
      const id = await s.send();
      await s.worker.runOnce();
      const row = await s.delivery(id);
      assert.equal(row.status, 'pending', `${fault}: tried again later, not refused`);
      assert.match(row.last_error ?? '', reason, fault);
      assert.match(
        row.last_error ?? '',
        /, and the revocation list .*intermediate\.crl answers 503/,
      );
      assert.equal(s.announces(), 0, `${fault}: nothing announced while the status is unknown`);
      await assert.rejects(
        s.connector.checkConfig?.(s.service.config() as never, AbortSignal.timeout(10_000)) ??
          Promise.resolve(),
        reason,
        `Verbindung testen says so too (${fault})`,
      );
    });
  }
});

test('fitconnect: an accept signed by a key whose chain is broken is refused, not believed', async (t) => {
  const s = await setup(t);
  s.service.faults.signingChain = 'foreignRoot';
  const id = await s.send();
  await s.worker.runOnce();
  const row = await s.delivery(id);
  assert.equal(row.status, 'rejected');
  assert.match(
    row.last_error ?? '',
    /the destination signing key has a certificate chain that leads to none of the route’s trust anchors/,
  );
  const application = await s.database.owner
    .selectFrom('application')
    .select('status')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  assert.equal(application.status, 'submitted', 'not marked received');
});

test('fitconnect: without trust anchors refused; keys without chain only in the demo, never in production', async (t) => {
  const s = await setup(t);
  const noAnchors = s.service.config({ trustAnchors: undefined });
  delete (noAnchors as Record<string, unknown>).trustAnchors;
  await assert.rejects(
    s.connector.checkConfig?.(noAnchors as never, AbortSignal.timeout(10_000)) ?? Promise.resolve(),
    /the route names no trust anchor for the destination keys/,
  );
  await assert.rejects(
    s.connector.checkConfig?.(
      s.service.config({
        trustAnchors: ['-----BEGIN CERTIFICATE-----', 'bm9wZQ==', '-----END CERTIFICATE-----'],
      }) as never,
      AbortSignal.timeout(10_000),
    ) ?? Promise.resolve(),
    /the route's trust anchors: trust anchor 1 is no X.509 certificate/,
  );

  // FIT-Connect's test environment: keys without x5c, taken only with the demo's opt-out.
  s.service.faults.encryptionChain = 'none';
  const demo = s.service.config({ demoWithoutCertificateChain: true });
  await s.connector.checkConfig?.(demo as never, AbortSignal.timeout(10_000));
  const production = createFitconnectConnector({ db: s.database.db, production: true });
  await assert.rejects(
    production.checkConfig?.(demo as never, AbortSignal.timeout(10_000)) ?? Promise.resolve(),
    /demoWithoutCertificateChain is for the demo only and refused in production/,
  );
});
