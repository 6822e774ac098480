import { deciderSpec } from '@app/testing/decider-spec';
import type { ProjectEvent } from '../project/project.events';
import { deadlinesWorkflow, decideDeadlines } from './deadlines.workflow';
import { context, decided, ev, fact, histories, next, PID, policyWith, recorded } from './deadlines.fixtures';
import type { ReminderCause, ReminderEvent } from './reminder.events';

const spec = deciderSpec(deadlinesWorkflow(context));

/** given(history).when(the event after it). */
function after(history: ProjectEvent[], event: ProjectEvent) {
  return spec.given(decided(history).events).when(next(history, event));
}

const cause = (type: string, version: number): ReminderCause => ({ type, version });
const completed = (reminderId: string, c: ReminderCause): ReminderEvent => ({
  type: 'ReminderCompleted',
  data: { reminderId, projectId: PID, cause: c },
});
const cancelled = (reminderId: string, reason: string, c: ReminderCause) =>
  ({ type: 'ReminderCancelled', data: { reminderId, projectId: PID, reason, cause: c } }) as ReminderEvent;

describe('info_reply', () => {
  it('is due 10 business days after the request, 17:00, skipping weekends and the holiday', () => {
    // Tue 3 Mar + 10 business days, Fri 13 Mar being a holiday → Wed 18 Mar.
    after(histories.proposal(), ev.infoRequested()).then([
      {
        type: 'ReminderScheduled',
        data: {
          reminderId: 'p-1:info_reply:3',
          projectId: PID,
          kind: 'info_reply',
          dueAt: '2026-03-18T17:00:00+07:00',
          assignees: ['officer-2'],
          cause: cause('InformationRequested', 3),
        },
      },
    ]);
  });

  it('takes replyDueAt when given, written in Vietnamese time', () => {
    after(histories.proposal(), ev.infoRequested({ replyDueAt: '2026-03-20T03:00:00Z' })).thenMatches([
      { data: expect.objectContaining({ reminderId: 'p-1:info_reply:3', dueAt: '2026-03-20T10:00:00+07:00' }) },
    ]);
  });

  it('reads the number of business days from the policy', () => {
    const history = histories.proposal();
    const decisions = decideDeadlines(next(history, ev.infoRequested()), decided(history).state, {
      ...context,
      policy: policyWith({ infoReplyBusinessDays: 5 }),
    });
    expect(decisions[0]?.data).toMatchObject({ dueAt: '2026-03-10T17:00:00+07:00' });
  });

  it('is done when the information is provided, or the proposal resubmitted', () => {
    const history = [...histories.proposal(), ev.infoRequested()];
    after(history, ev.infoProvided()).then([completed('p-1:info_reply:3', cause('InformationProvided', 4))]);
    after(history, ev.submitted({ resubmission: true, submittedBy: 'officer-3' })).then([
      completed('p-1:info_reply:3', cause('ProposalSubmitted', 4)),
    ]);
  });

  it('is cancelled by a withdrawal', () => {
    after([...histories.proposal(), ev.infoRequested()], ev.withdrawn()).then([
      cancelled('p-1:info_reply:3', 'proposal_withdrawn', cause('ProposalWithdrawn', 4)),
    ]);
  });

  it('names each request apart, by its stream version', () => {
    const history = [...histories.proposal(), ev.infoRequested(), ev.infoProvided()];
    after(history, ev.infoRequested()).thenMatches([{ data: expect.objectContaining({ reminderId: 'p-1:info_reply:5' }) }]);
  });
});

describe('appraisal_scoring', () => {
  const scoring = (appraiserId: string, dueAt: string, version = 3) => ({
    type: 'ReminderScheduled' as const,
    data: {
      reminderId: `p-1:appraisal_scoring:province:${appraiserId}`,
      projectId: PID,
      kind: 'appraisal_scoring' as const,
      dueAt,
      assignees: [appraiserId],
      cause: cause('AppraisalOpened', version),
    },
  });

  it('gives each panel member 15 business days, 17:00', () => {
    // Tue 10 Mar + 15 business days without Fri 13 Mar → Wed 1 Apr.
    const due = '2026-04-01T17:00:00+07:00';
    after(histories.proposal(), ev.appraisalOpened()).then([
      scoring('appraiser-1', due),
      scoring('appraiser-2', due),
      scoring('appraiser-3', due),
    ]);
  });

  it('takes the dueAt of the opening when given', () => {
    const due = '2026-03-31T17:00:00+07:00';
    after(histories.proposal(), ev.appraisalOpened({ dueAt: due })).then([
      scoring('appraiser-1', due),
      scoring('appraiser-2', due),
      scoring('appraiser-3', due),
    ]);
  });

  it('is done when that appraiser scores, cancelled when they declare a conflict', () => {
    const history = histories.inAppraisal();
    after(history, ev.scored('appraiser-1')).then([
      completed('p-1:appraisal_scoring:province:appraiser-1', cause('ProposalScored', 4)),
    ]);
    after(history, ev.conflict('appraiser-2')).then([
      cancelled('p-1:appraisal_scoring:province:appraiser-2', 'conflict_declared', cause('ConflictDeclared', 4)),
    ]);
  });

  it('is cancelled for whoever has not scored when the level concludes', () => {
    const history = [...histories.inAppraisal(), ev.scored('appraiser-1'), ev.conflict('appraiser-2')];
    after(history, ev.levelPassed()).then([
      cancelled('p-1:appraisal_scoring:province:appraiser-3', 'appraisal_concluded', cause('AppraisalLevelPassed', 6)),
    ]);
    after(history, ev.recommended()).thenMatches([{ data: expect.objectContaining({ reason: 'appraisal_concluded' }) }]);
    after(history, ev.notRecommended()).thenMatches([{ data: expect.objectContaining({ reason: 'proposal_not_recommended' }) }]);
  });

  it('follows a reopened level: kept members move to the new due time, dropped ones are cancelled', () => {
    const history = [...histories.inAppraisal(), ev.scored('appraiser-1'), ev.conflict('appraiser-2')];
    const due = '2026-04-03T17:00:00+07:00';
    const reopen = (panel: string[]) => ev.appraisalOpened({ panel, dueAt: due, reopened: true, at: '2026-03-20T09:00:00+07:00' });
    after(history, reopen(['appraiser-1', 'appraiser-3', 'appraiser-4'])).then([
      {
        type: 'ReminderRescheduled',
        data: { reminderId: 'p-1:appraisal_scoring:province:appraiser-3', projectId: PID, dueAt: due, cause: cause('AppraisalOpened', 6) },
      },
      scoring('appraiser-4', due, 6),
    ]);
    after(history, reopen(['appraiser-1', 'appraiser-4', 'appraiser-5'])).then([
      cancelled('p-1:appraisal_scoring:province:appraiser-3', 'panel_replaced', cause('AppraisalOpened', 6)),
      scoring('appraiser-4', due, 6),
      scoring('appraiser-5', due, 6),
    ]);
  });
});

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
    after(histories.implementing(), ev.amendmentApproved('schedule', '2026-12-15')).then([
      {
        type: 'ReminderRescheduled',
        data: { reminderId: 'p-1:planned_end', projectId: PID, dueAt: '2026-11-15T08:00:00+07:00', cause: cause('AmendmentApproved', 11) },
      },
    ]);
    after(histories.implementing(), ev.amendmentApproved('support_increase', '2026-10-31')).thenNothing();
  });
});

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
