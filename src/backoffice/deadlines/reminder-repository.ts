// Queries behind the clerks' daily deadline reminder, run as the worker (withWorker), each for
// the one authority it names: who processes its applications, what falls due per assignee and
// service, and the claim that makes it one mail a day.
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../db/schema.ts';

type Trx = Transaction<DB>;

/**
 * Staff who process the authority's applications and can sign in (invitation accepted), not
 * locked out of it ("Zugang sperren").
 */
export function reminderRecipients(trx: Trx, authorityId: string) {
  return trx
    .selectFrom('staff_membership as m')
    .innerJoin('staff as s', 's.id', 'm.staff_id')
    .select(['s.id', 's.email', 'm.service_ids'])
    .where('m.authority_id', '=', authorityId)
    .where('m.role', 'in', ['clerk', 'coordinator', 'authority_admin'])
    .where('s.disabled_at', 'is', null)
    .where('m.disabled_at', 'is', null)
    .where('s.password_hash', 'is not', null)
    .where('s.totp_confirmed_at', 'is not', null)
    .orderBy('s.email')
    .execute();
}

export type DueCount = {
  assigned_to: string | null;
  online_service_id: string;
  overdue: number;
  due_soon: number;
};

/**
 * Open applications whose running period ends by `until`, counted per assignee and service:
 * overdue (due before `today`) and due from `today` to `until`. The same condition as the
 * inbox's "Überfällig" and "In 3 Tagen fällig" filters, on the same partial index.
 */
export async function dueCounts(
  trx: Trx,
  p: { authorityId: string; today: string; until: string },
): Promise<DueCount[]> {
  const { rows } = await sql<DueCount>`
    select assigned_to, online_service_id,
      count(*) filter (where due_on < ${p.today}::date)::int as overdue,
      count(*) filter (where due_on >= ${p.today}::date)::int as due_soon
    from application
    where authority_id = ${p.authorityId}
      and due_on is not null and not deadline_paused
      and status in ('submitted', 'received', 'processing')
      and due_on <= ${p.until}::date
    group by assigned_to, online_service_id`.execute(trx);
  return rows;
}

/** True once per Berlin day, staff member and authority: whoever claims first sends. */
export async function claimReminder(
  trx: Trx,
  p: { staffId: string; authorityId: string; today: string },
): Promise<boolean> {
  const { rows } = await sql<{ staff_id: string }>`
    insert into deadline_reminder (staff_id, authority_id, last_sent_on)
    values (${p.staffId}, ${p.authorityId}, ${p.today}::date)
    on conflict (authority_id, staff_id) do update set last_sent_on = excluded.last_sent_on
      where deadline_reminder.last_sent_on < excluded.last_sent_on
    returning staff_id`.execute(trx);
  return rows.length === 1;
}
