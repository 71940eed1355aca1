// Queries of staff accounts, invitations, sessions and failed sign-ins. Each takes the
// transaction it runs in (see withStaffDirectory in src/db/rls.ts for who may read what).
import type { Kysely } from 'kysely';
import type { DB, StaffRole } from '../db/schema.ts';

type Db = Kysely<DB>;

const STAFF = [
  's.id',
  's.verbund_id',
  's.email',
  's.display_name',
  's.password_hash',
  's.key_id',
  's.wrapped_key',
  's.totp_sealed',
  's.totp_confirmed_at',
  's.totp_last_step',
  's.disabled_at',
] as const;

export function findStaffByEmail(db: Db, email: string) {
  return db.selectFrom('staff as s').select(STAFF).where('s.email', '=', email).executeTakeFirst();
}

export function findStaff(db: Db, id: string) {
  return db.selectFrom('staff as s').select(STAFF).where('s.id', '=', id).executeTakeFirst();
}

export type StaffRow = NonNullable<Awaited<ReturnType<typeof findStaff>>>;

export async function insertStaff(
  db: Db,
  row: { verbundId: string; email: string; displayName: string },
): Promise<string> {
  const inserted = await db
    .insertInto('staff')
    .values({ verbund_id: row.verbundId, email: row.email, display_name: row.displayName })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

export async function upsertMembership(
  db: Db,
  row: {
    staffId: string;
    authorityId: string | null;
    role: StaffRole;
    serviceIds: string[] | null;
  },
): Promise<void> {
  await db
    .insertInto('staff_membership')
    .values({
      staff_id: row.staffId,
      authority_id: row.authorityId,
      role: row.role,
      service_ids: row.serviceIds,
    })
    // A Verbund membership is one per role (admin, auditor); an authority's one per person.
    .onConflict((oc) =>
      oc
        .columns(['staff_id', 'authority_id', 'verbund_role'])
        .doUpdateSet({ role: row.role, service_ids: row.serviceIds }),
    )
    .execute();
}

/** The memberships that give access: a locked one ("Zugang sperren") is left out. */
export function listMemberships(db: Db, staffId: string) {
  return db
    .selectFrom('staff_membership as m')
    .leftJoin('authority as a', 'a.id', 'm.authority_id')
    .select(['m.authority_id', 'm.role', 'm.service_ids', 'a.name as authority_name', 'a.slug'])
    .where('m.staff_id', '=', staffId)
    .where('m.disabled_at', 'is', null)
    .orderBy('a.name')
    .execute();
}

/**
 * Whether the membership in this authority (null: the Verbund's membership in `role`) is
 * locked; undefined: none.
 */
export async function membershipLocked(
  db: Db,
  staffId: string,
  authorityId: string | null,
  role: StaffRole,
): Promise<boolean | undefined> {
  const row = await db
    .selectFrom('staff_membership')
    .select('disabled_at')
    .where('staff_id', '=', staffId)
    .where((eb) =>
      authorityId === null
        ? eb.and([eb('authority_id', 'is', null), eb('role', '=', role)])
        : eb('authority_id', '=', authorityId),
    )
    .executeTakeFirst();
  return row === undefined ? undefined : row.disabled_at !== null;
}

export async function insertInvitation(
  db: Db,
  row: { tokenHash: string; staffId: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('staff_invitation')
    .values({ token_hash: row.tokenHash, staff_id: row.staffId, expires_at: row.expiresAt })
    .execute();
}

export function findInvitation(db: Db, tokenHash: string) {
  return db
    .selectFrom('staff_invitation')
    .select(['staff_id', 'expires_at', 'used_at'])
    .where('token_hash', '=', tokenHash)
    .forUpdate()
    .executeTakeFirst();
}

export async function useInvitation(db: Db, tokenHash: string, at: Date): Promise<void> {
  await db
    .updateTable('staff_invitation')
    .set({ used_at: at })
    .where('token_hash', '=', tokenHash)
    .execute();
}

export async function setPassword(db: Db, staffId: string, hash: string): Promise<void> {
  await db.updateTable('staff').set({ password_hash: hash }).where('id', '=', staffId).execute();
}

export async function setPendingTotp(
  db: Db,
  staffId: string,
  sealed: { keyId: string; wrappedKey: Buffer; secret: Buffer },
): Promise<void> {
  await db
    .updateTable('staff')
    .set({
      key_id: sealed.keyId,
      wrapped_key: sealed.wrappedKey,
      totp_sealed: sealed.secret,
      totp_confirmed_at: null,
      totp_last_step: null,
    })
    .where('id', '=', staffId)
    .execute();
}

export async function confirmTotp(db: Db, staffId: string, step: number, at: Date): Promise<void> {
  await db
    .updateTable('staff')
    .set({ totp_confirmed_at: at, totp_last_step: step })
    .where('id', '=', staffId)
    .execute();
}

/** Uses up a time step; false when it (or a later one) was used already: a replayed code. */
export async function useTotpStep(db: Db, staffId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('staff')
    .set({ totp_last_step: step })
    .where('id', '=', staffId)
    .where((eb) =>
      eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', String(step) as never)]),
    )
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function insertSession(
  db: Db,
  row: {
    tokenHash: string;
    staffId: string;
    stage: 'password' | 'active';
    at: Date;
    expiresAt: Date;
    authorityId: string | null;
  },
): Promise<void> {
  await db
    .insertInto('staff_session')
    .values({
      token_hash: row.tokenHash,
      staff_id: row.staffId,
      stage: row.stage,
      authority_id: row.authorityId,
      last_seen_at: row.at,
      expires_at: row.expiresAt,
    })
    .execute();
}

export function findSession(db: Db, tokenHash: string) {
  return db
    .selectFrom('staff_session as ss')
    .innerJoin('staff as s', 's.id', 'ss.staff_id')
    .select([
      'ss.token_hash',
      'ss.staff_id',
      'ss.stage',
      'ss.authority_id',
      'ss.last_seen_at',
      'ss.expires_at',
      's.verbund_id',
      's.email',
      's.display_name',
      's.disabled_at',
      's.totp_confirmed_at',
    ])
    .where('ss.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

export async function touchSession(db: Db, tokenHash: string, at: Date): Promise<void> {
  await db
    .updateTable('staff_session')
    .set({ last_seen_at: at })
    .where('token_hash', '=', tokenHash)
    .execute();
}

export async function setSessionAuthority(
  db: Db,
  tokenHash: string,
  authorityId: string,
): Promise<void> {
  await db
    .updateTable('staff_session')
    .set({ authority_id: authorityId })
    .where('token_hash', '=', tokenHash)
    .execute();
}

export async function deleteSession(db: Db, tokenHash: string): Promise<void> {
  await db.deleteFrom('staff_session').where('token_hash', '=', tokenHash).execute();
}

export async function recordFailure(db: Db, emailKey: string, at: Date): Promise<void> {
  await db.insertInto('staff_signin_failure').values({ email_key: emailKey, at }).execute();
}

export async function countFailuresSince(db: Db, emailKey: string, since: Date): Promise<number> {
  const row = await db
    .selectFrom('staff_signin_failure')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('email_key', '=', emailKey)
    .where('at', '>', since)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function clearFailures(db: Db, emailKey: string): Promise<void> {
  await db.deleteFrom('staff_signin_failure').where('email_key', '=', emailKey).execute();
}

const MEMBER = ['s.id', 's.display_name', 'm.role', 'm.service_ids', 'm.disabled_at'] as const;

/** The staff of one authority, as its admin sees them (run as the authority: RLS). */
export function listStaffOf(db: Db, authorityId: string) {
  return db
    .selectFrom('staff_membership as m')
    .innerJoin('staff as s', 's.id', 'm.staff_id')
    .select(MEMBER)
    .where('m.authority_id', '=', authorityId)
    .orderBy('s.display_name')
    .orderBy('s.id')
    .execute();
}

/** One member of the authority (run as the authority: another's staff are not found). */
export function findMemberOf(db: Db, authorityId: string, staffId: string) {
  return db
    .selectFrom('staff_membership as m')
    .innerJoin('staff as s', 's.id', 'm.staff_id')
    .select(MEMBER)
    .where('m.authority_id', '=', authorityId)
    .where('m.staff_id', '=', staffId)
    .executeTakeFirst();
}

export type MemberRow = NonNullable<Awaited<ReturnType<typeof findMemberOf>>>;

export async function updateMembership(
  db: Db,
  authorityId: string,
  staffId: string,
  set: { role?: StaffRole; service_ids?: string[] | null; disabled_at?: Date | null },
): Promise<void> {
  await db
    .updateTable('staff_membership')
    .set(set)
    .where('authority_id', '=', authorityId)
    .where('staff_id', '=', staffId)
    .execute();
}

/** Ends the staff member's sessions that work in this authority (run as the directory). */
export async function deleteSessionsIn(db: Db, staffId: string, authorityId: string) {
  await db
    .deleteFrom('staff_session')
    .where('staff_id', '=', staffId)
    .where('authority_id', '=', authorityId)
    .execute();
}

/** Ids and names of everyone with a role in the authority, once each (the auditors' filter). */
export async function staffNamesOf(db: Db, authorityId: string) {
  const rows = await db
    .selectFrom('staff_membership as m')
    .innerJoin('staff as s', 's.id', 'm.staff_id')
    .select(['s.id', 's.display_name'])
    .distinct()
    .where('m.authority_id', '=', authorityId)
    .orderBy('s.display_name')
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.display_name }));
}

/** The Verbund's members in `role` (memberships of no authority), locked ones too, by name. */
export function listVerbundMembers(db: Db, verbundId: string, role: StaffRole) {
  return db
    .selectFrom('staff_membership as m')
    .innerJoin('staff as s', 's.id', 'm.staff_id')
    .select((eb) => [
      's.id',
      's.display_name',
      's.email',
      'm.created_at',
      'm.disabled_at',
      // No password yet: invited, the invitation not taken up.
      eb('s.password_hash', 'is not', null).as('accepted'),
    ])
    .where('s.verbund_id', '=', verbundId)
    .where('m.authority_id', 'is', null)
    .where('m.role', '=', role)
    .orderBy('s.display_name')
    .execute();
}

/**
 * Locks (`at`) or frees (null) a Verbund membership in `role`, with the person's name:
 * `changed` false when it was so already; undefined when the person has no such membership
 * in this Verbund.
 */
export async function setVerbundMemberLocked(
  db: Db,
  verbundId: string,
  staffId: string,
  role: StaffRole,
  at: Date | null,
): Promise<{ changed: boolean; name: string } | undefined> {
  const found = await db
    .selectFrom('staff_membership as m')
    .innerJoin('staff as s', 's.id', 'm.staff_id')
    .select(['m.id', 'm.disabled_at', 's.display_name'])
    .where('s.verbund_id', '=', verbundId)
    .where('m.staff_id', '=', staffId)
    .where('m.authority_id', 'is', null)
    .where('m.role', '=', role)
    .forUpdate()
    .executeTakeFirst();
  if (found === undefined) return undefined;
  const name = found.display_name;
  if ((found.disabled_at === null) === (at === null)) return { changed: false, name };
  await db
    .updateTable('staff_membership')
    .set({ disabled_at: at })
    .where('id', '=', found.id)
    .execute();
  return { changed: true, name };
}

/**
 * Who can work in `role` for the Verbund now (membership open, account not disabled,
 * invitation accepted), their memberships locked for the transaction: two admins locking each
 * other at the same moment then count one after the other, and one of them stays.
 */
export async function lockActiveVerbundMembers(
  db: Db,
  verbundId: string,
  role: StaffRole,
): Promise<string[]> {
  const rows = await db
    .selectFrom('staff_membership as m')
    .innerJoin('staff as s', 's.id', 'm.staff_id')
    .select('m.staff_id')
    .where('s.verbund_id', '=', verbundId)
    .where('m.authority_id', 'is', null)
    .where('m.role', '=', role)
    .where('m.disabled_at', 'is', null)
    .where('s.disabled_at', 'is', null)
    .where('s.password_hash', 'is not', null)
    .forUpdate()
    .execute();
  return rows.map((r) => r.staff_id);
}
