import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { buildPortal } from '../app/app.ts';
import { browserFor, testConfig, testKeyring } from '../app/testing.ts';
import type { DB } from '../db/schema.ts';
import { createTestDatabase, reverseTeardown } from '../db/testing.ts';
import { rowsHolding } from '../envelope/testing.ts';
import { startSmtp } from '../mail/testing.ts';
import { seedDemo } from '../tenancy/seed.ts';
import { postFromAuthority } from './service.ts';
import { authorityId, createAccount, SAMPLE } from './testing.ts';

type Cleanup = Parameters<typeof createTestDatabase>[0];

async function setUp(t: Cleanup) {
  const database = await createTestDatabase(t);
  const { verbundId } = await seedDemo(database.owner);
  const smtp = await startSmtp(t);
  const keyring = testKeyring();
  const { app } = await buildPortal({
    config: testConfig(keyring),
    database,
    mailer: smtp.mailer,
  });
  reverseTeardown(t).after(() => app.close());
  const db = database.owner;
  await createAccount(db, verbundId, 'anna@example.org');
  await createAccount(db, verbundId, 'bernd@example.org');
  const anna = browserFor(app);
  await anna.signIn('anna@example.org');
  const bernd = browserFor(app);
  await bernd.signIn('bernd@example.org');
  const accountId = async (email: string) =>
    (
      await db
        .selectFrom('account')
        .select('id')
        .where('email', '=', email)
        .executeTakeFirstOrThrow()
    ).id;
  const meppen = await authorityId(db, 'meppen');
  const posted = await postFromAuthority(
    db,
    keyring,
    {
      authorityId: meppen,
      accountId: await accountId('anna@example.org'),
      subject: 'Ihr Antrag auf Wohngeld',
      body: 'Guten Tag,\n\nbitte reichen Sie den <b>Mietvertrag</b> nach.\nDanke.',
      attachments: [{ fileName: 'Anhörung.pdf', content: SAMPLE.pdf }],
    },
    { mailer: smtp.mailer, publicUrl: 'http://portal.test' },
  );
  return { app, db, smtp, anna, bernd, threadId: posted.threadId };
}

const text = (body: string) => body.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');

const stored = async (db: Kysely<DB>) => {
  const row = await sql<{ messages: string; attachments: string }>`
    select (select count(*) from mailbox_message) as messages,
           (select count(*) from mailbox_attachment) as attachments`.execute(db);
  const { messages, attachments } = row.rows[0] ?? { messages: '0', attachments: '0' };
  return { messages: Number(messages), attachments: Number(attachments) };
};

test('unread in the list and the header; the notice names nothing; opening reads it', async (t) => {
  const { db, smtp, anna, threadId } = await setUp(t);
  const mail = await smtp.lastMailTo('anna@example.org');
  assert.equal(mail.decoded('subject'), 'Neue Nachricht in Ihrem Postfach');
  assert.match(mail.body, /http:\/\/portal\.test\/postfach/);
  for (const secret of ['Wohngeld', 'Mietvertrag', 'Meppen', 'Anhörung']) {
    assert.ok(!mail.body.includes(secret), `the notice does not mention ${secret}`);
  }

  const list = await anna.get('/postfach');
  assert.equal(list.statusCode, 200);
  assert.equal(list.headers['cache-control'], 'no-store');
  assert.match(text(list.body), /Postfach \(1 ungelesen\)/, 'header counter');
  assert.match(list.body, /<strong>Ihr Antrag auf Wohngeld<\/strong>/);
  assert.match(list.body, /Stadt Meppen/);
  assert.match(list.body, /1 ungelesen<\/span>/);
  assert.match(text((await anna.get('/konto')).body), /Postfach \(1 ungelesen\)/, 'on every page');

  const page = await anna.get(`/postfach/${threadId}`);
  assert.equal(page.statusCode, 200);
  // Escaped, with the line breaks kept.
  assert.match(
    page.body,
    /bitte reichen Sie den &lt;b&gt;Mietvertrag&lt;\/b&gt; nach\.<br>Danke\./,
  );
  assert.match(page.body, /<p class="kern-body">Guten Tag,<\/p>/);
  assert.match(page.body, />Neu</, 'marked new on this first view');
  assert.doesNotMatch(text(page.body), /Postfach \(1/, 'the header already counts it read');
  assert.match(page.body, /enctype="multipart\/form-data"/);
  const link = /href="(\/postfach\/anhang\/[0-9a-f-]+)"/.exec(page.body)?.[1];
  assert.ok(link, 'the attachment is linked');

  const again = await anna.get('/postfach');
  assert.doesNotMatch(text(again.body), /Postfach \(\d/);
  assert.match(again.body, />Gelesen</);
  assert.equal(Number((await stored(db)).messages), 1);

  const file = await anna.get(link);
  assert.equal(file.statusCode, 200);
  assert.equal(file.headers['content-type'], 'application/pdf');
  assert.equal(file.headers['x-content-type-options'], 'nosniff');
  assert.match(
    String(file.headers['content-disposition']),
    /^attachment; filename="Anhoerung\.pdf"; filename\*=UTF-8''Anh%C3%B6rung\.pdf$/,
  );
  assert.deepEqual(file.rawPayload, SAMPLE.pdf);
});

test('replies with files: PDF kept, PNG named .pdf stored as PNG, EXE and HTML refused', async (t) => {
  const { db, anna, threadId } = await setUp(t);
  await anna.get(`/postfach/${threadId}`);
  const sent = await anna.postMultipart(
    `/postfach/${threadId}/antwort`,
    { body: 'Anbei der Vertrag.\r\nGruß' },
    [
      { name: 'Mietvertrag.pdf', type: 'application/pdf', content: SAMPLE.pdf },
      { name: 'Foto.pdf', type: 'application/pdf', content: SAMPLE.png },
    ],
  );
  assert.equal(sent.statusCode, 303);
  assert.equal(sent.headers.location, `/postfach/${threadId}?gesendet=1`);
  const files = await db
    .selectFrom('mailbox_attachment')
    .innerJoin('mailbox_message', 'mailbox_message.id', 'mailbox_attachment.message_id')
    .select(['file_name', 'media_type', 'size', 'mailbox_message.body', 'sealed'])
    .where('mailbox_message.sender', '=', 'citizen')
    .orderBy('position')
    .execute();
  assert.deepEqual(
    files.map((f) => [f.file_name, f.media_type, f.size]),
    [
      ['Mietvertrag.pdf', 'application/pdf', SAMPLE.pdf.length],
      ['Foto.png', 'image/png', SAMPLE.png.length],
    ],
  );
  // Sealed under the thread's key (ADR 0012): neither the text nor the files are in the rows.
  assert.equal(files[0]?.body, null);
  assert.deepEqual(
    files.map((f) => f.sealed),
    [true, true],
  );
  assert.equal(await rowsHolding(db, 'mailbox_message', 'Anbei der Vertrag.'), 0);
  assert.equal(await rowsHolding(db, 'mailbox_attachment', SAMPLE.pdf.subarray(0, 40)), 0);
  assert.equal(await rowsHolding(db, 'mailbox_attachment', SAMPLE.png.subarray(8, 40)), 0);
  const page = await anna.get(`/postfach/${threadId}?gesendet=1`);
  assert.match(page.body, /Anbei der Vertrag\./, 'opened for the citizen');
  assert.match(page.body, /Ihre Antwort wurde gesendet/);
  assert.match(page.body, /Von: Ihnen/);
  assert.match(page.body, /Foto\.png herunterladen \(PNG/);

  const before = await stored(db);
  for (const bad of [
    { name: 'Rechnung.pdf', type: 'application/pdf', content: SAMPLE.exe },
    { name: 'Formular.pdf', type: 'application/pdf', content: SAMPLE.html },
  ]) {
    const refused = await anna.postMultipart(
      `/postfach/${threadId}/antwort`,
      { body: 'Noch ein Nachweis' },
      [{ name: 'ok.pdf', type: 'application/pdf', content: SAMPLE.pdf }, bad],
    );
    assert.equal(refused.statusCode, 422);
    assert.match(refused.body, /Eine Datei ist weder PDF noch PNG noch JPEG/);
    assert.match(refused.body, /Es gibt ein Problem/);
    assert.match(refused.body, />Noch ein Nachweis<\/textarea>/, 'the text is kept');
  }
  assert.deepEqual(await stored(db), before, 'nothing of a refused reply is stored');
});

test("another citizen's thread and files are not found; strangers must sign in", async (t) => {
  const { app, db, anna, bernd, threadId } = await setUp(t);
  const page = await anna.get(`/postfach/${threadId}`);
  const link = /href="(\/postfach\/anhang\/[0-9a-f-]+)"/.exec(page.body)?.[1] as string;

  assert.equal((await bernd.get(`/postfach/${threadId}`)).statusCode, 404);
  assert.equal((await bernd.get(link)).statusCode, 404);
  assert.doesNotMatch((await bernd.get('/postfach')).body, /Wohngeld/);
  // A page with a form, so the forged reply carries Bernd's own valid token (the secret is
  // new since his sign-in) and is refused for the thread, not for the token.
  await bernd.get('/konto');
  const forged = await bernd.postMultipart(`/postfach/${threadId}/antwort`, { body: 'Hallo' });
  assert.equal(forged.statusCode, 404);
  assert.equal((await bernd.get('/postfach/nicht-da')).statusCode, 404);

  const stranger = await app.inject({ url: `/postfach/${threadId}` });
  assert.equal(stranger.statusCode, 303);
  assert.match(String(stranger.headers.location), /^\/konto\/anmelden\?weiter=/);
  assert.equal((await app.inject({ url: link })).statusCode, 303);
  assert.equal((await stored(db)).messages, 1);
});

test('oversized bodies and files are refused with 4xx and store nothing', async (t) => {
  const { db, anna, threadId } = await setUp(t);
  await anna.get(`/postfach/${threadId}`);
  const before = await stored(db);

  const long = await anna.postMultipart(`/postfach/${threadId}/antwort`, {
    body: 'x'.repeat(10_001),
  });
  assert.equal(long.statusCode, 422);
  assert.match(long.body, /länger als 10\.000 Zeichen/);
  // Far beyond the field limit: cut off by the parser, still a German answer.
  const huge = await anna.postMultipart(`/postfach/${threadId}/antwort`, {
    body: 'x'.repeat(200_000),
  });
  assert.equal(huge.statusCode, 422);
  assert.match(huge.body, /länger als 10\.000 Zeichen/);
  const empty = await anna.postMultipart(`/postfach/${threadId}/antwort`, { body: ' \r\n ' });
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /Bitte schreiben Sie eine Nachricht/);
  const urlencoded = await anna.post(`/postfach/${threadId}/antwort`, { body: 'y'.repeat(10_001) });
  assert.equal(urlencoded.statusCode, 422);

  const bigFile = await anna.postMultipart(`/postfach/${threadId}/antwort`, { body: 'Anbei' }, [
    {
      name: 'scan.pdf',
      type: 'application/pdf',
      content: Buffer.concat([SAMPLE.pdf, Buffer.alloc(10 * 1024 * 1024)]),
    },
  ]);
  assert.equal(bigFile.statusCode, 422);
  assert.match(bigFile.body, /größer als 10 MB/);
  const nine = Buffer.concat([SAMPLE.pdf, Buffer.alloc(9 * 1024 * 1024)]);
  const tooMuch = await anna.postMultipart(
    `/postfach/${threadId}/antwort`,
    { body: 'Anbei' },
    [1, 2, 3].map((i) => ({ name: `${i}.pdf`, type: 'application/pdf', content: nine })),
  );
  assert.equal(tooMuch.statusCode, 422);
  assert.match(tooMuch.body, /zusammen größer als 20 MB/);
  const many = await anna.postMultipart(
    `/postfach/${threadId}/antwort`,
    { body: 'Anbei' },
    Array.from({ length: 11 }, (_, i) => ({
      name: `${i}.pdf`,
      type: 'application/pdf',
      content: SAMPLE.pdf,
    })),
  );
  assert.equal(many.statusCode, 422);
  assert.match(many.body, /höchstens 10 Dateien/);
  assert.deepEqual(await stored(db), before);
});

test('replies without a valid CSRF token are refused with 403, multipart or not', async (t) => {
  const { db, anna, threadId } = await setUp(t);
  await anna.get(`/postfach/${threadId}`);
  const url = `/postfach/${threadId}/antwort`;
  const file = [{ name: 'a.pdf', type: 'application/pdf', content: SAMPLE.pdf }];

  const none = await anna.postMultipart(url, { body: 'Hallo' }, file, null);
  assert.equal(none.statusCode, 403);
  assert.match(none.body, /Das Formular ist abgelaufen/);
  const wrong = await anna.postMultipart(url, { body: 'Hallo' }, file, 'gefälscht');
  assert.equal(wrong.statusCode, 403);
  const urlencoded = await anna.post(url, { body: 'Hallo' }, false);
  assert.equal(urlencoded.statusCode, 403);
  assert.deepEqual(await stored(db), { messages: 1, attachments: 1 });

  // The same form with the token goes through (the check is not simply always failing).
  await anna.get(`/postfach/${threadId}`);
  const ok = await anna.postMultipart(url, { body: 'Hallo' }, file);
  assert.equal(ok.statusCode, 303);
  assert.deepEqual(await stored(db), { messages: 2, attachments: 2 });
});
