// Pages of single logout: the hand-over to the provider's end_session or SAML SingleLogoutService
// (a GET form, or a POST form for the SAML POST binding, submitted by auto-post.js, "Weiter"
// without JavaScript), "Sie sind abgemeldet", and the page for an answer that belongs to no
// sign-out in this browser. Every value is escaped by html``.
import { html, type SafeHtml } from '../web/html.ts';
import { layout, type PageFrame } from '../web/layout.ts';

/**
 * The form to the provider: the end_session or Redirect URL as a GET form (its query becomes
 * the form's fields), or a SAML POST-binding form with its fields.
 */
export type HandOverForm =
  | { method: 'get'; url: URL }
  | { method: 'post'; action: string; fields: Record<string, string> };

export function logoutHandOverPage(
  frame: PageFrame,
  providerName: string,
  form: HandOverForm,
): SafeHtml {
  const { t } = frame;
  const action = form.method === 'get' ? `${form.url.origin}${form.url.pathname}` : form.action;
  const fields = form.method === 'get' ? [...form.url.searchParams] : Object.entries(form.fields);
  const title = t('identity.logout.handOver.title', { provider: providerName });
  return layout(
    frame,
    title,
    html`<h1 class="kern-heading-large">${title}</h1>
<p class="kern-body">${t('identity.logout.handOver.lead', { provider: providerName })}</p>
<form method="${form.method}" action="${action}" data-auto-post>
${fields.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('identity.post.continue')}</span></button>
</form>
<script src="/assets/identity/auto-post.js" defer></script>`,
  );
}

export function signedOutPage(frame: PageFrame, providerUnreachable: boolean): SafeHtml {
  const { t } = frame;
  return layout(
    frame,
    t('identity.logout.done.title'),
    html`<h1 class="kern-heading-large">${t('identity.logout.done.title')}</h1>
<p class="kern-body">${t('identity.logout.done.lead')}</p>
${providerUnreachable && html`<div class="kern-alert kern-alert--warning" role="status"><div class="kern-alert__body"><p class="kern-body">${t('identity.logout.done.unreachable')}</p></div></div>`}
<p class="kern-body"><a class="kern-link" href="/konto/anmelden">${t('identity.logout.done.signInAgain')}</a></p>`,
  );
}

export function logoutMismatchPage(frame: PageFrame): SafeHtml {
  const { t } = frame;
  return layout(
    frame,
    t('identity.logout.mismatch.title'),
    html`<h1 class="kern-heading-large">${t('identity.logout.mismatch.title')}</h1>
<div class="kern-alert kern-alert--danger" role="alert"><div class="kern-alert__body">
<p class="kern-body">${t('identity.logout.mismatch.lead')}</p>
</div></div>
<p class="kern-body"><a class="kern-link" href="/konto">${t('web.nav.account')}</a></p>`,
  );
}
