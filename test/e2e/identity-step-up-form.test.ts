// Step-up in the middle of a form, in Chromium (issue 13, item 5): a citizen signed in with her
// password (basic) starts "Meldebescheinigung beantragen", which needs substantial; the page
// says so, BundID at that minimum follows, she links it to her account and is back at the
// form. She answers the first step and leaves. Another day, on another browser, with only her
// password, she continues the draft from "Meine Entwürfe": BundID again, and she lands on the
// exact step she left, her answers kept. Once with JavaScript and once without; axe on the
// pages she reads.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedCatalogDemo } from '../../src/catalog/seed.ts';
import { expectAccessible, problems, registerPasswordAccount, startSite } from './browser.ts';
import { click, h1, handOver, signInWithPassword } from './identity-steps.ts';

const EMAIL = 'erika.mustermann@example.org';
const PASSWORD = 'Moorweg am Emsdeich 12';
const SERVICE = '/leistungen/99115003012000?gemeinde=03454032';
const STEP = /\/antraege\/entwuerfe\/[0-9a-f-]{36}\/schritt\/([a-z-]+)$/;

test('step-up in the middle of a form returns to the same step with the answers, with and without JavaScript', async (t) => {
  const site = await startSite(t, { identity: true });
  const db = site.database.owner;
  const verbund = await db.selectFrom('verbund').select('id').executeTakeFirstOrThrow();
  await seedCatalogDemo(db, verbund.id);
  await registerPasswordAccount(site, EMAIL, PASSWORD);

  for (const javaScriptEnabled of [true, false]) {
    await t.test(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', async () => {
      // Each run starts before the first BundID sign-in, with no draft.
      await db.deleteFrom('identity_verified_attribute').execute();
      await db.deleteFrom('identity_link').execute();
      await db.deleteFrom('draft').execute();
      const label = javaScriptEnabled ? 'js' : 'nojs';

      const page = await site.newPage({ javaScriptEnabled });
      await signInWithPassword(page, EMAIL, PASSWORD);
      await page.waitForURL(/\/konto$/);
      await page.goto(SERVICE);
      await click(page, 'link', 'Online beantragen');
      assert.equal(await h1(page).innerText(), 'Höheres Vertrauensniveau nötig');
      await expectAccessible(page, `step-up-form-needed-${label}`);
      await click(page, 'link', 'Mit BundID anmelden');
      await handOver(page, javaScriptEnabled, /\/test-idp\/sso$/);
      await page.getByLabel(/substantiell/).check();
      await click(page, 'button', 'Als Testperson anmelden');
      if (!javaScriptEnabled) await handOver(page, false, /\/konto\/nutzerkonto\/neu$/);
      await page.waitForURL(/\/konto\/nutzerkonto\/neu$/);
      // Her password account is the one to link: she proves it once more.
      await click(page, 'link', 'Vorhandenes Bürgerkonto verknüpfen');
      await page.waitForURL(/\/konto\/anmelden/);
      await page.getByLabel('E-Mail-Adresse').fill(EMAIL);
      await page.getByLabel('Passwort', { exact: true }).fill(PASSWORD);
      await click(page, 'button', 'Anmelden');
      await page.waitForURL(/\/konto\/nutzerkonto\/verknuepfen$/);
      await click(page, 'button', 'Verknüpfen');

      // The form, at the first step.
      await page.waitForURL(STEP);
      assert.equal(await h1(page).innerText(), 'Art der Bescheinigung');
      await page.getByLabel('Erweiterte Meldebescheinigung').check();
      await page.getByLabel('Wofür brauchen Sie die Bescheinigung?').selectOption({
        label: 'Vorlage bei einer Behörde',
      });
      await page.getByLabel('Anzahl der Bescheinigungen').fill('3');
      await click(page, 'button', 'Weiter');
      await page.waitForURL(STEP);
      assert.equal(await h1(page).innerText(), 'Zustellung');
      const left = new URL(page.url()).pathname;
      assert.deepEqual(problems(page), []);
      await page.context().close();

      // Another day, another browser, the password only.
      const again = await site.newPage({ javaScriptEnabled });
      await signInWithPassword(again, EMAIL, PASSWORD);
      await again.waitForURL(/\/konto$/);
      await click(again, 'link', 'Meine Entwürfe');
      await expectAccessible(again, `step-up-form-drafts-${label}`);
      await click(again, 'link', 'Fortsetzen – Meldebescheinigung beantragen');
      assert.equal(await h1(again).innerText(), 'Höheres Vertrauensniveau nötig');
      await click(again, 'link', 'Mit BundID anmelden');
      await handOver(again, javaScriptEnabled, /\/test-idp\/sso$/);
      await again.getByLabel(/substantiell/).check();
      await click(again, 'button', 'Als Testperson anmelden');
      // Linked now: straight back to the step she left.
      if (!javaScriptEnabled) await handOver(again, false, STEP);
      await again.waitForURL(STEP);
      assert.equal(new URL(again.url()).pathname, left, 'the exact step');
      assert.equal(await h1(again).innerText(), 'Zustellung');
      await expectAccessible(again, `step-up-form-back-${label}`);
      await click(again, 'link', 'Zurück');
      assert.equal(await h1(again).innerText(), 'Art der Bescheinigung');
      assert.ok(await again.getByLabel('Erweiterte Meldebescheinigung').isChecked(), 'kept');
      assert.equal(await again.getByLabel('Anzahl der Bescheinigungen').inputValue(), '3');
      assert.equal(
        await again.getByLabel('Wofür brauchen Sie die Bescheinigung?').inputValue(),
        'authority',
      );
      assert.deepEqual(problems(again), []);
      await again.context().close();
    });
  }
});
