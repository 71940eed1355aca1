// Queries of the audit log. Only inserts and selects: the runtime roles have no other grant.
import { type Kysely, sql } from 'kysely';
import type { DB } from '../db/schema.ts';

/**
 * Serialises appends to one chain until the transaction ends: two requests that both read
 * the same last entry would otherwise fork the chain (the unique (chain_id, seq) would then
 * fail one of them, which is a lost audit entry, not a fork, but still an error).
 */
export async function lockChain(db: Kysely<DB>, chainId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`audit:${chainId}`}, 0))`.execute(db);
}

export function lastOfChain(db: Kysely<DB>, chainId: string) {
  return db
    .selectFrom('audit_entry')
    .select(['seq', 'hash'])
    .where('chain_id', '=', chainId)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertEntry(
  db: Kysely<DB>,
  row: {
    chainId: string;
    seq: number;
    authorityId: string | null;
    staffId: string | null;
    action: string;
    subjectType: string | null;
    subjectId: string | null;
    ip: string | null;
    at: Date;
    prevHash: string;
    hash: string;
  },
): Promise<void> {
  await db
    .insertInto('audit_entry')
    .values({
      chain_id: row.chainId,
      seq: row.seq,
      authority_id: row.authorityId,
      staff_id: row.staffId,
      action: row.action,
      subject_type: row.subjectType,
      subject_id: row.subjectId,
      ip: row.ip,
      at: row.at,
      prev_hash: row.prevHash,
      hash: row.hash,
    })
    .execute();
}

const ENTRY = [
  'id',
  'chain_id',
  'seq',
  'authority_id',
  'staff_id',
  'action',
  'subject_type',
  'subject_id',
  'ip',
  'at',
  'prev_hash',
  'hash',
] as const;

/** One page of all chains (or only `onlyChain`) in chain order, after (chainId, seq). */
export function entriesAfter(
  db: Kysely<DB>,
  after: { chainId: string; seq: number } | null,
  limit: number,
  onlyChain?: string,
) {
  let query = db.selectFrom('audit_entry').select(ENTRY);
  if (onlyChain !== undefined) query = query.where('chain_id', '=', onlyChain);
  if (after !== null) {
    query = query.where((eb) =>
      eb.or([
        eb('chain_id', '>', after.chainId),
        eb.and([eb('chain_id', '=', after.chainId), eb('seq', '>', String(after.seq) as never)]),
      ]),
    );
  }
  return query.orderBy('chain_id').orderBy('seq').limit(limit).execute();
}

/** The newest entries of one chain (an authority's, as its staff see it). */
export function latestOfChain(db: Kysely<DB>, chainId: string, limit: number) {
  return db
    .selectFrom('audit_entry')
    .select(ENTRY)
    .where('chain_id', '=', chainId)
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
}

export type EntryFilter = {
  /** Calendar days (YYYY-MM-DD) in German time, both included. */
  fromDay?: string;
  untilDay?: string;
  staffId?: string;
  action?: string;
  subject?: { type: string; id: string };
  /** Keyset: entries older than this sequence number. */
  beforeSeq?: number;
};

/** A page of one chain, newest first, filtered; uses the unique (chain_id, seq) index. */
export function searchChain(db: Kysely<DB>, chainId: string, filter: EntryFilter, limit: number) {
  let query = db.selectFrom('audit_entry').select(ENTRY).where('chain_id', '=', chainId);
  // A day as an auditor means it: midnight to midnight in Germany, not in UTC.
  if (filter.fromDay !== undefined)
    query = query.where(
      'at',
      '>=',
      sql<Date>`(${filter.fromDay}::date::timestamp at time zone 'Europe/Berlin')`,
    );
  if (filter.untilDay !== undefined)
    query = query.where(
      'at',
      '<',
      sql<Date>`((${filter.untilDay}::date + 1)::timestamp at time zone 'Europe/Berlin')`,
    );
  if (filter.staffId !== undefined) query = query.where('staff_id', '=', filter.staffId);
  if (filter.action !== undefined) query = query.where('action', '=', filter.action);
  if (filter.subject !== undefined) {
    query = query
      .where('subject_type', '=', filter.subject.type)
      .where('subject_id', '=', filter.subject.id);
  }
  if (filter.beforeSeq !== undefined)
    query = query.where('seq', '<', String(filter.beforeSeq) as never);
  return query.orderBy('seq', 'desc').limit(limit).execute();
}
