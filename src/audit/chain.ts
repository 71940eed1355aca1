// The hash chain of the audit log: each entry's hash covers the hash before it in its chain
// and the entry itself in a canonical form, so changing, inserting or removing an entry in
// the middle breaks every hash after it. What is hashed is fixed here and versioned: a new
// field needs a new version tag, or every old entry would suddenly fail verification.
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export type ChainedFields = {
  chainId: string;
  seq: number;
  authorityId: string | null;
  staffId: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  ip: string | null;
  at: Date;
  /**
   * The names of what an action changed (never values), e.g. a provider's fields; null or
   * absent on entries without them, which keep version 1 and so their old hashes.
   */
  fields?: readonly string[] | null;
};

/** A JSON array in a fixed order: no field can be crafted to read as another. */
export function canonicalEntry(e: ChainedFields): string {
  const v1 = [
    'rathausnetz/audit/1',
    e.chainId,
    e.seq,
    e.authorityId,
    e.staffId,
    e.action,
    e.subjectType,
    e.subjectId,
    e.ip,
    e.at.toISOString(),
  ];
  if (e.fields === undefined || e.fields === null) return JSON.stringify(v1);
  return JSON.stringify(['rathausnetz/audit/2', ...v1.slice(1), [...e.fields]]);
}

/** SHA-256 over the previous hash and the canonical entry, hex. */
export function entryHash(prevHash: string, e: ChainedFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalEntry(e)).digest('hex');
}
