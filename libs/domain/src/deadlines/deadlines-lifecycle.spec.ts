import { deciderSpec } from '@app/testing/decider-spec';
import { actors, cmd, T, worldAt } from '../testing/domain-fixtures';
import { openReminders, reminderStatus } from './deadline.state';
import { deadlinesWorkflow, decideDeadlines } from './deadlines.workflow';
import { calendar, decided, recorded } from './deadlines.fixtures';
import type { ReminderEvent } from './reminder.events';

/*
 * A whole project, decided by the real project decider (the domain fixtures' World), run
 * through the deadline workflow event by event, as the application runs it.
 */

const brief = (e: ReminderEvent) => {
  switch (e.type) {
    case 'ReminderScheduled':
      return [e.data.cause.version, e.type, e.data.reminderId, e.data.dueAt];
    case 'ReminderRescheduled':
      return [e.data.cause.version, e.type, e.data.reminderId, e.data.dueAt];
    case 'ReminderCompleted':
      return [e.data.cause.version, e.type, e.data.reminderId];
    case 'ReminderCancelled':
      return [e.data.cause.version, e.type, e.data.reminderId, e.data.reason];
    default:
      return [e.type, e.data.reminderId];
  }
};

const isReminderEvent = (e: { type: string }): e is ReminderEvent => e.type.startsWith('Reminder');

describe('a whole project lifecycle', () => {
  const world = worldAt('closed');
  const context = { policy: world.policy, calendar };
  const run = decided(world.history, context);

  it('schedules, completes and cancels every reminder in order', () => {
    expect(world.history.map((e) => e.type)).toEqual([
      'ProjectDraftCreated',
      'ProposalSubmitted',
      'AppraisalOpened',
      'ProposalScored',
      'ProposalScored',
      'ProposalScored',
      'ProposalRecommended',
      'FundingApproved',
      'ContractSigned',
      'ImplementationStarted',
      'ProgressReported',
      'TrancheRequested',
      'TrancheApproved',
      'PaymentConfirmed',
      'CompletionDeclared',
      'AcceptanceRecorded',
      'TrancheRequested',
      'TrancheApproved',
      'PaymentConfirmed',
      'SettlementSubmitted',
      'SettlementApproved',
      'OutcomeRecorded',
      'ProjectClosed',
    ]);
    expect(run.events.filter(isReminderEvent).map(brief)).toEqual([
      [3, 'ReminderScheduled', 'p-1:appraisal_scoring:province:appraiser-1', '2026-04-01T17:00:00+07:00'],
      [3, 'ReminderScheduled', 'p-1:appraisal_scoring:province:appraiser-2', '2026-04-01T17:00:00+07:00'],
      [3, 'ReminderScheduled', 'p-1:appraisal_scoring:province:appraiser-3', '2026-04-01T17:00:00+07:00'],
      [4, 'ReminderCompleted', 'p-1:appraisal_scoring:province:appraiser-1'],
      [5, 'ReminderCompleted', 'p-1:appraisal_scoring:province:appraiser-2'],
      [6, 'ReminderCompleted', 'p-1:appraisal_scoring:province:appraiser-3'],
      [8, 'ReminderScheduled', 'p-1:contract_signature', '2026-05-10T17:00:00+07:00'],
      [8, 'ReminderScheduled', 'p-1:settlement_hard_stop', '2027-01-22T17:00:00+07:00'],
      [9, 'ReminderCompleted', 'p-1:contract_signature'],
      [9, 'ReminderScheduled', 'p-1:planned_end', '2026-10-01T08:00:00+07:00'],
      [10, 'ReminderScheduled', 'p-1:progress_report:2026-05', '2026-05-25T23:59:59.999+07:00'],
      // The first report covers July: May can no longer be reported, August is next.
      [11, 'ReminderCancelled', 'p-1:progress_report:2026-05', 'superseded_by_later_report'],
      [11, 'ReminderScheduled', 'p-1:progress_report:2026-08', '2026-08-25T23:59:59.999+07:00'],
      [15, 'ReminderCancelled', 'p-1:progress_report:2026-08', 'completion_declared'],
      [15, 'ReminderCompleted', 'p-1:planned_end'],
      [15, 'ReminderScheduled', 'p-1:acceptance', '2026-10-22T17:00:00+07:00'],
      [16, 'ReminderCompleted', 'p-1:acceptance'],
      [16, 'ReminderScheduled', 'p-1:settlement_dossier', '2026-10-25T17:00:00+07:00'],
      [20, 'ReminderCompleted', 'p-1:settlement_dossier'],
      [21, 'ReminderCompleted', 'p-1:settlement_hard_stop'],
      [21, 'ReminderScheduled', 'p-1:post_evaluation:6', '2027-05-01T17:00:00+07:00'],
      [21, 'ReminderScheduled', 'p-1:post_evaluation:12', '2027-11-01T17:00:00+07:00'],
      [22, 'ReminderCompleted', 'p-1:post_evaluation:6'],
      [23, 'ReminderCancelled', 'p-1:post_evaluation:12', 'project_closed'],
    ]);
  });

  it('leaves nothing open at closure, and the read model shows each outcome', () => {
    expect(openReminders(run.state)).toEqual([]);
    const statuses = Object.values(run.state.reminders).map((r) => [r.reminderId, reminderStatus(r)]);
    expect(statuses.filter(([, s]) => s === 'cancelled').map(([id]) => id)).toEqual([
      'p-1:progress_report:2026-05',
      'p-1:progress_report:2026-08',
      'p-1:post_evaluation:12',
    ]);
    expect(statuses.filter(([, s]) => s === 'done')).toHaveLength(9);
  });

  it('run twice: replaying every event over the final state decides nothing', () => {
    world.history.forEach((event, i) => {
      expect(decideDeadlines(recorded(i + 1, event), run.state, context)).toEqual([]);
    });
  });

  it('an information request and an amendment on the way are answered too', () => {
    const w = worldAt('submitted').run(cmd.requestInfo({ at: T.submitted }));
    const spec = deciderSpec(deadlinesWorkflow({ policy: w.policy, calendar }));
    const provided = w.run(cmd.provideInfo({ at: '2026-03-05T09:00:00+07:00' })).history;
    spec
      .given(decided(provided.slice(0, -1), context).events)
      .when(recorded(provided.length, provided[provided.length - 1] as (typeof provided)[number]))
      .thenMatches([{ type: 'ReminderCompleted', data: expect.objectContaining({ reminderId: 'p-1:info_reply:3' }) }]);

    const amended = worldAt('in_implementation').run(cmd.requestAmendment(), cmd.decideAmendment({ actor: actors.approver }));
    const last = amended.history[amended.history.length - 1];
    expect(last?.type).toBe('AmendmentApproved');
    const before = decided(amended.history.slice(0, -1), context).state;
    expect(decideDeadlines(recorded(amended.history.length, last as (typeof amended.history)[number]), before, context)).toEqual([
      {
        type: 'ReminderRescheduled',
        data: {
          reminderId: 'p-1:planned_end',
          projectId: 'p-1',
          // 15 November 2026 is a Sunday: the notice goes out on Friday the 13th.
          dueAt: '2026-11-13T08:00:00+07:00',
          cause: { type: 'AmendmentApproved', version: amended.history.length },
        },
      },
    ]);
  });
});
