// Step pages and the "check your answers" page of a form, in KERN UX markup with the
// GOV.UK/KERN error pattern: an error summary first, linking to each input; the message next
// to its field; hints and errors tied to inputs with aria-describedby; fieldsets with legends
// around radios, checkboxes, dates and addresses.
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
import { answerLines } from './answer-text.ts';
import {
  ADDRESS_PARTS,
  type AddressPart,
  type Answers,
  answerToValues,
  type FormValues,
  isAttachmentList,
  optionId,
  own,
  partName,
} from './answers.ts';
import {
  COMPARISONS,
  type Condition,
  isAll,
  isAny,
  isLeaf,
  isNot,
  referencedFields,
} from './conditions.ts';
import {
  allFields,
  type Field,
  type FieldOf,
  type FormDefinition,
  findStep,
  type InputField,
  type Step,
} from './definition.ts';
import { type DatePart, formatBytes, formatDate, formatNumber } from './formats.ts';
import { DECLARATION, type FieldError } from './validate.ts';
import { pageConditions, type RenderState, stepApplies, visibilityOf } from './visibility.ts';

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
  progress?: {
    /** Steps already completed, listed as links when `stepHref` is given. */
    completed?: string[];
    stepHref?: (stepId: string) => string;
  };
};

type Ctx = {
  t: Translate;
  lang: Language;
  maxFileBytes: number;
  definition: FormDefinition;
  answers: Answers;
  values: FormValues;
  errors: FieldError[];
};
/** Per field: the "Nur ausfüllen, wenn …" note when the page decides its visibility. */
type FieldCtx = Ctx & { note?: string | undefined };

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
    definition,
    answers: view.answers,
    values: view.values ?? stepValues(step, view.answers),
    errors: view.errors,
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

function paragraphs(text: string): SafeHtml {
  return html`${text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => html`<p class="kern-body">${p}</p>`)}`;
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

/** Ids and pieces every input field shares: label, hint, condition note, error message. */
function parts(field: InputField, ctx: FieldCtx) {
  const { t, lang } = ctx;
  const error = ctx.errors.find((e) => e.fieldId === field.id && e.part === undefined);
  const hintText = field.hint?.[lang] ?? defaultHint(field, t, ctx.maxFileBytes);
  const hintId = hintText ? `${field.id}-hint` : undefined;
  const conditionId = ctx.note ? `${field.id}-condition` : undefined;
  const errorId = error ? `${field.id}-error` : undefined;
  const optional = field.required !== true && field.type !== 'checkbox';
  return {
    error,
    label: html`${field.label[lang]}${optional && html` <span class="kern-label__optional">${t('forms.optional')}</span>`}`,
    describedBy: [conditionId, hintId, errorId].filter(Boolean).join(' '),
    extras: html`${conditionId && html`<div class="kern-hint form-condition" id="${conditionId}">${ctx.note}</div>`}
  ${hintId && html`<div class="kern-hint" id="${hintId}">${hintText}</div>`}
  ${error && errorMessage(t, errorId ?? '', error.message)}`,
  };
}

function defaultHint(field: InputField, t: Translate, maxFileBytes: number): string | undefined {
  if (field.type === 'date') return t('forms.date.hint');
  if (field.type === 'time') return t('forms.time.hint');
  if (field.type === 'file') return fileHint(field, t, maxFileBytes);
  return undefined;
}

function errorMessage(t: Translate, id: string, message: string): SafeHtml {
  return html`<p class="kern-error" id="${id}"><span class="kern-sr-only">${t('forms.error.prefix')}:</span> ${message}</p>`;
}

function describedByAttr(ids: string): SafeHtml | '' {
  return ids ? html` aria-describedby="${ids}"` : '';
}

function invalidAttr(error: unknown): SafeHtml | '' {
  return error ? html` aria-invalid="true"` : '';
}

function value(ctx: Ctx, name: string): string {
  const v = own(ctx.values, name);
  return typeof v === 'string' ? v : '';
}

function list(ctx: Ctx, name: string): string[] {
  const v = own(ctx.values, name);
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

const AUTOCOMPLETE: Record<string, string> = {
  'profile.givenName': 'given-name',
  'profile.familyName': 'family-name',
  'profile.phone': 'tel',
  'account.email': 'email',
};

function inputHtml(field: InputField, ctx: FieldCtx): SafeHtml {
  switch (field.type) {
    case 'radio':
    case 'yesno':
    case 'checkboxes':
      return choiceGroupHtml(field, ctx);
    case 'date':
      return dateHtml(field, ctx);
    case 'address':
      return addressHtml(field, ctx);
    case 'checkbox':
      return checkboxHtml(field, ctx);
    default:
      return singleInputHtml(field, ctx);
  }
}

function singleInputHtml(
  field: FieldOf<
    | 'text'
    | 'textarea'
    | 'number'
    | 'time'
    | 'select'
    | 'email'
    | 'phone'
    | 'iban'
    | 'postcode'
    | 'file'
  >,
  ctx: FieldCtx,
): SafeHtml {
  const p = parts(field, ctx);
  const errorClass = p.error ? ' kern-form-input__input--error' : '';
  const aria = html`${describedByAttr(p.describedBy)}${invalidAttr(p.error)}`;
  const current = value(ctx, field.id);
  let control: SafeHtml;
  switch (field.type) {
    case 'textarea':
      control = html`<textarea class="kern-form-input__input${errorClass}" id="${field.id}" name="${field.id}" rows="${field.rows ?? 5}"${aria}>${current}</textarea>`;
      break;
    case 'select':
      control = html`<div class="kern-form-input__select-wrapper">
    <select class="kern-form-input__select${p.error ? ' kern-form-input__select--error' : ''}" id="${field.id}" name="${field.id}"${aria}>
      <option value="">${ctx.t('forms.select.choose')}</option>
      ${field.options.map((o) => html`<option value="${o.value}"${o.value === current ? html` selected` : ''}>${o.label[ctx.lang]}</option>`)}
    </select>
  </div>`;
      break;
    case 'file':
      control = html`${uploadedList(ctx, field)}<input id="${field.id}" name="${field.id}" type="file" accept="${(field.accept ?? ['application/pdf', 'image/jpeg', 'image/png']).join(',')}"${(field.maxFiles ?? 1) > 1 ? html` multiple` : ''}${aria}>
  <button class="kern-btn kern-btn--secondary form-upload" type="submit" name="_upload" value="${field.id}"><span class="kern-label">${ctx.t('forms.file.upload')}<span class="kern-sr-only"> ${field.label[ctx.lang]}</span></span></button>`;
      break;
    case 'number': {
      const unitId = field.unit ? `${field.id}-unit` : undefined;
      const ids = [p.describedBy, unitId].filter(Boolean).join(' ');
      const box = html`<input class="kern-form-input__input${errorClass}" id="${field.id}" name="${field.id}" type="text" inputmode="${(field.decimals ?? 0) > 0 ? 'decimal' : 'numeric'}" value="${current}" spellcheck="false"${describedByAttr(ids)}${invalidAttr(p.error)}>`;
      control = field.unit
        ? html`<div class="kern-input-group">${box}<span class="kern-input-group-text" id="${unitId}">${field.unit[ctx.lang]}</span></div>`
        : box;
      break;
    }
    default: {
      const attrs = singleLineAttrs(field);
      control = html`<input class="kern-form-input__input${attrs.narrow ? ' kern-form-input__input--width-4' : ''}${errorClass}" id="${field.id}" name="${field.id}" type="${attrs.type}" value="${current}"${attrs.inputmode ? html` inputmode="${attrs.inputmode}"` : ''}${attrs.autocomplete ? html` autocomplete="${attrs.autocomplete}"` : ''}${attrs.spellcheck ? '' : html` spellcheck="false"`}${aria}>`;
    }
  }
  return html`<div class="kern-form-input form-field${p.error ? ' kern-form-input--error' : ''}">
  <label class="kern-label" for="${field.id}">${p.label}</label>
  ${p.extras}
  ${control}
</div>`;
}

function singleLineAttrs(
  field: FieldOf<'text' | 'time' | 'email' | 'phone' | 'iban' | 'postcode'>,
) {
  const bound = field.prefill ? AUTOCOMPLETE[field.prefill] : undefined;
  switch (field.type) {
    case 'email':
      return { type: 'email', autocomplete: bound, spellcheck: false };
    case 'phone':
      return { type: 'tel', autocomplete: bound, spellcheck: false };
    case 'iban':
      return { type: 'text', autocomplete: 'off', spellcheck: false };
    case 'postcode':
      return { type: 'text', inputmode: 'numeric', narrow: true, spellcheck: false };
    case 'time':
      return { type: 'text', inputmode: 'numeric', narrow: true, spellcheck: false };
    case 'text':
      return { type: 'text', autocomplete: field.autocomplete ?? bound, spellcheck: true };
  }
}

function uploadedList(ctx: Ctx, field: FieldOf<'file'>): SafeHtml {
  // Files are listed from the answers: the attachments module records them there. Each has
  // its own "Entfernen" button in the step form (so with its CSRF token), without JavaScript.
  const answer = own(ctx.answers, field.id);
  if (!isAttachmentList(answer) || answer.length === 0) return html``;
  const { t, lang } = ctx;
  return html`<p class="kern-body kern-body--small" id="${field.id}-files">${t('forms.file.uploaded')}</p><ul class="kern-list kern-list--small form-files" aria-labelledby="${field.id}-files">${answer.map(
    (f) =>
      html`<li><span class="form-file-name">${f.name}</span> <span class="kern-body--muted">(${formatBytes(f.size, lang)})</span> <button class="kern-btn kern-btn--tertiary kern-btn--small" type="submit" name="_remove" value="${f.id}"><span class="kern-label">${t('forms.file.remove')}<span class="kern-sr-only"> ${f.name}</span></span></button></li>`,
  )}</ul>`;
}

function fileHint(field: FieldOf<'file'>, t: Translate, maxFileBytes: number): string {
  const names: Record<string, string> = {
    'application/pdf': 'PDF',
    'image/jpeg': 'JPEG',
    'image/png': 'PNG',
  };
  const types = (field.accept ?? ['application/pdf', 'image/jpeg', 'image/png'])
    .map((type) => names[type] ?? type)
    .join(', ');
  const size = formatBytes(Math.min(field.maxBytes ?? maxFileBytes, maxFileBytes), 'de');
  const count = field.maxFiles ?? 1;
  return count > 1
    ? t('forms.file.hintMany', { types, size, count })
    : t('forms.file.hint', { types, size });
}

function choiceGroupHtml(
  field: FieldOf<'radio' | 'yesno' | 'checkboxes'>,
  ctx: FieldCtx,
): SafeHtml {
  const { t, lang } = ctx;
  const p = parts(field, ctx);
  const isCheckbox = field.type === 'checkboxes';
  const options =
    field.type === 'yesno'
      ? [
          { value: 'yes', label: t('forms.yes'), hint: undefined },
          { value: 'no', label: t('forms.no'), hint: undefined },
        ]
      : field.options.map((o) => ({ value: o.value, label: o.label[lang], hint: o.hint?.[lang] }));
  const chosen = list(ctx, field.id);
  const kind = isCheckbox ? 'checkbox' : 'radio';
  return html`<fieldset class="kern-fieldset form-field${p.error ? ' kern-fieldset--error' : ''}"${describedByAttr(p.describedBy)}>
  <legend class="kern-label">${p.label}</legend>
  ${p.extras}
  <div class="kern-fieldset__body${field.type === 'yesno' ? ' kern-fieldset__body--horizontal' : ''}">
    ${options.map((o) => {
      const id = optionId(field.id, o.value);
      return html`<div class="kern-form-check">
      <input class="kern-form-check__${kind}${p.error ? ` kern-form-check__${kind}--error` : ''}" type="${kind}" id="${id}" name="${field.id}" value="${o.value}"${chosen.includes(o.value) ? html` checked` : ''}${o.hint ? html` aria-describedby="${id}-hint"` : ''}>
      <label class="kern-label" for="${id}">${o.label}</label>
      ${o.hint && html`<div class="kern-hint" id="${id}-hint">${o.hint}</div>`}
    </div>`;
    })}
  </div>
</fieldset>`;
}

function checkboxHtml(field: FieldOf<'checkbox'>, ctx: FieldCtx): SafeHtml {
  const p = parts(field, ctx);
  const checked = value(ctx, field.id) === 'yes';
  return html`<div class="kern-form-input form-field${p.error ? ' kern-form-input--error' : ''}">
  ${p.extras}
  <div class="kern-form-check">
    <input class="kern-form-check__checkbox${p.error ? ' kern-form-check__checkbox--error' : ''}" type="checkbox" id="${field.id}" name="${field.id}" value="yes"${checked ? html` checked` : ''}${describedByAttr(p.describedBy)}${invalidAttr(p.error)}>
    <label class="kern-label" for="${field.id}">${p.label}</label>
  </div>
</div>`;
}

function dateHtml(field: FieldOf<'date'>, ctx: FieldCtx): SafeHtml {
  const { t } = ctx;
  const p = parts(field, ctx);
  const wrong = new Set<DatePart>(p.error?.dateParts ?? []);
  const bday = field.prefill === 'profile.birthDate';
  const box = (part: DatePart, label: string) => {
    const id = partName(field.id, part);
    const bad = wrong.has(part);
    return html`<div class="kern-form-input">
      <label class="kern-label" for="${id}">${label}</label>
      <input class="kern-form-input__input ${part === 'year' ? 'kern-form-input__input--width-4' : 'kern-form-input__input--width-2'}${bad ? ' kern-form-input__input--error' : ''}" id="${id}" name="${id}" type="text" inputmode="numeric" value="${value(ctx, id)}"${bday ? html` autocomplete="bday-${part}"` : ''}${invalidAttr(bad)}>
    </div>`;
  };
  return html`<fieldset class="kern-fieldset form-field${p.error ? ' kern-fieldset--error' : ''}"${describedByAttr(p.describedBy)}>
  <legend class="kern-label">${p.label}</legend>
  ${p.extras}
  <div class="kern-fieldset__body kern-fieldset__body--horizontal">
    ${box('day', t('forms.date.day'))}${box('month', t('forms.date.month'))}${box('year', t('forms.date.year'))}
  </div>
</fieldset>`;
}

const ADDRESS_AUTOCOMPLETE: Record<AddressPart, string> = {
  street: 'address-line1',
  houseNumber: 'off',
  postcode: 'postal-code',
  place: 'address-level2',
};

function addressHtml(field: FieldOf<'address'>, ctx: FieldCtx): SafeHtml {
  const { t } = ctx;
  const p = parts(field, ctx);
  const partErrors = ctx.errors.filter((e) => e.fieldId === field.id && e.part !== undefined);
  const own = field.prefill === 'profile.address';
  const line = (part: AddressPart) => {
    const id = partName(field.id, part);
    const error = partErrors.find((e) => e.part === part);
    const errorId = `${id}-error`;
    const narrow = part === 'houseNumber' || part === 'postcode';
    return html`<div class="kern-form-input${error ? ' kern-form-input--error' : ''}">
      <label class="kern-label" for="${id}">${t(`forms.address.${part}`)}</label>
      ${error && errorMessage(t, errorId, error.message)}
      <input class="kern-form-input__input${narrow ? ' kern-form-input__input--width-4' : ''}${error ? ' kern-form-input__input--error' : ''}" id="${id}" name="${id}" type="text" value="${value(ctx, id)}"${part === 'postcode' ? html` inputmode="numeric"` : ''}${own ? html` autocomplete="${ADDRESS_AUTOCOMPLETE[part]}"` : ''}${error ? html` aria-describedby="${errorId}" aria-invalid="true"` : ''}>
    </div>`;
  };
  return html`<fieldset class="kern-fieldset form-field${p.error || partErrors.length > 0 ? ' kern-fieldset--error' : ''}"${describedByAttr(p.describedBy)}>
  <legend class="kern-label">${p.label}</legend>
  ${p.extras}
  <div class="kern-fieldset__body">
    ${ADDRESS_PARTS.map(line)}
  </div>
</fieldset>`;
}

/** "Nur ausfüllen, wenn bei „Öffentliche Veranstaltung?“ „Ja“ ausgewählt ist." */
function conditionNote(open: Condition, ctx: Ctx): string {
  return ctx.t('forms.condition.note', {
    condition: describeCondition(open, ctx.definition, ctx.t, ctx.lang),
  });
}

/** A condition in words, for the note next to a field that depends on the same page. */
export function describeCondition(
  condition: Condition,
  definition: FormDefinition,
  t: Translate,
  lang: Language,
  nested = false,
): string {
  if (isAll(condition) || isAny(condition)) {
    const parts = isAll(condition) ? condition.all : condition.any;
    const text = parts
      .map((c) => describeCondition(c, definition, t, lang, true))
      .join(t(isAll(condition) ? 'forms.list.and' : 'forms.list.or'));
    return nested && parts.length > 1 ? `(${text})` : text;
  }
  if (isNot(condition)) {
    const inner = condition.not;
    if (isLeaf(inner) && !COMPARISONS.some((op) => op in inner)) {
      return leafText(inner, definition, t, lang, true);
    }
    return t('forms.condition.not', {
      condition: describeCondition(inner, definition, t, lang, true),
    });
  }
  return leafText(condition, definition, t, lang, false);
}

const DATE_COMPARISONS = {
  gt: 'forms.condition.dateGt',
  gte: 'forms.condition.dateGte',
  lt: 'forms.condition.dateLt',
  lte: 'forms.condition.dateLte',
} as const;

function leafText(
  leaf: Extract<Condition, { field: string }>,
  definition: FormDefinition,
  t: Translate,
  lang: Language,
  negated: boolean,
): string {
  const field = allFields(definition).find((f) => f.field.id === leaf.field)?.field;
  if (field === undefined || field.type === 'info') return '';
  const label = field.label[lang];
  const quote = (text: string) => t('forms.quote', { text });
  const choice = ['select', 'radio', 'checkboxes', 'yesno', 'checkbox'].includes(field.type);
  if ('equals' in leaf || 'in' in leaf) {
    const operands = 'equals' in leaf ? [leaf.equals] : leaf.in;
    const values = operands
      .map((v) => quote(displayOperand(field, v, t, lang)))
      .join(t('forms.list.or'));
    const key = choice
      ? negated
        ? 'forms.condition.notChosen'
        : 'forms.condition.chosen'
      : negated
        ? 'forms.condition.notEntered'
        : 'forms.condition.entered';
    return t(key, { label, values });
  }
  const ops = COMPARISONS.flatMap((op) => {
    const operand = leaf[op];
    if (operand === undefined) return [];
    if (typeof operand === 'string') {
      return [t(DATE_COMPARISONS[op], { value: formatDate(operand, lang) })];
    }
    return [t(`forms.condition.${op}`, { value: displayOperand(field, operand, t, lang) })];
  });
  return t('forms.condition.entered', { label, values: ops.join(t('forms.list.and')) });
}

function displayOperand(
  field: InputField,
  operand: string | number | boolean,
  t: Translate,
  lang: Language,
): string {
  if (typeof operand === 'boolean') return t(operand ? 'forms.yes' : 'forms.no');
  if (typeof operand === 'number') {
    const unit = field.type === 'number' ? field.unit?.[lang] : undefined;
    return unit ? `${formatNumber(operand, lang)} ${unit}` : formatNumber(operand, lang);
  }
  if ('options' in field) {
    return field.options.find((o) => o.value === operand)?.label[lang] ?? operand;
  }
  if (field.type === 'date') return formatDate(operand, lang);
  return operand;
}

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
