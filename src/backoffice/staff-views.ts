// The pages of "Mitarbeitende": the list with the invitation form, one member's page (role,
// services, access) and the confirmation before locking, each a plain form (no JavaScript).
import type { StaffRole } from '../db/schema.ts';
import { formatDateTime } from '../web/format.ts';
import { html, type SafeHtml } from '../web/html.ts';
import type { MessageKey } from '../web/i18n.ts';
import { errorSummary, layout } from '../web/layout.ts';
import type { StaffMember } from './staff-admin.ts';
import { type BackofficeFrame, staffBar } from './views.ts';

type FieldError = { field: string; message: string };
type Service = { id: string; title: string };

export const STAFF_HREF = '/verwaltung/mitarbeitende';
export const memberHref = (id: string) => `${STAFF_HREF}/${id}`;

export type StaffPageView = {
  members: StaffMember[];
  services: Service[];
  roles: readonly StaffRole[];
  invited?: { email: string; expiresAt: Date };
  /** What the last step on a member's page did (after its redirect). */
  notice?: string;
  form?: { email: string; displayName: string; role: string; serviceIds: string[] };
  errors: FieldError[];
};

const titled = (frame: BackofficeFrame, title: string, errors: FieldError[]) =>
  errors.length > 0 ? `${frame.t('backoffice.error.summary')}: ${title}` : title;

const success = (text: string) =>
  html`<div class="kern-alert kern-alert--success" role="status"><div class="kern-alert__body"><p class="kern-body">${text}</p></div></div>`;

function roleSelect(
  frame: BackofficeFrame,
  roles: readonly StaffRole[],
  chosen: string | undefined,
) {
  const { t } = frame;
  return html`<div class="kern-form-input">
    <label class="kern-label" for="role">${t('backoffice.staff.role')}</label>
    <div class="kern-form-input__select-wrapper">
      <select class="kern-form-input__select" id="role" name="role">
        ${roles.map((r) => html`<option value="${r}"${chosen === r ? html` selected` : ''}>${t(`backoffice.role.${r}`)}</option>`)}
      </select>
    </div>
  </div>`;
}

/** The clerk's services as checkboxes; the first one carries the id the error summary links. */
function serviceChoice(
  frame: BackofficeFrame,
  services: Service[],
  chosen: string[],
  error: FieldError | undefined,
) {
  const { t } = frame;
  const picked = new Set(chosen);
  return html`<fieldset class="kern-fieldset${error ? ' kern-fieldset--error' : ''}" aria-describedby="services-hint${error ? ' services-error' : ''}">
    <legend class="kern-label">${t('backoffice.staff.serviceChoice')}</legend>
    <div class="kern-hint" id="services-hint">${t('backoffice.staff.serviceHint')}</div>
    ${error && html`<p class="kern-error" id="services-error">${error.message}</p>`}
    <div class="kern-fieldset__body">
      ${
        services.length === 0
          ? html`<p class="kern-body">${t('backoffice.staff.noServices')}</p>`
          : services.map(
              (svc, i) => html`<div class="kern-form-check">
        <input class="kern-form-check__checkbox" type="checkbox" id="${i === 0 ? 'services' : `services-${svc.id}`}" name="services" value="${svc.id}"${picked.has(svc.id) ? html` checked` : ''}>
        <label class="kern-label" for="${i === 0 ? 'services' : `services-${svc.id}`}">${svc.title}</label>
      </div>`,
            )
      }
    </div>
  </fieldset>`;
}

const servicesText = (frame: BackofficeFrame, m: StaffMember) =>
  m.services === null
    ? frame.t('backoffice.staff.allServices')
    : m.services.map((s) => s.title).join(', ');

/** The authority admin's page: who works here (and what they may), and the invitation form. */
export function staffPage(frame: BackofficeFrame, view: StaffPageView): SafeHtml {
  const { t, lang } = frame;
  const error = (field: string) => view.errors.find((e) => e.field === field);
  const input = (name: 'email' | 'displayName', label: MessageKey, type: string, value: string) => {
    const e = error(name);
    return html`<div class="kern-form-input${e ? ' kern-form-input--error' : ''}">
    <label class="kern-label" for="${name}">${t(label)}</label>
    ${e && html`<p class="kern-error" id="${name}-error">${e.message}</p>`}
    <input class="kern-form-input__input${e ? ' kern-form-input__input--error' : ''}" id="${name}" name="${name}" type="${type}" maxlength="254" spellcheck="false" autocomplete="off" value="${value}"${e ? html` aria-describedby="${name}-error" aria-invalid="true"` : ''}>
  </div>`;
  };
  return layout(
    frame,
    titled(frame, t('backoffice.staff.title'), view.errors),
    html`${staffBar(frame)}
${errorSummary(t('backoffice.error.summary'), view.errors)}
<h1 class="kern-heading-large">${t('backoffice.staff.title')}</h1>
${
  view.invited &&
  success(
    t('backoffice.staff.invited', {
      email: view.invited.email,
      until: formatDateTime(view.invited.expiresAt, lang),
    }),
  )
}
${view.notice && success(view.notice)}
<table class="kern-table">
  <caption class="kern-table__caption">${t('backoffice.staff.list')}</caption>
  <thead class="kern-table__header"><tr class="kern-table__row">
    <th class="kern-table__header" scope="col">${t('backoffice.staff.name')}</th>
    <th class="kern-table__header" scope="col">${t('backoffice.staff.role')}</th>
    <th class="kern-table__header" scope="col">${t('backoffice.staff.services')}</th>
    <th class="kern-table__header" scope="col">${t('backoffice.staff.access')}</th>
  </tr></thead>
  <tbody class="kern-table__body">${view.members.map(
    (m) =>
      html`<tr class="kern-table__row"><th class="kern-table__cell" scope="row"><a class="kern-link" href="${memberHref(m.id)}" aria-label="${t('backoffice.staff.open', { name: m.name })}">${m.name}</a>${m.self ? html` ${t('backoffice.staff.you')}` : ''}</th><td class="kern-table__cell">${t(`backoffice.role.${m.role}`)}</td><td class="kern-table__cell">${servicesText(frame, m)}</td><td class="kern-table__cell">${t(m.locked ? 'backoffice.staff.locked' : 'backoffice.staff.active')}</td></tr>`,
  )}</tbody>
</table>
<section class="section" aria-labelledby="invite-heading">
  <h2 class="kern-heading-medium" id="invite-heading">${t('backoffice.staff.inviteTitle')}</h2>
  <form method="post" action="${STAFF_HREF}" novalidate>
    <input type="hidden" name="_csrf" value="${frame.csrf}">
    ${input('email', 'accounts.field.email', 'email', view.form?.email ?? '')}
    ${input('displayName', 'backoffice.staff.name', 'text', view.form?.displayName ?? '')}
    ${roleSelect(frame, view.roles, view.form?.role)}
    ${serviceChoice(frame, view.services, view.form?.serviceIds ?? [], error('services'))}
    <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('backoffice.staff.inviteSubmit')}</span></button>
  </form>
</section>`,
  );
}

export type MemberPageView = {
  member: StaffMember;
  services: Service[];
  roles: readonly StaffRole[];
  authorityName: string;
  notice?: string;
  form?: { role: string; serviceIds: string[] };
  errors: FieldError[];
};

/** One member: role and services to change, and the access to lock or unlock. */
export function memberPage(frame: BackofficeFrame, view: MemberPageView): SafeHtml {
  const { t } = frame;
  const m = view.member;
  const error = (field: string) => view.errors.find((e) => e.field === field);
  const chosen = view.form?.serviceIds ?? m.services?.map((s) => s.id) ?? [];
  return layout(
    frame,
    titled(frame, m.name, view.errors),
    html`${staffBar(frame)}
${errorSummary(t('backoffice.error.summary'), view.errors)}
<p class="kern-body"><a class="kern-link" href="${STAFF_HREF}">${t('backoffice.staff.back')}</a></p>
<h1 class="kern-heading-large" id="member">${m.name}</h1>
${view.notice && success(view.notice)}
${
  m.self
    ? html`<p class="kern-body">${t('backoffice.staff.self')}</p>`
    : html`<section class="section" aria-labelledby="change-heading">
  <h2 class="kern-heading-medium" id="change-heading">${t('backoffice.staff.changeTitle')}</h2>
  <form method="post" action="${memberHref(m.id)}" novalidate>
    <input type="hidden" name="_csrf" value="${frame.csrf}">
    ${roleSelect(frame, view.roles, view.form?.role ?? m.role)}
    ${serviceChoice(frame, view.services, chosen, error('services'))}
    <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('backoffice.staff.changeSubmit')}</span></button>
  </form>
</section>
<section class="section" aria-labelledby="access-heading">
  <h2 class="kern-heading-medium" id="access-heading">${t('backoffice.staff.access')}</h2>
  ${
    m.locked
      ? html`<p class="kern-body">${t('backoffice.staff.lockedNote', { name: m.name, authority: view.authorityName })}</p>
  <form method="post" action="${memberHref(m.id)}/freigeben">
    <input type="hidden" name="_csrf" value="${frame.csrf}">
    <button class="kern-btn kern-btn--secondary" type="submit"><span class="kern-label">${t('backoffice.staff.unlock')}</span></button>
  </form>`
      : html`<p class="kern-body"><a class="kern-link" href="${memberHref(m.id)}/sperren">${t('backoffice.staff.lock')}</a></p>`
  }
</section>`
}`,
  );
}

/** The step before locking: says what happens and asks; a GET page, so no JavaScript. */
export function lockPage(
  frame: BackofficeFrame,
  view: { member: StaffMember; authorityName: string },
): SafeHtml {
  const { t } = frame;
  const m = view.member;
  const title = t('backoffice.staff.lockConfirm', { name: m.name });
  return layout(
    frame,
    title,
    html`${staffBar(frame)}
<h1 class="kern-heading-large">${title}</h1>
<p class="kern-body">${t('backoffice.staff.lockLead', { name: m.name, authority: view.authorityName })}</p>
<form method="post" action="${memberHref(m.id)}/sperren">
  <input type="hidden" name="_csrf" value="${frame.csrf}">
  <button class="kern-btn kern-btn--primary" type="submit"><span class="kern-label">${t('backoffice.staff.lockSubmit')}</span></button>
</form>
<p class="kern-body"><a class="kern-link" href="${memberHref(m.id)}">${t('backoffice.staff.cancel')}</a></p>`,
  );
}
