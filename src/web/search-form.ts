import { html, type SafeHtml } from './html.ts';
import type { MessageKey } from './i18n.ts';
import type { PageFrame } from './layout.ts';

/** What the citizen typed and, after a failed search, the message for it. */
export type SearchFormState = { value: string; error?: MessageKey };

export type SearchFormSpec = {
  /** GET target; the field is always named `q`, so the error summary can link to `#q`. */
  action: string;
  /** Prefix of the ids in the form (heading), unique on the page. */
  id: string;
  /** The input's id (`q` unless told): a page with two searches needs two. */
  inputId?: string;
  heading: MessageKey;
  label: MessageKey;
  hint: MessageKey;
  submit: MessageKey;
  type: 'text' | 'search';
  autocomplete: string;
};

/**
 * A one-field GET search in KERN markup (the finder, the service search): label, hint, error
 * next to the field with aria-describedby, and a heading of the level the page needs.
 */
export function searchForm(
  frame: PageFrame,
  spec: SearchFormSpec,
  state: SearchFormState,
  level: 'h1' | 'h2',
): SafeHtml {
  const { t } = frame;
  const error = state.error && t(state.error);
  const title = t(spec.heading);
  const headingId = `${spec.id}-heading`;
  const q = spec.inputId ?? 'q';
  return html`<form class="finder section" method="get" action="${spec.action}" role="search" aria-labelledby="${headingId}" novalidate>
  ${level === 'h1' ? html`<h1 class="kern-heading-large" id="${headingId}">${title}</h1>` : html`<h2 class="kern-heading-medium" id="${headingId}">${title}</h2>`}
  <div class="kern-form-input${error ? ' kern-form-input--error' : ''}">
    <label class="kern-label" for="${q}">${t(spec.label)}</label>
    <div class="kern-hint" id="${q}-hint">${t(spec.hint)}</div>
    ${error && html`<p class="kern-error" id="${q}-error"><span class="kern-sr-only">${t('web.error.prefix')}</span> ${error}</p>`}
    <input class="kern-form-input__input${error ? ' kern-form-input__input--error' : ''}" id="${q}" name="q" type="${spec.type}"
      value="${state.value}" maxlength="100" autocomplete="${spec.autocomplete}" spellcheck="false"
      aria-describedby="${q}-hint${error ? ` ${q}-error` : ''}"${error ? html` aria-invalid="true"` : ''}>
  </div>
  <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t(spec.submit)}</span></button>
</form>`;
}
