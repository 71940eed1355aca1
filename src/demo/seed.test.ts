import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserFor, startTestApp } from '../app/testing.ts';
import { DEMO_CITIZEN, seedDemoData } from './seed.ts';

test('the demo citizen signs in and finds a profile and a Postfach message; seeding again adds nothing', async (t) => {
  const { app, database, keyring } = await startTestApp(t);
  await seedDemoData(database.owner, keyring);
  await seedDemoData(database.owner, keyring);
  assert.equal((await database.owner.selectFrom('account').select('id').execute()).length, 1);
  assert.equal(
    (await database.owner.selectFrom('mailbox_thread').select('id').execute()).length,
    1,
  );

  const browser = browserFor(app);
  await browser.signIn(DEMO_CITIZEN.email, DEMO_CITIZEN.password);
  const profile = await browser.get('/konto/profil');
  assert.match(profile.body, /value="Mustermann"/);
  const mailbox = await browser.get('/postfach');
  assert.match(mailbox.body, /Willkommen im Postfach/);
  assert.match(mailbox.body, /Samtgemeinde Sögel/);
});
