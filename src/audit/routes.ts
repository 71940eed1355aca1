// The auditors' pages inside the back office, registered by src/app/web.ts: an authority's
// Prüfprotokoll (/verwaltung/pruefprotokoll) for its auditors, and the Verbund's own
// (/verwaltung/verbund/pruefprotokoll) for the Verbund's auditors (ADR 0046). One handler for
// both: the chain differs, the filters and checks do not. Other roles get 403, as the
// deliveries pages do for non-admins; a Verbund admin without the auditor membership too.
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { REFERENCE_PATTERN } from '../applications/reference.ts';
import type { BackofficeKit, BackofficePages } from '../backoffice/pages.ts';
import { isVerbundAuditor, type StaffSession } from '../backoffice/staff.ts';
import type { MessageKey } from '../web/i18n.ts';
import { messagePage } from '../web/layout.ts';
import type { AuditBrowser, AuditQuery, AuditReader } from './browse.ts';
import {
  AUTHORITY_CHAIN_PAGE,
  type AuditChainPage,
  type AuditForm,
  auditLogPage,
  VERBUND_CHAIN_PAGE,
} from './views.ts';

const DAY = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const isDay = (v: string) => DAY.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const text = () => Type.Optional(Type.String({ maxLength: 100 }));

/** A chain's page: which chain a session reads there (undefined: none, 403) and its texts. */
type ChainRoute = {
  page: AuditChainPage;
  readerOf: (s: StaffSession) => AuditReader | undefined;
  forbidden: MessageKey;
};

const AUTHORITY_CHAIN: ChainRoute = {
  page: AUTHORITY_CHAIN_PAGE,
  readerOf: (s) =>
    s.current?.role === 'auditor'
      ? {
          staffId: s.staffId,
          verbundId: s.verbundId,
          authorityId: s.current.authorityId,
          role: s.current.role,
        }
      : undefined,
  forbidden: 'audit.forbidden',
};

// The Verbund's admins write to this chain and do not read it: only the auditor membership
// of the Verbund opens it, whatever else the person holds.
const VERBUND_CHAIN: ChainRoute = {
  page: VERBUND_CHAIN_PAGE,
  readerOf: (s) =>
    isVerbundAuditor(s)
      ? { staffId: s.staffId, verbundId: s.verbundId, authorityId: null, role: 'auditor' }
      : undefined,
  forbidden: 'audit.verbund.forbidden',
};

export function auditPages(browser: AuditBrowser, actions: readonly string[]): BackofficePages {
  return async (untyped, kit) => {
    for (const chain of [AUTHORITY_CHAIN, VERBUND_CHAIN]) {
      chainPage(untyped, kit, browser, actions, chain);
    }
  };
}

function chainPage(
  untyped: FastifyInstance,
  kit: BackofficeKit,
  browser: AuditBrowser,
  actions: readonly string[],
  chain: ChainRoute,
) {
  const app = untyped.withTypeProvider<TypeBoxTypeProvider>();
  app.get(
    chain.page.href,
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
      const reader = chain.readerOf(kit.staffOf(request));
      if (reader === undefined) {
        const f = await kit.staffFrame(request, reply);
        return reply.page(
          messagePage(f, f.t('audit.forbidden.title'), [f.t(chain.forbidden)]),
          403,
        );
      }
      const raw = request.query;
      const form: AuditForm = {
        von: raw.von?.trim() ?? '',
        bis: raw.bis?.trim() ?? '',
        person: raw.person?.trim() ?? '',
        aktion: raw.aktion?.trim() ?? '',
        aktenzeichen: chain.page.byReference ? (raw.aktenzeichen?.trim().toUpperCase() ?? '') : '',
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
      const page = await browser.page(reader, query, request.ip);
      const f = await kit.staffFrame(request, reply);
      const list = Object.entries(errors).map(([field, key]) => ({
        field,
        message: f.t(key),
      }));
      return reply.page(
        auditLogPage(f, {
          chain: chain.page,
          page,
          form,
          errors: list,
          paged: query.beforeSeq !== undefined,
        }),
        list.length > 0 ? 422 : 200,
      );
    },
  );
}
