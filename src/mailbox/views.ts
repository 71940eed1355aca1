import type { AttachmentMediaType } from '../db/schema.ts';
import { formatDateTime } from '../web/format.ts';
import { html, type SafeHtml } from '../web/html.ts';
import type { Language, MessageKey } from '../web/i18n.ts';
import { errorSummary, layout, type PageFrame } from '../web/layout.ts';
import type { OpenedThread } from './service.ts';
import { MAX_BODY_LENGTH } from './service.ts';
import './messages.ts';

export type ThreadRow = {
  id: string;
  subject: string;
  authorityName: string;
  lastMessageAt: Date;
  unread: number;
};

const TYPE_LABEL: Record<AttachmentMediaType, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
};

const formatTime = (lang: Language, date: Date) => formatDateTime(date, lang);

// Built once: toLocaleString with options builds a new formatter on every call, which showed up
// in every receipt's render time.
const sizeFormats = {
  de: [0, 1].map((digits) => new Intl.NumberFormat('de-DE', { maximumFractionDigits: digits })),
  en: [0, 1].map((digits) => new Intl.NumberFormat('en-GB', { maximumFractionDigits: digits })),
} satisfies Record<Language, Intl.NumberFormat[]>;

export function formatSize(lang: Language, bytes: number): string {
  const format = (n: number, digits: 0 | 1) =>
    (sizeFormats[lang][digits] as Intl.NumberFormat).format(n);
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${format(bytes / 1024, 0)} KB`;
  return `${format(bytes / (1024 * 1024), 1)} MB`;
}

/** Plain text as typed: escaped, blank lines start a paragraph, single newlines break. */
export function plainText(text: string): SafeHtml {
  return html`${text
    .split(/\n\s*\n/)
    .map(
      (paragraph) =>
        html`<p class="kern-body">${paragraph
          .split('\n')
          .map((line, i) => (i === 0 ? html`${line}` : html`<br>${line}`))}</p>`,
    )}`;
}

export function listPage(frame: PageFrame, threads: ThreadRow[]): SafeHtml {
  const { t, lang } = frame;
  const rows = threads.map(
    (thread) => html`<tr class="kern-table__row">
  <td class="kern-table__cell"><a class="kern-link" href="/postfach/${thread.id}">${thread.unread > 0 ? html`<strong>${thread.subject}</strong>` : thread.subject}</a></td>
  <td class="kern-table__cell">${thread.authorityName}</td>
  <td class="kern-table__cell">${formatTime(lang, thread.lastMessageAt)}</td>
  <td class="kern-table__cell">${
    thread.unread > 0
      ? html`<span class="kern-badge kern-badge--info"><span class="kern-label kern-label--small">${t('mailbox.list.unreadCount', { count: thread.unread })}</span></span>`
      : t('mailbox.list.read')
  }</td>
</tr>`,
  );
  return layout(
    frame,
    t('mailbox.list.title'),
    html`<h1 class="kern-heading-large">${t('mailbox.list.title')}</h1>
<p class="kern-body">${t('mailbox.list.lead')}</p>
${
  threads.length === 0
    ? html`<p class="kern-body">${t('mailbox.list.empty')}</p>`
    : html`<table class="kern-table">
  <caption class="kern-sr-only">${t('mailbox.list.caption')}</caption>
  <thead class="kern-table__header"><tr class="kern-table__row">
    <th class="kern-table__header" scope="col">${t('mailbox.list.subject')}</th>
    <th class="kern-table__header" scope="col">${t('mailbox.list.authority')}</th>
    <th class="kern-table__header" scope="col">${t('mailbox.list.lastMessage')}</th>
    <th class="kern-table__header" scope="col">${t('mailbox.list.status')}</th>
  </tr></thead>
  <tbody class="kern-table__body">${rows}</tbody>
</table>`
}`,
  );
}

export type ThreadView = {
  opened: OpenedThread;
  authorityName: string;
  csrf: string;
  /** Shown after a reply was stored (redirected here with ?gesendet=1). */
  sent?: boolean;
  errors?: Partial<Record<'body' | 'attachments', MessageKey>>;
  /** What the citizen typed, shown again when the reply was refused. */
  draft?: string;
};

export function threadPage(frame: PageFrame, view: ThreadView): SafeHtml {
  const { t, lang } = frame;
  const { thread, messages } = view.opened;
  const errors = view.errors ?? {};
  const listed = (['body', 'attachments'] as const).flatMap((field) => {
    const key = errors[field];
    return key === undefined ? [] : [{ field, message: t(key) }];
  });
  const title =
    listed.length > 0 ? `${t('mailbox.error.summary')}: ${thread.subject}` : thread.subject;
  const errorText = (field: 'body' | 'attachments') => {
    const key = errors[field];
    return (
      key &&
      html`<p class="kern-error" id="${field}-error"><span class="kern-sr-only">${t('mailbox.error.summary')}:</span> ${t(key)}</p>`
    );
  };
  const described = (field: 'body' | 'attachments') =>
    errors[field] ? `${field}-hint ${field}-error` : `${field}-hint`;

  const items = messages.map((message) => {
    const from = message.sender === 'authority' ? view.authorityName : t('mailbox.thread.fromYou');
    return html`<li class="mailbox-message">
  <article aria-labelledby="nachricht-${message.id}">
    <h3 class="kern-heading-small" id="nachricht-${message.id}">${t('mailbox.thread.from')}: ${from}${
      message.unread
        ? html` <span class="kern-badge kern-badge--info"><span class="kern-label kern-label--small">${t('mailbox.thread.new')}</span></span>`
        : ''
    }</h3>
    <p class="kern-body kern-body--small">${t('mailbox.thread.sentAt', { date: formatTime(lang, message.sent_at) })}</p>
    ${plainText(message.body)}
    ${
      message.attachments.length > 0 &&
      html`<h4 class="kern-body kern-body--bold">${t('mailbox.thread.attachments')}</h4>
    <ul class="kern-list">${message.attachments.map(
      (file) =>
        html`<li><a class="kern-link" href="/postfach/anhang/${file.id}" download>${t(
          'mailbox.thread.download',
          {
            name: file.file_name,
            type: TYPE_LABEL[file.media_type],
            size: formatSize(lang, file.size),
          },
        )}</a></li>`,
    )}</ul>`
    }
  </article>
</li>`;
  });

  return layout(
    frame,
    title,
    html`${errorSummary(t('mailbox.error.summary'), listed)}
<p class="kern-body"><a class="kern-link" href="/postfach">${t('mailbox.thread.back')}</a></p>
<h1 class="kern-heading-large">${thread.subject}</h1>
<p class="kern-body">${t('mailbox.list.authority')}: ${view.authorityName}</p>
${
  view.sent &&
  html`<div class="kern-alert kern-alert--success" role="status"><div class="kern-alert__body"><p class="kern-body">${t('mailbox.thread.sent')}</p></div></div>`
}
<section class="section" aria-labelledby="messages-heading">
  <h2 class="kern-heading-medium" id="messages-heading">${t('mailbox.thread.messages')}</h2>
  <ol class="kern-list mailbox-messages">${items}</ol>
</section>
<section class="section" aria-labelledby="reply-heading">
  <h2 class="kern-heading-medium" id="reply-heading">${t('mailbox.reply.title')}</h2>
  <form class="finder" method="post" action="/postfach/${thread.id}/antwort" enctype="multipart/form-data" novalidate>
    <input type="hidden" name="_csrf" value="${view.csrf}">
    <div class="kern-form-input${errors.body ? ' kern-form-input--error' : ''}">
      <label class="kern-label" for="body">${t('mailbox.reply.body')}</label>
      <div class="kern-hint" id="body-hint">${t('mailbox.reply.bodyHint')}</div>
      ${errorText('body')}
      <textarea class="kern-form-input__input${errors.body ? ' kern-form-input__input--error' : ''}" id="body" name="body" rows="8" maxlength="${MAX_BODY_LENGTH}" aria-describedby="${described('body')}"${errors.body ? html` aria-invalid="true"` : ''}>${view.draft ?? ''}</textarea>
    </div>
    <div class="kern-form-input${errors.attachments ? ' kern-form-input--error' : ''}">
      <label class="kern-label" for="attachments">${t('mailbox.reply.attachments')}</label>
      <div class="kern-hint" id="attachments-hint">${t('mailbox.reply.attachmentsHint')}</div>
      ${errorText('attachments')}
      <input class="kern-form-input__input${errors.attachments ? ' kern-form-input__input--error' : ''}" id="attachments" name="attachments" type="file" multiple accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg" aria-describedby="${described('attachments')}"${errors.attachments ? html` aria-invalid="true"` : ''}>
    </div>
    <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('mailbox.reply.submit')}</span></button>
  </form>
</section>`,
  );
}
