// What the step page, its fields and the check page share.
import { html, type SafeHtml } from '../web/html.ts';
import type { Language, Translate } from '../web/i18n.ts';
import type { Answers, FormValues } from './answers.ts';
import type { FormDefinition } from './definition.ts';
import type { FieldError } from './validate.ts';
import './messages.ts';

export type Ctx = {
  t: Translate;
  lang: Language;
  maxFileBytes: number;
  today: string;
  definition: FormDefinition;
  answers: Answers;
  values: FormValues;
  errors: FieldError[];
  /** Fields whose answer a provider confirmed, with its name ("Bestätigt über BundID"). */
  confirmed?: ReadonlyMap<string, string>;
};
/** Per field: the "Nur ausfüllen, wenn …" note when the page decides its visibility. */
export type FieldCtx = Ctx & { note?: string | undefined };

export function paragraphs(text: string): SafeHtml {
  return html`${text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => html`<p class="kern-body">${p}</p>`)}`;
}

export function errorMessage(t: Translate, id: string, message: string): SafeHtml {
  return html`<p class="kern-error" id="${id}"><span class="kern-sr-only">${t('forms.error.prefix')}:</span> ${message}</p>`;
}

export function invalidAttr(error: unknown): SafeHtml | '' {
  return error ? html` aria-invalid="true"` : '';
}
