// The catalogue's part of the start page and of each authority's portal front: the service
// search and the online services to click. Rendered here, in the catalogue's words; the
// tenancy pages only give them their place (tenancy/routes.ts, `services`).
import type { Authority, Directory, ServiceSections } from '../tenancy/service.ts';
import { html, type SafeHtml } from '../web/html.ts';
import type { PageFrame } from '../web/layout.ts';
import { type SearchFormSpec, searchForm } from '../web/search-form.ts';
import type { OnlineOffer, PortalServices } from './service.ts';

// Its own input id: the start page has the municipality finder (`q`) above it.
const SEARCH: SearchFormSpec = {
  action: '/leistungen/suche',
  id: 'service-search',
  inputId: 'service-q',
  heading: 'catalog.portal.searchHeading',
  label: 'catalog.portal.searchLabel',
  hint: 'catalog.search.hint',
  submit: 'catalog.portal.searchSubmit',
  type: 'search',
  autocomplete: 'off',
};

function offerList(offers: OnlineOffer[], query = ''): SafeHtml {
  return html`<ul class="kern-list kern-list--bullet">${offers.map(
    (o) =>
      html`<li><a class="kern-link" href="/leistungen/${o.leika_key}${query}">${o.title}</a></li>`,
  )}</ul>`;
}

const allLink = (frame: PageFrame) =>
  html`<p class="kern-body"><a class="kern-link" href="/leistungen">${frame.t('catalog.portal.all')}</a></p>`;

/** Start page: the search, the online services most places offer, the way to all. */
export function startServices(frame: PageFrame, services: PortalServices): SafeHtml {
  const { t } = frame;
  return html`${searchForm(frame, SEARCH, { value: '' }, 'h2')}
${
  services.popular.length > 0 &&
  html`<section class="section" aria-labelledby="popular-heading">
  <h2 class="kern-heading-medium" id="popular-heading">${t('catalog.portal.popular')}</h2>
  ${offerList(services.popular)}
  ${allLink(frame)}
</section>`
}`;
}

/**
 * An authority's front: what it offers online itself and, for a town or Samtgemeinde, what
 * the county offers for all its municipalities; then the search for everything else.
 */
export function portalServices(
  frame: PageFrame,
  services: PortalServices,
  dir: Directory,
  authority: Authority,
): SafeHtml {
  const { t } = frame;
  const own = services.ofAuthority.get(authority.id) ?? [];
  const county = dir.county;
  const countyWide = county && county.id !== authority.id ? services.countyWide : [];
  // One municipality (a town, an Einheitsgemeinde): the service page knows the place at once.
  const members = dir.municipalitiesOf.get(authority.id) ?? [];
  const only = members.length === 1 ? `?gemeinde=${members[0]?.ags}` : '';
  return html`<section class="section" aria-labelledby="own-services-heading">
  <h2 class="kern-heading-medium" id="own-services-heading">${t('catalog.portal.ofAuthority')}</h2>
  ${
    own.length > 0
      ? html`<p class="kern-body">${t('catalog.portal.ofAuthorityLead', { authority: authority.name })}</p>${offerList(own, only)}`
      : html`<p class="kern-body">${t('catalog.portal.none', { authority: authority.name })}</p>`
  }
</section>
${
  county &&
  countyWide.length > 0 &&
  html`<section class="section" aria-labelledby="county-services-heading">
  <h2 class="kern-heading-medium" id="county-services-heading">${t('catalog.portal.countyWide', { county: county.name })}</h2>
  <p class="kern-body">${t('catalog.portal.countyWideHint', { county: county.name })}</p>
  ${offerList(countyWide, only)}
</section>`
}
${searchForm(frame, SEARCH, { value: '' }, 'h2')}
${allLink(frame)}`;
}

/**
 * Renders each part once per snapshot of the lists (catalog.portalServices, cached per
 * process) and language, so the start page and the fronts keep their page cache and cost no
 * query of their own.
 */
export function createServiceSections(catalog: {
  portalServices(): Promise<PortalServices>;
}): ServiceSections {
  const parts = new WeakMap<PortalServices, Map<string, SafeHtml>>();
  const part = (services: PortalServices, key: string, render: () => SafeHtml) => {
    const byKey = parts.get(services) ?? new Map<string, SafeHtml>();
    parts.set(services, byKey);
    let found = byKey.get(key);
    if (found === undefined) {
      found = render();
      byKey.set(key, found);
    }
    return found;
  };
  return {
    async start(frame) {
      const services = await catalog.portalServices();
      return part(services, `start|${frame.lang}`, () => startServices(frame, services));
    },
    async portal(frame, dir, authority) {
      const services = await catalog.portalServices();
      return part(services, `${authority.id}|${frame.lang}`, () =>
        portalServices(frame, services, dir, authority),
      );
    },
  };
}
