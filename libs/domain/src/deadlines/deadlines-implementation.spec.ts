// The deadline workflow during implementation: monthly progress reports.
import { deciderSpec } from '@app/testing/decider-spec';
import type { ProjectEvent } from '../project/project.events';
import { deadlinesWorkflow, decideDeadlines } from './deadlines.workflow';
import { cancelled, cause, completed, context, decided, ev, histories, next, PID, recorded } from './deadlines.fixtures';

const spec = deciderSpec(deadlinesWorkflow(context));

/** given(history).when(the event after it). */
function after(history: ProjectEvent[], event: ProjectEvent) {
  return spec.given(decided(history).events).when(next(history, event));
}

describe('progress_report', () => {
  const progress = (period: string, version: number, type = 'ImplementationStarted') => ({
    type: 'ReminderScheduled' as const,
    data: {
      reminderId: `p-1:progress_report:${period}`,
      projectId: PID,
      kind: 'progress_report' as const,
      dueAt: `${period}-25T00:00:00+07:00`,
      noticeAt: `${period}-22T00:00:00+07:00`,
      escalateAt: `${period}-25T00:00:00+07:00`,
      escalateTo: ['approver-1'],
      assignees: ['officer-1'],
      cause: cause(type, version),
    },
  });

  it('starts with the month of the start: due as the 25th begins, notice 3 days ahead, escalation to the approver', () => {
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
          dueAt: '2027-01-25T00:00:00+07:00',
          noticeAt: '2027-01-22T00:00:00+07:00',
          escalateAt: '2027-01-25T00:00:00+07:00',
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

  it('without a known approver it has no escalation', () => {
    const decisions = decideDeadlines(recorded(3, ev.started()), decided([ev.created(), ev.submitted()]).state, context);
    expect(decisions[0]?.data).not.toHaveProperty('escalateAt');
    expect(decisions[0]?.data).not.toHaveProperty('escalateTo');
  });
});
