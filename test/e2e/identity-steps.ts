// Steps the federated sign-in journeys share: a click that waits for the page it leads to, the
// POST binding's hand-over page (it goes on by itself with JavaScript; without, the citizen
// presses "Weiter"), and a confirmed password account to link BundID to.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { createAccounts } from '../../src/accounts/sign-in/service.ts';
import type { Site } from './browser.ts';

export const h1 = (page: Page) => page.getByRole('heading', { level: 1 });

export async function click(page: Page, role: 'button' | 'link', name: string | RegExp) {
  const navigated = page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame());
  await page
    .getByRole(role, { name, exact: typeof name === 'string' })
    .first()
    .click();
  await navigated;
  await page.waitForLoadState('load');
}

export async function handOver(page: Page, javaScriptEnabled: boolean, to: RegExp) {
  if (!javaScriptEnabled) {
    assert.match(await h1(page).innerText(), /Weiterleitung zu/);
    await click(page, 'button', 'Weiter');
  }
  await page.waitForURL(to);
  await page.waitForLoadState('load');
}

/** A confirmed password account under the e-mail address the test IdP's persona carries. */
export async function registerPasswordAccount(site: Site, email: string, password: string) {
  const db = site.database.owner;
  const verbund = await db.selectFrom('verbund').select(['id', 'name']).executeTakeFirstOrThrow();
  const accounts = createAccounts({
    keyring: site.keyring,
    db,
    mailer: site.notice.mailer,
    publicUrl: site.notice.publicUrl,
    verbund: async () => verbund,
  });
  await accounts.register({
    email,
    password,
    passwordRepeat: password,
    consent: true,
    language: 'de',
  });
  const mail = await site.lastMailTo(email);
  const token = /\/konto\/bestaetigen\?token=([\w-]+)/.exec(mail.body)?.[1];
  assert.ok(token, 'the confirmation mail carries a link');
  await accounts.verifyEmail(token);
}

/** Signs in with e-mail address and password (trust level basic). */
export async function signInWithPassword(page: Page, email: string, password: string) {
  await page.goto('/konto/anmelden');
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort', { exact: true }).fill(password);
  await click(page, 'button', 'Anmelden');
}
