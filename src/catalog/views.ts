import type { TrustLevel } from '../db/schema.ts';
import type { Authority } from '../tenancy/service.ts';
import {
  type ContactRow,
  descriptionList,
  mailLink,
  phoneLink,
  websiteLink,
} from '../web/contact.ts';
import { html, type SafeHtml } from '../web/html.ts';
import type { MessageKey } from '../web/i18n.ts';
import { errorSummary, layout, type PageFrame } from '../web/layout.ts';
import { type SearchFormSpec, type SearchFormState, searchForm } from '../web/search-form.ts';
import type { Availability, Contact, Responsibility } from './responsibility.ts';
import type { SearchResult } from './search.ts';
import { SEARCH_PAGE_SIZE } from './search.ts';
import type {
  CatalogueTree,
  OnlineOffer,
  ServiceListItem,
  ServicePage,
  Situation,
  Subject,
} from './service.ts';
import './messages.ts';

export type { SearchFormState };

const SEARCH: SearchFormSpec = {
  action: '/leistungen/suche',
  id: 'search',
  heading: 'catalog.search.heading',
  label: 'catalog.search.label',
  hint: 'catalog.search.hint',
  submit: 'catalog.search.submit',
  type: 'search',
  autocomplete: 'off',
};

/** Canonical address of a catalogue entry: its LeiKa key, or its catalogue id without one. */
export function serviceHref(item: { id: number; leika_key: string | null }): string {
  return item.leika_key === null
    ? `/leistungen/eintrag/${item.id}`
    : `/leistungen/${item.leika_key}`;
}

/** Where the online form will live (the form engine comes with a later change). */
export function applicationHref(leikaKey: string): string {
  return `/leistungen/${leikaKey}/antrag`;
}

function onlineBadge(frame: PageFrame): SafeHtml {
  return html` <span class="kern-badge kern-badge--success kern-badge--small">${frame.t('catalog.online')}</span>`;
}

function breadcrumbs(frame: PageFrame, items: { href: string; label: string }[]): SafeHtml {
  return html`<nav aria-label="${frame.t('catalog.breadcrumbs')}"><ol class="kern-list kern-list--horizontal kern-body--small">${items.map(
    (item) => html`<li><a class="kern-link" href="${item.href}">${item.label}</a></li>`,
  )}</ol></nav>`;
}

export function catalogHomePage(
  frame: PageFrame,
  tree: CatalogueTree,
  offers: OnlineOffer[],
): SafeHtml {
  const { t } = frame;
  const live = offers.filter((o) => o.offeredBy > 0);
  return layout(
    frame,
    t('catalog.home.title'),
    html`<h1 class="kern-heading-x-large">${t('catalog.home.title')}</h1>
<p class="kern-body kern-body--large">${t('catalog.home.lead', { verbund: frame.verbundName })}</p>
${searchForm(frame, SEARCH, { value: '' }, 'h2')}
${
  live.length > 0 &&
  html`<section class="section" aria-labelledby="online-heading">
  <h2 class="kern-heading-medium" id="online-heading">${t('catalog.home.online')}</h2>
  <ul class="kern-list kern-list--bullet">${live.map(
    (o) =>
      html`<li><a class="kern-link" href="/leistungen/${o.leika_key}">${o.title}</a> <span class="kern-body--small">(${t(
        o.level === 'county' ? 'catalog.home.offeredByCounty' : 'catalog.home.offeredBy',
        { count: o.offeredBy },
      )})</span></li>`,
  )}</ul>
</section>`
}
<section class="section" aria-labelledby="subjects-heading">
  <h2 class="kern-heading-medium" id="subjects-heading">${t('catalog.home.subjects')}</h2>
  <ul class="authority-grid">${tree.subjects.map(
    (s) => html`<li><div class="kern-card kern-card--small"><div class="kern-card__container">
    <div class="kern-card__header"><h3 class="kern-title"><a class="kern-link" href="/leistungen/themen/${s.id}">${s.name}</a></h3></div>
    <div class="kern-card__body"><p class="kern-body kern-body--small">${t(
      'catalog.home.subjectCount',
      {
        situations: s.situations.length,
        services: s.services,
      },
    )}</p></div>
  </div></div></li>`,
  )}</ul>
</section>
${sourceNote(frame)}`,
  );
}

function sourceNote(frame: PageFrame): SafeHtml {
  return html`<p class="kern-body kern-body--small section">${frame.t('catalog.source')}</p>`;
}

export function searchPage(
  frame: PageFrame,
  state: SearchFormState,
  result: (SearchResult & { page: number }) | undefined,
): SafeHtml {
  const { t } = frame;
  const summary = state.error
    ? errorSummary(t('catalog.errorSummary'), [{ field: 'q', message: t(state.error) }])
    : html``;
  const title = state.error
    ? `${t('catalog.errorSummary')}: ${t('catalog.search.heading')}`
    : result
      ? t('catalog.search.resultsTitle', { query: result.query })
      : t('catalog.search.heading');
  return layout(
    frame,
    title,
    html`${breadcrumbs(frame, [{ href: '/leistungen', label: t('catalog.home.title') }])}
${summary}${result && resultsSection(frame, result)}${searchForm(frame, SEARCH, state, result ? 'h2' : 'h1')}`,
  );
}

function resultsSection(frame: PageFrame, result: SearchResult & { page: number }): SafeHtml {
  const { t } = frame;
  const heading = html`<h1 class="kern-heading-large">${t('catalog.search.resultsHeading', { query: result.query })}</h1>`;
  if (result.total === 0) {
    return html`${heading}<div class="kern-alert kern-alert--info" role="status"><div class="kern-alert__body">
  <p class="kern-body">${t('catalog.search.none', { query: result.query })}</p>
  <p class="kern-body">${t('catalog.search.noneHint')}</p>
</div></div>`;
  }
  const pages = Math.ceil(result.total / SEARCH_PAGE_SIZE);
  const pageHref = (page: number) =>
    `/leistungen/suche?q=${encodeURIComponent(result.query)}${page > 1 ? `&seite=${page}` : ''}`;
  return html`${heading}
<p class="kern-body" role="status">${t(result.total === 1 ? 'catalog.search.countOne' : 'catalog.search.count', { count: result.total })}${
    pages > 1 ? html` ${t('catalog.search.page', { page: result.page, pages })}` : ''
  }</p>
${!result.matchedAll && html`<p class="kern-body">${t('catalog.search.partial')}</p>`}
<ol class="kern-list search-results" start="${(result.page - 1) * SEARCH_PAGE_SIZE + 1}">${result.hits.map(
    (hit) =>
      html`<li><a class="kern-link" href="${serviceHref(hit)}">${hit.name}</a>${hit.online && onlineBadge(frame)}${
        hit.ozg_name &&
        html`<br><span class="kern-body kern-body--small">${t('catalog.search.inOzg', { name: hit.ozg_name })}</span>`
      }</li>`,
  )}</ol>
${
  pages > 1 &&
  html`<nav class="section" aria-label="${t('catalog.search.pagination')}"><ul class="kern-list kern-list--horizontal">${
    result.page > 1 &&
    html`<li><a class="kern-link" rel="prev" href="${pageHref(result.page - 1)}">${t('catalog.search.previous')}</a></li>`
  }${
    result.page < pages &&
    html`<li><a class="kern-link" rel="next" href="${pageHref(result.page + 1)}">${t('catalog.search.next')}</a></li>`
  }</ul></nav>`
}`;
}

export function subjectPage(frame: PageFrame, subject: Subject): SafeHtml {
  const { t } = frame;
  return layout(
    frame,
    subject.name,
    html`${breadcrumbs(frame, [{ href: '/leistungen', label: t('catalog.home.title') }])}
<p class="kern-preline">${t('catalog.subject.preline')}</p>
<h1 class="kern-heading-x-large">${subject.name}</h1>
<p class="kern-body kern-body--large">${t('catalog.subject.lead')}</p>
${subject.situations.map(
  (situation) => html`<section class="section" aria-labelledby="lage-${situation.id}">
  <h2 class="kern-heading-medium" id="lage-${situation.id}"><a class="kern-link" href="/leistungen/lebenslagen/${situation.id}">${situation.name}</a></h2>
  <ul class="kern-list kern-list--bullet">${situation.ozgServices.map(
    (o) =>
      html`<li><a class="kern-link" href="/leistungen/lebenslagen/${situation.id}#ozg-${o.ozg_id}">${o.name}</a></li>`,
  )}</ul>
</section>`,
)}
${sourceNote(frame)}`,
  );
}

export function situationPage(
  frame: PageFrame,
  view: {
    situation: Situation;
    subject: Subject | undefined;
    servicesOf: Map<number, ServiceListItem[]>;
    onlineKeys: Set<string>;
  },
): SafeHtml {
  const { t } = frame;
  const { situation, subject } = view;
  const crumbs = [{ href: '/leistungen', label: t('catalog.home.title') }];
  if (subject) crumbs.push({ href: `/leistungen/themen/${subject.id}`, label: subject.name });
  return layout(
    frame,
    situation.name,
    html`${breadcrumbs(frame, crumbs)}
<p class="kern-preline">${t('catalog.situation.preline')}</p>
<h1 class="kern-heading-x-large">${situation.name}</h1>
${situation.ozgServices.map(
  (o) => html`<section class="section" aria-labelledby="ozg-${o.ozg_id}">
  <h2 class="kern-heading-medium" id="ozg-${o.ozg_id}">${o.name}</h2>
  <p class="kern-body kern-body--small">${t('catalog.ozgId', { id: o.ozg_id })}</p>
  <ul class="kern-list kern-list--bullet">${(view.servicesOf.get(o.id) ?? []).map(
    (s) =>
      html`<li><a class="kern-link" href="${serviceHref(s)}">${s.name}</a>${
        s.leika_key !== null && view.onlineKeys.has(s.leika_key) && onlineBadge(frame)
      }</li>`,
  )}</ul>
</section>`,
)}
${sourceNote(frame)}`,
  );
}

export function serviceDetailPage(
  frame: PageFrame,
  page: ServicePage,
  placeError?: MessageKey,
): SafeHtml {
  const { t } = frame;
  const { service, online, responsibility } = page;
  const crumbs = [{ href: '/leistungen', label: t('catalog.home.title') }];
  if (page.subject)
    crumbs.push({ href: `/leistungen/themen/${page.subject.id}`, label: page.subject.name });
  if (page.situation)
    crumbs.push({
      href: `/leistungen/lebenslagen/${page.situation.id}`,
      label: page.situation.name,
    });
  const title = online?.title ?? service.name;
  const description =
    responsibility?.kind === 'resolved'
      ? responsibility.description
      : (online?.description ?? service.description);
  const summary = placeError
    ? errorSummary(t('catalog.errorSummary'), [{ field: 'gemeinde', message: t(placeError) }])
    : html``;
  return layout(
    frame,
    placeError ? `${t('catalog.errorSummary')}: ${title}` : title,
    html`${breadcrumbs(frame, crumbs)}
${summary}
<p class="kern-preline">${t('catalog.service.preline')}</p>
<h1 class="kern-heading-x-large">${title}</h1>
${online && online.title !== service.name && html`<p class="kern-subline">${t('catalog.service.catalogueName', { name: service.name })}</p>`}
${description && html`<p class="kern-body kern-body--large">${description}</p>`}
<section class="section" aria-labelledby="responsibility-heading">
  <h2 class="kern-heading-medium" id="responsibility-heading">${t('catalog.service.responsibility')}</h2>
  ${
    online === undefined || responsibility === undefined
      ? notOffered(frame)
      : responsibilityBox(frame, page, responsibility, placeError)
  }
</section>
${detailsSection(frame, page)}
${sourceNote(frame)}`,
  );
}

function notOffered(frame: PageFrame): SafeHtml {
  const { t } = frame;
  return html`<div class="kern-alert kern-alert--info"><div class="kern-alert__body">
  <p class="kern-body">${t('catalog.service.notOffered', { verbund: frame.verbundName })}</p>
  <p class="kern-body">${t('catalog.service.notOfferedHow')}</p>
  <p class="kern-body"><a class="kern-link" href="/finden">${t('catalog.service.findAuthority')}</a></p>
</div></div>`;
}

function responsibilityBox(
  frame: PageFrame,
  page: ServicePage,
  responsibility: Responsibility,
  placeError: MessageKey | undefined,
): SafeHtml {
  const { t } = frame;
  const online = page.online;
  if (online === undefined) return html``;
  const municipal = online.level === 'municipality';
  if (responsibility.kind === 'unknown_place') {
    return html`<p class="kern-body">${t('catalog.place.needed')}</p>${placeForm(frame, page, placeError)}`;
  }
  const { authority, municipality, availability, contact } = responsibility;
  const who = municipal
    ? html`<p class="kern-body">${t('catalog.responsibility.municipal', {
        municipality: municipality?.name ?? '',
        authority: authority.name,
      })}${
        page.place?.source === 'profile' &&
        html` <span class="kern-body--small">${t('catalog.place.fromProfile')}</span>`
      }</p>`
    : html`<p class="kern-body">${t('catalog.responsibility.county', { county: authority.name })}</p>`;
  const status =
    availability === 'online'
      ? html`<div class="kern-alert kern-alert--success"><div class="kern-alert__body">
  <p class="kern-body">${t(AVAILABILITY[online.level].online, { authority: authority.name })}</p>
  ${trustNote(frame, online.trust_level, online.allows_anonymous)}
  <p class="kern-body"><a class="kern-btn kern-btn--primary" href="${applicationHref(online.leika_key)}${page.place?.source === 'query' ? `?gemeinde=${page.place.municipality.ags}` : ''}"><span class="kern-label">${t('catalog.responsibility.apply')}</span></a></p>
</div></div>`
      : html`<div class="kern-alert kern-alert--warning"><div class="kern-alert__body">
  <p class="kern-body">${t(AVAILABILITY[online.level][availability], { authority: authority.name })}</p>
  <p class="kern-body">${t('catalog.responsibility.howOffline')}</p>
</div></div>`;
  return html`${who}${status}
<h3 class="kern-heading-small">${t('catalog.responsibility.contact')}</h3>
${contactList(frame, contact)}
${
  responsibility.fees &&
  html`<h3 class="kern-heading-small">${t('catalog.responsibility.fees')}</h3><p class="kern-body">${responsibility.fees}</p>`
}
${municipal && html`<h3 class="kern-heading-small">${t('catalog.place.change')}</h3>${placeForm(frame, page, placeError)}`}`;
}

// German needs "bei der Samtgemeinde" but "beim Landkreis": one text per level.
const AVAILABILITY: Record<'municipality' | 'county', Record<Availability, MessageKey>> = {
  municipality: {
    online: 'catalog.responsibility.online',
    not_activated: 'catalog.responsibility.notActivated',
    scheduled: 'catalog.responsibility.scheduled',
    onboarding: 'catalog.responsibility.onboarding',
  },
  county: {
    online: 'catalog.responsibility.onlineCounty',
    not_activated: 'catalog.responsibility.notActivatedCounty',
    scheduled: 'catalog.responsibility.scheduledCounty',
    onboarding: 'catalog.responsibility.onboardingCounty',
  },
};

const TRUST_NOTE: Record<TrustLevel, MessageKey> = {
  basic: 'catalog.trust.basic',
  low: 'catalog.trust.low',
  substantial: 'catalog.trust.substantial',
  high: 'catalog.trust.high',
};

function trustNote(frame: PageFrame, level: TrustLevel, anonymous: boolean): SafeHtml {
  const { t } = frame;
  return html`<p class="kern-body kern-body--small">${t(anonymous ? 'catalog.trust.anonymous' : TRUST_NOTE[level])}</p>`;
}

function placeForm(frame: PageFrame, page: ServicePage, error: MessageKey | undefined): SafeHtml {
  const { t } = frame;
  const selected = page.place?.municipality.ags;
  const message = error && t(error);
  const key = page.service.leika_key ?? '';
  return html`<form method="get" action="/leistungen/${key}" novalidate>
  <div class="kern-form-input${message ? ' kern-form-input--error' : ''}">
    <label class="kern-label" for="gemeinde">${t('catalog.place.label')}</label>
    <div class="kern-hint" id="gemeinde-hint">${t('catalog.place.hint')}</div>
    ${message && html`<p class="kern-error" id="gemeinde-error"><span class="kern-sr-only">${t('web.error.prefix')}</span> ${message}</p>`}
    <div class="kern-form-input__select-wrapper">
      <select class="kern-form-input__select${message ? ' kern-form-input__select--error' : ''}" id="gemeinde" name="gemeinde"
        aria-describedby="gemeinde-hint${message ? ' gemeinde-error' : ''}"${message ? html` aria-invalid="true"` : ''}>
        <option value="">${t('catalog.place.choose')}</option>
        ${page.municipalities.map((m) => html`<option value="${m.ags}"${m.ags === selected ? html` selected` : ''}>${m.name}</option>`)}
      </select>
    </div>
  </div>
  <button class="kern-btn kern-btn--secondary" type="submit"><span class="kern-label">${t('catalog.place.submit')}</span></button>
</form>`;
}

function contactList(frame: PageFrame, contact: Contact): SafeHtml {
  const { t } = frame;
  const a: Authority = contact.authority;
  const rows: ContactRow[] = [];
  const locality = [a.seat_postcode, a.seat_locality].filter(Boolean).join(' ');
  rows.push([
    t('catalog.contact.authority'),
    html`${a.name}${contact.unit && html`<br>${contact.unit}`}${a.street && html`<br>${a.street}`}${locality && html`<br>${locality}`}`,
  ]);
  if (contact.phone) rows.push([t('catalog.contact.phone'), phoneLink(contact.phone)]);
  if (contact.email) rows.push([t('catalog.contact.email'), mailLink(contact.email)]);
  const website = websiteLink(a.website);
  if (website) rows.push([t('catalog.contact.website'), website]);
  return html`${descriptionList(rows)}
${!contact.phone && !contact.email && html`<p class="kern-body kern-body--small">${t('catalog.contact.pending')}</p>`}
<p class="kern-body"><a class="kern-link" href="/${a.slug}">${t('catalog.contact.portal', { authority: a.name })}</a></p>`;
}

function detailsSection(frame: PageFrame, page: ServicePage): SafeHtml {
  const { t } = frame;
  const s = page.service;
  const rows: [string, SafeHtml | string][] = [
    [t('catalog.details.leikaKey'), s.leika_key ?? t('catalog.details.noLeikaKey')],
  ];
  if (s.ozg_id && s.ozg_name)
    rows.push([
      t('catalog.details.ozg'),
      t('catalog.details.ozgValue', { name: s.ozg_name, id: s.ozg_id }),
    ]);
  if (s.legal_basis) rows.push([t('catalog.details.legalBasis'), legalBasis(frame, s.legal_basis)]);
  if (s.laws) rows.push([t('catalog.details.laws'), s.laws]);
  if (s.synonyms.length > 0) rows.push([t('catalog.details.synonyms'), s.synonyms.join(', ')]);
  return html`<section class="section" aria-labelledby="details-heading">
  <h2 class="kern-heading-medium" id="details-heading">${t('catalog.details.heading')}</h2>
  <dl class="kern-description-list">${rows.map(
    ([key, value]) => html`<div class="kern-description-list-item">
    <dt class="kern-description-list-item__key">${key}</dt>
    <dd class="kern-description-list-item__value">${value}</dd>
  </div>`,
  )}</dl>
</section>`;
}

/** "§ 16 WaffG [http://…]": the bracketed addresses become links, the rest stays text. */
function legalBasis(frame: PageFrame, text: string): SafeHtml {
  const parts: SafeHtml[] = [];
  let last = 0;
  for (const match of text.matchAll(/\[(https?:\/\/[^\s\]]+)\]/g)) {
    parts.push(html`${text.slice(last, match.index)}`);
    parts.push(
      html`(<a class="kern-link" href="${match[1] ?? ''}">${frame.t('catalog.details.lawText')}</a>)`,
    );
    last = match.index + match[0].length;
  }
  parts.push(html`${text.slice(last)}`);
  return html`${parts}`;
}
