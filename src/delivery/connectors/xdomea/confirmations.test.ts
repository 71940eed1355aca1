// The confirmation job reading a DMS's answers from a real answer folder: a refused import
// fails the delivery with the DMS's reason and alerts the route's admins over real SMTP;
// unreadable files and answers for no delivery of ours are moved aside with a log line that
// names no one; a 0403 only confirms receipt; silence beyond the configured hours fails too.
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import test from 'node:test';
import { startSmtp } from '../../../mail/testing.ts';
import { createXdomeaConfirmations } from './confirmations.ts';
import {
  answer,
  answerName,
  importConfirmation,
  receiptConfirmation,
  unpack,
  vorgangIdIn,
  xdomeaRoute,
  xsdProblems,
  zipNameOf,
} from './testing.ts';

async function handedOver(t: test.TestContext, extra: Record<string, unknown> = {}) {
  const s = await xdomeaRoute(t, extra);
  const id = await s.send();
  await s.worker.runOnce();
  const row = await s.delivery(id);
  assert.equal(row.status, 'awaiting');
  const unpacked = join(s.folders.base, 'import');
  await unpack(join(s.folders.drop, zipNameOf(row.idempotency_key)), unpacked);
  const xml = await readFile(
    join(unpacked, `${row.idempotency_key}_Abgabe.Abgabe.0401.xml`),
    'utf8',
  );
  return { ...s, id, processId: row.idempotency_key, objectId: vorgangIdIn(xml) };
}

test('xdomea: a refused import fails the delivery with the DMS’s reason and alerts', async (t) => {
  const s = await handedOver(t);
  const smtp = await startSmtp(t);
  const file = await answer(
    s.folders.answers,
    answerName(s.processId, '0402'),
    importConfirmation({
      processId: s.processId,
      objectId: s.objectId,
      imported: false,
      reasons: ['Aktenplaneinheit 32.1 ist geschlossen'],
    }),
  );
  assert.equal(await xsdProblems(file), null, 'the refusal is a valid 0402');
  const log = s.log;
  const confirmations = createXdomeaConfirmations({
    db: s.database.db,
    connectors: s.connectors,
    keyring: s.keyring,
    log,
    mailer: smtp.mailer,
    markReceived: () => Promise.reject(new Error('a refused import receives nothing')),
  });
  assert.equal((await confirmations.run()).refused, 1);

  const row = await s.delivery(s.id);
  assert.equal(row.status, 'failed');
  assert.equal(row.last_error, 'the DMS refused the import: Aktenplaneinheit 32.1 ist geschlossen');
  assert.match(await s.list(), /dms\s+failed .*the DMS refused the import: Aktenplaneinheit 32\.1/);
  const application = await s.database.owner
    .selectFrom('application')
    .select('status')
    .where('id', '=', s.id)
    .executeTakeFirstOrThrow();
  assert.equal(application.status, 'submitted', 'not received: the authority does not have it');
  // The route's admins hear of it: reference number and route, not the content.
  assert.equal(smtp.received.length, 1);
  assert.deepEqual(smtp.received[0]?.rcptTo, ['dms-admin@soegel.example']);
  const mail = smtp.received[0]?.raw.toString('utf8') ?? '';
  assert.match(mail, /EL-2026-\d{6}/);
  assert.doesNotMatch(mail, /expectedVisitors|\b250\b/, 'the answers stay out of the mail');
  assert.deepEqual(await readdir(join(s.folders.answers, 'processed')), [
    answerName(s.processId, '0402'),
  ]);
});

test('xdomea: garbage and foreign answers are moved aside, a 0403 only confirms receipt', async (t) => {
  const s = await handedOver(t);
  const confirmations = createXdomeaConfirmations({
    db: s.database.db,
    connectors: s.connectors,
    keyring: s.keyring,
    log: s.log,
  });
  await answer(s.folders.answers, 'Antrag Erika Mustermann.xml', 'Erika Mustermann, <kaputt');
  await answer(
    s.folders.answers,
    answerName('11111111-2222-4333-8444-555555555555', '0402'),
    importConfirmation({
      processId: '11111111-2222-4333-8444-555555555555',
      objectId: s.objectId,
      imported: true,
    }),
  );
  await answer(
    s.folders.answers,
    'entity.xml',
    '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
  );
  await answer(
    s.folders.answers,
    answerName(s.processId, '0403'),
    receiptConfirmation(s.processId),
  );
  await answer(s.folders.answers, 'notiz.txt', 'not an answer at all');

  const counts = await confirmations.run();
  assert.deepEqual(
    { unreadable: counts.unreadable, receipts: counts.receipts, delivered: counts.delivered },
    { unreadable: 3, receipts: 1, delivered: 0 },
  );
  assert.equal((await s.delivery(s.id)).status, 'awaiting', 'a receipt is not an import');
  assert.deepEqual((await readdir(join(s.folders.answers, 'unreadable'))).sort(), [
    '11111111-2222-4333-8444-555555555555_Abgabe.ImportBestaetigen.0402.xml',
    'Antrag Erika Mustermann.xml',
    'entity.xml',
  ]);
  assert.deepEqual(await readdir(join(s.folders.answers, 'processed')), [
    answerName(s.processId, '0403'),
  ]);
  // Files that are not XML answers stay where they are, untouched.
  assert.ok((await readdir(s.folders.answers)).includes('notiz.txt'));
  const ignored = s.log.lines.filter((l) => l.message.includes('moved to unreadable'));
  assert.equal(ignored.length, 3);
  const logged = JSON.stringify(s.log.lines);
  assert.doesNotMatch(logged, /Mustermann|Erika/, 'no name of a person in the log');
  assert.match(logged, /it names no delivery of ours/);
  assert.match(logged, /a DTD is not allowed/);

  // An answer still being written (changed just now) waits for the next round.
  await writeFile(join(s.folders.answers, answerName(s.processId, '0402')), '<?xml');
  assert.equal((await confirmations.run()).unreadable, 0);
  assert.ok((await readdir(s.folders.answers)).includes(answerName(s.processId, '0402')));
});

test('xdomea: no import confirmation within the configured hours fails the delivery', async (t) => {
  const s = await handedOver(t, { confirmWithinHours: 2 });
  const later = (hours: number) => () => new Date(Date.now() + hours * 3_600_000);
  const at = (hours: number) =>
    createXdomeaConfirmations({
      db: s.database.db,
      connectors: s.connectors,
      keyring: s.keyring,
      log: s.log,
      now: later(hours),
    });
  assert.equal((await at(1).run()).overdue, 0);
  assert.equal((await s.delivery(s.id)).status, 'awaiting');
  assert.equal((await at(3).run()).overdue, 1);
  const row = await s.delivery(s.id);
  assert.equal(row.status, 'failed');
  assert.equal(row.last_error, 'no import confirmation from the DMS within 2 hours');
  // The DMS answering after all (late, but imported) still counts: delivered.
  await answer(
    s.folders.answers,
    answerName(s.processId, '0402'),
    importConfirmation({ processId: s.processId, objectId: s.objectId, imported: true }),
  );
  assert.equal((await at(4).run()).delivered, 1);
  const taken = await s.delivery(s.id);
  assert.equal(taken.status, 'delivered');
  assert.equal(taken.receiver_reference, `xdomea:${s.processId}`, 'no Hinweis: our ProzessID');
});
