// The deadline workflow from completion to the end of a project.
import { deciderSpec } from '@app/testing/decider-spec';
import type { ProjectEvent } from '../project/project.events';
import { deadlinesWorkflow } from './deadlines.workflow';
import { cancelled, cause, completed, context, decided, ev, histories, next, PID } from './deadlines.fixtures';

const spec = deciderSpec(deadlinesWorkflow(context));

/** given(history).when(the event after it). */
function after(history: ProjectEvent[], event: ProjectEvent) {
  return spec.given(decided(history).events).when(next(history, event));
}

describe('acceptance', () => {
  it('is due 15 business days after completion, 17:00, and planned_end is done', () => {
    // Thu 1 Oct + 15 business days → Thu 22 Oct.
    after([...histories.implementing(), ev.progress('2026-05')], ev.completed()).then([
      cancelled('p-1:progress_report:2026-06', 'completion_declared', cause('CompletionDeclared', 12)),
      completed('p-1:planned_end', cause('CompletionDeclared', 12)),
      {
        type: 'ReminderScheduled',
        data: {
          reminderId: 'p-1:acceptance',
          projectId: PID,
          kind: 'acceptance',
          dueAt: '2026-10-22T17:00:00+07:00',
          assignees: ['officer-1'],
          cause: cause('CompletionDeclared', 12),
        },
      },
    ]);
  });

  it('stays open after a failed acceptance', () => {
    after(histories.awaitingAcceptance(), ev.accepted(false)).thenNothing();
  });
});

describe('settlement_dossier', () => {
  it('starts at a passed acceptance: 15 days after it, 17:00, for the officer and the accountants', () => {
    after(histories.awaitingAcceptance(), ev.accepted()).then([
      completed('p-1:acceptance', cause('AcceptanceRecorded', 13)),
      {
        type: 'ReminderScheduled',
        data: {
          reminderId: 'p-1:settlement_dossier',
          projectId: PID,
          kind: 'settlement_dossier',
          dueAt: '2026-10-25T17:00:00+07:00',
          assignees: ['officer-1', 'role:accountant'],
          cause: cause('AcceptanceRecorded', 13),
        },
      },
    ]);
  });

  it('is done when the dossier is submitted', () => {
    after(histories.accepted(), ev.settlementSubmitted()).then([completed('p-1:settlement_dossier', cause('SettlementSubmitted', 14))]);
  });
});

describe('refund', () => {
  const history = histories.settled();

  it("is due on the demand's dueOn, 17:00, for the accountants", () => {
    after(history, ev.refundDemanded()).then([
      {
        type: 'ReminderScheduled',
        data: {
          reminderId: 'p-1:refund:16',
          projectId: PID,
          kind: 'refund',
          dueAt: '2026-12-01T17:00:00+07:00',
          assignees: ['role:accountant'],
          cause: cause('RefundDemanded', 16),
        },
      },
    ]);
  });

  it('falls back to the policy days when the demand names no date', () => {
    after(history, ev.refundDemanded({ dueOn: undefined })).thenMatches([
      { data: expect.objectContaining({ dueAt: '2026-12-01T17:00:00+07:00' }) },
    ]);
  });

  it('is done only when nothing is left outstanding', () => {
    const demanded = [...history, ev.refundDemanded()];
    after(demanded, ev.refundRecorded(5_000_000)).thenNothing();
    after([...demanded, ev.refundRecorded(5_000_000)], ev.refundRecorded(0)).then([
      completed('p-1:refund:16', cause('RefundRecorded', 18)),
    ]);
  });
});

describe('post_evaluation', () => {
  it('starts at settlement: +6 and +12 months, 17:00, for the officer', () => {
    const history = [...histories.accepted(), ev.settlementSubmitted()];
    const evaluation = (months: number, dueAt: string) => ({
      type: 'ReminderScheduled' as const,
      data: {
        reminderId: `p-1:post_evaluation:${months}`,
        projectId: PID,
        kind: 'post_evaluation' as const,
        dueAt,
        assignees: ['officer-1'],
        cause: cause('SettlementApproved', 15),
      },
    });
    after(history, ev.settled()).then([
      completed('p-1:settlement_hard_stop', cause('SettlementApproved', 15)),
      evaluation(6, '2027-05-01T17:00:00+07:00'),
      evaluation(12, '2027-11-01T17:00:00+07:00'),
    ]);
  });

  it('the first outcome completes the 6-month one, the second the 12-month one', () => {
    after(histories.settled(), ev.outcome()).then([completed('p-1:post_evaluation:6', cause('OutcomeRecorded', 16))]);
    after([...histories.settled(), ev.outcome()], ev.outcome('2027-11-01T09:00:00+07:00')).then([
      completed('p-1:post_evaluation:12', cause('OutcomeRecorded', 17)),
    ]);
  });
});

describe('the end of a project cancels every open reminder', () => {
  it.each([
    ['ProposalWithdrawn', ev.withdrawn(), 'proposal_withdrawn'],
    ['ProposalNotRecommended', ev.notRecommended(), 'proposal_not_recommended'],
    ['FundingRejected', ev.rejected(), 'funding_rejected'],
    ['ProjectTerminated', ev.terminated(), 'project_terminated'],
    ['ProjectClosed', ev.closed(), 'project_closed'],
  ] as const)('%s', (type, event, reason) => {
    after(histories.inAppraisal(), event).then(
      ['appraiser-1', 'appraiser-2', 'appraiser-3'].map((a) =>
        cancelled(`p-1:appraisal_scoring:province:${a}`, reason, cause(type, 4)),
      ),
    );
  });

  it('a termination during implementation cancels progress, planned end and hard stop', () => {
    after(histories.implementing(), ev.terminated()).then([
      cancelled('p-1:settlement_hard_stop', 'project_terminated', cause('ProjectTerminated', 11)),
      cancelled('p-1:planned_end', 'project_terminated', cause('ProjectTerminated', 11)),
      cancelled('p-1:progress_report:2026-05', 'project_terminated', cause('ProjectTerminated', 11)),
    ]);
  });

  it('closure cancels the evaluation still open', () => {
    after([...histories.settled(), ev.outcome()], ev.closed()).then([
      cancelled('p-1:post_evaluation:12', 'project_closed', cause('ProjectClosed', 17)),
    ]);
  });
});
