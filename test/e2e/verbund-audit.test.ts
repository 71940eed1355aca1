// The Verbund's own Prüfprotokoll in Chromium (ADR 0046): the Verbund admin signs in at
// /verwaltung, changes an online service's fees, cannot read the Verbund's log and invites a
// Verbund auditor under "Prüfung des Verbunds"; the auditor accepts the mailed link, signs in
// with TOTP, lands on "Prüfprotokoll des Verbunds", filters it to the admin's change and has
// the whole chain checked. With and without JavaScript; axe on every page on the way.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedCatalogDemo } from '../../src/catalog/seed.ts';
import { button, go, staffAccountsOf, staffSignsIn } from './backoffice-steps.ts';
import { expectAccessible, problems, startSite } from './browser.ts';

const VERBUND_LOG = '/verwaltung/verbund/pruefprotokoll';

test('the Verbund auditor reads the Verbund admin’s change, with and without JavaScript', async (t) => {
  const site = await startSite(t);
  const owner = site.database.owner;
  const verbund = await owner.selectFrom('verbund').select('id').executeTakeFirstOrThrow();
  await seedCatalogDemo(owner, verbund.id);
  const staff = staffAccountsOf(site);
  for (const [javaScriptEnabled, search, title] of [
    [true, 'Sperrmüll', 'Sperrmüll anmelden'],
    [false, 'Osterfeuer', 'Osterfeuer anmelden'],
  ] as const) {
    const label = javaScriptEnabled ? 'js' : 'nojs';
    await t.test(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', async () => {
      const adminName = `Vera Verbund ${label}`;
      const adminEmail = `verbund-audit-${label}@emsland.example`;
      const { link } = await staff.invite({
        authoritySlug: null,
        role: 'verbund_admin',
        email: adminEmail,
        displayName: adminName,
      });
      const page = await site.newPage({ javaScriptEnabled });
      await staffSignsIn(page, link, adminEmail);

      // The admin's change: the service's fees, in the Verbund's chain.
      await go(page, page.getByRole('link', { name: 'Leistungskatalog', exact: true }));
      await page.getByLabel('Suchbegriff', { exact: true }).fill(search);
      await go(page, button(page, 'Suchen'));
      await go(page, page.getByRole('link', { name: `Einstellungen bearbeiten: ${title}` }));
      await page.getByLabel('Gebühren', { exact: true }).fill(`Gebühren laut Satzung (${label}).`);
      await go(page, button(page, 'Einstellungen speichern'));
      await assert.doesNotReject(page.getByText('Die Einstellungen wurden gespeichert.').waitFor());

      // The invitation of the Verbund's auditor: refused without a valid address, then sent.
      await go(page, page.getByRole('link', { name: 'Prüfung des Verbunds', exact: true }));
      await assert.doesNotReject(
        page.getByRole('heading', { level: 1, name: 'Prüfung des Verbunds' }).waitFor(),
      );
      await expectAccessible(page, `verbund-auditors-${label}`);
      const auditorName = `Paul Prüfer ${label}`;
      const auditorEmail = `verbund-pruefung-${label}@emsland.example`;
      await page
        .getByLabel('E-Mail-Adresse der eingeladenen Person', { exact: true })
        .fill('kein-at');
      await page.getByLabel('Name der eingeladenen Person', { exact: true }).fill(auditorName);
      await go(page, button(page, 'Einladen'));
      await assert.doesNotReject(
        page.getByRole('link', { name: /Bitte geben Sie eine gültige E-Mail/ }).waitFor(),
      );
      await expectAccessible(page, `verbund-auditors-error-${label}`);
      await page
        .getByLabel('E-Mail-Adresse der eingeladenen Person', { exact: true })
        .fill(auditorEmail);
      await go(page, button(page, 'Einladen'));
      await assert.doesNotReject(
        page
          .getByText(`Die Einladung wurde per E-Mail an ${auditorEmail} gesendet.`, {
            exact: false,
          })
          .waitFor(),
      );
      await expectAccessible(page, `verbund-auditors-invited-${label}`);
      // The admin does not read the log they write to.
      assert.equal(
        await page.getByRole('link', { name: 'Prüfprotokoll des Verbunds', exact: true }).count(),
        0,
      );
      await page.goto(VERBUND_LOG);
      await assert.doesNotReject(
        page.getByRole('heading', { level: 1, name: 'Kein Zugriff' }).waitFor(),
      );
      await assert.doesNotReject(
        page.getByText('Die Verwaltung des Verbunds liest es nicht.', { exact: false }).waitFor(),
      );

      assert.deepEqual(problems(page), []);
      await page.context().close();

      // The auditor: the mailed link, sign-in with TOTP, the Verbund's Prüfprotokoll.
      const mail = await site.lastMailTo(auditorEmail);
      const path = /\/verwaltung\/einladung\/[\w-]{43}/.exec(mail.body)?.[0];
      assert.ok(path, 'the invitation link is in the mail');
      const reader = await site.newPage({ javaScriptEnabled });
      await staffSignsIn(reader, new URL(path, site.baseUrl).href, auditorEmail, VERBUND_LOG);
      await assert.doesNotReject(
        reader.getByRole('heading', { level: 1, name: 'Prüfprotokoll des Verbunds' }).waitFor(),
      );
      await assert.doesNotReject(reader.getByText(/Die Prüfkette ist unversehrt/).waitFor());
      await expectAccessible(reader, `verbund-audit-log-${label}`);

      await go(
        reader,
        reader.getByRole('link', { name: 'Prüfprotokoll des Verbunds', exact: true }),
      );
      await reader.getByLabel('Aktion', { exact: true }).selectOption({
        label: 'Einstellungen eines Online-Dienstes geändert (Verbund)',
      });
      await reader
        .getByLabel('Mitarbeiterin oder Mitarbeiter', { exact: true })
        .selectOption({ label: adminName });
      await go(reader, button(reader, 'Filtern'));
      assert.match(reader.url(), /aktion=verbund\.service_changed/);
      const rows = await reader.locator('#audit-entries tbody tr').allTextContents();
      assert.equal(rows.length, 1, 'the one change this admin made');
      assert.match(
        rows[0] ?? '',
        new RegExp(`${adminName}.*Einstellungen eines Online-Dienstes geändert`, 's'),
      );
      assert.match(rows[0] ?? '', /Leistung: [0-9a-f-]{36}/);
      await expectAccessible(reader, `verbund-audit-log-filtered-${label}`);

      await reader.getByLabel('Von (Datum)', { exact: true }).fill('2026-12-02');
      await reader.getByLabel('Bis (Datum)', { exact: true }).fill('2026-12-01');
      await go(reader, button(reader, 'Filtern'));
      await assert.doesNotReject(
        reader.getByText('Das Bis-Datum liegt vor dem Von-Datum.').first().waitFor(),
      );
      await expectAccessible(reader, `verbund-audit-log-error-${label}`);

      await go(reader, button(reader, 'Gesamte Kette prüfen'));
      await assert.doesNotReject(reader.getByText(/Zuletzt von Anfang an geprüft: /).waitFor());
      assert.deepEqual(problems(reader), [], 'no blocked requests, failed assets or script errors');
      await reader.context().close();
    });
  }
});
