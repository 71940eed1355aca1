// Confirmed answers travel with the application (issue 13, item 4): what BundID confirmed and
// the citizen sent unchanged is marked for the clerk beside the answer and for every receiving
// system in the application record; an answer the citizen changed (she applies for someone
// else) is not. Real SAML sign-in with the test IdP; the receivers' record read as the worker
// reads it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signedInCitizen, startTestApp } from '../app/testing.ts';
import { signedInStaff } from '../backoffice/testing.ts';
import { seedCatalogDemo } from '../catalog/seed.ts';
import { applicationRecord } from '../delivery/deliverable.ts';
import { START, sendOsterfeuer } from '../drafts/testing.ts';
import { DEMO_PERSONA } from '../identity/test-idp/idp.ts';
import { connectTestIdp, signInWithBundId, testIdentityConfig } from '../identity/testing.ts';

const SOEGEL = '03454047';

test('answers BundID confirmed are marked for the clerk and the receivers; changed ones are not', async (t) => {
  const started = await startTestApp(t, 'test', { identity: testIdentityConfig() });
  const { app, smtp, database, verbundId, services } = started;
  const idp = await connectTestIdp(database.owner, verbundId);
  await seedCatalogDemo(database.owner, verbundId);
  const email = 'erika.mustermann@example.org';
  const browser = await signedInCitizen(app, smtp, email);
  const arrival = await signInWithBundId(browser, idp, { ...DEMO_PERSONA, email }, 3);
  assert.equal(arrival.headers.location, '/konto/nutzerkonto/neu');
  await browser.get('/konto/nutzerkonto/verknuepfen');
  assert.equal((await browser.post('/konto/nutzerkonto/verknuepfen', {})).statusCode, 303);

  // The organiser step comes prefilled with what BundID confirmed; she keeps her given name
  // and address and enters another family name (her married name, say).
  const id = await sendOsterfeuer(browser, {
    start: `${START}?gemeinde=${SOEGEL}`,
    organiser: {
      organiserKind: 'person',
      givenName: 'Erika',
      familyName: 'Musterfrau',
      'organiserAddress-street': 'Heidestraße',
      'organiserAddress-houseNumber': '17',
      'organiserAddress-postcode': '49716',
      'organiserAddress-place': 'Meppen',
      organiserPhone: '05931 12345',
      organiserEmail: email,
    },
  });

  // The clerk sees the mark in words beside the answer, and only there.
  const clerk = await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'sachbearbeitung@soegel.example',
  });
  const detail = await clerk.browser.get(`/verwaltung/antraege/${id}`);
  assert.equal(detail.statusCode, 200);
  const answer = (label: string) =>
    new RegExp(`>${label}</dt><dd[^>]*>(.*?)</dd>`, 's').exec(detail.body)?.[1] ?? '';
  const MARK = 'Bestätigt über BundID \\(beim Absenden unverändert\\)';
  assert.match(answer('Vorname'), new RegExp(`^Erika<br><span[^>]*>${MARK}</span>$`));
  assert.match(
    answer('Ihre Anschrift'),
    new RegExp(`^Heidestraße 17<br>49716 Meppen<br><span[^>]*>${MARK}<`),
  );
  assert.equal(answer('Familienname'), 'Musterfrau', 'changed: no mark');
  assert.doesNotMatch(answer('Telefonnummer'), /Bestätigt/, 'BundID does not confirm phones');

  // Every receiving system gets the same marks in the application record.
  const record = applicationRecord(await services.applications.deliverable(id));
  assert.deepEqual(record.confirmed, { givenName: 'BundID', organiserAddress: 'BundID' });
  assert.equal(record.signedInAt, 'substantial');
});

test('an application sent with a password alone carries no confirmed answers', async (t) => {
  const started = await startTestApp(t, 'test', { identity: testIdentityConfig() });
  const { app, smtp, database, verbundId, services } = started;
  await connectTestIdp(database.owner, verbundId);
  await seedCatalogDemo(database.owner, verbundId);
  const browser = await signedInCitizen(app, smtp, 'hanna@example.org');
  const id = await sendOsterfeuer(browser, { start: `${START}?gemeinde=${SOEGEL}` });
  const record = applicationRecord(await services.applications.deliverable(id));
  assert.deepEqual(record.confirmed, {});
});
