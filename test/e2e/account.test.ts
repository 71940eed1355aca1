// A citizen's Bürgerkonto, end to end in Chromium: register, confirm by the mailed link, sign
// in, keep personal details, sign out and in again, download the data, delete the account.
// Once with JavaScript and once without; every page is checked with axe.
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import type { Page } from 'playwright-core';
import { expectAccessible, problems, type Site, startSite } from './browser.ts';

const PASSWORD = 'Moorlandschaft am Hümmling';

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

/** Opens a link from a mail on the test server (mails carry the public address). */
async function openMailedLink(page: Page, body: string, path: string) {
  const match = new RegExp(`https?://[^/\\s]+(${path}\\?token=[\\w-]+)`).exec(body);
  assert.ok(match, `the mail has a ${path} link`);
  await page.goto(match[1] as string);
}

/** Clicks a form's button and waits for the page the server answers with. */
async function submit(page: Page, button: string) {
  const navigated = page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame());
  await page.getByRole('button', { name: button, exact: true }).click();
  await navigated;
  await page.waitForLoadState('load');
}

test('a citizen manages a Bürgerkonto, with and without JavaScript', async (t) => {
  const site = await startSite(t);
  for (const javaScriptEnabled of [true, false]) {
    await t.test(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', async (t) => {
      const page = await site.newPage({ javaScriptEnabled });
      await journey(t, site, page, `buerger-${javaScriptEnabled ? 'js' : 'nojs'}@example.org`);
      assert.deepEqual(problems(page), [], 'no blocked requests, failed assets or script errors');
    });
  }
});

async function journey(t: TestContext, site: Site, page: Page, email: string) {
  await t.test(
    'registration asks for address, password and consent, and explains mistakes',
    async () => {
      await page.goto('/');
      await page.getByRole('link', { name: 'Anmelden' }).click();
      await page.getByRole('link', { name: 'Bürgerkonto anlegen' }).click();
      assert.equal(await h1(page).innerText(), 'Bürgerkonto anlegen');
      await expectAccessible(page, 'account-register');

      await page.getByLabel('E-Mail-Adresse').fill('kein-at-zeichen');
      await page.getByLabel('Passwort', { exact: true }).fill('kurz');
      await submit(page, 'Konto anlegen');
      const summary = page.getByRole('alert');
      assert.match(await summary.innerText(), /Geben Sie eine E-Mail-Adresse im Format/);
      assert.match(await summary.innerText(), /mindestens 12 Zeichen/);
      await expectAccessible(page, 'account-register-errors');

      await page.getByLabel('E-Mail-Adresse').fill(email);
      await page.getByLabel('Passwort', { exact: true }).fill(PASSWORD);
      await page.getByLabel('Passwort wiederholen').fill(PASSWORD);
      await page.getByLabel(/Datenschutzerklärung gelesen/).check();
      await submit(page, 'Konto anlegen');
      assert.equal(await h1(page).innerText(), 'Prüfen Sie Ihr E-Mail-Postfach');
      await expectAccessible(page, 'account-register-sent');
    },
  );

  await t.test('the mailed link confirms the address', async () => {
    const mail = await site.lastMailTo(email);
    assert.equal(mail.subject, 'Bitte bestätigen Sie Ihre E-Mail-Adresse');
    await openMailedLink(page, mail.body, '/konto/bestaetigen');
    await expectAccessible(page, 'account-confirm');
    await submit(page, 'E-Mail-Adresse bestätigen');
    assert.equal(await h1(page).innerText(), 'Ihre E-Mail-Adresse ist bestätigt');
    await expectAccessible(page, 'account-confirmed');
  });

  await t.test('signing in opens the account page with its security log', async () => {
    await page.getByRole('link', { name: 'Anmelden' }).first().click();
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Passwort').fill('falsches Passwort hier');
    await submit(page, 'Anmelden');
    assert.match(
      await page.getByRole('alert').innerText(),
      /Die E-Mail-Adresse oder das Passwort ist falsch/,
    );
    await expectAccessible(page, 'account-login-error');
    await page.getByLabel('Passwort').fill(PASSWORD);
    await submit(page, 'Anmelden');
    assert.equal(new URL(page.url()).pathname, '/konto');
    assert.equal(await h1(page).innerText(), 'Mein Konto');
    assert.match(await page.getByRole('main').innerText(), /Fehlgeschlagene Anmeldung/);
    await expectAccessible(page, 'account-account');
  });

  await t.test('personal details are kept once and shown again', async () => {
    await page.getByRole('link', { name: 'Meine Daten' }).click();
    await expectAccessible(page, 'account-profile');
    await page.getByLabel('Vorname(n)').fill('Greta');
    await page.getByLabel('Familienname').fill('Kösters');
    await page.getByLabel('Tag').fill('31');
    await page.getByLabel('Monat').fill('2');
    await page.getByLabel('Jahr').fill('1990');
    await submit(page, 'Speichern');
    assert.match(await page.getByRole('alert').innerText(), /gültiges Geburtsdatum/);
    await expectAccessible(page, 'account-profile-errors');
    await page.getByLabel('Tag').fill('28');
    await page.getByLabel('Straße').fill('Am Rathaus');
    await page.getByLabel('Hausnummer').fill('5');
    await page.getByLabel('Postleitzahl').fill('49757');
    await page.getByLabel('Gemeinde').selectOption({ label: 'Werlte' });
    await submit(page, 'Speichern');
    assert.match(await page.getByRole('status').innerText(), /Ihre Daten sind gespeichert/);
    assert.equal(await page.getByLabel('Familienname').inputValue(), 'Kösters');
    await expectAccessible(page, 'account-profile-saved');
  });

  await t.test('signing out and in again', async () => {
    await page.getByRole('link', { name: 'Mein Konto' }).click();
    await submit(page, 'Abmelden');
    assert.equal(new URL(page.url()).pathname, '/');
    await page.goto('/konto');
    assert.equal(new URL(page.url()).pathname, '/konto/anmelden');
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Passwort').fill(PASSWORD);
    await submit(page, 'Anmelden');
    assert.equal(new URL(page.url()).pathname, '/konto');
  });

  await t.test('the data can be viewed, downloaded, and the account deleted', async () => {
    await page.getByRole('link', { name: 'Datenschutz und Konto löschen' }).click();
    await expectAccessible(page, 'account-privacy');
    await page.getByRole('link', { name: 'Im Browser ansehen' }).click();
    assert.match(await page.getByRole('main').innerText(), /Kösters/);
    await expectAccessible(page, 'account-export');
    const json = await page.request.get('/konto/datenschutz/export.json');
    assert.equal(json.status(), 200);
    assert.equal((await json.json()).account.email, email);

    await page.goto('/konto/datenschutz');
    await page.getByLabel('Ihr Passwort zur Bestätigung').fill(PASSWORD);
    await page.getByLabel(/Daten endgültig löschen/).check();
    await submit(page, 'Konto endgültig löschen');
    assert.equal(await h1(page).innerText(), 'Ihr Konto ist gelöscht');
    await expectAccessible(page, 'account-deleted');

    await page.goto('/konto/anmelden');
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Passwort').fill(PASSWORD);
    await submit(page, 'Anmelden');
    assert.match(await page.getByRole('alert').innerText(), /falsch/);
  });
}
