// Steps the federated sign-in journeys share: a click that waits for the page it leads to, the
// POST binding's hand-over page (it goes on by itself with JavaScript; without, the citizen
// presses "Weiter"), and a sign-in with password.
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

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

/** Signs in with e-mail address and password (trust level basic). */
export async function signInWithPassword(page: Page, email: string, password: string) {
  await page.goto('/konto/anmelden');
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort', { exact: true }).fill(password);
  await click(page, 'button', 'Anmelden');
}
