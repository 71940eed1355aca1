// The receipt PDF is rendered once per application and stored sealed with it (ADR 0048): a
// second worker process delivering it again, the Postfach copy, the citizen's and the clerk's
// downloads all carry that same document without rendering it; an application without a stored receipt
// (sent before, or the store failed) still gets one rendered. The worker keeps what it
// rendered only for a delivery that will be attempted again.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import test from 'node:test';
import { testServices } from '../app/testing.ts';
import { workerJobs } from '../app/worker.ts';
import { signedInStaff } from '../backoffice/testing.ts';
import { SECRET_A, startReceiver } from '../delivery/testing.ts';
import {
  citizenInSoegel,
  completeOsterfeuer,
  sendOsterfeuer,
  startApp,
} from '../drafts/testing.ts';
import type { Language } from '../web/i18n.ts';
import type { ReceiptContent } from './receipt-content.ts';
import { renderReceiptPdf } from './receipt-pdf.ts';

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/** A worker process of its own: its own services, counting the receipts it renders. */
function workerProcess(started: Awaited<ReturnType<typeof startApp>>) {
  const rendered: string[] = [];
  const services = testServices(started.database, started.smtp.mailer, {
    keyring: started.keyring,
    renderReceipt: (content: ReceiptContent, language: Language) => {
      rendered.push(content.referenceNumber);
      return renderReceiptPdf(content, language);
    },
  });
  return { services, rendered };
}

test('a receipt is rendered once, stored sealed, and every later copy in any process is that one', async (t) => {
  const started = await startApp(t);
  const { app, smtp, database } = started;
  const browser = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const draftId = await completeOsterfeuer(browser);
  await browser.get(`/antraege/entwuerfe/${draftId}/pruefen`);
  const sent = await browser.post(`/antraege/entwuerfe/${draftId}/pruefen`, {
    _declaration: 'yes',
  });
  const id = /\/antraege\/([0-9a-f-]{36})/.exec(String(sent.headers.location))?.[1] as string;

  // The first delivery renders it and stores it, sealed: no PDF in the row as it is.
  const first = workerProcess(started);
  const delivered = await first.services.applications.deliverable(id);
  assert.equal(first.rendered.length, 1);
  assert.match(delivered.receipt.content.subarray(0, 5).toString('latin1'), /^%PDF-/);
  const row = await database.owner
    .selectFrom('application')
    .select('receipt_sealed')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  assert.ok(row.receipt_sealed, 'the receipt is stored');
  assert.equal(Buffer.from(row.receipt_sealed).includes('%PDF-'), false, 'stored sealed');

  // Another worker process: the retry and the Postfach copy take the stored one.
  const second = workerProcess(started);
  const again = await second.services.applications.deliverable(id);
  assert.equal(again.receipt.sha256, delivered.receipt.sha256);
  const receipts = workerJobs(second.services).find((j) => j.name === 'applications.receipts');
  assert.ok(receipts);
  await receipts.run();
  assert.deepEqual(second.rendered, [], 'nothing rendered again');
  // The citizen finds it in the Postfach, in the thread of the application.
  const inbox = await browser.get('/postfach');
  const threadLink = /href="(\/postfach\/[0-9a-f-]{36})"/.exec(inbox.body)?.[1];
  assert.ok(threadLink, 'the Postfach lists the thread');
  assert.match((await browser.get(threadLink)).body, /Eingangsbestaetigung-EL-[0-9-]+\.pdf/);

  // The citizen downloads the very document the authority received.
  const download = await browser.get(`/antraege/${id}/eingangsbestaetigung`);
  assert.equal(download.statusCode, 200);
  assert.equal(sha256(download.rawPayload), delivered.receipt.sha256);

  // So does the clerk, from the link on the application's page in the back office.
  const clerk = (
    await signedInStaff(app, started, {
      authority: 'samtgemeinde-soegel',
      email: 'sachbearbeitung@soegel.example',
      name: 'Gerda Kuhl',
    })
  ).browser;
  const detail = await clerk.get(`/verwaltung/antraege/${id}`);
  assert.match(detail.body, /Eingangsbestätigung herunterladen \(PDF\)/);
  const forClerk = await clerk.get(`/verwaltung/antraege/${id}/eingangsbestaetigung`);
  assert.equal(forClerk.statusCode, 200);
  assert.equal(sha256(forClerk.rawPayload), delivered.receipt.sha256);

  // Without a stored receipt (an application sent before this): rendered, and stored again.
  await database.owner
    .updateTable('application')
    .set({ receipt_sealed: null })
    .where('id', '=', id)
    .execute();
  const third = workerProcess(started);
  const rendered = await third.services.applications.deliverable(id);
  assert.equal(third.rendered.length, 1);
  assert.match(rendered.receipt.content.subarray(0, 5).toString('latin1'), /^%PDF-/);
  assert.equal(rendered.receipt.size, rendered.receipt.content.length);
  const restored = await database.owner
    .selectFrom('application')
    .select('receipt_sealed')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  assert.ok(restored.receipt_sealed, 'stored again');
});

test('the Postfach copy made first is stored, and the delivery after it carries that one', async (t) => {
  const started = await startApp(t);
  const { app, smtp } = started;
  const browser = await citizenInSoegel(app, smtp, 'erika@example.org');
  const draftId = await completeOsterfeuer(browser);
  await browser.get(`/antraege/entwuerfe/${draftId}/pruefen`);
  const sent = await browser.post(`/antraege/entwuerfe/${draftId}/pruefen`, {
    _declaration: 'yes',
  });
  const id = /\/antraege\/([0-9a-f-]{36})/.exec(String(sent.headers.location))?.[1] as string;

  const poster = workerProcess(started);
  const receipts = workerJobs(poster.services).find((j) => j.name === 'applications.receipts');
  assert.ok(receipts);
  await receipts.run();
  assert.equal(poster.rendered.length, 1);

  const deliverer = workerProcess(started);
  const delivered = await deliverer.services.applications.deliverable(id);
  assert.deepEqual(deliverer.rendered, []);
  const download = await browser.get(`/antraege/${id}/eingangsbestaetigung`);
  assert.equal(sha256(download.rawPayload), delivered.receipt.sha256);
});

test('the worker keeps a receipt for the next attempt when the receiver says "later", not when it took it', async (t) => {
  const started = await startApp(t);
  const { app, smtp, database } = started;
  // The DMS answers 500 to the first request, then takes everything.
  const receiver = await startReceiver(t, (_hit, res) => {
    res.statusCode = receiver.hits.length === 1 ? 500 : 200;
    res.end('{}');
  });
  await workerProcess(started).services.delivery.routes.add({
    authoritySlug: 'samtgemeinde-soegel',
    name: 'dms',
    type: 'webhook',
    config: { url: receiver.url, secrets: [SECRET_A] },
  });
  const browser = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const stored = (id: string) =>
    database.owner
      .selectFrom('application')
      .select('receipt_sealed')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
      .then((row) => row.receipt_sealed !== null);
  const receiptIn = (body: string) => (JSON.parse(body) as { receipt: { sha256: string } }).receipt;

  const later = await sendOsterfeuer(browser);
  const first = workerProcess(started);
  assert.equal(await first.services.delivery.outboxWorker().runOnce(), 1);
  assert.equal(receiver.hits.length, 1);
  assert.equal(first.rendered.length, 1);
  assert.equal(await stored(later), true, 'kept for the next attempt');

  // The next attempt, due now, in another worker process: the stored receipt, not rendered.
  await database.owner
    .updateTable('delivery')
    .set({ next_attempt_at: new Date(0) })
    .execute();
  const second = workerProcess(started);
  assert.equal(await second.services.delivery.outboxWorker().runOnce(), 1);
  assert.equal(receiver.hits.length, 2);
  assert.deepEqual(second.rendered, []);
  assert.equal(
    receiptIn(receiver.hits[1]?.body ?? '').sha256,
    receiptIn(receiver.hits[0]?.body ?? '').sha256,
    'the same receipt both times',
  );
  const [delivery] = await database.owner.selectFrom('delivery').select('status').execute();
  assert.equal(delivery?.status, 'delivered');

  // Taken at the first attempt: rendered for it, and not written to the database.
  const atOnce = await sendOsterfeuer(browser);
  assert.equal(await second.services.delivery.outboxWorker().runOnce(), 1);
  assert.equal(receiver.hits.length, 3);
  assert.equal(second.rendered.length, 1);
  assert.equal(await stored(atOnce), false);
});
