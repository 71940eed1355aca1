// The processing parts of an application's detail page: the Postfach thread with the citizen,
// internal notes, asking for information (with a reply template, inserted without JavaScript
// by a submit button that shows the form again with the text filled in) and the decision.
import type { ApplicationStatus } from '../../applications/status.ts';
import { formatSize, plainText } from '../../mailbox/views.ts';
import { formatDateTime } from '../../web/format.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import type { PageFrame } from '../../web/layout.ts';
import type { Processing } from './service.ts';

type Extras = Awaited<ReturnType<Processing['extras']>>;
export type FieldError = { field: string; message: string };

export type ProcessingView = Extras & {
  maxNote: number;
  maxRequest: number;
  maxInternalNote: number;
  /** What the clerk typed in the form that was sent, and why it was refused. */
  noteForm?: { body: string; errors: FieldError[] };
  requestForm?: { message: string; dueOn: string; template?: string; errors: FieldError[] };
  decisionForm?: { outcome: string; note: string; errors: FieldError[] };
  done?: 'note' | 'request' | 'decision';
};

const errorOf = (errors: FieldError[] | undefined, field: string) =>
  errors?.find((e) => e.field === field);

function fieldError(e: FieldError | undefined): SafeHtml | string {
  return e ? html`<p class="kern-error" id="${e.field}-error">${e.message}</p>` : '';
}

const invalid = (e: FieldError | undefined, hint: string) =>
  e
    ? html` aria-describedby="${hint} ${e.field}-error" aria-invalid="true"`
    : html` aria-describedby="${hint}"`;

/** A template choice with its own submit button: the form comes back with the text in it. */
export function templateChooser(
  frame: PageFrame,
  id: string,
  templates: Extras['templates'],
  chosen?: string,
  error?: FieldError,
): SafeHtml | string {
  const { t } = frame;
  if (templates.length === 0) return '';
  return html`<div class="kern-form-input${error ? ' kern-form-input--error' : ''}">
  <label class="kern-label" for="${id}">${t('backoffice.templates.choose')}</label>
  <div class="kern-hint" id="${id}-hint">${t('backoffice.templates.chooseHint')}</div>
  ${fieldError(error)}
  <div class="kern-form-input__select-wrapper">
    <select class="kern-form-input__select" id="${id}" name="template"${invalid(error, `${id}-hint`)}>
      ${templates.map((r) => html`<option value="${r.id}"${chosen === r.id ? html` selected` : ''}>${r.title}</option>`)}
    </select>
  </div>
</div>
<button class="kern-btn kern-btn--secondary" type="submit" name="aktion" value="einfuegen"><span class="kern-label">${t('backoffice.templates.insert')}</span></button>`;
}

export function processingSections(
  frame: PageFrame & { csrf: string },
  a: { id: string; version: number; status: ApplicationStatus },
  next: readonly ApplicationStatus[],
  view: ProcessingView,
): SafeHtml {
  const { t, lang } = frame;
  const success = (key: Parameters<typeof t>[0]) =>
    html`<div class="kern-alert kern-alert--success" role="status"><div class="kern-alert__body"><p class="kern-body">${t(key)}</p></div></div>`;
  const request = view.requestForm;
  const decision = view.decisionForm;
  const noteForm = view.noteForm;
  const msgErr = errorOf(request?.errors, 'message');
  const dueErr = errorOf(request?.errors, 'dueOn');
  const tplErr = errorOf(request?.errors, 'request-template');
  const fileErr = errorOf(decision?.errors, 'decision');
  const outcomeErr = errorOf(decision?.errors, 'outcome');
  const decisionNoteErr = errorOf(decision?.errors, 'decision-note');
  const noteErr = errorOf(noteForm?.errors, 'noteBody');
  const canAsk = next.includes('action_required');
  const canDecide = next.includes('completed') || next.includes('rejected');
  return html`<section class="section" aria-labelledby="receipt-heading">
  <h2 class="kern-heading-medium" id="receipt-heading">${t('backoffice.receipt.title')}</h2>
  <p class="kern-body"><a class="kern-link" href="/verwaltung/antraege/${a.id}/eingangsbestaetigung" download>${t('backoffice.receipt.download')}</a></p>
</section>
<section class="section" aria-labelledby="thread-heading">
  <h2 class="kern-heading-medium" id="thread-heading">${t('backoffice.thread.title')}</h2>
  ${
    view.messages.length === 0
      ? html`<p class="kern-body">${t('backoffice.thread.empty')}</p>`
      : html`<ol class="kern-list">${view.messages.map(
          (m) => html`<li><article aria-labelledby="message-${m.id}">
    <h3 class="kern-heading-small" id="message-${m.id}">${t(m.sender === 'citizen' ? 'backoffice.thread.fromCitizen' : 'backoffice.thread.fromAuthority')}, ${formatDateTime(m.sent_at, lang)}</h3>
    ${plainText(m.body)}
    ${
      m.files.length > 0 &&
      html`<ul class="kern-list">${m.files.map(
        (f) =>
          html`<li><a class="kern-link" href="/verwaltung/antraege/${a.id}/postfach/${f.id}" download>${t('backoffice.detail.download', { name: f.file_name, size: formatSize(lang, f.size) })}</a> – ${t(f.scan_status === 'clean' ? 'backoffice.detail.scan.clean' : 'backoffice.detail.scan.unscanned')}</li>`,
      )}</ul>`
    }
  </article></li>`,
        )}</ol>`
  }
</section>
<section class="section" aria-labelledby="request-heading">
  <h2 class="kern-heading-medium" id="request-heading">${t('backoffice.request.title')}</h2>
  ${view.done === 'request' ? success('backoffice.request.done') : ''}
  ${
    !canAsk
      ? html`<p class="kern-body">${t('backoffice.request.notNow')}</p>`
      : html`<form method="post" action="/verwaltung/antraege/${a.id}/nachforderung" novalidate>
    <input type="hidden" name="_csrf" value="${frame.csrf}">
    <input type="hidden" name="version" value="${String(a.version)}">
    ${templateChooser(frame, 'request-template', view.templates, request?.template, tplErr)}
    <div class="kern-form-input${msgErr ? ' kern-form-input--error' : ''}">
      <label class="kern-label" for="message">${t('backoffice.request.message')}</label>
      <div class="kern-hint" id="message-hint">${t('backoffice.request.messageHint', { max: view.maxRequest })}</div>
      ${fieldError(msgErr)}
      <textarea class="kern-form-input__input${msgErr ? ' kern-form-input__input--error' : ''}" id="message" name="message" rows="8" maxlength="${String(view.maxRequest)}"${invalid(msgErr, 'message-hint')}>${request?.message ?? ''}</textarea>
    </div>
    <div class="kern-form-input${dueErr ? ' kern-form-input--error' : ''}">
      <label class="kern-label" for="dueOn">${t('backoffice.request.dueOn')}</label>
      <div class="kern-hint" id="dueOn-hint">${t('backoffice.request.dueOnHint')}</div>
      ${fieldError(dueErr)}
      <input class="kern-form-input__input${dueErr ? ' kern-form-input__input--error' : ''}" id="dueOn" name="dueOn" type="date" value="${request?.dueOn ?? ''}"${invalid(dueErr, 'dueOn-hint')}>
    </div>
    <button class="kern-btn kern-btn--primary" type="submit" name="aktion" value="senden"><span class="kern-label">${t('backoffice.request.submit')}</span></button>
  </form>`
  }
</section>
<section class="section" aria-labelledby="decision-heading">
  <h2 class="kern-heading-medium" id="decision-heading">${t('backoffice.decision.title')}</h2>
  ${view.done === 'decision' ? success('backoffice.decision.done') : ''}
  ${
    !canDecide
      ? html`<p class="kern-body">${t('backoffice.decision.notNow')}</p>`
      : html`<form method="post" action="/verwaltung/antraege/${a.id}/bescheid" enctype="multipart/form-data" novalidate>
    <input type="hidden" name="_csrf" value="${frame.csrf}">
    <input type="hidden" name="version" value="${String(a.version)}">
    <fieldset class="kern-fieldset${outcomeErr ? ' kern-fieldset--error' : ''}">
      <legend class="kern-label">${t('backoffice.decision.outcome')}</legend>
      ${fieldError(outcomeErr)}
      <div class="kern-fieldset__body">
      ${(['completed', 'rejected'] as const).map(
        (o, i) => html`<div class="kern-form-check">
        <input class="kern-form-check__radio" type="radio" id="${i === 0 ? 'outcome' : `outcome-${o}`}" name="outcome" value="${o}"${(decision?.outcome ?? 'completed') === o ? html` checked` : ''}>
        <label class="kern-label" for="${i === 0 ? 'outcome' : `outcome-${o}`}">${t(`backoffice.decision.${o}`)}</label>
      </div>`,
      )}
      </div>
    </fieldset>
    <div class="kern-form-input${fileErr ? ' kern-form-input--error' : ''}">
      <label class="kern-label" for="decision">${t('backoffice.decision.file')}</label>
      <div class="kern-hint" id="decision-hint">${t('backoffice.decision.fileHint')}</div>
      ${fieldError(fileErr)}
      <input class="kern-form-input__input${fileErr ? ' kern-form-input__input--error' : ''}" id="decision" name="decision" type="file" accept=".pdf,application/pdf"${invalid(fileErr, 'decision-hint')}>
    </div>
    <div class="kern-form-input${decisionNoteErr ? ' kern-form-input--error' : ''}">
      <label class="kern-label" for="decision-note">${t('backoffice.decision.note')}</label>
      <div class="kern-hint" id="decision-note-hint">${t('backoffice.change.noteHint', { max: view.maxNote })}</div>
      ${fieldError(decisionNoteErr)}
      <textarea class="kern-form-input__input" id="decision-note" name="note" rows="3" maxlength="${String(view.maxNote)}"${invalid(decisionNoteErr, 'decision-note-hint')}>${decision?.note ?? ''}</textarea>
    </div>
    <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('backoffice.decision.submit')}</span></button>
  </form>`
  }
</section>
<section class="section" aria-labelledby="notes-heading">
  <h2 class="kern-heading-medium" id="notes-heading">${t('backoffice.notes.title')}</h2>
  <p class="kern-body kern-body--small">${t('backoffice.notes.lead')}</p>
  ${view.done === 'note' ? success('backoffice.notes.done') : ''}
  ${
    view.notes.length === 0
      ? html`<p class="kern-body">${t('backoffice.notes.empty')}</p>`
      : html`<ul class="kern-list">${view.notes.map(
          (n) =>
            html`<li><p class="kern-body kern-body--small">${n.author ?? t('backoffice.notes.formerStaff')}, ${formatDateTime(n.created_at, lang)}</p>${plainText(n.body)}</li>`,
        )}</ul>`
  }
  <form method="post" action="/verwaltung/antraege/${a.id}/notizen" novalidate>
    <input type="hidden" name="_csrf" value="${frame.csrf}">
    <div class="kern-form-input${noteErr ? ' kern-form-input--error' : ''}">
      <label class="kern-label" for="noteBody">${t('backoffice.notes.field')}</label>
      <div class="kern-hint" id="noteBody-hint">${t('backoffice.notes.hint', { max: view.maxInternalNote })}</div>
      ${fieldError(noteErr)}
      <textarea class="kern-form-input__input${noteErr ? ' kern-form-input__input--error' : ''}" id="noteBody" name="noteBody" rows="3" maxlength="${String(view.maxInternalNote)}"${invalid(noteErr, 'noteBody-hint')}>${noteForm?.body ?? ''}</textarea>
    </div>
    <button class="kern-btn kern-btn--secondary" type="submit"><span class="kern-label">${t('backoffice.notes.submit')}</span></button>
  </form>
</section>`;
}
