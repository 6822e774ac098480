// The deadline workflow during implementation: monthly progress reports.
import { deciderSpec } from '@app/testing/decider-spec';
import type { ProjectEvent } from '../project/project.events';
import { deadlinesWorkflow, decideDeadlines } from './deadlines.workflow';
import { cancelled, cause, completed, context, decided, ev, histories, next, PID, policyWith, recorded } from './deadlines.fixtures';

const spec = deciderSpec(deadlinesWorkflow(context));

/** given(history).when(the event after it). */
function after(history: ProjectEvent[], event: ProjectEvent) {
  return spec.given(decided(history).events).when(next(history, event));
}

/** The notice day of each period: the 22nd, or the business day before when it falls on a weekend. */
const NOTICE_DAY: Record<string, string> = {
  '2026-05': '2026-05-22', // Friday
  '2026-06': '2026-06-22', // Monday
  '2026-08': '2026-08-21', // the 22nd is a Saturday
  '2026-09': '2026-09-22', // Tuesday
  '2027-01': '2027-01-22', // Friday
};

describe('progress_report', () => {
  const progress = (period: string, version: number, type = 'ImplementationStarted') => ({
    type: 'ReminderScheduled' as const,
    data: {
      reminderId: `p-1:progress_report:${period}`,
      projectId: PID,
      kind: 'progress_report' as const,
      // Due until the report day ends; escalated once it has ended; notice at 08:00 on a business day.
      dueAt: `${period}-25T23:59:59.999+07:00`,
      noticeAt: `${NOTICE_DAY[period] ?? 'unknown'}T08:00:00+07:00`,
      escalateAt: `${period}-26T00:00:00+07:00`,
      escalateTo: ['approver-1'],
      assignees: ['officer-1'],
      cause: cause(type, version),
    },
  });

  it('starts with the month of the start: due through the 25th, notice 3 days ahead at 08:00, escalation to the approver after the 25th', () => {
    after(histories.contracted(), ev.started()).then([progress('2026-05', 10)]);
  });

  it('starts with the next month when work starts on or after the report day', () => {
    after(histories.contracted(), ev.started('2026-05-25')).then([progress('2026-06', 10)]);
  });

  it('a report closes its month and opens the next, across a month boundary', () => {
    after(histories.implementing(), ev.progress('2026-05')).then([
      completed('p-1:progress_report:2026-05', cause('ProgressReported', 11)),
      progress('2026-06', 11, 'ProgressReported'),
    ]);
  });

  it('across a year boundary, December leads to January', () => {
    const history = [...histories.contracted(), ev.started('2026-11-28')];
    expect(decided(history).state.reminders['p-1:progress_report:2026-12']?.lifecycle).toBe('scheduled');
    after(history, ev.progress('2026-12')).then([
      completed('p-1:progress_report:2026-12', cause('ProgressReported', 11)),
      {
        ...progress('2027-01', 11, 'ProgressReported'),
        data: {
          ...progress('2027-01', 11, 'ProgressReported').data,
          dueAt: '2027-01-25T23:59:59.999+07:00',
          noticeAt: '2027-01-22T08:00:00+07:00',
          escalateAt: '2027-01-26T00:00:00+07:00',
        },
      },
    ]);
  });

  it('a report of a later month supersedes the open one, which can no longer be reported', () => {
    after(histories.implementing(), ev.progress('2026-07')).then([
      cancelled('p-1:progress_report:2026-05', 'superseded_by_later_report', cause('ProgressReported', 11)),
      progress('2026-08', 11, 'ProgressReported'),
    ]);
  });

  it('a suspension cancels the open month; resuming before its report day opens it again', () => {
    const suspended = [...histories.implementing(), ev.suspended('2026-05-10T09:00:00+07:00')];
    after(histories.implementing(), ev.suspended('2026-05-10T09:00:00+07:00')).then([
      cancelled('p-1:progress_report:2026-05', 'project_suspended', cause('ProjectSuspended', 11)),
    ]);
    after(suspended, ev.resumed('2026-05-15T09:00:00+07:00')).then([progress('2026-05', 12, 'ProjectResumed')]);
  });

  it('resuming after the report day opens the next unreported month', () => {
    const history = [...histories.implementing(), ev.progress('2026-05'), ev.suspended('2026-05-21T09:00:00+07:00')];
    after(history, ev.resumed('2026-08-25T09:00:00+07:00')).then([progress('2026-09', 13, 'ProjectResumed')]);
  });

  it('completion cancels the open month', () => {
    after([...histories.implementing(), ev.progress('2026-05')], ev.completed()).thenMatches([
      cancelled('p-1:progress_report:2026-06', 'completion_declared', cause('CompletionDeclared', 12)),
      completed('p-1:planned_end', cause('CompletionDeclared', 12)),
      { data: expect.objectContaining({ kind: 'acceptance' }) },
    ]);
  });

  it('a report filed on the report day is on time: it completes its month before the escalation, which waits for the day to end', () => {
    const onTheDay = '2026-05-25T22:30:00+07:00';
    const before = decided(histories.implementing()).state.reminders['p-1:progress_report:2026-05'];
    expect(before?.lifecycle).toBe('scheduled');
    // The whole report day is in time; escalation comes only once it has ended.
    expect(Date.parse(onTheDay)).toBeLessThanOrEqual(Date.parse(before?.dueAt ?? ''));
    expect(Date.parse(onTheDay)).toBeLessThan(Date.parse(before?.escalateAt ?? ''));
    expect(Date.parse(before?.escalateAt ?? '')).toBe(Date.parse('2026-05-25T17:00:00Z'));
    after(histories.implementing(), ev.progress('2026-05', onTheDay)).then([
      completed('p-1:progress_report:2026-05', cause('ProgressReported', 11)),
      progress('2026-06', 11, 'ProgressReported'),
    ]);
  });

  it('moves a notice that falls on a day off back to 08:00 of the business day before', () => {
    // 12 days ahead of 25 March 2026 is Friday the 13th, a holiday of the fixture calendar.
    const workflow = deciderSpec(deadlinesWorkflow({ ...context, policy: policyWith({ progressNoticeDaysAhead: 12 }) }));
    workflow
      .given(decided(histories.contracted()).events)
      .when(next(histories.contracted(), ev.started('2026-03-02')))
      .thenMatches([{ data: expect.objectContaining({ reminderId: 'p-1:progress_report:2026-03', noticeAt: '2026-03-12T08:00:00+07:00' }) }]);
  });

  it('without a known approver it has no escalation', () => {
    const decisions = decideDeadlines(recorded(3, ev.started()), decided([ev.created(), ev.submitted()]).state, context);
    expect(decisions[0]?.data).not.toHaveProperty('escalateAt');
    expect(decisions[0]?.data).not.toHaveProperty('escalateTo');
  });
});
