import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Kysely } from 'kysely';
import { signedInCitizen, startTestApp } from '../../app/testing.ts';
import type { DB } from '../../db/schema.ts';
import type { Keyring } from '../../envelope/envelope.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { postFromAuthority } from '../../mailbox/service.ts';
import { authorityId } from '../../mailbox/testing.ts';

const PASSWORD = 'Hasetal Radweg im Sommer';

/** What a clerk of Samtgemeinde Sögel would send; the back office comes in a later issue. */
async function postToCitizen(
  db: Kysely<DB>,
  keyring: Keyring,
  mailer: Mailer,
  email: string,
  subject: string,
) {
  const account = await db
    .selectFrom('account')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  await postFromAuthority(
    db,
    keyring,
    {
      authorityId: await authorityId(db, 'samtgemeinde-soegel'),
      accountId: account.id,
      subject,
      body: 'Bitte reichen Sie noch einen Lageplan nach.',
    },
    { mailer, publicUrl: 'http://portal.test' },
  );
}

test('the citizen downloads all their data as JSON and as a readable page', async (t) => {
  const { app, smtp, database, keyring } = await startTestApp(t);
  const browser = await signedInCitizen(app, smtp, 'ida@example.org', PASSWORD);
  await browser.get('/konto/profil');
  await browser.post('/konto/profil', { givenName: 'Ida', familyName: 'Többen', language: 'de' });
  await postToCitizen(
    database.owner,
    keyring,
    smtp.mailer,
    'ida@example.org',
    'Ihre Anfrage zum Osterfeuer',
  );

  const file = await browser.get('/konto/datenschutz/export.json');
  assert.equal(file.statusCode, 200);
  assert.match(
    file.headers['content-disposition'] as string,
    /^attachment; filename="rathausnetz-daten-\d{4}-\d{2}-\d{2}\.json"$/,
  );
  assert.equal(file.headers['cache-control'], 'no-store');
  const data = file.json();
  assert.equal(data.format, 'rathausnetz-export/1');
  assert.equal(data.account.email, 'ida@example.org');
  assert.equal(data.profileVersions[0].family_name, 'Többen');
  assert.ok(data.securityLog.some((e: { kind: string }) => e.kind === 'login.succeeded'));
  assert.equal(data.account.password_hash, undefined, 'no password hash in the export');
  assert.equal(data.mailbox[0].subject, 'Ihre Anfrage zum Osterfeuer');
  assert.equal(data.mailbox[0].authority, 'Samtgemeinde Sögel');
  assert.equal(data.mailbox[0].messages[0].body, 'Bitte reichen Sie noch einen Lageplan nach.');
  assert.deepEqual(data.twoFactor, { enabledAt: null, unusedRecoveryCodes: 0 });

  const page = await browser.get('/konto/datenschutz/export');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Többen/);
  assert.match(page.body, /profileVersions/);
});

test('deleting needs the password and a confirmation; then the data is gone and sign-in fails', async (t) => {
  const { app, smtp, database, keyring } = await startTestApp(t);
  const browser = await signedInCitizen(app, smtp, 'jan@example.org', PASSWORD);
  await browser.get('/konto/profil');
  await browser.post('/konto/profil', { givenName: 'Jan', language: 'de' });
  await postToCitizen(database.owner, keyring, smtp.mailer, 'jan@example.org', 'Bescheid');

  await browser.get('/konto/datenschutz');
  const wrong = await browser.post('/konto/loeschen', {
    password: 'not my password',
    confirm: 'ja',
  });
  assert.equal(wrong.statusCode, 422);
  assert.match(wrong.body, /href="#password">Das Passwort ist falsch/);
  const unconfirmed = await browser.post('/konto/loeschen', { password: PASSWORD });
  assert.equal(unconfirmed.statusCode, 422);
  assert.match(unconfirmed.body, /href="#confirm">Bestätigen Sie/);
  assert.equal(
    (await database.owner.selectFrom('account').select('id').execute()).length,
    1,
    'nothing deleted yet',
  );

  const done = await browser.post('/konto/loeschen', { password: PASSWORD, confirm: 'ja' });
  assert.equal(done.statusCode, 200);
  assert.match(done.body, /Ihr Konto ist gelöscht/);
  for (const table of [
    'account',
    'account_profile',
    'account_session',
    'account_token',
    'mailbox_thread',
    'mailbox_message',
  ] as const) {
    assert.equal(
      (await database.owner.selectFrom(table).selectAll().execute()).length,
      0,
      `${table} is empty`,
    );
  }
  const log = await database.owner
    .selectFrom('security_event')
    .select(['account_id', 'kind'])
    .execute();
  assert.ok(
    log.every((e) => e.account_id === null),
    'the security log keeps no link to the person',
  );
  assert.ok(log.some((e) => e.kind === 'account.deleted'));

  assert.equal((await browser.get('/konto')).statusCode, 303, 'the session is gone');
  await browser.get('/konto/anmelden');
  const login = await browser.post('/konto/anmelden', {
    email: 'jan@example.org',
    password: PASSWORD,
    weiter: '/',
  });
  assert.equal(login.statusCode, 401);
});
