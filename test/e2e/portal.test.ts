// A citizen's journey through the public portal: find the responsible authority by postcode
// or by name, recover from a typing mistake and a dead link, read the legal pages, switch to
// English. Once with JavaScript and once without; every page is checked with axe.
import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { seedCatalogDemo } from '../../src/catalog/seed.ts';
import { expectAccessible, problems, startSite } from './browser.ts';

const h1 = (page: Page) => page.getByRole('heading', { level: 1 });
const focused = (page: Page) => page.locator(':focus');
const footer = (page: Page, lang: 'de' | 'en' = 'de') =>
  page.getByRole('navigation', { name: lang === 'de' ? 'Fußbereich' : 'Footer' });

/** Path and query of the page the browser shows now. */
function location(page: Page): string {
  const url = new URL(page.url());
  return url.pathname + url.search + url.hash;
}

/** The text as it is shown (rendered, so hidden parts are left out), spaces collapsed. */
async function shown(locator: Locator): Promise<string> {
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

const text = (page: Page) => shown(page.getByRole('main'));

const FINDER = {
  de: { label: 'Postleitzahl oder Name Ihrer Gemeinde', button: 'Verwaltung finden' },
  en: { label: 'Postcode or name of your municipality', button: 'Find administration' },
};

/** Types into the finder on the current page and submits it with the button. */
async function submitFinder(page: Page, value: string, lang: 'de' | 'en' = 'de') {
  const from = page.url();
  await page.getByLabel(FINDER[lang].label).fill(value);
  await Promise.all([
    page.waitForURL((url) => url.href !== from),
    page.getByRole('button', { name: FINDER[lang].button }).click(),
  ]);
}

test('a citizen finds the responsible authority, with and without JavaScript', async (t) => {
  const site = await startSite(t);
  for (const javaScriptEnabled of [true, false]) {
    await t.test(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', async (t) => {
      const page = await site.newPage({ javaScriptEnabled });
      await journey(t, page);
      assert.deepEqual(problems(page), [], 'no blocked requests, failed assets or script errors');
    });
  }
});

test('a citizen finds the Osterfeuer from the start page by clicking, with and without JavaScript', async (t) => {
  const site = await startSite(t);
  const { id: verbundId } = await site.database.owner
    .selectFrom('verbund')
    .select('id')
    .executeTakeFirstOrThrow();
  await seedCatalogDemo(site.database.owner, verbundId);
  for (const javaScriptEnabled of [true, false]) {
    await t.test(javaScriptEnabled ? 'with JavaScript' : 'without JavaScript', async (t) => {
      const page = await site.newPage({ javaScriptEnabled });
      await servicesJourney(t, page);
      assert.deepEqual(problems(page), [], 'no blocked requests, failed assets or script errors');
    });
  }
});

/** Clicks the link (by its visible text) and waits for the page it leads to. */
async function follow(page: Page, link: Locator) {
  const from = page.url();
  await Promise.all([page.waitForURL((url) => url.href !== from), link.click()]);
}

const OSTERFEUER_PAGE = /^\/leistungen\/99063010000000(\?gemeinde=[0-9]{8})?$/;

async function servicesJourney(t: TestContext, page: Page) {
  const header = () => page.getByRole('banner');
  const startPage = async () => {
    await follow(page, header().getByRole('link', { name: /Startseite/ }));
    assert.equal(location(page), '/');
  };

  await t.test('the start page offers the service search and the online services', async () => {
    await page.goto('/');
    assert.ok(await page.getByRole('search', { name: 'Leistungen suchen' }).isVisible());
    assert.ok(await page.getByLabel('Was möchten Sie erledigen?').isVisible());
    const popular = page.getByRole('region', { name: 'Häufig genutzte Online-Dienste' });
    assert.ok(await popular.getByRole('link', { name: 'Osterfeuer anmelden' }).isVisible());
    await expectAccessible(page, 'start-services');
  });

  await t.test('start page → Samtgemeinde Sögel → its online services → Osterfeuer', async () => {
    await follow(page, page.getByRole('link', { name: 'Samtgemeinde Sögel', exact: true }));
    assert.equal(location(page), '/samtgemeinde-soegel');
    const own = page.getByRole('region', { name: 'Online-Dienste', exact: true });
    assert.deepEqual(await own.getByRole('link').allTextContents(), [
      'Mängel melden',
      'Osterfeuer anmelden',
    ]);
    const county = page.getByRole('region', {
      name: 'Online-Dienste vom Landkreis Emsland für alle Gemeinden',
    });
    assert.deepEqual(await county.getByRole('link').allTextContents(), ['Sperrmüll anmelden']);
    await expectAccessible(page, 'portal-soegel-services');
    await follow(page, own.getByRole('link', { name: 'Osterfeuer anmelden' }));
    assert.match(location(page), OSTERFEUER_PAGE);
    assert.match(await shown(h1(page)), /Osterfeuer/);
    await expectAccessible(page, 'service-osterfeuer');
  });

  await t.test('start page → search "Osterfeuer" with the button → the result', async () => {
    await startPage();
    await page.getByLabel('Was möchten Sie erledigen?').fill('Osterfeuer');
    await follow(page, page.getByRole('button', { name: 'Leistungen suchen' }));
    assert.equal(location(page), '/leistungen/suche?q=Osterfeuer');
    await expectAccessible(page, 'service-search-osterfeuer');
    const result = page
      .getByRole('main')
      .getByRole('link', { name: /Osterfeuer/ })
      .first();
    await follow(page, result);
    assert.match(location(page), OSTERFEUER_PAGE);
    assert.match(await shown(h1(page)), /Osterfeuer/);
  });

  await t.test(
    'header "Leistungen" → the catalogue → its online services → Osterfeuer',
    async () => {
      await startPage();
      await follow(page, header().getByRole('link', { name: 'Leistungen', exact: true }));
      assert.equal(location(page), '/leistungen');
      await expectAccessible(page, 'catalogue-home');
      await follow(page, page.getByRole('main').getByRole('link', { name: 'Osterfeuer anmelden' }));
      assert.match(location(page), OSTERFEUER_PAGE);
    },
  );

  await t.test('start page → a frequently used online service → its page', async () => {
    await startPage();
    const popular = page.getByRole('region', { name: 'Häufig genutzte Online-Dienste' });
    await follow(page, popular.getByRole('link', { name: 'Osterfeuer anmelden' }));
    assert.match(location(page), OSTERFEUER_PAGE);
  });
}

async function journey(t: TestContext, page: Page) {
  await t.test('the start page introduces the Verbund and offers the finder', async () => {
    const response = await page.goto('/');
    assert.equal(response?.status(), 200);
    assert.equal(await shown(h1(page)), 'Online-Verwaltung im Portalverbund Landkreis Emsland');
    assert.match(await page.title(), /^Startseite – /);
    assert.equal(await page.locator('html').getAttribute('lang'), 'de');
    assert.ok(await page.getByRole('link', { name: 'Stadt Meppen' }).isVisible());
    assert.ok(await page.getByRole('heading', { name: 'Wo wohnen Sie?' }).isVisible());
    await expectAccessible(page, 'start');
  });

  await t.test('a postcode leads straight to the responsible authority', async () => {
    await submitFinder(page, '49716');
    assert.equal(location(page), '/meppen?gemeinde=03454035');
    assert.equal(await shown(h1(page)), 'Stadt Meppen');
    assert.equal(
      await shown(page.getByRole('status')),
      'Für Ihre Gemeinde Meppen ist die Stadt Meppen zuständig.',
    );
    assert.match(await text(page), /Die Stadt Meppen bietet ihre Online-Dienste/);
    await expectAccessible(page, 'portal-meppen');
  });

  await t.test(
    'a name with several matches lists them; choosing one opens its portal',
    async () => {
      await page.getByRole('link', { name: 'Zurück zur Übersicht' }).click();
      await page.waitForURL('/');
      await submitFinder(page, 'le');
      assert.equal(location(page), '/finden?q=le');
      assert.equal(await shown(h1(page)), 'Suchergebnis für „le“');
      assert.equal(await page.getByLabel(FINDER.de.label).inputValue(), 'le');
      const choices = page.getByRole('main').getByRole('listitem');
      assert.deepEqual(await choices.allTextContents(), [
        'Lehe: zuständig ist Samtgemeinde Dörpen',
        'Lengerich: zuständig ist Samtgemeinde Lengerich',
      ]);
      await expectAccessible(page, 'finder-choices');

      await page.getByRole('link', { name: 'Lehe: zuständig ist Samtgemeinde Dörpen' }).click();
      await page.waitForURL('/samtgemeinde-doerpen?gemeinde=03454030');
      assert.equal(await shown(h1(page)), 'Samtgemeinde Dörpen');
      assert.equal(
        await shown(page.getByRole('status')),
        'Für Ihre Gemeinde Lehe ist die Samtgemeinde Dörpen zuständig.',
      );
      const members = page.getByRole('region', { name: 'Mitgliedsgemeinden' });
      assert.ok((await members.getByRole('listitem').allTextContents()).includes('Lehe'));
      await expectAccessible(page, 'portal-doerpen');
    },
  );

  await t.test('malformed input shows an error summary that leads to the field', async () => {
    await page.goto('/');
    const field = page.getByLabel(FINDER.de.label);
    await field.fill('49a');
    const [response] = await Promise.all([
      page.waitForResponse((r) => new URL(r.url()).pathname === '/finden'),
      field.press('Enter'),
    ]);
    await page.waitForURL('/finden?q=49a');
    assert.equal(response.status(), 400);
    assert.match(await page.title(), /^Es gibt ein Problem: Zuständige Verwaltung finden/);

    const summary = page.getByRole('alert');
    assert.equal(await shown(summary.getByRole('heading')), 'Es gibt ein Problem');
    const message = 'Eine Postleitzahl besteht aus genau fünf Ziffern';
    const link = summary.getByRole('link', { name: new RegExp(message) });
    assert.equal(await link.getAttribute('href'), '#q');
    // The summary can take focus (tabindex -1), so it can be moved to and read first.
    await summary.focus();
    assert.equal(await summary.and(focused(page)).count(), 1);
    // The field keeps what was typed, says what is wrong, and is marked invalid.
    assert.equal(await field.inputValue(), '49a');
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    assert.match(await shown(page.locator('#q-error')), new RegExp(message));
    await expectAccessible(page, 'finder-error');

    await link.click();
    await page.waitForURL('/finden?q=49a#q');
    // Following the link puts the cursor into the field.
    assert.equal(await focused(page).getAttribute('id'), 'q');
  });

  await t.test('an unknown address shows the 404 page with a way home', async () => {
    const response = await page.goto('/gibt-es-nicht');
    assert.equal(response?.status(), 404);
    assert.equal(await shown(h1(page)), 'Seite nicht gefunden');
    assert.match(await text(page), /Die Adresse \/gibt-es-nicht gibt es in diesem Portal nicht/);
    await expectAccessible(page, 'not-found');
    await page.getByRole('link', { name: 'Zur Startseite' }).click();
    await page.waitForURL('/');
    assert.equal(await shown(h1(page)), 'Online-Verwaltung im Portalverbund Landkreis Emsland');
  });

  await t.test(
    'the footer leads to imprint, privacy notice and accessibility statement',
    async () => {
      const pages = [
        ['Impressum', '/impressum', 'Impressum', /Anbieter dieses Portals.*Landkreis Emsland/],
        ['Datenschutz', '/datenschutz', 'Datenschutzerklärung', /Verantwortliche Stelle/],
        ['Barrierefreiheit', '/barrierefreiheit', 'Erklärung zur Barrierefreiheit', /BITV 2\.0/],
      ] as const;
      for (const [linkText, path, heading, content] of pages) {
        await footer(page).getByRole('link', { name: linkText }).click();
        await page.waitForURL(path);
        assert.equal(await shown(h1(page)), heading);
        assert.match(await text(page), content);
        await expectAccessible(page, path.slice(1));
      }
    },
  );

  await t.test('English can be chosen and stays chosen', async () => {
    await page.goto('/impressum');
    await page
      .getByRole('navigation', { name: 'Sprache' })
      .getByRole('link', { name: 'English' })
      .click();
    await page.waitForURL('/impressum');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    assert.equal(await shown(h1(page)), 'Legal notice');
    await expectAccessible(page, 'imprint-en');

    // Another page, loaded afresh: still English.
    await page.goto('/');
    assert.equal(
      await shown(h1(page)),
      'Online administration in the Portalverbund Landkreis Emsland',
    );
    assert.ok(await page.getByRole('link', { name: 'Deutsch' }).isVisible());
    await submitFinder(page, '49716', 'en');
    assert.equal(location(page), '/meppen?gemeinde=03454035');
    assert.equal(await shown(h1(page)), 'Stadt Meppen');
    assert.equal(
      await shown(page.getByRole('status')),
      'Stadt Meppen is responsible for your municipality Meppen.',
    );
    assert.ok(await footer(page, 'en').getByRole('link', { name: 'Legal notice' }).isVisible());
    await expectAccessible(page, 'portal-meppen-en');
  });
}
