import { formatDateTime } from '../web/format.ts';
import { html, type SafeHtml } from '../web/html.ts';
import type { MessageKey } from '../web/i18n.ts';
import { errorSummary, layout, type PageFrame } from '../web/layout.ts';
import './messages.ts';

export type FieldErrors = Record<string, MessageKey>;
type Field = {
  name: string;
  label: MessageKey;
  type: 'email' | 'password' | 'checkbox';
  autocomplete?: string;
  hint?: MessageKey;
  value?: string;
};

function field(frame: PageFrame, f: Field, errors: FieldErrors): SafeHtml {
  const { t } = frame;
  const error = errors[f.name];
  const describedBy = [f.hint && `${f.name}-hint`, error && `${f.name}-error`]
    .filter(Boolean)
    .join(' ');
  const errorText =
    error &&
    html`<p class="kern-error" id="${f.name}-error"><span class="kern-sr-only">${t('accounts.error.summary')}:</span> ${t(error)}</p>`;
  if (f.type === 'checkbox') {
    return html`<div class="kern-form-check${error ? ' kern-form-check--error' : ''}">
  ${errorText}
  <input class="kern-form-check__checkbox${error ? ' kern-form-check__checkbox--error' : ''}" type="checkbox" id="${f.name}" name="${f.name}" value="ja"${describedBy ? html` aria-describedby="${describedBy}"` : ''}>
  <label class="kern-label" for="${f.name}">${t(f.label)}</label>
</div>`;
  }
  return html`<div class="kern-form-input${error ? ' kern-form-input--error' : ''}">
  <label class="kern-label" for="${f.name}">${t(f.label)}</label>
  ${f.hint && html`<div class="kern-hint" id="${f.name}-hint">${t(f.hint)}</div>`}
  ${errorText}
  <input class="kern-form-input__input${error ? ' kern-form-input__input--error' : ''}" id="${f.name}" name="${f.name}" type="${f.type}"
    ${f.type === 'email' ? html`value="${f.value ?? ''}" spellcheck="false" maxlength="254"` : html`maxlength="1024"`}
    autocomplete="${f.autocomplete ?? 'off'}"${describedBy ? html` aria-describedby="${describedBy}"` : ''}${error ? html` aria-invalid="true"` : ''}>
</div>`;
}

export type FormPage = {
  title: MessageKey;
  lead?: SafeHtml | string;
  action: string;
  csrf: string;
  fields: Field[];
  hidden?: Record<string, string>;
  submit: MessageKey;
  errors?: FieldErrors;
  /** A message that belongs to no field (wrong password, blocked). */
  formError?: string;
  after?: SafeHtml;
};

export function formPage(frame: PageFrame, page: FormPage): SafeHtml {
  const { t } = frame;
  const errors = page.errors ?? {};
  const listed = Object.entries(errors).map(([name, key]) => ({ field: name, message: t(key) }));
  if (page.formError)
    listed.unshift({ field: page.fields[0]?.name ?? 'inhalt', message: page.formError });
  const title =
    listed.length > 0 ? `${t('accounts.error.summary')}: ${t(page.title)}` : t(page.title);
  return layout(
    frame,
    title,
    html`${errorSummary(t('accounts.error.summary'), listed)}
<h1 class="kern-heading-large">${t(page.title)}</h1>
${page.lead && html`<p class="kern-body">${page.lead}</p>`}
<form class="finder" method="post" action="${page.action}" novalidate>
  <input type="hidden" name="_csrf" value="${page.csrf}">
  ${Object.entries(page.hidden ?? {}).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
  ${page.fields.map((f) => field(frame, f, errors))}
  <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t(page.submit)}</span></button>
</form>
${page.after}`,
  );
}

export function noticePage(
  frame: PageFrame,
  title: MessageKey,
  body: string,
  after?: SafeHtml,
): SafeHtml {
  const { t } = frame;
  return layout(
    frame,
    t(title),
    html`<h1 class="kern-heading-large">${t(title)}</h1>
<div class="kern-alert kern-alert--info" role="status"><div class="kern-alert__body"><p class="kern-body">${body}</p></div></div>
${after}`,
  );
}

export type AccountView = {
  email: string;
  createdAt: Date;
  sessions: number;
  events: { kind: string; at: Date }[];
  csrf: string;
};

export function accountPage(frame: PageFrame, view: AccountView): SafeHtml {
  const { t, lang } = frame;
  const format = (d: Date) => formatDateTime(d, lang);
  const eventLabel = (kind: string) => {
    const key = `accounts.event.${kind}` as MessageKey;
    return t(key) ?? kind;
  };
  return layout(
    frame,
    t('accounts.account.title'),
    html`<h1 class="kern-heading-large">${t('accounts.account.title')}</h1>
<nav aria-label="${t('accounts.account.title')}"><ul class="kern-list">
  <li><a class="kern-link" href="/konto/profil">${t('accounts.nav.profile')}</a></li>
  <li><a class="kern-link" href="/konto/datenschutz">${t('accounts.nav.privacy')}</a></li>
  <li><a class="kern-link" href="/konto/zwei-faktor">${t('accounts.account.twoFactor')}</a></li>
  <li><a class="kern-link" href="/antraege/entwuerfe">${t('drafts.list.title')}</a></li>
</ul></nav>
<dl class="kern-description-list">
  <div class="kern-description-list-item"><dt class="kern-description-list-item__key">${t('accounts.account.email')}</dt><dd class="kern-description-list-item__value">${view.email}</dd></div>
  <div class="kern-description-list-item"><dt class="kern-description-list-item__key">${t('accounts.account.since')}</dt><dd class="kern-description-list-item__value">${format(view.createdAt)}</dd></div>
  <div class="kern-description-list-item"><dt class="kern-description-list-item__key">${t('accounts.account.sessions')}</dt><dd class="kern-description-list-item__value">${view.sessions}</dd></div>
</dl>
<form method="post" action="/konto/abmelden" class="section"><input type="hidden" name="_csrf" value="${view.csrf}">
  <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('accounts.logout.submit')}</span></button></form>
<form method="post" action="/konto/ueberall-abmelden" class="section"><input type="hidden" name="_csrf" value="${view.csrf}">
  <button class="kern-btn kern-btn--secondary" type="submit"><span class="kern-label">${t('accounts.logout.everywhere')}</span></button></form>
<section class="section" aria-labelledby="log-heading">
  <h2 class="kern-heading-medium" id="log-heading">${t('accounts.account.log')}</h2>
  <table class="kern-table">
    <thead class="kern-table__header"><tr class="kern-table__row"><th class="kern-table__header" scope="col">${t('accounts.account.logWhen')}</th><th class="kern-table__header" scope="col">${t('accounts.account.logWhat')}</th></tr></thead>
    <tbody class="kern-table__body">${view.events.map(
      (e) =>
        html`<tr class="kern-table__row"><td class="kern-table__cell">${format(e.at)}</td><td class="kern-table__cell">${eventLabel(e.kind)}</td></tr>`,
    )}</tbody>
  </table>
</section>`,
  );
}
