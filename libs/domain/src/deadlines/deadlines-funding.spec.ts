// The deadline workflow from the funding decision to the planned end.
import { deciderSpec } from '@app/testing/decider-spec';
import type { ProjectEvent } from '../project/project.events';
import { deadlinesWorkflow, decideDeadlines } from './deadlines.workflow';
import { cause, completed, context, decided, ev, histories, next, PID, recorded } from './deadlines.fixtures';

const spec = deciderSpec(deadlinesWorkflow(context));

/** given(history).when(the event after it). */
function after(history: ProjectEvent[], event: ProjectEvent) {
  return spec.given(decided(history).events).when(next(history, event));
}

describe('contract_signature and settlement_hard_stop', () => {
  it('start at approval: 30 days after the decision, and 22 January of the next year, 17:00', () => {
    const history = [...histories.approved()].slice(0, -1);
    after(history, ev.approved()).then([
      {
        type: 'ReminderScheduled',
        data: {
          reminderId: 'p-1:contract_signature',
          projectId: PID,
          kind: 'contract_signature',
          dueAt: '2026-05-10T17:00:00+07:00',
          assignees: ['officer-1'],
          cause: cause('FundingApproved', 8),
        },
      },
      {
        type: 'ReminderScheduled',
        data: {
          reminderId: 'p-1:settlement_hard_stop',
          projectId: PID,
          kind: 'settlement_hard_stop',
          dueAt: '2027-01-22T17:00:00+07:00',
          assignees: ['role:accountant', 'approver-1'],
          cause: cause('FundingApproved', 8),
        },
      },
    ]);
  });

  it('assign the creator when nobody submitted the project', () => {
    const decisions = decideDeadlines(recorded(2, ev.approved()), decided([ev.created()]).state, context);
    expect(decisions[0]?.data).toMatchObject({ assignees: ['ctv-1'] });
  });

  it('the contract reminder is done when the contract is signed', () => {
    after(histories.approved(), ev.contractSigned()).thenMatches([
      completed('p-1:contract_signature', cause('ContractSigned', 9)),
      { type: 'ReminderScheduled', data: expect.objectContaining({ kind: 'planned_end' }) },
    ]);
  });

  it('an extension to next year moves the hard stop to the year after the new planned end', () => {
    after(histories.implementing(), ev.amendmentApproved('extension_next_year', '2027-03-31')).then([
      {
        type: 'ReminderRescheduled',
        data: { reminderId: 'p-1:planned_end', projectId: PID, dueAt: '2027-03-01T08:00:00+07:00', cause: cause('AmendmentApproved', 11) },
      },
      {
        type: 'ReminderRescheduled',
        data: {
          reminderId: 'p-1:settlement_hard_stop',
          projectId: PID,
          dueAt: '2028-01-22T17:00:00+07:00',
          cause: cause('AmendmentApproved', 11),
        },
      },
    ]);
  });

  it('the hard stop is done when the settlement is approved', () => {
    after([...histories.accepted(), ev.settlementSubmitted()], ev.settled()).thenMatches([
      completed('p-1:settlement_hard_stop', cause('SettlementApproved', 15)),
      { data: expect.objectContaining({ kind: 'post_evaluation' }) },
      { data: expect.objectContaining({ kind: 'post_evaluation' }) },
    ]);
  });
});

describe('planned_end', () => {
  it('falls 30 days before the planned end, 08:00, for the officer and the approver', () => {
    after(histories.approved(), ev.contractSigned()).then([
      completed('p-1:contract_signature', cause('ContractSigned', 9)),
      {
        type: 'ReminderScheduled',
        data: {
          reminderId: 'p-1:planned_end',
          projectId: PID,
          kind: 'planned_end',
          dueAt: '2026-10-01T08:00:00+07:00',
          assignees: ['officer-1', 'approver-1'],
          cause: cause('ContractSigned', 9),
        },
      },
    ]);
  });

  it('moves with an approved amendment that changes the planned end, and only then', () => {
    // Planned end − 30 days is Sunday 15 November 2026: the notice goes out on Friday the 13th.
    after(histories.implementing(), ev.amendmentApproved('schedule', '2026-12-15')).then([
      {
        type: 'ReminderRescheduled',
        data: { reminderId: 'p-1:planned_end', projectId: PID, dueAt: '2026-11-13T08:00:00+07:00', cause: cause('AmendmentApproved', 11) },
      },
    ]);
    after(histories.implementing(), ev.amendmentApproved('support_increase', '2026-10-31')).thenNothing();
  });
});
