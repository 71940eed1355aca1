// The Verbund office's pages in the back office's KERN markup: the authorities table, one
// authority's page (contact form, "Online schalten" behind a confirmation page, the invitation
// of an admin), and the catalogue search. Plain forms and links: nothing needs JavaScript.
import { formatDateTime, formatLongDate } from '../../web/format.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import type { MessageKey } from '../../web/i18n.ts';
import { errorSummary } from '../../web/layout.ts';
import { type BackofficeFrame, staffLayout } from '../views.ts';
import { type ContactInput, PHONE_MAX, STREET_MAX, WEBSITE_MAX } from './contact.ts';
import type { AuthoritySummary, CatalogueRow, OnlineServiceSettings } from './office.ts';
import {
  DESCRIPTION_MAX,
  FEES_MAX,
  type ServiceSettingsInput,
  TITLE_MAX,
  TRUST_LEVELS,
} from './service-settings.ts';

export const AUTHORITIES_HREF = '/verwaltung/behoerden';
export const CATALOGUE_HREF = '/verwaltung/leistungskatalog';
export const authorityHref = (slug: string) => `${AUTHORITIES_HREF}/${slug}`;
export const serviceSettingsHref = (id: string) => `${CATALOGUE_HREF}/${id}/einstellungen`;
/** "Online-Dienst einrichten" for the catalogue entry with this LeiKa key. */
export const serviceSetupHref = (leikaKey: string) =>
  `${CATALOGUE_HREF}/leistung/${leikaKey}/online-dienst-einrichten`;

export type FieldError = { field: string; message: string };

export const titled = (frame: BackofficeFrame, title: string, errors: FieldError[]) =>
  errors.length > 0 ? `${frame.t('backoffice.error.summary')}: ${title}` : title;

export const alert = (tone: 'success' | 'warning', text: string) =>
  html`<div class="kern-alert kern-alert--${tone}" role="status"><div class="kern-alert__body"><p class="kern-body">${text}</p></div></div>`;

function statusBadge(frame: BackofficeFrame, status: 'onboarding' | 'live'): SafeHtml {
  const tone = status === 'live' ? 'success' : 'info';
  return html`<span class="kern-badge kern-badge--${tone}"><span class="kern-label kern-label--small">${frame.t(`verbund.status.${status}`)}</span></span>`;
}

export type FieldInput = {
  name: string;
  label: MessageKey;
  type: string;
  value: string;
  max: number;
  hint?: MessageKey;
  autocomplete?: string;
};

/** A labelled input with its hint and error, as every form of the Verbund office shows it. */
export function textField(
  frame: BackofficeFrame,
  errors: FieldError[],
  input: FieldInput,
): SafeHtml {
  const { t } = frame;
  const e = errors.find((x) => x.field === input.name);
  const described = [input.hint ? `${input.name}-hint` : '', e ? `${input.name}-error` : '']
    .filter(Boolean)
    .join(' ');
  return html`<div class="kern-form-input${e ? ' kern-form-input--error' : ''}">
    <label class="kern-label" for="${input.name}">${t(input.label)}</label>
    ${input.hint && html`<div class="kern-hint" id="${input.name}-hint">${t(input.hint)}</div>`}
    ${e && html`<p class="kern-error" id="${input.name}-error">${e.message}</p>`}
    <input class="kern-form-input__input${e ? ' kern-form-input__input--error' : ''}" id="${input.name}" name="${input.name}" type="${input.type}" maxlength="${String(input.max)}" spellcheck="false" autocomplete="${input.autocomplete ?? 'off'}" value="${input.value}"${described ? html` aria-describedby="${described}"` : ''}${e ? html` aria-invalid="true"` : ''}>
  </div>`;
}

export function authoritiesPage(frame: BackofficeFrame, list: AuthoritySummary[]): SafeHtml {
  const { t, lang } = frame;
  return staffLayout(
    frame,
    t('verbund.list.title'),
    html`<h1 class="kern-heading-large">${t('verbund.list.title')}</h1>
<p class="kern-body">${t('verbund.list.lead')}</p>
<table class="kern-table" id="authorities">
  <caption class="kern-table__caption">${t('verbund.list.caption')}</caption>
  <thead class="kern-table__header"><tr class="kern-table__row">
    <th class="kern-table__header" scope="col">${t('verbund.col.name')}</th>
    <th class="kern-table__header" scope="col">${t('verbund.col.kind')}</th>
    <th class="kern-table__header" scope="col">${t('verbund.col.status')}</th>
    <th class="kern-table__header" scope="col">${t('verbund.col.live')}</th>
    <th class="kern-table__header kern-table__header--numeric" scope="col">${t('verbund.col.services')}</th>
    <th class="kern-table__header kern-table__header--numeric" scope="col">${t('verbund.col.staff')}</th>
  </tr></thead>
  <tbody class="kern-table__body">${list.map(
    ({ authority: a, onlineServices, activeStaff }) => html`<tr class="kern-table__row">
    <th class="kern-table__cell" scope="row"><a class="kern-link" href="${authorityHref(a.slug)}" aria-label="${t('verbund.open', { name: a.name })}">${a.name}</a></th>
    <td class="kern-table__cell">${t(`tenancy.kind.${a.kind}`)}</td>
    <td class="kern-table__cell">${statusBadge(frame, a.status)}</td>
    <td class="kern-table__cell">${a.went_live_at ? formatLongDate(a.went_live_at, lang) : t('verbund.notLive')}</td>
    <td class="kern-table__cell kern-table__cell--numeric">${String(onlineServices)}</td>
    <td class="kern-table__cell kern-table__cell--numeric">${String(activeStaff)}</td>
  </tr>`,
  )}</tbody>
</table>`,
  );
}

export type AuthorityPageView = {
  summary: AuthoritySummary;
  /** What was typed into the contact form after it was refused. */
  contact?: ContactInput;
  invite?: { email: string; displayName: string };
  invited?: { email: string; expiresAt: Date };
  notice?: { tone: 'success' | 'warning'; text: string };
  errors: FieldError[];
};

export function authorityPage(frame: BackofficeFrame, view: AuthorityPageView): SafeHtml {
  const { t, lang } = frame;
  const a = view.summary.authority;
  const contact: ContactInput = view.contact ?? {
    street: a.street ?? '',
    phone: a.phone ?? '',
    email: a.email ?? '',
    website: a.website ?? '',
  };
  const field = (input: FieldInput) => textField(frame, view.errors, input);
  return staffLayout(
    frame,
    titled(frame, a.name, view.errors),
    html`${errorSummary(t('backoffice.error.summary'), view.errors)}
<p class="kern-body"><a class="kern-link" href="${AUTHORITIES_HREF}">${t('verbund.detail.back')}</a></p>
<h1 class="kern-heading-large">${a.name}</h1>
${view.notice && alert(view.notice.tone, view.notice.text)}
${view.invited && alert('success', t('verbund.invite.done', { email: view.invited.email, until: formatDateTime(view.invited.expiresAt, lang) }))}
<section class="section" aria-labelledby="facts-heading">
  <h2 class="kern-heading-medium" id="facts-heading">${t('verbund.detail.facts')}</h2>
  <dl class="kern-description-list">
    <div class="kern-description-list-item"><dt class="kern-description-list-item__key">${t('verbund.col.kind')}</dt><dd class="kern-description-list-item__value">${t(`tenancy.kind.${a.kind}`)}</dd></div>
    <div class="kern-description-list-item"><dt class="kern-description-list-item__key">${t('verbund.col.status')}</dt><dd class="kern-description-list-item__value" id="authority-status">${statusBadge(frame, a.status)}</dd></div>
    <div class="kern-description-list-item"><dt class="kern-description-list-item__key">${t('verbund.col.live')}</dt><dd class="kern-description-list-item__value">${a.went_live_at ? formatLongDate(a.went_live_at, lang) : t('verbund.notLive')}</dd></div>
    <div class="kern-description-list-item"><dt class="kern-description-list-item__key">${t('verbund.col.services')}</dt><dd class="kern-description-list-item__value">${String(view.summary.onlineServices)}</dd></div>
    <div class="kern-description-list-item"><dt class="kern-description-list-item__key">${t('verbund.col.staff')}</dt><dd class="kern-description-list-item__value">${String(view.summary.activeStaff)}</dd></div>
  </dl>
</section>
<section class="section" aria-labelledby="contact-heading">
  <h2 class="kern-heading-medium" id="contact-heading">${t('verbund.contact.title')}</h2>
  <p class="kern-body">${t('verbund.contact.lead')}</p>
  <form method="post" action="${authorityHref(a.slug)}/kontakt" novalidate>
    <input type="hidden" name="_csrf" value="${frame.csrf}">
    ${field({ name: 'street', label: 'verbund.contact.street', type: 'text', value: contact.street, max: STREET_MAX })}
    ${field({ name: 'phone', label: 'verbund.contact.phone', type: 'tel', value: contact.phone, max: PHONE_MAX, hint: 'verbund.contact.phoneHint' })}
    ${field({ name: 'email', label: 'verbund.contact.email', type: 'email', value: contact.email, max: 254 })}
    ${field({ name: 'website', label: 'verbund.contact.website', type: 'url', value: contact.website, max: WEBSITE_MAX, hint: 'verbund.contact.websiteHint' })}
    <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('verbund.contact.submit')}</span></button>
  </form>
</section>
<section class="section" aria-labelledby="live-heading">
  <h2 class="kern-heading-medium" id="live-heading">${t('verbund.live.title')}</h2>
  ${
    a.status === 'live'
      ? html`<p class="kern-body">${t('verbund.live.since', { date: a.went_live_at ? formatLongDate(a.went_live_at, lang) : '' })}</p>`
      : html`<p class="kern-body">${t('verbund.live.lead')}</p>
  <p class="kern-body"><a class="kern-link" href="${authorityHref(a.slug)}/online-schalten">${t('verbund.live.start')}</a></p>`
  }
</section>
<section class="section" aria-labelledby="invite-heading">
  <h2 class="kern-heading-medium" id="invite-heading">${t('verbund.invite.title')}</h2>
  <p class="kern-body">${t('verbund.invite.lead', { name: a.name })}</p>
  <form method="post" action="${authorityHref(a.slug)}/einladen" novalidate>
    <input type="hidden" name="_csrf" value="${frame.csrf}">
    ${field({ name: 'inviteEmail', label: 'verbund.invite.email', type: 'email', value: view.invite?.email ?? '', max: 254 })}
    ${field({ name: 'inviteName', label: 'verbund.invite.name', type: 'text', value: view.invite?.displayName ?? '', max: 200 })}
    <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('verbund.invite.submit')}</span></button>
  </form>
</section>`,
  );
}

/** The step before taking live: a GET page with one button, so no JavaScript is needed. */
export function goLivePage(frame: BackofficeFrame, summary: AuthoritySummary): SafeHtml {
  const { t } = frame;
  const a = summary.authority;
  const title = t('verbund.live.confirmTitle', { name: a.name });
  return staffLayout(
    frame,
    title,
    html`<h1 class="kern-heading-large">${title}</h1>
<p class="kern-body">${t('verbund.live.confirmLead', { name: a.name })}</p>
<form method="post" action="${authorityHref(a.slug)}/online-schalten">
  <input type="hidden" name="_csrf" value="${frame.csrf}">
  <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('verbund.live.submit')}</span></button>
</form>
<p class="kern-body"><a class="kern-link" href="${authorityHref(a.slug)}">${t('verbund.live.cancel')}</a></p>`,
  );
}

export type CataloguePageView = {
  value: string;
  error?: string;
  /** After a service was set up. */
  notice?: string;
  result?: {
    query: string;
    total: number;
    page: number;
    pages: number;
    matchedAll: boolean;
    rows: CatalogueRow[];
  };
};

export function cataloguePage(frame: BackofficeFrame, view: CataloguePageView): SafeHtml {
  const { t } = frame;
  const errors = view.error ? [{ field: 'q', message: view.error }] : [];
  const names = (list: { name: string }[], empty: MessageKey) =>
    list.length === 0 ? t(empty) : list.map((a) => a.name).join(', ');
  const r = view.result;
  const pageHref = (page: number) =>
    `${CATALOGUE_HREF}?q=${encodeURIComponent(r?.query ?? '')}&seite=${page}`;
  return staffLayout(
    frame,
    titled(frame, t('verbund.catalogue.title'), errors),
    html`${errorSummary(t('backoffice.error.summary'), errors)}
<h1 class="kern-heading-large">${t('verbund.catalogue.title')}</h1>
<p class="kern-body">${t('verbund.catalogue.lead')}</p>
${view.notice && alert('success', view.notice)}
<form method="get" action="${CATALOGUE_HREF}" role="search" novalidate>
  <div class="kern-form-input${view.error ? ' kern-form-input--error' : ''}">
    <label class="kern-label" for="q">${t('verbund.catalogue.label')}</label>
    <div class="kern-hint" id="q-hint">${t('verbund.catalogue.hint')}</div>
    ${view.error && html`<p class="kern-error" id="q-error">${view.error}</p>`}
    <input class="kern-form-input__input${view.error ? ' kern-form-input__input--error' : ''}" id="q" name="q" type="search" maxlength="200" value="${view.value}" aria-describedby="q-hint${view.error ? ' q-error' : ''}"${view.error ? html` aria-invalid="true"` : ''}>
  </div>
  <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('verbund.catalogue.submit')}</span></button>
</form>
${
  r &&
  (r.rows.length === 0
    ? html`<p class="kern-body" id="catalogue-none">${t('verbund.catalogue.none')}</p>`
    : html`${!r.matchedAll && html`<p class="kern-body">${t('verbund.catalogue.someWords')}</p>`}
<table class="kern-table" id="catalogue">
  <caption class="kern-table__caption">${t('verbund.catalogue.caption', { total: r.total, query: r.query })}</caption>
  <thead class="kern-table__header"><tr class="kern-table__row">
    <th class="kern-table__header" scope="col">${t('verbund.catalogue.col.service')}</th>
    <th class="kern-table__header" scope="col">${t('verbund.catalogue.col.offered')}</th>
    <th class="kern-table__header" scope="col">${t('verbund.catalogue.col.notOffered')}</th>
  </tr></thead>
  <tbody class="kern-table__body">${r.rows.map(
    (row) => html`<tr class="kern-table__row">
    <th class="kern-table__cell" scope="row">${row.name}${row.leikaKey && html`<br><span class="kern-body--small">${t('verbund.catalogue.key', { key: row.leikaKey })}</span>`}${row.online && html`<br><a class="kern-link" href="${serviceSettingsHref(row.online.id)}" aria-label="${t('verbund.catalogue.editLabel', { title: row.online.title })}">${t('verbund.catalogue.edit')}</a>`}</th>
    ${
      row.online === undefined
        ? html`<td class="kern-table__cell" colspan="2">${t('verbund.catalogue.noOnline')}${row.leikaKey && html`<br><a class="kern-link" href="${serviceSetupHref(row.leikaKey)}" aria-label="${t('verbund.catalogue.setUpLabel', { name: row.name })}">${t('verbund.catalogue.setUp')}</a>`}</td>`
        : html`<td class="kern-table__cell">${names(row.online.offeredBy, 'verbund.catalogue.nobody')}</td>
    <td class="kern-table__cell">${names(row.online.notOfferedBy, 'verbund.catalogue.everybody')}</td>`
    }
  </tr>`,
  )}</tbody>
</table>
${
  r.pages > 1 &&
  html`<nav aria-label="${t('verbund.catalogue.pages')}"><ul class="kern-list kern-list--horizontal">
  ${r.page > 1 && html`<li><a class="kern-link" href="${pageHref(r.page - 1)}">${t('verbund.catalogue.previous')}</a></li>`}
  ${r.page < r.pages && html`<li><a class="kern-link" href="${pageHref(r.page + 1)}">${t('verbund.catalogue.next')}</a></li>`}
</ul></nav>`
}`)
}`,
  );
}

export type ServiceSettingsView = {
  service: OnlineServiceSettings;
  /** What was typed into the form after it was refused; else the stored settings. */
  values?: ServiceSettingsInput;
  notice?: { tone: 'success' | 'warning'; text: string };
  errors: FieldError[];
};

/** A form's errors by field, and the attributes that tie a control to its hint and error. */
export function fieldErrors(errors: FieldError[]) {
  const error = (field: string) => errors.find((e) => e.field === field);
  const described = (name: string, hint: boolean) => {
    const ids = [hint ? `${name}-hint` : '', error(name) ? `${name}-error` : '']
      .filter(Boolean)
      .join(' ');
    return html`${ids ? html` aria-describedby="${ids}"` : ''}${error(name) ? html` aria-invalid="true"` : ''}`;
  };
  const inputClass = (name: string) =>
    `kern-form-input__input${error(name) ? ' kern-form-input__input--error' : ''}`;
  return { error, described, inputClass };
}

/** A group of radio buttons in a fieldset with hint and error; the first one carries `name`'s id. */
export function radioGroup(
  frame: BackofficeFrame,
  errors: FieldError[],
  group: {
    name: string;
    legend: MessageKey;
    hint: MessageKey;
    options: { value: string; label: string }[];
    checked: string;
  },
): SafeHtml {
  const e = fieldErrors(errors).error(group.name);
  const { name } = group;
  return html`<fieldset class="kern-fieldset${e ? ' kern-fieldset--error' : ''}" aria-describedby="${name}-hint${e ? ` ${name}-error` : ''}">
    <legend class="kern-label">${frame.t(group.legend)}</legend>
    <div class="kern-hint" id="${name}-hint">${frame.t(group.hint)}</div>
    ${e && html`<p class="kern-error" id="${name}-error">${e.message}</p>`}
    <div class="kern-fieldset__body">${group.options.map(
      (o, i) => html`<div class="kern-form-check">
      <input class="kern-form-check__radio" type="radio" name="${name}" id="${i === 0 ? name : `${name}-${o.value}`}" value="${o.value}"${group.checked === o.value ? html` checked` : ''}>
      <label class="kern-label" for="${i === 0 ? name : `${name}-${o.value}`}">${o.label}</label>
    </div>`,
    )}</div>
  </fieldset>`;
}

/**
 * The Verbund-wide settings' controls, in the edit form and in the set-up of a new service:
 * title, trust level, anonymous use, description, fees, retention.
 */
export function settingsControls(
  frame: BackofficeFrame,
  values: ServiceSettingsInput,
  errors: FieldError[],
  extra: { titleHint?: MessageKey; afterTitle?: SafeHtml } = {},
): SafeHtml {
  const { t } = frame;
  const { error, described, inputClass } = fieldErrors(errors);
  const group = (
    name: string,
    label: MessageKey,
    hint: MessageKey | undefined,
    control: SafeHtml,
  ) => {
    const e = error(name);
    return html`<div class="kern-form-input${e ? ' kern-form-input--error' : ''}">
    <label class="kern-label" for="${name}">${t(label)}</label>
    ${hint && html`<div class="kern-hint" id="${name}-hint">${t(hint)}</div>`}
    ${e && html`<p class="kern-error" id="${name}-error">${e.message}</p>`}
    ${control}
  </div>`;
  };
  const anonymousError = error('anonymous');
  const titleHint = extra.titleHint;
  return html`${group('title', 'verbund.service.field.title', titleHint, html`<input class="${inputClass('title')}" id="title" name="title" type="text" maxlength="${String(TITLE_MAX)}" autocomplete="off" value="${values.title}"${described('title', titleHint !== undefined)}>`)}
  ${extra.afterTitle}
  ${radioGroup(frame, errors, {
    name: 'trustLevel',
    legend: 'verbund.service.field.trustLevel',
    hint: 'verbund.service.field.trustLevelHint',
    options: TRUST_LEVELS.map((level) => ({ value: level, label: t(`identity.level.${level}`) })),
    checked: values.trustLevel,
  })}
  <div class="kern-form-input${anonymousError ? ' kern-form-input--error' : ''}">
    ${anonymousError && html`<p class="kern-error" id="anonymous-error">${anonymousError.message}</p>`}
    <div class="kern-form-check">
      <input class="kern-form-check__checkbox" type="checkbox" id="anonymous" name="anonymous" value="ja"${values.anonymous ? html` checked` : ''}${described('anonymous', true)}>
      <label class="kern-label" for="anonymous">${t('verbund.service.field.anonymous')}</label>
    </div>
    <div class="kern-hint" id="anonymous-hint">${t('verbund.service.field.anonymousHint')}</div>
  </div>
  ${group('description', 'verbund.service.field.description', 'verbund.service.field.descriptionHint', html`<textarea class="${inputClass('description')}" id="description" name="description" rows="6" maxlength="${String(DESCRIPTION_MAX)}"${described('description', true)}>${values.description}</textarea>`)}
  ${group('fees', 'verbund.service.field.fees', 'verbund.service.field.feesHint', html`<textarea class="${inputClass('fees')}" id="fees" name="fees" rows="3" maxlength="${String(FEES_MAX)}"${described('fees', true)}>${values.fees}</textarea>`)}
  ${group('retentionMonths', 'verbund.service.field.retention', 'verbund.service.field.retentionHint', html`<input class="${inputClass('retentionMonths')}" id="retentionMonths" name="retentionMonths" type="text" inputmode="numeric" pattern="[0-9]*" maxlength="4" autocomplete="off" value="${values.retentionMonths}"${described('retentionMonths', true)}>`)}`;
}

/** "Einstellungen" of one online service: the Verbund-wide settings in one form. */
export function serviceSettingsPage(frame: BackofficeFrame, view: ServiceSettingsView): SafeHtml {
  const { t } = frame;
  const s = view.service;
  const values: ServiceSettingsInput = view.values ?? {
    title: s.title,
    trustLevel: s.trust_level,
    anonymous: s.allows_anonymous,
    description: s.description ?? '',
    fees: s.fees ?? '',
    retentionMonths: String(s.retention_months),
  };
  const title = t('verbund.service.title', { title: s.title });
  return staffLayout(
    frame,
    titled(frame, title, view.errors),
    html`${errorSummary(t('backoffice.error.summary'), view.errors)}
<p class="kern-body"><a class="kern-link" href="${CATALOGUE_HREF}?q=${encodeURIComponent(s.title)}">${t('verbund.service.back')}</a></p>
<h1 class="kern-heading-large">${title}</h1>
<p class="kern-body">${t('verbund.service.lead')}</p>
${view.notice && alert(view.notice.tone, view.notice.text)}
<dl class="kern-description-list">
  <div class="kern-description-list-item"><dt class="kern-description-list-item__key">${t('verbund.service.key')}</dt><dd class="kern-description-list-item__value">${s.leika_key}</dd></div>
  <div class="kern-description-list-item"><dt class="kern-description-list-item__key">${t('verbund.service.level')}</dt><dd class="kern-description-list-item__value">${t(`verbund.service.level.${s.level}`)}</dd></div>
</dl>
<form method="post" action="${serviceSettingsHref(s.id)}" novalidate aria-label="${t('verbund.service.form')}">
  <input type="hidden" name="_csrf" value="${frame.csrf}">
  <input type="hidden" name="version" value="${String(s.version)}">
  ${settingsControls(frame, values, view.errors)}
  <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('verbund.service.submit')}</span></button>
</form>`,
  );
}
