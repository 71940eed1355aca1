import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Answers, AttachmentRef } from './answers.ts';
import { loadDefinition } from './definition-check.ts';
import json from './definitions/gewerbe-anmelden.json' with { type: 'json' };
import { gewerbeAnmelden as form } from './definitions/index.ts';
import { prefillAnswers } from './prefill.ts';
import {
  assertEveryStepRenders,
  checkAnswersPage,
  fillSteps,
  type Post,
  stepPage,
  TODAY,
} from './testing.ts';
import { validateAll, validateStep } from './validate.ts';
import { renderStates, stepApplies } from './visibility.ts';

const options = { today: TODAY };
const permit: AttachmentRef[] = [
  { id: 'p1', name: 'handwerkskarte.pdf', size: 90_000, type: 'application/pdf' },
];
const person: Post = {
  givenName: 'Anna',
  familyName: 'Schmidt',
  'birthDate-day': '3',
  'birthDate-month': '7',
  'birthDate-year': '1985',
  birthPlace: 'Lingen (Ems)',
  nationality: 'deutsch',
  'homeAddress-street': 'Hauptstraße',
  'homeAddress-houseNumber': '12',
  'homeAddress-postcode': '49716',
  'homeAddress-place': 'Meppen',
  phone: '05931 12345',
  email: 'anna.schmidt@example.org',
};
const contact: Post = { phone: '05931 12345', email: 'info@muster-bau.example' };
const register: Post = {
  registerCourt: 'Amtsgericht Osnabrück',
  registerNumber: 'HRB 212345',
  directorGivenName: 'Bernd',
  directorFamilyName: 'Muster',
  'directorBirthDate-day': '1',
  'directorBirthDate-month': '2',
  'directorBirthDate-year': '1970',
  'directorAddress-street': 'Am Markt',
  'directorAddress-houseNumber': '1',
  'directorAddress-postcode': '26871',
  'directorAddress-place': 'Papenburg',
};
const business: Post = {
  'businessAddress-street': 'Industriestraße',
  'businessAddress-houseNumber': '7',
  'businessAddress-postcode': '26871',
  'businessAddress-place': 'Papenburg',
  'startDate-day': '1',
  'startDate-month': '4',
  'startDate-year': '2027',
  activity: 'Einzelhandel mit Fahrrädern und Fahrradzubehör, Reparatur von Fahrrädern',
  employment: 'main',
  permitRequired: 'no',
};
const hiddenIn = (answers: Answers, ids: string[]) =>
  ids.filter((id) => Object.hasOwn(answers, id));

test('the Gewerbe definition loads with four steps and trust level substantial', () => {
  assert.equal(loadDefinition(json).id, 'gewerbe-anmelden');
  assert.equal(form.trustLevel, 'substantial');
  assert.deepEqual(
    form.steps.map((s) => s.id),
    ['rechtsform', 'person', 'handelsregister', 'betrieb'],
  );
});

test('every step renders well linked for every legal form, in German and English', () => {
  const prefill = prefillAnswers(form, {
    givenName: 'Anna',
    familyName: 'Schmidt',
    birthDate: '1985-07-03',
    address: { street: 'Hauptstraße', houseNumber: '12', postcode: '49716', place: 'Meppen' },
  });
  const legalForm = form.steps[0]?.fields[0];
  assert.ok(legalForm?.type === 'select');
  for (const { value } of legalForm.options) {
    assertEveryStepRenders(form, { ...prefill, legalForm: value });
  }
  const soleTrader = stepPage(form, 'person', { answers: { ...prefill, legalForm: 'soleTrader' } });
  assert.match(
    soleTrader,
    /id="birthDate-year" name="birthDate-year" type="text" inputmode="numeric" value="1985"/,
  );
  assert.match(
    soleTrader,
    /id="homeAddress-place" name="homeAddress-place" type="text" value="Meppen"/,
  );
  const hostile = stepPage(form, 'rechtsform', {
    values: { companyName: 'Müller & Söhne <GmbH>' },
  });
  assert.match(hostile, /value="Müller &amp; Söhne &lt;GmbH&gt;"/);
  assert.match(
    hostile,
    /Nur ausfüllen, wenn bei „Rechtsform des Betriebs“ nicht „Einzelunternehmen“ ausgewählt ist./,
  );
});

test('which sections each legal form gets', () => {
  const shown = (legalForm: string, stepId: string) =>
    [...renderStates(form, stepId, { legalForm })]
      .filter(([, state]) => state === 'shown')
      .map(([id]) => id);
  assert.deepEqual(shown('soleTrader', 'person'), [
    'givenName',
    'familyName',
    'birthDate',
    'birthPlace',
    'nationality',
    'homeAddress',
    'phone',
    'email',
  ]);
  assert.deepEqual(shown('gbr', 'person').slice(6), [
    'partnersInfo',
    'partnerCount',
    'phone',
    'email',
  ]);
  assert.deepEqual(shown('ohg', 'person').includes('partnerCount'), true);
  assert.deepEqual(shown('gmbh', 'person'), ['phone', 'email']);
  assert.deepEqual(shown('ug', 'person'), ['phone', 'email']);
  for (const legalForm of ['soleTrader', 'ek', 'gbr', 'ohg', 'kg', 'other']) {
    assert.equal(stepApplies(form, 'handelsregister', { legalForm }), false, legalForm);
  }
  for (const legalForm of ['gmbh', 'ug']) {
    assert.equal(stepApplies(form, 'handelsregister', { legalForm }), true, legalForm);
  }
});

test('a sole trader: valid path, no register data, no company name', () => {
  const { answers, errors } = fillSteps(form, {
    rechtsform: { legalForm: 'soleTrader', companyName: 'ignored', otherLegalForm: 'ignored' },
    person: { ...person, partnerCount: '3' },
    handelsregister: register,
    betrieb: business,
  });
  assert.deepEqual(errors, {});
  assert.deepEqual(
    hiddenIn(answers, [
      'companyName',
      'otherLegalForm',
      'partnerCount',
      'registerNumber',
      'directorGivenName',
      'permit',
    ]),
    [],
  );
  assert.equal(answers.startDate, '2027-04-01');
  assert.deepEqual(validateAll(form, answers, 'de', options).errors, []);
  const page = checkAnswersPage(form, answers);
  assert.match(page, /Einzelunternehmen/);
  assert.match(page, /1\. April 2027/);
  assert.equal(page.includes('Handelsregisternummer'), false);
});

test('a GbR partner, a GmbH with permit and an other legal form', () => {
  const gbr = fillSteps(form, {
    rechtsform: { legalForm: 'gbr', companyName: 'Schmidt & Meyer GbR' },
    person: { ...person },
    betrieb: business,
  });
  assert.deepEqual(gbr.errors, {
    person: [
      'Geben Sie „Wie viele Gesellschafterinnen und Gesellschafter hat die Gesellschaft?“ ein.',
    ],
  });
  const gbrFixed = fillSteps(form, {
    rechtsform: { legalForm: 'gbr', companyName: 'Schmidt & Meyer GbR' },
    person: { ...person, partnerCount: '2' },
    betrieb: business,
  });
  assert.deepEqual(gbrFixed.errors, {});
  assert.equal(gbrFixed.answers.partnerCount, 2);
  assert.deepEqual(validateAll(form, gbrFixed.answers, 'de', options).errors, []);
  assert.match(
    validateStep(
      form,
      'person',
      { ...person, partnerCount: '1' },
      { legalForm: 'gbr' },
      'de',
      options,
    ).errors[0]?.message ?? '',
    /Sind Sie allein, wählen Sie Einzelunternehmen/,
  );

  const gmbhMissing = fillSteps(form, {
    rechtsform: { legalForm: 'gmbh' },
    person: contact,
    betrieb: { ...business, permitRequired: 'yes' },
  });
  assert.deepEqual(Object.keys(gmbhMissing.errors), ['rechtsform', 'handelsregister', 'betrieb']);
  // Four text fields, one date, and each of the four lines of the address.
  assert.equal(gmbhMissing.errors.handelsregister?.length, 9);
  assert.deepEqual(gmbhMissing.errors.betrieb, [
    'Laden Sie bei „Erlaubnis oder Handwerkskarte“ eine Datei hoch.',
  ]);
  const gmbh = fillSteps(
    form,
    {
      rechtsform: { legalForm: 'gmbh', companyName: 'Muster Bau GmbH' },
      person: { ...contact, givenName: 'ignored' },
      handelsregister: register,
      betrieb: { ...business, permitRequired: 'yes', employment: 'side' },
    },
    { uploads: { betrieb: { permit } } },
  );
  assert.deepEqual(gmbh.errors, {});
  assert.deepEqual(hiddenIn(gmbh.answers, ['givenName', 'homeAddress', 'partnerCount']), []);
  assert.equal(gmbh.answers.registerNumber, 'HRB 212345');
  assert.deepEqual(gmbh.answers.permit, permit);
  assert.deepEqual(validateAll(form, gmbh.answers, 'de', options).errors, []);

  const ug = fillSteps(form, {
    rechtsform: { legalForm: 'ug', companyName: 'Muster UG (haftungsbeschränkt)' },
    person: contact,
    handelsregister: { ...register, registerNumber: 'hrb 7 B' },
    betrieb: business,
  });
  assert.deepEqual(ug.errors, {});

  const other = fillSteps(form, {
    rechtsform: { legalForm: 'other', companyName: 'Muster eG' },
    person,
    betrieb: business,
  });
  assert.deepEqual(other.errors, { rechtsform: ['Geben Sie „Welche Rechtsform?“ ein.'] });
});

test('bad input: HRB number, start date window, activity too short', () => {
  const hrb = (registerNumber: string) =>
    validateStep(
      form,
      'handelsregister',
      { ...register, registerNumber },
      { legalForm: 'gmbh' },
      'de',
      options,
    ).errors.map((e) => e.message);
  const message =
    'Geben Sie die Nummer aus Abteilung B des Handelsregisters ein, zum Beispiel HRB 212345.';
  for (const bad of ['HRA 12345', '212345', 'HRB', 'HRB 1234567', 'HRB 12-34', 'HRB 123 abc']) {
    assert.deepEqual(hrb(bad), [message], bad);
  }
  for (const good of ['HRB 212345', 'HRB212345', 'HRB 1234 B', 'hrb 99']) {
    assert.deepEqual(hrb(good), [], good);
  }
  const betrieb = (post: Post) =>
    validateStep(
      form,
      'betrieb',
      { ...business, ...post },
      { legalForm: 'soleTrader' },
      'de',
      options,
    ).errors;
  const start = (day: string, month: string, year: string) =>
    betrieb({ 'startDate-day': day, 'startDate-month': month, 'startDate-year': year }).map(
      (e) => e.code,
    );
  assert.deepEqual(start('1', '3', '2026'), []);
  assert.deepEqual(start('28', '2', '2026'), ['tooEarly']);
  assert.deepEqual(start('28', '8', '2027'), []);
  assert.deepEqual(start('29', '8', '2027'), ['tooLate']);
  assert.match(
    betrieb({ 'startDate-day': '1', 'startDate-month': '1', 'startDate-year': '2028' })[0]
      ?.message ?? '',
    /spätestens am 28\. August 2027/,
  );
  assert.deepEqual(
    betrieb({ activity: 'Handel' }).map((e) => e.code),
    ['tooShort'],
  );
  assert.deepEqual(
    betrieb({ employment: 'hobby' }).map((e) => e.code),
    ['option'],
  );
  assert.deepEqual(
    validateStep(
      form,
      'rechtsform',
      { legalForm: 'ag', companyName: 'X AG' },
      {},
      'de',
      options,
    ).errors.map((e) => e.code),
    ['option'],
  );
});
