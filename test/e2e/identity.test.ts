// Federated sign-in in Chromium: "Mit BundID anmelden" on the sign-in page, the POST binding to
// the built-in test IdP ("Test-Anmeldung (nur Entwicklung)", which signs and encrypts its
// answer), a new Bürgerkonto from the delivered attributes, then the next sign-in straight in;
// and a password account stepping up to substantial on the way into a form, linked on the way.
// Once with JavaScript (the POST binding submits itself) and once without ("Weiter"); axe
// checks every page a citizen reads (the hand-over pages leave at once with JavaScript).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedCatalogDemo } from '../../src/catalog/seed.ts';
import { expectAccessible, problems, startSite } from './browser.ts';
import { click, h1, handOver } from './identity-steps.ts';

test('BundID sign-in, account creation and step-up, with and without JavaScript', async (t) => {
  const site = await startSite(t, { identity: true });
  const verbund = await site.database.owner
    .selectFrom('verbund')
    .select('id')
    .executeTakeFirstOrThrow();
  await seedCatalogDemo(site.database.owner, verbund.id);
  for (const javaScriptEnabled of [true, false]) {
    await t.test(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', async () => {
      const page = await site.newPage({ javaScriptEnabled });
      await page.goto('/konto/anmelden');
      await expectAccessible(page, 'identity-sign-in');
      await click(page, 'link', 'Mit BundID anmelden');
      await handOver(page, javaScriptEnabled, /\/test-idp\/sso$/);
      assert.equal(await h1(page).innerText(), 'Test-Anmeldung (nur Entwicklung)');
      await expectAccessible(page, 'identity-test-idp');
      await page.getByLabel(/substantiell/).check();
      await click(page, 'button', 'Als Testperson anmelden');
      if (javaScriptEnabled) {
        // First time: a new Bürgerkonto from what BundID delivered.
        await page.waitForURL(/\/konto\/nutzerkonto\/neu$/);
        assert.equal(await h1(page).innerText(), 'Erste Anmeldung mit BundID');
        await expectAccessible(page, 'identity-choose');
        await click(page, 'button', 'Neues Bürgerkonto anlegen');
      } else {
        // The same person again: straight in.
        await handOver(page, false, /\/konto$/);
      }
      await page.waitForURL(/\/konto$/);
      assert.match(await page.content(), /erika\.mustermann@example\.org/);
      await expectAccessible(page, 'identity-account');

      // The back button must not loop: whatever page it shows stays put (no hand-over page
      // posts itself again on a back navigation, auto-post.js).
      await page.goBack();
      await page.waitForLoadState('load');
      const back = page.url();
      await page.waitForTimeout(1500);
      assert.equal(page.url(), back, 'no page sent the browser on by itself');
      assert.deepEqual(problems(page), []);
      await page.context().close();
    });
  }

  await t.test('a service at substantial asks for BundID before it starts', async () => {
    const page = await site.newPage({ javaScriptEnabled: false });
    await page.goto('/leistungen/99115003012000?gemeinde=03454032');
    assert.match(
      await page.content(),
      /Diese Leistung erfordert das Vertrauensniveau „substantiell“ – Anmeldung mit BundID \(Online-Ausweis\)/,
    );
    await click(page, 'link', 'Online beantragen');
    // Not signed in yet: the sign-in page, which offers BundID.
    await click(page, 'link', 'Mit BundID anmelden');
    await handOver(page, false, /\/test-idp\/sso$/);
    await page.getByLabel(/substantiell/).check();
    await click(page, 'button', 'Als Testperson anmelden');
    await handOver(
      page,
      false,
      /\/leistungen\/99115003012000\/antrag|\/antraege|\/entwuerfe|\/formular/,
    );
    assert.doesNotMatch(page.url(), /anmelden|vertrauensniveau/);
    await expectAccessible(page, 'identity-form-after-step-up');
    assert.deepEqual(problems(page), []);
  });
});
