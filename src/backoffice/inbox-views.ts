// The inbox page (filters as one GET form, the list with its due dates, bulk assignment as a
// POST form around the list, saved filters), the deadline and assignment panels of the detail
// page, and the settings page of processing periods. No JavaScript: every control is a link,
// a GET form or a POST form with a CSRF token.
import type { ApplicationStatus } from '../applications/status.ts';
import { formatDateTime, formatLongDate } from '../web/format.ts';
import { html, type SafeHtml } from '../web/html.ts';
import type { MessageKey } from '../web/i18n.ts';
import { errorSummary, layout, type PageFrame } from '../web/layout.ts';
import type { DeadlineView } from './deadlines/service.ts';
import {
  ASSIGNEE_CHOICES,
  DEADLINE_CHOICES,
  filterQuery,
  type InboxFilter,
  isFiltered,
  SORT_CHOICES,
} from './inbox-filter.ts';
import { type BackofficeFrame, staffBar, statusTag } from './views.ts';

export type FieldError = { field: string; message: string };

const dayText = (day: string, frame: PageFrame) =>
  formatLongDate(new Date(`${day}T12:00:00Z`), frame.lang);

/** "bis 14. Dezember 2026 – noch 3 Arbeitstage", "angehalten …", "keine Frist". */
export function dueText(frame: PageFrame, d: DeadlineView): SafeHtml {
  const { t } = frame;
  if (d.paused) return html`${t('inbox.due.paused')}`;
  if (d.dueOn === null) return html`${t('inbox.due.none')}`;
  const until = t('inbox.due.until', { date: dayText(d.dueOn, frame) });
  const left = d.left;
  if (left === undefined) return html`${until}`;
  if (left.kind === 'today') return html`${until} – <strong>${t('inbox.due.today')}</strong>`;
  if (left.kind === 'overdue') {
    const text =
      left.days === 1 ? t('inbox.due.overdueOne') : t('inbox.due.overdue', { n: left.days });
    return html`${until} – <strong class="deadline-overdue">${text}</strong>`;
  }
  const text =
    left.workingDays === 1 ? t('inbox.due.leftOne') : t('inbox.due.left', { n: left.workingDays });
  return html`${until} – ${text}`;
}

export type InboxPageView = {
  counts: { status: ApplicationStatus; count: number }[];
  total: number;
  rows: {
    id: string;
    reference: string;
    title: string;
    status: ApplicationStatus;
    submitted_at: Date;
    assignee: string | null;
    deadline: DeadlineView;
  }[];
  next: string | undefined;
  filter: InboxFilter;
  paged: boolean;
  services: { id: string; title: string }[];
  assignable: { id: string; name: string }[];
  assignsOthers: boolean;
  savedFilters: { id: string; name: string; query: string }[];
  errors: FieldError[];
  /** What the bulk form sent when it was refused. */
  assignForm?: { chosen: string[]; assignee: string; reason: string };
  notice?: string;
};

function select(
  frame: PageFrame,
  input: {
    id: string;
    /** The form field's name when several forms on a page share it (default: the id). */
    name?: string;
    label: MessageKey;
    value: string | undefined;
    options: { value: string; label: string }[];
    error?: FieldError;
  },
): SafeHtml {
  const e = input.error;
  return html`<div class="kern-form-input${e ? ' kern-form-input--error' : ''}">
    <label class="kern-label" for="${input.id}">${frame.t(input.label)}</label>
    ${e && html`<p class="kern-error" id="${input.id}-error">${e.message}</p>`}
    <div class="kern-form-input__select-wrapper">
      <select class="kern-form-input__select" id="${input.id}" name="${input.name ?? input.id}"${e ? html` aria-describedby="${input.id}-error" aria-invalid="true"` : ''}>
        ${input.options.map((o) => html`<option value="${o.value}"${o.value === (input.value ?? '') ? html` selected` : ''}>${o.label}</option>`)}
      </select>
    </div>
  </div>`;
}

function textInput(
  frame: PageFrame,
  input: {
    id: string;
    /** The field's name when it differs from its id (several forms on one page). */
    name?: string;
    label: MessageKey;
    hint?: MessageKey;
    value: string | undefined;
    type?: string;
    maxlength: number;
    error?: FieldError;
  },
): SafeHtml {
  const e = input.error;
  const described = [input.hint ? `${input.id}-hint` : '', e ? `${input.id}-error` : '']
    .filter((x) => x !== '')
    .join(' ');
  return html`<div class="kern-form-input${e ? ' kern-form-input--error' : ''}">
    <label class="kern-label" for="${input.id}">${frame.t(input.label)}</label>
    ${input.hint && html`<div class="kern-hint" id="${input.id}-hint">${frame.t(input.hint)}</div>`}
    ${e && html`<p class="kern-error" id="${input.id}-error">${e.message}</p>`}
    <input class="kern-form-input__input${e ? ' kern-form-input__input--error' : ''}" id="${input.id}" name="${input.name ?? input.id}" type="${input.type ?? 'text'}" maxlength="${String(input.maxlength)}" spellcheck="false" autocomplete="off" value="${input.value ?? ''}"${described !== '' ? html` aria-describedby="${described}"` : ''}${e ? html` aria-invalid="true"` : ''}>
  </div>`;
}

export function inboxPage(frame: BackofficeFrame, view: InboxPageView): SafeHtml {
  const { t, lang } = frame;
  const f = view.filter;
  const err = (field: string) => view.errors.find((e) => e.field === field);
  const link = (filter: InboxFilter, extra: Record<string, string> = {}) => {
    const q = filterQuery(filter, extra);
    return q === '' ? '/verwaltung' : `/verwaltung?${q}`;
  };
  const title =
    view.errors.length > 0
      ? `${t('backoffice.error.summary')}: ${t('backoffice.inbox.title')}`
      : t('backoffice.inbox.title');
  const chosen = new Set(view.assignForm?.chosen ?? []);
  const assigneeOptions = [
    { value: 'mir', label: t('inbox.assign.me') },
    ...(view.assignsOthers
      ? view.assignable
          .filter((a) => a.id !== frame.staff.staffId)
          .map((a) => ({ value: a.id, label: a.name }))
      : []),
    { value: 'niemand', label: t('inbox.assign.nobody') },
  ];
  const sort = f.sort;
  return layout(
    frame,
    title,
    html`${staffBar(frame)}
${errorSummary(t('backoffice.error.summary'), view.errors)}
${view.notice && html`<div class="kern-alert kern-alert--success" role="status"><div class="kern-alert__body"><p class="kern-body">${view.notice}</p></div></div>`}
<h1 class="kern-heading-large">${t('backoffice.inbox.title')}</h1>
<section class="section" aria-labelledby="counts-heading">
  <h2 class="kern-heading-small" id="counts-heading">${t('backoffice.inbox.counts')}</h2>
  <ul class="kern-list kern-list--horizontal">
    <li><a class="kern-link" href="${link({ ...f, status: undefined })}"${f.status === undefined ? html` aria-current="page"` : ''}>${t('backoffice.inbox.all')} (${view.total})</a></li>
    ${view.counts.map(
      (c) =>
        html`<li><a class="kern-link" href="${link({ ...f, status: c.status })}"${f.status === c.status ? html` aria-current="page"` : ''}>${t(`backoffice.status.${c.status}`)} (${c.count})</a></li>`,
    )}
  </ul>
</section>
<form class="section" method="get" action="/verwaltung" role="search" aria-labelledby="filter-heading">
  <h2 class="kern-heading-small" id="filter-heading">${t('inbox.filter.title')}</h2>
  ${select(frame, {
    id: 'status',
    label: 'backoffice.inbox.status',
    value: f.status,
    options: [
      { value: '', label: t('backoffice.inbox.all') },
      ...view.counts.map((c) => ({ value: c.status, label: t(`backoffice.status.${c.status}`) })),
    ],
    error: err('status'),
  })}
  ${select(frame, {
    id: 'leistung',
    label: 'inbox.filter.service',
    value: f.serviceId,
    options: [
      { value: '', label: t('inbox.filter.anyService') },
      ...view.services.map((s) => ({ value: s.id, label: s.title })),
    ],
    error: err('leistung'),
  })}
  ${textInput(frame, { id: 'von', label: 'inbox.filter.from', hint: 'inbox.filter.dayHint', value: f.from, type: 'date', maxlength: 10, error: err('von') })}
  ${textInput(frame, { id: 'bis', label: 'inbox.filter.to', hint: 'inbox.filter.dayHint', value: f.to, type: 'date', maxlength: 10, error: err('bis') })}
  ${select(frame, {
    id: 'zugewiesen',
    label: 'inbox.filter.assignee',
    value: f.assignee,
    options: [
      { value: '', label: t('inbox.filter.assignee.any') },
      ...ASSIGNEE_CHOICES.map((c) => ({ value: c, label: t(`inbox.filter.assignee.${c}`) })),
    ],
    error: err('zugewiesen'),
  })}
  ${select(frame, {
    id: 'frist',
    label: 'inbox.filter.deadline',
    value: f.deadline,
    options: [
      { value: '', label: t('inbox.filter.deadline.any') },
      ...DEADLINE_CHOICES.map((c) => ({ value: c, label: t(`inbox.filter.deadline.${c}`) })),
    ],
    error: err('frist'),
  })}
  ${textInput(frame, { id: 'aktenzeichen', label: 'backoffice.inbox.search', hint: 'backoffice.inbox.searchHint', value: f.reference, type: 'search', maxlength: 40, error: err('aktenzeichen') })}
  ${textInput(frame, { id: 'name', label: 'inbox.filter.name', hint: 'inbox.filter.nameHint', value: f.name, type: 'search', maxlength: 100, error: err('name') })}
  ${select(frame, {
    id: 'sortierung',
    label: 'inbox.filter.sort',
    value: f.sort,
    options: Object.keys(SORT_CHOICES).map((c) => ({
      value: c,
      label: t(`inbox.filter.sort.${c as keyof typeof SORT_CHOICES}`),
    })),
    error: err('sortierung'),
  })}
  <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('backoffice.inbox.apply')}</span></button>
  ${isFiltered(f) && html`<a class="kern-link" href="/verwaltung">${t('backoffice.inbox.reset')}</a>`}
</form>
<section class="section" aria-labelledby="saved-heading">
  <h2 class="kern-heading-small" id="saved-heading">${t('inbox.saved.title')}</h2>
  ${
    view.savedFilters.length === 0
      ? html`<p class="kern-body">${t('inbox.saved.none')}</p>`
      : html`<ul class="kern-list">${view.savedFilters.map(
          (s) => html`<li><a class="kern-link" href="/verwaltung?${s.query}">${s.name}</a>
    <form method="post" action="/verwaltung/filter/${s.id}/loeschen" class="inline-form">
      <input type="hidden" name="_csrf" value="${frame.csrf}">
      <button class="kern-btn kern-btn--tertiary" type="submit"><span class="kern-label">${t('inbox.saved.delete', { name: s.name })}</span></button>
    </form></li>`,
        )}</ul>`
  }
  ${
    isFiltered(f) &&
    html`<form method="post" action="/verwaltung/filter?${filterQuery(f)}" novalidate>
    <input type="hidden" name="_csrf" value="${frame.csrf}">
    ${textInput(frame, { id: 'filterName', label: 'inbox.saved.name', hint: 'inbox.saved.nameHint', value: '', maxlength: 80, error: err('filterName') })}
    <button class="kern-btn kern-btn--secondary" type="submit"><span class="kern-label">${t('inbox.saved.submit')}</span></button>
  </form>`
  }
</section>
${
  view.rows.length === 0
    ? html`<p class="kern-body" role="status">${t('backoffice.inbox.empty')}</p>`
    : html`<form method="post" action="/verwaltung/zuweisen?${filterQuery(f)}" novalidate>
  <input type="hidden" name="_csrf" value="${frame.csrf}">
  <table class="kern-table" id="antrag">
  <caption class="kern-table__caption">${t(`inbox.caption.${sort}`)}</caption>
  <thead class="kern-table__header"><tr class="kern-table__row">
    <th class="kern-table__header" scope="col">${t('inbox.choose')}</th>
    <th class="kern-table__header" scope="col">${t('backoffice.inbox.reference')}</th>
    <th class="kern-table__header" scope="col">${t('backoffice.inbox.service')}</th>
    <th class="kern-table__header" scope="col">${t('backoffice.inbox.received')}</th>
    <th class="kern-table__header" scope="col">${t('backoffice.inbox.status')}</th>
    <th class="kern-table__header" scope="col">${t('inbox.due')}</th>
    <th class="kern-table__header" scope="col">${t('backoffice.inbox.assignee')}</th>
  </tr></thead>
  <tbody class="kern-table__body">${view.rows.map(
    (r) => html`<tr class="kern-table__row">
    <td class="kern-table__cell"><input class="kern-check-input__input" type="checkbox" name="antrag" value="${r.id}" id="w-${r.id}" aria-label="${t('inbox.chooseRow', { reference: r.reference })}"${chosen.has(r.id) ? html` checked` : ''}></td>
    <th class="kern-table__cell" scope="row"><a class="kern-link" href="/verwaltung/antraege/${r.id}">${r.reference}</a></th>
    <td class="kern-table__cell">${r.title}</td>
    <td class="kern-table__cell">${formatDateTime(r.submitted_at, lang)}</td>
    <td class="kern-table__cell">${statusTag(frame, r.status)}</td>
    <td class="kern-table__cell">${dueText(frame, r.deadline)}</td>
    <td class="kern-table__cell">${r.assignee ?? t('backoffice.inbox.unassigned')}</td>
  </tr>`,
  )}</tbody>
  </table>
  <fieldset class="kern-fieldset">
    <legend class="kern-fieldset__legend">${t('inbox.assign.bulkTitle')}</legend>
    ${select(frame, { id: 'assignee', label: 'inbox.assign.to', value: view.assignForm?.assignee, options: assigneeOptions, error: err('assignee') })}
    ${textInput(frame, { id: 'reason', label: 'inbox.assign.reason', hint: 'inbox.assign.reasonHint', value: view.assignForm?.reason, maxlength: 500, error: err('reason') })}
    <button class="kern-btn kern-btn--secondary" type="submit"><span class="kern-label">${t('inbox.assign.submit')}</span></button>
  </fieldset>
</form>`
}
<nav class="section" aria-label="${t('backoffice.inbox.next')}">
  ${view.next !== undefined && html`<a class="kern-link" rel="next" href="${link(f, { nach: view.next })}">${t('backoffice.inbox.next')}</a>`}
  ${view.paged && html` <a class="kern-link" href="${link(f)}">${t('backoffice.inbox.first')}</a>`}
</nav>`,
  );
}

export type DetailPanelsView = {
  applicationId: string;
  deadline: DeadlineView & {
    extension: { days: number; reason: string; at: Date } | undefined;
    canExtend: boolean;
  };
  assignment: {
    current: string | null;
    history: { at: Date; reason: string | null; assignee: string | null; by: string | null }[];
    assignable: { id: string; name: string }[];
    assignsOthers: boolean;
  };
  errors: FieldError[];
  extendForm?: { days: string; reason: string };
  notice?: MessageKey;
};

/** The deadline (with the one extension) and the assignment, on the application's page. */
export function detailPanels(frame: BackofficeFrame, view: DetailPanelsView): SafeHtml {
  const { t, lang } = frame;
  const d = view.deadline;
  const err = (field: string) => view.errors.find((e) => e.field === field);
  const id = view.applicationId;
  const a = view.assignment;
  return html`${view.notice && html`<div class="kern-alert kern-alert--success" role="status"><div class="kern-alert__body"><p class="kern-body">${t(view.notice)}</p></div></div>`}
<section class="section" aria-labelledby="deadline-heading">
  <h2 class="kern-heading-medium" id="deadline-heading">${t('inbox.deadline.title')}</h2>
  <dl class="kern-description-list">
    <div class="kern-description-list-item"><dt class="kern-description-list-item__key">${t('inbox.deadline.dueOn')}</dt><dd class="kern-description-list-item__value" id="due-text">${dueText(frame, d)}</dd></div>
    ${d.deemedApprovalOn !== null && html`<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${t('inbox.deadline.deemed')}</dt><dd class="kern-description-list-item__value">${dayText(d.deemedApprovalOn, frame)} <span class="kern-hint">${t('inbox.deadline.deemedHint')}</span></dd></div>`}
  </dl>
  ${d.extension && html`<p class="kern-body">${t('inbox.deadline.extended', { n: d.extension.days, reason: d.extension.reason })}</p>`}
  ${
    d.canExtend &&
    html`<form method="post" action="/verwaltung/antraege/${id}/frist" novalidate>
    <input type="hidden" name="_csrf" value="${frame.csrf}">
    <fieldset class="kern-fieldset">
      <legend class="kern-fieldset__legend">${t('inbox.extend.title')}</legend>
      ${textInput(frame, { id: 'days', label: 'inbox.extend.days', value: view.extendForm?.days, maxlength: 3, error: err('days') })}
      ${textInput(frame, { id: 'extensionReason', label: 'inbox.extend.reason', hint: 'inbox.extend.reasonHint', value: view.extendForm?.reason, maxlength: 500, error: err('extensionReason') })}
      <button class="kern-btn kern-btn--secondary" type="submit"><span class="kern-label">${t('inbox.extend.submit')}</span></button>
    </fieldset>
  </form>`
  }
</section>
<section class="section" aria-labelledby="assign-heading">
  <h2 class="kern-heading-medium" id="assign-heading">${t('inbox.assign.title')}</h2>
  <p class="kern-body">${a.current === null ? t('inbox.assign.currentNone') : t('inbox.assign.current', { name: a.current })}</p>
  <form method="post" action="/verwaltung/antraege/${id}/zuweisung" novalidate>
    <input type="hidden" name="_csrf" value="${frame.csrf}">
    <input type="hidden" name="assignee" value="mir">
    <button class="kern-btn kern-btn--secondary" type="submit"><span class="kern-label">${t('inbox.assign.me')}</span></button>
  </form>
  ${
    a.assignsOthers &&
    html`<form method="post" action="/verwaltung/antraege/${id}/zuweisung" novalidate>
    <input type="hidden" name="_csrf" value="${frame.csrf}">
    ${select(frame, {
      id: 'assignee',
      label: 'inbox.assign.to',
      value: undefined,
      options: [
        ...a.assignable.map((m) => ({ value: m.id, label: m.name })),
        { value: 'niemand', label: t('inbox.assign.nobody') },
      ],
      error: err('assignee'),
    })}
    ${textInput(frame, { id: 'reason', label: 'inbox.assign.reason', hint: 'inbox.assign.reasonHint', value: undefined, maxlength: 500, error: err('reason') })}
    <button class="kern-btn kern-btn--secondary" type="submit"><span class="kern-label">${t('inbox.assign.submit')}</span></button>
  </form>`
  }
  <h3 class="kern-heading-small">${t('inbox.assign.history')}</h3>
  ${
    a.history.length === 0
      ? html`<p class="kern-body">${t('inbox.assign.historyNone')}</p>`
      : html`<table class="kern-table">
    <caption class="kern-sr-only">${t('inbox.assign.history')}</caption>
    <thead class="kern-table__header"><tr class="kern-table__row">
      <th class="kern-table__header" scope="col">${t('backoffice.detail.when')}</th>
      <th class="kern-table__header" scope="col">${t('inbox.assign.historyWho')}</th>
      <th class="kern-table__header" scope="col">${t('inbox.assign.historyBy')}</th>
      <th class="kern-table__header" scope="col">${t('inbox.assign.reason')}</th>
    </tr></thead>
    <tbody class="kern-table__body">${a.history.map(
      (h) => html`<tr class="kern-table__row">
      <td class="kern-table__cell">${formatDateTime(h.at, lang)}</td>
      <td class="kern-table__cell">${h.assignee ?? t('backoffice.inbox.unassigned')}</td>
      <td class="kern-table__cell">${h.by ?? ''}</td>
      <td class="kern-table__cell">${h.reason ?? ''}</td>
    </tr>`,
    )}</tbody>
  </table>`
  }
</section>`;
}

export type PeriodsView = {
  services: {
    id: string;
    title: string;
    workingDays: number | null;
    deemedApprovalDays: number | null;
    deemedApprovalMonths: number | null;
  }[];
  errors: FieldError[];
  /** The service whose form was refused, with what was typed. */
  form?: {
    serviceId: string;
    workingDays: string;
    deemedApprovalDays: string;
    deemedApprovalUnit?: string;
  };
  saved?: boolean;
};

/** Bearbeitungsfristen: one small form per service (no JavaScript needed to edit one row). */
export function periodsPage(frame: BackofficeFrame, view: PeriodsView): SafeHtml {
  const { t } = frame;
  const title =
    view.errors.length > 0
      ? `${t('backoffice.error.summary')}: ${t('inbox.periods.title')}`
      : t('inbox.periods.title');
  const current = (s: PeriodsView['services'][number]) =>
    s.workingDays === null
      ? t('inbox.periods.none')
      : s.deemedApprovalMonths !== null
        ? t('inbox.periods.daysDeemedMonths', { n: s.workingDays, m: s.deemedApprovalMonths })
        : s.deemedApprovalDays === null
          ? t('inbox.periods.days', { n: s.workingDays })
          : t('inbox.periods.daysDeemed', { n: s.workingDays, m: s.deemedApprovalDays });
  return layout(
    frame,
    title,
    html`${staffBar(frame)}
${errorSummary(t('backoffice.error.summary'), view.errors)}
${view.saved && html`<div class="kern-alert kern-alert--success" role="status"><div class="kern-alert__body"><p class="kern-body">${t('inbox.periods.saved')}</p></div></div>`}
<h1 class="kern-heading-large">${t('inbox.periods.title')}</h1>
<p class="kern-body">${t('inbox.periods.lead')}</p>
${
  view.services.length === 0
    ? html`<p class="kern-body">${t('inbox.periods.noServices')}</p>`
    : view.services.map((s) => {
        const failed = view.form?.serviceId === s.id;
        const e = (field: string) =>
          failed ? view.errors.find((x) => x.field === field) : undefined;
        return html`<section class="section" aria-labelledby="svc-${s.id}">
  <h2 class="kern-heading-small" id="svc-${s.id}">${s.title}</h2>
  <p class="kern-body">${t('inbox.periods.current')}: ${current(s)}</p>
  <form method="post" action="/verwaltung/fristen" novalidate>
    <input type="hidden" name="_csrf" value="${frame.csrf}">
    <input type="hidden" name="service" value="${s.id}">
    ${textInput(frame, {
      id: failed ? 'workingDays' : `workingDays-${s.id}`,
      name: 'workingDays',
      label: 'inbox.periods.workingDays',
      value: failed ? view.form?.workingDays : s.workingDays === null ? '' : String(s.workingDays),
      maxlength: 3,
      error: e('workingDays'),
    })}
    ${textInput(frame, {
      id: failed ? 'deemedApprovalDays' : `deemedApprovalDays-${s.id}`,
      name: 'deemedApprovalDays',
      label: 'inbox.periods.deemed',
      hint: 'inbox.periods.deemedHint',
      value: failed
        ? view.form?.deemedApprovalDays
        : String(s.deemedApprovalMonths ?? s.deemedApprovalDays ?? ''),
      maxlength: 3,
      error: e('deemedApprovalDays'),
    })}
    ${select(frame, {
      id: failed ? 'deemedApprovalUnit' : `deemedApprovalUnit-${s.id}`,
      name: 'deemedApprovalUnit',
      label: 'inbox.periods.deemedUnit',
      value: failed
        ? view.form?.deemedApprovalUnit
        : s.deemedApprovalMonths !== null
          ? 'monate'
          : 'arbeitstage',
      options: [
        { value: 'arbeitstage', label: t('inbox.periods.unit.workingDays') },
        { value: 'monate', label: t('inbox.periods.unit.months') },
      ],
    })}
    <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('inbox.periods.save', { service: s.title })}</span></button>
  </form>
</section>`;
      })
}`,
  );
}
