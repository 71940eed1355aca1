// The auditors' page: the chain's state on top, the filters as one GET form (bookmarkable, no
// JavaScript), the entries as a table, and a link to the next (older) page. One page for both
// kinds of chain: an authority's (with the reference filter) and the Verbund's own.
import type { BackofficeFrame } from '../backoffice/views.ts';
import { staffLayout } from '../backoffice/views.ts';
import { formatDateTime } from '../web/format.ts';
import { html, type SafeHtml } from '../web/html.ts';
import type { MessageKey } from '../web/i18n.ts';
import { errorSummary } from '../web/layout.ts';
import { AUDIT_ACTIONS, type AuditPage } from './browse.ts';
import type { AuditAction } from './service.ts';

export const AUDIT_HREF = '/verwaltung/pruefprotokoll';
/** Beside the Verbund office's pages; the Verbund's auditors only (ADR 0046). */
export const VERBUND_AUDIT_HREF = '/verwaltung/verbund/pruefprotokoll';

/** Which chain a page shows: where it lives, its heading and whether it has applications. */
export type AuditChainPage = {
  href: string;
  title: MessageKey;
  lead: MessageKey;
  /** The filter by reference number: an authority's chain only (the Verbund's has none). */
  byReference: boolean;
};

export const AUTHORITY_CHAIN_PAGE: AuditChainPage = {
  href: AUDIT_HREF,
  title: 'audit.title',
  lead: 'audit.lead',
  byReference: true,
};

export const VERBUND_CHAIN_PAGE: AuditChainPage = {
  href: VERBUND_AUDIT_HREF,
  title: 'audit.verbund.title',
  lead: 'audit.verbund.lead',
  byReference: false,
};

// A German name for every action: an action without its message fails type-checking here.
const actionKey = (action: AuditAction): MessageKey => `audit.action.${action}`;
const known = new Set<string>(AUDIT_ACTIONS);
const SUBJECTS = new Set([
  'application',
  'application_attachment',
  'api_credential',
  'delivery',
  'delivery_route',
  'online_service',
  'staff',
  'identity_provider',
]);

/** The action's name for people; an action the log no longer knows shows its code. */
function actionLabel(t: (key: MessageKey) => string, action: string): string {
  return known.has(action) ? t(actionKey(action as AuditAction)) : action;
}

function subjectLabel(t: (key: MessageKey) => string, type: string | null): string {
  if (type === null) return '';
  return SUBJECTS.has(type) ? t(`audit.subject.${type}` as MessageKey) : type;
}

/** The filter as typed (re-shown as is) and the query string of the next page. */
export type AuditForm = {
  von: string;
  bis: string;
  person: string;
  aktion: string;
  aktenzeichen: string;
};

export function auditQuery(form: AuditForm, before?: number): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) if (v !== '') q.set(k, v);
  if (before !== undefined) q.set('vor', String(before));
  return q.toString();
}

export function auditLogPage(
  frame: BackofficeFrame,
  view: {
    chain: AuditChainPage;
    page: AuditPage;
    form: AuditForm;
    errors: { field: string; message: string }[];
    paged: boolean;
  },
): SafeHtml {
  const { t, lang } = frame;
  const { page, form, chain: kind } = view;
  const href = kind.href;
  const err = (field: string) => view.errors.find((e) => e.field === field);
  const field = (id: keyof AuditForm, label: MessageKey, type: string, hint?: MessageKey) => {
    const e = err(id);
    const described = [hint && `${id}-hint`, e && `${id}-error`].filter(Boolean).join(' ');
    return html`<div class="kern-form-input${e ? ' kern-form-input--error' : ''}">
    <label class="kern-label" for="${id}">${t(label)}</label>
    ${hint && html`<div class="kern-hint" id="${id}-hint">${t(hint)}</div>`}
    ${e && html`<p class="kern-error" id="${id}-error">${e.message}</p>`}
    <input class="kern-form-input__input${e ? ' kern-form-input__input--error' : ''}" id="${id}" name="${id}" type="${type}" maxlength="40" spellcheck="false" autocomplete="off" value="${form[id]}"${described !== '' ? html` aria-describedby="${described}"` : ''}${e ? html` aria-invalid="true"` : ''}>
  </div>`;
  };
  const select = (
    id: 'person' | 'aktion',
    label: MessageKey,
    options: { value: string; text: string }[],
  ) => {
    const e = err(id);
    return html`<div class="kern-form-input${e ? ' kern-form-input--error' : ''}">
    <label class="kern-label" for="${id}">${t(label)}</label>
    ${e && html`<p class="kern-error" id="${id}-error">${e.message}</p>`}
    <div class="kern-form-input__select-wrapper">
      <select class="kern-form-input__select" id="${id}" name="${id}"${e ? html` aria-describedby="${id}-error" aria-invalid="true"` : ''}>
        <option value="">${t('audit.filter.any')}</option>
        ${options.map((o) => html`<option value="${o.value}"${form[id] === o.value ? html` selected` : ''}>${o.text}</option>`)}
      </select>
    </div>
  </div>`;
  };
  const v = page.verified;
  const checkAll = html`<form method="get" action="${href}"><input type="hidden" name="pruefung" value="vollstaendig"><button class="kern-btn kern-btn--secondary" type="submit"><span class="kern-label">${t('audit.chain.checkAll')}</span></button></form>`;
  const chain = v.ok
    ? html`<div class="kern-alert kern-alert--success" role="status" id="audit-chain"><div class="kern-alert__body"><p class="kern-body">${t('audit.chain.ok', { entries: String(v.entries), checked: String(v.checked) })}</p><p class="kern-body">${v.fullyCheckedAt === null ? t('audit.chain.neverFull') : t('audit.chain.fullAt', { at: formatDateTime(v.fullyCheckedAt, lang) })}</p>${checkAll}</div></div>`
    : html`<div class="kern-alert kern-alert--danger" role="alert" id="audit-chain"><div class="kern-alert__body"><p class="kern-body">${t('audit.chain.broken', { seq: String(v.broken.seq) })}</p>${checkAll}</div></div>`;
  const title =
    view.errors.length > 0 ? `${t('backoffice.error.summary')}: ${t(kind.title)}` : t(kind.title);
  return staffLayout(
    frame,
    title,
    html`${errorSummary(t('backoffice.error.summary'), view.errors)}
<h1 class="kern-heading-large">${t(kind.title)}</h1>
<p class="kern-body">${t(kind.lead)}</p>
${chain}
<section class="section" aria-labelledby="audit-filter-heading">
<h2 class="kern-heading-medium" id="audit-filter-heading">${t('audit.filter.title')}</h2>
<form method="get" action="${href}" novalidate>
  ${field('von', 'audit.filter.from', 'date', 'audit.filter.dayHint')}
  ${field('bis', 'audit.filter.until', 'date', 'audit.filter.dayHint')}
  ${select(
    'person',
    'audit.filter.staff',
    page.staff.map((s) => ({ value: s.id, text: s.name })),
  )}
  ${select(
    'aktion',
    'audit.filter.action',
    page.actions.map((a) => ({ value: a, text: actionLabel(t, a) })),
  )}
  ${kind.byReference && field('aktenzeichen', 'audit.filter.reference', 'text')}
  <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('audit.filter.submit')}</span></button>
</form>
</section>
${
  page.entries.length === 0
    ? html`<p class="kern-body" id="audit-none">${t('audit.none')}</p>`
    : html`<table class="kern-table" id="audit-entries">
  <caption class="kern-table__caption">${t('audit.list')}</caption>
  <thead class="kern-table__header"><tr class="kern-table__row">
    <th class="kern-table__header" scope="col">${t('audit.col.seq')}</th>
    <th class="kern-table__header" scope="col">${t('audit.col.at')}</th>
    <th class="kern-table__header" scope="col">${t('audit.col.staff')}</th>
    <th class="kern-table__header" scope="col">${t('audit.col.action')}</th>
    <th class="kern-table__header" scope="col">${t('audit.col.subject')}</th>
    <th class="kern-table__header" scope="col">${t('audit.col.ip')}</th>
  </tr></thead>
  <tbody class="kern-table__body">${page.entries.map(
    (e) => html`<tr class="kern-table__row">
    <td class="kern-table__cell">${String(e.seq)}</td>
    <td class="kern-table__cell">${formatDateTime(e.at, lang)}</td>
    <td class="kern-table__cell">${e.staffName ?? t('audit.system')}</td>
    <td class="kern-table__cell">${actionLabel(t, e.action)}</td>
    <td class="kern-table__cell">${e.subjectLabel === null ? '' : html`${subjectLabel(t, e.subjectType)}: ${e.subjectLabel}`}</td>
    <td class="kern-table__cell">${e.ip ?? ''}</td>
  </tr>`,
  )}</tbody>
</table>`
}
${
  (view.paged || page.nextBefore !== undefined) &&
  html`<ul class="kern-list kern-list--horizontal">
${view.paged && html`<li><a class="kern-link" href="${href}?${auditQuery(form)}">${t('audit.newest')}</a></li>`}
${page.nextBefore !== undefined && html`<li><a class="kern-link" rel="next" href="${href}?${auditQuery(form, page.nextBefore)}">${t('audit.older')}</a></li>`}
</ul>`
}`,
  );
}
