// "Anmeldedienste" in the back office: the identity providers connected once for the whole
// Verbund (BundID, OIDC accounts), as the Verbund's admins see them, each linked to its own
// page (provider-views.ts), and the way to add one. No secret is shown, only whether single
// logout and signing certificates are set.
import { type BackofficeFrame, staffLayout } from '../backoffice/views.ts';
import type { TrustLevel } from '../db/schema.ts';
import { formatDateTime } from '../web/format.ts';
import { html, type SafeHtml } from '../web/html.ts';

export const PROVIDERS_HREF = '/verwaltung/anmeldedienste';
export type ProviderKind = 'saml' | 'oidc';
export const providerHref = (slug: string) => `${PROVIDERS_HREF}/${slug}`;
export const addProviderHref = (kind: ProviderKind) => `${PROVIDERS_HREF}/hinzufuegen/${kind}`;

export type ProviderSummary = {
  slug: string;
  display_name: string;
  type: 'saml' | 'oidc';
  issuer: string;
  levels: TrustLevel[];
  slo_url: string | null;
  signing_certs: string[];
  created_at: Date;
};

export function providersPage(
  frame: BackofficeFrame,
  providers: ProviderSummary[],
  notice?: string,
): SafeHtml {
  const { t, lang } = frame;
  const body =
    providers.length === 0
      ? html`<p class="kern-body" id="providers-none">${t('identity.backoffice.none')}</p>`
      : html`<table class="kern-table" id="providers">
  <caption class="kern-table__caption">${t('identity.backoffice.caption')}</caption>
  <thead class="kern-table__header"><tr class="kern-table__row">
    <th class="kern-table__header" scope="col">${t('identity.backoffice.col.name')}</th>
    <th class="kern-table__header" scope="col">${t('identity.backoffice.col.type')}</th>
    <th class="kern-table__header" scope="col">${t('identity.backoffice.col.issuer')}</th>
    <th class="kern-table__header" scope="col">${t('identity.backoffice.col.levels')}</th>
    <th class="kern-table__header" scope="col">${t('identity.backoffice.col.logout')}</th>
    <th class="kern-table__header" scope="col">${t('identity.backoffice.col.since')}</th>
  </tr></thead>
  <tbody class="kern-table__body">${providers.map(
    (p) => html`<tr class="kern-table__row">
    <th class="kern-table__cell" scope="row"><a class="kern-link" href="${providerHref(p.slug)}" aria-label="${t('identity.backoffice.open', { name: p.display_name })}">${p.display_name}</a> <span class="kern-body--small">(${p.slug})</span></th>
    <td class="kern-table__cell">${t(p.type === 'saml' ? 'identity.backoffice.type.saml' : 'identity.backoffice.type.oidc')}${p.type === 'saml' ? html`, ${t('identity.backoffice.certs', { n: p.signing_certs.length })}` : ''}</td>
    <td class="kern-table__cell"><code>${p.issuer}</code></td>
    <td class="kern-table__cell">${p.levels.map((l) => t(`identity.level.${l}`)).join(', ')}</td>
    <td class="kern-table__cell">${t(p.type === 'oidc' ? 'identity.backoffice.logout.oidc' : p.slo_url === null ? 'identity.backoffice.logout.none' : 'identity.backoffice.logout.saml')}</td>
    <td class="kern-table__cell">${formatDateTime(p.created_at, lang)}</td>
  </tr>`,
  )}</tbody>
</table>`;
  return staffLayout(
    frame,
    t('identity.backoffice.title'),
    html`<h1 class="kern-heading-large">${t('identity.backoffice.title')}</h1>
<p class="kern-body">${t('identity.backoffice.lead')}</p>
${notice && html`<div class="kern-alert kern-alert--success" role="status"><div class="kern-alert__body"><p class="kern-body">${notice}</p></div></div>`}
${body}
<section class="section" aria-labelledby="add-heading">
  <h2 class="kern-heading-medium" id="add-heading">${t('identity.backoffice.addTitle')}</h2>
  <ul class="kern-list">
    <li><a class="kern-link" href="${addProviderHref('saml')}">${t('identity.backoffice.addSaml')}</a></li>
    <li><a class="kern-link" href="${addProviderHref('oidc')}">${t('identity.backoffice.addOidc')}</a></li>
  </ul>
</section>
<p class="kern-body">${t('identity.backoffice.cli')} <code>npm run cli -- identity:provider list</code></p>`,
  );
}
