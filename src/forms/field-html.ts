// One input field of a step page: label, hint, condition note, error, and the input itself
// (text, choices, checkbox, date, address, file), in KERN UX markup.
import { html, type SafeHtml } from '../web/html.ts';
import type { Translate } from '../web/i18n.ts';
import {
  ADDRESS_PARTS,
  type AddressPart,
  isAttachmentList,
  optionId,
  own,
  partName,
} from './answers.ts';
import { dateExample } from './date-example.ts';
import type { FieldOf, InputField } from './definition.ts';
import { type DatePart, formatBytes } from './formats.ts';
import { type Ctx, errorMessage, type FieldCtx, invalidAttr } from './view-parts.ts';

/** Ids and pieces every input field shares: label, hint, condition note, error message. */
function parts(field: InputField, ctx: FieldCtx) {
  const { t, lang } = ctx;
  const error = ctx.errors.find((e) => e.fieldId === field.id && e.part === undefined);
  const hintText = hintOf(field, ctx);
  const hintId = hintText ? `${field.id}-hint` : undefined;
  const conditionId = ctx.note ? `${field.id}-condition` : undefined;
  const provider = ctx.confirmed?.get(field.id);
  const confirmedId = provider ? `${field.id}-confirmed` : undefined;
  const errorId = error ? `${field.id}-error` : undefined;
  const optional = field.required !== true && field.type !== 'checkbox';
  return {
    error,
    label: html`${field.label[lang]}${optional && html` <span class="kern-label__optional">${t('forms.optional')}</span>`}`,
    describedBy: [conditionId, hintId, confirmedId, errorId].filter(Boolean).join(' '),
    extras: html`${conditionId && html`<div class="kern-hint form-condition" id="${conditionId}">${ctx.note}</div>`}
  ${hintId && html`<div class="kern-hint" id="${hintId}">${hintText}</div>`}
  ${confirmedId && html`<div class="kern-hint form-confirmed" id="${confirmedId}">${t('forms.confirmed', { provider: provider ?? '' })}</div>`}
  ${error && errorMessage(t, errorId ?? '', error.message)}`,
  };
}

function hintOf(field: InputField, ctx: FieldCtx): string | undefined {
  const { t, lang } = ctx;
  const own = field.hint?.[lang];
  // The example follows the field's own hint: it is the one the error messages repeat.
  if (field.type === 'date') {
    const example = t('forms.date.hint', { example: dateExample(field, ctx.today) });
    return own === undefined ? example : `${own} ${example}`;
  }
  if (own !== undefined) return own;
  if (field.type === 'time') return t('forms.time.hint');
  if (field.type === 'file') return fileHint(field, t, ctx.maxFileBytes);
  return undefined;
}

function describedByAttr(ids: string): SafeHtml | '' {
  return ids ? html` aria-describedby="${ids}"` : '';
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

export function inputHtml(field: InputField, ctx: FieldCtx): SafeHtml {
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
