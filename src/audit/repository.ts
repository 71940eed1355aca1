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
    fields?: readonly string[] | null | undefined;
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
      fields: row.fields ? [...row.fields] : null,
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
  'fields',
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

/** Ids and names of the staff who appear in the chain, once each (the Verbund's filter). */
export function staffInChain(db: Kysely<DB>, chainId: string) {
  return db
    .selectFrom('staff as s')
    .select(['s.id', 's.display_name'])
    .where('s.id', 'in', (eb) =>
      eb
        .selectFrom('audit_entry as e')
        .select('e.staff_id')
        .where('e.chain_id', '=', chainId)
        .where('e.staff_id', 'is not', null),
    )
    .orderBy('s.display_name')
    .execute();
}

/** One entry of a chain by position (the checkpoint's entry, to see it is still the same). */
export function entryAt(db: Kysely<DB>, chainId: string, seq: number) {
  return db
    .selectFrom('audit_entry')
    .select(['id', 'hash'])
    .where('chain_id', '=', chainId)
    .where('seq', '=', String(seq) as never)
    .executeTakeFirst();
}

export function checkpointOf(db: Kysely<DB>, chainId: string) {
  return db
    .selectFrom('audit_checkpoint')
    .selectAll()
    .where('chain_id', '=', chainId)
    .executeTakeFirst();
}

/**
 * Records how far the chain verified. A full walk from the first entry also records its time
 * and clears a break found before (the chain was restored); an incremental one never sees
 * what lies before its checkpoint, so it clears nothing.
 */
export async function saveCheckpoint(
  db: Kysely<DB>,
  c: { chainId: string; seq: number; hash: string; at: Date; full: boolean },
): Promise<void> {
  const full = c.full
    ? { fully_checked_at: c.at, broken_id: null, broken_seq: null, broken_reason: null }
    : {};
  await db
    .insertInto('audit_checkpoint')
    .values({ chain_id: c.chainId, seq: c.seq, hash: c.hash, checked_at: c.at, ...full })
    .onConflict((oc) =>
      oc.column('chain_id').doUpdateSet({ seq: c.seq, hash: c.hash, checked_at: c.at, ...full }),
    )
    .execute();
}

/** Records a break: it stays shown until a full walk passes again. */
export async function saveBreak(
  db: Kysely<DB>,
  c: {
    chainId: string;
    at: Date;
    broken: { id: string; seq: number; reason: 'hash' | 'link' | 'gap' };
    /** For a chain without checkpoint yet: nothing verified. */
    genesisHash: string;
  },
): Promise<void> {
  const broken = {
    checked_at: c.at,
    broken_id: c.broken.id === '' ? null : String(c.broken.id),
    broken_seq: c.broken.seq,
    broken_reason: c.broken.reason,
  };
  await db
    .insertInto('audit_checkpoint')
    .values({ chain_id: c.chainId, seq: 0, hash: c.genesisHash, ...broken })
    .onConflict((oc) => oc.column('chain_id').doUpdateSet(broken))
    .execute();
}
