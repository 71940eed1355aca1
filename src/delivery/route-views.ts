// The "Zustellwege" pages of an authority's admin: the routes in a table, each with its own
// "Verbindung testen" and "Entfernen" forms, and the two steps of adding one (choose the kind,
// then fill in its settings). Plain forms with CSRF tokens; nothing needs JavaScript.
import { type BackofficeFrame, staffLayout } from '../backoffice/views.ts';
import { html, type SafeHtml } from '../web/html.ts';
import type { MessageKey } from '../web/i18n.ts';
import { errorSummary } from '../web/layout.ts';
import type { AnyConnector } from './connectors/types.ts';
import {
  FIELD_PREFIX,
  type FieldError,
  fieldHint,
  fieldId,
  fieldLabel,
  type RouteField,
  routeFields,
} from './route-form.ts';

export const ROUTES_HREF = '/verwaltung/zustellwege';

export type RouteRowView = {
  id: string;
  name: string;
  type: string;
  serviceTitle: string | null;
  enabled: boolean;
  known: boolean;
  secrets: readonly string[];
  alertEmail: string | null;
};

export type RouteNotice =
  | { kind: 'added' | 'removed' | 'gone' }
  | { kind: 'tested'; name: string; outcome: 'ok' | 'nothing' | 'failed'; problem?: string }
  | { kind: 'pending'; id: string; name: string; count: number };

export const typeName = (t: BackofficeFrame['t'], type: string) =>
  t(`delivery.routes.typeName.${type}` as MessageKey);

function noticeOf(frame: BackofficeFrame, notice: RouteNotice | undefined): SafeHtml {
  if (notice === undefined) return html``;
  const { t } = frame;
  const alert = (tone: string, role: string, body: SafeHtml) =>
    html`<div class="kern-alert kern-alert--${tone}" role="${role}"><div class="kern-alert__body">${body}</div></div>`;
  switch (notice.kind) {
    case 'added':
    case 'removed':
      return alert(
        'success',
        'status',
        html`<p class="kern-body">${t(`delivery.routes.${notice.kind}`)}</p>`,
      );
    case 'gone':
      return alert(
        'warning',
        'status',
        html`<p class="kern-body">${t('delivery.routes.gone')}</p>`,
      );
    case 'tested':
      return notice.outcome === 'failed'
        ? alert(
            'danger',
            'alert',
            html`<p class="kern-body">${t('delivery.routes.testFailed', { name: notice.name, problem: notice.problem ?? '' })}</p>`,
          )
        : alert(
            'success',
            'status',
            html`<p class="kern-body">${t(notice.outcome === 'ok' ? 'delivery.routes.testOk' : 'delivery.routes.testNothing', { name: notice.name })}</p>`,
          );
    case 'pending':
      return alert(
        'warning',
        'alert',
        html`<p class="kern-body">${t('delivery.routes.pending', { name: notice.name, count: notice.count })}</p>
<form method="post" action="${ROUTES_HREF}/${notice.id}/entfernen">
  <input type="hidden" name="_csrf" value="${frame.csrf}">
  <input type="hidden" name="trotzdem" value="1">
  <button class="kern-btn kern-btn--secondary" type="submit"><span class="kern-label">${t('delivery.routes.removeAnyway')}</span></button>
</form>`,
      );
  }
}

export function routesPage(
  frame: BackofficeFrame,
  view: { routes: RouteRowView[]; types: AnyConnector[]; notice?: RouteNotice },
): SafeHtml {
  const { t } = frame;
  return staffLayout(
    frame,
    t('delivery.routes.title'),
    html`${noticeOf(frame, view.notice)}
<h1 class="kern-heading-large">${t('delivery.routes.title')}</h1>
<p class="kern-body">${t('delivery.routes.lead')}</p>
${
  view.routes.length === 0
    ? html`<p class="kern-body">${t('delivery.routes.empty')}</p>`
    : html`<table class="kern-table">
  <caption class="kern-table__caption">${t('delivery.routes.caption')}</caption>
  <thead class="kern-table__header"><tr class="kern-table__row">
    <th class="kern-table__header" scope="col">${t('delivery.routes.name')}</th>
    <th class="kern-table__header" scope="col">${t('delivery.routes.service')}</th>
    <th class="kern-table__header" scope="col">${t('delivery.routes.type')}</th>
    <th class="kern-table__header" scope="col">${t('delivery.routes.state')}</th>
    <th class="kern-table__header" scope="col">${t('delivery.routes.actions')}</th>
  </tr></thead>
  <tbody class="kern-table__body">${view.routes.map(
    (r) => html`<tr class="kern-table__row">
    <th class="kern-table__cell" scope="row">${r.name}</th>
    <td class="kern-table__cell">${r.serviceTitle ?? t('delivery.routes.allServices')}</td>
    <td class="kern-table__cell">${r.known ? typeName(t, r.type) : t('delivery.routes.unknownType')}${
      r.secrets.length > 0 &&
      html`<br><span class="kern-body kern-body--small">${t('delivery.routes.secretsKept', { names: r.secrets.map((key) => (r.known ? fieldLabel(t, r.type, key) : key)).join(', ') })}</span>`
    }</td>
    <td class="kern-table__cell">${t(r.enabled ? 'delivery.routes.enabled' : 'delivery.routes.disabled')}</td>
    <td class="kern-table__cell">
      <form method="post" action="${ROUTES_HREF}/${r.id}/testen">
        <input type="hidden" name="_csrf" value="${frame.csrf}">
        <button class="kern-btn kern-btn--secondary" type="submit" aria-label="${t('delivery.routes.testLabel', { name: r.name })}"><span class="kern-label">${t('delivery.routes.test')}</span></button>
      </form>
      <form method="post" action="${ROUTES_HREF}/${r.id}/entfernen">
        <input type="hidden" name="_csrf" value="${frame.csrf}">
        <button class="kern-btn kern-btn--tertiary" type="submit" aria-label="${t('delivery.routes.removeLabel', { name: r.name })}"><span class="kern-label">${t('delivery.routes.remove')}</span></button>
      </form>
    </td>
  </tr>`,
  )}</tbody>
</table>`
}
<section class="section" aria-labelledby="new-route-heading">
  <h2 class="kern-heading-medium" id="new-route-heading">${t('delivery.routes.new')}</h2>
  <form method="get" action="${ROUTES_HREF}/neu">
    <fieldset class="kern-fieldset">
      <legend class="kern-label">${t('delivery.routes.type')}</legend>
      <div class="kern-fieldset__body">${view.types.map(
        (c, i) => html`<div class="kern-form-check">
        <input class="kern-form-check__radio" type="radio" id="route-type-${c.type}" name="art" value="${c.type}"${i === 0 ? html` checked` : ''}>
        <label class="kern-label" for="route-type-${c.type}">${typeName(t, c.type)}</label>
      </div>`,
      )}</div>
    </fieldset>
    <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('delivery.routes.choose')}</span></button>
  </form>
</section>`,
  );
}

export type NewRouteForm = {
  connector: AnyConnector;
  services: { key: string; title: string }[];
  /** What was typed, secrets left out: they are never sent back to the browser. */
  values: Record<string, string>;
  errors: FieldError[];
};

export function newRoutePage(frame: BackofficeFrame, form: NewRouteForm): SafeHtml {
  const { t } = frame;
  const { connector, values, errors } = form;
  const { fields, cliOnly } = routeFields(connector);
  const heading = t('delivery.routes.newFor', { type: typeName(t, connector.type) });
  const title = errors.length > 0 ? `${t('delivery.routes.error.summary')}: ${heading}` : heading;
  const errorOf = (id: string) => errors.find((e) => e.field === id);
  const input = (
    id: string,
    label: string,
    control: (described: SafeHtml) => SafeHtml,
    hint?: string,
  ) => {
    const error = errorOf(id);
    const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
    const described = html`${describedBy && html` aria-describedby="${describedBy}"`}${error && html` aria-invalid="true"`}`;
    return html`<div class="kern-form-input">
  <label class="kern-label" for="${id}">${label}</label>
  ${hint && html`<div class="kern-hint" id="${id}-hint">${hint}</div>`}
  ${error && html`<p class="kern-error" id="${id}-error">${error.message}</p>`}
  ${control(described)}
</div>`;
  };
  const configField = (field: RouteField) => {
    const id = fieldId(field.key);
    const name = `${FIELD_PREFIX}${field.key}`;
    const label = `${fieldLabel(t, connector.type, field.key)}${field.required ? '' : ` ${t('delivery.routes.optional')}`}`;
    const hint =
      [
        fieldHint(t, connector.type, field.key),
        field.secret ? t('delivery.routes.secretHint') : undefined,
      ]
        .filter(Boolean)
        .join(' ') || undefined;
    const value = field.secret ? '' : (values[name] ?? '');
    const required = field.required ? html` required` : '';
    const max = field.maxLength === undefined ? '' : html` maxlength="${String(field.maxLength)}"`;
    return input(
      id,
      label,
      (described) =>
        field.kind === 'lines'
          ? html`<textarea class="kern-form-input__input" id="${id}" name="${name}" rows="3" autocomplete="off" spellcheck="false"${required}${described}>${value}</textarea>`
          : html`<input class="kern-form-input__input" id="${id}" name="${name}" type="${field.secret ? 'password' : 'text'}"${field.kind === 'number' ? html` inputmode="numeric"` : ''} autocomplete="off" spellcheck="false" value="${value}"${max}${required}${described}>`,
      hint,
    );
  };
  return staffLayout(
    frame,
    title,
    html`${errorSummary(t('delivery.routes.error.summary'), errors)}
<h1 class="kern-heading-large">${heading}</h1>
<p class="kern-body"><a class="kern-link" href="${ROUTES_HREF}">${t('delivery.routes.back')}</a></p>
<form method="post" action="${ROUTES_HREF}" novalidate>
  <input type="hidden" name="_csrf" value="${frame.csrf}">
  <input type="hidden" name="art" value="${connector.type}">
  ${input(
    'route-name',
    t('delivery.routes.name'),
    (described) =>
      html`<input class="kern-form-input__input" id="route-name" name="name" type="text" maxlength="60" autocomplete="off" spellcheck="false" required value="${values.name ?? ''}"${described}>`,
    t('delivery.routes.nameHint'),
  )}
  ${input(
    'route-service',
    t('delivery.routes.service'),
    (
      described,
    ) => html`<div class="kern-form-input__select-wrapper"><select class="kern-form-input__select" id="route-service" name="leistung"${described}>
    <option value="">${t('delivery.routes.allServices')}</option>
    ${form.services.map((s) => html`<option value="${s.key}"${values.leistung === s.key ? html` selected` : ''}>${s.title}</option>`)}
  </select></div>`,
  )}
  <fieldset class="kern-fieldset">
    <legend class="kern-label">${t('delivery.routes.configuration')}</legend>
    <div class="kern-fieldset__body">
      ${fields.map(configField)}
      ${cliOnly.length > 0 && html`<p class="kern-body">${t('delivery.routes.cliOnly', { names: cliOnly.join(', ') })}</p>`}
    </div>
  </fieldset>
  ${input(
    'route-alert',
    t('delivery.routes.alertEmail'),
    (described) =>
      html`<input class="kern-form-input__input" id="route-alert" name="warnung" type="email" maxlength="254" autocomplete="off" value="${values.warnung ?? ''}"${described}>`,
    t('delivery.routes.alertHint'),
  )}
  <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('delivery.routes.save')}</span></button>
</form>`,
  );
}
