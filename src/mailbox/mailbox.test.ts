import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { testKeyring } from '../app/testing.ts';
import { withAccount, withAuthority } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import { createTestDatabase } from '../db/testing.ts';
import { NotFoundError, ValidationError } from '../errors.ts';
import { pdfFile } from '../files/testing.ts';
import { startSmtp } from '../mail/testing.ts';
import { seedDemo } from '../tenancy/seed.ts';
import { listThreads, openThread, postFromAuthority, reply, unreadCount } from './service.ts';
import { authorityId, createAccount, SAMPLE } from './testing.ts';

type Cleanup = Parameters<typeof createTestDatabase>[0];

const keyring = testKeyring();

async function setUp(t: Cleanup) {
  const database = await createTestDatabase(t);
  const { verbundId } = await seedDemo(database.owner);
  const smtp = await startSmtp(t);
  const db = database.owner;
  const notice = { mailer: smtp.mailer, publicUrl: 'http://portal.test' };
  return {
    db,
    smtp,
    notice,
    kind: database.kind,
    anna: await createAccount(db, verbundId, 'anna@example.org'),
    bernd: await createAccount(db, verbundId, 'bernd@example.org', 'en'),
    meppen: await authorityId(db, 'meppen'),
    lingen: await authorityId(db, 'lingen-ems'),
  };
}

const counts = async (db: Kysely<DB>) => {
  const n = async (table: 'mailbox_thread' | 'mailbox_message' | 'mailbox_attachment') =>
    Number(
      (await db.selectFrom(table).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow())
        .n,
    );
  return {
    threads: await n('mailbox_thread'),
    messages: await n('mailbox_message'),
    attachments: await n('mailbox_attachment'),
  };
};

test('an authority posts; the notice names nothing; opening marks it read', async (t) => {
  const { db, smtp, notice, anna, meppen } = await setUp(t);
  const posted = await postFromAuthority(
    db,
    keyring,
    {
      authorityId: meppen,
      accountId: anna,
      subject: 'Ihr Antrag auf Wohngeld',
      body: 'Guten Tag,\n\nbitte reichen Sie den Mietvertrag nach.',
      attachments: [{ fileName: 'Anhörung.pdf', content: SAMPLE.pdf }],
    },
    notice,
  );
  assert.equal(posted.notified, true);

  const mail = await smtp.lastMailTo('anna@example.org');
  assert.equal(mail.decoded('subject'), 'Neue Nachricht in Ihrem Postfach');
  assert.match(mail.body, /http:\/\/portal\.test\/postfach$/m);
  for (const secret of ['Wohngeld', 'Mietvertrag', 'Meppen', 'Anhörung', 'anna@']) {
    assert.ok(!mail.body.includes(secret), `the notice does not mention ${secret}`);
    assert.ok(!mail.decoded('subject').includes(secret));
  }

  assert.equal(await unreadCount(db, anna), 1);
  const [thread] = await listThreads(db, anna);
  assert.equal(thread?.subject, 'Ihr Antrag auf Wohngeld');
  assert.equal(thread?.authority_id, meppen);
  assert.equal(thread?.unread, 1);

  const opened = await openThread(db, keyring, anna, posted.threadId);
  assert.equal(opened.newlyRead, 1);
  assert.equal(opened.messages.length, 1);
  assert.equal(opened.messages[0]?.unread, true, 'unread until this very opening');
  assert.deepEqual(
    opened.messages[0]?.attachments.map((a) => [a.file_name, a.media_type]),
    [['Anhörung.pdf', 'application/pdf']],
  );
  assert.equal(await unreadCount(db, anna), 0);
  assert.equal((await openThread(db, keyring, anna, posted.threadId)).newlyRead, 0);

  // Appending to the thread: a second message, a second notice, the thread moves up.
  const again = await postFromAuthority(
    db,
    keyring,
    { authorityId: meppen, accountId: anna, threadId: posted.threadId, body: 'Danke!' },
    notice,
  );
  assert.equal(again.threadId, posted.threadId);
  assert.equal(await unreadCount(db, anna), 1);
  assert.equal(smtp.received.filter((m) => m.rcptTo.includes('anna@example.org')).length, 2);
});

test('the notice is in the account language and a failed mail loses no message', async (t) => {
  const { db, smtp, notice, bernd, lingen } = await setUp(t);
  await postFromAuthority(
    db,
    keyring,
    { authorityId: lingen, accountId: bernd, subject: 'Hundesteuer', body: 'Bescheid anbei.' },
    notice,
  );
  const mail = await smtp.lastMailTo('bernd@example.org');
  assert.equal(mail.decoded('subject'), 'New message in your mailbox');

  const errors: unknown[] = [];
  const broken = {
    mailer: {
      send: async () => {
        throw new Error('relay down');
      },
    },
    publicUrl: 'http://portal.test',
    onMailError: (error: unknown) => errors.push(error),
  };
  const posted = await postFromAuthority(
    db,
    keyring,
    { authorityId: lingen, accountId: bernd, subject: 'Zweiter Bescheid', body: 'Anbei.' },
    broken,
  );
  assert.equal(posted.notified, false);
  assert.equal(errors.length, 1);
  assert.equal(await unreadCount(db, bernd), 2, 'the message is there all the same');
});

test('bad input is refused with German message keys and stores nothing', async (t) => {
  const { db, notice, anna, meppen } = await setUp(t);
  const post = (input: Partial<Parameters<typeof postFromAuthority>[2]>) =>
    postFromAuthority(
      db,
      keyring,
      { authorityId: meppen, accountId: anna, subject: 'Betreff', body: 'Text', ...input },
      notice,
    );
  const refused = async (promise: Promise<unknown>, field: string, key: string) => {
    await assert.rejects(promise, (error) => {
      assert.ok(error instanceof ValidationError);
      assert.equal(error.fields[field], key);
      return true;
    });
  };
  await refused(post({ body: '  \n\t ' }), 'body', 'mailbox.error.bodyEmpty');
  await refused(post({ body: 'x'.repeat(10_001) }), 'body', 'mailbox.error.bodyTooLong');
  await refused(post({ subject: '' }), 'subject', 'mailbox.error.subjectEmpty');
  await refused(
    post({ attachments: [{ fileName: 'a.pdf', content: SAMPLE.exe }] }),
    'attachments',
    'mailbox.error.fileType',
  );
  await refused(
    post({
      attachments: [
        { fileName: 'ok.pdf', content: SAMPLE.pdf },
        { fileName: 'seite.pdf', content: SAMPLE.html },
      ],
    }),
    'attachments',
    'mailbox.error.fileType',
  );
  // The same checks as for form uploads (src/files): active PDFs and polyglots are refused.
  await refused(
    post({
      attachments: [
        {
          fileName: 'Bescheid.pdf',
          content: pdfFile({ catalog: '/OpenAction << /S /JavaScript /JS (app.alert(1)) >>' }),
        },
      ],
    }),
    'attachments',
    'mailbox.error.fileUnsafe',
  );
  await refused(
    post({
      attachments: [{ fileName: 'Foto.png', content: Buffer.concat([SAMPLE.png, SAMPLE.html]) }],
    }),
    'attachments',
    'mailbox.error.fileUnsafe',
  );
  const big = Buffer.concat([SAMPLE.pdf, Buffer.alloc(10 * 1024 * 1024)]);
  await refused(
    post({ attachments: [{ fileName: 'gross.pdf', content: big }] }),
    'attachments',
    'mailbox.error.fileTooLarge',
  );
  const nine = Buffer.concat([SAMPLE.pdf, Buffer.alloc(9 * 1024 * 1024)]);
  await refused(
    post({
      attachments: [1, 2, 3].map((i) => ({ fileName: `${i}.pdf`, content: nine })),
    }),
    'attachments',
    'mailbox.error.messageTooLarge',
  );
  assert.deepEqual(await counts(db), { threads: 0, messages: 0, attachments: 0 });

  // 10,000 characters exactly is fine, counted as PostgreSQL counts them (ä is one).
  await post({ body: 'ä'.repeat(10_000) });
  assert.equal((await counts(db)).messages, 1);
});

test('citizens reply only in their own threads; everything else is not found', async (t) => {
  const { db, notice, anna, bernd, meppen, lingen } = await setUp(t);
  const posted = await postFromAuthority(
    db,
    keyring,
    { authorityId: meppen, accountId: anna, subject: 'Termin', body: 'Passt Montag?' },
    notice,
  );
  const answered = await reply(db, keyring, anna, posted.threadId, {
    body: 'Ja, Montag passt.',
    attachments: [
      { fileName: '../../etc/Nachweis.pdf', content: SAMPLE.pdf },
      { fileName: 'Foto.pdf', content: SAMPLE.png },
    ],
  });
  const opened = await openThread(db, keyring, anna, posted.threadId);
  const mine = opened.messages.find((m) => m.id === answered.messageId);
  assert.equal(mine?.sender, 'citizen');
  assert.deepEqual(
    mine?.attachments.map((a) => [a.file_name, a.media_type]),
    [
      ['Nachweis.pdf', 'application/pdf'],
      ['Foto.png', 'image/png'],
    ],
  );
  assert.equal(await unreadCount(db, anna), 0, "the citizen's own reply is not unread for them");

  await assert.rejects(openThread(db, keyring, bernd, posted.threadId), NotFoundError);
  await assert.rejects(
    reply(db, keyring, bernd, posted.threadId, { body: 'Hallo' }),
    NotFoundError,
  );
  await assert.rejects(openThread(db, keyring, anna, 'not-a-uuid'), NotFoundError);
  // Lingen cannot append to Meppen's thread, not even for the right citizen.
  await assert.rejects(
    postFromAuthority(
      db,
      keyring,
      { authorityId: lingen, accountId: anna, threadId: posted.threadId, body: 'Hallo' },
      notice,
    ),
    NotFoundError,
  );
  // Meppen cannot append to its own thread for another citizen.
  await assert.rejects(
    postFromAuthority(
      db,
      keyring,
      { authorityId: meppen, accountId: bernd, threadId: posted.threadId, body: 'Hallo' },
      notice,
    ),
    NotFoundError,
  );
  assert.equal((await counts(db)).messages, 2);
});

test('RLS at the SQL level: an authority sees only its threads, a citizen only theirs', async (t) => {
  const { db, notice, anna, bernd, meppen, lingen } = await setUp(t);
  const posted = await postFromAuthority(
    db,
    keyring,
    {
      authorityId: meppen,
      accountId: anna,
      subject: 'Nur für Meppen',
      body: 'Vertraulich',
      attachments: [{ fileName: 'a.pdf', content: SAMPLE.pdf }],
    },
    notice,
  );
  const everything = (trx: Kysely<DB>) =>
    Promise.all([
      trx.selectFrom('mailbox_thread').select('id').execute(),
      trx.selectFrom('mailbox_message').select('id').execute(),
      trx.selectFrom('mailbox_attachment').select('id').execute(),
    ]).then((rows) => rows.map((r) => r.length));

  assert.deepEqual(await withAuthority(db, meppen, everything), [1, 1, 1]);
  assert.deepEqual(await withAuthority(db, lingen, everything), [0, 0, 0]);
  assert.deepEqual(await withAccount(db, anna, everything), [1, 1, 1]);
  assert.deepEqual(await withAccount(db, bernd, everything), [0, 0, 0]);
  // The role with neither setting (a pooled connection after a transaction) sees nothing.
  const bare = await db.transaction().execute(async (trx) => {
    await sql`set local role app_user`.execute(trx);
    return everything(trx);
  });
  assert.deepEqual(bare, [0, 0, 0]);

  // Lingen's writes to Meppen's thread: invisible to update, refused on insert.
  const updated = await withAuthority(db, lingen, async (trx) => {
    const result = await trx
      .updateTable('mailbox_message')
      .set({ read_at: new Date() })
      .where('thread_id', '=', posted.threadId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  });
  assert.equal(updated, 0);
  const thread = await db
    .selectFrom('mailbox_thread')
    .select(['id', 'verbund_id', 'authority_id', 'account_id'])
    .executeTakeFirstOrThrow();
  const message = (sender: 'authority' | 'citizen', authority = thread.authority_id) => ({
    verbund_id: thread.verbund_id,
    authority_id: authority,
    account_id: thread.account_id,
    thread_id: thread.id,
    sender,
    body: 'eingeschmuggelt',
    sent_at: new Date(),
  });
  await assert.rejects(
    withAuthority(db, lingen, (trx) =>
      trx.insertInto('mailbox_message').values(message('authority')).execute(),
    ),
    /row-level security/,
  );
  // Claiming its own id on Meppen's thread breaks the composite key instead.
  await assert.rejects(
    withAuthority(db, lingen, (trx) =>
      trx.insertInto('mailbox_message').values(message('authority', lingen)).execute(),
    ),
    /foreign key/,
  );
  // A citizen cannot write as the authority, nor change what was said.
  await assert.rejects(
    withAccount(db, anna, (trx) =>
      trx.insertInto('mailbox_message').values(message('authority')).execute(),
    ),
    /row-level security/,
  );
  await assert.rejects(
    withAccount(db, anna, (trx) =>
      trx.updateTable('mailbox_message').set({ body: 'geändert' }).execute(),
    ),
    /permission denied/,
  );
  await assert.rejects(
    withAccount(db, anna, (trx) => trx.deleteFrom('mailbox_thread').execute()),
    /permission denied/,
  );
  // Nor hang a file on the authority's message.
  const authorityMessage = await db
    .selectFrom('mailbox_message')
    .select('id')
    .executeTakeFirstOrThrow();
  await assert.rejects(
    withAccount(db, anna, (trx) =>
      trx
        .insertInto('mailbox_attachment')
        .values({
          verbund_id: thread.verbund_id,
          authority_id: thread.authority_id,
          account_id: thread.account_id,
          message_id: authorityMessage.id,
          position: 1,
          file_name: 'x.pdf',
          media_type: 'application/pdf',
          size: SAMPLE.pdf.length,
          content: SAMPLE.pdf,
        })
        .execute(),
    ),
    /row-level security/,
  );
  assert.deepEqual(await counts(db), { threads: 1, messages: 1, attachments: 1 });
});

test('the hot queries can use their indexes', async (t) => {
  const { db, anna } = await setUp(t);
  const plan = (query: string) =>
    db.transaction().execute(async (trx) => {
      // Tables this small are read whole; forbid that to see which index the plan would use.
      await sql`set local enable_seqscan = off`.execute(trx);
      const rows = await sql<Record<string, string>>`${sql.raw(`explain ${query}`)}`.execute(trx);
      return rows.rows.map((r) => Object.values(r)[0]).join('\n');
    });
  const id = `'${anna}'`;
  assert.match(
    await plan(
      `select count(*) from mailbox_message where account_id = ${id} and sender = 'authority' and read_at is null`,
    ),
    /mailbox_message_unread/,
  );
  assert.match(
    await plan(
      `select id from mailbox_thread where account_id = ${id} order by last_message_at desc limit 200`,
    ),
    /mailbox_thread_account/,
  );
});
