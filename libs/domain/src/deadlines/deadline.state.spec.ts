import { decided, ev, histories, PID } from './deadlines.fixtures';
import { evolveDeadlines, initialDeadlineState, officerOf, openReminders, reminderStatus } from './deadline.state';
import type { ReminderEvent } from './reminder.events';

const fold = (state: typeof initialDeadlineState, events: readonly ReminderEvent[]) => events.reduce(evolveDeadlines, state);
const ID = 'p-1:acceptance';
const status = (state: typeof initialDeadlineState) => {
  const r = state.reminders[ID];
  return r === undefined ? undefined : reminderStatus(r);
};

describe('deadline state', () => {
  const awaiting = decided(histories.awaitingAcceptance()).state;
  const sent: ReminderEvent = {
    type: 'ReminderSent',
    data: { reminderId: ID, projectId: PID, channel: 'inbox', at: '2026-10-22T17:00:05+07:00', recipients: ['officer-1'] },
  };
  const escalated: ReminderEvent = {
    type: 'ReminderEscalated',
    data: { reminderId: ID, projectId: PID, to: ['approver-1'], at: '2026-10-22T17:00:06+07:00' },
  };

  it('knows the officer (submitter, else creator), the approver and the reporting months', () => {
    expect([officerOf(awaiting), awaiting.approvedBy, awaiting.progress]).toEqual([
      'officer-1',
      'approver-1',
      { active: false, lastReportedPeriod: '2026-05' },
    ]);
    expect(officerOf(decided([ev.created()]).state)).toBe('ctv-1');
    expect(officerOf(decided([...histories.proposal(), ev.submitted({ submittedBy: 'officer-9', resubmission: true })]).state)).toBe(
      'officer-1',
    );
  });

  it('reads open → sent → escalated while the work is due', () => {
    expect(status(awaiting)).toBe('open');
    const afterSend = fold(awaiting, [sent, sent]);
    expect([status(afterSend), afterSend.reminders[ID]?.sentOn]).toEqual(['sent', ['inbox']]);
    expect(status(fold(afterSend, [escalated]))).toBe('escalated');
  });

  it('reads done or cancelled once the work is finished, whatever was sent', () => {
    const cause = { type: 'AcceptanceRecorded', version: 13 };
    const done = fold(awaiting, [sent, { type: 'ReminderCompleted', data: { reminderId: ID, projectId: PID, cause } }]);
    expect(status(done)).toBe('done');
    const cancelled = fold(awaiting, [
      escalated,
      { type: 'ReminderCancelled', data: { reminderId: ID, projectId: PID, reason: 'project_terminated', cause } },
    ]);
    expect([status(cancelled), cancelled.reminders[ID]]).toEqual(['cancelled', expect.objectContaining({ reason: 'project_terminated' })]);
    expect(openReminders(cancelled).map((r) => r.reminderId)).toEqual(['p-1:settlement_hard_stop']);
  });

  it('a reschedule forgets the sends and escalation of the old due time', () => {
    const state = fold(awaiting, [
      sent,
      escalated,
      {
        type: 'ReminderRescheduled',
        data: { reminderId: ID, projectId: PID, dueAt: '2026-11-02T17:00:00+07:00', cause: { type: 'X', version: 20 } },
      },
    ]);
    expect(state.reminders[ID]).toMatchObject({ dueAt: '2026-11-02T17:00:00+07:00', sentOn: [] });
    expect([status(state), state.decidedThrough]).toEqual(['open', 20]);
  });

  it('counts failed deliveries and ignores facts about unknown reminders', () => {
    const failed: ReminderEvent = {
      type: 'ReminderDeliveryFailed',
      data: { reminderId: ID, projectId: PID, channel: 'webhook', error: 'HTTP 503', attempt: 1, at: '2026-10-22T17:00:05+07:00' },
    };
    expect(fold(awaiting, [failed, failed]).reminders[ID]?.failedDeliveries).toBe(2);
    expect(fold(awaiting, [{ ...sent, data: { ...sent.data, reminderId: 'p-1:nope' } }]).reminders).toEqual(awaiting.reminders);
  });

  it('remembers the last project version decided', () => {
    expect(awaiting.decidedThrough).toBe(12);
    expect(initialDeadlineState.decidedThrough).toBe(0);
  });
});
