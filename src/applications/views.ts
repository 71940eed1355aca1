// Pages of the applications domain: "Meine Anträge" and one application with its status
// history, its receipt, its Postfach messages and the form to withdraw it.
import { formatDateTime } from '../web/format.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { errorSummary, layout, type PageFrame } from '../web/layout.ts';
import { formatDay } from './processing.ts';
import type { Actor, ApplicationStatus } from './status.ts';
import { isClosed } from './status.ts';
import './messages.ts';

export const applicationsHref = '/antraege';
export const applicationHref = (id: string) => `${applicationsHref}/${id}`;
export const receiptHref = (id: string) => `${applicationHref(id)}/eingangsbestaetigung`;
export const withdrawHref = (id: string) => `${applicationHref(id)}/zurueckziehen`;
const WITHDRAW_CONFIRM = 'bestaetigung';

export type ApplicationSummary = {
  id: string;
  reference: string;
  title: string;
  status: ApplicationStatus;
  submitted_at: Date;
  authority_name: string;
};

function statusTag(frame: PageFrame, status: ApplicationStatus): SafeHtml {
  const tone =
    status === 'action_required'
      ? 'warning'
      : status === 'completed'
        ? 'success'
        : status === 'rejected'
          ? 'danger'
          : 'info';
  return html`<span class="kern-badge kern-badge--${tone}"><span class="kern-label kern-label--small">${frame.t(`applications.status.${status}`)}</span></span>`;
}

export function listPage(frame: PageFrame, applications: ApplicationSummary[]): SafeHtml {
  const { t, lang } = frame;
  return layout(
    frame,
    t('applications.list.title'),
    html`<h1 class="kern-heading-large">${t('applications.list.title')}</h1>
<p class="kern-body">${t('applications.list.lead')}</p>
${
  applications.length === 0
    ? html`<p class="kern-body">${t('applications.list.empty')}</p>`
    : html`<div class="kern-table-responsive" tabindex="0" role="region" aria-labelledby="applications-caption"><table class="kern-table kern-table--small">
  <caption class="kern-title" id="applications-caption">${t('applications.list.caption')}</caption>
  <thead><tr class="kern-table__row">
    <th class="kern-table__header" scope="col">${t('applications.list.service')}</th>
    <th class="kern-table__header" scope="col">${t('applications.list.reference')}</th>
    <th class="kern-table__header" scope="col">${t('applications.list.authority')}</th>
    <th class="kern-table__header" scope="col">${t('applications.list.submitted')}</th>
    <th class="kern-table__header" scope="col">${t('applications.list.status')}</th>
  </tr></thead>
  <tbody>${applications.map(
    (a) => html`<tr class="kern-table__row">
    <td class="kern-table__cell"><a class="kern-link" href="${applicationHref(a.id)}">${a.title}</a></td>
    <td class="kern-table__cell">${a.reference}</td>
    <td class="kern-table__cell">${a.authority_name}</td>
    <td class="kern-table__cell">${formatDateTime(a.submitted_at, lang)}</td>
    <td class="kern-table__cell">${statusTag(frame, a.status)}</td>
  </tr>`,
  )}</tbody>
</table></div>`
}
<p class="kern-body"><a class="kern-link" href="/antraege/entwuerfe">${t('applications.list.drafts')}</a></p>`,
  );
}

/** How far delivery to the authority's systems got (the honest line while it is late). */
export type Forwarding = 'delivered' | 'under_way' | 'late';

export type DetailView = {
  application: ApplicationSummary;
  forwarding?: Forwarding;
  events: {
    status: ApplicationStatus;
    actor: Actor;
    note: string | null;
    created_at: Date;
    due_on?: string | null;
    decision_attachment_id?: string | null;
  }[];
  messages: { thread_id: string; sender: 'authority' | 'citizen'; body: string; sent_at: Date }[];
  /** Anonymous use: no Postfach, no withdrawal, no list to go back to. */
  signedIn: boolean;
  justSent: boolean;
  justWithdrawn: boolean;
  csrf: string;
  withdrawError?: string;
};

export function detailPage(frame: PageFrame, view: DetailView): SafeHtml {
  const { t, lang } = frame;
  const a = view.application;
  const events = view.events;
  // `received` comes from the authority: set by the worker once every delivery arrived, or by
  // staff who have it in the back office. Until then, if delivery is late, say so honestly.
  const forwardingNote =
    view.forwarding === 'late' && a.status === 'submitted'
      ? html`<div class="kern-alert kern-alert--info" role="status"><div class="kern-alert__body"><p class="kern-body">${t('delivery.citizen.late')}</p></div></div>`
      : html``;
  const error = view.withdrawError;
  const fact = (label: string, value: SafeHtml | string) =>
    html`<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${label}</dt><dd class="kern-description-list-item__value">${value}</dd></div>`;
  const banner = view.justSent
    ? html`<div class="kern-alert kern-alert--success" role="status"><div class="kern-alert__header"><h2 class="kern-title">${t('applications.detail.sent')}</h2></div><div class="kern-alert__body"><p class="kern-body">${t(view.signedIn ? 'applications.detail.sentBody' : 'applications.detail.sentAnonymous', { reference: a.reference })}</p></div></div>`
    : view.justWithdrawn
      ? html`<div class="kern-alert kern-alert--success" role="status"><div class="kern-alert__body"><p class="kern-body">${t('applications.detail.withdrawn')}</p></div></div>`
      : html``;
  return layout(
    frame,
    `${error ? `${t('forms.error.prefix')}: ` : ''}${a.title} – ${a.reference}`,
    html`${error ? errorSummary(t('forms.error.summary'), [{ field: WITHDRAW_CONFIRM, message: error }]) : html``}
${banner}
<p class="kern-preline">${a.reference}</p>
<h1 class="kern-heading-large">${a.title}</h1>
<h2 class="kern-heading-small">${t('applications.detail.facts')}</h2>
<dl class="kern-description-list">
  ${fact(t('applications.list.reference'), a.reference)}
  ${fact(t('applications.list.authority'), a.authority_name)}
  ${fact(t('applications.list.submitted'), formatDateTime(a.submitted_at, lang))}
  ${fact(t('applications.list.status'), statusTag(frame, a.status))}
</dl>
${forwardingNote}
<p class="kern-body"><a class="kern-link" href="${receiptHref(a.id)}">${t('applications.detail.receipt')}</a></p>
<h2 class="kern-heading-small">${t('applications.detail.timeline')}</h2>
<ol class="kern-list application-timeline">${events.map(
      (e) =>
        html`<li><p class="kern-body"><strong>${t(`applications.status.${e.status}`)}</strong> – <time datetime="${e.created_at.toISOString()}">${formatDateTime(e.created_at, lang)}</time>, ${t('applications.detail.by', { actor: t(`applications.actor.${e.actor}`) })}</p>${e.note ? html`<p class="kern-body kern-body--small">${e.note}</p>` : html``}${e.due_on ? html`<p class="kern-body kern-body--small">${t('applications.detail.dueOn', { date: formatDay(e.due_on, lang) })}</p>` : html``}${view.signedIn && e.decision_attachment_id ? html`<p class="kern-body"><a class="kern-link" href="/postfach/anhang/${e.decision_attachment_id}" download>${t('applications.detail.decision')}</a></p>` : html``}</li>`,
    )}</ol>
${view.signedIn ? messagesSection(frame, view) : html``}
${view.signedIn && !isClosed(a.status) ? withdrawForm(frame, a.id, view.csrf, error) : html``}
${view.signedIn ? html`<p class="kern-body"><a class="kern-link" href="${applicationsHref}">${t('applications.detail.back')}</a></p>` : html``}`,
  );
}

function messagesSection(frame: PageFrame, view: DetailView): SafeHtml {
  const { t, lang } = frame;
  return html`<h2 class="kern-heading-small">${t('applications.detail.messages')}</h2>
${
  view.messages.length === 0
    ? html`<p class="kern-body">${t('applications.detail.noMessages')}</p>`
    : html`<ul class="kern-list application-messages">${view.messages.map(
        (
          m,
        ) => html`<li><p class="kern-body"><strong>${t(m.sender === 'authority' ? 'applications.detail.fromAuthority' : 'applications.detail.fromYou')}</strong>, ${formatDateTime(m.sent_at, lang)}</p>
<p class="kern-body kern-body--small">${firstLine(m.body)}</p>
<p class="kern-body kern-body--small"><a class="kern-link" href="/postfach/${m.thread_id}">${t('applications.detail.openThread')}</a></p></li>`,
      )}</ul>`
}`;
}

/** A preview: the first line that says something (not the greeting), at most 160 characters. */
function firstLine(body: string): string {
  const lines = body.split('\n').filter((l) => l.trim() !== '');
  const line = lines[1] ?? lines[0] ?? '';
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}

function withdrawForm(
  frame: PageFrame,
  id: string,
  csrf: string,
  error: string | undefined,
): SafeHtml {
  const { t } = frame;
  return html`<form class="section" method="post" action="${withdrawHref(id)}" novalidate>
  <input type="hidden" name="_csrf" value="${csrf}">
  <fieldset class="kern-fieldset${error ? ' kern-fieldset--error' : ''}" aria-describedby="withdraw-hint${error ? ' withdraw-error' : ''}">
    <legend class="kern-label kern-label--large">${t('applications.detail.withdraw')}</legend>
    <p class="kern-body" id="withdraw-hint">${t('applications.detail.withdrawHint')}</p>
    ${error ? html`<p class="kern-error" id="withdraw-error"><span class="kern-sr-only">${t('forms.error.prefix')}: </span>${error}</p>` : html``}
    <div class="kern-fieldset__body">
      <div class="kern-form-check">
        <input class="kern-form-check__checkbox${error ? ' kern-form-check__checkbox--error' : ''}" type="checkbox" id="${WITHDRAW_CONFIRM}" name="${WITHDRAW_CONFIRM}" value="yes"${error ? html` aria-invalid="true"` : html``}>
        <label class="kern-label" for="${WITHDRAW_CONFIRM}">${t('applications.detail.withdrawConfirm')}</label>
      </div>
    </div>
  </fieldset>
  <button class="kern-btn kern-btn--secondary" type="submit"><span class="kern-label">${t('applications.detail.withdraw')}</span></button>
</form>`;
}

export { WITHDRAW_CONFIRM };
