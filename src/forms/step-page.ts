// Step pages of a form (the check page is check-page.ts, one field field-html.ts), in KERN UX
// markup with the GOV.UK/KERN error pattern: an error summary first, linking to each input;
// the message next to its field; hints and errors tied to inputs with aria-describedby;
// fieldsets with legends around radios, checkboxes, dates and addresses.
//
// Conditional fields without JavaScript: a page cannot react to an answer given on the same
// page, so each field gets one of three render states (visibility.ts, `pageConditions`):
// - its condition depends only on earlier steps, which are answered: the server knows, so a
//   field that does not apply is left out of the page entirely. (Not rendered with `hidden`:
//   KERN's `display: flex` on form groups overrides the attribute, and a hidden input would
//   still be posted. Validation discards it either way.)
// - its condition involves an answer on this page: the field is always shown, with a note
//   "Nur ausfüllen, wenn …" built from the part of the condition still open, indented under a
//   bar (site.css), and validation ignores it when the condition turns out false. The wrapper
//   carries `data-depends-on` so a later script can hide and reveal it as progressive
//   enhancement; the page never needs that script.
// See docs/adr/0008-form-definitions-and-conditional-fields-without-javascript.md.
// Definitions should therefore put questions that depend on an answer on a later step where
// they can; same-page conditions suit short follow-ups (radio → one or two fields).
import { NotFoundError } from '../errors.ts';
import { html, type SafeHtml } from '../web/html.ts';
import type { Language, Translate } from '../web/i18n.ts';
import { errorSummary, layout, type PageFrame } from '../web/layout.ts';
import { type Answers, answerToValues, type FormValues, own } from './answers.ts';
import { conditionNote } from './condition-text.ts';
import { type Condition, referencedFields } from './conditions.ts';
import type { Field, FieldOf, FormDefinition, Step } from './definition.ts';
import { findStep } from './definition-fields.ts';
import { inputHtml } from './field-html.ts';
import { berlinToday } from './formats.ts';
import type { FieldError } from './validate.ts';
import { type Ctx, paragraphs } from './view-parts.ts';
import { pageConditions, type RenderState, stepApplies } from './visibility.ts';

export type StepView = {
  /** Everything known: prefill, the draft, and this post's valid answers. */
  answers: Answers;
  /** What was just posted (validateStep's `values`); shown instead of `answers` when set. */
  values?: FormValues;
  errors: FieldError[];
  csrf: string;
  /** Where the step form posts to. */
  action: string;
  /** The draft's revision, posted back as `_revision` so a stale save can be detected. */
  revision?: number;
  /** A message above the form, e.g. that the draft was changed in another window. */
  notice?: string;
  /** A confirmation above the form, e.g. that a file was uploaded or removed. */
  confirmation?: string;
  /** The configured per-file upload limit; a field's maxBytes may only lower it. */
  maxFileBytes?: number;
  /** Today in Germany (ISO); date hints pick their example inside the field's window. */
  today?: string;
  /** Fields still holding what an identity provider confirmed (prefill.ts confirmedFields). */
  confirmed?: ReadonlyMap<string, string>;
  progress?: {
    /** Steps already completed, listed as links when `stepHref` is given. */
    completed?: string[];
    stepHref?: (stepId: string) => string;
  };
};

export function renderStep(
  frame: PageFrame,
  definition: FormDefinition,
  stepId: string,
  view: StepView,
): SafeHtml {
  const step = findStep(definition, stepId);
  if (step === undefined) throw new NotFoundError('form.step', stepId);
  const { t, lang } = frame;
  const page = pageConditions(definition, stepId, view.answers);
  const ctx: Ctx = {
    t,
    lang,
    maxFileBytes: view.maxFileBytes ?? 20 * 1024 * 1024,
    today: view.today ?? berlinToday(new Date()),
    definition,
    answers: view.answers,
    values: view.values ?? stepValues(step, view.answers),
    errors: view.errors,
    confirmed: view.confirmed,
  };
  const index = definition.steps.indexOf(step);
  const isLast = index === definition.steps.length - 1;
  // Enter in a text box submits with the form's first button: with files on the page, that
  // must be "Weiter" (first, invisible), not "Entfernen" next to an uploaded file.
  const hasFiles = step.fields.some((f) => f.type === 'file' && page.state(f.id) !== 'hidden');
  const href = view.progress?.stepHref;
  const previous = definition.steps
    .slice(0, index)
    .reverse()
    .find((s) => stepApplies(definition, s.id, view.answers));
  const title = `${view.errors.length > 0 ? `${t('forms.error.prefix')}: ` : ''}${step.title[lang]} – ${definition.title[lang]}`;

  return layout(
    frame,
    title,
    html`${href && previous && html`<p class="kern-body"><a class="kern-link" href="${href(previous.id)}">${t('forms.step.back')}</a></p>`}
${errorSummary(
  t('forms.error.summary'),
  view.errors.map((e) => ({ field: e.input, message: e.message })),
)}
${view.notice && html`<div class="kern-alert kern-alert--warning" role="status"><div class="kern-alert__body"><p class="kern-body">${view.notice}</p></div></div>`}
${view.confirmation && html`<div class="kern-alert kern-alert--success" role="status"><div class="kern-alert__body"><p class="kern-body">${view.confirmation}</p></div></div>`}
${progressHtml(t, lang, definition, step, view.progress)}
<p class="kern-preline">${definition.title[lang]}</p>
<h1 class="kern-heading-large">${step.title[lang]}</h1>
${step.intro && paragraphs(step.intro[lang])}
<form class="form-step" method="post" action="${view.action}" novalidate${hasFiles ? html` enctype="multipart/form-data"` : ''}>
  <input type="hidden" name="_csrf" value="${view.csrf}">
  ${view.revision !== undefined && html`<input type="hidden" name="_revision" value="${view.revision}">`}
  ${hasFiles && html`<button class="kern-sr-only" type="submit" tabindex="-1" aria-hidden="true">${t(isLast ? 'forms.step.toCheck' : 'forms.step.continue')}</button>`}
  ${step.fields.map((field) => {
    const state = page.state(field.id);
    return state === 'hidden' ? '' : fieldHtml(field, state, page.open(field.id), ctx);
  })}
  <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t(isLast ? 'forms.step.toCheck' : 'forms.step.continue')}</span></button>
</form>`,
  );
}

function stepValues(step: Step, answers: Answers): FormValues {
  const values: FormValues = {};
  for (const field of step.fields) {
    if (field.type !== 'info') Object.assign(values, answerToValues(field, own(answers, field.id)));
  }
  return values;
}

function progressHtml(
  t: Translate,
  lang: Language,
  definition: FormDefinition,
  current: Step,
  progress: StepView['progress'],
): SafeHtml {
  const total = definition.steps.length;
  const number = definition.steps.indexOf(current) + 1;
  const label = t('forms.progress.step', { current: number, total });
  const completed = new Set(progress?.completed ?? []);
  return html`<nav class="form-progress" aria-label="${t('forms.progress.label')}">
  <div class="kern-progress">
    <p class="kern-body kern-body--small" id="_progress-label">${label}</p>
    <progress id="_progress" max="${total}" value="${number}" aria-labelledby="_progress-label">${label}</progress>
  </div>
  <ol class="kern-list kern-list--number kern-list--small">${definition.steps.map((s) => {
    const title = s.title[lang];
    if (s === current) return html`<li aria-current="step"><strong>${title}</strong></li>`;
    const done = completed.has(s.id);
    const text = html`${title}${done && html` <span class="kern-sr-only">${t('forms.progress.done')}</span>`}`;
    return progress?.stepHref && done
      ? html`<li><a class="kern-link" href="${progress.stepHref(s.id)}">${text}</a></li>`
      : html`<li>${text}</li>`;
  })}</ol>
</nav>`;
}
function fieldHtml(
  field: Field,
  state: RenderState,
  open: Condition | undefined,
  ctx: Ctx,
): SafeHtml {
  const note = open && conditionNote(open, ctx);
  const inner =
    field.type === 'info' ? infoHtml(field, ctx, note) : inputHtml(field, { ...ctx, note });
  if (state !== 'conditional' || open === undefined) return inner;
  const dependsOn = [...new Set(referencedFields(open))].join(' ');
  return html`<div class="form-conditional" data-depends-on="${dependsOn}">${inner}</div>`;
}

function infoHtml(field: FieldOf<'info'>, ctx: Ctx, note: string | undefined): SafeHtml {
  return html`<div class="kern-alert kern-alert--info" id="${field.id}">
  ${field.title && html`<div class="kern-alert__header"><h2 class="kern-title">${field.title[ctx.lang]}</h2></div>`}
  <div class="kern-alert__body">${note && html`<p class="kern-body kern-body--small">${note}</p>`}${paragraphs(field.text[ctx.lang])}</div>
</div>`;
}
