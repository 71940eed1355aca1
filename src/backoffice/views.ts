// Pages of the back office, in the KERN markup of the citizen pages: tables with captions and
// scoped headers, labelled fields, GET forms for filters (bookmarkable, no JavaScript).

import type { ApplicationStatus } from '../applications/status.ts';
import type { TrustLevel } from '../db/schema.ts';
import type { AnswerSection } from '../forms/answer-text.ts';
import { formatSize } from '../mailbox/views.ts';
import { formatDateTime } from '../web/format.ts';
import { html, type SafeHtml } from '../web/html.ts';
import type { MessageKey } from '../web/i18n.ts';
import { errorSummary, layout, type PageFrame } from '../web/layout.ts';
import { type ProcessingView, processingSections, templateChooser } from './processing/views.ts';
import { isVerbundAuditor, type StaffSession } from './staff.ts';

export type BackofficeFrame = PageFrame & {
  staff: StaffSession;
  csrf: string;
  /** Shown under the staff bar of every page (other domains' notices, see pages.ts). */
  notices?: SafeHtml[];
};

/** A signed-in back-office page of another domain: the staff bar above `body`. */
export function staffLayout(frame: BackofficeFrame, title: string, body: SafeHtml): SafeHtml {
  return layout(frame, title, html`${staffBar(frame)}${body}`);
}

export function statusTag(frame: PageFrame, status: ApplicationStatus): SafeHtml {
  const tone =
    status === 'action_required'
      ? 'warning'
      : status === 'completed'
        ? 'success'
        : status === 'rejected' || status === 'withdrawn'
          ? 'danger'
          : 'info';
  return html`<span class="kern-badge kern-badge--${tone}"><span class="kern-label kern-label--small">${frame.t(`backoffice.status.${status}`)}</span></span>`;
}

/** The bar above every signed-in page: who, for which authority (switchable), sign out. */
export function staffBar(frame: BackofficeFrame): SafeHtml {
  const { t, staff } = frame;
  const choices = staff.memberships.filter((m) => m.authorityId !== null);
  return html`<nav class="section" aria-label="${t('backoffice.nav.label')}">
<ul class="kern-list kern-list--horizontal">
  ${staff.current?.role !== 'auditor' && html`<li><a class="kern-link" href="/verwaltung">${t('backoffice.nav.inbox')}</a></li>`}
  ${staff.current?.role === 'authority_admin' && html`<li><a class="kern-link" href="/verwaltung/mitarbeitende">${t('backoffice.nav.staff')}</a></li>`}
  ${staff.current?.role === 'authority_admin' && html`<li><a class="kern-link" href="/verwaltung/online-dienste">${t('onlineServices.nav')}</a></li>`}
  ${staff.current?.role === 'authority_admin' && html`<li><a class="kern-link" href="/verwaltung/zustellungen">${t('backoffice.nav.deliveries')}</a></li>`}
  ${staff.current?.role === 'authority_admin' && html`<li><a class="kern-link" href="/verwaltung/zustellwege">${t('backoffice.nav.routes')}</a></li>`}
  ${staff.current?.role === 'authority_admin' && html`<li><a class="kern-link" href="/verwaltung/api-zugaenge">${t('backoffice.nav.apiAccess')}</a></li>`}
  ${staff.current?.role === 'authority_admin' && html`<li><a class="kern-link" href="/verwaltung/textbausteine">${t('backoffice.nav.templates')}</a></li>`}
  ${staff.current?.role === 'authority_admin' && html`<li><a class="kern-link" href="/verwaltung/fristen">${t('inbox.periods.nav')}</a></li>`}
  ${staff.current?.role === 'auditor' && html`<li><a class="kern-link" href="/verwaltung/pruefprotokoll">${t('audit.nav')}</a></li>`}
  ${staff.memberships.some((m) => m.role === 'verbund_admin') && html`<li><a class="kern-link" href="/verwaltung/behoerden">${t('verbund.nav.authorities')}</a></li><li><a class="kern-link" href="/verwaltung/leistungskatalog">${t('verbund.nav.catalogue')}</a></li>`}
  ${staff.memberships.some((m) => m.role === 'verbund_admin') && html`<li><a class="kern-link" href="/verwaltung/anmeldedienste">${t('identity.backoffice.nav')}</a></li>`}
  ${staff.memberships.some((m) => m.role === 'verbund_admin') && html`<li><a class="kern-link" href="/verwaltung/verbund/administration">${t('verbund.nav.admins')}</a></li><li><a class="kern-link" href="/verwaltung/verbund/pruefende">${t('verbund.nav.auditors')}</a></li>`}
  ${isVerbundAuditor(staff) && html`<li><a class="kern-link" href="/verwaltung/verbund/pruefprotokoll">${t('audit.verbund.nav')}</a></li>`}
  <li>${t('backoffice.nav.signedInAs', { name: staff.displayName })}</li>
</ul>
${
  staff.current &&
  html`<p class="kern-body">${t('backoffice.switch.current', { authority: staff.current.authorityName ?? '' })}</p>`
}
${
  choices.length > 1 &&
  html`<form method="post" action="/verwaltung/behoerde">
  <input type="hidden" name="_csrf" value="${frame.csrf}">
  <div class="kern-form-input">
    <label class="kern-label" for="behoerde">${t('backoffice.switch.label')}</label>
    <div class="kern-form-input__select-wrapper">
      <select class="kern-form-input__select" id="behoerde" name="authority">
        ${choices.map((m) => html`<option value="${m.authorityId ?? ''}"${m.authorityId === staff.current?.authorityId ? html` selected` : ''}>${m.authorityName ?? ''} – ${t(`backoffice.role.${m.role}`)}</option>`)}
      </select>
    </div>
  </div>
  <button class="kern-btn kern-btn--secondary" type="submit"><span class="kern-label">${t('backoffice.switch.submit')}</span></button>
</form>`
}
<form method="post" action="/verwaltung/abmelden">
  <input type="hidden" name="_csrf" value="${frame.csrf}">
  <button class="kern-btn kern-btn--tertiary" type="submit"><span class="kern-label">${t('backoffice.nav.signOut')}</span></button>
</form>
</nav>
${frame.notices ?? []}`;
}

export type DetailView = {
  application: {
    id: string;
    reference: string;
    title: string;
    status: ApplicationStatus;
    submitted_at: Date;
    version: number;
    form_id: string;
    form_version: number;
  };
  sections: AnswerSection[];
  /** The sending session's trust level; null: anonymous, or sent before it was kept. */
  signedInAt?: TrustLevel | null;
  /** Answers a provider had confirmed when sent, by field id, with the provider's name. */
  confirmed?: Record<string, string>;
  /** Sent without a Bürgerkonto. */
  anonymous?: boolean;
  events: { status: ApplicationStatus; actor: string; note: string | null; created_at: Date }[];
  attachments: { id: string; file_name: string; size: number; scan_status: string }[];
  next: readonly ApplicationStatus[];
  maxNote: number;
  /** After a failed change: what the clerk typed and chose, and why it was refused. */
  form?: {
    status?: string;
    note?: string;
    template?: string;
    errors: { field: string; message: string }[];
  };
  done?: boolean;
  /** Postfach thread, notes, requests for information, decision (processing/views.ts). */
  processing?: ProcessingView;
  /** The deadline and assignment (inbox-views.ts detailPanels). */
  panels?: SafeHtml;
  /** The panels' errors, for the page's error summary. */
  panelErrors?: { field: string; message: string }[];
};

/** How sure the portal was of who sent it: the session's trust level, or why none is known. */
function signedInText(frame: BackofficeFrame, view: DetailView): string {
  if (view.anonymous === true) return frame.t('backoffice.detail.signedInNone');
  if (view.signedInAt === undefined || view.signedInAt === null)
    return frame.t('backoffice.detail.signedInUnknown');
  return frame.t('backoffice.detail.signedInLevel', {
    level: frame.t(`identity.level.${view.signedInAt}` as MessageKey),
  });
}

/** Said in words beside the answer, not by an icon alone: read aloud as it is shown. */
function confirmedMark(frame: BackofficeFrame, provider: string | undefined) {
  return (
    provider !== undefined &&
    html`<br><span class="kern-body kern-body--small">${frame.t('backoffice.detail.confirmed', { provider })}</span>`
  );
}

export function detailPage(frame: BackofficeFrame, view: DetailView): SafeHtml {
  const { t, lang } = frame;
  const a = view.application;
  const errors = [
    ...(view.form?.errors ?? []),
    ...(view.panelErrors ?? []),
    ...(view.processing?.noteForm?.errors ?? []),
    ...(view.processing?.requestForm?.errors ?? []),
    ...(view.processing?.decisionForm?.errors ?? []),
  ];
  const noteError = errors.find((e) => e.field === 'note');
  const statusError = errors.find((e) => e.field === 'status');
  const title =
    errors.length > 0 ? `${t('backoffice.error.summary')}: ${a.reference}` : a.reference;
  const actorKey = (actor: string) => `backoffice.actor.${actor}` as MessageKey;
  return layout(
    frame,
    title,
    html`${staffBar(frame)}
${errorSummary(t('backoffice.error.summary'), errors)}
${view.done && html`<div class="kern-alert kern-alert--success" role="status"><div class="kern-alert__body"><p class="kern-body">${t('backoffice.change.done')}</p></div></div>`}
<h1 class="kern-heading-large">${a.reference}: ${a.title}</h1>
<section class="section" aria-labelledby="facts-heading">
  <h2 class="kern-heading-medium" id="facts-heading">${t('backoffice.detail.facts')}</h2>
  <dl class="kern-description-list">
    <div class="kern-description-list-item"><dt class="kern-description-list-item__key">${t('backoffice.inbox.reference')}</dt><dd class="kern-description-list-item__value">${a.reference}</dd></div>
    <div class="kern-description-list-item"><dt class="kern-description-list-item__key">${t('backoffice.inbox.service')}</dt><dd class="kern-description-list-item__value">${a.title}</dd></div>
    <div class="kern-description-list-item"><dt class="kern-description-list-item__key">${t('backoffice.inbox.received')}</dt><dd class="kern-description-list-item__value">${formatDateTime(a.submitted_at, lang)}</dd></div>
    <div class="kern-description-list-item"><dt class="kern-description-list-item__key">${t('backoffice.inbox.status')}</dt><dd class="kern-description-list-item__value">${statusTag(frame, a.status)}</dd></div>
    <div class="kern-description-list-item"><dt class="kern-description-list-item__key">${t('backoffice.detail.signedIn')}</dt><dd class="kern-description-list-item__value">${signedInText(frame, view)}</dd></div>
  </dl>
</section>
${view.panels ?? ''}
<section class="section" aria-labelledby="answers-heading">
  <h2 class="kern-heading-medium" id="answers-heading">${t('backoffice.detail.answers')}</h2>
  <p class="kern-body kern-body--small">${t('backoffice.detail.answersNote')}</p>
  ${view.sections.map(
    (section) => html`<h3 class="kern-heading-small">${section.title}</h3>
  <dl class="kern-description-list">${section.entries.map(
    (e) =>
      html`<div class="kern-description-list-item"><dt class="kern-description-list-item__key">${e.label}</dt><dd class="kern-description-list-item__value">${
        e.lines.length === 0
          ? t('backoffice.detail.none')
          : e.lines.map((line, i) => html`${i > 0 ? html`<br>` : ''}${line}`)
      }${confirmedMark(frame, view.confirmed?.[e.fieldId])}</dd></div>`,
  )}</dl>`,
  )}
</section>
<section class="section" aria-labelledby="attachments-heading">
  <h2 class="kern-heading-medium" id="attachments-heading">${t('backoffice.detail.attachments')}</h2>
  ${
    view.attachments.length === 0
      ? html`<p class="kern-body">${t('backoffice.detail.noAttachments')}</p>`
      : html`<ul class="kern-list">${view.attachments.map(
          (f) =>
            html`<li><a class="kern-link" href="/verwaltung/antraege/${a.id}/anhaenge/${f.id}" download>${t('backoffice.detail.download', { name: f.file_name, size: formatSize(lang, f.size) })}</a> – ${t(f.scan_status === 'clean' ? 'backoffice.detail.scan.clean' : 'backoffice.detail.scan.unscanned')}</li>`,
        )}</ul>`
  }
</section>
<section class="section" aria-labelledby="change-heading">
  <h2 class="kern-heading-medium" id="change-heading">${t('backoffice.change.title')}</h2>
  ${
    view.next.length === 0
      ? html`<p class="kern-body">${t('backoffice.change.closed')}</p>`
      : html`<form method="post" action="/verwaltung/antraege/${a.id}/status" novalidate>
    <input type="hidden" name="_csrf" value="${frame.csrf}">
    <input type="hidden" name="version" value="${String(a.version)}">
    <div class="kern-form-input${statusError ? ' kern-form-input--error' : ''}">
      <label class="kern-label" for="status">${t('backoffice.change.to')}</label>
      ${statusError && html`<p class="kern-error" id="status-error">${statusError.message}</p>`}
      <div class="kern-form-input__select-wrapper">
        <select class="kern-form-input__select" id="status" name="status"${statusError ? html` aria-describedby="status-error" aria-invalid="true"` : ''}>
          ${view.next.map((s) => html`<option value="${s}"${view.form?.status === s ? html` selected` : ''}>${t(`backoffice.status.${s}`)}</option>`)}
        </select>
      </div>
    </div>
    ${
      view.processing &&
      templateChooser(
        frame,
        'status-template',
        view.processing.templates,
        view.form?.template,
        errors.find((e) => e.field === 'status-template'),
      )
    }
    <div class="kern-form-input${noteError ? ' kern-form-input--error' : ''}">
      <label class="kern-label" for="note">${t('backoffice.change.note')}</label>
      <div class="kern-hint" id="note-hint">${t('backoffice.change.noteHint', { max: view.maxNote })}</div>
      ${noteError && html`<p class="kern-error" id="note-error">${noteError.message}</p>`}
      <textarea class="kern-form-input__input${noteError ? ' kern-form-input__input--error' : ''}" id="note" name="note" rows="4" maxlength="${String(view.maxNote)}" aria-describedby="note-hint${noteError ? ' note-error' : ''}"${noteError ? html` aria-invalid="true"` : ''}>${view.form?.note ?? ''}</textarea>
    </div>
    <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('backoffice.change.submit')}</span></button>
  </form>`
  }
</section>
${view.processing && processingSections(frame, a, view.next, view.processing)}
<section class="section" aria-labelledby="history-heading">
  <h2 class="kern-heading-medium" id="history-heading">${t('backoffice.detail.history')}</h2>
  <table class="kern-table">
    <caption class="kern-sr-only">${t('backoffice.detail.history')}</caption>
    <thead class="kern-table__header"><tr class="kern-table__row">
      <th class="kern-table__header" scope="col">${t('backoffice.detail.when')}</th>
      <th class="kern-table__header" scope="col">${t('backoffice.detail.what')}</th>
      <th class="kern-table__header" scope="col">${t('backoffice.detail.who')}</th>
      <th class="kern-table__header" scope="col">${t('backoffice.detail.note')}</th>
    </tr></thead>
    <tbody class="kern-table__body">${view.events.map(
      (e) => html`<tr class="kern-table__row">
      <td class="kern-table__cell">${formatDateTime(e.created_at, lang)}</td>
      <td class="kern-table__cell">${statusTag(frame, e.status)}</td>
      <td class="kern-table__cell">${t(actorKey(e.actor))}</td>
      <td class="kern-table__cell">${e.note ?? ''}</td>
    </tr>`,
    )}</tbody>
  </table>
</section>`,
  );
}

/** The setup page of the mandatory second factor: the key as text (no QR code needed). */
export function setupPage(
  frame: PageFrame,
  view: { secret: string; uri: string; csrf: string; error?: string },
): SafeHtml {
  const { t } = frame;
  const grouped = view.secret.replace(/(.{4})/g, '$1 ').trim();
  return codeForm(
    frame,
    'backoffice.setup.title',
    html`<p class="kern-body">${t('backoffice.setup.lead')}</p>
<dl class="kern-description-list">
  <div class="kern-description-list-item"><dt class="kern-description-list-item__key">${t('backoffice.setup.secret')}</dt><dd class="kern-description-list-item__value"><code id="totp-secret">${grouped}</code></dd></div>
  <div class="kern-description-list-item"><dt class="kern-description-list-item__key">${t('backoffice.setup.uri')}</dt><dd class="kern-description-list-item__value"><code>${view.uri}</code></dd></div>
</dl>`,
    '/verwaltung/anmelden/einrichten',
    view.csrf,
    view.error,
  );
}

export function codeForm(
  frame: PageFrame,
  titleKey: MessageKey,
  lead: SafeHtml,
  action: string,
  csrf: string,
  error?: string,
): SafeHtml {
  const { t } = frame;
  const title = error ? `${t('backoffice.error.summary')}: ${t(titleKey)}` : t(titleKey);
  return layout(
    frame,
    title,
    html`${errorSummary(t('backoffice.error.summary'), error ? [{ field: 'code', message: error }] : [])}
<h1 class="kern-heading-large">${t(titleKey)}</h1>
${lead}
<form method="post" action="${action}" novalidate>
  <input type="hidden" name="_csrf" value="${csrf}">
  <div class="kern-form-input${error ? ' kern-form-input--error' : ''}">
    <label class="kern-label" for="code">${t('backoffice.code.field')}</label>
    <div class="kern-hint" id="code-hint">${t('backoffice.code.hint')}</div>
    ${error && html`<p class="kern-error" id="code-error">${error}</p>`}
    <input class="kern-form-input__input${error ? ' kern-form-input__input--error' : ''}" id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="10" spellcheck="false" aria-describedby="code-hint${error ? ' code-error' : ''}"${error ? html` aria-invalid="true"` : ''}>
  </div>
  <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('backoffice.code.submit')}</span></button>
</form>`,
  );
}
