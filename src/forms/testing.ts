// Test support: small definitions built in code, a page frame, and HTML checks that every
// id is unique and every reference (aria-describedby, label for, #links) points somewhere.
import assert from 'node:assert/strict';
import { type Language, translator } from '../web/i18n.ts';
import type { PageFrame } from '../web/layout.ts';
import { type FormDefinition, loadDefinition } from './definition.ts';

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
