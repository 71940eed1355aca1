// The Prüfprotokoll in Chromium: a Sögel auditor accepts the invitation, signs in with TOTP,
// lands on the audit log (reached from the back-office navigation too), filters it and reads
// that the chain verifies. Once with JavaScript and once without; axe on every page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { button, go, staffAccountsOf, staffSignsIn } from './backoffice-steps.ts';
import { expectAccessible, problems, startSite } from './browser.ts';

test('a Sögel auditor reads and filters the Prüfprotokoll, with and without JavaScript', async (t) => {
  const site = await startSite(t);
  const staff = staffAccountsOf(site);
  for (const javaScriptEnabled of [true, false]) {
    const label = javaScriptEnabled ? 'js' : 'nojs';
    await t.test(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', async () => {
      const page = await site.newPage({ javaScriptEnabled });
      const email = `pruefung-${label}@soegel.example`;
      const { link } = await staff.invite({
        authoritySlug: 'samtgemeinde-soegel',
        role: 'auditor',
        email,
        displayName: `Prüferin ${label}`,
      });
      await staffSignsIn(page, link, email, '/verwaltung/pruefprotokoll');
      await assert.doesNotReject(page.getByRole('heading', { name: 'Prüfprotokoll' }).waitFor());
      await assert.doesNotReject(page.getByText(/Die Prüfkette ist unversehrt/).waitFor());
      await expectAccessible(page, `audit-log-${label}`);

      await go(page, page.getByRole('link', { name: 'Prüfprotokoll', exact: true }));
      await page.getByLabel('Aktion', { exact: true }).selectOption({ label: 'Anmeldung' });
      await go(page, button(page, 'Filtern'));
      assert.match(page.url(), /aktion=staff\.signin/);
      const rows = await page.locator('#audit-entries tbody tr').allTextContents();
      assert.ok(rows.length >= 1, 'the sign-ins');
      assert.ok(
        rows.every((row) => row.includes('Anmeldung') && !row.includes('Fehlgeschlagene')),
        'only sign-ins',
      );
      assert.ok(
        rows.some((row) => row.includes(`Prüferin ${label}`)),
        'this sign-in among them',
      );
      await expectAccessible(page, `audit-log-filtered-${label}`);

      await page.getByLabel('Aktenzeichen des Antrags', { exact: true }).fill('kein Aktenzeichen');
      await go(page, button(page, 'Filtern'));
      await assert.doesNotReject(
        page.getByText('Bitte geben Sie ein Aktenzeichen wie EL-2026-000123 an.').first().waitFor(),
      );
      await expectAccessible(page, `audit-log-error-${label}`);
      assert.deepEqual(problems(page), [], 'no blocked requests, failed assets or script errors');
    });
  }
});
