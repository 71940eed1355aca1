// A citizen registers an Osterfeuer online, end to end in Chromium: search the catalogue, read
// on the service page that the Samtgemeinde of their municipality is responsible, fill in three
// steps (with the conditional questions of the form), leave, sign in again in a fresh browser,
// resume the draft from "Meine Entwürfe" where it stopped, finish the last step, check the
// answers (and change one through its link) and send it: the reference number, the receipt PDF
// (its text read back), "Meine Anträge", and a status change by the authority on the timeline,
// in the Postfach and as a notice mail. Once with JavaScript and once without; every page is
// checked with axe.
//
// The account is set up through the accounts domain (registration, the mailed confirmation
// link, the profile), not the pages: account.test.ts covers those.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { type TestContext, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { extractText } from 'unpdf';
import { createProfiles } from '../../src/accounts/profile/service.ts';
import { seedCatalogDemo } from '../../src/catalog/seed.ts';
import {
  expectAccessible,
  problems,
  registerPasswordAccount,
  type Site,
  startSite,
} from './browser.ts';

const PASSWORD = 'Osterfeuer an der Mittelradde';
const DAY_MS = 24 * 60 * 60 * 1000;

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });
const main = (page: Page) => page.getByRole('main');

/** The text as it is shown, spaces collapsed. */
async function shown(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

/** Clicks a button or link and waits for the page the server answers with. */
async function go(page: Page, target: Locator) {
  const navigated = page.waitForEvent('framenavigated', (frame) => frame === page.mainFrame());
  await target.click();
  await navigated;
  await page.waitForLoadState('load');
}

const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });

/** A radio or checkbox group by its legend, e.g. the yes/no of one question. */
const group = (page: Page, legend: string) =>
  page.getByRole('group', { name: new RegExp(`^${legend.replace(/[?.()]/g, '\\$&')}`) });

type Citizen = { email: string; givenName: string; familyName: string };

/**
 * A confirmed account whose profile names Börger, a member municipality of the Samtgemeinde
 * Sögel (which offers the Osterfeuer online in the demo), made through the accounts domain.
 */
async function registerCitizen(site: Site, citizen: Citizen) {
  const db = site.database.owner;
  const verbund = await db.selectFrom('verbund').select(['id', 'name']).executeTakeFirstOrThrow();
  const id = await registerPasswordAccount(site, citizen.email, PASSWORD);
  const municipalities = await db.selectFrom('municipality').select(['id', 'name']).execute();
  const boerger = municipalities.find((m) => m.name === 'Börger');
  assert.ok(boerger, 'the seed has Börger');
  await createProfiles({ db, verbund: async () => verbund }).update(
    id,
    {
      givenName: citizen.givenName,
      familyName: citizen.familyName,
      birthDay: '12',
      birthMonth: '4',
      birthYear: '1979',
      street: 'Hauptstraße',
      houseNumber: '12',
      postcode: '26904',
      municipalityId: boerger.id,
      phone: '05953 4711',
      language: 'de',
    },
    new Set(municipalities.map((m) => m.id)),
  );
}

async function signIn(page: Page, email: string) {
  await page.getByLabel('E-Mail-Adresse', { exact: true }).fill(email);
  await page.getByLabel('Passwort', { exact: true }).fill(PASSWORD);
  await go(page, button(page, 'Anmelden'));
}

test('a citizen registers an Osterfeuer and resumes it elsewhere, with and without JavaScript', async (t) => {
  const site = await startSite(t);
  const { id: verbundId } = await site.database.owner
    .selectFrom('verbund')
    .select('id')
    .executeTakeFirstOrThrow();
  await seedCatalogDemo(site.database.owner, verbundId);
  for (const javaScriptEnabled of [true, false]) {
    await t.test(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', async (t) => {
      const label = javaScriptEnabled ? 'js' : 'nojs';
      const citizen = {
        email: `osterfeuer-${label}@example.org`,
        givenName: 'Gesa',
        familyName: javaScriptEnabled ? 'Schulte' : 'Többen',
      };
      await registerCitizen(site, citizen);
      await journey(t, site, citizen, javaScriptEnabled);
    });
  }
});

async function journey(t: TestContext, site: Site, citizen: Citizen, javaScriptEnabled: boolean) {
  let page = await site.newPage({ javaScriptEnabled });
  const fireDay = new Date(Date.now() + 60 * DAY_MS);
  let draftPath = '';

  await t.test(
    'a shared computer: signing in asks before anonymous drafts are taken over',
    async () => {
      // Someone before began Mängel melden in Meppen without an account on this browser.
      await page.goto('/leistungen/99089014014000/antrag?gemeinde=03454035');
      assert.match(new URL(page.url()).pathname, /\/schritt\//);
      await expectAccessible(page, 'forms-anonymous-step');
      await page.goto('/konto/anmelden');
      await expectAccessible(page, 'forms-login');
      await signIn(page, citizen.email);
      assert.equal(new URL(page.url()).pathname, '/konto/uebernehmen');
      await page.getByText('Auf diesem Gerät gibt es 1 Entwurf ohne Konto: übernehmen?').waitFor();
      await expectAccessible(page, 'forms-adoption-question');
      await go(page, button(page, 'Nicht übernehmen'));
      assert.equal(new URL(page.url()).pathname, '/konto');
      const cookies = await page.context().cookies();
      assert.ok(!cookies.some((c) => c.name === 'draft'), 'the anonymous cookie is gone');
    },
  );

  await t.test('the search finds the Osterfeuer; its page names the Samtgemeinde', async () => {
    await page.goto('/leistungen');
    await expectAccessible(page, 'forms-catalogue');
    await page.getByLabel('Suchbegriff', { exact: true }).fill('Osterfeuer');
    await go(page, button(page, 'Suchen'));
    assert.match(await shown(h1(page)), /^Suchergebnis für „Osterfeuer“/);
    await expectAccessible(page, 'forms-search');

    await go(
      page,
      main(page)
        .getByRole('link', { name: /Osterfeuer/ })
        .first(),
    );
    assert.match(new URL(page.url()).pathname, /^\/leistungen\/99063010000000$/);
    const text = await shown(main(page));
    assert.match(text, /Für Börger ist die Samtgemeinde Sögel zuständig\./);
    assert.match(text, /\(Gemeinde aus Ihrem Konto\)/);
    assert.match(text, /Sie können diese Leistung bei der Samtgemeinde Sögel online beantragen\./);
    await expectAccessible(page, 'forms-service');
  });

  await t.test('step 1: the organiser, prefilled from the profile', async () => {
    await go(page, main(page).getByRole('link', { name: 'Online beantragen' }));
    draftPath =
      /^\/antraege\/entwuerfe\/[0-9a-f-]{36}/.exec(new URL(page.url()).pathname)?.[0] ?? '';
    assert.ok(draftPath, `a draft step page, not ${page.url()}`);
    assert.match(await shown(h1(page)), /Veranstalterin oder Veranstalter/);
    assert.match(await shown(main(page)), /Schritt 1 von 4/);
    assert.equal(await page.getByLabel('Vorname', { exact: true }).inputValue(), citizen.givenName);
    assert.equal(
      await page.getByLabel('Familienname', { exact: true }).inputValue(),
      citizen.familyName,
    );
    assert.equal(await page.getByLabel('Postleitzahl', { exact: true }).inputValue(), '26904');
    assert.equal(
      await page.getByLabel('E-Mail-Adresse', { exact: true }).inputValue(),
      citizen.email,
    );
    // Asked only for an association: the page says so, and as a private person it stays empty.
    assert.match(
      await shown(main(page)),
      /Nur ausfüllen, wenn bei „Wer veranstaltet das Osterfeuer\?“ .*Verein.* ausgewählt ist\./,
    );
    await expectAccessible(page, 'forms-step-organiser');
    await group(page, 'Wer veranstaltet das Osterfeuer?')
      .getByLabel('Ich als Privatperson', { exact: true })
      .check();
    await go(page, button(page, 'Weiter'));
  });

  await t.test('step 2: day, time and place; a mistake is explained at its field', async () => {
    assert.match(await shown(h1(page)), /Zeit und Ort/);
    await expectAccessible(page, 'forms-step-place');
    await page.getByLabel('Tag', { exact: true }).fill(String(fireDay.getUTCDate()));
    await page.getByLabel('Monat', { exact: true }).fill(String(fireDay.getUTCMonth() + 1));
    await page.getByLabel('Jahr', { exact: true }).fill(String(fireDay.getUTCFullYear()));
    await page.getByLabel('Uhrzeit des Anzündens', { exact: true }).fill('19:00');
    await page
      .getByLabel('Uhrzeit, zu der das Feuer vollständig gelöscht ist', { exact: true })
      .fill('25:00');
    await group(page, 'Wie beschreiben Sie den Ort des Feuers?')
      .getByLabel('Mit einer Anschrift', { exact: true })
      .check();
    await page.getByLabel('Straße', { exact: true }).fill('Am Schützenplatz');
    await page.getByLabel('Hausnummer', { exact: true }).fill('2');
    await page.getByLabel('Postleitzahl', { exact: true }).fill('26904');
    await page.getByLabel('Ort', { exact: true }).fill('Börger');
    await group(page, 'Gehört Ihnen das Grundstück?').getByLabel('Ja', { exact: true }).check();
    await go(page, button(page, 'Weiter'));
    const summary = page.getByRole('alert');
    assert.match(await shown(summary), /Uhrzeit, zu der das Feuer vollständig gelöscht ist/);
    await expectAccessible(page, 'forms-step-place-error');
    // The answers given stay in the page; only the wrong one is typed again.
    assert.equal(await page.getByLabel('Straße', { exact: true }).inputValue(), 'Am Schützenplatz');
    await page
      .getByLabel('Uhrzeit, zu der das Feuer vollständig gelöscht ist', { exact: true })
      .fill('23:30');
    await go(page, button(page, 'Weiter'));
  });

  await t.test('step 3: safety and material, then the citizen leaves', async () => {
    assert.match(await shown(h1(page)), /Sicherheit und Brennmaterial/);
    await expectAccessible(page, 'forms-step-safety');
    await page.getByLabel('Abstand zum nächsten Gebäude', { exact: true }).fill('150');
    await page.getByLabel('Abstand zur nächsten öffentlichen Straße', { exact: true }).fill('60');
    await page.getByLabel(/^Ich verbrenne nur unbehandeltes Holz/).check();
    await page.getByLabel('Name der Brandwache', { exact: true }).fill('Hinrich Többen');
    await page.getByLabel('Mobilnummer der Brandwache', { exact: true }).fill('0171 2345678');
    await page.getByLabel('Sand oder Erde mit Schaufeln', { exact: true }).check();
    await page.getByLabel('Die Freiwillige Feuerwehr ist vor Ort', { exact: true }).check();
    await go(page, button(page, 'Weiter'));
    assert.equal(new URL(page.url()).pathname, `${draftPath}/schritt/besucher`);
    assert.deepEqual(problems(page), [], 'no blocked requests, failed assets or script errors');
    // Leaving: this browser is gone with its cookies.
    await page.context().close();
  });

  await t.test(
    'in a fresh browser, "Meine Entwürfe" resumes the draft where it stopped',
    async () => {
      page = await site.newPage({ javaScriptEnabled });
      await page.goto('/');
      await go(page, page.getByRole('link', { name: 'Anmelden' }).first());
      await signIn(page, citizen.email);
      assert.equal(new URL(page.url()).pathname, '/konto');
      await expectAccessible(page, 'forms-account');
      await go(page, main(page).getByRole('link', { name: 'Meine Entwürfe' }));
      assert.equal(await shown(h1(page)), 'Meine Entwürfe');
      const text = await shown(main(page));
      assert.match(text, /Osterfeuer anmelden/);
      assert.match(text, /Wird am \d{1,2}\. \S+ \d{4} gelöscht/);
      await expectAccessible(page, 'forms-drafts');
      await go(page, main(page).getByRole('link', { name: /Fortsetzen/ }));
      assert.equal(new URL(page.url()).pathname, `${draftPath}/schritt/besucher`);
      assert.match(await shown(main(page)), /Schritt 4 von 4/);
    },
  );

  await t.test('step 4: a public event needs its details', async () => {
    assert.match(await shown(h1(page)), /Besucherinnen und Besucher/);
    await expectAccessible(page, 'forms-step-visitors');
    await page.getByLabel('Wie viele Personen erwarten Sie ungefähr?', { exact: true }).fill('250');
    await group(page, 'Ist das Osterfeuer eine öffentliche Veranstaltung?')
      .getByLabel('Ja', { exact: true })
      .check();
    await go(page, button(page, 'Weiter zur Übersicht'));
    // Chosen "yes": the event questions (and stewards, above 200 visitors) are now required.
    const summary = await shown(page.getByRole('alert'));
    assert.match(summary, /wer die Veranstaltung ausrichtet/);
    assert.match(summary, /Ordnerinnen und Ordner/);
    await expectAccessible(page, 'forms-step-visitors-errors');
    await page
      .getByLabel('Wer richtet die Veranstaltung aus?', { exact: true })
      .fill('Heimatverein Börger e. V.');
    await page
      .getByLabel('Wie viele Personen sind höchstens gleichzeitig da?', { exact: true })
      .fill('200');
    await page
      .getByLabel('Toiletten und Parkplätze', { exact: true })
      .fill('Zwei Toilettenwagen, Parkplatz am Sportheim');
    await page
      .getByLabel('Wie viele Ordnerinnen und Ordner setzen Sie ein?', { exact: true })
      .fill('4');
    await go(page, button(page, 'Weiter zur Übersicht'));
    assert.equal(new URL(page.url()).pathname, `${draftPath}/pruefen`);
  });

  await t.test('the check page shows the answers, each with a link to change it', async () => {
    assert.equal(await shown(h1(page)), 'Prüfen Sie Ihre Angaben');
    const text = await shown(main(page));
    for (const answer of [
      'Ich als Privatperson',
      citizen.familyName,
      'Am Schützenplatz',
      '23:30',
      'Hinrich Többen',
      'Heimatverein Börger e. V.',
    ]) {
      assert.ok(text.includes(answer), `the check page shows ${answer}`);
    }
    // The association's name was not asked of a private person, so it is not listed.
    assert.ok(!text.includes('Name des Vereins oder der Organisation'));
    assert.ok(
      (await main(page)
        .getByRole('link', { name: /^Ändern/ })
        .count()) >= 20,
    );
    await expectAccessible(page, 'forms-check');

    // Fewer visitors: the stewards question no longer applies and goes from the answers.
    const change = main(page)
      .locator('.kern-description-list-item')
      .filter({ hasText: 'Wie viele Personen erwarten Sie ungefähr?' })
      .getByRole('link', { name: /^Ändern/ });
    await go(page, change);
    assert.equal(new URL(page.url()).pathname, `${draftPath}/schritt/besucher`);
    await expectAccessible(page, 'forms-step-visitors-change');
    await page.getByLabel('Wie viele Personen erwarten Sie ungefähr?', { exact: true }).fill('150');
    await page
      .getByLabel('Wie viele Ordnerinnen und Ordner setzen Sie ein?', { exact: true })
      .fill('');
    await go(page, button(page, 'Weiter zur Übersicht'));
    assert.equal(new URL(page.url()).pathname, `${draftPath}/pruefen`);
    const changed = await shown(main(page));
    assert.match(changed, /Wie viele Personen erwarten Sie ungefähr\? 150/);
    assert.ok(!changed.includes('Wie viele Ordnerinnen und Ordner'));
    await expectAccessible(page, 'forms-check-changed');
  });

  let applicationPath = '';
  let reference = '';
  await t.test('with the declaration confirmed, the application is sent and numbered', async () => {
    await go(page, button(page, 'Antrag absenden'));
    assert.match(await shown(page.getByRole('alert')), /Erklärung/);
    await expectAccessible(page, 'forms-check-declaration-error');
    await page.getByLabel('Ich bestätige diese Erklärung.', { exact: true }).check();
    const notices = site.mailCount(citizen.email);
    await go(page, button(page, 'Antrag absenden'));
    const url = new URL(page.url());
    assert.match(url.pathname, /^\/antraege\/[0-9a-f-]{36}$/);
    applicationPath = url.pathname;
    assert.equal(await shown(h1(page)), 'Osterfeuer anmelden');
    const status = await shown(page.getByRole('status'));
    assert.match(status, /Ihr Antrag wurde gesendet\./);
    reference = /EL-\d{4}-\d{6}/.exec(status)?.[0] ?? '';
    assert.ok(reference, 'the reference number is shown');
    assert.match(await shown(main(page)), /Samtgemeinde Sögel/);
    await expectAccessible(page, 'applications-sent');
    await waitFor(() => site.mailCount(citizen.email) > notices, 'the confirmation notice');
    // The draft is gone: going back to its check page lands on the application.
    await page.goto(`${draftPath}/pruefen`);
    assert.equal(new URL(page.url()).pathname, applicationPath);
  });

  await t.test('the receipt PDF downloads and holds the answers as sent', async () => {
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Eingangsbestätigung herunterladen (PDF)' }).click();
    const file = await download;
    assert.equal(file.suggestedFilename(), `Eingangsbestaetigung-${reference}.pdf`);
    const bytes = await readFile(await file.path());
    const { text } = await extractText(new Uint8Array(bytes), { mergePages: true });
    const content = text.replace(/\s+/g, ' ');
    for (const expected of [
      reference,
      'Samtgemeinde Sögel',
      'Osterfeuer anmelden',
      `${citizen.givenName} ${citizen.familyName}`,
      'Am Schützenplatz',
      'Hinrich Többen',
      'Heimatverein Börger e. V.',
    ]) {
      assert.ok(content.includes(expected), `the receipt shows ${expected}`);
    }
  });

  await t.test(
    'Meine Anträge lists it as submitted; a status change shows up everywhere',
    async () => {
      await go(page, page.getByRole('link', { name: 'Meine Anträge', exact: true }).first());
      assert.equal(await shown(h1(page)), 'Meine Anträge');
      const row = main(page).getByRole('row').filter({ hasText: reference });
      assert.match(await shown(row), /Osterfeuer anmelden .*Samtgemeinde Sögel .*Eingereicht/);
      await expectAccessible(page, 'applications-list');

      // The Samtgemeinde's clerk starts processing (their back office comes later: domain API).
      const db = site.database.owner;
      const sent = await db
        .selectFrom('application')
        .select(['id', 'authority_id'])
        .where('reference', '=', reference)
        .executeTakeFirstOrThrow();
      const notices = site.mailCount(citizen.email);
      await site.applications.changeStatus({
        authorityId: sent.authority_id,
        applicationId: sent.id,
        status: 'processing',
        actor: 'authority',
        note: 'Die Feuerwehr Börger ist informiert.',
      });
      await waitFor(() => site.mailCount(citizen.email) > notices, 'the status notice');
      const notice = await site.lastMailTo(citizen.email);
      assert.equal(notice.subject, 'Neue Nachricht in Ihrem Postfach');
      assert.ok(!notice.body.includes('Bearbeitung') && !notice.body.includes(reference));

      await go(page, main(page).getByRole('link', { name: 'Osterfeuer anmelden' }));
      const timeline = await shown(main(page));
      assert.match(timeline, /Eingereicht – .*In Bearbeitung – .*durch: Behörde/);
      assert.ok(timeline.includes('Die Feuerwehr Börger ist informiert.'));
      assert.match(timeline, /hat sich geändert: In Bearbeitung/);
      await expectAccessible(page, 'applications-timeline');

      await go(page, page.getByRole('link', { name: /^Postfach/ }));
      assert.ok((await shown(main(page))).includes(`Ihr Antrag ${reference}`));
      await expectAccessible(page, 'applications-postfach');
      assert.deepEqual(problems(page), [], 'no blocked requests, failed assets or script errors');
    },
  );
}

async function waitFor(condition: () => boolean, what: string, ms = 10_000) {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`${what} did not arrive within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
