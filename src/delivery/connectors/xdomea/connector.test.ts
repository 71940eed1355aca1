// The xdomea connector through the outbox worker into a real drop folder, with the test as the
// DMS: it finds the ZIP complete under the name xdomea prescribes, takes it apart with unzip,
// validates the 0401 with xmllint against the official XSD, and answers with a 0402 (itself
// valid) that the confirmation job of the composition root reads back.
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'node:test';
import { testServices } from '../../../app/testing.ts';
import { startSmtp } from '../../../mail/testing.ts';
import type { Deliverable } from '../../deliverable.ts';
import { fakeLoad } from '../../testing.ts';
import {
  answer,
  answerName,
  importConfirmation,
  readText,
  unpack,
  vorgangIdIn,
  xdomeaRoute,
  xsdProblems,
  zipNameOf,
} from './testing.ts';

test('xdomea: the ZIP lands complete, validates, and a 0402 makes the application received', async (t) => {
  const s = await xdomeaRoute(t);
  const id = await s.send();
  assert.equal(await s.worker.runOnce(), 1);

  const written = await s.delivery(id);
  const processId = written.idempotency_key;
  const zipName = zipNameOf(processId);
  assert.equal(written.status, 'awaiting', 'written is not yet taken');
  assert.equal(written.receiver_reference, zipName);
  assert.ok(written.handed_over_at);
  assert.match(await s.list(), /dms\s+awaiting .*awaiting confirmation/);
  // Only the finished ZIP is there: no temporary file left behind.
  assert.deepEqual(await readdir(s.folders.drop), [zipName]);

  // The DMS takes the ZIP apart and checks the message against the official schema.
  const unpacked = join(s.folders.base, 'dms-import');
  const { names, testOutput } = await unpack(join(s.folders.drop, zipName), unpacked);
  assert.match(testOutput, /No errors detected/);
  const xmlName = `${processId}_Abgabe.Abgabe.0401.xml`;
  assert.ok(names.includes(xmlName), `the message is in the ZIP as ${xmlName}`);
  assert.equal(await xsdProblems(join(unpacked, xmlName)), null);
  const xml = await readText(join(unpacked, xmlName));
  assert.match(xml, new RegExp(`<xdomea:ProzessID>${processId}</xdomea:ProzessID>`));
  assert.match(xml, /<code>0401<\/code>/);
  assert.match(xml, /<xdomea:Absender><xdomea:Institution><xdomea:Name>Portalverbund Emsland</);
  assert.match(
    xml,
    /<xdomea:Empfaenger>.*<code>034545012<\/code>.*Samtgemeinde Sögel.*Ordnungsamt/,
  );
  assert.match(xml, /<xdomea:Produktname>Rathausnetz<\/xdomea:Produktname>/);
  assert.match(xml, /<xdomea:Importbestaetigung>1<\/xdomea:Importbestaetigung>/);
  assert.match(xml, /<xdomea:Kennzeichen>EL-2026-000001<\/xdomea:Kennzeichen>/);
  assert.match(xml, /<xdomea:Posteingangsdatum>2026-12-01<\/xdomea:Posteingangsdatum>/);
  // Every Primärdokument the message names is in the ZIP, with the portal's content.
  const files = [...xml.matchAll(/<xdomea:Dateiname>([^<]+)<\/xdomea:Dateiname>/g)].map(
    (m) => m[1],
  );
  assert.equal(files.length, 2, 'receipt and answers (this application has no attachments)');
  for (const file of files) assert.ok(names.includes(String(file)), `${file} is in the ZIP`);
  const pdf = files.find((f) => f?.endsWith('.pdf'));
  assert.equal(await readFile(join(unpacked, String(pdf)), 'latin1'), '%PDF-1.7 receipt');
  assert.match(xml, /<code>018<\/code>.*<xdomea:Dateiname>[^<]+\.pdf</);
  const json = JSON.parse(
    await readText(join(unpacked, String(files.find((f) => f?.endsWith('.json'))))),
  );
  assert.equal(json.reference, 'EL-2026-000001');
  assert.deepEqual(json.answers, { expectedVisitors: '250' });

  // The DMS imported it and says so, with its own reference in the Hinweis.
  const confirmation = await answer(
    s.folders.answers,
    answerName(processId, '0402'),
    importConfirmation({
      processId,
      objectId: vorgangIdIn(xml),
      imported: true,
      hint: 'SG-32.1-4711/2026',
    }),
  );
  assert.equal(await xsdProblems(confirmation), null, 'the test DMS answers validly');
  const smtp = await startSmtp(t);
  const services = testServices(s.database, smtp.mailer, { keyring: s.keyring });
  const counts = await services.delivery.xdomeaConfirmations.run();
  assert.equal(counts.delivered, 1);

  const taken = await s.delivery(id);
  assert.equal(taken.status, 'delivered');
  assert.equal(taken.receiver_reference, 'SG-32.1-4711/2026');
  assert.match(await s.list(), /dms\s+delivered .* as SG-32\.1-4711\/2026/);
  const application = await s.database.owner
    .selectFrom('application')
    .select('status')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  assert.equal(application.status, 'received');
  const event = await s.database.owner
    .selectFrom('application_event')
    .select(['status', 'actor', 'note'])
    .where('application_id', '=', id)
    .where('status', '=', 'received')
    .executeTakeFirstOrThrow();
  assert.equal(event.actor, 'connector');
  assert.match(event.note ?? '', /Dokumentenmanagementsystem.*SG-32\.1-4711\/2026/);
  // The answer is moved out of the way, and a second run changes nothing.
  assert.deepEqual(await readdir(s.folders.answers), ['processed']);
  assert.deepEqual(await readdir(join(s.folders.answers, 'processed')), [
    answerName(processId, '0402'),
  ]);
  assert.equal((await services.delivery.xdomeaConfirmations.run()).delivered, 0);
});

test('xdomea: the same delivery is the same process and the same file, attachments included', async (t) => {
  const s = await xdomeaRoute(t);
  const application = await fakeLoad('7d3f3c8e-5a55-4c3e-9a57-1f2a6f6c0001');
  const plan = Buffer.from('\x89PNG Lageplan');
  application.attachments.push({
    id: 'f0c1c5a8-3d0e-4f4b-8a3c-5d7c3b8e0001',
    fieldId: 'lageplan',
    name: 'Lageplan & Zufahrt.png',
    mediaType: 'image/png',
    size: plan.byteLength,
    sha256: 'x',
    content: plan,
  });
  const item: Deliverable = {
    deliveryId: 'd1',
    idempotencyKey: '0f6b3e9a-2c1d-4e5f-8a7b-9c0d1e2f3a4b',
    attempt: 1,
    route: { id: 'r', name: 'dms' },
    application,
  };
  const signal = AbortSignal.timeout(10_000);
  const first = await s.connector.deliver(item, s.config, signal);
  const again = await s.connector.deliver({ ...item, attempt: 2 }, s.config, signal);
  assert.deepEqual(first, { status: 'awaiting', reference: zipNameOf(item.idempotencyKey) });
  assert.deepEqual(again, first, 'a retry replaces the same file');
  assert.deepEqual(await readdir(s.folders.drop), [zipNameOf(item.idempotencyKey)]);
  const unpacked = join(s.folders.base, 'import');
  const { names } = await unpack(join(s.folders.drop, zipNameOf(item.idempotencyKey)), unpacked);
  assert.equal(names.length, 4, 'message, receipt, answers and the attachment');
  const xml = await readText(join(unpacked, `${item.idempotencyKey}_Abgabe.Abgabe.0401.xml`));
  assert.equal(
    await xsdProblems(join(unpacked, `${item.idempotencyKey}_Abgabe.Abgabe.0401.xml`)),
    null,
  );
  assert.match(
    xml,
    /<xdomea:DateinameOriginal>Lageplan &amp; Zufahrt\.png<\/xdomea:DateinameOriginal>/,
  );
  assert.match(xml, /<code>019<\/code>/, 'PNG by the Dateiformat list');
  const png = names.find((n) => n.endsWith('.png'));
  assert.deepEqual(await readFile(join(unpacked, String(png))), plan);
});

test('xdomea: a drop folder missing or not a folder is tried again with the reason', async (t) => {
  const s = await xdomeaRoute(t);
  const missing = join(s.folders.base, 'not-there');
  await s.settings.remove(s.authority.slug, 'dms', undefined, true);
  await s.settings.add({
    authoritySlug: s.authority.slug,
    name: 'dms',
    type: 'xdomea',
    config: { ...s.config, dropFolder: missing },
  });
  const id = await s.send();
  await s.worker.runOnce();
  const row = await s.delivery(id);
  assert.equal(row.status, 'pending');
  assert.match(row.last_error ?? '', /the drop folder .*not-there does not exist/);

  const file = join(s.folders.base, 'a-file');
  await writeFile(file, 'x');
  const result = await s.connector.deliver(
    {
      deliveryId: 'd',
      idempotencyKey: row.idempotency_key,
      attempt: 2,
      route: { id: 'r', name: 'dms' },
      application: await fakeLoad(id),
    },
    { ...s.config, dropFolder: file },
    AbortSignal.timeout(5_000),
  );
  assert.deepEqual(result, { status: 'retry', reason: `the drop folder ${file} is not a folder` });
});

test('xdomea: "Verbindung testen" checks both folders', async (t) => {
  const s = await xdomeaRoute(t);
  assert.deepEqual(await s.settings.test(s.authority.slug, 'dms'), { ok: true, checked: true });
  assert.deepEqual(await readdir(s.folders.drop), [], 'the probe leaves nothing behind');
  await s.settings.add({
    authoritySlug: s.authority.slug,
    name: 'dms-alt',
    type: 'xdomea',
    config: { ...s.config, answerFolder: join(s.folders.base, 'missing') },
  });
  const result = await s.settings.test(s.authority.slug, 'dms-alt');
  assert.equal(result.ok, false);
  assert.match(result.ok ? '' : result.problem, /the answer folder .*missing does not exist/);
  // A configuration that is not one is refused when the route is added.
  await assert.rejects(
    s.settings.add({
      authoritySlug: s.authority.slug,
      name: 'dms-bad',
      type: 'xdomea',
      config: { dropFolder: 'relative/path', answerFolder: s.folders.answers },
    }),
    (error: Error & { fields?: Record<string, string> }) =>
      /dropFolder/.test(error.fields?.config ?? '') &&
      /sendingSystem/.test(error.fields?.config ?? ''),
  );
});
