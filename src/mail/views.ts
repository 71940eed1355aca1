import { html, type SafeHtml } from '../web/html.ts';
import { layout, type PageFrame } from '../web/layout.ts';
import type { OutboxMail } from './dev-outbox.ts';
import './messages.ts';

export function outboxPage(frame: PageFrame, mails: OutboxMail[], capacity: number): SafeHtml {
  const { t } = frame;
  const title = t('mail.dev.list.title');
  return layout(
    frame,
    title,
    html`${devBanner(frame)}
<h1 class="kern-heading-large">${title}</h1>
${
  mails.length === 0
    ? html`<p class="kern-body">${t('mail.dev.list.empty')}</p>`
    : html`<div class="kern-table-responsive"><table class="kern-table kern-table--small">
  <caption class="kern-title">${t('mail.dev.list.caption', { count: mails.length })}</caption>
  <thead><tr class="kern-table__row">
    <th class="kern-table__header" scope="col">${t('mail.dev.field.time')}</th>
    <th class="kern-table__header" scope="col">${t('mail.dev.field.to')}</th>
    <th class="kern-table__header" scope="col">${t('mail.dev.field.subject')}</th>
  </tr></thead>
  <tbody class="kern-table__body">${mails.map(
    (mail, index) => html`<tr class="kern-table__row">
    <td class="kern-table__cell">${time(frame, mail.at)}</td>
    <td class="kern-table__cell">${mail.to}</td>
    <td class="kern-table__cell"><a class="kern-link" href="/dev/mail/${index}">${mail.subject || '–'}</a></td>
  </tr>`,
  )}</tbody>
</table></div>`
}
<p class="kern-body kern-body--small">${t('mail.dev.list.capacity', { max: capacity })}</p>`,
  );
}

export function mailPage(frame: PageFrame, mail: OutboxMail): SafeHtml {
  const { t } = frame;
  const subject = mail.subject || '–';
  const rows: [string, SafeHtml | string][] = [
    [t('mail.dev.field.time'), time(frame, mail.at)],
    [t('mail.dev.field.from'), mail.from],
    [t('mail.dev.field.to'), mail.to],
    [t('mail.dev.field.messageId'), mail.messageId],
  ];
  return layout(
    frame,
    subject,
    html`${devBanner(frame)}
<p class="kern-preline">${t('mail.dev.field.subject')}</p>
<h1 class="kern-heading-large">${subject}</h1>
<dl class="kern-description-list">${rows.map(
      ([key, value]) => html`<div class="kern-description-list-item">
  <dt class="kern-description-list-item__key">${key}</dt>
  <dd class="kern-description-list-item__value">${value}</dd>
</div>`,
    )}</dl>
<h2 class="kern-heading-small section">${t('mail.dev.mail.text')}</h2>
<pre class="mail-text" tabindex="0">${linkify(mail.text)}</pre>
<p class="kern-body section"><a class="kern-link" href="/dev/mail">${t('mail.dev.mail.back')}</a></p>`,
  );
}

function devBanner(frame: PageFrame): SafeHtml {
  const { t } = frame;
  return html`<div class="kern-alert kern-alert--warning" role="note">
  <div class="kern-alert__header"><p class="kern-title">${t('mail.dev.banner.title')}</p></div>
  <div class="kern-alert__body"><p class="kern-body">${t('mail.dev.banner.body')}</p></div>
</div>`;
}

function time(frame: PageFrame, at: Date): SafeHtml {
  const text = new Intl.DateTimeFormat(frame.lang === 'de' ? 'de-DE' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'medium',
    timeZone: 'Europe/Berlin',
  }).format(at);
  return html`<time datetime="${at.toISOString()}">${text}</time>`;
}

const URL_CANDIDATE = /https?:\/\/[^\s<>"'`]+/gi;

/**
 * Escapes a plain-text mail and turns its http(s) URLs into links, so a developer can follow
 * a verification link. Every piece goes through html``; nothing but http(s) becomes a link.
 */
export function linkify(text: string): SafeHtml {
  const parts: SafeHtml[] = [];
  let done = 0;
  for (const match of text.matchAll(URL_CANDIDATE)) {
    const url = trimTrailingPunctuation(match[0]);
    if (!isHttpUrl(url)) continue;
    parts.push(html`${text.slice(done, match.index)}<a class="kern-link" href="${url}">${url}</a>`);
    done = match.index + url.length;
  }
  parts.push(html`${text.slice(done)}`);
  return html`${parts}`;
}

/** "Go to https://x.de/a." links to https://x.de/a; "(see https://x.de/b_(c))" keeps its ")". */
function trimTrailingPunctuation(url: string): string {
  let end = url.length;
  for (;;) {
    const last = url[end - 1];
    if (last === undefined) break;
    if ('.,;:!?'.includes(last)) end--;
    else if (last === ')' && count(url.slice(0, end), '(') < count(url.slice(0, end), ')')) end--;
    else break;
  }
  return url.slice(0, end);
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
