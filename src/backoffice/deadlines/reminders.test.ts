// The clerks' daily deadline reminder on a real database, delivered through the portal's mail
// queue to a real SMTP server: who gets which counts (their own and what nobody has taken, only
// for services they process), once a working day from 7 o'clock Berlin time, never on Sundays,
// content-free, and nothing for another authority's clerk. The applications come from the
// bench's generator and get their deadlines by SQL: this test is about the mail, the inbox
// tests show how a sent application gets its due date.
import assert from 'node:assert/strict';
import test from 'node:test';
import { generateApplications } from '../../../bench/inbox-data.ts';
import { TEST_PUBLIC_URL } from '../../app/testing.ts';
import { startApp } from '../../drafts/testing.ts';
import { signedInStaff, staffAccountsFor } from '../testing.ts';
import { addDays, addWorkingDays } from './calendar.ts';
import { createDeadlineReminders } from './reminders.ts';

// Monday 7 December 2026: a working day in Lower Saxony. 07:30 UTC is 08:30 in Berlin.
const MONDAY = '2026-12-07';
const at = (iso: string) => new Date(iso);

test('each clerk gets one content-free mail a working day of what falls due', async (t) => {
  const started = await startApp(t);
  const { app, smtp, database } = started;
  const db = database.owner;
  const soegel = await db
    .selectFrom('authority')
    .select(['id', 'verbund_id'])
    .where('slug', '=', 'samtgemeinde-soegel')
    .executeTakeFirstOrThrow();
  await generateApplications(db, {
    verbundId: soegel.verbund_id,
    authorityId: soegel.id,
    count: 8,
  });
  const apps = await db
    .selectFrom('application as a')
    .innerJoin('online_service as s', 's.id', 'a.online_service_id')
    .select(['a.id', 'a.reference', 'a.online_service_id', 's.title'])
    .where('a.authority_id', '=', soegel.id)
    .orderBy('a.reference')
    .execute();
  const [overdue, dueToday, later, paused] = apps;
  assert.ok(overdue && dueToday && later && paused, 'applications to set deadlines on');
  const otherService = apps.find((a) => a.online_service_id !== dueToday.online_service_id);
  assert.ok(otherService, 'Sögel offers more than one service');

  await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'anna@soegel.example',
    name: 'Anna Abel',
  });
  // Limited to a service nothing of hers falls due in: no mail.
  await signedInStaff(app, started, {
    authority: 'samtgemeinde-soegel',
    email: 'bernd@soegel.example',
    serviceIds: [otherService.online_service_id],
  });
  await signedInStaff(app, started, { authority: 'lingen-ems', email: 'lena@lingen.example' });
  // Invited, never signed in: no mail.
  await staffAccountsFor(database, started.keyring).invite({
    authoritySlug: 'samtgemeinde-soegel',
    role: 'clerk',
    email: 'neu@soegel.example',
  });
  const anna = await db
    .selectFrom('staff')
    .select('id')
    .where('email', '=', 'anna@soegel.example')
    .executeTakeFirstOrThrow();

  await db.updateTable('application').set({ due_on: null }).execute();
  const set = (id: string, values: Record<string, unknown>) =>
    db.updateTable('application').set(values).where('id', '=', id).execute();
  await set(overdue.id, {
    status: 'processing',
    assigned_to: anna.id,
    due_on: addDays(MONDAY, -3),
  });
  await set(dueToday.id, { status: 'submitted', assigned_to: null, due_on: MONDAY });
  await set(later.id, { status: 'submitted', due_on: addWorkingDays(MONDAY, 10) });
  // Waiting for the citizen's answer: the period does not run.
  await set(paused.id, {
    status: 'action_required',
    due_on: addDays(MONDAY, -1),
    deadline_paused: true,
  });

  let now = at(`${MONDAY}T05:30:00Z`); // 06:30 in Berlin: too early
  const reminders = createDeadlineReminders({
    db: database.db,
    publicUrl: TEST_PUBLIC_URL,
    now: () => now,
  });
  assert.deepEqual(await reminders.sendReminders(), { authorities: 0, mails: 0 }, 'before 7');

  now = at(`${MONDAY}T07:30:00Z`);
  assert.deepEqual(await reminders.sendReminders(), { authorities: 1, mails: 1 });
  const mail = await smtp.lastMailTo('anna@soegel.example', 30_000);
  assert.equal(mail.decoded('subject'), 'Fristen Samtgemeinde Sögel: 1 überfällig, 1 bald fällig');
  assert.match(mail.body, new RegExp(`Ihnen zugewiesen:\n- ${overdue.title}: 1 überfällig\n`));
  assert.match(
    mail.body,
    new RegExp(`Noch niemandem zugewiesen:\n- ${dueToday.title}: 1 bald fällig\n`),
  );
  assert.match(mail.body, /bis einschließlich 10\.12\.2026 \(3 Arbeitstage\)/);
  assert.ok(
    mail.body.includes(`${TEST_PUBLIC_URL}/verwaltung?zugewiesen=mir&sortierung=frist`),
    'a link to her inbox, due first',
  );
  for (const a of apps) assert.ok(!mail.body.includes(a.reference), 'no reference numbers');
  assert.ok(!mail.body.includes('Anna'), 'not even her own name');

  assert.deepEqual(await reminders.sendReminders(), { authorities: 0, mails: 0 }, 'once a day');
  now = at(`${MONDAY}T15:00:00Z`);
  assert.deepEqual(await reminders.sendReminders(), { authorities: 0, mails: 0 }, 'once a day');

  // Sunday: no mail. The next working day: the next one.
  now = at('2026-12-13T09:00:00Z');
  assert.deepEqual(await reminders.sendReminders(), { authorities: 0, mails: 0 }, 'Sunday');
  now = at('2026-12-08T07:00:00Z');
  assert.deepEqual(await reminders.sendReminders(), { authorities: 1, mails: 1 });
  assert.equal((await smtp.mailsTo('anna@soegel.example', 2, 30_000)).length, 2);

  const to = (address: string) => smtp.received.filter((m) => m.rcptTo.includes(address));
  assert.equal(to('bernd@soegel.example').length, 0, 'nothing due in his service');
  assert.equal(to('neu@soegel.example').length, 0, 'not signed in yet');
  assert.equal(to('lena@lingen.example').length, 0, 'another authority');
});
