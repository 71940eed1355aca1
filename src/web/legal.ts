import type { FastifyInstance } from 'fastify';
import { html, type SafeHtml } from './html.ts';
import type { MessageKey } from './i18n.ts';
import { layout, type PageFrame, pageFrame } from './layout.ts';

// Impressum, Datenschutz and Barrierefreiheit are required on every German public-sector site
// (DDG § 5, DSGVO Art. 13, BITV 2.0 § 7). Their texts name the county that runs the Verbund;
// the operator completes the parts only it can know (see web.imprint.operatorNote).

type Section = [heading: MessageKey, body: MessageKey];

const PAGES: Record<string, { title: MessageKey; intro?: MessageKey; sections: Section[] }> = {
  '/impressum': {
    title: 'web.imprint.title',
    sections: [['web.imprint.provider', 'web.imprint.providerBody']],
  },
  '/datenschutz': {
    title: 'web.privacy.title',
    sections: [
      ['web.privacy.controller', 'web.privacy.controllerBody'],
      ['web.privacy.data', 'web.privacy.dataBody'],
      ['web.privacy.cookies', 'web.privacy.cookiesBody'],
      ['web.privacy.rights', 'web.privacy.rightsBody'],
    ],
  },
  '/barrierefreiheit': {
    title: 'web.accessibility.title',
    intro: 'web.accessibility.goal',
    sections: [
      ['web.accessibility.status', 'web.accessibility.statusBody'],
      ['web.accessibility.feedback', 'web.accessibility.feedbackBody'],
    ],
  },
};

/** What the legal pages name: the Verbund and the county that runs it. */
export type LegalDirectory = {
  verbund: { name: string };
  county?:
    | {
        name: string;
        street: string | null;
        seat_postcode: string | null;
        seat_locality: string | null;
      }
    | undefined
    | null;
};

export function legalRoutes(app: FastifyInstance, directory: () => Promise<LegalDirectory>): void {
  for (const [path, page] of Object.entries(PAGES)) {
    app.get(path, async (request, reply) => {
      const dir = await directory();
      const frame = pageFrame(request.ctx, dir.verbund.name);
      const county = dir.county;
      const params = { county: county?.name ?? dir.verbund.name, verbund: dir.verbund.name };
      const { t } = frame;
      const address =
        path === '/impressum' && county
          ? html`<h2 class="kern-heading-medium">${t('web.imprint.address')}</h2>
<p class="kern-body">${county.name}<br>${county.street && html`${county.street}<br>`}${county.seat_postcode} ${county.seat_locality}</p>
<p class="kern-body kern-body--small">${t('web.imprint.operatorNote')}</p>`
          : html``;
      return reply.page(legalPage(frame, page, params, address));
    });
  }
}

function legalPage(
  frame: PageFrame,
  page: { title: MessageKey; intro?: MessageKey; sections: Section[] },
  params: Record<string, string>,
  extra: SafeHtml,
): SafeHtml {
  const { t } = frame;
  return layout(
    frame,
    t(page.title),
    html`<h1 class="kern-heading-large">${t(page.title)}</h1>
${page.intro && html`<p class="kern-body kern-body--large">${t(page.intro, params)}</p>`}
${page.sections.map(
  ([heading, body]) =>
    html`<h2 class="kern-heading-medium">${t(heading)}</h2><p class="kern-body">${t(body, params)}</p>`,
)}
${extra}`,
  );
}
