// The back office, end to end in Chromium: a citizen in Börger sends an Osterfeuer to the
// Samtgemeinde Sögel; a Sögel clerk accepts an invitation, sets a password and the mandatory
// TOTP (the code computed here, as an authenticator app would), signs in, finds the application
// by its reference number, opens it and moves it on; the citizen sees the new status. Once with
// JavaScript and once without (a clerk each); every back-office page is checked with axe.
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import type { Page } from 'playwright-core';
import { seedCatalogDemo } from '../../src/catalog/seed.ts';
import {
  button,
  go,
  PASSWORD,
  sendOsterfeuer,
  soegelAdminSignsIn,
  staffAccountsOf,
  totpCode,
} from './backoffice-steps.ts';
import { expectAccessible, problems, startSite } from './browser.ts';

test('a Sögel clerk processes an application in the back office, with and without JavaScript', async (t) => {
  const site = await startSite(t);
  // Seeding and reading rows past RLS take the owner (on PostgreSQL the runtime role may not).
  const owner = site.database.owner;
  const { id: verbundId } = await owner
    .selectFrom('verbund')
    .select('id')
    .executeTakeFirstOrThrow();
  await seedCatalogDemo(owner, verbundId);
  const citizen = await sendOsterfeuer(site, 'gesa@example.org');
  const { reference } = await owner
    .selectFrom('application')
    .select('reference')
    .where('id', '=', citizen.id)
    .executeTakeFirstOrThrow();
  // Invitations carry no secret of the keyring: any will do to write them.
  const staff = staffAccountsOf(site);

  const steps: [string, string][] = [
    ['received', 'Eingegangen'],
    ['processing', 'In Bearbeitung'],
  ];
  for (const [index, javaScriptEnabled] of [true, false].entries()) {
    const label = javaScriptEnabled ? 'js' : 'nojs';
    await t.test(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', async (t) => {
      const page = await site.newPage({ javaScriptEnabled });
      const email = `clerk-${label}@soegel.example`;
      // With JavaScript the Samtgemeinde's admin (who also processes), without a clerk.
      const { link } = await staff.invite({
        authoritySlug: 'samtgemeinde-soegel',
        role: javaScriptEnabled ? 'authority_admin' : 'clerk',
        email,
        displayName: `Clerk ${label}`,
      });
      const [status, statusLabel] = steps[index] as [string, string];
      await clerkJourney(t, page, {
        admin: javaScriptEnabled,
        link,
        email,
        status,
        statusLabel,
        reference,
        applicationId: citizen.id,
      });
      assert.deepEqual(problems(page), [], 'no blocked requests, failed assets or script errors');
    });
  }

  const timeline = await (await citizen.request.get(`/antraege/${citizen.id}`)).text();
  assert.match(timeline, /In Bearbeitung/);
  assert.match(timeline, /Wir prüfen den Abstand zur Kreisstraße\./);
  assert.ok(site.mailCount('gesa@example.org') >= 3, 'notice mails for receipt and both changes');
});

type Clerk = {
  admin: boolean;
  link: string;
  email: string;
  status: string;
  statusLabel: string;
  reference: string;
  applicationId: string;
};

async function clerkJourney(t: TestContext, page: Page, clerk: Clerk) {
  await t.test('the invitation sets a password', async () => {
    await page.goto(new URL(clerk.link).pathname);
    await expectAccessible(page, 'backoffice-invitation');
    await page.getByLabel('Neues Passwort', { exact: true }).fill(PASSWORD);
    await go(page, button(page, 'Passwort festlegen'));
    await assert.doesNotReject(
      page.getByRole('heading', { name: 'Einladung angenommen' }).waitFor(),
    );
  });

  await t.test('the first sign-in sets up the mandatory TOTP', async () => {
    // A clerk starts where the citizens do: the staff sign-in is linked in every page's footer.
    await page.goto('/');
    await go(page, page.getByRole('link', { name: 'Anmeldung für Mitarbeitende der Verwaltung' }));
    assert.equal(new URL(page.url()).pathname, '/verwaltung/anmelden');
    await expectAccessible(page, 'backoffice-sign-in');
    await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(clerk.email);
    await page.getByLabel('Passwort', { exact: true }).fill('falsch falsch falsch');
    await go(page, button(page, 'Weiter'));
    await assert.doesNotReject(
      page.getByText('E-Mail-Adresse oder Passwort sind nicht richtig.').first().waitFor(),
    );
    await expectAccessible(page, 'backoffice-sign-in-error');
    await page.getByLabel('Passwort', { exact: true }).fill(PASSWORD);
    await go(page, button(page, 'Weiter'));
    await expectAccessible(page, 'backoffice-totp-setup');
    const secret = (await page.locator('#totp-secret').textContent())?.replace(/\s+/g, '') ?? '';
    assert.match(secret, /^[A-Z2-7]{32}$/);
    await page.getByLabel('Sicherheitscode', { exact: true }).fill(await totpCode(secret));
    await go(page, button(page, 'Anmelden'));
    assert.equal(new URL(page.url()).pathname, '/verwaltung');
  });

  await t.test('the inbox finds the application by its reference number', async () => {
    await expectAccessible(page, 'backoffice-inbox');
    await page.getByLabel('Aktenzeichen', { exact: true }).fill(clerk.reference.toLowerCase());
    await go(page, button(page, 'Anzeigen'));
    await expectAccessible(page, 'backoffice-inbox-search');
    await go(page, page.getByRole('link', { name: clerk.reference, exact: true }));
    assert.equal(new URL(page.url()).pathname, `/verwaltung/antraege/${clerk.applicationId}`);
  });

  await t.test(
    'the detail shows the answers as sent; the status changes along the graph',
    async () => {
      await assert.doesNotReject(page.getByText('Schützenverein Sögel e. V.').first().waitFor());
      await expectAccessible(page, 'backoffice-detail');
      await page.getByLabel('Neuer Status', { exact: true }).selectOption(clerk.status);
      await page.getByLabel(/Hinweis an die Antragstellerin/).fill('x'.repeat(500));
      // The browser stops at 500 characters: what the server refuses it never sees here.
      await page
        .getByLabel(/Hinweis an die Antragstellerin/)
        .fill('Wir prüfen den Abstand zur Kreisstraße.');
      await go(page, button(page, 'Status ändern'));
      await assert.doesNotReject(page.getByText('Der Status wurde geändert.').waitFor());
      await expectAccessible(page, 'backoffice-detail-changed');
      await assert.doesNotReject(
        page.getByRole('table').getByText(clerk.statusLabel).first().waitFor(),
      );
    },
  );

  if (clerk.admin) {
    await t.test('the admin sees the staff page with its invitation form', async () => {
      await go(page, page.getByRole('link', { name: 'Mitarbeitende', exact: true }));
      await expectAccessible(page, 'backoffice-staff');
    });
  }

  await t.test('signing out ends the session', async () => {
    await go(page, button(page, 'Abmelden'));
    assert.equal(new URL(page.url()).pathname, '/verwaltung/anmelden');
    await page.goto('/verwaltung');
    assert.equal(new URL(page.url()).pathname, '/verwaltung/anmelden');
  });
}

test('a Sögel admin invites, limits, locks and unlocks staff, with and without JavaScript', async (t) => {
  const site = await startSite(t);
  const owner = site.database.owner;
  const { id: verbundId } = await owner
    .selectFrom('verbund')
    .select('id')
    .executeTakeFirstOrThrow();
  await seedCatalogDemo(owner, verbundId);
  const staff = staffAccountsOf(site);
  for (const javaScriptEnabled of [true, false]) {
    const label = javaScriptEnabled ? 'js' : 'nojs';
    await t.test(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', async (t) => {
      const page = await site.newPage({ javaScriptEnabled });
      const adminEmail = `admin-${label}@soegel.example`;
      await soegelAdminSignsIn(staff, page, adminEmail, label);
      const invitee = `neu-${label}@soegel.example`;
      const name = `Neu ${label}`;

      await t.test('an invitation with a bad address is refused in German', async () => {
        await go(page, page.getByRole('link', { name: 'Mitarbeitende', exact: true }));
        await expectAccessible(page, 'backoffice-staff-list');
        await page.getByLabel('E-Mail-Adresse', { exact: true }).fill('kein-at');
        await go(page, button(page, 'Einladen'));
        await assert.doesNotReject(
          page
            .getByRole('alert')
            .getByText('Bitte geben Sie eine gültige E-Mail-Adresse an.')
            .waitFor(),
        );
        await expectAccessible(page, 'backoffice-staff-invite-error');
      });

      await t.test('a clerk for Osterfeuer only is invited by e-mail', async () => {
        await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(invitee);
        await page.getByLabel('Name', { exact: true }).fill(name);
        await page.getByLabel('Rolle', { exact: true }).selectOption('clerk');
        const services = page.getByRole('group', {
          name: 'Nur für diese Leistungen (leer = alle)',
        });
        await services.getByLabel('Osterfeuer anmelden', { exact: true }).check();
        await go(page, button(page, 'Einladen'));
        await assert.doesNotReject(
          page.getByText(`Die Einladung wurde per E-Mail an ${invitee} gesendet.`).waitFor(),
        );
        await expectAccessible(page, 'backoffice-staff-invited');
        const row = page.getByRole('row', { name: new RegExp(name) });
        await assert.doesNotReject(row.getByText('Osterfeuer anmelden').waitFor());
        const mail = await site.lastMailTo(invitee);
        assert.equal(mail.subject, 'Einladung in die Verwaltung: Samtgemeinde Sögel');
        assert.match(mail.body, /\/verwaltung\/einladung\/[\w-]{43}/);
      });

      await t.test('the member is locked after a confirmation, then unlocked', async () => {
        await go(page, page.getByRole('link', { name: `${name}: Rolle, Leistungen und Zugang` }));
        await expectAccessible(page, 'backoffice-staff-member');
        await go(page, page.getByRole('link', { name: 'Zugang sperren', exact: true }));
        await assert.doesNotReject(
          page.getByRole('heading', { name: `Zugang von ${name} sperren?` }).waitFor(),
        );
        await expectAccessible(page, 'backoffice-staff-lock');
        await go(page, button(page, 'Ja, Zugang sperren'));
        await assert.doesNotReject(
          page.getByText(`Der Zugang von ${name} ist gesperrt.`).waitFor(),
        );
        await expectAccessible(page, 'backoffice-staff-locked');
        await go(page, button(page, 'Zugang wieder freigeben'));
        await assert.doesNotReject(
          page.getByText(`Der Zugang von ${name} ist wieder freigegeben.`).waitFor(),
        );
        await expectAccessible(page, 'backoffice-staff-unlocked');
      });
      assert.deepEqual(problems(page), [], 'no blocked requests, failed assets or script errors');
    });
  }
});
