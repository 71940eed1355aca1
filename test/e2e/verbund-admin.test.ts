// The Verbund's admin in Chromium: invited, signed in with TOTP, lands on the back office with
// its bar (no authority of their own) and reads the connected sign-in services under
// "Anmeldedienste". With and without JavaScript; axe on both pages.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seedCatalogDemo } from '../../src/catalog/seed.ts';
import { button, go, staffAccountsOf, staffSignsIn } from './backoffice-steps.ts';
import { expectAccessible, problems, startSite } from './browser.ts';

test('the Verbund admin finds the sign-in services, with and without JavaScript', async (t) => {
  const site = await startSite(t, { identity: true });
  const staff = staffAccountsOf(site);
  for (const javaScriptEnabled of [true, false]) {
    const label = javaScriptEnabled ? 'js' : 'nojs';
    await t.test(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', async () => {
      const page = await site.newPage({ javaScriptEnabled });
      const email = `verbund-${label}@emsland.example`;
      const { link } = await staff.invite({ authoritySlug: null, role: 'verbund_admin', email });
      await staffSignsIn(page, link, email);
      await assert.doesNotReject(page.getByRole('heading', { name: 'Keine Behörde' }).waitFor());
      await expectAccessible(page, `verbund-admin-home-${label}`);
      await go(page, page.getByRole('link', { name: 'Anmeldedienste', exact: true }));
      await assert.doesNotReject(
        page.getByRole('heading', { level: 1, name: 'Anmeldedienste' }).waitFor(),
      );
      const rows = await page.locator('#providers tbody tr').allTextContents();
      assert.ok(
        rows.some((row) => row.includes('SAML 2.0') && row.includes('substantiell')),
        'the test BundID with its levels',
      );
      await expectAccessible(page, `verbund-admin-providers-${label}`);
      assert.deepEqual(problems(page), []);
      await page.context().close();
    });
  }
});

// Issue 11: the Verbund admin's own pages. One onboarding authority per run (Geeste with
// JavaScript, Twist without): its phone corrected after a refused entry, taken live after the
// confirmation page, its first admin invited (the mail arrives at the test SMTP server), and
// the catalogue's online offer read. axe on every page on the way.
test('the Verbund admin takes an authority live and invites its admin, with and without JavaScript', async (t) => {
  const site = await startSite(t);
  const owner = site.database.owner;
  const verbund = await owner.selectFrom('verbund').select('id').executeTakeFirstOrThrow();
  await seedCatalogDemo(owner, verbund.id);
  const staff = staffAccountsOf(site);
  for (const [javaScriptEnabled, name] of [
    [true, 'Gemeinde Geeste'],
    [false, 'Gemeinde Twist'],
  ] as const) {
    const label = javaScriptEnabled ? 'js' : 'nojs';
    await t.test(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', async () => {
      const page = await site.newPage({ javaScriptEnabled });
      const email = `verbund-office-${label}@emsland.example`;
      const { link } = await staff.invite({ authoritySlug: null, role: 'verbund_admin', email });
      await staffSignsIn(page, link, email);

      await go(page, page.getByRole('link', { name: 'Behörden', exact: true }));
      await assert.doesNotReject(
        page.getByRole('heading', { level: 1, name: 'Behörden' }).waitFor(),
      );
      const row = page.locator('#authorities tbody tr', { hasText: name });
      assert.match((await row.textContent()) ?? '', /im Aufbau/);
      await expectAccessible(page, `verbund-authorities-${label}`);

      await go(
        page,
        page.getByRole('link', { name: `${name}: Kontaktdaten, Status und Administration` }),
      );
      await assert.doesNotReject(page.getByRole('heading', { level: 1, name }).waitFor());
      const phone = page.getByLabel('Telefon', { exact: true });
      await phone.fill('Rathaus anrufen');
      await go(page, button(page, 'Kontaktdaten speichern'));
      await assert.doesNotReject(
        page
          .getByRole('link', { name: /Bitte geben Sie eine Telefonnummer aus Ziffern an/ })
          .waitFor(),
      );
      await expectAccessible(page, `verbund-authority-error-${label}`);
      await page.getByLabel('Telefon', { exact: true }).fill('05907 500-0');
      await go(page, button(page, 'Kontaktdaten speichern'));
      await assert.doesNotReject(page.getByText('Die Kontaktdaten wurden gespeichert.').waitFor());
      assert.equal(await page.getByLabel('Telefon', { exact: true }).inputValue(), '05907 500-0');
      await expectAccessible(page, `verbund-authority-${label}`);

      await go(page, page.getByRole('link', { name: 'Online schalten …' }));
      await assert.doesNotReject(
        page.getByRole('heading', { level: 1, name: `${name} online schalten?` }).waitFor(),
      );
      await expectAccessible(page, `verbund-authority-live-confirm-${label}`);
      await go(page, button(page, 'Ja, online schalten'));
      await assert.doesNotReject(page.getByText(`Die ${name} ist jetzt online.`).waitFor());

      const invitee = `admin-${label}@gemeinde.example`;
      await page
        .getByLabel('E-Mail-Adresse der eingeladenen Person', { exact: true })
        .fill(invitee);
      await page.getByLabel('Name der eingeladenen Person', { exact: true }).fill('Gerd Gemeinde');
      await go(page, button(page, 'Einladen'));
      await assert.doesNotReject(
        page
          .getByText(`Die Einladung wurde per E-Mail an ${invitee} gesendet.`, { exact: false })
          .waitFor(),
      );
      await expectAccessible(page, `verbund-authority-invited-${label}`);
      const mail = await site.lastMailTo(invitee);
      assert.equal(mail.subject, `Einladung in die Verwaltung: ${name}`);
      assert.match(mail.body, /\/verwaltung\/einladung\/[\w-]{43}/);

      await go(page, page.getByRole('link', { name: 'Behörden', exact: true }));
      assert.match((await row.textContent()) ?? '', /online/);

      await go(page, page.getByRole('link', { name: 'Leistungskatalog', exact: true }));
      await page.getByLabel('Suchbegriff', { exact: true }).fill('Osterfeuer');
      await go(page, button(page, 'Suchen'));
      const osterfeuer = page.locator('#catalogue tbody tr', { hasText: 'Samtgemeinde Sögel' });
      assert.match((await osterfeuer.first().textContent()) ?? '', /Osterfeuer/);
      await expectAccessible(page, `verbund-catalogue-${label}`);
      assert.deepEqual(problems(page), []);
      await page.context().close();
    });
  }
});

// Issue 11, Leistungskatalog: the Verbund admin changes an online service's settings for the
// whole Verbund (Sperrmüll with JavaScript, Osterfeuer without): anonymous use above "basis"
// is refused with the reason, then the service is saved at "substantiell", and the citizen's
// service page says so at once. axe on every page on the way.
test('the Verbund admin edits an online service’s settings, with and without JavaScript', async (t) => {
  const site = await startSite(t);
  const owner = site.database.owner;
  const verbund = await owner.selectFrom('verbund').select('id').executeTakeFirstOrThrow();
  await seedCatalogDemo(owner, verbund.id);
  const staff = staffAccountsOf(site);
  for (const [javaScriptEnabled, search, title, leikaKey] of [
    [true, 'Sperrmüll', 'Sperrmüll anmelden', '99001009004002'],
    [false, 'Osterfeuer', 'Osterfeuer anmelden', '99063010000000'],
  ] as const) {
    const label = javaScriptEnabled ? 'js' : 'nojs';
    await t.test(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', async () => {
      const page = await site.newPage({ javaScriptEnabled });
      const email = `verbund-catalogue-${label}@emsland.example`;
      const { link } = await staff.invite({ authoritySlug: null, role: 'verbund_admin', email });
      await staffSignsIn(page, link, email);

      await go(page, page.getByRole('link', { name: 'Leistungskatalog', exact: true }));
      await page.getByLabel('Suchbegriff', { exact: true }).fill(search);
      await go(page, button(page, 'Suchen'));
      await go(page, page.getByRole('link', { name: `Einstellungen bearbeiten: ${title}` }));
      await assert.doesNotReject(
        page.getByRole('heading', { level: 1, name: `Einstellungen: ${title}` }).waitFor(),
      );
      assert.equal(await page.getByLabel('basis', { exact: true }).isChecked(), true);
      await expectAccessible(page, `verbund-service-${label}`);

      await page.getByLabel('substantiell', { exact: true }).check();
      await page.getByLabel('Auch ohne Konto nutzbar', { exact: true }).check();
      await page.getByLabel('Gebühren', { exact: true }).fill('Die Abholung kostet nichts.');
      await go(page, button(page, 'Einstellungen speichern'));
      await assert.doesNotReject(
        page
          .getByRole('link', {
            name: /Ohne Konto ist ein Online-Dienst nur beim Vertrauensniveau „basis“ nutzbar/,
          })
          .waitFor(),
      );
      assert.equal(
        await page.getByLabel('Gebühren', { exact: true }).inputValue(),
        'Die Abholung kostet nichts.',
        'what was typed stays',
      );
      await expectAccessible(page, `verbund-service-error-${label}`);

      await page.getByLabel('Auch ohne Konto nutzbar', { exact: true }).uncheck();
      await go(page, button(page, 'Einstellungen speichern'));
      await assert.doesNotReject(page.getByText('Die Einstellungen wurden gespeichert.').waitFor());
      assert.equal(await page.getByLabel('substantiell', { exact: true }).isChecked(), true);
      await expectAccessible(page, `verbund-service-saved-${label}`);

      // What citizens see: the service page of a place in Sögel.
      await page.goto(`${site.baseUrl}/leistungen/${leikaKey}?gemeinde=03454005`);
      await assert.doesNotReject(
        page.getByText(/Diese Leistung erfordert das Vertrauensniveau „substantiell“/).waitFor(),
      );
      assert.deepEqual(problems(page), []);
      await page.context().close();
    });
  }
});
