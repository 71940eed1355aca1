// "Online-Dienst einrichten" for a catalogue entry without an online service: the settings of
// the edit page (prefilled with the entry's name) plus level and form, in one plain form.
import { html, type SafeHtml } from '../../web/html.ts';
import { errorSummary } from '../../web/layout.ts';
import { type BackofficeFrame, staffLayout } from '../views.ts';
import type { NewServiceInput } from './new-service.ts';
import { SERVICE_LEVELS } from './new-service.ts';
import type { ServiceSetup } from './office.ts';
import {
  alert,
  CATALOGUE_HREF,
  type FieldError,
  radioGroup,
  serviceSettingsHref,
  serviceSetupHref,
  settingsControls,
  titled,
} from './views.ts';

export type ServiceSetupView = {
  setup: ServiceSetup;
  /** What was typed after it was refused; else the entry's name and the defaults. */
  values?: NewServiceInput;
  /** A second submit found the service set up already (409). */
  exists?: { id: string; title: string };
  errors: FieldError[];
};

/** The retention a new service starts with: the table's default, three years. */
const DEFAULT_RETENTION_MONTHS = '36';

export function serviceSetupPage(frame: BackofficeFrame, view: ServiceSetupView): SafeHtml {
  const { t, lang } = frame;
  const { entry, forms } = view.setup;
  const values: NewServiceInput = view.values ?? {
    title: entry.name.slice(0, 200),
    level: '',
    trustLevel: '',
    anonymous: false,
    description: '',
    fees: '',
    retentionMonths: DEFAULT_RETENTION_MONTHS,
    formId: '',
  };
  const title = t('verbund.newService.title', { name: entry.name });
  const exists = view.exists;
  const level = radioGroup(frame, view.errors, {
    name: 'level',
    legend: 'verbund.service.level',
    hint: 'verbund.newService.levelHint',
    options: SERVICE_LEVELS.map((l) => ({ value: l, label: t(`verbund.service.level.${l}`) })),
    checked: values.level,
  });
  const form = radioGroup(frame, view.errors, {
    name: 'formId',
    legend: 'verbund.newService.field.form',
    hint: 'verbund.newService.formHint',
    options: forms.map((f) => ({
      value: f.id,
      label: t('verbund.newService.formOption', {
        title: f.title[lang],
        id: f.id,
        version: f.version,
      }),
    })),
    checked: values.formId,
  });
  return staffLayout(
    frame,
    titled(frame, title, view.errors),
    html`${errorSummary(t('backoffice.error.summary'), view.errors)}
<p class="kern-body"><a class="kern-link" href="${CATALOGUE_HREF}?q=${entry.leikaKey}">${t('verbund.service.back')}</a></p>
<h1 class="kern-heading-large">${title}</h1>
<p class="kern-body">${t('verbund.newService.lead')}</p>
${
  exists &&
  html`${alert('warning', t('verbund.newService.exists'))}
<p class="kern-body"><a class="kern-link" href="${serviceSettingsHref(exists.id)}">${t('verbund.catalogue.editLabel', { title: exists.title })}</a></p>`
}
<dl class="kern-description-list">
  <div class="kern-description-list-item"><dt class="kern-description-list-item__key">${t('verbund.service.key')}</dt><dd class="kern-description-list-item__value">${entry.leikaKey}</dd></div>
</dl>
${
  exists
    ? ''
    : forms.length === 0
      ? // The error summary's link for the form points here when there is no form to choose.
        html`<div id="formId">${alert('warning', t('verbund.newService.noForms'))}</div>`
      : html`<form method="post" action="${serviceSetupHref(entry.leikaKey)}" novalidate aria-label="${t('verbund.newService.form')}">
  <input type="hidden" name="_csrf" value="${frame.csrf}">
  ${settingsControls(frame, values, view.errors, { titleHint: 'verbund.newService.titleHint', afterTitle: html`${level}${form}` })}
  <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('verbund.newService.submit')}</span></button>
</form>`
}`,
  );
}
