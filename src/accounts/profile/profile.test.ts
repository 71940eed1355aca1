import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signedInCitizen, startTestApp } from '../../app/testing.ts';
import { hannasProfile, soegelIn } from '../../drafts/testing.ts';
import { ValidationError } from '../../errors.ts';
import { type ProfileInput, validateProfile } from './service.ts';

const EMPTY: ProfileInput = {
  givenName: '',
  familyName: '',
  birthDay: '',
  birthMonth: '',
  birthYear: '',
  street: '',
  houseNumber: '',
  postcode: '',
  municipalityId: '',
  phone: '',
  language: 'de',
};
const TODAY = new Date('2026-11-29T12:00:00Z');
const SOEGEL = '00000000-0000-4000-8000-000000000001';

function problems(input: Partial<ProfileInput>) {
  try {
    validateProfile({ ...EMPTY, ...input }, new Set([SOEGEL]), TODAY);
    return {};
  } catch (error) {
    assert.ok(error instanceof ValidationError);
    return error.fields;
  }
}

test('an empty profile is fine; an address is all or nothing', () => {
  assert.deepEqual(problems({}), {});
  assert.deepEqual(problems({ street: 'Am Markt' }), {
    houseNumber: 'accounts.profile.error.missing.houseNumber',
    postcode: 'accounts.profile.error.missing.postcode',
    municipalityId: 'accounts.profile.error.missing.municipalityId',
  });
  assert.deepEqual(
    problems({ street: 'Am Markt', houseNumber: '12a', postcode: '49751', municipalityId: SOEGEL }),
    {},
  );
});

test('dates, postcodes, house numbers, phones and foreign municipalities are checked', () => {
  assert.deepEqual(problems({ birthDay: '31', birthMonth: '2', birthYear: '1985' }), {
    birthDay: 'accounts.profile.error.birthDate',
  });
  assert.deepEqual(problems({ birthDay: '1', birthMonth: '1', birthYear: '2030' }), {
    birthDay: 'accounts.profile.error.birthDateFuture',
  });
  assert.deepEqual(problems({ birthDay: 'x', birthMonth: '1', birthYear: '1990' }), {
    birthDay: 'accounts.profile.error.birthDate',
  });
  assert.equal(
    validateProfile(
      { ...EMPTY, birthDay: '7', birthMonth: '03', birthYear: '1985' },
      new Set(),
      TODAY,
    ).fields.birth_date,
    '1985-03-07',
  );
  const bad = problems({
    street: 'A',
    houseNumber: '12; drop',
    postcode: '4971',
    municipalityId: 'other',
    phone: 'call me',
  });
  assert.equal(bad.houseNumber, 'accounts.profile.error.houseNumber');
  assert.equal(bad.postcode, 'accounts.profile.error.postcode');
  assert.equal(bad.municipalityId, 'accounts.profile.error.municipality');
  assert.equal(bad.phone, 'accounts.profile.error.phone');
  assert.equal(
    problems({ givenName: 'x'.repeat(101) }).givenName,
    'accounts.profile.error.tooLong100',
  );
  assert.equal(
    problems({ familyName: '<script>' }).familyName,
    'accounts.profile.error.characters',
  );
  assert.equal(problems({ language: 'fr' }).language, 'accounts.profile.error.language');
});

test('the citizen edits the profile in one place; every change is a new version', async (t) => {
  const { app, smtp, database } = await startTestApp(t);
  const browser = await signedInCitizen(app, smtp, 'hanna@example.org');
  const form = await browser.get('/konto/profil');
  assert.equal(form.statusCode, 200);
  const soegel = soegelIn(form.body);

  const details = hannasProfile(soegel);
  const saved = await browser.post('/konto/profil', details);
  assert.equal(saved.statusCode, 303);
  const shown = await browser.get('/konto/profil?gespeichert=1');
  assert.match(shown.body, /Ihre Daten sind gespeichert/);
  assert.match(shown.body, /value="Hüsing"/);
  assert.match(shown.body, new RegExp(`<option value="${soegel}" selected>Sögel`));
  assert.match(shown.body, /Version 1,/);

  await browser.get('/konto/profil');
  await browser.post('/konto/profil', { ...details, street: 'Clemenswerth', houseNumber: '1' });
  await browser.get('/konto/profil');
  await browser.post('/konto/profil', { ...details, street: 'Clemenswerth', houseNumber: '1' }); // unchanged
  const versions = await database.owner
    .selectFrom('account_profile')
    .select(['version', 'street'])
    .orderBy('version')
    .execute();
  assert.deepEqual(versions, [
    { version: 1, street: 'Ludmillenhof' },
    { version: 2, street: 'Clemenswerth' },
  ]);

  await browser.get('/konto/profil');
  const invalid = await browser.post('/konto/profil', {
    ...details,
    postcode: '123',
    birthDay: '31',
    birthMonth: '2',
  });
  assert.equal(invalid.statusCode, 422);
  assert.match(invalid.body, /href="#postcode">Eine Postleitzahl besteht aus genau fünf Ziffern/);
  assert.match(invalid.body, /href="#birthDay">Geben Sie ein gültiges Geburtsdatum ein/);
  assert.match(invalid.body, /value="123"/, 'what was typed is shown again');
  assert.equal(
    (await database.owner.selectFrom('account_profile').select('id').execute()).length,
    2,
    'nothing stored',
  );

  const anonymous = await app.inject('/konto/profil');
  assert.equal(anonymous.statusCode, 303);
});
