// The clerks' daily deadline reminder (issue 11): on each working day in Lower Saxony, from
// 7 o'clock Berlin time, every clerk (coordinator, admin) who processes an authority's
// applications gets one mail listing what falls due in the next three working days, theirs
// and what nobody has taken yet, per service. Content-free like every notice: counts and
// service names, no reference numbers or names; the inbox link shows the rest after sign-in.
// The claim and the queued mail commit together (the mail queue, ADR 0019), so a crash
// neither loses the day's mail nor sends it twice, however many workers run the hourly job.
import type { Kysely } from 'kysely';
import { listServicesOfAuthority } from '../../catalog/offers.ts';
import { withWorker } from '../../db/rls.ts';
import type { DB } from '../../db/schema.ts';
import { queueMailIn } from '../../mail/outbox.ts';
import { DUE_SOON_WORKING_DAYS } from '../inbox-list.ts';
import { addWorkingDays, berlinDay, isWorkingDay } from './calendar.ts';
import * as repo from './reminder-repository.ts';

/** The job looks hourly; the first look after this hour (Berlin) on a working day sends. */
export const REMINDER_EVERY_MS = 60 * 60_000;
export const REMINDER_FROM_HOUR = 7;

const berlinHour = (at: Date) =>
  Number(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Berlin',
      hour: '2-digit',
      hourCycle: 'h23',
    }).format(at),
  );

const germanDate = (day: string) => {
  const [y, m, d] = day.split('-');
  return `${d}.${m}.${y}`;
};

type Line = { service: string; overdue: number; dueSoon: number };

function lines(rows: repo.DueCount[], titles: Map<string, string>): Line[] {
  return rows
    .map((r) => ({
      service: titles.get(r.online_service_id) ?? 'Leistung',
      overdue: r.overdue,
      dueSoon: r.due_soon,
    }))
    .sort((a, b) => a.service.localeCompare(b.service, 'de'));
}

function section(heading: string, list: Line[], href: string): string[] {
  if (list.length === 0) return [];
  return [
    heading,
    ...list.map((l) => {
      const parts = [
        l.overdue > 0 ? `${l.overdue} überfällig` : '',
        l.dueSoon > 0 ? `${l.dueSoon} bald fällig` : '',
      ].filter((p) => p !== '');
      return `- ${l.service}: ${parts.join(', ')}`;
    }),
    `Ansehen: ${href}`,
    '',
  ];
}

export function createDeadlineReminders(deps: {
  db: Kysely<DB>;
  publicUrl: string;
  now?: () => Date;
}) {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const inbox = `${deps.publicUrl.replace(/\/$/, '')}/verwaltung`;

  /** One authority's reminders of today: the mails queued. */
  function remindAuthority(authority: { id: string; name: string }, today: string) {
    const until = addWorkingDays(today, DUE_SOON_WORKING_DAYS);
    // As the worker: only it may read staff e-mail addresses; every query names the authority.
    return withWorker(db, async (trx) => {
      const due = await repo.dueCounts(trx, { authorityId: authority.id, today, until });
      if (due.length === 0) return 0;
      const titles = new Map(
        (await listServicesOfAuthority(trx, authority.id)).map((s) => [s.id, s.title]),
      );
      let queued = 0;
      for (const member of await repo.reminderRecipients(trx, authority.id)) {
        const mayProcess = (row: repo.DueCount) =>
          member.service_ids === null || member.service_ids.includes(row.online_service_id);
        const mine = lines(
          due.filter((r) => r.assigned_to === member.id),
          titles,
        );
        const open = lines(
          due.filter((r) => r.assigned_to === null && mayProcess(r)),
          titles,
        );
        if (mine.length === 0 && open.length === 0) continue;
        if (
          !(await repo.claimReminder(trx, { staffId: member.id, authorityId: authority.id, today }))
        )
          continue;
        const overdue = [...mine, ...open].reduce((n, l) => n + l.overdue, 0);
        const soon = [...mine, ...open].reduce((n, l) => n + l.dueSoon, 0);
        await queueMailIn(trx, {
          to: member.email,
          subject: `Fristen ${authority.name}: ${overdue} überfällig, ${soon} bald fällig`,
          text: [
            `Guten Morgen,`,
            '',
            `das sind die Fristen bei ${authority.name} bis einschließlich ${germanDate(until)} (${DUE_SOON_WORKING_DAYS} Arbeitstage):`,
            '',
            ...section('Ihnen zugewiesen:', mine, `${inbox}?zugewiesen=mir&sortierung=frist`),
            ...section(
              'Noch niemandem zugewiesen:',
              open,
              `${inbox}?zugewiesen=niemand&sortierung=frist`,
            ),
            'Diese Erinnerung kommt an jedem Arbeitstag, an dem Fristen anstehen.',
          ].join('\n'),
        });
        queued++;
      }
      return queued;
    });
  }

  return {
    /** The hourly job: today's reminders, once the day's hour has come. */
    async sendReminders(): Promise<{ authorities: number; mails: number }> {
      const at = now();
      const today = berlinDay(at);
      if (!isWorkingDay(today) || berlinHour(at) < REMINDER_FROM_HOUR) {
        return { authorities: 0, mails: 0 };
      }
      const authorities = await withWorker(db, (trx) =>
        trx.selectFrom('authority').select(['id', 'name']).orderBy('name').execute(),
      );
      let reached = 0;
      let mails = 0;
      for (const authority of authorities) {
        const queued = await remindAuthority(authority, today);
        if (queued > 0) reached++;
        mails += queued;
      }
      return { authorities: reached, mails };
    },
  };
}

export type DeadlineReminders = ReturnType<typeof createDeadlineReminders>;
