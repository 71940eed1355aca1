import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NotFoundError } from '../errors.ts';
import { renderCheckAnswers } from './check-page.ts';
import { renderStep } from './step-page.ts';
import {
  assertWellLinked,
  formWith,
  frameFor,
  kitchenSink,
  personOrClubStep,
  text,
} from './testing.ts';
import { validateAll, validateDeclaration, validateStep } from './validate.ts';
import { renderStates } from './visibility.ts';

const TODAY = '2027-03-01';
const base = { csrf: 'csrf-token', action: '/formulare/test/schritt/alles' };

function main(page: { value: string }): string {
  const html = page.value;
  return html.slice(html.indexOf('<main'), html.indexOf('</main>'));
}

test('an invalid post renders the error summary linked to each input, messages beside fields', () => {
  const sink = kitchenSink();
  const result = validateStep(
    sink,
    'alles',
    { count: 'viele', kind: 'c', 'day-day': '1', 'home-street': 'Markt', mail: 'x' },
    {},
    'de',
    { today: TODAY },
  );
  const page = renderStep(frameFor(), sink, 'alles', { ...base, ...result }).value;
  assertWellLinked(page);
  assert.match(
    page,
    /<title>Fehler: Schritt alles – Testformular – Portalverbund Emsland<\/title>/,
  );
  const summary = page.slice(page.indexOf('error-summary'), page.indexOf('</ul>'));
  const links = [...summary.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(links, [
    'name',
    'count',
    'day-month',
    'kind-a',
    'mail',
    'home-houseNumber',
    'home-postcode',
    'home-place',
  ]);
  // Each message sits next to its field and is announced with it.
  assert.match(
    page,
    /<p class="kern-error" id="name-error"><span class="kern-sr-only">Fehler:<\/span> Geben Sie „Name“ ein.<\/p>/,
  );
  assert.match(
    page,
    /id="name" name="name" type="text" value="" aria-describedby="name-error" aria-invalid="true"/,
  );
  assert.match(page, /id="count" name="count" type="text" inputmode="numeric" value="viele"/);
  assert.match(
    page,
    /<fieldset class="kern-fieldset form-field kern-fieldset--error" aria-describedby="kind-error">\s*<legend class="kern-label">Art <span class="kern-label__optional">\(optional\)<\/span><\/legend>/,
  );
  assert.match(
    page,
    /<fieldset class="kern-fieldset form-field kern-fieldset--error" aria-describedby="day-hint day-error">/,
  );
  assert.match(page, /id="day-day" name="day-day" type="text" inputmode="numeric" value="1">/);
  assert.match(
    page,
    /id="day-month" name="day-month" type="text" inputmode="numeric" value="" aria-invalid="true">/,
  );
  assert.match(page, /value="Markt"/);
  assert.match(page, /<input type="hidden" name="_csrf" value="csrf-token">/);
  assert.match(page, /enctype="multipart\/form-data"/, 'a step with a file field posts multipart');
});

test('labels, hints, options and values are escaped', () => {
  const evil = '"><script>alert(1)</script>';
  const definition = formWith([
    {
      id: 'eins',
      fields: [
        {
          type: 'text',
          id: 'name',
          label: text(`Name ${evil}`),
          hint: text(`Hinweis ${evil}`),
          required: true,
        },
        {
          type: 'radio',
          id: 'kind',
          label: text(`Art ${evil}`),
          options: [{ value: 'a', label: text(`Option ${evil}`) }],
        },
        { type: 'info', id: 'info', title: text(evil), text: text(`Text ${evil}`) },
      ],
    },
  ]);
  const result = validateStep(definition, 'eins', { name: evil.repeat(20) }, {}, 'de');
  const page = renderStep(frameFor(), definition, 'eins', { ...base, ...result }).value;
  assert.equal(page.includes('<script>'), false);
  assert.match(page, /value="&quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
  assert.match(page, /Name &quot;&gt;&lt;script&gt;/);
  assert.match(
    page,
    /„Name &quot;&gt;&lt;script&gt;alert\(1\)&lt;\/script&gt;“ darf höchstens 500 Zeichen/,
  );
  const check = renderCheckAnswers(
    frameFor(),
    definition,
    { name: evil, kind: 'a' },
    {
      ...base,
      changeLink: (step, field) => `/f/${step}#${field}"x`,
    },
  ).value;
  assert.equal(check.includes('<script>'), false);
  assert.match(check, /href="\/f\/eins#name&quot;x"/);
});

test('progress: "Schritt 2 von 3", the step list, links to completed steps and back', () => {
  const definition = formWith([
    { id: 'eins', fields: [{ type: 'text', id: 'a', label: text('A') }] },
    { id: 'zwei', fields: [{ type: 'text', id: 'b', label: text('B') }] },
    { id: 'drei', fields: [{ type: 'text', id: 'c', label: text('C') }] },
  ]);
  const page = renderStep(frameFor(), definition, 'zwei', {
    ...base,
    answers: { a: 'x' },
    errors: [],
    progress: { completed: ['eins'], stepHref: (id) => `/f/${id}` },
  }).value;
  assertWellLinked(page);
  assert.match(page, /<title>Schritt zwei – Testformular – Portalverbund Emsland<\/title>/);
  assert.match(
    page,
    /<p class="kern-body kern-body--small" id="_progress-label">Schritt 2 von 3<\/p>/,
  );
  assert.match(page, /<progress id="_progress" max="3" value="2"/);
  assert.match(
    page,
    /<li><a class="kern-link" href="\/f\/eins">Schritt eins <span class="kern-sr-only">\(erledigt\)<\/span><\/a><\/li>/,
  );
  assert.match(
    page,
    /<li aria-current="step"><strong>Schritt zwei<\/strong><\/li><li>Schritt drei<\/li>/,
  );
  assert.match(page, /<a class="kern-link" href="\/f\/eins">Zurück<\/a>/);
  assert.match(page, /<span class="kern-label">Weiter<\/span>/);
  assert.equal(page.includes('error-summary'), false);
  const last = renderStep(frameFor('en'), definition, 'drei', { ...base, answers: {}, errors: [] });
  assert.match(last.value, /Step 3 of 3/);
  assert.match(last.value, /Continue to the summary/);
  assert.throws(
    () => renderStep(frameFor(), definition, 'vier', { ...base, answers: {}, errors: [] }),
    NotFoundError,
  );
});

test('answers and prefill fill the inputs; posted values replace them', () => {
  const sink = kitchenSink();
  const answers = {
    name: 'Anna',
    count: 3,
    distance: 52.5,
    day: '2027-03-27',
    extras: ['x', 'z'],
    agree: true,
    public: false,
    colour: 'blue',
    home: { street: 'Markt', houseNumber: '1', postcode: '49716', place: 'Meppen' },
  };
  const page = main(renderStep(frameFor(), sink, 'alles', { ...base, answers, errors: [] }));
  assertWellLinked(page);
  assert.match(page, /id="name" name="name" type="text" value="Anna"/);
  assert.match(page, /id="distance" name="distance" type="text" inputmode="decimal" value="52,5"/);
  assert.match(page, /<span class="kern-input-group-text" id="distance-unit">m<\/span>/);
  assert.match(page, /id="day-day" name="day-day" type="text" inputmode="numeric" value="27"/);
  assert.match(page, /id="extras-x" name="extras" value="x" checked/);
  assert.match(page, /id="extras-y" name="extras" value="y">/);
  assert.match(page, /id="agree" name="agree" value="yes" checked/);
  assert.match(page, /id="public-no" name="public" value="no" checked/);
  assert.match(page, /<option value="blue" selected>Blau<\/option>/);
  assert.match(page, /id="home-place" name="home-place" type="text" value="Meppen"/);
  const posted = main(
    renderStep(frameFor(), sink, 'alles', { ...base, answers, values: { name: '' }, errors: [] }),
  );
  assert.match(posted, /id="name" name="name" type="text" value=""/);
  assert.match(posted, /id="extras-x" name="extras" value="x">/);
});

test('required fields are unmarked, optional ones say so; hints and units are described', () => {
  const page = main(
    renderStep(frameFor(), kitchenSink(), 'alles', {
      ...base,
      answers: {},
      errors: [],
      today: TODAY,
    }),
  );
  assert.match(page, /<label class="kern-label" for="name">Name<\/label>/);
  assert.match(
    page,
    /<label class="kern-label" for="notes">Bemerkungen <span class="kern-label__optional">\(optional\)<\/span><\/label>/,
  );
  assert.match(page, /<label class="kern-label" for="agree">Ich stimme zu.<\/label>/);
  assert.match(page, /<div class="kern-hint" id="day-hint">Zum Beispiel 27 3 2027<\/div>/);
  assert.match(
    page,
    /<div class="kern-hint" id="photo-hint">Erlaubt: JPEG, PNG; höchstens 20 MB je Datei<\/div>/,
  );
  assert.match(page, /accept="image\/jpeg,image\/png"/);
  assert.match(page, /aria-describedby="distance-unit"/);
  assert.match(page, /<div class="kern-alert kern-alert--info" id="note">/);
});

const branching = formWith([
  personOrClubStep('Wer meldet an?', 'Privatperson'),
  {
    id: 'zwei',
    fields: [
      { type: 'number', id: 'visitors', label: text('Besucher'), unit: text('Personen', 'people') },
      {
        type: 'text',
        id: 'clubContact',
        label: text('Ansprechperson im Verein'),
        visibleWhen: { field: 'kind', equals: 'club' },
      },
      {
        type: 'text',
        id: 'stewards',
        label: text('Ordnungsdienst'),
        visibleWhen: {
          all: [
            { field: 'kind', equals: 'club' },
            { any: [{ field: 'visitors', gt: 200 }, { not: { field: 'visitors', lte: 1000 } }] },
          ],
        },
      },
      {
        type: 'info',
        id: 'personNote',
        text: text('Privatpersonen brauchen keinen Ordnungsdienst.'),
        visibleWhen: { not: { field: 'kind', equals: 'club' } },
      },
    ],
  },
]);

test('no JavaScript: same-page conditions show the field with a note, earlier-step ones decide', () => {
  assert.deepEqual(
    [...renderStates(branching, 'eins', {}).entries()],
    [
      ['kind', 'shown'],
      ['club', 'conditional'],
    ],
  );
  const first = main(
    renderStep(frameFor(), branching, 'eins', { ...base, answers: {}, errors: [] }),
  );
  assertWellLinked(first);
  assert.match(
    first,
    /<div class="form-conditional" data-depends-on="kind"><div class="kern-form-input form-field">\s*<label class="kern-label" for="club">Vereinsname<\/label>\s*<div class="kern-hint form-condition" id="club-condition">Nur ausfüllen, wenn bei „Wer meldet an\?“ „Verein“ ausgewählt ist.<\/div>/,
  );
  assert.match(first, /aria-describedby="club-condition"/);
  assert.equal(first.includes(' hidden'), false, 'nothing relies on script to appear');

  // Step two after answering "Verein": the club questions simply apply, without a note.
  const asClub = main(
    renderStep(frameFor(), branching, 'zwei', { ...base, answers: { kind: 'club' }, errors: [] }),
  );
  assert.match(asClub, /for="clubContact">Ansprechperson im Verein/);
  assert.equal(asClub.includes('clubContact-condition'), false);
  assert.equal(asClub.includes('id="personNote"'), false);
  assert.match(
    asClub,
    /Nur ausfüllen, wenn bei „Besucher“ mehr als 200 Personen angegeben ist oder Folgendes nicht zutrifft: bei „Besucher“ höchstens 1.000 Personen angegeben ist.<\/div>/,
  );

  // After answering "Privatperson" the club questions are left out of the page entirely.
  const asPerson = main(
    renderStep(frameFor(), branching, 'zwei', { ...base, answers: { kind: 'person' }, errors: [] }),
  );
  assert.equal(asPerson.includes('clubContact'), false);
  assert.equal(asPerson.includes('stewards'), false);
  assert.match(asPerson, /Privatpersonen brauchen keinen Ordnungsdienst./);

  const english = main(
    renderStep(frameFor('en'), branching, 'eins', { ...base, answers: {}, errors: [] }),
  );
  assert.match(english, /Only fill this in if you selected “Verein” for “Wer meldet an\?”./);
});

test('check answers: only what applies, formatted, with change links and the declaration', () => {
  const sink = kitchenSink();
  const answers = {
    name: 'Anna Schmidt',
    notes: 'Zeile 1\nZeile 2',
    distance: 1234.5,
    day: '2027-03-27',
    start: '19:00',
    colour: 'blue',
    kind: 'b',
    extras: ['x', 'z'],
    agree: true,
    public: false,
    iban: 'DE02120300000000202051',
    home: { street: 'Markt', houseNumber: '1', postcode: '49716', place: 'Meppen' },
    photo: [{ id: 'a1', name: 'feuer.jpg', size: 1, type: 'image/jpeg' }],
  };
  const page = main(
    renderCheckAnswers(frameFor(), sink, answers, {
      ...base,
      changeLink: (step, field) => `/formulare/test/schritt/${step}#${field}`,
    }),
  );
  assertWellLinked(page);
  assert.match(page, /<h1 class="kern-heading-large">Prüfen Sie Ihre Angaben<\/h1>/);
  const row = (label: string, value: string) =>
    new RegExp(
      `<dt class="kern-description-list-item__key">${label}</dt>\\s*<dd class="kern-description-list-item__value">${value}</dd>`,
    );
  assert.match(page, row('Name', 'Anna Schmidt'));
  assert.match(page, row('Bemerkungen', 'Zeile 1<br>Zeile 2'));
  assert.match(page, row('Abstand', '1.234,5 m'));
  assert.match(page, row('Datum', '27. März 2027'));
  assert.match(page, row('Farbe', 'Blau'));
  assert.match(page, row('Art', 'Zweite'));
  assert.match(
    page,
    row('Extras', '<ul class="kern-list kern-list--small"><li>Iks</li><li>Zett</li></ul>'),
  );
  assert.match(page, row('Ich stimme zu.', 'Ja'));
  assert.match(page, row('Öffentlich\\?', 'Nein'));
  assert.match(page, row('IBAN', 'DE02 1203 0000 0000 2020 51'));
  assert.match(page, row('Anschrift', 'Markt 1<br>49716 Meppen'));
  assert.match(page, row('Anzahl', '<span class="kern-body--muted">Keine Angabe</span>'));
  assert.match(
    page,
    /<a class="kern-link" href="\/formulare\/test\/schritt\/alles#name">Ändern<span class="kern-sr-only"> Name<\/span><\/a>/,
  );
  assert.equal(page.includes('Nur zur Information'), false, 'info blocks are not answers');
  assert.match(
    page,
    /<input class="kern-form-check__checkbox" type="checkbox" id="_declaration" name="_declaration" value="yes">/,
  );
  assert.match(page, /Ich versichere, dass alles stimmt./);
  assert.match(page, /<span class="kern-label">Antrag absenden<\/span>/);

  // Hidden fields do not appear even if a stale answer is still around.
  const person = main(
    renderCheckAnswers(
      frameFor(),
      branching,
      { kind: 'person', club: 'SV', clubContact: 'Eve' },
      {
        ...base,
        changeLink: (step) => `/f/${step}`,
      },
    ),
  );
  assert.equal(person.includes('Vereinsname'), false);
  assert.equal(person.includes('Ansprechperson'), false);
  assert.equal(person.includes('SV'), false);
  assert.match(person, /Wer meldet an\?/);
});

test('check answers with errors: summary links to the rows and the declaration', () => {
  const withAddress = formWith([
    ...branching.steps,
    { id: 'drei', fields: [{ type: 'address', id: 'site', label: text('Ort'), required: true }] },
  ]);
  const { answers, errors } = validateAll(withAddress, { kind: 'club' }, 'de', { today: TODAY });
  const declaration = validateDeclaration({}, 'de');
  const page = main(
    renderCheckAnswers(frameFor(), withAddress, answers, {
      ...base,
      changeLink: (step) => `/f/${step}`,
      errors: [...errors, ...(declaration ? [declaration] : [])],
    }),
  );
  assertWellLinked(page);
  const summary = page.slice(page.indexOf('error-summary'), page.indexOf('</ul>'));
  assert.deepEqual(
    [...summary.matchAll(/href="#([^"]+)"/g)].map((m) => m[1]),
    ['answer-club', 'answer-site', '_declaration'],
    'one entry per answer, even when all four address lines are missing',
  );
  assert.match(
    page,
    /<p class="kern-error" id="answer-club-error"><span class="kern-sr-only">Fehler:<\/span> Geben Sie „Vereinsname“ ein.<\/p>/,
  );
  assert.match(page, /aria-describedby="_declaration-text _declaration-error"/);
});

test('uploaded files are listed with an escaped name, their size and a remove button in the form', () => {
  const form = formWith([
    {
      id: 'nachweise',
      fields: [
        { type: 'text', id: 'note', label: text('Bemerkung') },
        {
          type: 'file',
          id: 'proof',
          label: text('Nachweis'),
          maxFiles: 3,
          maxBytes: 5 * 1024 * 1024,
        },
      ],
    },
  ]);
  const page = renderStep(frameFor(), form, 'nachweise', {
    ...base,
    answers: {
      proof: [
        { id: 'a1', name: '<b>Erlaubnis</b>.pdf', size: 1_572_864, type: 'application/pdf' },
        { id: 'a2', name: 'Wesenstest.pdf', size: 20_000, type: 'application/pdf' },
      ],
    },
    errors: [],
    maxFileBytes: 2 * 1024 * 1024,
  }).value;
  assertWellLinked(page);
  const body = main({ value: page });
  assert.match(body, /enctype="multipart\/form-data"/);
  assert.match(
    body,
    /&lt;b&gt;Erlaubnis&lt;\/b&gt;\.pdf<\/span> <span class="kern-body--muted">\(1,5 MB\)<\/span>/,
  );
  assert.doesNotMatch(body, /<b>Erlaubnis/);
  assert.match(
    body,
    /name="_remove" value="a1"><span class="kern-label">Entfernen<span class="kern-sr-only"> &lt;b&gt;/,
  );
  assert.match(body, /name="_remove" value="a2"/);
  assert.match(body, /name="_upload" value="proof"/);
  // Enter in the text box must continue, not remove a file: the first button continues.
  const buttons = [...body.matchAll(/<button[^>]*>/g)].map((m) => m[0]);
  assert.doesNotMatch(buttons[0] ?? '', /name=/);
  // The configured 2 MB limit is lower than the field's 5 MB: the hint names the lower one.
  assert.match(body, /höchstens 3 Dateien mit je höchstens 2 MB/);
});
