import {
  type ContactRow,
  descriptionList,
  mailLink,
  phoneLink,
  websiteLink,
} from '../web/contact.ts';
import { formatCount } from '../web/format.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { errorSummary, layout, type PageFrame } from '../web/layout.ts';
import { type SearchFormSpec, type SearchFormState, searchForm } from '../web/search-form.ts';
import type { Authority, Directory, FinderResult, Municipality } from './service.ts';
import './messages.ts';

export type FinderState = SearchFormState;

const FINDER: SearchFormSpec = {
  action: '/finden',
  id: 'finder',
  heading: 'tenancy.finder.heading',
  label: 'tenancy.finder.label',
  hint: 'tenancy.finder.hint',
  submit: 'tenancy.finder.submit',
  type: 'text',
  autocomplete: 'postal-code',
};

/** `services`: the search and the online services, from the catalogue (tenancy/routes.ts). */
export function startPage(
  frame: PageFrame,
  dir: Directory,
  finder: FinderState,
  services: SafeHtml = html``,
): SafeHtml {
  const { t } = frame;
  const county = dir.county;
  const title = t('tenancy.start.title', { verbund: dir.verbund.name });
  return layout(
    frame,
    t('tenancy.start.pageTitle'),
    html`<h1 class="kern-heading-x-large">${title}</h1>
<p class="kern-body kern-body--large">${t('tenancy.start.lead', {
      county: county?.name ?? dir.verbund.name,
      count: dir.members.length,
    })}</p>
${searchForm(frame, FINDER, finder, 'h2')}
${services}
${
  county &&
  html`<section class="section" aria-labelledby="county-heading">
  <h2 class="kern-heading-medium" id="county-heading">${t('tenancy.start.county')}</h2>
  <ul class="authority-grid">${authorityCard(frame, county, dir)}</ul>
</section>`
}
<section class="section" aria-labelledby="members-heading">
  <h2 class="kern-heading-medium" id="members-heading">${t('tenancy.start.members')}</h2>
  <ul class="authority-grid">${dir.members.map((a) => authorityCard(frame, a, dir))}</ul>
</section>`,
  );
}

function authorityCard(frame: PageFrame, authority: Authority, dir: Directory): SafeHtml {
  const { t } = frame;
  const members = dir.municipalitiesOf.get(authority.id) ?? [];
  return html`<li><div class="kern-card kern-card--small">
  <div class="kern-card__container">
    <div class="kern-card__header">
      <h3 class="kern-title"><a class="kern-link" href="/${authority.slug}">${authority.name}</a></h3>
    </div>
    <div class="kern-card__body">
      ${statusBadge(frame, authority)}
      ${
        authority.kind === 'joint_municipality' &&
        html`<p class="kern-body kern-body--small">${t('tenancy.start.memberCount', { count: members.length })}</p>`
      }
    </div>
  </div>
</div></li>`;
}

function statusBadge(frame: PageFrame, authority: Authority): SafeHtml {
  const live = authority.status === 'live';
  return html`<span class="kern-badge ${live ? 'kern-badge--success' : 'kern-badge--info'}">${frame.t(
    live ? 'tenancy.status.live' : 'tenancy.status.onboarding',
  )}</span>`;
}

export function finderPage(
  frame: PageFrame,
  dir: Directory,
  state: FinderState,
  result: FinderResult | undefined,
): SafeHtml {
  const { t } = frame;
  const summary = state.error
    ? errorSummary(t('tenancy.finder.errorSummary'), [{ field: 'q', message: t(state.error) }])
    : html``;
  const title = state.error
    ? `${t('tenancy.finder.errorSummary')}: ${t('tenancy.finder.title')}`
    : t('tenancy.finder.title');
  return layout(
    frame,
    title,
    html`${summary}${result && resultSection(frame, dir, result)}${searchForm(frame, FINDER, state, result ? 'h2' : 'h1')}
<p class="kern-body section"><a class="kern-link" href="/">${t('tenancy.finder.allAuthorities')}</a></p>`,
  );
}

function resultSection(frame: PageFrame, dir: Directory, result: FinderResult): SafeHtml {
  const { t } = frame;
  const heading = html`<h1 class="kern-heading-large">${t('tenancy.finder.resultsHeading', { query: result.query })}</h1>`;
  if (result.kind === 'none') {
    const text = result.byPostcode
      ? t('tenancy.finder.noPostcodeMatch', { postcode: result.query, verbund: dir.verbund.name })
      : t('tenancy.finder.noNameMatch', { query: result.query, verbund: dir.verbund.name });
    return html`${heading}<div class="kern-alert kern-alert--info" role="status">
  <div class="kern-alert__body"><p class="kern-body">${text}</p>${
    result.byPostcode && html`<p class="kern-body">${t('tenancy.finder.postcodeNote')}</p>`
  }</div></div>`;
  }
  return html`${heading}<p class="kern-body">${t('tenancy.finder.resultsIntro')}</p>
<ul class="kern-list">${result.placements.map(
    ({ municipality, authority }) =>
      html`<li><a class="kern-link" href="${portalHref(authority, municipality)}">${t(
        'tenancy.finder.placement',
        {
          municipality: municipality.name,
          authority: authority.name,
        },
      )}</a></li>`,
  )}</ul>`;
}

export function portalHref(authority: Authority, municipality: Municipality): string {
  return `/${authority.slug}?gemeinde=${municipality.ags}`;
}

export function portalPage(
  frame: PageFrame,
  dir: Directory,
  authority: Authority,
  yourMunicipality: Municipality | undefined,
  services: SafeHtml = html``,
): SafeHtml {
  const { t } = frame;
  const members = dir.municipalitiesOf.get(authority.id) ?? [];
  const population = members.reduce((sum, m) => sum + (m.population ?? 0), 0);
  const county = dir.county;
  const kind = t(`tenancy.kind.${authority.kind}`);
  return layout(
    frame,
    authority.name,
    html`<p class="kern-preline">${kind}</p>
<h1 class="kern-heading-x-large">${authority.name}</h1>
${
  yourMunicipality &&
  html`<div class="kern-alert kern-alert--success" role="status"><div class="kern-alert__body"><p class="kern-body">${t(
    'tenancy.portal.yourMunicipality',
    { municipality: yourMunicipality.name, authority: authority.name },
  )}</p></div></div>`
}
<p class="kern-body">${statusBadge(frame, authority)}</p>
<p class="kern-body kern-body--large">${t(
      authority.status === 'live' ? 'tenancy.portal.live' : 'tenancy.portal.onboarding',
      {
        authority: authority.name,
      },
    )}</p>
${services}
<section class="section" aria-labelledby="contact-heading">
  <h2 class="kern-heading-medium" id="contact-heading">${t('tenancy.portal.contact')}</h2>
  ${contactList(frame, authority)}
</section>
${
  authority.kind === 'joint_municipality' &&
  html`<section class="section" aria-labelledby="members-heading">
  <h2 class="kern-heading-medium" id="members-heading">${t('tenancy.portal.members')}</h2>
  <ul class="kern-list kern-list--bullet">${members.map((m) => html`<li>${m.name}</li>`)}</ul>
</section>`
}
${
  population > 0 &&
  html`<p class="kern-body kern-body--small section">${t('tenancy.portal.population', {
    population: formatCount(population, frame.lang),
    date: frame.lang === 'de' ? '31.12.2019' : '31 Dec 2019',
  })} · ${t('tenancy.portal.keys', { ars: authority.ars })}</p>`
}
${
  county &&
  county.id !== authority.id &&
  html`<section class="section"><p class="kern-body">${t('tenancy.portal.countyServices', { county: county.name })}</p>
  <p class="kern-body"><a class="kern-link" href="/${county.slug}">${t('tenancy.portal.toCounty', { county: county.name })}</a></p></section>`
}
<p class="kern-body section"><a class="kern-link" href="/">${t('tenancy.portal.back')}</a></p>`,
  );
}

function contactList(frame: PageFrame, a: Authority): SafeHtml {
  const { t } = frame;
  const address = [a.street, [a.seat_postcode, a.seat_locality].filter(Boolean).join(' ')].filter(
    Boolean,
  );
  const rows: ContactRow[] = [];
  if (address.length > 0) {
    rows.push([
      t('tenancy.portal.address'),
      html`${a.name}<br>${address.map((line, i) => html`${i > 0 && html`<br>`}${line}`)}`,
    ]);
  }
  if (a.phone) rows.push([t('tenancy.portal.phone'), phoneLink(a.phone)]);
  if (a.email) rows.push([t('tenancy.portal.email'), mailLink(a.email)]);
  const website = websiteLink(a.website);
  if (website) rows.push([t('tenancy.portal.website'), website]);
  return html`${descriptionList(rows)}${!a.phone && !a.email && html`<p class="kern-body kern-body--small">${t('tenancy.portal.contactPending')}</p>`}`;
}
