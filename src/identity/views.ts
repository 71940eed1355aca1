// Pages of federated sign-in: the provider buttons beside password sign-in, the step-up offer,
// the POST-binding hand-over (auto-submitted by script, a visible "Weiter" button without it),
// the first-sign-in choice, linking, and the refusal page. Every value is escaped by html``.
import type { TrustLevel } from '../db/schema.ts';
import { html, type SafeHtml } from '../web/html.ts';
import type { MessageKey } from '../web/i18n.ts';
import { layout, type PageFrame } from '../web/layout.ts';
import type { FederationRefusal } from './errors.ts';
import type { ProviderSummary } from './service.ts';

export const levelName = (frame: PageFrame, level: TrustLevel) =>
  frame.t(`identity.level.${level}` as MessageKey);

export const startHref = (slug: string, level: TrustLevel, next: string) =>
  `/anmelden/nutzerkonto/${encodeURIComponent(slug)}?niveau=${level}&weiter=${encodeURIComponent(next)}`;

/** "Mit BundID anmelden": shown on the sign-in page above the password form. */
export function signInOptions(
  frame: PageFrame,
  providers: ProviderSummary[],
  next: string,
): SafeHtml {
  if (providers.length === 0) return html``;
  const { t } = frame;
  return html`<section class="federated-sign-in" aria-labelledby="federated-heading">
<h2 class="kern-heading-medium" id="federated-heading">${t('identity.signIn.heading')}</h2>
<p class="kern-body">${t('identity.signIn.lead')}</p>
<ul class="kern-list">${providers.map((p) => {
    // At least substantial where the provider can: what most services behind it need; the
    // IdP may deliver more (Comparison="minimum").
    const level = p.levels.includes('substantial') ? 'substantial' : (p.levels.at(-1) ?? 'basic');
    return html`<li><a class="kern-btn kern-btn--secondary" href="${startHref(p.slug, level, next)}"><span class="kern-label">${t('identity.signIn.with', { provider: p.displayName })}</span></a></li>`;
  })}</ul>
<p class="kern-body">${t('identity.signIn.or')}</p>
</section>`;
}

/**
 * Before a form starts and when the session is too low: which level the service needs and how
 * to reach it (issue 13, item 5).
 */
export function levelNotice(
  frame: PageFrame,
  level: TrustLevel,
  provider: ProviderSummary | undefined,
  next: string,
): SafeHtml {
  const { t } = frame;
  if (provider === undefined)
    return html`<div class="kern-alert kern-alert--warning" role="status"><div class="kern-alert__body"><p class="kern-body">${t('identity.stepUp.none')}</p></div></div>`;
  const names = { level: levelName(frame, level), provider: provider.displayName };
  return html`<div class="kern-alert kern-alert--info level-notice"><div class="kern-alert__body">
<p class="kern-body"><strong>${t('identity.stepUp.needs', names)}</strong></p>
<p class="kern-body">${t('identity.stepUp.how', names)}</p>
<p class="kern-body"><a class="kern-btn kern-btn--primary" href="${startHref(provider.slug, level, next)}"><span class="kern-label">${t('identity.stepUp.start', names)}</span></a></p>
</div></div>`;
}

/**
 * The SAML HTTP-POST binding: a form to the IdP. A script submits it once on arrival; a
 * browser without JavaScript shows "Weiter". Coming back here with the back button does not
 * submit again (auto-post.js), so the back button never loops.
 */
export function postPage(
  frame: PageFrame,
  providerName: string,
  action: string,
  fields: Record<string, string>,
): SafeHtml {
  const { t } = frame;
  return layout(
    frame,
    t('identity.post.title', { provider: providerName }),
    html`<h1 class="kern-heading-large">${t('identity.post.title', { provider: providerName })}</h1>
<p class="kern-body">${t('identity.post.lead', { provider: providerName })}</p>
<form method="post" action="${action}" data-auto-post>
${Object.entries(fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('identity.post.continue')}</span></button>
</form>
<p class="kern-body"><a class="kern-link" href="/konto/anmelden">${t('identity.post.back')}</a></p>
<script src="/assets/identity/auto-post.js" defer></script>`,
  );
}

export function choosePage(
  frame: PageFrame,
  view: { provider: string; hasEmail: boolean; emailTaken: boolean; csrf: string },
): SafeHtml {
  const { t } = frame;
  const p = { provider: view.provider };
  const linkHref = `/konto/anmelden?weiter=${encodeURIComponent('/konto/nutzerkonto/verknuepfen')}`;
  return layout(
    frame,
    t('identity.choose.title', p),
    html`<h1 class="kern-heading-large">${t('identity.choose.title', p)}</h1>
${view.emailTaken && html`<div class="kern-alert kern-alert--warning" role="alert"><div class="kern-alert__body"><p class="kern-body">${t('identity.choose.emailTaken', p)}</p></div></div>`}
<p class="kern-body">${t('identity.choose.lead', p)}</p>
<h2 class="kern-heading-medium">${t('identity.choose.create')}</h2>
${
  view.hasEmail && !view.emailTaken
    ? html`<p class="kern-body">${t('identity.choose.createHint', p)}</p>
<form method="post" action="/konto/nutzerkonto/neu">
<input type="hidden" name="_csrf" value="${view.csrf}">
<button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('identity.choose.create')}</span></button>
</form>`
    : html`<p class="kern-body">${view.emailTaken ? t('identity.choose.emailTaken', p) : t('identity.choose.noEmail', p)}</p>`
}
<h2 class="kern-heading-medium">${t('identity.choose.link')}</h2>
<p class="kern-body">${t('identity.choose.linkHint', p)}</p>
<p class="kern-body"><a class="kern-btn kern-btn--secondary" href="${linkHref}"><span class="kern-label">${t('identity.choose.link')}</span></a></p>`,
  );
}

export function linkPage(
  frame: PageFrame,
  view: { provider: string; email: string; csrf: string },
): SafeHtml {
  const { t } = frame;
  const p = { provider: view.provider, email: view.email };
  return layout(
    frame,
    t('identity.link.title', p),
    html`<h1 class="kern-heading-large">${t('identity.link.title', p)}</h1>
<p class="kern-body">${t('identity.link.lead', p)}</p>
<form method="post" action="/konto/nutzerkonto/verknuepfen">
<input type="hidden" name="_csrf" value="${view.csrf}">
<button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('identity.link.submit')}</span></button>
</form>`,
  );
}

const SPECIFIC: Partial<Record<FederationRefusal, MessageKey>> = {
  unknown_provider: 'identity.refused.unknown_provider',
  unknown_state: 'identity.refused.unknown_state',
  replay: 'identity.refused.replay',
  level_too_low: 'identity.refused.level_too_low',
  attribute_missing: 'identity.refused.attribute_missing',
  pending_expired: 'identity.refused.pending_expired',
};

export function refusedPage(frame: PageFrame, reason: FederationRefusal): SafeHtml {
  const { t } = frame;
  return layout(
    frame,
    t('identity.refused.title'),
    html`<h1 class="kern-heading-large">${t('identity.refused.title')}</h1>
<div class="kern-alert kern-alert--danger" role="alert"><div class="kern-alert__body">
<p class="kern-body">${t(SPECIFIC[reason] ?? 'identity.refused.invalid')}</p>
<p class="kern-body">${t('identity.refused.lead')}</p>
</div></div>
<p class="kern-body"><a class="kern-link" href="/konto/anmelden">${t('identity.refused.retry')}</a></p>`,
  );
}

const LEVEL_OPTIONS: TrustLevel[] = ['basic', 'low', 'substantial', 'high'];

/** The built-in test IdP's sign-in page (development only, clearly marked). */
export function testIdpPage(
  frame: PageFrame,
  view: { requested: TrustLevel; personName: string; samlRequest: string; relayState: string },
): SafeHtml {
  const { t } = frame;
  return layout(
    frame,
    t('identity.testIdp.title'),
    html`<h1 class="kern-heading-large">${t('identity.testIdp.title')}</h1>
<div class="kern-alert kern-alert--warning" role="status"><div class="kern-alert__body"><p class="kern-body">${t('identity.testIdp.lead')}</p></div></div>
<p class="kern-body">${t('identity.testIdp.requested', { level: levelName(frame, view.requested) })}</p>
<p class="kern-body">${t('identity.testIdp.person', { name: view.personName })}</p>
<form method="post" action="/test-idp/antwort">
<input type="hidden" name="SAMLRequest" value="${view.samlRequest}">
<input type="hidden" name="RelayState" value="${view.relayState}">
<fieldset class="kern-fieldset"><legend class="kern-label">${t('identity.testIdp.level')}</legend>
<div class="kern-fieldset__body">${LEVEL_OPTIONS.map(
      (level, i) =>
        html`<div class="kern-form-check"><input class="kern-form-check__input" type="radio" name="level" id="level-${level}" value="${i + 1}" ${level === view.requested ? 'checked' : ''}><label class="kern-label" for="level-${level}">${levelName(frame, level)} (STORK-QAA-Level-${i + 1})</label></div>`,
    )}</div></fieldset>
<button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('identity.testIdp.submit')}</span></button>
</form>`,
  );
}
