import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO_STAFF } from '../backoffice/demo.ts';
import { codeFor } from '../backoffice/testing.ts';
import { DEMO_CITIZEN, seedDemoData } from '../demo/seed.ts';
import { demoCitizenId, seedDemoCases } from './demo-cases.ts';
import { browserFor, startTestApp } from './testing.ts';

test('the demo clerk of Sögel finds applications in four states; the citizen has the decision', async (t) => {
  const { app, database, keyring, services } = await startTestApp(t);
  await seedDemoData(database.owner, new Date(), keyring);
  const erika = await demoCitizenId(database.owner);
  assert.equal(await seedDemoCases(services, erika), 4);
  assert.equal(await seedDemoCases(services, erika), 0, 'seeding again adds nothing');

  const clerk = DEMO_STAFF.find((s) => s.authority === 'samtgemeinde-soegel' && s.role === 'clerk');
  assert.ok(clerk, 'the demo has a clerk in Sögel');
  const browser = browserFor(app);
  await browser.get('/verwaltung/anmelden');
  await browser.post('/verwaltung/anmelden', { email: clerk.email, password: clerk.password });
  await browser.get('/verwaltung/anmelden/code');
  await browser.post('/verwaltung/anmelden/code', { code: await codeFor(clerk.totpSecret) });
  const inbox = await browser.get('/verwaltung');
  for (const count of [
    'Eingereicht \\(1\\)',
    'In Bearbeitung \\(1\\)',
    'Mitwirkung angefordert \\(1\\)',
    'Abgeschlossen \\(1\\)',
  ]) {
    assert.match(inbox.body, new RegExp(count));
  }
  const first = /href="(\/verwaltung\/antraege\/[0-9a-f-]{36})"/.exec(inbox.body)?.[1];
  assert.ok(first, 'an application to open');
  assert.match(
    (await browser.get(first)).body,
    /Anmeldung beim Absenden<\/dt><dd[^>]*>Bürgerkonto, Vertrauensniveau „basis“</,
  );

  const citizen = browserFor(app);
  await citizen.signIn(DEMO_CITIZEN.email, DEMO_CITIZEN.password);
  const list = await citizen.get('/antraege');
  assert.match(list.body, /Abgeschlossen/, 'Meine Anträge lists a completed application');
  const ids = [...list.body.matchAll(/href="(\/antraege\/[0-9a-f-]{36})"/g)].map((m) => m[1]);
  let decisions = 0;
  for (const href of ids) {
    const page = await citizen.get(href ?? '');
    if (/Bescheid herunterladen \(PDF\)/.test(page.body)) decisions++;
  }
  assert.equal(decisions, 1, 'one decision to download');
});
