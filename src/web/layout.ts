import type { RequestContext } from './context.ts';
import { html, type SafeHtml } from './html.ts';
import type { Language, Translate } from './i18n.ts';
import './messages.ts';

/** What every page needs to draw the frame around its content. */
export type PageFrame = {
  lang: Language;
  t: Translate;
  /** Current path and query, so the language switch returns to the same page. */
  path: string;
  verbundName: string;
  signedIn?: boolean;
  /** Unread Postfach messages of the signed-in citizen: "Postfach (2)" in the header. */
  unread?: number;
};

export function pageFrame(ctx: RequestContext, verbundName: string): PageFrame {
  return {
    lang: ctx.lang,
    t: ctx.t,
    path: ctx.returnTo,
    verbundName,
    signedIn: ctx.signedIn,
    unread: ctx.unread,
  };
}

export function layout(frame: PageFrame, title: string, body: SafeHtml): SafeHtml {
  const { t, lang } = frame;
  const other = t('web.language.otherCode');
  const switchHref = `/sprache/${other}?zurueck=${encodeURIComponent(frame.path)}`;
  return html`<!doctype html>
<html lang="${lang}" data-kern-theme="light">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} – ${frame.verbundName}</title>
<link rel="stylesheet" href="/assets/kern/fonts/fira-sans.css">
<link rel="stylesheet" href="/assets/kern/kern.min.css">
<link rel="stylesheet" href="/assets/site.css">
</head>
<body>
<a class="skip-link" href="#inhalt">${t('web.skipLink')}</a>
<header class="site-header">
  <div class="kern-container site-header__inner">
    <a class="site-header__brand" href="/" aria-label="${t('web.header.home', { verbund: frame.verbundName })}">${frame.verbundName}</a>
    <div class="site-header__tools">
      <a class="kern-link" href="/leistungen">${t('web.header.services')}</a>
      ${frame.signedIn && html`<a class="kern-link" href="/antraege">${t('web.nav.applications')}</a>`}
      ${frame.signedIn && html`<a class="kern-link" href="/postfach"><span>${t('web.nav.inbox')}${frame.unread ? html` (${frame.unread}<span class="kern-sr-only"> ${t('web.nav.unread')}</span>)` : ''}</span></a>`}
      <a class="kern-link" href="${frame.signedIn ? '/konto' : '/konto/anmelden'}">${t(frame.signedIn ? 'web.nav.account' : 'web.nav.signIn')}</a>
      <nav aria-label="${t('web.language.label')}">
        <a class="kern-link" href="${switchHref}" lang="${other}" hreflang="${other}">${t('web.language.other')}</a>
      </nav>
    </div>
  </div>
</header>
<main id="inhalt" tabindex="-1">
  <div class="kern-container site-main">
${body}
  </div>
</main>
<footer class="site-footer">
  <div class="kern-container">
    <nav aria-label="${t('web.footer.label')}">
      <ul class="kern-list kern-list--horizontal">
        <li><a class="kern-link" href="/impressum">${t('web.footer.imprint')}</a></li>
        <li><a class="kern-link" href="/datenschutz">${t('web.footer.privacy')}</a></li>
        <li><a class="kern-link" href="/barrierefreiheit">${t('web.footer.accessibility')}</a></li>
        <li><a class="kern-link" href="/verwaltung/anmelden">${t('web.footer.staff')}</a></li>
      </ul>
    </nav>
    <p class="kern-body kern-body--small">${t('web.footer.operator', { verbund: frame.verbundName })}</p>
  </div>
</footer>
</body>
</html>`;
}

/** GOV.UK/KERN error summary: focusable, announced, each message links to its field. */
export function errorSummary(
  title: string,
  errors: { field: string; message: string }[],
): SafeHtml {
  if (errors.length === 0) return html``;
  return html`<div class="kern-alert kern-alert--danger error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
  <div class="kern-alert__header"><h2 class="kern-title" id="error-summary-title">${title}</h2></div>
  <div class="kern-alert__body"><ul class="kern-list">${errors.map(
    (e) => html`<li><a class="kern-link" href="#${e.field}">${e.message}</a></li>`,
  )}</ul></div>
</div>`;
}

/** A simple page: heading plus paragraphs, for error and information pages. */
export function messagePage(
  frame: PageFrame,
  title: string,
  paragraphs: (string | SafeHtml)[],
): SafeHtml {
  return layout(
    frame,
    title,
    html`<h1 class="kern-heading-large">${title}</h1>${paragraphs.map((p) => html`<p class="kern-body">${p}</p>`)}`,
  );
}
