// An authority admin sets up where applications go, end to end in Chromium, with and without
// JavaScript: from the back office's bar to "Zustellwege", choosing "E-Mail an ein
// Funktionspostfach", a refused empty form, the route set up, "Verbindung testen", an API
// credential for it issued and revoked, the deliveries list, and the route removed. Every page
// is checked with axe.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { button, go, soegelAdminSignsIn, staffAccountsOf } from './backoffice-steps.ts';
import { expectAccessible, problems, startSite } from './browser.ts';

test('a Sögel admin sets up an e-mail delivery route, with and without JavaScript', async (t) => {
  const site = await startSite(t);
  const staff = staffAccountsOf(site);

  for (const javaScriptEnabled of [true, false]) {
    const label = javaScriptEnabled ? 'js' : 'nojs';
    await t.test(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', async () => {
      const page = await site.newPage({ javaScriptEnabled });
      const email = `admin-${label}@soegel.example`;
      await soegelAdminSignsIn(staff, page, email, label);

      await go(page, page.getByRole('link', { name: 'Zustellwege', exact: true }));
      await assert.doesNotReject(
        page.getByRole('heading', { name: 'Zustellwege zu Fachverfahren und DMS' }).waitFor(),
      );
      await expectAccessible(page, `delivery-routes-${label}`);

      await page.getByLabel('E-Mail an ein Funktionspostfach', { exact: true }).check();
      await go(page, button(page, 'Weiter'));
      await assert.doesNotReject(
        page
          .getByRole('heading', { name: 'Neuer Zustellweg: E-Mail an ein Funktionspostfach' })
          .waitFor(),
      );
      await expectAccessible(page, `delivery-route-new-${label}`);

      // Nothing filled in: the server names each missing setting.
      await go(page, button(page, 'Zustellweg einrichten'));
      await assert.doesNotReject(
        page
          .getByRole('link', {
            name: 'Bitte geben Sie „E-Mail-Adresse des Funktionspostfachs“ an.',
          })
          .waitFor(),
      );
      await expectAccessible(page, `delivery-route-refused-${label}`);

      const name = `postfach-${label}`;
      await page.getByLabel('Kurzname', { exact: true }).fill(name);
      await page
        .getByLabel('E-Mail-Adresse des Funktionspostfachs', { exact: true })
        .fill('ordnungsamt@soegel.example');
      await go(page, button(page, 'Zustellweg einrichten'));
      await assert.doesNotReject(page.getByText('Der Zustellweg wurde eingerichtet.').waitFor());
      await assert.doesNotReject(page.getByRole('rowheader', { name }).waitFor());
      await expectAccessible(page, `delivery-route-added-${label}`);

      await go(page, button(page, `Verbindung testen: Zustellweg ${name}`));
      await assert.doesNotReject(
        page.getByText(`Der Zustellweg ${name} ist gültig eingerichtet`).waitFor(),
      );
      await expectAccessible(page, `delivery-route-tested-${label}`);

      // The route's system answers over /api/v1 with a credential issued beside it.
      await go(page, page.getByRole('link', { name: 'API-Zugänge', exact: true }));
      await assert.doesNotReject(
        page.getByRole('heading', { name: 'API-Zugänge für Fachverfahren und DMS' }).waitFor(),
      );
      await expectAccessible(page, `api-credentials-${label}`);
      await page.getByLabel('Zustellweg', { exact: true }).selectOption(name);
      await page.getByLabel('Bezeichnung', { exact: true }).fill(`DMS ${label}`);
      await go(page, button(page, 'Zugang ausstellen'));
      await assert.doesNotReject(
        page.getByRole('heading', { name: 'API-Zugang ausgestellt' }).waitFor(),
      );
      assert.match((await page.locator('code.api-token').textContent()) ?? '', /^rn1\./);
      await expectAccessible(page, `api-credential-issued-${label}`);
      await go(page, page.getByRole('link', { name: 'Zurück zu den API-Zugängen' }));
      await go(page, button(page, `Widerrufen: Zugang DMS ${label}`));
      await assert.doesNotReject(page.getByText('Der Zugang wurde widerrufen.').waitFor());
      await expectAccessible(page, `api-credential-revoked-${label}`);

      // The deliveries list sits beside it in the bar.
      await go(page, page.getByRole('link', { name: 'Zustellungen', exact: true }));
      await assert.doesNotReject(
        page.getByRole('heading', { name: 'Zustellungen an Fachverfahren und DMS' }).waitFor(),
      );
      await expectAccessible(page, `deliveries-${label}`);

      await go(page, page.getByRole('link', { name: 'Zustellwege', exact: true }));
      await go(page, button(page, `Zustellweg ${name} entfernen`));
      await assert.doesNotReject(page.getByText('Der Zustellweg wurde entfernt.').waitFor());
      assert.equal(await page.getByRole('rowheader', { name }).count(), 0);
      assert.deepEqual(problems(page), [], 'no blocked requests, failed assets or script errors');
    });
  }
});
