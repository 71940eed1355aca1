// Test support: small definitions built in code, a page frame, HTML checks that every id is
// unique and every reference (aria-describedby, label for, #links) points somewhere, and
// the per-service tests' way of posting steps and rendering pages without a server.
import assert from 'node:assert/strict';
import { type Language, translator } from '../web/i18n.ts';
import type { PageFrame } from '../web/layout.ts';
import type { Answers } from './answers.ts';
import { renderCheckAnswers } from './check-page.ts';
import type { FormDefinition } from './definition.ts';
import { loadDefinition } from './definition-check.ts';
import { renderStep, type StepView } from './step-page.ts';
import { validateStep } from './validate.ts';

export const text = (de: string, en = de) => ({ de, en });

/** A definition around the given steps, loaded (so checked) like any other. */
export function formWith(steps: { id: string; fields: unknown[] }[]): FormDefinition {
  return loadDefinition(rawForm(steps));
}

export function rawForm(steps: { id: string; fields: unknown[] }[]) {
  return {
    id: 'test-form',
    version: 1,
    title: text('Testformular', 'Test form'),
    steps: steps.map((s) => ({
      id: s.id,
      title: text(`Schritt ${s.id}`, `Step ${s.id}`),
      fields: s.fields,
    })),
    declaration: text('Ich versichere, dass alles stimmt.', 'I declare that all is true.'),
  };
}

/**
 * The first step of a form asked by a person or a club: who registers, and the club's name
 * only for a club. `question` and `personLabel` are what the tests' messages name.
 */
export function personOrClubStep(question: string, personLabel: string) {
  return {
    id: 'eins',
    fields: [
      {
        type: 'radio',
        id: 'kind',
        label: text(question),
        required: true,
        options: [
          { value: 'person', label: text(personLabel) },
          { value: 'club', label: text('Verein') },
        ],
      },
      {
        type: 'text',
        id: 'club',
        label: text('Vereinsname'),
        required: true,
        visibleWhen: { field: 'kind', equals: 'club' },
      },
    ],
  };
}

/** One field of every type, all on one step, most of them required. */
export function kitchenSink(): FormDefinition {
  return formWith([
    {
      id: 'alles',
      fields: [
        { type: 'text', id: 'name', label: text('Name'), required: true },
        { type: 'textarea', id: 'notes', label: text('Bemerkungen') },
        {
          type: 'text',
          id: 'plate',
          label: text('Kennzeichen'),
          pattern: {
            regex: '[A-ZÄÖÜ]{1,3}-[A-Z]{1,2} [0-9]{1,4}',
            message: text(
              'Geben Sie das Kennzeichen wie EL-AB 123 ein.',
              'Enter the plate like EL-AB 123.',
            ),
          },
        },
        { type: 'number', id: 'count', label: text('Anzahl'), min: 1, max: 10 },
        {
          type: 'number',
          id: 'distance',
          label: text('Abstand'),
          min: 50,
          unit: text('m'),
          decimals: 1,
        },
        {
          type: 'date',
          id: 'day',
          label: text('Datum'),
          notBefore: 'today',
          notAfter: { days: 30 },
        },
        { type: 'time', id: 'start', label: text('Beginn') },
        {
          type: 'select',
          id: 'colour',
          label: text('Farbe'),
          options: [
            { value: 'red', label: text('Rot', 'Red') },
            { value: 'blue', label: text('Blau', 'Blue') },
          ],
        },
        {
          type: 'radio',
          id: 'kind',
          label: text('Art'),
          options: [
            { value: 'a', label: text('Erste') },
            { value: 'b', label: text('Zweite') },
          ],
        },
        {
          type: 'checkboxes',
          id: 'extras',
          label: text('Extras'),
          options: [
            { value: 'x', label: text('Iks') },
            { value: 'y', label: text('Ypsilon') },
            { value: 'z', label: text('Zett') },
          ],
        },
        { type: 'checkbox', id: 'agree', label: text('Ich stimme zu.') },
        { type: 'yesno', id: 'public', label: text('Öffentlich?') },
        { type: 'email', id: 'mail', label: text('E-Mail-Adresse') },
        { type: 'phone', id: 'phone', label: text('Telefonnummer') },
        { type: 'iban', id: 'iban', label: text('IBAN') },
        { type: 'postcode', id: 'plz', label: text('Postleitzahl') },
        { type: 'address', id: 'home', label: text('Anschrift') },
        { type: 'file', id: 'photo', label: text('Foto'), accept: ['image/jpeg', 'image/png'] },
        { type: 'info', id: 'note', text: text('Nur zur Information.') },
      ],
    },
  ]);
}

export function frameFor(lang: Language = 'de'): PageFrame {
  return { lang, t: translator(lang), path: '/formular', verbundName: 'Portalverbund Emsland' };
}

/** Unique ids; every aria-describedby, label for and in-page link names an existing id. */
export function assertWellLinked(page: string) {
  const ids = [...page.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1] ?? '');
  const unique = new Set(ids);
  assert.equal(
    unique.size,
    ids.length,
    `duplicate ids: ${ids.filter((id, i) => ids.indexOf(id) !== i)}`,
  );
  for (const [, refs = ''] of page.matchAll(/aria-(?:describedby|labelledby)="([^"]*)"/g)) {
    for (const ref of refs.split(' ')) assert.ok(unique.has(ref), `aria reference #${ref} missing`);
  }
  for (const [, ref = ''] of page.matchAll(/\sfor="([^"]*)"/g)) {
    assert.ok(unique.has(ref), `label for=${ref} has no input`);
  }
  for (const [, ref = ''] of page.matchAll(/href="#([^"]*)"/g)) {
    assert.ok(unique.has(ref), `link #${ref} has no target`);
  }
}

/** The day the per-service tests take as today: their dates are chosen around it. */
export const TODAY = '2027-03-01';

/** What a browser posts for one step, by input name. */
export type Post = Record<string, string | string[]>;

/**
 * Posts every step of `form` in order like a browser would, carrying the answers along.
 * `uploads` are the files the attachments module records on a step's page before that step
 * is posted; `start` is what the draft held before. Errors are the messages per step.
 */
export function fillSteps(
  form: FormDefinition,
  posts: Record<string, Post>,
  { uploads = {}, start = {} }: { uploads?: Record<string, Answers>; start?: Answers } = {},
) {
  let answers: Answers = start;
  const errors: Record<string, string[]> = {};
  for (const step of form.steps) {
    answers = { ...answers, ...uploads[step.id] };
    const result = validateStep(form, step.id, posts[step.id] ?? {}, answers, 'de', {
      today: TODAY,
    });
    answers = result.answers;
    if (result.errors.length > 0) errors[step.id] = result.errors.map((e) => e.message);
  }
  return { answers, errors };
}

/** One step's page as the form routes render it, without errors unless `view` has some. */
export function stepPage(
  form: FormDefinition,
  stepId: string,
  view: Partial<StepView> = {},
  lang: Language = 'de',
): string {
  return renderStep(frameFor(lang), form, stepId, {
    answers: {},
    errors: [],
    csrf: 't',
    action: '/a',
    ...view,
  }).value;
}

/** Every step in German and English is well linked and titled with the step's title. */
export function assertEveryStepRenders(
  form: FormDefinition,
  answers: Answers,
  viewOf: (stepId: string) => Partial<StepView> = () => ({}),
) {
  for (const lang of ['de', 'en'] as const) {
    for (const step of form.steps) {
      const page = stepPage(form, step.id, { answers, ...viewOf(step.id) }, lang);
      assertWellLinked(page);
      assert.ok(
        page.includes(`<h1 class="kern-heading-large">${step.title[lang]}</h1>`),
        `${lang} ${step.id} has its title`,
      );
    }
  }
}

/** The check-answers page for `answers`, asserted well linked. */
export function checkAnswersPage(form: FormDefinition, answers: Answers): string {
  const page = renderCheckAnswers(frameFor(), form, answers, {
    changeLink: (s, f) => `/${s}#${f}`,
    csrf: 't',
    action: '/x',
  }).value;
  assertWellLinked(page);
  return page;
}

// Answers as a browser posts them (single values, so the HTTP tests can post them too),
// shared by the per-service tests and the HTTP tests.

/** Hund anmelden: the keeper, Anna Schmidt in Meppen. */
export const hundKeeper: Record<string, string> = {
  givenName: 'Anna',
  familyName: 'Schmidt',
  'birthDate-day': '3',
  'birthDate-month': '7',
  'birthDate-year': '1985',
  'keeperAddress-street': 'Hauptstraße',
  'keeperAddress-houseNumber': '12',
  'keeperAddress-postcode': '49716',
  'keeperAddress-place': 'Meppen',
  keeperEmail: 'anna.schmidt@example.org',
};
/** Hund anmelden: the dog, kept since shortly before TODAY. */
export const hundDog: Record<string, string> = {
  dogName: 'Bello',
  breed: 'Labrador-Mischling',
  sex: 'male',
  'dogBirthDate-day': '15',
  'dogBirthDate-month': '4',
  'dogBirthDate-year': '2025',
  chipNumber: '276098100123456',
  colour: 'schwarz',
  'keptSince-day': '20',
  'keptSince-month': '2',
  'keptSince-year': '2027',
};
/** Mängel melden: a pothole. */
export const maengelProblem: Record<string, string> = {
  category: 'road',
  description: 'Tiefes Schlagloch auf der rechten Fahrspur, etwa 30 cm breit.',
};
/** Mängel melden: where the pothole is, by address in Meppen. */
export const maengelPlace: Record<string, string> = {
  locationKind: 'address',
  'locationAddress-street': 'Kirchstraße',
  'locationAddress-houseNumber': '5',
  'locationAddress-postcode': '49716',
  'locationAddress-place': 'Meppen',
};
