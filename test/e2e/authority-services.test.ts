// An authority admin decides what the portal offers for their authority, end to end in
// Chromium, with and without JavaScript: from the back office's bar to "Online-Dienste", the
// Osterfeuer no longer offered after the confirmation page, the citizen's portal (Sögel's
// front and the service page) no longer offering it, then offered again with a changed fee
// (after a refused phone number), which the citizen then reads. Every page is checked with axe.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { seedCatalogDemo } from '../../src/catalog/seed.ts';
import { button, go, soegelAdminSignsIn, staffAccountsOf } from './backoffice-steps.ts';
import { expectAccessible, problems, startSite } from './browser.ts';

const main = async (page: Page) =>
  ((await page.getByRole('main').innerText()) ?? '').replace(/\s+/g, ' ');

test('a Sögel admin stops offering the Osterfeuer and offers it again with a new fee', async (t) => {
  const site = await startSite(t);
  const owner = site.database.owner;
  const verbund = await owner.selectFrom('verbund').select('id').executeTakeFirstOrThrow();
  await seedCatalogDemo(owner, verbund.id);
  const { ags } = await owner
    .selectFrom('municipality')
    .select('ags')
    .where('name', '=', 'Sögel')
    .executeTakeFirstOrThrow();
  const servicePage = `/leistungen/99063010000000?gemeinde=${ags}`;
  const staff = staffAccountsOf(site);

  for (const javaScriptEnabled of [true, false]) {
    const label = javaScriptEnabled ? 'js' : 'nojs';
    await t.test(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', async () => {
      const page = await site.newPage({ javaScriptEnabled });
      const citizen = await site.newPage({ javaScriptEnabled });
      const email = `dienste-${label}@soegel.example`;
      await soegelAdminSignsIn(staff, page, email, label);

      await go(page, page.getByRole('link', { name: 'Online-Dienste', exact: true }));
      await assert.doesNotReject(
        page.getByRole('heading', { name: 'Online-Dienste', level: 1 }).waitFor(),
      );
      const row = page.getByRole('row', { name: /Osterfeuer anmelden/ });
      assert.match(await row.innerText(), /Angeboten seit/);
      assert.match(await main(page), /legt die Verwaltung des Verbunds/);
      await expectAccessible(page, `online-services-${label}`);

      await go(
        page,
        page.getByRole('link', { name: 'Nicht mehr anbieten: Osterfeuer anmelden', exact: true }),
      );
      await assert.doesNotReject(
        page.getByRole('heading', { name: '„Osterfeuer anmelden“ nicht mehr anbieten?' }).waitFor(),
      );
      assert.match(
        await main(page),
        /Entwürfe, die Bürgerinnen und Bürger schon begonnen haben, bleiben erhalten/,
      );
      assert.match(await main(page), /Gesendete Anträge bleiben im Posteingang/);
      await expectAccessible(page, `online-service-withdraw-${label}`);
      await go(page, button(page, 'Ja, nicht mehr anbieten'));
      await assert.doesNotReject(
        page.getByText('„Osterfeuer anmelden“ wird nicht mehr angeboten.').waitFor(),
      );
      assert.match(await row.innerText(), /Nicht angeboten/);
      await expectAccessible(page, `online-service-withdrawn-${label}`);

      // The citizen: Sögel's front lists it no more, its page says it is not online there.
      await citizen.goto('/samtgemeinde-soegel');
      const own = citizen.getByRole('region', { name: 'Online-Dienste', exact: true });
      assert.deepEqual(await own.getByRole('link').allTextContents(), ['Mängel melden']);
      await expectAccessible(citizen, `portal-soegel-without-osterfeuer-${label}`);
      await citizen.goto(servicePage);
      assert.match(
        await main(citizen),
        /Bei der Samtgemeinde Sögel ist diese Leistung noch nicht online verfügbar/,
      );
      assert.equal(await citizen.getByRole('link', { name: 'Online beantragen' }).count(), 0);
      await expectAccessible(citizen, `service-not-offered-${label}`);

      // Offered again, and its fee changed after a phone number the form refuses.
      await go(page, button(page, 'Anbieten: Osterfeuer anmelden'));
      await assert.doesNotReject(
        page.getByText('„Osterfeuer anmelden“ wird jetzt angeboten.', { exact: false }).waitFor(),
      );
      await go(
        page,
        page.getByRole('link', { name: 'Angaben bearbeiten: Osterfeuer anmelden', exact: true }),
      );
      await assert.doesNotReject(
        page.getByRole('heading', { name: 'Angaben zu „Osterfeuer anmelden“' }).waitFor(),
      );
      await expectAccessible(page, `online-service-texts-${label}`);
      const fee = `Für Feuer über 5 m Höhe fallen ${javaScriptEnabled ? 30 : 35} Euro an.`;
      await page.getByLabel('Gebühren', { exact: true }).fill(fee);
      await page.getByLabel('Telefon', { exact: true }).fill('ruf an');
      await go(page, button(page, 'Angaben speichern'));
      await assert.doesNotReject(
        page.getByRole('link', { name: /Geben Sie eine Telefonnummer aus Ziffern ein/ }).waitFor(),
      );
      await expectAccessible(page, `online-service-texts-refused-${label}`);
      await page.getByLabel('Telefon', { exact: true }).fill('05952 206-130');
      await go(page, button(page, 'Angaben speichern'));
      await assert.doesNotReject(
        page.getByText('Die Angaben zu „Osterfeuer anmelden“ wurden gespeichert.').waitFor(),
      );
      await expectAccessible(page, `online-service-texts-saved-${label}`);

      await citizen.goto(servicePage);
      const text = await main(citizen);
      assert.match(text, /Sie können diese Leistung bei der Samtgemeinde Sögel online beantragen/);
      assert.ok(text.includes(fee), 'the citizen reads the new fee');
      assert.match(text, /05952 206-130/);
      await expectAccessible(citizen, `service-new-fee-${label}`);
      await citizen.goto('/samtgemeinde-soegel');
      assert.deepEqual(await own.getByRole('link').allTextContents(), [
        'Mängel melden',
        'Osterfeuer anmelden',
      ]);
      assert.deepEqual(problems(page), [], 'no blocked requests, failed assets or script errors');
      assert.deepEqual(problems(citizen), []);
    });
  }
});
