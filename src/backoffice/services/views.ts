// Pages of "Online-Dienste": the list of the Verbund's services for the authority's level with
// their status and actions, the confirmation before one is no longer offered (a page of its
// own, so it works without JavaScript), and the form for the authority's own texts.
import { formatLongDate } from '../../web/format.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import type { MessageKey } from '../../web/i18n.ts';
import { errorSummary } from '../../web/layout.ts';
import { type BackofficeFrame, staffLayout } from '../views.ts';
import type { AuthorityService, Overview } from './service.ts';
import { DESCRIPTION_MAX, FEES_MAX, PHONE_MAX, type TextsInput, UNIT_MAX } from './texts.ts';

export const SERVICES_HREF = '/verwaltung/online-dienste';
export const serviceHref = (key: string, action: 'anbieten' | 'beenden' | 'angaben') =>
  `${SERVICES_HREF}/${key}/${action}`;

export type FieldError = { field: string; message: string };

export type ServicesNotice = {
  kind: 'offered' | 'withdrawn' | 'updated' | 'unchanged' | 'alreadyOffered' | 'alreadyWithdrawn';
  title: string;
};

const NOTICE: Record<ServicesNotice['kind'], { key: MessageKey; tone: 'success' | 'info' }> = {
  offered: { key: 'onlineServices.done.offered', tone: 'success' },
  withdrawn: { key: 'onlineServices.done.withdrawn', tone: 'success' },
  updated: { key: 'onlineServices.done.updated', tone: 'success' },
  unchanged: { key: 'onlineServices.done.unchanged', tone: 'info' },
  alreadyOffered: { key: 'onlineServices.already.offered', tone: 'info' },
  alreadyWithdrawn: { key: 'onlineServices.already.withdrawn', tone: 'info' },
};

const hidden = (frame: BackofficeFrame) =>
  html`<input type="hidden" name="_csrf" value="${frame.csrf}">`;

function statusOf(frame: BackofficeFrame, svc: AuthorityService): SafeHtml {
  const { t, lang } = frame;
  return svc.offeredSince === null
    ? html`<span class="kern-badge kern-badge--info"><span class="kern-label kern-label--small">${t('onlineServices.notOffered')}</span></span>`
    : html`<span class="kern-badge kern-badge--success"><span class="kern-label kern-label--small">${t(svc.startsLater ? 'onlineServices.offeredFrom' : 'onlineServices.offeredSince', { date: formatLongDate(svc.offeredSince, lang) })}</span></span>`;
}

function actionsOf(frame: BackofficeFrame, svc: AuthorityService): SafeHtml {
  const { t } = frame;
  if (svc.offeredSince === null) {
    return html`<form method="post" action="${serviceHref(svc.key, 'anbieten')}">
        ${hidden(frame)}
        <button class="kern-btn kern-btn--primary" type="submit" aria-label="${t('onlineServices.offerLabel', { title: svc.title })}"><span class="kern-label">${t('onlineServices.offer')}</span></button>
      </form>`;
  }
  return html`<ul class="kern-list">
        <li><a class="kern-link" href="${serviceHref(svc.key, 'angaben')}" aria-label="${t('onlineServices.editLabel', { title: svc.title })}">${t('onlineServices.edit')}</a></li>
        <li><a class="kern-link" href="${serviceHref(svc.key, 'beenden')}" aria-label="${t('onlineServices.withdrawLabel', { title: svc.title })}">${t('onlineServices.withdraw')}</a></li>
      </ul>`;
}

/** "Online-Dienste": every service of the authority's level, offered or not. */
export function servicesPage(
  frame: BackofficeFrame,
  view: { overview: Overview; notice?: ServicesNotice },
): SafeHtml {
  const { t } = frame;
  const { authority, services } = view.overview;
  const notice = view.notice && NOTICE[view.notice.kind];
  return staffLayout(
    frame,
    t('onlineServices.title'),
    html`<h1 class="kern-heading-large">${t('onlineServices.title')}</h1>
<p class="kern-body">${t(authority.kind === 'county' ? 'onlineServices.leadCounty' : 'onlineServices.lead', { verbund: frame.verbundName, authority: authority.name })}</p>
<p class="kern-body">${t('onlineServices.trustNote', { verbund: frame.verbundName })}</p>
${
  notice &&
  view.notice &&
  html`<div class="kern-alert kern-alert--${notice.tone}" role="status"><div class="kern-alert__body"><p class="kern-body">${t(notice.key, { title: view.notice.title })}</p></div></div>`
}
${
  services.length === 0
    ? html`<p class="kern-body">${t('onlineServices.none')}</p>`
    : html`<table class="kern-table">
  <caption class="kern-table__caption">${t('onlineServices.caption', { authority: authority.name })}</caption>
  <thead class="kern-table__header"><tr class="kern-table__row">
    <th class="kern-table__header" scope="col">${t('onlineServices.col.service')}</th>
    <th class="kern-table__header" scope="col">${t('onlineServices.col.status')}</th>
    <th class="kern-table__header" scope="col">${t('onlineServices.col.trust')}</th>
    <th class="kern-table__header" scope="col">${t('onlineServices.col.actions')}</th>
  </tr></thead>
  <tbody class="kern-table__body">${services.map(
    (svc) => html`<tr class="kern-table__row">
    <th class="kern-table__cell" scope="row"><a class="kern-link" href="/leistungen/${svc.leikaKey}" aria-label="${t('onlineServices.portal', { title: svc.title })}">${svc.title}</a></th>
    <td class="kern-table__cell">${statusOf(frame, svc)}</td>
    <td class="kern-table__cell">${t(`identity.level.${svc.trustLevel}`)}${svc.allowsAnonymous && html`<br><span class="kern-body kern-body--small">${t('onlineServices.anonymous')}</span>`}</td>
    <td class="kern-table__cell">${actionsOf(frame, svc)}</td>
  </tr>`,
  )}</tbody>
</table>`
}`,
  );
}

/** The question before a service is no longer offered, with what stays and what goes. */
export function withdrawPage(
  frame: BackofficeFrame,
  view: { service: AuthorityService; authorityName: string; draftDays: number },
): SafeHtml {
  const { t } = frame;
  const { service } = view;
  const title = t('onlineServices.confirm.title', { title: service.title });
  return staffLayout(
    frame,
    title,
    html`<p class="kern-body"><a class="kern-link" href="${SERVICES_HREF}">${t('onlineServices.back')}</a></p>
<h1 class="kern-heading-large">${title}</h1>
<p class="kern-body">${t('onlineServices.confirm.lead', { title: service.title, authority: view.authorityName })}</p>
<ul class="kern-list kern-list--bullet">
  <li>${t('onlineServices.confirm.drafts', { days: view.draftDays })}</li>
  <li>${t('onlineServices.confirm.applications')}</li>
  <li>${t('onlineServices.confirm.texts')}</li>
</ul>
<form method="post" action="${serviceHref(service.key, 'beenden')}">
  ${hidden(frame)}
  <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('onlineServices.confirm.submit')}</span></button>
  <a class="kern-btn kern-btn--secondary" href="${SERVICES_HREF}"><span class="kern-label">${t('onlineServices.confirm.cancel')}</span></a>
</form>`,
  );
}

/** "Angaben bearbeiten": the authority's own texts, each saying what applies when empty. */
export function textsPage(
  frame: BackofficeFrame,
  view: {
    service: AuthorityService;
    /** The authority's general contact, shown where the form leaves phone or e-mail empty. */
    general: { phone: string | null; email: string | null };
    values?: TextsInput;
    errors: FieldError[];
  },
): SafeHtml {
  const { t } = frame;
  const { service } = view;
  const values: TextsInput = view.values ?? {
    description: service.own.description ?? '',
    fees: service.own.fees ?? '',
    contactUnit: service.own.contact_unit ?? '',
    contactPhone: service.own.contact_phone ?? '',
    contactEmail: service.own.contact_email ?? '',
  };
  const error = (field: string) => view.errors.find((e) => e.field === field);
  const described = (name: string) => {
    const e = error(name);
    return html` aria-describedby="${name}-hint${e ? ` ${name}-error` : ''}"${e ? html` aria-invalid="true"` : ''}`;
  };
  const group = (name: keyof TextsInput, label: MessageKey, hint: string, control: SafeHtml) => {
    const e = error(name);
    return html`<div class="kern-form-input${e ? ' kern-form-input--error' : ''}">
    <label class="kern-label" for="${name}">${t(label)}</label>
    <div class="kern-hint" id="${name}-hint">${hint}</div>
    ${e && html`<p class="kern-error" id="${name}-error"><span class="kern-sr-only">${t('web.error.prefix')}</span> ${e.message}</p>`}
    ${control}
  </div>`;
  };
  const inputClass = (name: string) =>
    `kern-form-input__input${error(name) ? ' kern-form-input__input--error' : ''}`;
  const verbundText = (text: string | null) =>
    text === null
      ? t('onlineServices.edit.verbundNone')
      : t('onlineServices.edit.verbundText', { text });
  const general = (value: string | null) =>
    value === null
      ? t('onlineServices.edit.generalNone')
      : t('onlineServices.edit.generalContact', { value });
  const heading = t('onlineServices.edit.title', { title: service.title });
  const title =
    view.errors.length > 0 ? `${t('onlineServices.error.summary')}: ${heading}` : heading;
  return staffLayout(
    frame,
    title,
    html`${errorSummary(t('onlineServices.error.summary'), view.errors)}
<p class="kern-body"><a class="kern-link" href="${SERVICES_HREF}">${t('onlineServices.back')}</a></p>
<h1 class="kern-heading-large">${heading}</h1>
<p class="kern-body">${t('onlineServices.edit.lead')}</p>
<form method="post" action="${serviceHref(service.key, 'angaben')}" novalidate aria-label="${t('onlineServices.edit.form')}">
  ${hidden(frame)}
  ${group('description', 'onlineServices.field.description', verbundText(service.verbund.description), html`<textarea class="${inputClass('description')}" id="description" name="description" rows="6" maxlength="${String(DESCRIPTION_MAX)}"${described('description')}>${values.description}</textarea>`)}
  ${group('fees', 'onlineServices.field.fees', verbundText(service.verbund.fees), html`<textarea class="${inputClass('fees')}" id="fees" name="fees" rows="3" maxlength="${String(FEES_MAX)}"${described('fees')}>${values.fees}</textarea>`)}
  ${group('contactUnit', 'onlineServices.field.contactUnit', general(null), html`<input class="${inputClass('contactUnit')}" id="contactUnit" name="contactUnit" type="text" maxlength="${String(UNIT_MAX)}" autocomplete="off" value="${values.contactUnit}"${described('contactUnit')}>`)}
  ${group('contactPhone', 'onlineServices.field.contactPhone', general(view.general.phone), html`<input class="${inputClass('contactPhone')}" id="contactPhone" name="contactPhone" type="tel" maxlength="${String(PHONE_MAX)}" autocomplete="off" value="${values.contactPhone}"${described('contactPhone')}>`)}
  ${group('contactEmail', 'onlineServices.field.contactEmail', general(view.general.email), html`<input class="${inputClass('contactEmail')}" id="contactEmail" name="contactEmail" type="email" maxlength="254" autocomplete="off" value="${values.contactEmail}"${described('contactEmail')}>`)}
  <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('onlineServices.edit.submit')}</span></button>
</form>`,
  );
}
