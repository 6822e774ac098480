// The deadline workflow's idempotency and the events it ignores.
import { deciderSpec } from '@app/testing/decider-spec';
import type { ProjectEvent } from '../project/project.events';
import { deadlinesWorkflow, decideDeadlines } from './deadlines.workflow';
import { context, decided, ev, fact, histories, next, PID, recorded } from './deadlines.fixtures';

const spec = deciderSpec(deadlinesWorkflow(context));

/** given(history).when(the event after it). */
function after(history: ProjectEvent[], event: ProjectEvent) {
  return spec.given(decided(history).events).when(next(history, event));
}

describe('idempotency', () => {
  it.each([
    ['InformationRequested', histories.proposal(), ev.infoRequested()],
    ['AppraisalOpened', histories.proposal(), ev.appraisalOpened()],
    ['FundingApproved', histories.approved().slice(0, -1), ev.approved()],
    ['ProgressReported', histories.implementing(), ev.progress('2026-05')],
    ['SettlementApproved', [...histories.accepted(), ev.settlementSubmitted()], ev.settled()],
    ['OutcomeRecorded', histories.settled(), ev.outcome()],
    ['ProjectClosed', [...histories.settled(), ev.outcome()], ev.closed()],
  ] as const)('%s delivered again decides nothing', (_type, history, event) => {
    const first = decided([...history]).state;
    expect(decideDeadlines(next(history, event), first, context)).not.toEqual([]);
    spec
      .given(decided([...history, event]).events)
      .when(next(history, event))
      .thenNothing();
  });

  it('never schedules a reminder that already exists, even from a newer event', () => {
    // Resuming without a suspension in between: May is already scheduled.
    after(histories.implementing(), ev.resumed('2026-05-06T09:00:00+07:00')).thenNothing();
  });

  it('decides the same reminders from the same event and state', () => {
    const { state } = decided(histories.proposal());
    const trigger = next(histories.proposal(), ev.appraisalOpened());
    expect(decideDeadlines(trigger, state, context)).toEqual(decideDeadlines(trigger, state, context));
  });
});

describe('what it ignores', () => {
  const { state } = decided(histories.implementing());

  it('unknown event types, reminder events and malformed envelopes', () => {
    expect(decideDeadlines({ type: 'SomethingNew', data: { projectId: PID, at: '2026-05-05T09:00:00+07:00' }, version: 11 }, state, context)).toEqual([]);
    expect(decideDeadlines({ type: 'ReminderSent', data: { reminderId: 'x', projectId: PID }, version: 11 }, state, context)).toEqual([]);
    expect(decideDeadlines({ type: 'ProjectSuspended', data: null, version: 11 }, state, context)).toEqual([]);
    expect(decideDeadlines({ type: 'ProjectSuspended', data: { projectId: PID, at: 'yesterday' }, version: 11 }, state, context)).toEqual([]);
    expect(decideDeadlines({ ...recorded(11, ev.terminated()), version: 0 }, state, context)).toEqual([]);
  });

  it("another project's events", () => {
    const other = fact('ProjectTerminated', '2026-07-01T09:00:00+07:00', { projectId: 'p-2' });
    expect(decideDeadlines(recorded(11, other), state, context)).toEqual([]);
  });
});
