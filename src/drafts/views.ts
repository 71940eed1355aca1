// "Meine Entwürfe": the citizen's drafts with the expiry of each, and their addresses.
import { html, type SafeHtml } from '../web/html.ts';
import { layout, type PageFrame } from '../web/layout.ts';
import type { DraftListItem } from './service.ts';
import './messages.ts';

export const draftsHref = '/antraege/entwuerfe';
export const draftHref = (id: string) => `${draftsHref}/${id}`;
export const stepHref = (id: string, stepId: string) => `${draftHref(id)}/schritt/${stepId}`;
export const checkHref = (id: string) => `${draftHref(id)}/pruefen`;

function dateTime(frame: PageFrame, at: Date, withTime: boolean): string {
  return new Intl.DateTimeFormat(frame.lang === 'de' ? 'de-DE' : 'en-GB', {
    timeZone: 'Europe/Berlin',
    dateStyle: 'long',
    ...(withTime ? { timeStyle: 'short' } : {}),
  }).format(at);
}

export function draftListPage(
  frame: PageFrame,
  drafts: DraftListItem[],
  csrf: string,
  deleted = false,
): SafeHtml {
  const { t } = frame;
  return layout(
    frame,
    t('drafts.list.title'),
    html`<h1 class="kern-heading-large">${t('drafts.list.title')}</h1>
${deleted && html`<div class="kern-alert kern-alert--success" role="status"><div class="kern-alert__body"><p class="kern-body">${t('drafts.list.deleted')}</p></div></div>`}
<p class="kern-body">${t('drafts.list.lead')}</p>
${
  drafts.length === 0
    ? html`<p class="kern-body">${t('drafts.list.empty')}</p>`
    : html`<ul class="kern-list draft-list">${drafts.map(
        (d) => html`<li class="section">
  <h2 class="kern-heading-small">${d.title}</h2>
  <p class="kern-body kern-body--small">${t('drafts.list.saved', { date: dateTime(frame, d.updatedAt, true) })}<br>${t('drafts.list.expires', { date: dateTime(frame, d.expiresAt, false) })}</p>
  <p class="kern-body"><a class="kern-link" href="${draftHref(d.id)}">${t('drafts.list.continue')}<span class="kern-sr-only"> – ${d.title}</span></a></p>
  <form method="post" action="${draftHref(d.id)}/loeschen">
    <input type="hidden" name="_csrf" value="${csrf}">
    <button class="kern-btn kern-btn--secondary" type="submit"><span class="kern-label">${t('drafts.list.delete')}<span class="kern-sr-only"> – ${d.title}</span></span></button>
  </form>
</li>`,
      )}</ul>`
}`,
  );
}
