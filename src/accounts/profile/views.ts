import type { Municipality } from '../../tenancy/service.ts';
import { formatDateTime } from '../../web/format.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import type { MessageKey } from '../../web/i18n.ts';
import { errorSummary, layout, type PageFrame } from '../../web/layout.ts';
import type { ProfileInput, VerifiedProfile } from './service.ts';
import './messages.ts';

export type ProfileForm = {
  values: ProfileInput;
  errors: Record<string, MessageKey>;
  municipalities: Municipality[];
  csrf: string;
  /** Confirmed by an identity provider: read-only, marked as confirmed. */
  verified: VerifiedProfile;
  notice?: MessageKey;
  version?: { number: number; savedAt: Date };
};

type Input = {
  name: keyof ProfileInput;
  label: MessageKey;
  hint?: MessageKey;
  autocomplete: string;
  width?: 'short' | 'tiny';
  inputmode?: string;
};

export function profilePage(frame: PageFrame, form: ProfileForm): SafeHtml {
  const { t } = frame;
  const { values, errors } = form;
  const errorFor = (name: string) => errors[name];
  const errorText = (name: string) => {
    const key = errorFor(name);
    return (
      key &&
      html`<p class="kern-error" id="${name}-error"><span class="kern-sr-only">${t('accounts.error.summary')}:</span> ${t(key)}</p>`
    );
  };
  const confirmed = (name: string) => {
    const by = form.verified[name as keyof VerifiedProfile];
    return by && t('accounts.profile.verifiedBy', { provider: by.provider });
  };
  const input = (f: Input) => {
    const error = errorFor(f.name);
    const by = confirmed(f.name);
    const describedBy = [
      f.hint && `${f.name}-hint`,
      by && `${f.name}-verified`,
      error && `${f.name}-error`,
    ]
      .filter(Boolean)
      .join(' ');
    return html`<div class="kern-form-input${error ? ' kern-form-input--error' : ''}">
  <label class="kern-label" for="${f.name}">${t(f.label)}</label>
  ${f.hint && html`<div class="kern-hint" id="${f.name}-hint">${t(f.hint)}</div>`}
  ${by && html`<div class="kern-hint verified" id="${f.name}-verified">${by}</div>`}
  ${errorText(f.name)}
  <input class="kern-form-input__input${f.width === 'tiny' ? ' kern-form-input__input--width-4' : ''}${error ? ' kern-form-input__input--error' : ''}" id="${f.name}" name="${f.name}" type="text"
    value="${values[f.name]}" autocomplete="${f.autocomplete}"${by ? html` readonly` : ''}${f.inputmode ? html` inputmode="${f.inputmode}"` : ''}${describedBy ? html` aria-describedby="${describedBy}"` : ''}${error ? html` aria-invalid="true"` : ''}>
</div>`;
  };
  const birthError = errorFor('birthDay');
  const birthBy = confirmed('birthDate');
  const part = (
    name: 'birthDay' | 'birthMonth' | 'birthYear',
    label: MessageKey,
    autocomplete: string,
  ) =>
    html`<div class="kern-form-input">
  <label class="kern-label" for="${name}">${t(label)}</label>
  <input class="kern-form-input__input ${name === 'birthYear' ? 'kern-form-input__input--width-4' : 'kern-form-input__input--width-2'}${birthError ? ' kern-form-input__input--error' : ''}" id="${name}" name="${name}" type="text" inputmode="numeric" value="${values[name]}" autocomplete="${autocomplete}"${birthBy ? html` readonly` : ''}${birthError ? html` aria-invalid="true"` : ''}>
</div>`;
  const municipalityError = errorFor('municipalityId');
  const municipalityBy = confirmed('municipalityId');
  // A select cannot be read-only: a confirmed place is the only option there is.
  const places = municipalityBy
    ? form.municipalities.filter((m) => m.id === values.municipalityId)
    : form.municipalities;
  const municipalityDescribedBy = [
    municipalityBy && 'municipalityId-verified',
    municipalityError && 'municipalityId-error',
  ]
    .filter(Boolean)
    .join(' ');
  const listed = Object.entries(errors).map(([field, key]) => ({ field, message: t(key) }));
  const title =
    listed.length > 0
      ? `${t('accounts.error.summary')}: ${t('accounts.profile.title')}`
      : t('accounts.profile.title');
  const dateFormat = (d: Date) => formatDateTime(d, frame.lang);

  return layout(
    frame,
    title,
    html`${errorSummary(t('accounts.error.summary'), listed)}
${form.notice && html`<div class="kern-alert kern-alert--success" role="status"><div class="kern-alert__body"><p class="kern-body">${t(form.notice)}</p></div></div>`}
<h1 class="kern-heading-large">${t('accounts.profile.title')}</h1>
<p class="kern-body">${t('accounts.profile.lead')}</p>
${form.version && html`<p class="kern-body kern-body--small">${t('accounts.profile.version', { version: form.version.number, date: dateFormat(form.version.savedAt) })}</p>`}
<form class="finder" method="post" action="/konto/profil" novalidate>
  <input type="hidden" name="_csrf" value="${form.csrf}">
  <fieldset class="kern-fieldset section"><legend class="kern-label kern-label--large">${t('accounts.profile.name')}</legend>
    <div class="kern-fieldset__body">
    ${input({ name: 'givenName', label: 'accounts.profile.givenName', autocomplete: 'given-name' })}
    ${input({ name: 'familyName', label: 'accounts.profile.familyName', autocomplete: 'family-name' })}
    </div>
  </fieldset>
  <fieldset class="kern-fieldset section${birthError ? ' kern-fieldset--error' : ''}" aria-describedby="birthDay-hint${birthError ? ' birthDay-error' : ''}">
    <legend class="kern-label kern-label--large">${t('accounts.profile.birthDate')}</legend>
    <div class="kern-hint" id="birthDay-hint">${birthBy ?? t('accounts.profile.birthDateHint')}</div>
    ${errorText('birthDay')}
    <div class="kern-fieldset__body kern-fieldset__body--horizontal">
      ${part('birthDay', 'accounts.profile.day', 'bday-day')}${part('birthMonth', 'accounts.profile.month', 'bday-month')}${part('birthYear', 'accounts.profile.year', 'bday-year')}
    </div>
  </fieldset>
  <fieldset class="kern-fieldset section"><legend class="kern-label kern-label--large">${t('accounts.profile.address')}</legend>
    <div class="kern-fieldset__body">
    ${input({ name: 'street', label: 'accounts.profile.street', autocomplete: 'address-line1' })}
    ${input({ name: 'houseNumber', label: 'accounts.profile.houseNumber', autocomplete: 'off', width: 'tiny' })}
    ${input({ name: 'postcode', label: 'accounts.profile.postcode', autocomplete: 'postal-code', width: 'tiny', inputmode: 'numeric' })}
    <div class="kern-form-input${municipalityError ? ' kern-form-input--error' : ''}">
      <label class="kern-label" for="municipalityId">${t('accounts.profile.municipality')}</label>
      ${municipalityBy && html`<div class="kern-hint verified" id="municipalityId-verified">${municipalityBy}</div>`}
      ${errorText('municipalityId')}
      <div class="kern-form-input__select-wrapper">
        <select class="kern-form-input__select${municipalityError ? ' kern-form-input__select--error' : ''}" id="municipalityId" name="municipalityId"${municipalityError ? html` aria-invalid="true"` : ''}${municipalityDescribedBy ? html` aria-describedby="${municipalityDescribedBy}"` : ''}>
          ${!municipalityBy && html`<option value="">${t('accounts.profile.municipalityChoose')}</option>`}
          ${places.map((m) => html`<option value="${m.id}"${m.id === values.municipalityId ? html` selected` : ''}>${m.name}</option>`)}
        </select>
      </div>
    </div>
    </div>
  </fieldset>
  <fieldset class="kern-fieldset section"><legend class="kern-label kern-label--large">${t('accounts.profile.contact')}</legend>
    <div class="kern-fieldset__body">
    ${input({ name: 'phone', label: 'accounts.profile.phone', hint: 'accounts.profile.phoneHint', autocomplete: 'tel', inputmode: 'tel' })}
    </div>
  </fieldset>
  <fieldset class="kern-fieldset section"><legend class="kern-label kern-label--large">${t('accounts.profile.language')}</legend>
    <div class="kern-fieldset__body">
      ${(['de', 'en'] as const).map(
        (lang) => html`<div class="kern-form-check">
        <input class="kern-form-check__radio" type="radio" id="language-${lang}" name="language" value="${lang}"${values.language === lang ? html` checked` : ''}>
        <label class="kern-label" for="language-${lang}">${t(lang === 'de' ? 'accounts.profile.languageDe' : 'accounts.profile.languageEn')}</label>
      </div>`,
      )}
    </div>
  </fieldset>
  <button class="kern-btn kern-btn--primary section" type="submit"><span class="kern-label">${t('accounts.profile.submit')}</span></button>
</form>`,
  );
}
