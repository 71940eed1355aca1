import { html, type SafeHtml } from './html.ts';

// Contact details as the portal shows them everywhere (authority fronts, service pages): a KERN
// description list whose phone, mail and web entries are links a phone can act on.

export type ContactRow = [label: string, value: SafeHtml];

export const phoneLink = (phone: string): SafeHtml =>
  html`<a class="kern-link" href="tel:${phone.replace(/[^+\d]/g, '')}">${phone}</a>`;

export const mailLink = (email: string): SafeHtml =>
  html`<a class="kern-link" href="mailto:${email}">${email}</a>`;

/** Only https addresses become links; anything else stored by mistake is not shown. */
export const websiteLink = (url: string | null): SafeHtml | undefined =>
  url && /^https:\/\//.test(url) ? html`<a class="kern-link" href="${url}">${url}</a>` : undefined;

export function descriptionList(rows: ContactRow[]): SafeHtml {
  return html`<dl class="kern-description-list">${rows.map(
    ([key, value]) => html`<div class="kern-description-list-item">
    <dt class="kern-description-list-item__key">${key}</dt>
    <dd class="kern-description-list-item__value">${value}</dd>
  </div>`,
  )}</dl>`;
}
