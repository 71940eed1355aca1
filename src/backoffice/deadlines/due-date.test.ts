import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeDeadline, timeLeft } from './due-date.ts';

// Times in UTC; the days are Berlin's (CET in December, UTC+1).
const at = (iso: string) => new Date(iso);
const base = {
  workingDays: 10,
  deemedApprovalDays: null,
  extensionDays: null,
};

test('ten working days from a Monday submission end on the Monday two weeks later', () => {
  const submittedAt = at('2026-11-30T09:00:00Z');
  const d = computeDeadline({
    ...base,
    submittedAt,
    history: [{ status: 'submitted', at: submittedAt }],
  });
  assert.deepEqual(d, {
    dueOn: '2026-12-14',
    deemedApprovalOn: null,
    paused: false,
    pausedDays: 0,
  });
});

test('a submission late in the evening counts from the Berlin day, and Christmas is skipped', () => {
  // 23:30 UTC on 21 Dec is 00:30 on Tuesday 22 Dec in Berlin.
  const submittedAt = at('2026-12-21T23:30:00Z');
  const d = computeDeadline({ ...base, workingDays: 3, submittedAt, history: [] });
  // Wed 23, Thu 24, (Fri 25, Sat 26, Sun 27 off), Mon 28.
  assert.equal(d.dueOn, '2026-12-28');
});

test('the period waits while the citizen is asked, and goes on after the answer', () => {
  const submittedAt = at('2026-11-30T09:00:00Z'); // Monday
  const asked = {
    ...base,
    submittedAt,
    history: [
      { status: 'submitted', at: submittedAt },
      { status: 'processing', at: at('2026-12-01T08:00:00Z') },
      { status: 'action_required', at: at('2026-12-02T10:00:00Z') }, // Wednesday
    ],
  };
  const paused = computeDeadline(asked);
  assert.equal(paused.paused, true);
  assert.equal(paused.dueOn, null, 'no due date while the period waits');

  // Answered the next Monday: Thu, Fri, Mon were waiting days, the due date moves by 3.
  const answeredInput = {
    ...asked,
    history: [...asked.history, { status: 'processing', at: at('2026-12-07T14:00:00Z') }],
  };
  const answered = computeDeadline(answeredInput);
  assert.equal(answered.paused, false);
  assert.equal(answered.pausedDays, 3);
  assert.equal(answered.dueOn, '2026-12-17');

  // Asked and answered the same day: nothing waited.
  const sameDay = computeDeadline({
    ...base,
    submittedAt,
    history: [
      { status: 'action_required', at: at('2026-12-02T08:00:00Z') },
      { status: 'processing', at: at('2026-12-02T15:00:00Z') },
    ],
  });
  assert.equal(sameDay.dueOn, '2026-12-14');

  // Two requests for information add up.
  const twice = computeDeadline({
    ...answeredInput,
    history: [
      ...answeredInput.history,
      { status: 'action_required', at: at('2026-12-08T09:00:00Z') },
      { status: 'processing', at: at('2026-12-09T09:00:00Z') },
    ],
  });
  assert.equal(twice.pausedDays, 4);
  assert.equal(twice.dueOn, '2026-12-18');
});

test('one extension adds working days to the period and to the Genehmigungsfiktion', () => {
  const submittedAt = at('2026-11-30T09:00:00Z');
  const plain = computeDeadline({
    ...base,
    deemedApprovalDays: 60,
    submittedAt,
    history: [],
  });
  // 60 working days from 30 Nov 2026 over Christmas and New Year.
  assert.equal(plain.deemedApprovalOn, '2027-02-24');
  const extended = computeDeadline({
    ...base,
    deemedApprovalDays: 60,
    extensionDays: 5,
    submittedAt,
    history: [],
  });
  assert.equal(extended.dueOn, '2026-12-21');
  assert.equal(extended.deemedApprovalOn, '2027-03-03');
});

test('time left: working days ahead, due today, calendar days overdue', () => {
  assert.deepEqual(timeLeft('2026-12-07', '2026-12-02'), { kind: 'left', workingDays: 3 });
  assert.deepEqual(timeLeft('2026-12-02', '2026-12-02'), { kind: 'today' });
  assert.deepEqual(timeLeft('2026-11-30', '2026-12-02'), { kind: 'overdue', days: 2 });
});

test('a Genehmigungsfiktion of three months ends as § 188 BGB says, later by the waiting, on a working day', () => {
  // Friday 27 November 2026: three months end on Saturday 27 February 2027, so Monday 1 March.
  const submittedAt = at('2026-11-27T09:00:00Z');
  const months = { ...base, deemedApprovalMonths: 3, submittedAt };
  assert.equal(computeDeadline({ ...months, history: [] }).deemedApprovalOn, '2027-03-01');
  // Asked on Monday 30 November, answered on Thursday 3 December: three calendar days waited,
  // so the end moves from Saturday 27 February to Tuesday 2 March (a working day).
  const d = computeDeadline({
    ...months,
    history: [
      { status: 'submitted', at: submittedAt },
      { status: 'action_required', at: at('2026-11-30T10:00:00Z') },
      { status: 'processing', at: at('2026-12-03T10:00:00Z') },
    ],
  });
  assert.equal(d.deemedApprovalOn, '2027-03-02');
  // Ten working days end on Friday 11 December, the three waited ones on Wednesday 16.
  assert.equal(d.dueOn, '2026-12-16', 'the Bearbeitungsfrist still in working days');
  // While the citizen is asked, neither day is known.
  const open = computeDeadline({
    ...months,
    history: [
      { status: 'submitted', at: submittedAt },
      { status: 'action_required', at: at('2026-11-30T10:00:00Z') },
    ],
  });
  assert.equal(open.deemedApprovalOn, null);
});
