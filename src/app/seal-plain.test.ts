// Rows stored before drafts and the Postfach were sealed (ADR 0012): the migration leaves them
// as they are (it cannot see the keys), the services read them meanwhile, and the worker's
// seal-plain jobs seal them under new data keys, after which the database holds none of their
// text or bytes and the services show the same content. PGlite, or PostgreSQL with DATABASE_URL.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import test from 'node:test';
import { sql } from 'kysely';
import { createFormAttachments } from '../drafts/attachments.ts';
import { createDrafts } from '../drafts/service.ts';
import { OSTERFEUER, startApp } from '../drafts/testing.ts';
import { rowsHolding } from '../envelope/testing.ts';
import { pngFile } from '../files/testing.ts';
import { builtinRegistry } from '../forms/registry.ts';
import { attachment, openThread } from '../mailbox/service.ts';
import { authorityId, createAccount } from '../mailbox/testing.ts';
import { createTenancy } from '../tenancy/service.ts';
import { testServices } from './testing.ts';
import { workerJobs } from './worker.ts';

const CLUB = 'Osterfeuerfreunde Werpeloh e. V.';
const MESSAGE = 'Bitte bringen Sie den Lageplan der Feuerstelle am Mühlenweg mit.';

test('plain drafts and Postfach rows from before sealing are read, then sealed by the worker', async (t) => {
  const { database, keyring, smtp, verbundId } = await startApp(t);
  const db = database.owner;
  const photo = pngFile(64, 48);
  const letter = Buffer.from(`%PDF-1.4\n% Lageplan Mühlenweg\n%%EOF\n`, 'latin1');

  // Rows as the migration leaves those written before sealing: no key, plain columns. (The
  // migration only adds columns; it cannot touch the rows, it has no keys.)
  const accountId = await createAccount(db, verbundId, 'greta@example.org');
  const soegel = await authorityId(db, 'samtgemeinde-soegel');
  const service = await db
    .selectFrom('online_service')
    .select(['id', 'key', 'form_id'])
    .where('leika_key', '=', OSTERFEUER)
    .executeTakeFirstOrThrow();
  const form = builtinRegistry().latest(service.form_id ?? '');
  assert.ok(form);
  const at = new Date();
  const { rows: drafts } = await sql<{ id: string }>`
    insert into draft (verbund_id, account_id, online_service_id, service_key, authority_id,
      form_id, form_version, answers, current_step, updated_at, expires_at)
    values (${verbundId}, ${accountId}, ${service.id}, ${service.key}, ${soegel}, ${form.id},
      ${form.version}, ${JSON.stringify({ organiserKind: 'organisation', organisationName: CLUB })},
      ${form.steps[0]?.id ?? null}, ${at}, ${new Date(at.getTime() + 86_400_000)})
    returning id`.execute(db);
  const draftId = drafts[0]?.id ?? '';
  const { rows: files } = await sql<{ id: string }>`
    insert into form_attachment (draft_id, field_id, file_name, media_type, size, sha256,
      scan_status, content)
    values (${draftId}, 'lageplan', 'Feuerstelle.png', 'image/png', ${photo.length},
      ${createHash('sha256').update(photo).digest('hex')}, 'unscanned', ${photo})
    returning id`.execute(db);
  const { rows: threads } = await sql<{ id: string }>`
    insert into mailbox_thread (verbund_id, authority_id, account_id, subject, last_message_at)
    values (${verbundId}, ${soegel}, ${accountId}, 'Ihr Osterfeuer', ${at}) returning id`.execute(
    db,
  );
  const threadId = threads[0]?.id ?? '';
  const { rows: messages } = await sql<{ id: string }>`
    insert into mailbox_message (verbund_id, authority_id, account_id, thread_id, sender, body,
      sent_at)
    values (${verbundId}, ${soegel}, ${accountId}, ${threadId}, 'authority', ${MESSAGE}, ${at})
    returning id`.execute(db);
  const { rows: letters } = await sql<{ id: string }>`
    insert into mailbox_attachment (verbund_id, authority_id, account_id, message_id, position,
      file_name, media_type, size, content)
    values (${verbundId}, ${soegel}, ${accountId}, ${messages[0]?.id}, 0, 'Lageplan.pdf',
      'application/pdf', ${letter.length}, ${letter})
    returning id`.execute(db);

  const owner = { accountId };
  const tenancy = createTenancy(db);
  const service_ = createDrafts({ db, tenancy, keyring });
  const attachments = createFormAttachments(db, keyring);
  /** What the citizen sees, through the services. */
  const seen = async () => {
    const draft = await service_.load(owner, draftId);
    const [file] = await attachments.withContent(owner, draftId);
    const opened = await openThread(db, keyring, accountId, threadId);
    const sent = await attachment(db, keyring, accountId, letters[0]?.id ?? '');
    return {
      club: draft.answers.organisationName,
      photo: Buffer.from(file?.content ?? []).equals(photo),
      message: opened.messages[0]?.body,
      letter: Buffer.from(sent.content).equals(letter),
    };
  };
  const expected = { club: CLUB, photo: true, message: MESSAGE, letter: true };
  // Meanwhile: read in plain form.
  assert.deepEqual(await seen(), expected);
  assert.equal(await rowsHolding(db, 'draft', CLUB), 1);
  assert.equal(await rowsHolding(db, 'mailbox_message', MESSAGE), 1);

  const jobs = workerJobs(testServices(database, smtp.mailer, { keyring, tenancy }));
  const run = (name: string) => {
    const job = jobs.find((j) => j.name === name);
    assert.ok(job, `the worker runs ${name}`);
    return job.run();
  };
  assert.deepEqual(await run('drafts.seal-plain'), { drafts: 1, files: 1 });
  assert.deepEqual(await run('mailbox.seal-plain'), { threads: 1, messages: 1, files: 1 });

  // Sealed: nothing of it in any row; the same content through the services.
  assert.equal(await rowsHolding(db, 'draft', CLUB), 0);
  assert.equal(await rowsHolding(db, 'form_attachment', photo.subarray(16)), 0);
  assert.equal(await rowsHolding(db, 'mailbox_message', MESSAGE), 0);
  assert.equal(await rowsHolding(db, 'mailbox_attachment', letter), 0);
  assert.equal(await rowsHolding(db, 'mailbox_attachment', 'Lageplan Mühlenweg'), 0);
  const keys = await db
    .selectFrom('mailbox_thread')
    .select('key_id')
    .where('id', '=', threadId)
    .executeTakeFirstOrThrow();
  assert.equal(keys.key_id, keyring.activeId);
  assert.equal(files.length, 1);
  assert.deepEqual(await seen(), expected);

  // Nothing left: the next runs change nothing.
  assert.deepEqual(await run('drafts.seal-plain'), { drafts: 0, files: 0 });
  assert.deepEqual(await run('mailbox.seal-plain'), { threads: 0, messages: 0, files: 0 });
});
