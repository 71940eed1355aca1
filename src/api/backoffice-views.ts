// The "API-Zugänge" pages of an authority's admin: the credentials of its receiving systems in
// a table, each active one with its own "Widerrufen" form, the form for a new one, and the page
// that shows a new token once. Plain forms with CSRF tokens; nothing needs JavaScript.
import { type BackofficeFrame, staffLayout } from '../backoffice/views.ts';
import { formatDateTime } from '../web/format.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { errorSummary } from '../web/layout.ts';

export const CREDENTIALS_HREF = '/verwaltung/api-zugaenge';
const ROUTES_HREF = '/verwaltung/zustellwege';

export type CredentialRow = {
  id: string;
  label: string;
  route_name: string;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
};

export type CredentialsView = {
  credentials: CredentialRow[];
  routeNames: string[];
  notice?: 'revoked' | 'gone';
  /** A refused issue form, with what was typed. */
  form?: { route: string; label: string; errors: { field: string; message: string }[] };
};

export function credentialsPage(frame: BackofficeFrame, view: CredentialsView): SafeHtml {
  const { t, lang } = frame;
  const errors = view.form?.errors ?? [];
  const errorOf = (id: string) => errors.find((e) => e.field === id);
  const invalid = (id: string) =>
    errorOf(id) ? html` aria-invalid="true" aria-describedby="${id}-error"` : '';
  const errorLine = (id: string) => {
    const e = errorOf(id);
    return e ? html`<p class="kern-error" id="${id}-error">${e.message}</p>` : '';
  };
  const title =
    errors.length > 0
      ? `${t('api.credentials.error.summary')}: ${t('api.credentials.title')}`
      : t('api.credentials.title');
  const notice =
    view.notice === undefined
      ? html``
      : html`<div class="kern-alert kern-alert--${view.notice === 'revoked' ? 'success' : 'warning'}" role="status"><div class="kern-alert__body"><p class="kern-body">${t(`api.credentials.${view.notice}`)}</p></div></div>`;
  return staffLayout(
    frame,
    title,
    html`${errorSummary(t('api.credentials.error.summary'), errors)}${notice}
<h1 class="kern-heading-large">${t('api.credentials.title')}</h1>
<p class="kern-body">${t('api.credentials.lead')}</p>
<p class="kern-body"><a class="kern-link" href="/api/v1/openapi.json">${t('api.credentials.spec')}</a></p>
${
  view.credentials.length === 0
    ? html`<p class="kern-body">${t('api.credentials.empty')}</p>`
    : html`<table class="kern-table">
  <caption class="kern-table__caption">${t('api.credentials.caption')}</caption>
  <thead class="kern-table__header"><tr class="kern-table__row">
    <th class="kern-table__header" scope="col">${t('api.credentials.label')}</th>
    <th class="kern-table__header" scope="col">${t('api.credentials.route')}</th>
    <th class="kern-table__header" scope="col">${t('api.credentials.issuedAt')}</th>
    <th class="kern-table__header" scope="col">${t('api.credentials.lastUsed')}</th>
    <th class="kern-table__header" scope="col">${t('api.credentials.state')}</th>
    <th class="kern-table__header" scope="col">${t('api.credentials.action')}</th>
  </tr></thead>
  <tbody class="kern-table__body">${view.credentials.map(
    (c) => html`<tr class="kern-table__row">
    <th class="kern-table__cell" scope="row">${c.label}</th>
    <td class="kern-table__cell">${c.route_name}</td>
    <td class="kern-table__cell">${formatDateTime(c.created_at, lang)}</td>
    <td class="kern-table__cell">${c.last_used_at ? formatDateTime(c.last_used_at, lang) : t('api.credentials.never')}</td>
    <td class="kern-table__cell">${c.revoked_at ? t('api.credentials.revokedAt', { date: formatDateTime(c.revoked_at, lang) }) : t('api.credentials.active')}</td>
    <td class="kern-table__cell">${
      c.revoked_at
        ? html`–`
        : html`<form method="post" action="${CREDENTIALS_HREF}/${c.id}/widerrufen">
      <input type="hidden" name="_csrf" value="${frame.csrf}">
      <button class="kern-btn kern-btn--tertiary" type="submit" aria-label="${t('api.credentials.revokeLabel', { label: c.label })}"><span class="kern-label">${t('api.credentials.revoke')}</span></button>
    </form>`
    }</td>
  </tr>`,
  )}</tbody>
</table>`
}
<section class="section" aria-labelledby="new-credential-heading">
  <h2 class="kern-heading-medium" id="new-credential-heading">${t('api.credentials.new')}</h2>
  ${
    view.routeNames.length === 0
      ? html`<p class="kern-body">${t('api.credentials.noRoutes')} <a class="kern-link" href="${ROUTES_HREF}">${t('delivery.routes.nav')}</a></p>`
      : html`<form method="post" action="${CREDENTIALS_HREF}" novalidate>
    <input type="hidden" name="_csrf" value="${frame.csrf}">
    <div class="kern-form-input">
      <label class="kern-label" for="credential-route">${t('api.credentials.route')}</label>
      ${errorLine('credential-route')}
      <div class="kern-form-input__select-wrapper"><select class="kern-form-input__select" id="credential-route" name="zustellweg"${invalid('credential-route')}>
        ${view.routeNames.map((name) => html`<option value="${name}"${view.form?.route === name ? html` selected` : ''}>${name}</option>`)}
      </select></div>
    </div>
    <div class="kern-form-input">
      <label class="kern-label" for="credential-label">${t('api.credentials.label')}</label>
      <div class="kern-hint" id="credential-label-hint">${t('api.credentials.labelHint')}</div>
      ${errorLine('credential-label')}
      <input class="kern-form-input__input" id="credential-label" name="bezeichnung" type="text" maxlength="80" autocomplete="off" required value="${view.form?.label ?? ''}"${errorOf('credential-label') ? html` aria-invalid="true" aria-describedby="credential-label-hint credential-label-error"` : html` aria-describedby="credential-label-hint"`}>
    </div>
    <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('api.credentials.issue')}</span></button>
  </form>`
  }
</section>`,
  );
}

/** The new token, shown once (the back office sends every page with no-store). */
export function issuedPage(frame: BackofficeFrame, issued: { label: string; token: string }) {
  const { t } = frame;
  return staffLayout(
    frame,
    t('api.credentials.issued.title'),
    html`<h1 class="kern-heading-large">${t('api.credentials.issued.title')}</h1>
<div class="kern-alert kern-alert--warning" role="status"><div class="kern-alert__body"><p class="kern-body">${t('api.credentials.issued.lead')}</p></div></div>
<h2 class="kern-heading-medium">${t('api.credentials.issued.token', { label: issued.label })}</h2>
<p class="kern-body"><code class="api-token">${issued.token}</code></p>
<p class="kern-body"><a class="kern-link" href="${CREDENTIALS_HREF}">${t('api.credentials.back')}</a></p>`,
  );
}
