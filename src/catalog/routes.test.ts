import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signedInCitizen, startTestApp } from '../app/testing.ts';
import { seedCatalogDemo } from './seed.ts';

type Cleanup = Parameters<typeof startTestApp>[0];

async function start(t: Cleanup) {
  const started = await startTestApp(t);
  await seedCatalogDemo(started.database.owner, started.verbundId);
  return started;
}

const get = (app: Awaited<ReturnType<typeof start>>['app'], url: string, lang?: 'en') =>
  app.inject({ url, cookies: lang ? { lang } : {} });

test('catalogue pages: start, search, Themenfeld, Lebenslage and service, in German and English', async (t) => {
  const { app } = await start(t);

  const home = await get(app, '/leistungen');
  assert.equal(home.statusCode, 200);
  assert.equal(home.body.match(/href="\/leistungen\/themen\/\d+"/g)?.length, 14);
  assert.match(
    home.body,
    /<a class="kern-link" href="\/leistungen\/99063010000000">Osterfeuer anmelden<\/a>/,
  );
  assert.match(home.body, /action="\/leistungen\/suche"/);

  const search = await get(app, '/leistungen/suche?q=Osterfeuer');
  assert.equal(search.statusCode, 200);
  const first =
    /<ol class="kern-list search-results"[^>]*><li><a class="kern-link" href="([^"]+)">([^<]+)<\/a>/.exec(
      search.body,
    );
  assert.deepEqual([first?.[1], first?.[2]], ['/leistungen/99063010000000', 'Osterfeuer']);
  assert.match(search.body, /Suchergebnis für „Osterfeuer“/);

  const umlauts = await get(app, '/leistungen/suche?q=Sperrmuell');
  assert.match(umlauts.body, /href="\/leistungen\/99001009000000">Sperrmüll</);

  const subject = await get(app, '/leistungen/themen/5');
  assert.equal(subject.statusCode, 200);
  assert.match(subject.body, /<h1 class="kern-heading-x-large">Engagement &amp; Hobby<\/h1>/);
  assert.match(subject.body, /href="\/leistungen\/lebenslagen\/51#ozg-10147">Osterfeuer</);

  const situation = await get(app, '/leistungen/lebenslagen/51');
  assert.equal(situation.statusCode, 200);
  assert.match(situation.body, /<h2 class="kern-heading-medium" id="ozg-10147">Osterfeuer<\/h2>/);
  assert.match(
    situation.body,
    /href="\/leistungen\/99063010000000">Osterfeuer<\/a> <span class="kern-badge/,
  );

  const service = await get(app, '/leistungen/99063010000000');
  assert.equal(service.statusCode, 200);
  assert.match(service.body, /<h1 class="kern-heading-x-large">Osterfeuer anmelden<\/h1>/);
  assert.match(service.body, /Wählen Sie Ihre Gemeinde/);
  assert.equal(service.body.match(/<option value="\d{8}"/g)?.length, 60);
  assert.match(service.body, /OZG-ID 10147/);

  const english = await get(app, '/leistungen/99063010000000?gemeinde=03454005', 'en');
  assert.match(english.body, /<html lang="en"/);
  assert.match(english.body, /Samtgemeinde Sögel is responsible for Börger\./);
  assert.match(english.body, />Apply online</);
  assert.match((await get(app, '/leistungen', 'en')).body, /Already online/);
});

test('the service page names the responsible authority and offers the form where it is online', async (t) => {
  const { app } = await start(t);
  // Börger is a member of Samtgemeinde Sögel, which offers Osterfeuer online.
  const soegel = await get(app, '/leistungen/99063010000000?gemeinde=03454005');
  assert.equal(soegel.statusCode, 200);
  assert.match(soegel.body, /Für Börger ist die Samtgemeinde Sögel zuständig\./);
  assert.match(
    soegel.body,
    /Sie können diese Leistung bei der Samtgemeinde Sögel online beantragen\./,
  );
  assert.match(
    soegel.body,
    /<a class="kern-btn kern-btn--primary" href="\/leistungen\/99063010000000\/antrag\?gemeinde=03454005">/,
  );
  assert.match(soegel.body, /Ordnungsamt/);
  assert.match(soegel.body, /<option value="03454005" selected>Börger<\/option>/);

  // Dörpen's Samtgemeinde has not activated it: said plainly, with how to apply instead.
  const doerpen = await get(app, '/leistungen/99063010000000?gemeinde=03454008');
  assert.match(doerpen.body, /Für Dörpen ist die Samtgemeinde Dörpen zuständig\./);
  assert.match(
    doerpen.body,
    /Bei der Samtgemeinde Dörpen ist diese Leistung noch nicht online verfügbar\./,
  );
  assert.match(doerpen.body, /So beantragen Sie sie bis dahin/);
  assert.match(doerpen.body, /href="\/samtgemeinde-doerpen"/);
  assert.doesNotMatch(doerpen.body, /\/antrag"/);

  // A county service: the county, for everyone, without choosing a place.
  const sperrmuell = await get(app, '/leistungen/99001009004002');
  assert.match(
    sperrmuell.body,
    /Zuständig ist der Landkreis Emsland, für alle Städte und Gemeinden/,
  );
  assert.match(sperrmuell.body, /beim Landkreis Emsland online beantragen/);
  assert.match(sperrmuell.body, /href="\/leistungen\/99001009004002\/antrag"/);
  assert.doesNotMatch(sperrmuell.body, /<select/);

  // Trust level of the Verbund is shown with the form link.
  const melde = await get(app, '/leistungen/99115003012000?gemeinde=03454032');
  assert.match(
    melde.body,
    /Vertrauensniveau „substantiell“ – Anmeldung mit BundID \(Online-Ausweis\)/,
  );

  // Not offered online in the Verbund at all.
  const other = await get(app, '/leistungen/99110009104000');
  assert.match(
    other.body,
    /Für diese Leistung gibt es im Portalverbund Landkreis Emsland noch keinen Online-Antrag\./,
  );
  assert.match(other.body, /href="\/finden"/);

  // The form link leads to the form, after signing in (src/drafts/drafts.test.ts goes on).
  const form = await get(app, '/leistungen/99063010000000/antrag?gemeinde=03454005');
  assert.equal(form.statusCode, 303);
  assert.match(String(form.headers.location), /^\/konto\/anmelden\?weiter=/);
});

test('the signed-in citizen’s municipality from the profile decides, privately', async (t) => {
  const { app, smtp, database } = await start(t);
  const browser = await signedInCitizen(app, smtp, 'buerger@example.org');
  const account = await database.owner
    .selectFrom('account')
    .select(['id', 'verbund_id'])
    .where('email', '=', 'buerger@example.org')
    .executeTakeFirstOrThrow();
  const lathen = await database.owner
    .selectFrom('municipality')
    .select(['id'])
    .where('name', '=', 'Sustrum')
    .executeTakeFirstOrThrow();
  await database.owner
    .insertInto('account_profile')
    .values({
      verbund_id: account.verbund_id,
      account_id: account.id,
      version: 1,
      given_name: null,
      family_name: null,
      birth_date: null,
      street: null,
      house_number: null,
      postcode: null,
      municipality_id: lathen.id,
      phone: null,
    })
    .execute();
  const page = await browser.get('/leistungen/99063010000000');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Für Sustrum ist die Samtgemeinde Lathen zuständig\./);
  assert.match(page.body, /Gemeinde aus Ihrem Konto/);
  assert.equal(page.headers['cache-control'], 'private, no-store');
  const chosen = await browser.get('/leistungen/99063010000000?gemeinde=03454032');
  assert.match(chosen.body, /Für Lingen \(Ems\) ist die Stadt Lingen \(Ems\) zuständig\./);
});

test('bad input gets a clear page, never a server error', async (t) => {
  const { app } = await start(t);
  const status = async (url: string) => (await get(app, url)).statusCode;

  for (const [url, message] of [
    ['/leistungen/suche?q=', 'Geben Sie einen Suchbegriff ein'],
    ['/leistungen/suche', 'Geben Sie einen Suchbegriff ein'],
    [`/leistungen/suche?q=${'x'.repeat(101)}`, 'Ihr Suchbegriff ist zu lang'],
    ['/leistungen/suche?q=%26%20%7C%20!', 'mindestens zwei Buchstaben'],
  ] as const) {
    const res = await get(app, url);
    assert.equal(res.statusCode, 400, url);
    assert.match(res.body, /class="kern-alert kern-alert--danger error-summary" role="alert"/, url);
    assert.match(res.body, /<a class="kern-link" href="#q">/, url);
    assert.match(res.body, new RegExp(message), url);
    assert.match(res.body, /aria-invalid="true"/, url);
  }

  // Query syntax and markup are words or text, escaped wherever they are shown.
  for (const q of [
    'foo & | !(',
    "x' or 1=1 --",
    'osterfeuer:* | !hund',
    '<script>alert(1)</script>',
  ]) {
    const res = await get(app, `/leistungen/suche?q=${encodeURIComponent(q)}`);
    assert.equal(res.statusCode, 200, q);
    assert.doesNotMatch(res.body, /<script>/, q);
  }
  const markup = await get(app, `/leistungen/suche?q=${encodeURIComponent('<b>Osterfeuer</b>')}`);
  assert.match(markup.body, /Suchergebnis für „&lt;b&gt;Osterfeuer&lt;\/b&gt;“/);
  assert.match(markup.body, /value="&lt;b&gt;Osterfeuer&lt;\/b&gt;"/);

  // Tampered parameters.
  assert.equal(await status('/leistungen/suche?q=a&q=b'), 400);
  assert.equal(await status('/leistungen/suche?q=Osterfeuer&seite=99'), 404);
  assert.equal(await status('/leistungen/suche?q=Osterfeuer&seite=abc'), 404);
  assert.equal(await status('/leistungen/suche?q=Osterfeuer&seite=2'), 404);
  const second = await get(app, '/leistungen/suche?q=Stra%C3%9Fe&seite=2');
  assert.equal(second.statusCode, 200);
  assert.match(second.body, /rel="prev" href="\/leistungen\/suche\?q=Stra%C3%9Fe"/);

  for (const url of [
    '/leistungen/themen/999',
    '/leistungen/themen/abc',
    '/leistungen/lebenslagen/64',
    '/leistungen/123',
    '/leistungen/99999999999999',
    `/leistungen/${encodeURIComponent("1' or '1'='1")}`,
    '/leistungen/eintrag/0',
  ]) {
    assert.equal(await status(url), 404, url);
  }
  const unknownPlace = await get(app, '/leistungen/99063010000000?gemeinde=09162000');
  assert.equal(unknownPlace.statusCode, 400);
  assert.match(
    unknownPlace.body,
    /<a class="kern-link" href="#gemeinde">Wählen Sie Ihre Gemeinde aus der Liste\.<\/a>/,
  );
  const scriptPlace = await get(app, '/leistungen/99063010000000?gemeinde=%3Cscript%3E');
  assert.equal(scriptPlace.statusCode, 400);
  assert.doesNotMatch(scriptPlace.body, /<script>/);
  assert.equal(await status(`/leistungen/99063010000000?gemeinde=${'1'.repeat(30)}`), 400);

  // Entries without a LeiKa key live under their catalogue id; those with one redirect.
  const noKey = await get(app, '/leistungen/eintrag/3424');
  assert.equal(noKey.statusCode, 200);
  assert.match(noKey.body, /Mängelmelder/);
  assert.match(noKey.body, /nicht im LeiKa/);
  const redirect = await get(app, '/leistungen/eintrag/3661');
  assert.equal(redirect.statusCode, 301);
  assert.equal(redirect.headers.location, '/leistungen/99063010000000');
});
