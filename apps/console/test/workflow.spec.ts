import { DOCUMENT_COMMAND_TYPES, findPolicy, isAllowedFrom, PROJECT_COMMAND_TYPES, PROJECT_STATUSES, type ProjectState, type ProjectStatus, type Role } from '@app/domain';
import { actors, worldAt } from '@app/domain/testing/domain-fixtures';
import type { HistoryEvent, Policy, ProjectDetail } from '../src/api/types';
import { ACTIONS } from '../src/domain/actions';
import { availableActions } from '../src/domain/availability';
import { checkDraft } from '../src/domain/drafts';
import { funnel } from '../src/domain/funnel';
import { fieldOfCode } from '../src/domain/problem-fields';
import { foldToVersion, summarise } from '../src/domain/time-travel';

function policy(): Policy {
  const found = findPolicy('vn-2014-national', 1);
  if (!found) throw new Error('the national policy set is missing');
  return { ...found, hash: 'test' };
}

/** The parts of `GET /projects/{id}` the action rules read, built from a domain state. */
function detailOf(state: ProjectState, scorers: readonly string[] = []): ProjectDetail {
  if (state.status === 'none') throw new Error('no project');
  const funded = 'funding' in state ? state : undefined;
  const execution = funded?.execution;
  return {
    id: state.projectId,
    status: state.status,
    createdBy: state.createdBy,
    submittedBy: state.submittedBy ?? null,
    category: state.proposal.category,
    appraisal: {
      meanScore: null,
      scoreCount: scorers.length,
      levels: [{ level: 'base', panel: [], openedAt: '', conflicts: [], scores: scorers.map((appraiserId) => ({ appraiserId, scores: {}, weightedScore: 7, at: '' })) }],
      current: state.appraisal ?? null,
      recommendation: state.recommendation ?? null,
    },
    tranches: execution?.tranches ?? [],
    amendments: execution?.amendments ?? [],
    amounts: { refundDemandedVnd: funded?.refunds.demandedVnd ?? 0, refundedVnd: funded?.refunds.refundedVnd ?? 0 },
  } as unknown as ProjectDetail;
}

const user = (id: string, roles: Role[]) => ({ sub: id, roles });
const commands = (detail: ProjectDetail, who: { sub: string; roles: Role[] }, p: Policy = policy()) => availableActions(detail, p, who).map((a) => a.spec.command);

describe('the console knows every staff command of the domain', () => {
  it('has a form for each project command a person issues (finance events, creation and the dossier panel\'s excepted)', () => {
    const byMachinesOrPages: readonly string[] = ['CreateProjectDraft', 'ConfirmPayment', 'FailPayment', ...DOCUMENT_COMMAND_TYPES];
    const expected = PROJECT_COMMAND_TYPES.filter((c) => !byMachinesOrPages.includes(c)).sort();
    expect(ACTIONS.map((a) => a.command).sort()).toEqual(expected);
  });

  it('offers a command only in the statuses the domain’s transition table allows it from', () => {
    const everyone = user(actors.everyone.id, [...actors.everyone.roles]);
    for (const status of PROJECT_STATUSES) {
      const offered = commands(detailOf(worldAt(status).project), everyone);
      for (const command of offered) expect([command, status, isAllowedFrom(command, status)]).toEqual([command, status, true]);
    }
  });
});

describe('actions by role and state', () => {
  it('offers a draft to the officer who may submit, edit or withdraw it, and nothing to others', () => {
    const draft = detailOf(worldAt('draft').project);
    expect(commands(draft, user('officer-1', ['officer']))).toEqual(['SubmitProposal', 'UpdateProjectDraft', 'WithdrawProposal']);
    expect(commands(draft, user('approver-1', ['approver']))).toEqual([]);
    expect(commands(draft, user('auditor-1', ['auditor']))).toEqual([]);
    // The collaborator may edit a draft but not submit it (DOMAIN.md: nothing after submission).
    expect(commands(draft, user('ctv-1', ['collaborator']))).toEqual(['UpdateProjectDraft']);
  });

  it('takes the roles from the pinned policy, not from the console', () => {
    const draft = detailOf(worldAt('draft').project);
    const changed: Policy = { ...policy(), roles: { ...policy().roles, SubmitProposal: ['collaborator'] } };
    expect(commands(draft, user('officer-1', ['officer']), changed)).not.toContain('SubmitProposal');
    expect(commands(draft, user('ctv-1', ['collaborator']), changed)).toContain('SubmitProposal');
  });

  it('lets panel members score once, and the approver conclude only with a quorum', () => {
    const world = worldAt('in_appraisal');
    const open = detailOf(world.project);
    expect(commands(open, user(actors.a1.id, ['appraiser']))).toEqual(['DeclareConflict', 'ScoreProposal']);
    expect(commands(open, user('appraiser-9', ['appraiser']))).toEqual([]);
    const conclude = availableActions(open, policy(), user(actors.approver.id, ['approver'])).find((a) => a.spec.command === 'ConcludeAppraisal');
    expect(conclude?.blocked).toEqual({ key: 'blocked.quorum', params: { scored: 0, quorum: 3 } });

    const scored = detailOf(worldAt('recommended').project, [actors.a1.id, actors.a2.id, actors.a3.id]);
    expect(commands(scored, user(actors.a1.id, ['appraiser']))).toEqual([]);
    const approve = (id: string) => availableActions(scored, policy(), user(id, ['approver'])).find((a) => a.spec.command === 'ApproveFunding');
    expect(approve(actors.approver.id)?.blocked).toBeUndefined();
    // Separation of duties: whoever scored a proposal may not decide its funding.
    expect(approve(actors.a1.id)?.blocked).toEqual({ key: 'blocked.independentApprover' });
  });

  it('offers tranche actions per tranche, the final one only after acceptance, never to its requester', () => {
    const world = worldAt('in_implementation');
    const contracted = detailOf(world.project);
    const officer = availableActions(contracted, policy(), user('officer-1', ['officer'])).filter((a) => a.spec.command === 'RequestTranche');
    expect(officer.map((a) => [a.target.trancheNo, a.blocked?.key])).toEqual([
      [1, undefined],
      [2, 'blocked.finalAfterAcceptance'],
    ]);
    expect(officer[0]?.spec.path(officer[0].target)).toBe('tranches/1/request');

    const world2 = worldAt('in_implementation');
    world2.run({ type: 'ReportProgress', projectId: 'p-1', period: '2026-07', percentComplete: 75, summary: 'x', actor: actors.officer, at: '2026-07-20T09:00:00+07:00' });
    world2.run({ type: 'RequestTranche', projectId: 'p-1', trancheNo: 1, amountVnd: 100_000_000, evidenceRefs: ['e'], actor: actors.officer, at: '2026-07-22T09:00:00+07:00' });
    const requested = detailOf(world2.project);
    const approve = (id: string, roles: Role[]) => availableActions(requested, policy(), user(id, roles)).find((a) => a.spec.command === 'ApproveTranche');
    expect(approve(actors.accountant.id, ['accountant'])?.blocked).toBeUndefined();
    expect(approve(actors.officer.id, ['officer', 'accountant'])?.blocked).toEqual({ key: 'blocked.ownTranche' });
  });

  it('offers nothing once a project is closed', () => {
    const closed = detailOf(worldAt('closed').project);
    for (const roles of [['officer'], ['approver'], ['accountant'], ['appraiser']] as Role[][]) expect(commands(closed, user('x', roles))).toEqual([]);
  });
});

describe('time travel', () => {
  it('folds the history to any version exactly as the engine did', () => {
    const world = worldAt('in_implementation');
    const history: HistoryEvent[] = world.history.map((e, i) => ({
      position: 100 + i,
      version: i + 1,
      type: e.type,
      schemaVersion: 1,
      eventId: `e${i}`,
      recordedAt: '2026-03-02T02:00:00.000Z',
      data: e.data,
      metadata: {},
      prevHash: '',
      hash: '',
    }));
    expect(foldToVersion(history, history.length)).toEqual(world.project);
    expect(foldToVersion(history, 1).status).toBe('draft');
    expect(foldToVersion(history, 2).status).toBe('submitted');
    const summary = summarise(foldToVersion(history, history.length));
    expect(summary).toMatchObject({ status: 'in_implementation', approvedVnd: 150_000_000, disbursedVnd: 0, tranches: [{ no: 1, status: 'scheduled' }, { no: 2, status: 'scheduled' }] });
    expect(summarise({ status: 'none' }).status).toBe('none');
  });
});

describe('the funnel', () => {
  it('counts each project at every stage up to the furthest it reached', () => {
    const steps = funnel([
      { key: 'draft', count: 2 },
      { key: 'in_appraisal', count: 1 },
      { key: 'rejected', count: 1 },
      { key: 'in_implementation', count: 3 },
      { key: 'closed', count: 1 },
    ] satisfies { key: ProjectStatus; count: number }[]);
    expect(Object.fromEntries(steps.map((s) => [s.stage, s.count]))).toEqual({
      created: 8,
      submitted: 6,
      in_appraisal: 6,
      recommended: 5,
      approved: 4,
      contracted: 4,
      accepted: 1,
      settled: 1,
      closed: 1,
    });
  });
});

describe('checks before sending and server errors', () => {
  it('refuses a proposal whose money does not add up or whose dates are reversed', () => {
    expect(
      checkDraft({ totalCostVnd: '400.000.000', requestedSupportVnd: '150.000.000', counterpartVnd: '200.000.000', plannedStart: '01/05/2026', plannedEnd: '01/04/2026' }),
    ).toEqual({ counterpartVnd: { key: 'error.fundingMismatch', params: { amount: 250_000_000 } }, plannedEnd: { key: 'error.datesOrder' } });
    expect(checkDraft({ 'beneficiary.contact.name': 'Hoa' })).toEqual({ 'beneficiary.contact.phone': { key: 'error.contactPair' } });
  });

  it('puts a domain refusal beside the field it concerns, when the form has it', () => {
    expect(fieldOfCode('APPRAISAL.PANEL_CONFLICT', {}, ['panel', 'dueAt'])).toBe('panel');
    expect(fieldOfCode('FUNDING.BUDGET_EXCEEDED', {}, ['decisionNo', 'approvedSupportVnd'])).toBe('approvedSupportVnd');
    expect(fieldOfCode('PROJECT.DATE_IN_FUTURE', { field: 'signedOn' }, ['contractNo', 'signedOn'])).toBe('signedOn');
    expect(fieldOfCode('PROJECT.INVALID_TRANSITION', {}, ['reason'])).toBeUndefined();
  });
});
