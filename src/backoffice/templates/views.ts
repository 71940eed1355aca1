// The "Textbausteine" page of an authority's admin: the templates in a table, each with its
// own edit form (details/summary, no JavaScript) and delete button, and a form for a new one.
import { STATUSES } from '../../applications/status.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import { errorSummary, layout } from '../../web/layout.ts';
import { type BackofficeFrame, staffBar } from '../views.ts';
import { PLACEHOLDERS } from './placeholders.ts';
import {
  MAX_TEMPLATE_LENGTH,
  MAX_TITLE_LENGTH,
  type TemplateInput,
  type TemplateRow,
} from './service.ts';

export type TemplatesView = {
  templates: TemplateRow[];
  services: { id: string; title: string }[];
  /** The form that was refused ("new" or a template's id), with what was typed. */
  form?: { id: string; input: TemplateInput; errors: { field: string; message: string }[] };
  done?: 'saved' | 'deleted';
};

function fields(
  frame: BackofficeFrame,
  view: TemplatesView,
  prefix: string,
  value: TemplateInput,
  errors: { field: string; message: string }[],
): SafeHtml {
  const { t } = frame;
  const err = (name: string) => errors.find((e) => e.field === `${prefix}-${name}`);
  const error = (name: string) => {
    const e = err(name);
    return e ? html`<p class="kern-error" id="${prefix}-${name}-error">${e.message}</p>` : '';
  };
  const aria = (name: string) =>
    err(name) ? html` aria-describedby="${prefix}-${name}-error" aria-invalid="true"` : '';
  return html`<div class="kern-form-input">
  <label class="kern-label" for="${prefix}-title">${t('backoffice.templates.name')}</label>
  ${error('title')}
  <input class="kern-form-input__input" id="${prefix}-title" name="title" type="text" maxlength="${String(MAX_TITLE_LENGTH)}" value="${value.title}"${aria('title')}>
</div>
<div class="kern-form-input">
  <label class="kern-label" for="${prefix}-service">${t('backoffice.templates.service')}</label>
  ${error('service')}
  <div class="kern-form-input__select-wrapper"><select class="kern-form-input__select" id="${prefix}-service" name="service"${aria('service')}>
    <option value="">${t('backoffice.templates.any')}</option>
    ${view.services.map((s) => html`<option value="${s.id}"${value.service === s.id ? html` selected` : ''}>${s.title}</option>`)}
  </select></div>
</div>
<div class="kern-form-input">
  <label class="kern-label" for="${prefix}-status">${t('backoffice.templates.status')}</label>
  ${error('status')}
  <div class="kern-form-input__select-wrapper"><select class="kern-form-input__select" id="${prefix}-status" name="status"${aria('status')}>
    <option value="">${t('backoffice.templates.any')}</option>
    ${STATUSES.map((st) => html`<option value="${st}"${value.status === st ? html` selected` : ''}>${t(`backoffice.status.${st}`)}</option>`)}
  </select></div>
</div>
<div class="kern-form-input">
  <label class="kern-label" for="${prefix}-body">${t('backoffice.templates.body')}</label>
  ${error('body')}
  <textarea class="kern-form-input__input" id="${prefix}-body" name="body" rows="6" maxlength="${String(MAX_TEMPLATE_LENGTH)}"${aria('body')}>${value.body}</textarea>
</div>`;
}

export function templatesPage(frame: BackofficeFrame, view: TemplatesView): SafeHtml {
  const { t } = frame;
  const errors = view.form?.errors ?? [];
  const blank: TemplateInput = { title: '', body: '', service: '', status: '' };
  const title =
    errors.length > 0
      ? `${t('backoffice.error.summary')}: ${t('backoffice.templates.title')}`
      : t('backoffice.templates.title');
  const placeholders = PLACEHOLDERS.map((p) => `{${p}}`).join(', ');
  return layout(
    frame,
    title,
    html`${staffBar(frame)}
${errorSummary(t('backoffice.error.summary'), errors)}
<h1 class="kern-heading-large">${t('backoffice.templates.title')}</h1>
<p class="kern-body">${t('backoffice.templates.lead', { placeholders })}</p>
${view.done && html`<div class="kern-alert kern-alert--success" role="status"><div class="kern-alert__body"><p class="kern-body">${t(`backoffice.templates.${view.done}`)}</p></div></div>`}
${
  view.templates.length === 0
    ? html`<p class="kern-body">${t('backoffice.templates.empty')}</p>`
    : html`<table class="kern-table">
  <caption class="kern-table__caption">${t('backoffice.templates.list')}</caption>
  <thead class="kern-table__header"><tr class="kern-table__row">
    <th class="kern-table__header" scope="col">${t('backoffice.templates.name')}</th>
    <th class="kern-table__header" scope="col">${t('backoffice.templates.service')}</th>
    <th class="kern-table__header" scope="col">${t('backoffice.templates.status')}</th>
  </tr></thead>
  <tbody class="kern-table__body">${view.templates.map(
    (r) => html`<tr class="kern-table__row">
    <th class="kern-table__cell" scope="row">${r.title}</th>
    <td class="kern-table__cell">${r.service_title ?? t('backoffice.templates.any')}</td>
    <td class="kern-table__cell">${r.status === null ? t('backoffice.templates.any') : t(`backoffice.status.${r.status}`)}</td>
  </tr>`,
  )}</tbody>
</table>
${view.templates.map((r) => {
  const refused = view.form?.id === r.id ? view.form : undefined;
  const value = refused?.input ?? {
    title: r.title,
    body: r.body,
    service: r.online_service_id ?? '',
    status: r.status ?? '',
  };
  return html`<details class="section"${refused ? html` open` : ''}>
  <summary>${t('backoffice.templates.edit', { title: r.title })}</summary>
  <form method="post" action="/verwaltung/textbausteine/${r.id}" novalidate>
    <input type="hidden" name="_csrf" value="${frame.csrf}">
    ${fields(frame, view, `t-${r.id}`, value, refused?.errors ?? [])}
    <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('backoffice.templates.save')}</span></button>
  </form>
  <form method="post" action="/verwaltung/textbausteine/${r.id}/loeschen">
    <input type="hidden" name="_csrf" value="${frame.csrf}">
    <button class="kern-btn kern-btn--tertiary" type="submit"><span class="kern-label">${t('backoffice.templates.delete', { title: r.title })}</span></button>
  </form>
</details>`;
})}`
}
<section class="section" aria-labelledby="new-template-heading">
  <h2 class="kern-heading-medium" id="new-template-heading">${t('backoffice.templates.new')}</h2>
  <form method="post" action="/verwaltung/textbausteine" novalidate>
    <input type="hidden" name="_csrf" value="${frame.csrf}">
    ${fields(frame, view, 'new', view.form?.id === 'new' ? view.form.input : blank, view.form?.id === 'new' ? errors : [])}
    <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('backoffice.templates.save')}</span></button>
  </form>
</section>`,
  );
}
