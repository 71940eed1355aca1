import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NotFoundError } from '../errors.ts';
import type { Answers } from './answers.ts';
import { prefillAnswers } from './prefill.ts';
import { formWith, kitchenSink, personOrClubStep, text } from './testing.ts';
import { type FieldError, validateAll, validateDeclaration, validateStep } from './validate.ts';

const TODAY = '2027-03-01';
const sink = kitchenSink();
const post = (input: unknown, previous: unknown = {}, lang: 'de' | 'en' = 'de') =>
  validateStep(sink, 'alles', input, previous, lang, { today: TODAY });
const messages = (errors: FieldError[]) =>
  Object.fromEntries(errors.map((e) => [e.part ? `${e.fieldId}-${e.part}` : e.fieldId, e.message]));
const only = (input: Record<string, unknown>) => post({ name: 'Anna', ...input });

test('an empty required field gets a message naming it; optional ones stay unanswered', () => {
  const { answers, errors, values } = post({});
  assert.deepEqual(messages(errors), { name: 'Geben Sie „Name“ ein.' });
  assert.deepEqual(errors[0], {
    stepId: 'alles',
    fieldId: 'name',
    code: 'required',
    message: 'Geben Sie „Name“ ein.',
    input: 'name',
  });
  assert.deepEqual(answers, { agree: false });
  assert.equal(values.name, '');
  assert.equal(post({}, {}, 'en').errors[0]?.message, 'Enter “Name”.');
});

test('text is normalised and capped even when the definition sets no limit', () => {
  assert.equal(only({ name: '  Anna \t  Maria\nSchmidt ' }).answers.name, 'Anna Maria Schmidt');
  assert.equal(only({ name: 'Cafe\u0301' }).answers.name, 'Café');
  const long = only({ name: 'x'.repeat(501) });
  assert.deepEqual(messages(long.errors), { name: '„Name“ darf höchstens 500 Zeichen lang sein.' });
  assert.equal(long.answers.name, undefined);
  assert.equal(only({ name: '€'.repeat(500) }).errors.length, 0, 'counts characters, not bytes');
  const notes = only({ notes: `  Zeile 1\r\nZeile 2\r\n\r\n${'y'.repeat(20)}  ` });
  assert.equal(notes.answers.notes, `Zeile 1\nZeile 2\n\n${'y'.repeat(20)}`);
  assert.deepEqual(messages(only({ notes: 'z'.repeat(10_001) }).errors), {
    notes: '„Bemerkungen“ darf höchstens 10000 Zeichen lang sein.',
  });
  assert.deepEqual(messages(only({ name: 'Anna\u0000' }).errors), {
    name: '„Name“ enthält Zeichen, die wir nicht speichern können (zum Beispiel Steuerzeichen). Bitte geben Sie den Text noch einmal ein.',
  });
});

test('a pattern answers with the definition’s own message', () => {
  assert.equal(only({ plate: 'EL-AB 123' }).answers.plate, 'EL-AB 123');
  assert.deepEqual(messages(only({ plate: 'EL AB 123' }).errors), {
    plate: 'Geben Sie das Kennzeichen wie EL-AB 123 ein.',
  });
  assert.equal(
    validateStep(sink, 'alles', { name: 'A', plate: 'x' }, {}, 'en', { today: TODAY }).errors[0]
      ?.message,
    'Enter the plate like EL-AB 123.',
  );
});

test('numbers: decimal comma, whole numbers, ranges with unit', () => {
  assert.equal(only({ distance: '50,5' }).answers.distance, 50.5);
  assert.equal(only({ distance: '1.234,5' }).answers.distance, 1234.5);
  assert.equal(only({ count: ' 7 ' }).answers.count, 7);
  assert.deepEqual(messages(only({ count: '7,5' }).errors), {
    count: 'Geben Sie bei „Anzahl“ eine ganze Zahl ein, zum Beispiel 12.',
  });
  assert.deepEqual(messages(only({ count: 'sieben' }).errors), {
    count: 'Geben Sie bei „Anzahl“ eine ganze Zahl ein, zum Beispiel 12.',
  });
  assert.deepEqual(messages(only({ distance: 'weit' }).errors), {
    distance: 'Geben Sie bei „Abstand“ eine Zahl ein, zum Beispiel 12 oder 12,5.',
  });
  assert.deepEqual(messages(only({ distance: '60,25' }).errors), {
    distance: 'Geben Sie bei „Abstand“ höchstens 1 Nachkommastellen ein.',
  });
  assert.deepEqual(messages(only({ distance: '49,9' }).errors), {
    distance: '„Abstand“ muss mindestens 50 m betragen.',
  });
  assert.deepEqual(messages(only({ count: '11' }).errors), {
    count: '„Anzahl“ darf höchstens 10 betragen.',
  });
  assert.equal(
    validateStep(sink, 'alles', { name: 'A', distance: '12.5' }, {}, 'en', { today: TODAY })
      .errors[0]?.message,
    '“Abstand” must be at least 50 m.',
  );
});

test('dates from three boxes, with a window relative to today', () => {
  const date = (day: string, month: string, year: string) =>
    only({ 'day-day': day, 'day-month': month, 'day-year': year });
  assert.equal(date('1', '3', '2027').answers.day, '2027-03-01');
  assert.equal(date('31', '03', '2027').answers.day, '2027-03-31');
  const shown = date('31', '3', '2027').values;
  assert.deepEqual([shown['day-day'], shown['day-month'], shown['day-year']], ['31', '3', '2027']);
  const past = date('28', '2', '2027').errors[0];
  assert.equal(past?.message, '„Datum“ darf nicht in der Vergangenheit liegen.');
  assert.equal(past?.input, 'day-day');
  assert.deepEqual(messages(date('1', '4', '2027').errors), {
    day: '„Datum“ muss am 31. März 2027 oder früher sein.',
  });
  const incomplete = date('1', '', '');
  assert.deepEqual(messages(incomplete.errors), {
    day: '„Datum“ muss einen Monat und ein Jahr enthalten.',
  });
  assert.equal(incomplete.errors[0]?.input, 'day-month');
  assert.deepEqual(incomplete.errors[0]?.dateParts, ['month', 'year']);
  assert.deepEqual(messages(date('30', '2', '2027').errors), {
    day: 'Geben Sie bei „Datum“ ein echtes Datum ein, zum Beispiel 27 3 2027.',
  });
  assert.deepEqual(messages(date('3', '3', '27').errors), {
    day: 'Das Jahr bei „Datum“ muss aus vier Ziffern bestehen, zum Beispiel 2027.',
  });
  assert.equal(date('3', '3', '27').errors[0]?.input, 'day-year');
  const fixed = formWith([
    {
      id: 'eins',
      fields: [
        { type: 'date', id: 'from', label: text('Ab'), notBefore: '2027-04-01', required: true },
        { type: 'date', id: 'birth', label: text('Geburtsdatum'), notAfter: 'today' },
      ],
    },
  ]);
  const result = validateStep(
    fixed,
    'eins',
    {
      'from-day': '1',
      'from-month': '3',
      'from-year': '2027',
      'birth-day': '2',
      'birth-month': '3',
      'birth-year': '2027',
    },
    {},
    'de',
    { today: TODAY },
  );
  assert.deepEqual(messages(result.errors), {
    from: '„Ab“ muss am 1. April 2027 oder später sein.',
    birth: '„Geburtsdatum“ darf nicht in der Zukunft liegen.',
  });
  assert.deepEqual(messages(validateStep(fixed, 'eins', {}, {}, 'de', { today: TODAY }).errors), {
    from: 'Geben Sie bei „Ab“ ein Datum ein.',
  });
});

test('times, e-mail addresses, telephone numbers, postcodes', () => {
  const ok = only({
    start: '19 Uhr',
    mail: ' anna@example.org ',
    phone: '05931  12345',
    plz: '49 716',
  });
  assert.deepEqual(ok.errors, []);
  assert.equal(ok.answers.start, '19:00');
  assert.equal(ok.answers.mail, 'anna@example.org');
  assert.equal(ok.answers.phone, '05931 12345');
  assert.equal(ok.answers.plz, '49716');
  assert.deepEqual(
    messages(
      only({ start: '25:00', mail: 'anna(at)example.org', phone: 'ruf an', plz: '4971' }).errors,
    ),
    {
      start: 'Geben Sie bei „Beginn“ eine Uhrzeit ein, zum Beispiel 18:30.',
      mail: 'Geben Sie bei „E-Mail-Adresse“ eine E-Mail-Adresse im richtigen Format ein, zum Beispiel name@beispiel.de.',
      phone:
        'Geben Sie bei „Telefonnummer“ eine Telefonnummer nur mit Ziffern, Leerzeichen und + ( ) / - ein, zum Beispiel 05931 12345.',
      plz: 'Geben Sie bei „Postleitzahl“ eine Postleitzahl mit genau fünf Ziffern ein, zum Beispiel 49716.',
    },
  );
  assert.equal(only({ mail: `${'a'.repeat(300)}@example.org` }).errors[0]?.code, 'email');
});

test('IBAN: checksum, German length, normalised', () => {
  assert.equal(
    only({ iban: 'de02 1203 0000 0000 2020 51' }).answers.iban,
    'DE02120300000000202051',
  );
  assert.deepEqual(messages(only({ iban: 'DE02 1203 0000 0000 2020 50' }).errors), {
    iban: 'Die IBAN bei „IBAN“ ist nicht gültig. Prüfen Sie, ob Sie sich vertippt haben.',
  });
  assert.deepEqual(messages(only({ iban: 'DE02 1203 0000 0000 2020 5' }).errors), {
    iban: 'Eine deutsche IBAN hat 22 Zeichen, Sie haben 21 eingegeben. Prüfen Sie „IBAN“.',
  });
  assert.deepEqual(messages(only({ iban: 'NL91 ABNA 0417 1643 001' }).errors), {
    iban: 'Eine IBAN aus dem Land NL hat 18 Zeichen, Sie haben 19 eingegeben. Prüfen Sie „IBAN“.',
  });
  assert.deepEqual(messages(only({ iban: 'Kontonummer 1234' }).errors), {
    iban: 'Geben Sie bei „IBAN“ eine IBAN im richtigen Format ein, zum Beispiel DE02 1203 0000 0000 2020 51.',
  });
  assert.equal(only({ iban: 'NL91ABNA0417164300' }).answers.iban, 'NL91ABNA0417164300');
});

test('choices accept only offered options', () => {
  const ok = only({
    colour: 'blue',
    kind: 'b',
    extras: ['z', 'x', 'x'],
    agree: 'yes',
    public: 'no',
  });
  assert.deepEqual(ok.errors, []);
  assert.equal(ok.answers.colour, 'blue');
  assert.equal(ok.answers.kind, 'b');
  assert.deepEqual(ok.answers.extras, ['x', 'z'], 'option order, each once');
  assert.equal(ok.answers.agree, true);
  assert.equal(ok.answers.public, false);
  assert.deepEqual(only({ extras: 'y' }).answers.extras, ['y']);
  assert.equal(only({ public: 'yes' }).answers.public, true);
  const forged = only({ colour: 'green', kind: 'c', extras: ['x', 'evil'], public: 'vielleicht' });
  assert.deepEqual(messages(forged.errors), {
    colour: 'Wählen Sie bei „Farbe“ eine der angebotenen Antworten aus.',
    kind: 'Wählen Sie bei „Art“ eine der angebotenen Antworten aus.',
    extras: 'Wählen Sie bei „Extras“ eine der angebotenen Antworten aus.',
    public: 'Wählen Sie bei „Öffentlich?“ eine der angebotenen Antworten aus.',
  });
  assert.equal(forged.errors.find((e) => e.fieldId === 'kind')?.input, 'kind-a');
  assert.equal(forged.errors.find((e) => e.fieldId === 'public')?.input, 'public-yes');
  assert.equal(forged.values.colour, '', 'an unknown option is not echoed back');
  assert.equal(only({ agree: 'on' }).errors[0]?.code, 'malformed');
});

test('required choices, checkbox groups with limits, confirmations', () => {
  const definition = formWith([
    {
      id: 'eins',
      fields: [
        {
          type: 'checkboxes',
          id: 'extras',
          label: text('Extras'),
          required: true,
          maxSelected: 2,
          options: ['x', 'y', 'z'].map((value) => ({ value, label: text(value) })),
        },
        { type: 'yesno', id: 'public', label: text('Öffentlich?'), required: true },
        {
          type: 'checkbox',
          id: 'wood',
          label: text('Nur unbehandeltes Holz'),
          required: true,
          messages: {
            required: text('Bestätigen Sie, dass Sie nur unbehandeltes Holz verbrennen.'),
          },
        },
      ],
    },
  ]);
  const run = (input: unknown) =>
    validateStep(definition, 'eins', input, {}, 'de', { today: TODAY });
  assert.deepEqual(messages(run({}).errors), {
    extras: 'Wählen Sie bei „Extras“ mindestens eine Antwort aus.',
    public: 'Wählen Sie bei „Öffentlich?“ eine Antwort aus.',
    wood: 'Bestätigen Sie, dass Sie nur unbehandeltes Holz verbrennen.',
  });
  assert.deepEqual(messages(run({ extras: ['x', 'y', 'z'], public: 'no', wood: 'yes' }).errors), {
    extras: 'Wählen Sie bei „Extras“ höchstens 2 Antworten aus.',
  });
});

test('address groups are all or nothing, with a message per missing line', () => {
  const full = {
    'home-street': ' Hauptstraße ',
    'home-houseNumber': '12a',
    'home-postcode': '49716',
    'home-place': 'Meppen',
  };
  assert.deepEqual(only(full).answers.home, {
    street: 'Hauptstraße',
    houseNumber: '12a',
    postcode: '49716',
    place: 'Meppen',
  });
  const partial = only({
    'home-street': 'Hauptstraße',
    'home-houseNumber': 'zwölf',
    'home-postcode': '123',
  });
  assert.deepEqual(messages(partial.errors), {
    'home-houseNumber': 'Geben Sie bei „Anschrift“ die Hausnummer wie 12, 12a oder 12-14 ein.',
    'home-postcode':
      'Geben Sie bei „Anschrift“ eine Postleitzahl mit genau fünf Ziffern ein, zum Beispiel 49716.',
    'home-place': 'Geben Sie bei „Anschrift“ den Ort ein.',
  });
  assert.deepEqual(
    partial.errors.map((e) => e.input),
    ['home-houseNumber', 'home-postcode', 'home-place'],
  );
  assert.equal(only({}).answers.home, undefined, 'an empty optional address is no answer');
});

test('files come from the attachments module, never from the post', () => {
  const attachment = { id: 'a1', name: 'foto.jpg', size: 1234, type: 'image/jpeg' };
  assert.deepEqual(only({ photo: 'C:\\evil.exe' }).answers.photo, undefined);
  assert.deepEqual(post({ photo: 'x' }, { photo: [attachment] }).answers.photo, [attachment]);
  const required = formWith([
    { id: 'eins', fields: [{ type: 'file', id: 'photo', label: text('Foto'), required: true }] },
  ]);
  assert.deepEqual(messages(validateStep(required, 'eins', {}, {}, 'de').errors), {
    photo: 'Laden Sie bei „Foto“ eine Datei hoch.',
  });
  assert.deepEqual(
    validateStep(required, 'eins', {}, { photo: [{ id: 'x' }] }, 'de').errors[0]?.code,
    'required',
    'a malformed attachment list counts as none',
  );
});

test('malicious input: lists for scalars, objects, huge strings, prototype keys, forged names', () => {
  const attack = JSON.parse(
    '{"name": ["Anna", "Eve"], "count": {"$gt": 1}, "__proto__": {"admin": true}, "constructor": "x", "isAdmin": "yes", "day-day": ["1"], "home-street": 5}',
  );
  const result = post(attack);
  assert.deepEqual(
    result.errors.map((e) => [e.fieldId, e.code]),
    [
      ['name', 'malformed'],
      ['count', 'malformed'],
      ['day', 'malformed'],
      ['home', 'malformed'],
    ],
  );
  assert.equal(
    result.errors[0]?.message,
    'Ihre Angabe bei „Name“ konnte nicht gelesen werden. Bitte geben Sie sie noch einmal ein.',
  );
  assert.deepEqual(Object.keys(result.answers), ['agree']);
  assert.equal(Object.getPrototypeOf(result.answers), Object.prototype);
  assert.equal(({} as Record<string, unknown>).admin, undefined);
  assert.equal(Object.hasOwn(result.values, 'isAdmin'), false);

  const huge = 'A'.repeat(1_000_000);
  const big = post({
    name: huge,
    notes: huge,
    mail: huge,
    iban: huge,
    count: huge,
    'day-day': huge,
    'day-month': '1',
    'day-year': '2027',
  });
  assert.deepEqual(
    big.errors.map((e) => [e.fieldId, e.code]),
    [
      ['name', 'tooLong'],
      ['notes', 'tooLong'],
      ['count', 'number'],
      ['day', 'date'],
      ['mail', 'email'],
      ['iban', 'iban'],
    ],
  );
  assert.ok(String(big.values.name).length <= 20_000, 'huge values are not echoed in full');

  for (const garbage of [null, undefined, 'name=Anna', 42, ['Anna']]) {
    assert.deepEqual(messages(post(garbage).errors), { name: 'Geben Sie „Name“ ein.' });
  }
  const nullProto = Object.assign(Object.create(null), { name: 'Anna' });
  assert.equal(post(nullProto).answers.name, 'Anna');
  // A stored draft with junk keeps only this definition's fields.
  const previous = JSON.parse('{"__proto__": {"x": 1}, "other": "keep?", "toString": "x"}');
  assert.deepEqual(Object.keys(post({ name: 'A' }, previous).answers).sort(), ['agree', 'name']);
});

test('an unknown step is a tampered request', () => {
  assert.throws(() => validateStep(sink, 'schritt-99', {}, {}, 'de'), NotFoundError);
  assert.throws(() => validateStep(sink, 'constructor', {}, {}, 'de'), NotFoundError);
});

const conditional = formWith([
  personOrClubStep('Art', 'Person'),
  {
    id: 'zwei',
    fields: [
      { type: 'number', id: 'visitors', label: text('Besucher'), required: true },
      { type: 'yesno', id: 'public', label: text('Öffentlich?'), required: true },
      {
        type: 'text',
        id: 'eventName',
        label: text('Veranstaltung'),
        required: true,
        visibleWhen: { field: 'public', equals: true },
      },
      {
        type: 'number',
        id: 'stewards',
        label: text('Ordner'),
        required: true,
        min: 2,
        visibleWhen: {
          all: [
            { field: 'public', equals: true },
            { field: 'visitors', gt: 200 },
          ],
        },
      },
      {
        type: 'text',
        id: 'clubContact',
        label: text('Ansprechperson im Verein'),
        required: true,
        visibleWhen: { field: 'kind', equals: 'club' },
      },
    ],
  },
]);
const step = (id: string, input: unknown, previous: Answers = {}) =>
  validateStep(conditional, id, input, previous, 'de', { today: TODAY });

test('hidden fields are neither validated nor kept, whatever is posted for them', () => {
  const person = step('eins', { kind: 'person', club: `<script>${'x'.repeat(600)}` });
  assert.deepEqual(person.errors, []);
  assert.deepEqual(person.answers, { kind: 'person' });
  assert.equal(Object.hasOwn(person.values, 'club'), false);

  const club = step('eins', { kind: 'club' });
  assert.deepEqual(messages(club.errors), { club: 'Geben Sie „Vereinsname“ ein.' });
  // No answer to the controlling question: the dependent field does not apply yet.
  assert.deepEqual(messages(step('eins', { club: 'Schützenverein' }).errors), {
    kind: 'Wählen Sie bei „Art“ eine Antwort aus.',
  });

  const later = step('zwei', {
    visitors: '250',
    public: 'yes',
    eventName: 'Osterfeuer',
    stewards: '1',
  });
  assert.deepEqual(messages(later.errors), { stewards: '„Ordner“ muss mindestens 2 betragen.' });
  const small = step('zwei', {
    visitors: '150',
    public: 'yes',
    eventName: 'Osterfeuer',
    stewards: '1',
  });
  assert.deepEqual(small.errors, [], 'stewards only apply above 200 visitors');
  assert.equal(small.answers.stewards, undefined);
});

test('visibility across steps uses earlier answers; changed answers drop what no longer applies', () => {
  const asClub = step(
    'zwei',
    { visitors: '10', public: 'no', clubContact: 'Anna' },
    { kind: 'club' },
  );
  assert.deepEqual(asClub.errors, []);
  assert.equal(asClub.answers.clubContact, 'Anna');
  const asPerson = step(
    'zwei',
    { visitors: '10', public: 'no', clubContact: 'Anna' },
    { kind: 'person' },
  );
  assert.equal(asPerson.answers.clubContact, undefined);

  // Going back to step one and switching to "person" drops the club answers of step two.
  const back = step(
    'eins',
    { kind: 'person' },
    { kind: 'club', club: 'SV', visitors: 10, public: false, clubContact: 'Anna' },
  );
  assert.deepEqual(back.answers, { kind: 'person', visitors: 10, public: false });
});

test('validateAll re-checks a whole draft before submission', () => {
  const draft = {
    kind: 'club',
    club: 'SV Meppen',
    visitors: 300,
    public: true,
    eventName: 'Osterfeuer',
    stewards: 4,
    clubContact: 'Anna',
  };
  assert.deepEqual(validateAll(conditional, draft, 'de', { today: TODAY }), {
    answers: draft,
    errors: [],
  });

  const stale = validateAll(
    conditional,
    { ...draft, kind: 'person', stewards: 'vier', junk: 1 },
    'de',
    { today: TODAY },
  );
  assert.deepEqual(
    stale.errors.map((e) => [e.stepId, e.fieldId, e.code]),
    [['zwei', 'stewards', 'malformed']],
  );
  assert.equal(stale.answers.club, undefined);
  assert.equal(stale.answers.clubContact, undefined);
  assert.equal(Object.hasOwn(stale.answers, 'junk'), false);

  const missing = validateAll(conditional, { kind: 'club' }, 'en', { today: TODAY });
  assert.deepEqual(
    missing.errors.map((e) => [e.stepId, e.fieldId]),
    [
      ['eins', 'club'],
      ['zwei', 'visitors'],
      ['zwei', 'public'],
      ['zwei', 'clubContact'],
    ],
  );
  assert.equal(missing.errors[0]?.message, 'Enter “Vereinsname”.');

  // A date that was fine when the draft was saved is in the past now.
  const dated = formWith([
    { id: 'eins', fields: [{ type: 'date', id: 'd', label: text('Tag'), notBefore: 'today' }] },
  ]);
  assert.equal(validateAll(dated, { d: '2027-03-05' }, 'de', { today: TODAY }).errors.length, 0);
  assert.equal(
    validateAll(dated, { d: '2027-03-05' }, 'de', { today: '2027-03-06' }).errors[0]?.code,
    'tooEarly',
  );
  assert.deepEqual(validateAll(dated, 'garbage', 'de').errors, []);
});

test('the declaration must be confirmed', () => {
  assert.equal(validateDeclaration({ _declaration: 'yes' }, 'de'), undefined);
  assert.equal(
    validateDeclaration({}, 'de')?.message,
    'Bestätigen Sie die Erklärung, um den Antrag abzusenden.',
  );
  assert.equal(validateDeclaration({ _declaration: ['yes'] }, 'en')?.input, '_declaration');
});

test('prefill maps the account onto bound fields only', () => {
  const definition = formWith([
    {
      id: 'eins',
      fields: [
        { type: 'text', id: 'first', label: text('Vorname'), prefill: 'profile.givenName' },
        { type: 'text', id: 'last', label: text('Nachname'), prefill: 'profile.familyName' },
        { type: 'date', id: 'born', label: text('Geboren'), prefill: 'profile.birthDate' },
        { type: 'address', id: 'home', label: text('Anschrift'), prefill: 'profile.address' },
        { type: 'phone', id: 'tel', label: text('Telefon'), prefill: 'profile.phone' },
        { type: 'email', id: 'mail', label: text('E-Mail'), prefill: 'account.email' },
        { type: 'text', id: 'other', label: text('Sonstiges') },
      ],
    },
  ]);
  const home = { street: 'Markt', houseNumber: '1', postcode: '49716', place: 'Meppen' };
  assert.deepEqual(
    prefillAnswers(definition, {
      givenName: 'Anna',
      familyName: '',
      birthDate: '1985-03-27',
      address: home,
      phone: null,
      email: 'anna@example.org',
    }),
    { first: 'Anna', born: '1985-03-27', home, mail: 'anna@example.org' },
  );
});
