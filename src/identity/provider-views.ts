// The pages behind "Anmeldedienste" for the Verbund's admins: adding a SAML or an OIDC
// provider, one provider's page (name and levels, signing certificates with rollover, removal)
// and the confirmation before removing it. Plain forms, no JavaScript; the forms that take a
// certificate are multipart so that a PEM file can be uploaded instead of pasted. Secrets never
// appear: an OIDC client secret is only the name of an environment variable.
import { type BackofficeFrame, staffLayout } from '../backoffice/views.ts';
import type { SloBinding, TrustLevel } from '../db/schema.ts';
import { formatDateTime } from '../web/format.ts';
import { html, type SafeHtml } from '../web/html.ts';
import { errorSummary } from '../web/layout.ts';
import {
  addProviderHref,
  PROVIDERS_HREF,
  type ProviderKind,
  providerHref,
} from './backoffice-views.ts';
import { TRUST_LEVELS } from './levels.ts';

export type FieldError = { field: string; message: string };

const success = (text: string) =>
  html`<div class="kern-alert kern-alert--success" role="status"><div class="kern-alert__body"><p class="kern-body">${text}</p></div></div>`;

const titled = (frame: BackofficeFrame, title: string, errors: FieldError[]) =>
  errors.length > 0 ? `${frame.t('backoffice.error.summary')}: ${title}` : title;

/** A labelled control with its hint and error, wired up with aria-describedby. */
function control(
  id: string,
  label: string,
  errors: FieldError[],
  render: (described: SafeHtml, invalid: boolean) => SafeHtml,
  hint?: string,
) {
  const error = errors.find((e) => e.field === id);
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
  const described = html`${describedBy && html` aria-describedby="${describedBy}"`}${error && html` aria-invalid="true"`}`;
  return html`<div class="kern-form-input${error ? ' kern-form-input--error' : ''}">
  <label class="kern-label" for="${id}">${label}</label>
  ${hint && html`<div class="kern-hint" id="${id}-hint">${hint}</div>`}
  ${error && html`<p class="kern-error" id="${id}-error">${error.message}</p>`}
  ${render(described, error !== undefined)}
</div>`;
}

const inputClass = (invalid: boolean) =>
  `kern-form-input__input${invalid ? ' kern-form-input__input--error' : ''}`;

function textInput(
  id: string,
  label: string,
  value: string,
  errors: FieldError[],
  options: { hint?: string | undefined; type?: string; max?: number } = {},
) {
  return control(
    id,
    label,
    errors,
    (described, invalid) =>
      html`<input class="${inputClass(invalid)}" id="${id}" name="${id}" type="${options.type ?? 'text'}" maxlength="${String(options.max ?? 500)}" autocomplete="off" spellcheck="false" value="${value}"${described}>`,
    options.hint,
  );
}

function textArea(
  id: string,
  label: string,
  value: string,
  errors: FieldError[],
  hint: string,
  rows = 6,
) {
  return control(
    id,
    label,
    errors,
    (described, invalid) =>
      html`<textarea class="${inputClass(invalid)}" id="${id}" name="${id}" rows="${String(rows)}" autocomplete="off" spellcheck="false"${described}>${value}</textarea>`,
    hint,
  );
}

/** The certificate pasted or uploaded: a text area and, below it, a file input. */
function certificateFields(
  frame: BackofficeFrame,
  id: string,
  value: string,
  errors: FieldError[],
) {
  const { t } = frame;
  return html`${textArea(id, t('identity.admin.field.cert'), value, errors, t('identity.admin.field.certHint'), 8)}
<div class="kern-form-input">
  <label class="kern-label" for="signingCertFile">${t('identity.admin.field.certFile')}</label>
  <input class="kern-form-input__input" id="signingCertFile" name="signingCertFile" type="file" accept=".pem,.crt,.cer,application/x-pem-file,application/x-x509-ca-cert">
</div>`;
}

/** The levels as checkboxes; the first carries the id the error summary links to. */
function levelChoice(frame: BackofficeFrame, chosen: readonly string[], errors: FieldError[]) {
  const { t } = frame;
  const error = errors.find((e) => e.field === 'levels');
  return html`<fieldset class="kern-fieldset${error ? ' kern-fieldset--error' : ''}"${error ? html` aria-describedby="levels-error"` : ''}>
  <legend class="kern-label">${t('identity.admin.field.levels')}</legend>
  ${error && html`<p class="kern-error" id="levels-error">${error.message}</p>`}
  <div class="kern-fieldset__body">${TRUST_LEVELS.map(
    (level, i) => html`<div class="kern-form-check">
    <input class="kern-form-check__checkbox" type="checkbox" id="${i === 0 ? 'levels' : `levels-${level}`}" name="levels" value="${level}"${chosen.includes(level) ? html` checked` : ''}>
    <label class="kern-label" for="${i === 0 ? 'levels' : `levels-${level}`}">${t(`identity.level.${level}`)}</label>
  </div>`,
  )}</div>
</fieldset>`;
}

/** The binding of the SLO URL (ADR 0047): HTTP-Redirect or HTTP-POST, as the metadata names. */
function sloBindingChoice(frame: BackofficeFrame, chosen: string, errors: FieldError[]) {
  const { t } = frame;
  const error = errors.find((e) => e.field === 'sloBinding');
  const options = [
    ['HTTP-Redirect', 'sloBinding', 'identity.admin.field.sloBindingRedirect'],
    ['HTTP-POST', 'sloBinding-post', 'identity.admin.field.sloBindingPost'],
  ] as const;
  return html`<fieldset class="kern-fieldset${error ? ' kern-fieldset--error' : ''}"${error ? html` aria-describedby="sloBinding-error"` : ''}>
  <legend class="kern-label">${t('identity.admin.field.sloBinding')}</legend>
  ${error && html`<p class="kern-error" id="sloBinding-error">${error.message}</p>`}
  <div class="kern-fieldset__body">${options.map(
    ([value, id, label]) => html`<div class="kern-form-check">
    <input class="kern-form-check__radio" type="radio" id="${id}" name="sloBinding" value="${value}"${(chosen === 'HTTP-POST' ? 'HTTP-POST' : 'HTTP-Redirect') === value ? html` checked` : ''}>
    <label class="kern-label" for="${id}">${t(label)}</label>
  </div>`,
  )}</div>
</fieldset>`;
}

export type AddProviderView = {
  kind: ProviderKind;
  /** What was typed (sent back after a refusal). */
  values: Record<string, string>;
  levels: string[];
  errors: FieldError[];
  production: boolean;
  /** Our SP metadata's address, for the SAML provider's side of the connection. */
  spMetadataUrl: string;
  /** After "Metadaten übernehmen": what the metadata said, for the admin to check. */
  metadata?: MetadataPreview | undefined;
};

export type MetadataPreview = {
  entityId: string;
  certificates: CertificateView[];
  signed: boolean;
  /** The IdP offers sign-in by HTTP-Redirect only. */
  redirectOnly: boolean;
};

/** The metadata pasted or uploaded, and the button that fills the form from it. */
function metadataFields(frame: BackofficeFrame, value: string, errors: FieldError[]) {
  const { t } = frame;
  return html`${textArea('metadata', t('identity.admin.field.metadata'), value, errors, t('identity.admin.field.metadataHint'), 8)}
<div class="kern-form-input">
  <label class="kern-label" for="metadataFile">${t('identity.admin.field.metadataFile')}</label>
  <input class="kern-form-input__input" id="metadataFile" name="metadataFile" type="file" accept=".xml,application/samlmetadata+xml,application/xml,text/xml">
</div>
<button class="kern-btn kern-btn--secondary" type="submit" name="step" value="metadata"><span class="kern-label">${t('identity.admin.metadataSubmit')}</span></button>`;
}

/** The certificates read from the metadata: fingerprints to compare, never the PEM. */
function metadataCertificates(frame: BackofficeFrame, preview: MetadataPreview) {
  const { t, lang } = frame;
  return html`<div class="section" id="metadata-certificates">
  <p class="kern-body">${t('identity.admin.metadata.certsHint')}</p>
  ${preview.signed ? html`<p class="kern-body">${t('identity.admin.metadata.signed')}</p>` : ''}
  <table class="kern-table">
    <caption class="kern-table__caption">${t('identity.admin.metadata.certs')}</caption>
    <thead class="kern-table__header"><tr class="kern-table__row">
      <th class="kern-table__header" scope="col">${t('identity.admin.certs.subject')}</th>
      <th class="kern-table__header" scope="col">${t('identity.admin.certs.fingerprint')}</th>
      <th class="kern-table__header" scope="col">${t('identity.admin.certs.validTo')}</th>
    </tr></thead>
    <tbody class="kern-table__body">${preview.certificates.map(
      (c) => html`<tr class="kern-table__row">
      <th class="kern-table__cell" scope="row">${c.subject}</th>
      <td class="kern-table__cell"><code class="fingerprint">${c.fingerprint}</code></td>
      <td class="kern-table__cell">${formatDateTime(c.validTo, lang)}</td>
    </tr>`,
    )}</tbody>
  </table>
</div>`;
}

/** "Anmeldedienst hinzufügen", for SAML (BundID) or OIDC. */
export function addProviderPage(frame: BackofficeFrame, view: AddProviderView): SafeHtml {
  const { t } = frame;
  const { values, errors } = view;
  const v = (name: string) => values[name] ?? '';
  const heading = t(
    view.kind === 'saml' ? 'identity.admin.addSaml.title' : 'identity.admin.addOidc.title',
  );
  const https = view.production ? t('identity.admin.httpsOnly') : undefined;
  const fields =
    view.kind === 'saml'
      ? html`${metadataFields(frame, v('metadata'), errors)}
    ${textInput('issuer', t('identity.admin.field.entityId'), v('issuer'), errors)}
    ${textInput('ssoUrl', t('identity.admin.field.ssoUrl'), v('ssoUrl'), errors, { type: 'url', hint: [https, view.metadata?.redirectOnly ? t('identity.admin.metadata.redirect') : undefined].filter(Boolean).join(' ') || undefined })}
    ${textInput('sloUrl', t('identity.admin.field.sloUrl'), v('sloUrl'), errors, { type: 'url', hint: t('identity.admin.field.sloUrlHint') })}
    ${sloBindingChoice(frame, v('sloBinding'), errors)}
    ${certificateFields(frame, 'signingCerts', v('signingCerts'), errors)}
    ${view.metadata && metadataCertificates(frame, view.metadata)}`
      : html`${textInput('issuer', t('identity.admin.field.issuer'), v('issuer'), errors, { type: 'url', hint: [t('identity.admin.field.issuerHint'), https].filter(Boolean).join(' ') })}
    ${textInput('clientId', t('identity.admin.field.clientId'), v('clientId'), errors, { max: 200 })}
    ${textInput('clientSecretEnv', t('identity.admin.field.clientSecretEnv'), v('clientSecretEnv'), errors, { max: 64, hint: t('identity.admin.field.clientSecretEnvHint') })}
    ${textArea('acrMap', t('identity.admin.field.acrMap'), v('acrMap'), errors, t('identity.admin.field.acrMapHint'), 4)}`;
  return staffLayout(
    frame,
    titled(frame, heading, errors),
    html`${errorSummary(t('backoffice.error.summary'), errors)}
<p class="kern-body"><a class="kern-link" href="${PROVIDERS_HREF}">${t('identity.admin.back')}</a></p>
<h1 class="kern-heading-large">${heading}</h1>
${view.metadata && success(t('identity.admin.metadata.read', { entityId: view.metadata.entityId }))}
<p class="kern-body">${
      view.kind === 'saml'
        ? t('identity.admin.addSaml.lead', { metadata: view.spMetadataUrl })
        : t('identity.admin.addOidc.lead')
    }</p>
<form method="post" action="${addProviderHref(view.kind)}" enctype="multipart/form-data" novalidate>
    <input type="hidden" name="_csrf" value="${frame.csrf}">
    ${textInput('slug', t('identity.admin.field.slug'), v('slug'), errors, { max: 40, hint: t('identity.admin.field.slugHint') })}
    ${textInput('displayName', t('identity.admin.field.displayName'), v('displayName'), errors, { max: 100, hint: t('identity.admin.field.displayNameHint') })}
    ${fields}
    ${levelChoice(frame, view.levels, errors)}
    <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('identity.admin.addSubmit')}</span></button>
</form>`,
  );
}

export type CertificateView = { fingerprint: string; subject: string; validTo: Date };

export type ProviderDetail = {
  slug: string;
  type: ProviderKind;
  displayName: string;
  issuer: string;
  ssoUrl: string | null;
  sloUrl: string | null;
  sloBinding: SloBinding;
  clientId: string | null;
  /** The variable's name and whether the portal's environment has it. */
  clientSecret: { env: string; set: boolean } | null;
  acrMap: Record<string, TrustLevel>;
  attributeMap: Record<string, string>;
  levels: TrustLevel[];
  certificates: CertificateView[];
  createdAt: Date;
};

/** The change form as sent; a field left out is shown as stored. */
export type ChangeForm = {
  displayName: string;
  levels: string[];
  issuer?: string | undefined;
  ssoUrl?: string | undefined;
  sloUrl?: string | undefined;
  sloBinding?: SloBinding | undefined;
  clientId?: string | undefined;
  acrMap?: string | undefined;
  attributeMap?: string | undefined;
  issuerConfirmed: boolean;
};

const pairsText = (map: Record<string, string>) =>
  Object.entries(map)
    .map(([from, to]) => `${from}=${to}`)
    .join('\n');

/** "Ich habe geprüft, dass …": asked only for a change of the entity id or issuer. */
function issuerConfirmation(frame: BackofficeFrame, checked: boolean, errors: FieldError[]) {
  const { t } = frame;
  const error = errors.find((e) => e.field === 'issuerConfirmed');
  const described = ['issuerConfirmed-hint', error && 'issuerConfirmed-error']
    .filter(Boolean)
    .join(' ');
  return html`<div class="kern-form-check${error ? ' kern-form-check--error' : ''}">
  ${error && html`<p class="kern-error" id="issuerConfirmed-error">${error.message}</p>`}
  <input class="kern-form-check__checkbox" type="checkbox" id="issuerConfirmed" name="issuerConfirmed" value="ja" aria-describedby="${described}"${checked ? html` checked` : ''}${error ? html` aria-invalid="true"` : ''}>
  <label class="kern-label" for="issuerConfirmed">${t('identity.admin.field.issuerConfirm')}</label>
  <div class="kern-hint" id="issuerConfirmed-hint">${t('identity.admin.field.issuerConfirmHint')}</div>
</div>`;
}

/** Name, levels and the connection's addresses and mappings; never the slug. */
function changeFields(frame: BackofficeFrame, view: ProviderPageView) {
  const { t } = frame;
  const p = view.provider;
  const f = view.form;
  const e = view.errors;
  const connection =
    p.type === 'saml'
      ? html`${textInput('issuer', t('identity.admin.field.entityId'), f?.issuer ?? p.issuer, e)}
    ${textInput('ssoUrl', t('identity.admin.field.ssoUrl'), f?.ssoUrl ?? p.ssoUrl ?? '', e, { type: 'url' })}
    ${textInput('sloUrl', t('identity.admin.field.sloUrl'), f?.sloUrl ?? p.sloUrl ?? '', e, { type: 'url', hint: t('identity.admin.field.sloUrlHint') })}
    ${sloBindingChoice(frame, f?.sloBinding ?? p.sloBinding, e)}`
      : html`${textInput('issuer', t('identity.admin.field.issuer'), f?.issuer ?? p.issuer, e, { type: 'url', hint: t('identity.admin.field.issuerHint') })}
    ${textInput('clientId', t('identity.admin.field.clientId'), f?.clientId ?? p.clientId ?? '', e, { max: 200 })}
    ${textArea('acrMap', t('identity.admin.field.acrMap'), f?.acrMap ?? pairsText(p.acrMap), e, t('identity.admin.field.acrMapHint'), 4)}`;
  return html`${textInput('displayName', t('identity.admin.field.displayName'), f?.displayName ?? p.displayName, e, { max: 100, hint: t('identity.admin.field.displayNameHint') })}
    ${connection}
    ${issuerConfirmation(frame, f?.issuerConfirmed ?? false, e)}
    ${textArea('attributeMap', t('identity.admin.field.attributeMap'), f?.attributeMap ?? pairsText(p.attributeMap), e, t('identity.admin.field.attributeMapHint'), 6)}
    ${levelChoice(frame, f?.levels ?? p.levels, e)}`;
}

export type ProviderPageView = {
  provider: ProviderDetail;
  notice?: string | undefined;
  /** The change form as typed, after a refusal. */
  form?: ChangeForm;
  /** The certificate as pasted, after a refusal. */
  certificate?: string;
  errors: FieldError[];
  maxCertificates: number;
};

function details(frame: BackofficeFrame, p: ProviderDetail): SafeHtml {
  const { t, lang } = frame;
  const code = (value: string) => html`<code>${value}</code>`;
  const rows: [string, SafeHtml | string][] = [
    [
      t('identity.admin.detail.type'),
      t(p.type === 'saml' ? 'identity.backoffice.type.saml' : 'identity.backoffice.type.oidc'),
    ],
    [t('identity.admin.detail.slug'), code(p.slug)],
  ];
  if (p.type === 'saml') {
    rows.push([t('identity.admin.detail.entityId'), code(p.issuer)]);
    rows.push([t('identity.admin.detail.ssoUrl'), code(p.ssoUrl ?? '')]);
    rows.push([
      t('identity.admin.detail.sloUrl'),
      p.sloUrl === null ? t('identity.admin.detail.sloNone') : code(p.sloUrl),
    ]);
    if (p.sloUrl !== null)
      rows.push([
        t('identity.admin.detail.sloBinding'),
        t(
          p.sloBinding === 'HTTP-POST'
            ? 'identity.admin.field.sloBindingPost'
            : 'identity.admin.field.sloBindingRedirect',
        ),
      ]);
  } else {
    rows.push([t('identity.admin.detail.issuer'), code(p.issuer)]);
    rows.push([t('identity.admin.detail.clientId'), code(p.clientId ?? '')]);
    rows.push([
      t('identity.admin.detail.secret'),
      p.clientSecret === null
        ? t('identity.admin.detail.secretNone')
        : t(
            p.clientSecret.set
              ? 'identity.admin.detail.secretSet'
              : 'identity.admin.detail.secretMissing',
            { name: p.clientSecret.env },
          ),
    ]);
    rows.push([
      t('identity.admin.detail.acrMap'),
      Object.entries(p.acrMap)
        .map(([acr, level]) => `${acr} → ${t(`identity.level.${level}`)}`)
        .join(', '),
    ]);
  }
  rows.push([
    t('identity.admin.detail.attributes'),
    Object.entries(p.attributeMap)
      .map(([from, to]) => `${from} → ${to}`)
      .join(', '),
  ]);
  rows.push([t('identity.admin.detail.since'), formatDateTime(p.createdAt, lang)]);
  return html`<dl class="kern-description-list">${rows.map(
    ([key, value]) => html`<div class="kern-description-list-item">
    <dt class="kern-description-list-item__key">${key}</dt>
    <dd class="kern-description-list-item__value">${value}</dd>
  </div>`,
  )}</dl>`;
}

function certificates(frame: BackofficeFrame, view: ProviderPageView): SafeHtml {
  const { t, lang } = frame;
  const p = view.provider;
  const href = providerHref(p.slug);
  const error = view.errors.find((e) => e.field === 'certificates');
  const last = p.certificates.length <= 1;
  return html`<section class="section" aria-labelledby="certs-heading">
  <h2 class="kern-heading-medium" id="certs-heading">${t('identity.admin.certs.title')}</h2>
  <p class="kern-body">${t('identity.admin.certs.lead')}</p>
  ${error && html`<p class="kern-error" id="certificates">${error.message}</p>`}
  <table class="kern-table" id="certificate-list">
    <caption class="kern-table__caption">${t('identity.admin.certs.caption')}</caption>
    <thead class="kern-table__header"><tr class="kern-table__row">
      <th class="kern-table__header" scope="col">${t('identity.admin.certs.subject')}</th>
      <th class="kern-table__header" scope="col">${t('identity.admin.certs.fingerprint')}</th>
      <th class="kern-table__header" scope="col">${t('identity.admin.certs.validTo')}</th>
      <th class="kern-table__header" scope="col">${t('identity.admin.certs.action')}</th>
    </tr></thead>
    <tbody class="kern-table__body">${p.certificates.map(
      (c) => html`<tr class="kern-table__row">
      <th class="kern-table__cell" scope="row">${c.subject}</th>
      <td class="kern-table__cell"><code class="fingerprint">${c.fingerprint}</code></td>
      <td class="kern-table__cell">${formatDateTime(c.validTo, lang)}</td>
      <td class="kern-table__cell">${
        last
          ? t('identity.admin.certs.onlyOne')
          : html`<form method="post" action="${href}/zertifikate/entfernen">
        <input type="hidden" name="_csrf" value="${frame.csrf}">
        <input type="hidden" name="fingerprint" value="${c.fingerprint}">
        <button class="kern-btn kern-btn--secondary" type="submit" aria-label="${t('identity.admin.certs.removeLabel', { subject: c.subject })}"><span class="kern-label">${t('identity.admin.certs.remove')}</span></button>
      </form>`
      }</td>
    </tr>`,
    )}</tbody>
  </table>
  <h3 class="kern-heading-small" id="cert-add-heading">${t('identity.admin.certs.addTitle')}</h3>
  ${
    p.certificates.length >= view.maxCertificates
      ? html`<p class="kern-body">${t('identity.admin.certs.full')}</p>`
      : html`<form method="post" action="${href}/zertifikate" enctype="multipart/form-data" novalidate aria-labelledby="cert-add-heading">
    <input type="hidden" name="_csrf" value="${frame.csrf}">
    ${certificateFields(frame, 'signingCert', view.certificate ?? '', view.errors)}
    <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('identity.admin.certs.addSubmit')}</span></button>
  </form>`
  }
</section>`;
}

/** One provider: what is configured, the change of name and levels, certificates, removal. */
export function providerPage(frame: BackofficeFrame, view: ProviderPageView): SafeHtml {
  const { t } = frame;
  const p = view.provider;
  const href = providerHref(p.slug);
  return staffLayout(
    frame,
    titled(frame, p.displayName, view.errors),
    html`${errorSummary(t('backoffice.error.summary'), view.errors)}
<p class="kern-body"><a class="kern-link" href="${PROVIDERS_HREF}">${t('identity.admin.back')}</a></p>
<h1 class="kern-heading-large">${p.displayName}</h1>
${view.notice && success(view.notice)}
<section class="section" aria-labelledby="details-heading">
  <h2 class="kern-heading-medium" id="details-heading">${t('identity.admin.details')}</h2>
  ${details(frame, p)}
</section>
<section class="section" aria-labelledby="change-heading">
  <h2 class="kern-heading-medium" id="change-heading">${t('identity.admin.changeTitle')}</h2>
  <form method="post" action="${href}" novalidate>
    <input type="hidden" name="_csrf" value="${frame.csrf}">
    ${changeFields(frame, view)}
    <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('identity.admin.changeSubmit')}</span></button>
  </form>
</section>
${p.type === 'saml' && certificates(frame, view)}
<section class="section" aria-labelledby="remove-heading">
  <h2 class="kern-heading-medium" id="remove-heading">${t('identity.admin.removeTitle')}</h2>
  <p class="kern-body"><a class="kern-link" href="${href}/entfernen">${t('identity.admin.removeLink', { name: p.displayName })}</a></p>
</section>`,
  );
}

/** The step before removing: says what is lost and asks; a GET page, so no JavaScript. */
export function removeProviderPage(
  frame: BackofficeFrame,
  provider: { slug: string; displayName: string },
): SafeHtml {
  const { t } = frame;
  const name = provider.displayName;
  const title = t('identity.admin.removeConfirm', { name });
  const href = providerHref(provider.slug);
  return staffLayout(
    frame,
    title,
    html`<h1 class="kern-heading-large">${title}</h1>
<p class="kern-body">${t('identity.admin.removeLead', { name })}</p>
<form method="post" action="${href}/entfernen">
  <input type="hidden" name="_csrf" value="${frame.csrf}">
  <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('identity.admin.removeSubmit')}</span></button>
</form>
<p class="kern-body"><a class="kern-link" href="${href}">${t('identity.admin.cancel')}</a></p>`,
  );
}
