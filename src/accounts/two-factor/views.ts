import QRCode from 'qrcode';
import { formatDateTime } from '../../web/format.ts';
import { escapeHtml, html, raw, type SafeHtml } from '../../web/html.ts';
import type { MessageKey } from '../../web/i18n.ts';
import { errorSummary, layout, type PageFrame } from '../../web/layout.ts';
import type { TwoFactorStatus } from './service.ts';

/**
 * The otpauth:// URI as an inline SVG QR code: drawn on the server, so the page needs no
 * script, and nothing leaves the portal (no third-party QR service sees the secret).
 */
export async function qrSvg(uri: string, label: string): Promise<SafeHtml> {
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  // The markup is the library's own output for a string we built; only the label is ours.
  return raw(
    svg.replace(
      '<svg ',
      `<svg role="img" aria-label="${escapeHtml(label)}" width="240" height="240" class="totp-qr" `,
    ),
  );
}

/** `JBSW Y3DP …`: groups of four are easier to copy into an app by hand. */
export function groupSecret(secret: string): string {
  return (secret.match(/.{1,4}/g) ?? []).join(' ');
}

type CodeField = {
  label: MessageKey;
  hint: MessageKey;
  /** Digits only (setup) or also recovery codes (sign-in, step-up, disabling). */
  recovery: boolean;
  error?: string;
};

function codeField(frame: PageFrame, f: CodeField, name = 'code'): SafeHtml {
  const { t } = frame;
  const describedBy = `${name}-hint${f.error ? ` ${name}-error` : ''}`;
  return html`<div class="kern-form-input${f.error ? ' kern-form-input--error' : ''}">
  <label class="kern-label" for="${name}">${t(f.label)}</label>
  <div class="kern-hint" id="${name}-hint">${t(f.hint)}</div>
  ${f.error && html`<p class="kern-error" id="${name}-error"><span class="kern-sr-only">${t('accounts.error.summary')}:</span> ${f.error}</p>`}
  <input class="kern-form-input__input${f.error ? ' kern-form-input__input--error' : ''}" id="${name}" name="${name}" type="text"
    inputmode="${f.recovery ? 'text' : 'numeric'}" autocomplete="one-time-code" autocapitalize="off" spellcheck="false" maxlength="${f.recovery ? 20 : 8}"
    aria-describedby="${describedBy}"${f.error ? html` aria-invalid="true"` : ''}>
</div>`;
}

function passwordField(frame: PageFrame, error: boolean): SafeHtml {
  const { t } = frame;
  return html`<div class="kern-form-input${error ? ' kern-form-input--error' : ''}">
  <label class="kern-label" for="password">${t('accounts.field.password')}</label>
  <input class="kern-form-input__input${error ? ' kern-form-input__input--error' : ''}" id="password" name="password" type="password"
    maxlength="1024" autocomplete="current-password"${error ? html` aria-invalid="true"` : ''}>
</div>`;
}

const submit = (frame: PageFrame, label: MessageKey, kind: 'primary' | 'secondary' = 'primary') =>
  html`<button class="kern-btn kern-btn--${kind}" type="submit"><span class="kern-label">${frame.t(label)}</span></button>`;

const hiddenCsrf = (csrf: string) => html`<input type="hidden" name="_csrf" value="${csrf}">`;

function titled(frame: PageFrame, title: MessageKey, error: string | undefined) {
  const { t } = frame;
  return error ? `${t('accounts.error.summary')}: ${t(title)}` : t(title);
}

function formatDate(frame: PageFrame, date: Date): string {
  return formatDateTime(date, frame.lang);
}

export type StatusView = {
  status: TwoFactorStatus;
  csrf: string;
  /** A wrong code or password in the renew or disable form. */
  error?: { form: 'renew' | 'disable'; message: string };
};

export function statusPage(frame: PageFrame, view: StatusView): SafeHtml {
  const { t } = frame;
  const { status, error } = view;
  const errorFor = (form: 'renew' | 'disable') =>
    error?.form === form ? error.message : undefined;
  const summary = error
    ? errorSummary(t('accounts.error.summary'), [
        { field: error.form === 'renew' ? 'renew-code' : 'password', message: error.message },
      ])
    : html``;
  let body: SafeHtml;
  if (status.state === 'off') {
    body = html`<p class="kern-body">${t('accounts.twoFactor.statusOff')}</p>
<form method="post" action="/konto/zwei-faktor/einrichten">${hiddenCsrf(view.csrf)}
  ${submit(frame, 'accounts.twoFactor.start')}</form>`;
  } else if (status.state === 'pending') {
    body = html`<p class="kern-body">${t('accounts.twoFactor.statusPending')}</p>
<p class="kern-body"><a class="kern-link" href="/konto/zwei-faktor/einrichten">${t('accounts.twoFactor.continue')}</a></p>
<form method="post" action="/konto/zwei-faktor/einrichten">${hiddenCsrf(view.csrf)}
  ${submit(frame, 'accounts.twoFactor.restart', 'secondary')}</form>`;
  } else {
    body = html`<p class="kern-body">${t('accounts.twoFactor.statusOn', { date: formatDate(frame, status.since) })}</p>
<p class="kern-body">${t('accounts.twoFactor.recoveryLeft', { count: status.recoveryCodesLeft })}</p>
${status.recoveryCodesLeft <= 3 && html`<div class="kern-alert kern-alert--warning" role="status"><div class="kern-alert__body"><p class="kern-body">${t('accounts.twoFactor.recoveryLow')}</p></div></div>`}
<section class="section" aria-labelledby="renew-heading">
  <h2 class="kern-heading-medium" id="renew-heading">${t('accounts.twoFactor.renew.title')}</h2>
  <p class="kern-body">${t('accounts.twoFactor.renew.lead')}</p>
  <form class="finder" method="post" action="/konto/zwei-faktor/neue-codes" novalidate>${hiddenCsrf(view.csrf)}
    ${codeField(frame, { label: 'accounts.twoFactor.field.code', hint: 'accounts.twoFactor.field.codeHint', recovery: false, error: errorFor('renew') }, 'renew-code')}
    ${submit(frame, 'accounts.twoFactor.renew.submit', 'secondary')}
  </form>
</section>
<section class="section" aria-labelledby="disable-heading">
  <h2 class="kern-heading-medium" id="disable-heading">${t('accounts.twoFactor.disable.title')}</h2>
  <p class="kern-body">${t('accounts.twoFactor.disable.lead')}</p>
  <form class="finder" method="post" action="/konto/zwei-faktor/ausschalten" novalidate>${hiddenCsrf(view.csrf)}
    ${passwordField(frame, errorFor('disable') !== undefined)}
    ${codeField(frame, { label: 'accounts.twoFactor.field.codeOrRecovery', hint: 'accounts.twoFactor.field.codeOrRecoveryHint', recovery: true, error: errorFor('disable') })}
    ${submit(frame, 'accounts.twoFactor.disable.submit', 'secondary')}
  </form>
</section>`;
  }
  return layout(
    frame,
    titled(frame, 'accounts.twoFactor.title', error?.message),
    html`${summary}
<h1 class="kern-heading-large">${t('accounts.twoFactor.title')}</h1>
<p class="kern-body">${t('accounts.twoFactor.intro')}</p>
${body}
<p class="kern-body section"><a class="kern-link" href="/konto">${t('accounts.twoFactor.back')}</a></p>`,
  );
}

export type SetupView = { qr: SafeHtml; secret: string; csrf: string; error?: string };

export function setupPage(frame: PageFrame, view: SetupView): SafeHtml {
  const { t } = frame;
  return layout(
    frame,
    titled(frame, 'accounts.twoFactor.setup.title', view.error),
    html`${view.error ? errorSummary(t('accounts.error.summary'), [{ field: 'code', message: view.error }]) : ''}
<h1 class="kern-heading-large">${t('accounts.twoFactor.setup.title')}</h1>
<p class="kern-body">${t('accounts.twoFactor.setup.scan')}</p>
<p>${view.qr}</p>
<p class="kern-body">${t('accounts.twoFactor.setup.manual')}</p>
<p class="kern-body"><code class="totp-secret">${groupSecret(view.secret)}</code></p>
<p class="kern-body">${t('accounts.twoFactor.setup.enter')}</p>
<form class="finder" method="post" action="/konto/zwei-faktor/bestaetigen" novalidate>${hiddenCsrf(view.csrf)}
  ${codeField(frame, { label: 'accounts.twoFactor.field.code', hint: 'accounts.twoFactor.field.codeHint', recovery: false, error: view.error })}
  ${submit(frame, 'accounts.twoFactor.setup.submit')}
</form>
<p class="kern-body section"><a class="kern-link" href="/konto/zwei-faktor">${t('accounts.twoFactor.backToStatus')}</a></p>`,
  );
}

export function recoveryCodesPage(frame: PageFrame, codes: string[]): SafeHtml {
  const { t } = frame;
  return layout(
    frame,
    t('accounts.twoFactor.recovery.title'),
    html`<h1 class="kern-heading-large">${t('accounts.twoFactor.recovery.title')}</h1>
<p class="kern-body">${t('accounts.twoFactor.recovery.lead')}</p>
<div class="kern-alert kern-alert--warning" role="status"><div class="kern-alert__body"><p class="kern-body">${t('accounts.twoFactor.recovery.warning')}</p></div></div>
<ul class="kern-list recovery-codes">${codes.map((c) => html`<li><code class="recovery-code">${c}</code></li>`)}</ul>
<p class="kern-body"><a class="kern-link" href="/konto/zwei-faktor">${t('accounts.twoFactor.recovery.done')}</a></p>`,
  );
}

export type CodePageView = {
  title: MessageKey;
  lead: string;
  action: string;
  csrf: string;
  hidden: Record<string, string>;
  submit: MessageKey;
  error?: string;
};

/** Sign-in and step-up: one field for a TOTP or recovery code. */
export function codePage(frame: PageFrame, view: CodePageView): SafeHtml {
  const { t } = frame;
  return layout(
    frame,
    titled(frame, view.title, view.error),
    html`${view.error ? errorSummary(t('accounts.error.summary'), [{ field: 'code', message: view.error }]) : ''}
<h1 class="kern-heading-large">${t(view.title)}</h1>
<p class="kern-body">${view.lead}</p>
<form class="finder" method="post" action="${view.action}" novalidate>${hiddenCsrf(view.csrf)}
  ${Object.entries(view.hidden).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
  ${codeField(frame, { label: 'accounts.twoFactor.field.codeOrRecovery', hint: 'accounts.twoFactor.field.codeOrRecoveryHint', recovery: true, error: view.error })}
  ${submit(frame, view.submit)}
</form>`,
  );
}
