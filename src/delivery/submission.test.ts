// From the citizen's click to the receiving system: a real submission through the web app
// writes the delivery in its statement, the worker as `npm start` wires it (real loader:
// snapshot opened, receipt rendered) posts it to a real HTTP receiver, fast.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import test from 'node:test';
import type { TestBrowser } from '../app/testing.ts';
import { citizenInSoegel, completeOsterfeuer, startApp } from '../drafts/testing.ts';
import { verify } from './connectors/webhook/signature.ts';
import { SECRET_A, startReceiver } from './testing.ts';

async function send(browser: TestBrowser, draftId: string) {
  await browser.get(`/antraege/entwuerfe/${draftId}/pruefen`);
  return browser.post(`/antraege/entwuerfe/${draftId}/pruefen`, { _declaration: 'yes' });
}

test('a sent Osterfeuer reaches the receiver with its receipt, within a second', async (t) => {
  const { app, smtp, database, services } = await startApp(t);
  const arrivals: number[] = [];
  const receiver = await startReceiver(t, (_hit, res) => {
    arrivals.push(performance.now());
    res.end('{"reference":"OSTER-1"}');
  });
  // The services as npm start builds them (src/app/services.ts): routes, connectors, worker.
  await services.delivery.routes.add({
    authoritySlug: 'samtgemeinde-soegel',
    name: 'dms',
    type: 'webhook',
    config: { url: receiver.url, secrets: [SECRET_A] },
  });
  const worker = services.delivery.outboxWorker();
  worker.start();
  t.after(() => worker.stop());

  const browser = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const latencies: number[] = [];
  const rounds = 5;
  for (let i = 0; i < rounds; i++) {
    const draftId = await completeOsterfeuer(browser);
    const sent = await send(browser, draftId);
    assert.equal(sent.statusCode, 303);
    const committed = performance.now();
    const until = Date.now() + 10_000;
    while (arrivals.length <= i && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    assert.equal(arrivals.length, i + 1, 'delivered');
    latencies.push((arrivals[i] as number) - committed);
  }
  const sorted = [...latencies].sort((a, b) => a - b);
  t.diagnostic(`commit → receiver, ms: ${sorted.map((l) => l.toFixed(0)).join(', ')}`);
  assert.ok((sorted[Math.floor(rounds / 2)] as number) < 1_000, 'median under a second');

  const hit = receiver.hits[0];
  assert.ok(hit);
  assert.ok(
    verify(
      hit.headers['rathausnetz-signature'] as string,
      SECRET_A,
      hit.body,
      Math.floor(Date.now() / 1000),
    ),
  );
  const body = JSON.parse(hit.body);
  assert.match(body.application.reference, /^EL-20\d\d-\d{6}$/);
  assert.equal(body.application.authority.name, 'Samtgemeinde Sögel');
  assert.equal(body.application.answers.organisationName, 'Schützenverein Sögel e. V.');
  assert.equal(body.application.applicant.familyName, 'Hüsing');
  // How sure the portal was of the sender: a password session of the Bürgerkonto.
  assert.equal(body.application.signedInAt, 'basic');
  const pdf = Buffer.from(body.receipt.contentBase64, 'base64');
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  assert.equal(body.receipt.sha256, createHash('sha256').update(pdf).digest('hex'));
  assert.match(body.receipt.name, /^Eingangsbestaetigung-EL-/);

  await worker.stop(); // lets the last outcome be written
  const rows = await database.owner
    .selectFrom('delivery')
    .select(['status', 'receiver_reference', 'attempts', 'last_error'])
    .execute();
  assert.equal(rows.length, rounds);
  assert.deepEqual(
    rows.map((r) => [r.status, r.receiver_reference, r.attempts, r.last_error]),
    rows.map(() => ['delivered', 'OSTER-1', 1, null]),
  );
});
