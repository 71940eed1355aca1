// The service catalogue reached by clicking: the start page has the service search and the
// online services, each authority's front what it offers (and what the county offers for
// all), the header a link to the services. Without JavaScript: plain links and a GET form.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildPortal } from '../app/app.ts';
import { testConfig, testKeyring } from '../app/testing.ts';
import { createTestDatabase } from '../db/testing.ts';
import { startApp } from '../drafts/testing.ts';
import { startSmtp } from '../mail/testing.ts';
import { seedDemo } from '../tenancy/seed.ts';
import { seedCatalogDemo } from './seed.ts';

const OSTERFEUER = '/leistungen/99063010000000';

/** The section that a heading with this text opens, up to the next section. */
function section(body: string, heading: string): string {
  const at = body.indexOf(`>${heading}</h2>`);
  assert.ok(at !== -1, `a section "${heading}"`);
  const end = body.indexOf('</section>', at);
  return body.slice(at, end === -1 ? undefined : end);
}

const links = (html: string) =>
  [...html.matchAll(/<a class="kern-link" href="([^"]+)">([^<]+)<\/a>/g)].map(
    ([, href, text]) => `${text} → ${href}`,
  );

test('the start page searches services and lists the online services; the header links them', async (t) => {
  const { app } = await startApp(t);
  const start = await app.inject('/');
  assert.equal(start.statusCode, 200);
  const body = start.body;
  // The header, on every page.
  assert.match(
    body,
    /<header[\s\S]*<a class="kern-link" href="\/leistungen">Leistungen<\/a>[\s\S]*<\/header>/,
  );
  // The search: a GET form with a labelled field and a button, its own ids beside the finder.
  const form = body.slice(body.indexOf('action="/leistungen/suche"') - 60);
  assert.match(
    form,
    /^[\s\S]*?<form class="finder section" method="get" action="\/leistungen\/suche" role="search"/,
  );
  assert.match(
    form,
    /<label class="kern-label" for="service-q">Was möchten Sie erledigen\?<\/label>/,
  );
  assert.match(form, /<input [^>]*id="service-q" name="q" type="search"/);
  assert.match(
    form,
    /<button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">Leistungen suchen<\/span><\/button>/,
  );
  assert.equal(body.match(/ id="q"/g)?.length, 1, 'the finder keeps id q, once');
  const popular = links(section(body, 'Häufig genutzte Online-Dienste'));
  assert.ok(popular.includes(`Osterfeuer anmelden → ${OSTERFEUER}`), popular.join('\n'));
  assert.ok(popular.includes('Alle Leistungen und Online-Dienste → /leistungen'));

  // In English too.
  const en = await app.inject({ url: '/', cookies: { lang: 'en' } });
  assert.match(en.body, /href="\/leistungen">Services<\/a>/);
  assert.match(en.body, />Frequently used online services<\/h2>/);
  assert.match(en.body, /<span class="kern-label">Search services<\/span>/);

  // The search it sends to finds Osterfeuer.
  const found = await app.inject('/leistungen/suche?q=Osterfeuer');
  assert.equal(found.statusCode, 200);
  assert.match(found.body, new RegExp(`href="${OSTERFEUER}[^"]*"`));
});

test('each front lists its own online services and the county’s for all municipalities', async (t) => {
  const { app } = await startApp(t);
  const soegel = await app.inject('/samtgemeinde-soegel');
  assert.equal(soegel.statusCode, 200);
  assert.deepEqual(links(section(soegel.body, 'Online-Dienste')), [
    `Mängel melden → /leistungen/99089014014000`,
    `Osterfeuer anmelden → ${OSTERFEUER}`,
  ]);
  assert.match(
    section(soegel.body, 'Online-Dienste'),
    /Diese Leistungen bietet Samtgemeinde Sögel online an:/,
  );
  const county = section(soegel.body, 'Online-Dienste vom Landkreis Emsland für alle Gemeinden');
  assert.deepEqual(
    links(county).map((l) => l.split(' → ')[0]),
    ['Sperrmüll anmelden'],
  );
  assert.match(soegel.body, /action="\/leistungen\/suche"/);

  // Lingen is one municipality: the service page is opened for it directly.
  const lingen = await app.inject('/lingen-ems');
  const own = links(section(lingen.body, 'Online-Dienste'));
  assert.ok(
    own.some((l) => l.startsWith('Osterfeuer anmelden → /leistungen/99063010000000?gemeinde=')),
    own.join('\n'),
  );
  const page = await app.inject(own.find((l) => l.startsWith('Osterfeuer'))?.split(' → ')[1] ?? '');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Osterfeuer/);

  // An authority without online services of its own says so; the county's still show.
  const haren = await app.inject('/haren-ems');
  assert.match(
    section(haren.body, 'Online-Dienste'),
    /bietet noch keine eigenen Online-Dienste an/,
  );
  assert.match(haren.body, />Online-Dienste vom Landkreis Emsland für alle Gemeinden<\/h2>/);

  // The county's own front lists its services once, not again as "for all municipalities".
  const emsland = await app.inject('/landkreis-emsland');
  assert.deepEqual(
    links(section(emsland.body, 'Online-Dienste')).map((l) => l.split(' → ')[0]),
    ['Sperrmüll anmelden'],
  );
  assert.doesNotMatch(emsland.body, /für alle Gemeinden<\/h2>/);
});

test('the start page and the fronts with their service lists cost no query per request', async (t) => {
  // Counted by Kysely's log hook on the portal's own connection (PGlite or the runtime role).
  let queries = 0;
  const database = await createTestDatabase(t, {
    log: (event) => {
      if (event.level === 'query') queries += 1;
    },
  });
  const { verbundId } = await seedDemo(database.owner);
  await seedCatalogDemo(database.owner, verbundId);
  const smtp = await startSmtp(t);
  const { app } = await buildPortal({
    config: testConfig(testKeyring()),
    database,
    mailer: smtp.mailer,
  });
  t.after(() => app.close());
  const pages = ['/', '/samtgemeinde-soegel', '/lingen-ems', '/landkreis-emsland'];
  for (const url of pages) assert.equal((await app.inject(url)).statusCode, 200, url);
  const warm = queries;
  const started = Date.now();
  for (let round = 0; round < 10; round++) {
    for (const url of pages) {
      const res = await app.inject(url);
      assert.match(res.body, /Leistungen suchen/, url);
    }
  }
  // Only the per-process reloads every 10 s (directory and service lists, a few queries each)
  // may fall into the loop on a slow machine; none is per request.
  const reloads = Math.floor((Date.now() - started) / 10_000);
  const made = queries - warm;
  assert.ok(
    made <= reloads * 8,
    `${made} queries for ${10 * pages.length} pages in ${reloads * 10}+ s`,
  );
});
