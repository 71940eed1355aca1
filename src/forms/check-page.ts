// The "check your answers" page: every answer with a link to change it, and the declaration
// the citizen confirms before sending.
import { html, type SafeHtml } from '../web/html.ts';
import type { Language, Translate } from '../web/i18n.ts';
import { errorSummary, layout, type PageFrame } from '../web/layout.ts';
import { answerLines } from './answer-text.ts';
import { type Answers, isAttachmentList, own } from './answers.ts';
import type { FormDefinition, InputField } from './definition.ts';
import { formatBytes } from './formats.ts';
import { DECLARATION, type FieldError } from './validate.ts';
import { errorMessage, invalidAttr, paragraphs } from './view-parts.ts';
import { visibilityOf } from './visibility.ts';

export type CheckView = {
  /** The address of the step page that asks this field (the route may add `#<input id>`). */
  changeLink: (stepId: string, fieldId: string) => string;
  csrf: string;
  /** Where the declaration form posts to. */
  action: string;
  /** From validateAll and validateDeclaration. */
  errors?: FieldError[];
  /** Why sending failed although the answers are fine (nothing was sent, nothing lost). */
  problem?: string;
};

/**
 * "Prüfen Sie Ihre Angaben": each step's answers as a summary list with change links, then
 * the declaration to confirm. Shows only fields that apply; an unanswered optional one says
 * "Keine Angabe".
 */
export function renderCheckAnswers(
  frame: PageFrame,
  definition: FormDefinition,
  answers: Answers,
  view: CheckView,
): SafeHtml {
  const { t, lang } = frame;
  const errors = view.errors ?? [];
  const visible = visibilityOf(definition, answers);
  const rowId = (fieldId: string) => `answer-${fieldId}`;
  const declarationError = errors.find((e) => e.fieldId === DECLARATION);
  // One entry per answer: its row shows the first problem, the change link leads to the rest.
  const firstPerField = errors.filter(
    (e, i) => errors.findIndex((o) => o.fieldId === e.fieldId) === i,
  );
  const summary = errorSummary(
    t('forms.error.summary'),
    firstPerField.map((e) => ({
      field: e.fieldId === DECLARATION ? DECLARATION : rowId(e.fieldId),
      message: e.message,
    })),
  );
  const steps = definition.steps
    .map((step) => ({
      step,
      fields: step.fields.filter((f): f is InputField => f.type !== 'info' && visible(f.id)),
    }))
    .filter((s) => s.fields.length > 0);
  const title = `${errors.length > 0 ? `${t('forms.error.prefix')}: ` : ''}${t('forms.check.title')} – ${definition.title[lang]}`;

  return layout(
    frame,
    title,
    html`${summary}
${view.problem && html`<div class="kern-alert kern-alert--danger" role="alert"><div class="kern-alert__body"><p class="kern-body">${view.problem}</p></div></div>`}
<p class="kern-preline">${definition.title[lang]}</p>
<h1 class="kern-heading-large">${t('forms.check.title')}</h1>
<p class="kern-body">${t('forms.check.lead')}</p>
${steps.map(
  ({ step, fields }, i) => html`<div class="kern-summary section">
  <div class="kern-summary__header">
    <h2 class="kern-title kern-summary__title-wrapper"><span class="kern-number">${i + 1}</span><span>${step.title[lang]}</span></h2>
  </div>
  <div class="kern-summary__body">
    <dl class="kern-description-list form-answers">${fields.map((field) => {
      const error = errors.find((e) => e.fieldId === field.id);
      return html`
      <div class="kern-description-list-item" id="${rowId(field.id)}">
        <dt class="kern-description-list-item__key">${field.label[lang]}</dt>
        <dd class="kern-description-list-item__value">${answerHtml(field, own(answers, field.id), t, lang)}${error && errorMessage(t, `${rowId(field.id)}-error`, error.message)}</dd>
        <dd class="form-change"><a class="kern-link" href="${view.changeLink(step.id, field.id)}">${t('forms.check.change')}<span class="kern-sr-only"> ${field.label[lang]}</span></a></dd>
      </div>`;
    })}
    </dl>
  </div>
</div>`,
)}
<form class="section" method="post" action="${view.action}" novalidate>
  <input type="hidden" name="_csrf" value="${view.csrf}">
  <fieldset class="kern-fieldset form-declaration${declarationError ? ' kern-fieldset--error' : ''}" aria-describedby="${DECLARATION}-text${declarationError ? ` ${DECLARATION}-error` : ''}">
    <legend class="kern-label kern-label--large">${t('forms.check.declaration')}</legend>
    <div class="kern-body" id="${DECLARATION}-text">${paragraphs(definition.declaration[lang])}</div>
    ${declarationError && errorMessage(t, `${DECLARATION}-error`, declarationError.message)}
    <div class="kern-fieldset__body">
      <div class="kern-form-check">
        <input class="kern-form-check__checkbox${declarationError ? ' kern-form-check__checkbox--error' : ''}" type="checkbox" id="${DECLARATION}" name="${DECLARATION}" value="yes"${invalidAttr(declarationError)}>
        <label class="kern-label" for="${DECLARATION}">${t('forms.check.declarationConfirm')}</label>
      </div>
    </div>
  </fieldset>
  <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('forms.check.submit')}</span></button>
</form>`,
  );
}

/**
 * One answer as a reader expects it, from the same lines as the receipt and the snapshot
 * (answer-text.ts): option labels, `4. April 2026`, `50 m`, grouped IBAN. Only the page adds
 * markup: several lines break, several chosen options are a list, and files are always a list
 * with their sizes, which the documents give beside the answers instead.
 */
function answerHtml(field: InputField, answer: unknown, t: Translate, lang: Language): SafeHtml {
  const lines = answerLines(field, answer, t, lang);
  if (lines.length === 0) {
    return html`<span class="kern-body--muted">${t('forms.check.none')}</span>`;
  }
  if (field.type === 'file' && isAttachmentList(answer)) {
    // answerLines gives one line per file, in the order of the list.
    return html`<ul class="kern-list kern-list--small">${answer.map((f, i) => html`<li>${lines[i]} <span class="kern-body--muted">(${formatBytes(f.size, lang)})</span></li>`)}</ul>`;
  }
  if (field.type === 'checkboxes' && lines.length > 1) {
    return html`<ul class="kern-list kern-list--small">${lines.map((l) => html`<li>${l}</li>`)}</ul>`;
  }
  return html`${lines.map((line, i) => html`${i > 0 && html`<br>`}${line}`)}`;
}
