// The Verbund's own members (no authority) on one kind of page for each role: "Administration
// des Verbunds" (its admins) and "Prüfung des Verbunds" (its auditors, ADR 0046). Both list who
// holds the role with their access, lock and unlock it with a plain form per row, and invite by
// mail; only the texts and addresses differ.
import { formatDateTime, formatLongDate } from '../../web/format.ts';
import { html, type SafeHtml } from '../../web/html.ts';
import type { MessageKey } from '../../web/i18n.ts';
import { errorSummary } from '../../web/layout.ts';
import { type BackofficeFrame, staffLayout } from '../views.ts';
import type { VerbundMember, VerbundMemberRole } from './office.ts';
import { alert, type FieldError, type FieldInput, textField, titled } from './views.ts';

/** The Verbund's admins: the office's staff page. */
export const VERBUND_ADMINS_HREF = '/verwaltung/verbund/administration';
/** The Verbund's own auditors: invited here, they read the Verbund's Prüfprotokoll. */
export const VERBUND_AUDITORS_HREF = '/verwaltung/verbund/pruefende';

type MemberTexts = {
  title: MessageKey;
  lead: MessageKey;
  list: MessageKey;
  caption: MessageKey;
  none: MessageKey;
  invite: MessageKey;
  lockedDone: MessageKey;
};

export const MEMBER_PAGES = {
  verbund_admin: {
    href: VERBUND_ADMINS_HREF,
    tableId: 'administration',
    headingId: 'admins-heading',
    texts: {
      title: 'verbund.admins.title',
      lead: 'verbund.admins.lead',
      list: 'verbund.admins.list',
      caption: 'verbund.admins.caption',
      none: 'verbund.admins.none',
      invite: 'verbund.admins.invite',
      lockedDone: 'verbund.admins.lockedDone',
    },
  },
  auditor: {
    href: VERBUND_AUDITORS_HREF,
    tableId: 'pruefende',
    headingId: 'auditors-heading',
    texts: {
      title: 'verbund.auditors.title',
      lead: 'verbund.auditors.lead',
      list: 'verbund.auditors.list',
      caption: 'verbund.auditors.caption',
      none: 'verbund.auditors.none',
      invite: 'verbund.auditors.invite',
      lockedDone: 'verbund.auditors.lockedDone',
    },
  },
} as const satisfies Record<
  VerbundMemberRole,
  { href: string; tableId: string; headingId: string; texts: MemberTexts }
>;

export const memberLockHref = (role: VerbundMemberRole, staffId: string, locked: boolean) =>
  `${MEMBER_PAGES[role].href}/${staffId}/${locked ? 'sperren' : 'freigeben'}`;

export type VerbundMembersView = {
  members: VerbundMember[];
  /** After "Zugang sperren" or "… freigeben": whose and how it is now. */
  changed?: { name: string; locked: boolean };
  /** A lock refused (409), said why. */
  refused?: string;
  invite?: { email: string; displayName: string };
  invited?: { email: string; expiresAt: Date };
  errors: FieldError[];
};

export function verbundMembersPage(
  frame: BackofficeFrame,
  role: VerbundMemberRole,
  view: VerbundMembersView,
): SafeHtml {
  const { t, lang } = frame;
  const { href, tableId, headingId, texts } = MEMBER_PAGES[role];
  const field = (input: FieldInput) => textField(frame, view.errors, input);
  const action = (m: VerbundMember) =>
    m.self
      ? t('verbund.members.yourself')
      : html`<form method="post" action="${memberLockHref(role, m.staffId, !m.locked)}">
      <input type="hidden" name="_csrf" value="${frame.csrf}">
      <button class="kern-btn kern-btn--secondary" type="submit" aria-label="${t(m.locked ? 'verbund.members.unlockFor' : 'verbund.members.lockFor', { name: m.name })}"><span class="kern-label">${t(m.locked ? 'verbund.members.unlock' : 'verbund.members.lock')}</span></button>
    </form>`;
  return staffLayout(
    frame,
    titled(frame, t(texts.title), view.errors),
    html`${errorSummary(t('backoffice.error.summary'), view.errors)}
<h1 class="kern-heading-large">${t(texts.title)}</h1>
<p class="kern-body">${t(texts.lead)}</p>
${view.invited && alert('success', t('verbund.invite.done', { email: view.invited.email, until: formatDateTime(view.invited.expiresAt, lang) }))}
${view.changed && alert('success', t(view.changed.locked ? texts.lockedDone : 'verbund.members.unlockedDone', { name: view.changed.name }))}
${view.refused && alert('warning', view.refused)}
<section class="section" aria-labelledby="${headingId}">
  <h2 class="kern-heading-medium" id="${headingId}">${t(texts.list)}</h2>
  ${
    view.members.length === 0
      ? html`<p class="kern-body">${t(texts.none)}</p>`
      : html`<table class="kern-table" id="${tableId}">
  <caption class="kern-table__caption">${t(texts.caption)}</caption>
  <thead class="kern-table__header"><tr class="kern-table__row">
    <th class="kern-table__header" scope="col">${t('verbund.members.col.name')}</th>
    <th class="kern-table__header" scope="col">${t('verbund.members.col.email')}</th>
    <th class="kern-table__header" scope="col">${t('verbund.members.col.since')}</th>
    <th class="kern-table__header" scope="col">${t('verbund.members.col.status')}</th>
    <th class="kern-table__header" scope="col">${t('verbund.members.col.action')}</th>
  </tr></thead>
  <tbody class="kern-table__body">${view.members.map(
    (m) => html`<tr class="kern-table__row">
    <th class="kern-table__cell" scope="row">${m.name}</th>
    <td class="kern-table__cell">${m.email}</td>
    <td class="kern-table__cell">${formatLongDate(m.since, lang)}</td>
    <td class="kern-table__cell">${t(m.locked ? 'verbund.members.locked' : m.invited ? 'verbund.members.invited' : 'verbund.members.active')}</td>
    <td class="kern-table__cell">${action(m)}</td>
  </tr>`,
  )}</tbody>
</table>`
  }
</section>
<section class="section" aria-labelledby="invite-heading">
  <h2 class="kern-heading-medium" id="invite-heading">${t(texts.invite)}</h2>
  <form method="post" action="${href}" novalidate>
    <input type="hidden" name="_csrf" value="${frame.csrf}">
    ${field({ name: 'inviteEmail', label: 'verbund.invite.email', type: 'email', value: view.invite?.email ?? '', max: 254 })}
    ${field({ name: 'inviteName', label: 'verbund.invite.name', type: 'text', value: view.invite?.displayName ?? '', max: 200 })}
    <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('verbund.invite.submit')}</span></button>
  </form>
</section>`,
  );
}
