// The audit log of staff actions on personal data: who (staff id), when, what (an action
// name and the id of what it touched), from where (the client address). Never application
// content: no names, no answers, no notes; the id is enough to find the rest under RLS.

import type { Kysely } from 'kysely';
import { withWorker } from '../db/rls.ts';
import type { DB } from '../db/schema.ts';
import { type ChainedFields, entryHash, GENESIS_HASH } from './chain.ts';
import * as repo from './repository.ts';

export type AuditAction =
  | 'staff.signin'
  | 'staff.signin_failed'
  | 'staff.signout'
  | 'staff.totp_enabled'
  | 'staff.invited'
  | 'staff.authority_switched'
  | 'application.viewed'
  | 'application.status_changed'
  | 'attachment.downloaded'
  // The back-channel (src/api): calls of a receiving system's credential, staff_id null.
  | 'api.status_changed'
  | 'api.message_posted'
  | 'api.document_posted'
  | 'api.receipt_acknowledged'
  | 'api.call_refused'
  | 'api.fitconnect_callback'
  | 'api.credential_issued'
  | 'api.credential_revoked'
  | 'delivery.resent'
  | 'delivery.route_added'
  | 'delivery.route_removed'
  | 'delivery.route_tested'
  | 'receipt.downloaded'
  | 'note.added'
  | 'application.information_requested'
  | 'application.decision_sent'
  | 'application.assigned'
  | 'application.deadline_extended'
  | 'inbox.name_searched'
  | 'processing_period.changed'
  | 'audit.viewed'
  | 'staff.deactivated'
  | 'delivery.file_downloaded'
  | 'staff.reactivated'
  // An admin changed a member's role or a clerk's services (the subject is the staff member).
  | 'staff.role_changed'
  // A Verbund admin changed an authority's contact data or took it live (the authority's chain).
  | 'verbund.authority_updated'
  | 'verbund.authority_live'
  // A Verbund admin changed an online service's Verbund-wide settings or set up a new one for a
  // catalogue entry (the Verbund's chain; the subject is the online service).
  | 'verbund.service_changed'
  | 'verbund.service_created'
  // An authority's admin offered an online service, stopped offering it, or changed its own
  // texts of it (the authority's chain; the subject is the online service, fields the texts).
  | 'service.activated'
  | 'service.deactivated'
  | 'service.updated'
  // The Verbund's identity providers (BundID, OIDC), in the Verbund's chain; the subject is
  // the provider (its id stays in the log after removal).
  | 'identity.provider_added'
  | 'identity.provider_changed'
  | 'identity.provider_cert_added'
  | 'identity.provider_cert_removed'
  | 'identity.provider_removed';

export type AuditInput = {
  /** The authority the action belongs to; null: the Verbund's chain (verbundId). */
  authorityId: string | null;
  verbundId: string;
  staffId: string | null;
  action: AuditAction;
  subject?: { type: string; id: string };
  ip?: string | null;
  at: Date;
  /** The names of the changed fields (never their values); hashed with the entry. */
  fields?: readonly string[];
};

/**
 * Appends one entry inside the caller's transaction, so the entry exists exactly when what it
 * records was committed. The transaction acts as the authority (withAuthority) for an
 * authority's chain, or as app_worker for the Verbund's.
 */
export async function appendAudit(trx: Kysely<DB>, input: AuditInput): Promise<void> {
  const chainId = input.authorityId ?? input.verbundId;
  await repo.lockChain(trx, chainId);
  const last = await repo.lastOfChain(trx, chainId);
  const prevHash = last?.hash ?? GENESIS_HASH;
  const fields: ChainedFields = {
    chainId,
    seq: last === undefined ? 1 : Number(last.seq) + 1,
    authorityId: input.authorityId,
    staffId: input.staffId,
    action: input.action,
    subjectType: input.subject?.type ?? null,
    subjectId: input.subject?.id ?? null,
    ip: input.ip?.slice(0, 64) ?? null,
    // The database keeps microseconds, JavaScript milliseconds: hash what comes back.
    at: new Date(Math.floor(input.at.getTime())),
    ...(input.fields ? { fields: input.fields } : {}),
  };
  await repo.insertEntry(trx, { ...fields, prevHash, hash: entryHash(prevHash, fields) });
}

export type VerifyOutcome =
  | { ok: true; entries: number; chains: number }
  | {
      ok: false;
      entries: number;
      broken: { id: string; chainId: string; seq: number; reason: 'hash' | 'link' | 'gap' };
    };

type Broken = { id: string; chainId: string; seq: number; reason: 'hash' | 'link' | 'gap' };
type EntryRow = Awaited<ReturnType<typeof repo.entriesAfter>>[number];

/**
 * The check of one chain, fed its entries in order: recomputes each hash and names the first
 * entry that does not fit. Its own fields changed (hash), its predecessor changed or was
 * removed (link), or a sequence number is missing (gap). Shared by `cli audit:verify` (every
 * chain) and the auditors' page (their authority's chain), so both judge alike.
 */
function chainChecker(start?: { chainId: string; seq: number; hash: string }) {
  let chainId: string | null = start?.chainId ?? null;
  let prevHash = start?.hash ?? GENESIS_HASH;
  let prevSeq = start?.seq ?? 0;
  let chains = start === undefined ? 0 : 1;
  return {
    get chains() {
      return chains;
    },
    check(row: EntryRow): Broken | undefined {
      const seq = Number(row.seq);
      if (row.chain_id !== chainId) {
        chainId = row.chain_id;
        chains += 1;
        prevHash = GENESIS_HASH;
        prevSeq = 0;
      }
      const broken = (reason: Broken['reason']) => ({
        id: row.id,
        chainId: row.chain_id,
        seq,
        reason,
      });
      if (seq !== prevSeq + 1) return broken('gap');
      if (row.prev_hash !== prevHash) return broken('link');
      const fields: ChainedFields = {
        chainId: row.chain_id,
        seq,
        authorityId: row.authority_id,
        staffId: row.staff_id,
        action: row.action,
        subjectType: row.subject_type,
        subjectId: row.subject_id,
        ip: row.ip,
        at: row.at,
        fields: row.fields,
      };
      if (entryHash(prevHash, fields) !== row.hash) return broken('hash');
      prevHash = row.hash;
      prevSeq = seq;
      return undefined;
    },
  };
}

/**
 * Walks every chain from its first entry (see chainChecker) and records each chain's head as
 * fully checked, or the break, in audit_checkpoint. Runs as app_worker, which reads all
 * chains: `cli audit:verify` and the worker's daily job. Removing the newest entries of a
 * chain leaves a shorter valid chain: an external copy of the heads (a later issue) would
 * catch that.
 */
export async function verifyAudit(
  db: Kysely<DB>,
  pageSize = 1000,
  at: Date = new Date(),
): Promise<VerifyOutcome> {
  return withWorker(db, async (trx) => {
    const heads = new Map<string, { seq: number; hash: string }>();
    const outcome = await walk(
      (after) => repo.entriesAfter(trx, after, pageSize),
      undefined,
      (row) => heads.set(row.chain_id, { seq: Number(row.seq), hash: row.hash }),
    );
    if (!outcome.ok) {
      heads.delete(outcome.broken.chainId);
      const { chainId, ...broken } = outcome.broken;
      await repo.saveBreak(trx, { chainId, at, broken, genesisHash: GENESIS_HASH });
    }
    for (const [chainId, head] of heads) {
      await repo.saveCheckpoint(trx, { chainId, ...head, at, full: true });
    }
    return outcome;
  });
}

export type ChainCheck =
  | {
      ok: true;
      /** Entries in the chain. */
      entries: number;
      /** Of those, checked now: after the last checkpoint, or all on a full check. */
      checked: number;
      /** When the whole chain last verified from its first entry; null: never yet. */
      fullyCheckedAt: Date | null;
    }
  | Extract<VerifyOutcome, { ok: false }>;

/**
 * The check of one chain inside the caller's transaction (an authority's staff, under RLS,
 * read their own chain only): from its checkpoint on, unless `full`. The checkpoint's own
 * entry must still carry the hash recorded, so the entries after it still follow from what
 * was verified; what lies before is the full check's (daily, and on request). A break once
 * found is shown until a full check passes again.
 */
export async function verifyChain(
  trx: Kysely<DB>,
  chainId: string,
  options: { at: Date; full?: boolean; pageSize?: number },
): Promise<ChainCheck> {
  const { at, full = false, pageSize = 1000 } = options;
  const checkpoint = await repo.checkpointOf(trx, chainId);
  const fail = async (broken: Broken, entries: number): Promise<ChainCheck> => {
    const { chainId: _, ...rest } = broken;
    await repo.saveBreak(trx, { chainId, at, broken: rest, genesisHash: GENESIS_HASH });
    return { ok: false, entries, broken };
  };
  if (!full && checkpoint?.broken_seq != null) {
    const seq = Number(checkpoint.broken_seq);
    const reason = checkpoint.broken_reason ?? 'hash';
    return {
      ok: false,
      entries: seq - 1,
      broken: { id: checkpoint.broken_id ?? '', chainId, seq, reason },
    };
  }
  let start: { chainId: string; seq: number; hash: string } | undefined;
  if (!full && checkpoint !== undefined && Number(checkpoint.seq) > 0) {
    const seq = Number(checkpoint.seq);
    const entry = await repo.entryAt(trx, chainId, seq);
    if (entry === undefined) return fail({ id: '', chainId, seq, reason: 'gap' }, seq - 1);
    if (entry.hash !== checkpoint.hash) {
      return fail({ id: entry.id, chainId, seq, reason: 'hash' }, seq - 1);
    }
    start = { chainId, seq, hash: checkpoint.hash };
  }
  let head = start;
  const outcome = await walk(
    (after) =>
      repo.entriesAfter(trx, after ?? { chainId, seq: start?.seq ?? 0 }, pageSize, chainId),
    start,
    (row) => {
      head = { chainId, seq: Number(row.seq), hash: row.hash };
    },
  );
  const before = start?.seq ?? 0;
  if (!outcome.ok) return fail(outcome.broken, before + outcome.entries);
  if (head !== undefined && (full || head.seq !== before)) {
    await repo.saveCheckpoint(trx, { chainId, seq: head.seq, hash: head.hash, at, full });
  }
  return {
    ok: true,
    entries: before + outcome.entries,
    checked: outcome.entries,
    fullyCheckedAt: full ? at : (checkpoint?.fully_checked_at ?? null),
  };
}

async function walk(
  page: (after: { chainId: string; seq: number } | null) => Promise<EntryRow[]>,
  start?: { chainId: string; seq: number; hash: string },
  onEntry?: (row: EntryRow) => void,
): Promise<VerifyOutcome> {
  const checker = chainChecker(start);
  let after: { chainId: string; seq: number } | null = null;
  let entries = 0;
  for (;;) {
    const rows = await page(after);
    if (rows.length === 0) break;
    for (const row of rows) {
      const broken = checker.check(row);
      if (broken !== undefined) return { ok: false, entries, broken };
      onEntry?.(row);
      entries += 1;
      after = { chainId: row.chain_id, seq: Number(row.seq) };
    }
  }
  return { ok: true, entries, chains: checker.chains };
}
