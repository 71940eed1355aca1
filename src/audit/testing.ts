// Test support: audit rows written straight into a chain, for tests of who may read which
// chain (their hashes do not verify; audit:verify has its own tests).
/** One raw audit_entry row of chain `chainId` at `seq`. */
export const auditRow = (chainId: string, authorityId: string | null, action: string, seq = 1) => ({
  chain_id: chainId,
  seq,
  authority_id: authorityId,
  staff_id: null,
  action,
  subject_type: null,
  subject_id: null,
  ip: null,
  at: new Date(),
  prev_hash: '0'.repeat(64),
  hash: String(seq).repeat(64).slice(0, 64),
});
