// The deadline workflow in the proposal and appraisal phases.
import { deciderSpec } from '@app/testing/decider-spec';
import type { ProjectEvent } from '../project/project.events';
import { deadlinesWorkflow, decideDeadlines } from './deadlines.workflow';
import { cancelled, cause, completed, context, decided, ev, histories, next, PID, policyWith } from './deadlines.fixtures';

const spec = deciderSpec(deadlinesWorkflow(context));

/** given(history).when(the event after it). */
function after(history: ProjectEvent[], event: ProjectEvent) {
  return spec.given(decided(history).events).when(next(history, event));
}

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
