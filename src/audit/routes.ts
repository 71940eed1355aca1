// The auditors' page inside the back office (/verwaltung/pruefprotokoll), registered by
// src/app/web.ts. Other roles get 403, as the deliveries pages do for non-admins.
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { REFERENCE_PATTERN } from '../applications/reference.ts';
import type { BackofficePages } from '../backoffice/pages.ts';
import type { MessageKey } from '../web/i18n.ts';
import { messagePage } from '../web/layout.ts';
import type { AuditBrowser, AuditQuery } from './browse.ts';
import { AUDIT_HREF, type AuditForm, auditLogPage } from './views.ts';

const DAY = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const isDay = (v: string) => DAY.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const text = () => Type.Optional(Type.String({ maxLength: 100 }));

export function auditPages(browser: AuditBrowser, actions: readonly string[]): BackofficePages {
  return async (untyped, kit) => {
    const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      AUDIT_HREF,
      {
        preHandler: kit.active,
        schema: {
          querystring: Type.Object({
            von: text(),
            bis: text(),
            person: text(),
            aktion: text(),
            aktenzeichen: text(),
            vor: text(),
            pruefung: text(),
          }),
        },
      },
      async (request, reply) => {
        const s = kit.staffOf(request);
        const current = s.current;
        if (current?.role !== 'auditor') {
          const f = await kit.staffFrame(request, reply);
          return reply.page(
            messagePage(f, f.t('audit.forbidden.title'), [f.t('audit.forbidden')]),
            403,
          );
        }
        const raw = request.query;
        const form: AuditForm = {
          von: raw.von?.trim() ?? '',
          bis: raw.bis?.trim() ?? '',
          person: raw.person?.trim() ?? '',
          aktion: raw.aktion?.trim() ?? '',
          aktenzeichen: raw.aktenzeichen?.trim().toUpperCase() ?? '',
        };
        const errors: Record<string, MessageKey> = {};
        const query: AuditQuery = {};
        if (form.von !== '') {
          if (isDay(form.von)) query.fromDay = form.von;
          else errors.von = 'audit.filter.dayInvalid';
        }
        if (form.bis !== '') {
          if (isDay(form.bis)) query.untilDay = form.bis;
          else errors.bis = 'audit.filter.dayInvalid';
        }
        if (query.fromDay && query.untilDay && query.untilDay < query.fromDay) {
          errors.bis = 'audit.filter.rangeInvalid';
          delete query.untilDay;
        }
        if (form.person !== '') {
          if (UUID.test(form.person)) query.staffId = form.person.toLowerCase();
          else errors.person = 'audit.filter.staffInvalid';
        }
        if (form.aktion !== '') {
          if (actions.includes(form.aktion)) query.action = form.aktion;
          else errors.aktion = 'audit.filter.actionInvalid';
        }
        if (form.aktenzeichen !== '') {
          if (REFERENCE_PATTERN.test(form.aktenzeichen)) query.reference = form.aktenzeichen;
          else errors.aktenzeichen = 'audit.filter.referenceInvalid';
        }
        // A cursor is a link, not something typed: a broken one shows the newest page.
        const before = Number(raw.vor ?? '');
        if (Number.isSafeInteger(before) && before > 1) query.beforeSeq = before;
        if (raw.pruefung === 'vollstaendig') query.fullCheck = true;
        const page = await browser.page(
          {
            staffId: s.staffId,
            verbundId: s.verbundId,
            authorityId: current.authorityId,
            role: current.role,
          },
          query,
          request.ip,
        );
        const f = await kit.staffFrame(request, reply);
        const list = Object.entries(errors).map(([field, key]) => ({
          field,
          message: f.t(key),
        }));
        return reply.page(
          auditLogPage(f, {
            page,
            form,
            errors: list,
            paged: query.beforeSeq !== undefined,
          }),
          list.length > 0 ? 422 : 200,
        );
      },
    );
  };
}
