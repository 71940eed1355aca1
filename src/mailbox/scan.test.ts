// A citizen's Postfach reply goes through the same checks as a form upload, the virus scanner
// included: the real clamd, started with a one-line signature file (src/files/testing.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserFor, startTestApp } from '../app/testing.ts';
import { EICAR, freePort, pdfFile, startClamd } from '../files/testing.ts';
import { postFromAuthority } from './service.ts';
import { authorityId, createAccount } from './testing.ts';

async function threadOfAnna(t: Parameters<typeof startTestApp>[0], clamdUrl: string) {
  const { app, database, keyring, smtp, verbundId } = await startTestApp(t, 'test', { clamdUrl });
  const db = database.owner;
  const accountId = await createAccount(db, verbundId, 'anna@example.org');
  const { threadId } = await postFromAuthority(
    db,
    keyring,
    {
      authorityId: await authorityId(db, 'meppen'),
      accountId,
      subject: 'Ihr Antrag auf Wohngeld',
      body: 'Bitte reichen Sie den Mietvertrag nach.',
    },
    { mailer: smtp.mailer, publicUrl: 'http://portal.test' },
  );
  const anna = browserFor(app);
  await anna.signIn('anna@example.org');
  await anna.get(`/postfach/${threadId}`);
  const attachments = async () =>
    (await db.selectFrom('mailbox_attachment').select('file_name').execute()).map(
      (a) => a.file_name,
    );
  return { anna, threadId, attachments };
}

test('a Postfach reply with an infected attachment is refused by clamd, nothing stored', async (t) => {
  const { anna, threadId, attachments } = await threadOfAnna(t, await startClamd(t, 'unix'));
  const infected = await anna.postMultipart(
    `/postfach/${threadId}/antwort`,
    { body: 'Anbei der Mietvertrag.' },
    [
      {
        name: 'Mietvertrag.pdf',
        type: 'application/pdf',
        content: pdfFile({ text: EICAR.toString('latin1') }),
      },
    ],
  );
  assert.equal(infected.statusCode, 422);
  assert.match(infected.body, /In einer Datei wurde Schadsoftware gefunden/);
  assert.match(infected.body, /Anbei der Mietvertrag\./, 'the text is kept for another try');
  assert.deepEqual(await attachments(), []);

  const clean = await anna.postMultipart(
    `/postfach/${threadId}/antwort`,
    { body: 'Anbei der Mietvertrag.' },
    [{ name: 'Mietvertrag.pdf', type: 'application/pdf', content: pdfFile() }],
  );
  assert.equal(clean.statusCode, 303);
  assert.deepEqual(await attachments(), ['Mietvertrag.pdf']);
});

test('a configured scanner that cannot be reached refuses the reply with a 503', async (t) => {
  const { anna, threadId, attachments } = await threadOfAnna(
    t,
    `tcp://127.0.0.1:${await freePort()}`,
  );
  const res = await anna.postMultipart(
    `/postfach/${threadId}/antwort`,
    { body: 'Anbei der Mietvertrag.' },
    [{ name: 'Mietvertrag.pdf', type: 'application/pdf', content: pdfFile() }],
  );
  assert.equal(res.statusCode, 503);
  assert.match(res.body, /Die Virenprüfung ist gerade nicht erreichbar/);
  assert.deepEqual(await attachments(), []);
});
