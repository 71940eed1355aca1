// Linking in Chromium: a citizen who already has a password Bürgerkonto signs in with BundID
// for the first time, chooses "Vorhandenes Bürgerkonto verknüpfen", proves the account with
// its password and confirms; from then on BundID leads straight into that same account (no
// second account is made). Once with JavaScript and once without; axe checks every page the
// citizen reads. Between the two runs the link is removed so the first sign-in happens again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { expectAccessible, problems, registerPasswordAccount, startSite } from './browser.ts';
import { click, h1, handOver } from './identity-steps.ts';

const EMAIL = 'erika.mustermann@example.org';
const PASSWORD = 'Moorweg am Emsdeich 12';

async function signInWithBundId(page: Page, javaScriptEnabled: boolean) {
  await page.goto('/konto/anmelden');
  await click(page, 'link', 'Mit BundID anmelden');
  await handOver(page, javaScriptEnabled, /\/test-idp\/sso$/);
  await page.getByLabel(/substantiell/).check();
  await click(page, 'button', 'Als Testperson anmelden');
}

test('linking BundID to an existing password account, with and without JavaScript', async (t) => {
  const site = await startSite(t, { identity: true });
  await registerPasswordAccount(site, EMAIL, PASSWORD);
  const accountCount = async () =>
    (
      await site.database.owner
        .selectFrom('account')
        .select('id')
        .where('email', '=', EMAIL)
        .execute()
    ).length;

  for (const javaScriptEnabled of [true, false]) {
    await t.test(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', async () => {
      // Each run starts as a first BundID sign-in.
      await site.database.owner.deleteFrom('identity_verified_attribute').execute();
      await site.database.owner.deleteFrom('identity_link').execute();

      const page = await site.newPage({ javaScriptEnabled });
      await signInWithBundId(page, javaScriptEnabled);
      if (!javaScriptEnabled) await handOver(page, false, /\/konto\/nutzerkonto\/neu$/);
      await page.waitForURL(/\/konto\/nutzerkonto\/neu$/);
      assert.equal(await h1(page).innerText(), 'Erste Anmeldung mit BundID');
      await click(page, 'link', 'Vorhandenes Bürgerkonto verknüpfen');

      // The proof: the password of the existing account.
      await page.waitForURL(/\/konto\/anmelden/);
      await expectAccessible(page, 'identity-link-password');
      await page.getByLabel('E-Mail-Adresse').fill(EMAIL);
      await page.getByLabel('Passwort', { exact: true }).fill(PASSWORD);
      await click(page, 'button', 'Anmelden');
      await page.waitForURL(/\/konto\/nutzerkonto\/verknuepfen$/);
      assert.equal(await h1(page).innerText(), 'Bürgerkonto mit BundID verknüpfen');
      await expectAccessible(page, 'identity-link-confirm');
      await click(page, 'button', 'Verknüpfen');
      await page.waitForURL(/\/konto$/);
      assert.match(await page.content(), /erika\.mustermann@example\.org/);
      assert.deepEqual(problems(page), []);
      await page.context().close();

      // A fresh browser: BundID now leads straight into the linked account.
      const again = await site.newPage({ javaScriptEnabled });
      await signInWithBundId(again, javaScriptEnabled);
      if (!javaScriptEnabled) await handOver(again, false, /\/konto$/);
      await again.waitForURL(/\/konto$/);
      assert.match(await again.content(), /erika\.mustermann@example\.org/);
      await expectAccessible(again, 'identity-linked-account');
      assert.deepEqual(problems(again), []);
      await again.context().close();
      assert.equal(await accountCount(), 1, 'linking made no second account');
    });
  }
});
