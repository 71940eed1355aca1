// The auditors' view of one audit chain ("Prüfprotokoll"): their authority's, or the
// Verbund's own for the Verbund's auditors (ADR 0046). Filtered pages, newest first, with
// keyset pagination, and whether the chain still verifies. Only the role `auditor` of that
// chain reads it, and every reading is itself an entry in the same chain. Entries hold ids,
// never application content; the page shows staff names and, for applications, their reference.
import type { Kysely, Transaction } from 'kysely';
import { withAuthority, withVerbundAudit } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import { NotFoundError } from '../errors.ts';
import { isUuid } from '../uuid.ts';
import * as repo from './repository.ts';
import { type AuditAction, appendAudit, type ChainCheck, verifyChain } from './service.ts';

export const AUDIT_PAGE_SIZE = 50;

export type AuditReader = {
  staffId: string;
  verbundId: string;
  /** The chain read: the authority's; null: the Verbund's own (as in AuditInput). */
  authorityId: string | null;
  /** The reader's role in that chain's authority, or in the Verbund. */
  role: string;
};

export type AuditQuery = {
  /** YYYY-MM-DD, German time, both included. */
  fromDay?: string;
  untilDay?: string;
  staffId?: string;
  action?: string;
  /** An application reference number (Aktenzeichen); an authority's chain only. */
  reference?: string;
  beforeSeq?: number;
  /** "Gesamte Kette prüfen": the whole chain from its first entry, not only what is new. */
  fullCheck?: boolean;
};

export type AuditBrowserDeps = {
  db: Kysely<DB>;
  /** The application's id for a reference number, read as the authority (composition root). */
  applicationIdOf: (trx: Kysely<DB>, reference: string) => Promise<string | undefined>;
  /** Reference numbers of these application ids, read as the authority. */
  referencesOf: (trx: Kysely<DB>, ids: string[]) => Promise<Map<string, string>>;
  /** The authority's staff (ids and display names), read as the authority. */
  staffOf: (trx: Kysely<DB>, authorityId: string) => Promise<{ id: string; name: string }[]>;
  now?: () => Date;
};

export type AuditPage = {
  entries: {
    seq: number;
    at: Date;
    action: string;
    staffName: string | null;
    subjectType: string | null;
    /** The reference number for an application, else the id. */
    subjectLabel: string | null;
    ip: string | null;
  }[];
  staff: { id: string; name: string }[];
  actions: readonly string[];
  verified: ChainCheck;
  /** The cursor of the next (older) page; undefined on the last. */
  nextBefore?: number;
};

// Keyed by every action, so a new AuditAction that is missing here fails type-checking.
const ACTIONS: Record<AuditAction, true> = {
  'staff.signin': true,
  'staff.signin_failed': true,
  'staff.signout': true,
  'staff.totp_enabled': true,
  'staff.invited': true,
  'staff.deactivated': true,
  'staff.reactivated': true,
  'staff.role_changed': true,
  'staff.authority_switched': true,
  'application.viewed': true,
  'application.status_changed': true,
  'application.information_requested': true,
  'application.decision_sent': true,
  'application.assigned': true,
  'application.deadline_extended': true,
  'attachment.downloaded': true,
  'receipt.downloaded': true,
  'note.added': true,
  'inbox.name_searched': true,
  'processing_period.changed': true,
  'delivery.resent': true,
  'delivery.file_downloaded': true,
  'delivery.route_added': true,
  'delivery.route_removed': true,
  'delivery.route_tested': true,
  'api.status_changed': true,
  'api.message_posted': true,
  'api.document_posted': true,
  'api.receipt_acknowledged': true,
  'api.call_refused': true,
  'api.fitconnect_callback': true,
  'api.credential_issued': true,
  'api.credential_revoked': true,
  'audit.viewed': true,
  'verbund.authority_updated': true,
  'verbund.authority_live': true,
  'verbund.service_changed': true,
  'verbund.service_created': true,
  'service.activated': true,
  'service.deactivated': true,
  'service.updated': true,
  'identity.provider_added': true,
  'identity.provider_changed': true,
  'identity.provider_cert_added': true,
  'identity.provider_cert_removed': true,
  'identity.provider_removed': true,
};

/** Every action the log knows, for the filter's choice. */
export const AUDIT_ACTIONS = Object.keys(ACTIONS) as readonly AuditAction[];

export function createAuditBrowser(deps: AuditBrowserDeps) {
  const now = deps.now ?? (() => new Date());

  /** The chain's own context: the authority's, or the Verbund auditors' (not the office's). */
  function inChain<T>(reader: AuditReader, fn: (trx: Transaction<DB>) => Promise<T>) {
    return reader.authorityId === null
      ? withVerbundAudit(deps.db, reader.verbundId, fn)
      : withAuthority(deps.db, reader.authorityId, fn);
  }

  /** One page for an auditor; NotFoundError for every other role (the page does not exist). */
  async function page(
    reader: AuditReader,
    query: AuditQuery,
    ip: string | null,
  ): Promise<AuditPage> {
    const chainId = reader.authorityId ?? reader.verbundId;
    if (reader.role !== 'auditor') throw new NotFoundError('audit', chainId);
    const { authorityId } = reader;
    return inChain(reader, async (trx) => {
      // Recorded before reading: the entry is in the chain the auditor is about to check.
      await appendAudit(trx, {
        authorityId,
        verbundId: reader.verbundId,
        staffId: reader.staffId,
        action: 'audit.viewed',
        ip,
        at: now(),
      });
      // The Verbund's chain: whoever appears in it (its admins, sign-ins outside authorities).
      const staff =
        authorityId === null
          ? (await repo.staffInChain(trx, chainId)).map((r) => ({ id: r.id, name: r.display_name }))
          : await deps.staffOf(trx, authorityId);
      const names = new Map(staff.map((s) => [s.id, s.name]));
      let subject: { type: string; id: string } | undefined;
      if (query.reference !== undefined && authorityId !== null) {
        // An unknown reference matches nothing rather than everything.
        const id = await deps.applicationIdOf(trx, query.reference);
        subject = { type: 'application', id: id ?? '-' };
      }
      const rows = await repo.searchChain(
        trx,
        chainId,
        {
          ...(query.fromDay && { fromDay: query.fromDay }),
          ...(query.untilDay && { untilDay: query.untilDay }),
          ...(query.staffId !== undefined && isUuid(query.staffId) && { staffId: query.staffId }),
          ...(query.action !== undefined && { action: query.action }),
          ...(subject && { subject }),
          ...(query.beforeSeq !== undefined && { beforeSeq: query.beforeSeq }),
        },
        AUDIT_PAGE_SIZE + 1,
      );
      const shown = rows.slice(0, AUDIT_PAGE_SIZE);
      const applicationIds = shown
        .filter((r) => r.subject_type === 'application' && r.subject_id !== null)
        .map((r) => r.subject_id as string)
        .filter(isUuid);
      const references =
        applicationIds.length === 0 || authorityId === null
          ? new Map<string, string>()
          : await deps.referencesOf(trx, [...new Set(applicationIds)]);
      const verified = await verifyChain(trx, chainId, {
        at: now(),
        full: query.fullCheck === true,
      });
      const last = shown.at(-1);
      return {
        entries: shown.map((r) => ({
          seq: Number(r.seq),
          at: r.at,
          action: r.action,
          staffName: r.staff_id === null ? null : (names.get(r.staff_id) ?? null),
          subjectType: r.subject_type,
          subjectLabel:
            r.subject_id === null ? null : (references.get(r.subject_id) ?? r.subject_id),
          ip: r.ip,
        })),
        staff,
        actions: AUDIT_ACTIONS,
        verified,
        ...(rows.length > AUDIT_PAGE_SIZE &&
          last !== undefined && { nextBefore: Number(last.seq) }),
      };
    });
  }

  return { page };
}

export type AuditBrowser = ReturnType<typeof createAuditBrowser>;
