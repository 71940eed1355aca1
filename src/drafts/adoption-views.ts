// The question after signing in on a browser with drafts or reports made without an account.
import { html, type SafeHtml } from '../web/html.ts';
import { layout, type PageFrame } from '../web/layout.ts';

export function adoptionPage(
  frame: PageFrame,
  view: { drafts: number; applications: number; next: string; csrf: string },
): SafeHtml {
  const { t } = frame;
  const found = [
    view.drafts > 0 &&
      t(view.drafts === 1 ? 'drafts.adopt.oneDraft' : 'drafts.adopt.drafts', {
        n: String(view.drafts),
      }),
    view.applications > 0 &&
      t(view.applications === 1 ? 'drafts.adopt.oneSent' : 'drafts.adopt.sent', {
        n: String(view.applications),
      }),
  ]
    .filter((part): part is string => typeof part === 'string')
    .join(t('drafts.adopt.and'));
  const button = (value: string, label: string, kind: string) =>
    html`<form method="post" action="/konto/uebernehmen" class="adoption-choice">
  <input type="hidden" name="_csrf" value="${view.csrf}">
  <input type="hidden" name="weiter" value="${view.next}">
  <input type="hidden" name="entscheidung" value="${value}">
  <button class="kern-btn kern-btn--${kind}" type="submit"><span class="kern-label">${label}</span></button>
</form>`;
  return layout(
    frame,
    t('drafts.adopt.title'),
    html`<h1 class="kern-heading-large">${t('drafts.adopt.title')}</h1>
<p class="kern-body">${t('drafts.adopt.question', { found })}</p>
<p class="kern-body">${t('drafts.adopt.explain')}</p>
${button('uebernehmen', t('drafts.adopt.take'), 'primary')}
${button('verwerfen', t('drafts.adopt.leave'), 'secondary')}`,
  );
}
