// The back office's delivery pages: the banner above every page while deliveries failed or are
// late, and the list of the authority's deliveries that need staff, each failed or refused one
// with its own "Erneut senden" form (CSRF token, no JavaScript).
import { type BackofficeFrame, staffLayout } from '../backoffice/views.ts';
import { formatDateTime } from '../web/format.ts';
import { html, type SafeHtml } from '../web/html.ts';
import type { Translate } from '../web/i18n.ts';
import type { AttentionRow } from './attention-repository.ts';

export const DELIVERIES_HREF = '/verwaltung/zustellungen';

export function deliveryBanner(t: Translate, counts: { failed: number; late: number }): SafeHtml {
  return html`<div class="kern-alert kern-alert--danger" role="alert">
  <div class="kern-alert__header"><h2 class="kern-title">${t('delivery.banner.title')}</h2></div>
  <div class="kern-alert__body">
    ${counts.failed > 0 && html`<p class="kern-body">${t('delivery.banner.failed', { count: counts.failed })}</p>`}
    ${counts.late > 0 && html`<p class="kern-body">${t('delivery.banner.late', { count: counts.late })}</p>`}
    <p class="kern-body"><a class="kern-link" href="${DELIVERIES_HREF}">${t('delivery.banner.link')}</a></p>
  </div>
</div>`;
}

export type DeliveryListView = {
  rows: (AttentionRow & { late: boolean })[];
  notice?: 'resent' | 'gone';
};

export function deliveryListPage(frame: BackofficeFrame, view: DeliveryListView): SafeHtml {
  const { t, lang } = frame;
  const state = (r: DeliveryListView['rows'][number]) => {
    const key = r.status === 'pending' && r.late ? 'late' : r.status;
    const tone = key === 'pending' ? 'info' : key === 'late' ? 'warning' : 'danger';
    return html`<span class="kern-badge kern-badge--${tone}"><span class="kern-label kern-label--small">${t(`delivery.status.${key}`)}</span></span>`;
  };
  const notice =
    view.notice === 'resent'
      ? html`<div class="kern-alert kern-alert--success" role="status"><div class="kern-alert__body"><p class="kern-body">${t('delivery.resend.done')}</p></div></div>`
      : view.notice === 'gone'
        ? html`<div class="kern-alert kern-alert--warning" role="status"><div class="kern-alert__body"><p class="kern-body">${t('delivery.resend.gone')}</p></div></div>`
        : html``;
  return staffLayout(
    frame,
    t('delivery.list.title'),
    html`${notice}
<h1 class="kern-heading-large">${t('delivery.list.title')}</h1>
<p class="kern-body">${t('delivery.list.lead')}</p>
${
  view.rows.length === 0
    ? html`<p class="kern-body" role="status">${t('delivery.list.empty')}</p>`
    : html`<table class="kern-table">
  <caption class="kern-table__caption">${t('delivery.list.caption')}</caption>
  <thead class="kern-table__header"><tr class="kern-table__row">
    <th class="kern-table__header" scope="col">${t('delivery.list.reference')}</th>
    <th class="kern-table__header" scope="col">${t('delivery.list.service')}</th>
    <th class="kern-table__header" scope="col">${t('delivery.list.route')}</th>
    <th class="kern-table__header" scope="col">${t('delivery.list.since')}</th>
    <th class="kern-table__header" scope="col">${t('delivery.list.status')}</th>
    <th class="kern-table__header" scope="col">${t('delivery.list.attempts')}</th>
    <th class="kern-table__header" scope="col">${t('delivery.list.error')}</th>
    <th class="kern-table__header" scope="col">${t('delivery.list.action')}</th>
  </tr></thead>
  <tbody class="kern-table__body">${view.rows.map((r) => {
    const route = r.route_name ?? t('delivery.list.noRoute');
    return html`<tr class="kern-table__row">
    <th class="kern-table__cell" scope="row"><a class="kern-link" href="/verwaltung/antraege/${r.application_id}">${r.reference}</a></th>
    <td class="kern-table__cell">${r.title}</td>
    <td class="kern-table__cell">${route}</td>
    <td class="kern-table__cell">${formatDateTime(r.created_at, lang)}</td>
    <td class="kern-table__cell">${state(r)}</td>
    <td class="kern-table__cell">${String(r.attempts)}</td>
    <td class="kern-table__cell">${r.last_error ?? '–'}</td>
    <td class="kern-table__cell">${
      r.status === 'failed' || r.status === 'rejected'
        ? html`<form method="post" action="${DELIVERIES_HREF}/${r.id}/erneut-senden">
      <input type="hidden" name="_csrf" value="${frame.csrf}">
      <button class="kern-btn kern-btn--secondary" type="submit" aria-label="${t('delivery.resend.label', { reference: r.reference, route })}"><span class="kern-label">${t('delivery.resend.submit')}</span></button>
    </form>`
        : html`–`
    }</td>
  </tr>`;
  })}</tbody>
</table>`
}`,
  );
}
