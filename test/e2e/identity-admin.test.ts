// The Verbund's admin connects a sign-in service by clicking: from "Anmeldedienste" to the SAML
// form, a refusal first (the error summary), then the provider with its certificate pasted
// (with JavaScript) or uploaded as a file (without); the sign-in page offers it at once. The
// admin then removes it again after the confirmation page. A second journey takes a provider
// over from its metadata (pasted with JavaScript, uploaded without). axe on every page.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { createTestIdp, readTestKey } from '../../src/identity/test-idp/idp.ts';
import { testIdentityConfig } from '../../src/identity/testing.ts';
import { button, go, staffAccountsOf, staffSignsIn } from './backoffice-steps.ts';
import { expectAccessible, problems, startSite } from './browser.ts';

const CERT_FILE = fileURLToPath(
  new URL('../../src/identity/test-idp/keys/idp-next.cert.pem', import.meta.url),
);

test('the Verbund admin adds a sign-in service by clicking, with and without JavaScript', async (t) => {
  const site = await startSite(t, { identity: true });
  const staff = staffAccountsOf(site);
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

test('the Verbund admin takes a SAML provider over from its metadata, with and without JavaScript', async (t) => {
  const site = await startSite(t, { identity: true });
  const staff = staffAccountsOf(site);
  const dir = await mkdtemp(join(tmpdir(), 'e2e-idp-metadata-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const config = testIdentityConfig();
  for (const javaScriptEnabled of [true, false]) {
    const label = javaScriptEnabled ? 'js' : 'nojs';
    await t.test(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', async () => {
      const entityId = `https://landes-idp.example/${label}/saml`;
      const metadata = createTestIdp({
        entityId,
        ssoUrl: `https://landes-idp.example/${label}/sso`,
        sloUrl: `https://landes-idp.example/${label}/slo`,
        signWith: 'idp-next',
        spSigningCert: config.spSigningCert,
        spEncryptionCert: config.spEncryptionCert,
      }).metadata();
      const page = await site.newPage({ javaScriptEnabled });
      const email = `verbund-metadaten-${label}@emsland.example`;
      const { link } = await staff.invite({ authoritySlug: null, role: 'verbund_admin', email });
      await staffSignsIn(page, link, email);
      await go(page, page.getByRole('link', { name: 'Anmeldedienste', exact: true }));
      await go(
        page,
        page.getByRole('link', { name: 'SAML-Anmeldedienst hinzufügen (zum Beispiel BundID)' }),
      );
      const name = `Landes-IdP ${label.toUpperCase()}`;
      await page.getByLabel('Kennung', { exact: true }).fill(`landes-idp-${label}`);
      await page.getByLabel('Anzeigename', { exact: true }).fill(name);

      // Something that is no metadata first: named at the field.
      await page.getByLabel('Metadaten (XML)', { exact: true }).fill('<html>kein SAML</html>');
      await go(page, button(page, 'Metadaten übernehmen'));
      assert.match(
        (await page.locator('.error-summary').textContent()) ?? '',
        /Das ist kein SAML-Metadatendokument/,
      );
      await expectAccessible(page, `identity-admin-metadata-refused-${label}`);

      if (javaScriptEnabled) {
        await page.getByLabel('Metadaten (XML)', { exact: true }).fill(metadata);
      } else {
        const file = join(dir, `${label}.xml`);
        await writeFile(file, metadata);
        await page.getByLabel('Metadaten (XML)', { exact: true }).fill('');
        await page
          .getByLabel('Oder Metadaten-Datei hochladen (.xml)', { exact: true })
          .setInputFiles(file);
      }
      await go(page, button(page, 'Metadaten übernehmen'));
      assert.match(
        (await page.getByRole('status').textContent()) ?? '',
        /Die Metadaten von .* sind gelesen/,
      );
      assert.equal(
        await page.getByLabel('Entity-ID des Anmeldedienstes', { exact: true }).inputValue(),
        entityId,
      );
      assert.equal(
        await page
          .getByLabel('Adresse für die Anmeldung (SSO-URL, HTTP-POST)', { exact: true })
          .inputValue(),
        `https://landes-idp.example/${label}/sso`,
      );
      assert.match(
        (await page.locator('#metadata-certificates').textContent()) ?? '',
        /CN=rathausnetz-test-idp-next/,
      );
      await expectAccessible(page, `identity-admin-metadata-read-${label}`);

      await page.getByLabel('hoch', { exact: true }).check();
      await go(page, button(page, 'Anmeldedienst hinzufügen'));
      await assert.doesNotReject(page.getByRole('heading', { level: 1, name }).waitFor());
      assert.match(
        (await page.locator('#certificate-list').textContent()) ?? '',
        /CN=rathausnetz-test-idp-next/,
      );
      await expectAccessible(page, `identity-admin-metadata-provider-${label}`);
      assert.deepEqual(problems(page), []);
      await page.context().close();
    });
  }
});
