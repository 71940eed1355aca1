import { formatDateTime } from '../../web/format.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import type { MessageKey } from '../../web/i18n.ts';
import { errorSummary, layout, type PageFrame } from '../../web/layout.ts';

export function privacyPage(
  frame: PageFrame,
  csrf: string,
  errors: Record<string, MessageKey> = {},
): SafeHtml {
  const { t } = frame;
  const listed = Object.entries(errors).map(([field, key]) => ({ field, message: t(key) }));
  const err = (name: string) =>
    errors[name] &&
    html`<p class="kern-error" id="${name}-error"><span class="kern-sr-only">${t('accounts.error.summary')}:</span> ${t(errors[name])}</p>`;
  return layout(
    frame,
    listed.length > 0
      ? `${t('accounts.error.summary')}: ${t('accounts.privacy.title')}`
      : t('accounts.privacy.title'),
    html`${errorSummary(t('accounts.error.summary'), listed)}
<h1 class="kern-heading-large">${t('accounts.privacy.title')}</h1>
<section class="section" aria-labelledby="export-heading">
  <h2 class="kern-heading-medium" id="export-heading">${t('accounts.privacy.exportHeading')}</h2>
  <p class="kern-body">${t('accounts.privacy.exportBody')}</p>
  <ul class="kern-list">
    <li><a class="kern-link" href="/konto/datenschutz/export.json" download>${t('accounts.privacy.exportJson')}</a></li>
    <li><a class="kern-link" href="/konto/datenschutz/export">${t('accounts.privacy.exportHtml')}</a></li>
  </ul>
</section>
<section class="section" aria-labelledby="delete-heading">
  <h2 class="kern-heading-medium" id="delete-heading">${t('accounts.delete.heading')}</h2>
  <p class="kern-body">${t('accounts.delete.body')}</p>
  <p class="kern-body">${t('accounts.delete.applications')}</p>
  <form class="finder" method="post" action="/konto/loeschen" novalidate>
    <input type="hidden" name="_csrf" value="${csrf}">
    <div class="kern-form-input${errors.password ? ' kern-form-input--error' : ''}">
      <label class="kern-label" for="password">${t('accounts.delete.password')}</label>
      ${err('password')}
      <input class="kern-form-input__input${errors.password ? ' kern-form-input__input--error' : ''}" id="password" name="password" type="password" autocomplete="current-password" maxlength="1024"${errors.password ? html` aria-invalid="true" aria-describedby="password-error"` : ''}>
    </div>
    <div class="kern-form-check${errors.confirm ? ' kern-form-check--error' : ''}">
      ${err('confirm')}
      <input class="kern-form-check__checkbox" type="checkbox" id="confirm" name="confirm" value="ja"${errors.confirm ? html` aria-describedby="confirm-error"` : ''}>
      <label class="kern-label" for="confirm">${t('accounts.delete.confirm')}</label>
    </div>
    <button class="kern-btn kern-btn--secondary" type="submit"><span class="kern-label">${t('accounts.delete.submit')}</span></button>
  </form>
</section>`,
  );
}

/** The export as a page: every section a heading, lists as tables, nothing left out. */
export function exportPage(frame: PageFrame, data: Record<string, unknown>): SafeHtml {
  const { t, lang } = frame;
  const format = (value: unknown): SafeHtml | string => {
    if (value === null || value === undefined || value === '') return '–';
    if (value instanceof Date) {
      return formatDateTime(value, lang);
    }
    if (Array.isArray(value)) return table(value);
    if (typeof value === 'object') return list(value as Record<string, unknown>);
    return String(value);
  };
  const list = (object: Record<string, unknown>) =>
    html`<dl class="kern-description-list">${Object.entries(object).map(
      ([key, value]) =>
        html`<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${key}</dt><dd class="kern-description-list-item__value">${format(value)}</dd></div>`,
    )}</dl>`;
  const table = (rows: unknown[]): SafeHtml => {
    if (rows.length === 0) return html`<p class="kern-body">${t('accounts.privacy.viewEmpty')}</p>`;
    const keys = [
      ...new Set(rows.flatMap((r) => (r !== null && typeof r === 'object' ? Object.keys(r) : []))),
    ];
    return html`<div class="kern-table-responsive"><table class="kern-table kern-table--small">
  <thead class="kern-table__header"><tr class="kern-table__row">${keys.map((k) => html`<th class="kern-table__header" scope="col">${k}</th>`)}</tr></thead>
  <tbody class="kern-table__body">${rows.map(
    (r) =>
      html`<tr class="kern-table__row">${keys.map((k) => html`<td class="kern-table__cell">${format((r as Record<string, unknown>)[k])}</td>`)}</tr>`,
  )}</tbody></table></div>`;
  };
  const { format: _format, exportedAt, controller, ...sections } = data;
  return layout(
    frame,
    t('accounts.privacy.viewTitle'),
    html`<h1 class="kern-heading-large">${t('accounts.privacy.viewTitle')}</h1>
<p class="kern-body">${String(controller)} · ${String(exportedAt)}</p>
${Object.entries(sections).map(([name, value]) => html`<section class="section"><h2 class="kern-heading-medium">${name}</h2>${format(value)}</section>`)}`,
  );
}
