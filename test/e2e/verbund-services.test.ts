// Issue 11, Leistungskatalog: the Verbund admin sets up an online service for a catalogue entry
// that has none (Fundsachen with JavaScript, Baumfällgenehmigung without), starting from the
// entry's row: a submit without a form is refused with the reason, then the service is set up
// and listed with "Einstellungen bearbeiten", offered by no authority yet. Then the Verbund's
// own admins under "Administration des Verbunds". axe on every page on the way.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ensureCatalogue } from '../../src/catalog/import.ts';
import { button, go, staffAccountsOf, staffSignsIn } from './backoffice-steps.ts';
import { expectAccessible, problems, startSite } from './browser.ts';

test('the Verbund admin sets up an online service from the catalogue, with and without JavaScript', async (t) => {
  const site = await startSite(t);
  // The catalogue without the demo's services: every shipped form is free for a new one.
  await ensureCatalogue(site.database.owner);
  const staff = staffAccountsOf(site);
  for (const [javaScriptEnabled, entry, title, form] of [
    [true, 'Fundsachen', 'Fundsache melden', 'Mängel melden'],
    [false, 'Baumfällgenehmigung', 'Baum fällen', 'Osterfeuer anmelden'],
  ] as const) {
    const label = javaScriptEnabled ? 'js' : 'nojs';
    await t.test(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', async () => {
      const page = await site.newPage({ javaScriptEnabled });
      const email = `verbund-services-${label}@emsland.example`;
      const { link } = await staff.invite({ authoritySlug: null, role: 'verbund_admin', email });
      await staffSignsIn(page, link, email);

      await go(page, page.getByRole('link', { name: 'Leistungskatalog', exact: true }));
      await page.getByLabel('Suchbegriff', { exact: true }).fill(entry);
      await go(page, button(page, 'Suchen'));
      const row = page.locator('#catalogue tbody tr', { hasText: entry }).first();
      assert.match((await row.textContent()) ?? '', /Kein Online-Dienst im Verbund/);
      await go(
        page,
        page.getByRole('link', { name: `Online-Dienst einrichten: ${entry}`, exact: true }),
      );
      await assert.doesNotReject(
        page
          .getByRole('heading', { level: 1, name: `Online-Dienst einrichten: ${entry}` })
          .waitFor(),
      );
      assert.equal(await page.getByLabel('Titel', { exact: true }).inputValue(), entry);
      await expectAccessible(page, `verbund-service-setup-${label}`);

      await page.getByLabel('Titel', { exact: true }).fill(title);
      await page.getByLabel('Mitgliedskommunen', { exact: true }).check();
      await page.getByLabel('basis', { exact: true }).check();
      await page.getByLabel('Gebühren', { exact: true }).fill('Gebührenfrei.');
      await go(page, button(page, 'Online-Dienst einrichten'));
      await assert.doesNotReject(
        page.getByRole('link', { name: 'Bitte wählen Sie ein Formular.' }).waitFor(),
      );
      assert.equal(
        await page.getByLabel('Gebühren', { exact: true }).inputValue(),
        'Gebührenfrei.',
        'what was typed stays',
      );
      await expectAccessible(page, `verbund-service-setup-error-${label}`);

      await page.getByLabel(new RegExp(`^${form} \\(Formular`)).check();
      await go(page, button(page, 'Online-Dienst einrichten'));
      await assert.doesNotReject(
        page.getByText('Der Online-Dienst ist eingerichtet.', { exact: false }).waitFor(),
      );
      const listed = page.locator('#catalogue tbody tr').first();
      const text = (await listed.textContent()) ?? '';
      assert.match(text, new RegExp(entry));
      assert.match(text, /keiner Behörde/, 'offered by no authority yet');
      await expectAccessible(page, `verbund-service-created-${label}`);
      await go(
        page,
        page.getByRole('link', { name: `Einstellungen bearbeiten: ${title}`, exact: true }),
      );
      await assert.doesNotReject(
        page.getByRole('heading', { level: 1, name: `Einstellungen: ${title}` }).waitFor(),
      );
      assert.equal(await page.getByLabel('basis', { exact: true }).isChecked(), true);

      await go(page, page.getByRole('link', { name: 'Administration des Verbunds', exact: true }));
      await assert.doesNotReject(
        page.getByRole('heading', { level: 1, name: 'Administration des Verbunds' }).waitFor(),
      );
      const own = page.locator('#administration tbody tr', { hasText: email });
      assert.match((await own.textContent()) ?? '', /Ihr eigener Zugang/);
      await expectAccessible(page, `verbund-admins-${label}`);
      assert.deepEqual(problems(page), []);
      await page.context().close();
    });
  }
});
