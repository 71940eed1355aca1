import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signedInCitizen, startTestApp } from '../app/testing.ts';
import { seedCatalogDemo } from '../catalog/seed.ts';
import { START, startDraft, stepUrl } from '../drafts/testing.ts';
import { DEMO_PERSONA, type TestPersona } from './test-idp/idp.ts';
import { connectTestIdp, signInWithBundId as signIn, testIdentityConfig } from './testing.ts';

// Verified attributes (issue 13, item 4): what BundID delivered at substantial (each attribute
// at its own akdb:TrustLevel) shows in "Meine Daten" as "Bestätigt über BundID", read-only; the server refuses a changed value by hand
// (422 with a German message, no new profile version); signing in again refreshes it.

test('attributes confirmed at substantial are marked, locked and refreshed by the next sign-in', async (t) => {
  const { app, smtp, database, verbundId } = await startTestApp(t, 'test', {
    identity: testIdentityConfig(),
  });
  const idp = await connectTestIdp(database.owner, verbundId);
  await seedCatalogDemo(database.owner, verbundId);
  const email = 'erika.mustermann@example.org';
  const browser = await signedInCitizen(app, smtp, email);

  const signInWithBundId = (persona: TestPersona, level: number) =>
    signIn(browser, idp, persona, level);
  const versions = async () =>
    (await database.owner.selectFrom('account_profile').select('id').execute()).length;

  // The first BundID sign-in: she links her password account.
  const persona = { ...DEMO_PERSONA, email };
  const arrival = await signInWithBundId(persona, 3);
  assert.equal(arrival.headers.location, '/konto/nutzerkonto/neu');
  await browser.get('/konto/nutzerkonto/verknuepfen');
  assert.equal((await browser.post('/konto/nutzerkonto/verknuepfen', {})).statusCode, 303);

  const profile = await browser.get('/konto/profil');
  assert.equal(profile.statusCode, 200);
  assert.match(profile.body, /Bestätigt über BundID/);
  assert.match(
    profile.body,
    /id="givenName" name="givenName" type="text"\s+value="Erika"[^>]* readonly/,
  );
  assert.match(profile.body, /id="familyName"[^>]*value="Mustermann"[^>]* readonly/);
  assert.match(profile.body, /id="birthYear"[^>]*value="1964"[^>]* readonly/);
  // The address as the profile keeps it: street and house number apart, the place as the
  // Verbund's municipality (Meppen, 49716), the only option of its select.
  assert.match(profile.body, /id="street"[^>]*value="Heidestraße"[^>]* readonly/);
  assert.match(profile.body, /id="houseNumber"[^>]*value="17"[^>]* readonly/);
  assert.match(profile.body, /id="postcode"[^>]*value="49716"[^>]* readonly/);
  assert.match(profile.body, /id="municipalityId-verified">Bestätigt über BundID/);
  const places = [...profile.body.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)];
  assert.deepEqual(
    places.filter((o) => /Meppen|Sögel|Lingen|wählen/i.test(o[2] ?? '')).map((o) => o[2]),
    ['Meppen'],
  );
  const meppen = places.find((o) => o[2] === 'Meppen')?.[1] ?? '';
  // Not confirmed by anyone: still the citizen's to edit.
  assert.doesNotMatch(profile.body, /id="phone"[^>]* readonly/);

  const form = {
    givenName: 'Erika',
    familyName: 'Mustermann',
    birthDay: '12',
    birthMonth: '8',
    birthYear: '1964',
    street: 'Heidestraße',
    houseNumber: '17',
    postcode: '49716',
    municipalityId: meppen,
    phone: '05931 12345',
    language: 'de',
  };
  const before = await versions();
  // The server refuses a changed confirmed value, whatever the page allowed.
  const changed = await browser.post('/konto/profil', { ...form, givenName: 'Erna' });
  assert.equal(changed.statusCode, 422);
  assert.match(changed.body, /Diese Angabe ist bestätigt und kann hier nicht geändert werden/);
  const birth = await browser.post('/konto/profil', { ...form, birthYear: '1965' });
  assert.equal(birth.statusCode, 422);
  assert.match(birth.body, /Diese Angabe ist bestätigt/);
  const moved = await browser.post('/konto/profil', { ...form, houseNumber: '19' });
  assert.equal(moved.statusCode, 422);
  assert.match(moved.body, /Diese Angabe ist bestätigt/);
  assert.equal(await versions(), before, 'nothing was written');

  // The confirmed values unchanged with a new phone number: saved.
  const saved = await browser.post('/konto/profil', form);
  assert.equal(saved.statusCode, 303);
  assert.equal(await versions(), before + 1);

  // Signing in again refreshes what is confirmed.
  const again = await signInWithBundId({ ...persona, familyName: 'Musterfrau' }, 3);
  assert.equal(again.statusCode, 303);
  const refreshed = await browser.get('/konto/profil');
  assert.match(refreshed.body, /id="familyName"[^>]*value="Musterfrau"[^>]* readonly/);
  assert.match(refreshed.body, /id="phone"[^>]*value="05931 12345"/);

  // A form prefilled from the account takes what BundID confirmed (the newest sign-in's name)
  // and marks it: the Osterfeuer in Sögel asks for the organiser's name.
  const { id: draftId, step } = await startDraft(browser, `${START}?gemeinde=03454047`);
  const page = await browser.get(stepUrl(draftId, step));
  assert.equal(page.statusCode, 200);
  const confirmedHint = (field: string) =>
    new RegExp(
      `id="${field}-confirmed">Bestätigt über BundID: so steht es in Ihrem Bürgerkonto\\.<`,
    );
  assert.match(page.body, confirmedHint('givenName'));
  assert.match(page.body, confirmedHint('familyName'));
  assert.match(page.body, /id="familyName"[^>]*value="Musterfrau"/, 'the refreshed name');
  assert.match(page.body, /aria-describedby="[^"]*givenName-confirmed/, 'read with the field');
  assert.doesNotMatch(page.body, /id="phone-confirmed"/, 'the phone number nobody confirmed');
  assert.match(page.body, confirmedHint('organiserAddress'), 'the confirmed address');
  assert.match(page.body, /value="Heidestraße"/);

  // Each attribute counts at the level BundID gave it: a given name sent as "NORMAL" in a
  // substantial sign-in is no longer confirmed, the surname beside it still is.
  const mixed = await signInWithBundId(
    { ...persona, familyName: 'Musterfrau', attributeLevels: { 'urn:oid:2.5.4.42': 'NORMAL' } },
    3,
  );
  assert.equal(mixed.statusCode, 303);
  const partly = await browser.get('/konto/profil');
  assert.doesNotMatch(partly.body, /id="givenName"[^>]* readonly/);
  assert.match(partly.body, /id="familyName"[^>]*value="Musterfrau"[^>]* readonly/);
});
