// The Verbund's admin connects a sign-in service by clicking: from "Anmeldedienste" to the SAML
// form, a refusal first (the error summary), then the provider with its certificate pasted
// (with JavaScript) or uploaded as a file (without); the sign-in page offers it at once. The
// admin then removes it again after the confirmation page. axe on every page, both ways.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { testKeyring } from '../../src/app/testing.ts';
import { createStaffAccounts } from '../../src/backoffice/staff.ts';
import { readTestKey } from '../../src/identity/test-idp/idp.ts';
import { createTenancy } from '../../src/tenancy/service.ts';
import { button, go, staffSignsIn } from './backoffice-steps.ts';
import { expectAccessible, problems, startSite } from './browser.ts';

const CERT_FILE = fileURLToPath(
  new URL('../../src/identity/test-idp/keys/idp-next.cert.pem', import.meta.url),
);

test('the Verbund admin adds a sign-in service by clicking, with and without JavaScript', async (t) => {
  const site = await startSite(t, { identity: true });
  const staff = createStaffAccounts({
    db: site.database.db,
    tenancy: createTenancy(site.database.db),
    keyring: testKeyring(),
    publicUrl: site.notice.publicUrl,
  });
  for (const javaScriptEnabled of [true, false]) {
    const label = javaScriptEnabled ? 'js' : 'nojs';
    await t.test(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', async () => {
      const page = await site.newPage({ javaScriptEnabled });
      const email = `verbund-admin-${label}@emsland.example`;
      const { link } = await staff.invite({ authoritySlug: null, role: 'verbund_admin', email });
      await staffSignsIn(page, link, email);
      await go(page, page.getByRole('link', { name: 'Anmeldedienste', exact: true }));
      await go(
        page,
        page.getByRole('link', { name: 'SAML-Anmeldedienst hinzufügen (zum Beispiel BundID)' }),
      );
      await assert.doesNotReject(
        page.getByRole('heading', { level: 1, name: 'SAML-Anmeldedienst hinzufügen' }).waitFor(),
      );
      await expectAccessible(page, `identity-admin-add-${label}`);

      // Sent without a certificate and levels: named, nothing stored.
      const name = `Landeskonto ${label.toUpperCase()}`;
      await page.getByLabel('Kennung', { exact: true }).fill(`landeskonto-${label}`);
      await page.getByLabel('Anzeigename', { exact: true }).fill(name);
      await page
        .getByLabel('Entity-ID des Anmeldedienstes', { exact: true })
        .fill(`https://landeskonto.example/${label}/idp`);
      await page
        .getByLabel('Adresse für die Anmeldung (SSO-URL, HTTP-POST)', { exact: true })
        .fill(`https://landeskonto.example/${label}/sso`);
      await go(page, button(page, 'Anmeldedienst hinzufügen'));
      await assert.doesNotReject(
        page.getByRole('heading', { name: 'Es gibt ein Problem' }).waitFor(),
      );
      const summary = await page.locator('.error-summary').textContent();
      assert.match(summary ?? '', /Bitte fügen Sie ein Signaturzertifikat ein/);
      assert.match(summary ?? '', /mindestens ein Vertrauensniveau/);
      await expectAccessible(page, `identity-admin-add-refused-${label}`);

      if (javaScriptEnabled) {
        await page
          .getByLabel('Signaturzertifikat (PEM)', { exact: true })
          .fill(readTestKey('idp-next.cert.pem'));
      } else {
        await page
          .getByLabel('Oder Zertifikatsdatei hochladen (.pem, .crt, .cer)', { exact: true })
          .setInputFiles(CERT_FILE);
      }
      await page.getByLabel('substantiell', { exact: true }).check();
      await page.getByLabel('hoch', { exact: true }).check();
      await go(page, button(page, 'Anmeldedienst hinzufügen'));
      await assert.doesNotReject(page.getByRole('heading', { level: 1, name }).waitFor());
      assert.match(
        (await page.getByRole('status').textContent()) ?? '',
        /Der Anmeldedienst ist hinzugefügt/,
      );
      assert.match(
        (await page.locator('#certificate-list').textContent()) ?? '',
        /CN=rathausnetz-test-idp-next/,
      );
      await expectAccessible(page, `identity-admin-provider-${label}`);

      // Back on the list, then what a citizen sees.
      await go(page, page.getByRole('link', { name: 'Zurück zu den Anmeldediensten' }));
      await assert.doesNotReject(
        page.getByRole('link', { name: `${name} ansehen und bearbeiten` }).waitFor(),
      );
      const citizen = await site.newPage({ javaScriptEnabled });
      await citizen.goto('/konto/anmelden');
      await assert.doesNotReject(
        citizen.getByRole('link', { name: `Mit ${name} anmelden` }).waitFor(),
      );
      await citizen.context().close();

      // Removed after the confirmation page, which needs no script.
      await go(page, page.getByRole('link', { name: `${name} ansehen und bearbeiten` }));
      await go(page, page.getByRole('link', { name: `${name} entfernen` }));
      await assert.doesNotReject(
        page.getByRole('heading', { level: 1, name: `${name} wirklich entfernen?` }).waitFor(),
      );
      await expectAccessible(page, `identity-admin-remove-${label}`);
      await go(page, button(page, 'Anmeldedienst endgültig entfernen'));
      assert.match(
        (await page.getByRole('status').textContent()) ?? '',
        /Der Anmeldedienst ist entfernt/,
      );
      assert.equal(
        await page.getByRole('link', { name: `${name} ansehen und bearbeiten` }).count(),
        0,
      );
      await expectAccessible(page, `identity-admin-removed-${label}`);
      assert.deepEqual(problems(page), []);
      await page.context().close();
    });
  }
});
