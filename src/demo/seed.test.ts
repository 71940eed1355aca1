import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserFor, startTestApp } from '../app/testing.ts';
import { DEMO_STAFF } from '../backoffice/demo.ts';
import { codeFor } from '../backoffice/testing.ts';
import { DEMO_CITIZEN, seedDemoData } from './seed.ts';

test('the demo citizen signs in and finds a profile and a Postfach message; seeding again adds nothing', async (t) => {
  const { app, database, keyring } = await startTestApp(t);
  await seedDemoData(database.owner, new Date(), keyring);
  await seedDemoData(database.owner, new Date(), keyring);
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

test('the demo staff (clerks, Sögel admin, Verbund admin) sign in with the printed password and TOTP', async (t) => {
  const { app, database, keyring } = await startTestApp(t);
  await seedDemoData(database.owner, new Date(), keyring);
  await seedDemoData(database.owner, new Date(), keyring);
  assert.equal((await database.owner.selectFrom('staff').select('id').execute()).length, 4);
  for (const clerk of DEMO_STAFF) {
    const browser = browserFor(app);
    await browser.get('/verwaltung/anmelden');
    const first = await browser.post('/verwaltung/anmelden', {
      email: clerk.email,
      password: clerk.password,
    });
    assert.equal(first.headers.location, '/verwaltung/anmelden/code', 'TOTP is already set up');
    await browser.get('/verwaltung/anmelden/code');
    const done = await browser.post('/verwaltung/anmelden/code', {
      code: await codeFor(clerk.totpSecret),
    });
    assert.equal(done.headers.location, '/verwaltung');
    const inbox = await browser.get('/verwaltung');
    assert.match(inbox.body, new RegExp(`Angemeldet als ${clerk.displayName}`));
    // Each finds the pages of their role in the staff bar, and only those.
    const has = (href: string) => inbox.body.includes(`href="${href}"`);
    assert.equal(has('/verwaltung/mitarbeitende'), clerk.role === 'authority_admin', clerk.email);
    assert.equal(has('/verwaltung/behoerden'), clerk.role === 'verbund_admin', clerk.email);
  }
});
