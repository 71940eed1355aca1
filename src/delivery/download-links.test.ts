// Files above a webhook route's inline limit go as expiring signed links: the receiving system
// (a real HTTP receiver) fetches them from the portal (really listening) while it handles the
// POST; an expired link is 403, a tampered one 404, and neither says whose file it was.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import test from 'node:test';
import type { TestBrowser } from '../app/testing.ts';
import { TEST_PUBLIC_URL } from '../app/testing.ts';
import { citizenInSoegel, completeOsterfeuer, startApp } from '../drafts/testing.ts';
import { signedDownloadUrl } from './download-links.ts';
import { SECRET_A, startReceiver } from './testing.ts';

async function send(browser: TestBrowser, draftId: string) {
  await browser.get(`/antraege/entwuerfe/${draftId}/pruefen`);
  return browser.post(`/antraege/entwuerfe/${draftId}/pruefen`, { _declaration: 'yes' });
}

test('files over the inline limit: the receiver fetches them by signed link; expired 403, tampered 404', async (t) => {
  const { app, smtp, services, keyring, database } = await startApp(t);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const portal = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  // The links name the portal's public URL; the receiver reaches this test's portal directly.
  const here = (link: string) => link.replace(TEST_PUBLIC_URL, portal);

  const fetched: { status: number; type: string | null; body: Buffer; link: string }[] = [];
  const receiver = await startReceiver(t, async (hit, res) => {
    const body = JSON.parse(hit.body);
    const link = body.receipt.downloadUrl as string;
    const answer = await fetch(here(link));
    fetched.push({
      status: answer.status,
      type: answer.headers.get('content-type'),
      body: Buffer.from(await answer.arrayBuffer()),
      link,
    });
    res.end('{"reference":"LINK-1"}');
  });
  await services.delivery.routes.add({
    authoritySlug: 'samtgemeinde-soegel',
    name: 'dms',
    type: 'webhook',
    config: { url: receiver.url, secrets: [SECRET_A], inlineLimitBytes: 0 },
  });
  const worker = services.delivery.outboxWorker();
  worker.start();
  t.after(() => worker.stop());

  const browser = await citizenInSoegel(app, smtp, 'hanna@example.org');
  const draftId = await completeOsterfeuer(browser);
  assert.equal((await send(browser, draftId)).statusCode, 303);
  const until = Date.now() + 30_000;
  while (fetched.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));

  const hit = receiver.hits[0];
  assert.ok(hit, 'the delivery arrived');
  const body = JSON.parse(hit.body);
  assert.equal(body.receipt.contentBase64, undefined, 'not inline');
  assert.ok(Date.parse(body.receipt.expiresAt) > Date.now(), 'the link says when it expires');
  const [got] = fetched;
  assert.ok(got);
  assert.equal(got.status, 200);
  assert.equal(got.type, 'application/pdf');
  assert.equal(got.body.subarray(0, 5).toString(), '%PDF-');
  assert.equal(createHash('sha256').update(got.body).digest('hex'), body.receipt.sha256);

  // Tampered: another file id, a changed expiry, a broken signature: all 404, no detail.
  const url = new URL(here(got.link));
  const later = new URL(url);
  later.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + 3600));
  const badSignature = new URL(url);
  badSignature.searchParams.set('signature', '0'.repeat(64));
  const otherFile = new URL(url.href.replace('/receipt?', `/${body.deliveryId}?`));
  for (const tampered of [later, badSignature, otherFile]) {
    const answer = await fetch(tampered);
    assert.equal(answer.status, 404, tampered.href);
    assert.equal(await answer.text(), 'Diese Datei gibt es nicht.');
  }
  // Correctly signed, but for a file the application does not have: 404 as well.
  const noSuchFile = signedDownloadUrl(portal, keyring, {
    deliveryId: body.deliveryId,
    fileId: '00000000-0000-4000-8000-000000000000',
    expires: Math.floor(Date.now() / 1000) + 600,
  });
  const missing = await fetch(noSuchFile);
  assert.equal(missing.status, 404);
  assert.equal(await missing.text(), 'Diese Datei gibt es nicht.');
  // Expired: a correctly signed link whose time is over.
  const expired = signedDownloadUrl(portal, keyring, {
    deliveryId: body.deliveryId,
    fileId: 'receipt',
    expires: Math.floor(Date.now() / 1000) - 1,
  });
  const answer = await fetch(expired);
  assert.equal(answer.status, 403);
  assert.match(await answer.text(), /Download-Link ist abgelaufen/);

  await worker.stop(); // lets the outcome be written
  const rows = await database.owner
    .selectFrom('delivery')
    .select(['status', 'receiver_reference'])
    .execute();
  assert.deepEqual(rows, [{ status: 'delivered', receiver_reference: 'LINK-1' }]);

  // The one file handed out is in Sögel's audit log; the refused tries are not.
  const audited = await database.owner
    .selectFrom('audit_entry as e')
    .innerJoin('authority as a', 'a.id', 'e.chain_id')
    .select(['a.slug', 'e.staff_id', 'e.subject_type', 'e.subject_id'])
    .where('e.action', '=', 'delivery.file_downloaded')
    .execute();
  assert.deepEqual(audited, [
    {
      slug: 'samtgemeinde-soegel',
      staff_id: null,
      subject_type: 'delivery',
      subject_id: body.deliveryId,
    },
  ]);
});
