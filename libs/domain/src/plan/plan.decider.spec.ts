import { VN_LONGAN_LOCAL_2022_V1 } from '../policy/vn-longan-local-2022.policy';
import type { PolicySet } from '../policy/policy-set';
import { evolveProgramme, type ProgrammeState } from '../programme/programme.state';
import { decideProject } from '../project/project.decider';
import type { ProjectState } from '../project/project.state';
import { actors, cmd, programmeCreated, T, World, worldAt } from '../testing/domain-fixtures';
import type { Actor } from '../shared';
import type { ApprovePlan, CreatePlan, PlanItem, SubmitPlan } from './plan.commands';
import { decidePlan, type PlanDecisionInput } from './plan.decider';
import type { PlanEvent } from './plan.events';
import { evolvePlan, type PlanState } from './plan.state';

const policy = VN_LONGAN_LOCAL_2022_V1;
const at = T.approved;

/** A project of the Long An programme brought to a status, under its own id. */
function project(projectId: string, status: 'recommended' | 'approved' | 'in_appraisal' = 'recommended'): ProjectState {
  return worldAt(status, new World(programmeCreated(), undefined, projectId)).project;
}

const programmeOf = (budgetVnd = 1_000_000_000): ProgrammeState => evolveProgramme({ status: 'none' }, programmeCreated({ budgetVnd }));

const PROJECTS = { 'p-a': project('p-a'), 'p-b': project('p-b'), 'p-c': project('p-c') };
const ITEMS: PlanItem[] = [
  { projectId: 'p-a', approvedSupportVnd: 150_000_000 },
  { projectId: 'p-b', approvedSupportVnd: 120_000_000 },
  { projectId: 'p-c', approvedSupportVnd: 100_000_000 },
];

const create = (overrides: Partial<CreatePlan> = {}): CreatePlan => ({
  type: 'CreatePlan',
  planId: 'pl-1',
  programmeId: 'la-2026',
  title: 'Kế hoạch khuyến công địa phương năm 2026',
  items: ITEMS,
  actor: actors.officer,
  at,
  ...overrides,
});
const submit = (overrides: Partial<SubmitPlan> = {}): SubmitPlan => ({ type: 'SubmitPlan', planId: 'pl-1', programmeId: 'la-2026', actor: actors.officer, at, ...overrides });
const approve = (overrides: Partial<ApprovePlan> = {}): ApprovePlan => ({
  type: 'ApprovePlan',
  planId: 'pl-1',
  programmeId: 'la-2026',
  decisionNo: '1234/QĐ-UBND',
  decidedOn: '2026-04-10',
  actor: actors.approver,
  at,
  ...overrides,
});

function input(plan: PlanState, overrides: Partial<PlanDecisionInput> = {}): PlanDecisionInput {
  return { plan, programme: programmeOf(), policy, projects: PROJECTS, ...overrides };
}

function fold(events: readonly PlanEvent[]): PlanState {
  return events.reduce<PlanState>(evolvePlan, { status: 'none' });
}

const drafted = () => fold(decidePlan(create(), input({ status: 'none' })).plan);
const submitted = () => fold([...decidePlan(create(), input({ status: 'none' })).plan, ...decidePlan(submit(), input(drafted())).plan]);

function thrown(run: () => unknown): { code: string; kind: string; details: Record<string, unknown> } {
  try {
    run();
  } catch (error) {
    return error as { code: string; kind: string; details: Record<string, unknown> };
  }
  throw new Error('expected a refusal');
}

describe('CreatePlan', () => {
  it('drafts a plan of recommended projects of the programme, with its total', () => {
    expect(decidePlan(create(), input({ status: 'none' }))).toEqual({
      plan: [
        {
          type: 'PlanCreated',
          data: { planId: 'pl-1', programmeId: 'la-2026', title: 'Kế hoạch khuyến công địa phương năm 2026', items: ITEMS, totalVnd: 370_000_000, createdBy: 'officer-1', at },
        },
      ],
      projects: [],
      programme: [],
    });
    expect(drafted()).toMatchObject({ status: 'draft', totalVnd: 370_000_000 });
  });

  it('refuses a project listed twice, naming it', () => {
    const error = thrown(() => decidePlan(create({ items: [...ITEMS, { projectId: 'p-b', approvedSupportVnd: 1 }] }), input({ status: 'none' })));
    expect([error.code, error.kind, error.details]).toEqual(['PLAN.DUPLICATE_PROJECT', 'invalid', { projectIds: ['p-b'] }]);
  });

  it('refuses projects of another programme, or unknown ones, naming them', () => {
    const projects = { ...PROJECTS, 'p-x': { ...project('p-x'), programmeId: 'la-2027' } };
    const error = thrown(() =>
      decidePlan(create({ items: [...ITEMS, { projectId: 'p-x', approvedSupportVnd: 1 }, { projectId: 'p-y', approvedSupportVnd: 1 }] }), input({ status: 'none' }, { projects })),
    );
    expect([error.code, error.kind, error.details]).toEqual(['PLAN.PROJECT_OF_ANOTHER_PROGRAMME', 'invalid', { programmeId: 'la-2026', projectIds: ['p-x', 'p-y'] }]);
  });

  it('refuses projects that are not recommended, naming them with their status', () => {
    const projects = { ...PROJECTS, 'p-d': project('p-d', 'in_appraisal'), 'p-e': project('p-e', 'approved') };
    const items = [...ITEMS, { projectId: 'p-d', approvedSupportVnd: 1 }, { projectId: 'p-e', approvedSupportVnd: 1 }];
    const error = thrown(() => decidePlan(create({ items }), input({ status: 'none' }, { projects })));
    expect([error.code, error.kind, error.details]).toEqual([
      'PLAN.PROJECT_NOT_RECOMMENDED',
      'invalid',
      { projectIds: ['p-d', 'p-e'], statuses: { 'p-d': 'in_appraisal', 'p-e': 'approved' } },
    ]);
  });

  it('refuses more support than recommended, an empty plan, a bad amount and other roles', () => {
    const over = thrown(() => decidePlan(create({ items: [{ projectId: 'p-a', approvedSupportVnd: 150_000_001 }] }), input({ status: 'none' })));
    expect([over.code, over.details]).toEqual(['FUNDING.EXCEEDS_RECOMMENDED', { projectId: 'p-a', approvedSupportVnd: 150_000_001, recommendedSupportVnd: 150_000_000 }]);
    expect(thrown(() => decidePlan(create({ items: [] }), input({ status: 'none' }))).code).toBe('PLAN.EMPTY');
    expect(thrown(() => decidePlan(create({ items: [{ projectId: 'p-a', approvedSupportVnd: 0 }] }), input({ status: 'none' }))).code).toBe('MONEY.INVALID_AMOUNT');
    const role = thrown(() => decidePlan(create({ actor: actors.approver }), input({ status: 'none' })));
    expect([role.code, role.kind]).toEqual(['AUTH.ROLE_NOT_ALLOWED', 'forbidden']);
    expect(decidePlan(create({ actor: actors.admin }), input({ status: 'none' })).plan).toHaveLength(1);
  });

  it('lets an officer bound to areas plan only projects of those areas', () => {
    const elsewhere = { id: 'officer-79', roles: ['officer' as const], areas: ['79'] };
    const error = thrown(() => decidePlan(create({ actor: elsewhere }), input({ status: 'none' })));
    expect([error.code, error.kind, error.details]).toEqual(['AUTH.OUT_OF_AREA', 'forbidden', { areas: ['79'], projectIds: ['p-a', 'p-b', 'p-c'] }]);
    expect(decidePlan(create({ actor: actors.areaOfficer }), input({ status: 'none' })).plan).toHaveLength(1);
  });

  it('refuses a second creation, an unknown programme, and a policy that approves one by one', () => {
    expect(thrown(() => decidePlan(create(), input(drafted()))).code).toBe('PLAN.ALREADY_EXISTS');
    expect(thrown(() => decidePlan(create({ programmeId: 'la-2099' }), input({ status: 'none' }))).code).toBe('PROGRAMME.NOT_FOUND');
    const single: PolicySet = { ...policy, projectApproval: 'single' };
    const error = thrown(() => decidePlan(create(), input({ status: 'none' }, { policy: single })));
    expect([error.code, error.kind]).toEqual(['PLAN.NOT_ALLOWED', 'conflict']);
  });
});

describe('SubmitPlan', () => {
  it('submits a draft, once', () => {
    expect(decidePlan(submit(), input(drafted())).plan).toEqual([{ type: 'PlanSubmitted', data: { planId: 'pl-1', programmeId: 'la-2026', submittedBy: 'officer-1', at } }]);
    const again = thrown(() => decidePlan(submit(), input(submitted())));
    expect([again.code, again.details]).toEqual(['PLAN.INVALID_TRANSITION', { planId: 'pl-1', command: 'SubmitPlan', status: 'submitted' }]);
    expect(thrown(() => decidePlan(submit(), input({ status: 'none' }))).code).toBe('PLAN.NOT_FOUND');
  });
});

describe('ApprovePlan', () => {
  it('approves every project as a single approval would, with the plan id, and reserves the total', () => {
    const decision = decidePlan(approve(), input(submitted()));
    expect(decision.plan).toEqual([
      {
        type: 'PlanApproved',
        data: { planId: 'pl-1', programmeId: 'la-2026', decisionNo: '1234/QĐ-UBND', decidedOn: '2026-04-10', totalVnd: 370_000_000, authority: 'people_committee', approvedBy: 'approver-1', at },
      },
    ]);
    expect(decision.projects.map((p) => p.projectId)).toEqual(['p-a', 'p-b', 'p-c']);
    // The same facts as approving p-b on its own, plus the plan id.
    const single = decideProject(
      { type: 'ApproveFunding', projectId: 'p-b', decisionNo: '1234/QĐ-UBND', decidedOn: '2026-04-10', approvedSupportVnd: 120_000_000, actor: actors.approver, at },
      { project: PROJECTS['p-b'], programme: programmeOf(), policy },
    );
    expect(decision.projects[1]?.events).toEqual([{ ...single.project[0], data: { ...single.project[0]?.data, planId: 'pl-1' } }]);
    expect(decision.programme.map((e) => e.type === 'FundsReserved' && [e.data.projectId, e.data.amountVnd, e.data.decisionNo])).toEqual([
      ['p-a', 150_000_000, '1234/QĐ-UBND'],
      ['p-b', 120_000_000, '1234/QĐ-UBND'],
      ['p-c', 100_000_000, '1234/QĐ-UBND'],
    ]);
    expect(fold([...decidePlan(create(), input({ status: 'none' })).plan, ...decidePlan(submit(), input(drafted())).plan, ...decision.plan])).toMatchObject({
      status: 'approved',
      decision: { decisionNo: '1234/QĐ-UBND', authority: 'people_committee' },
    });
  });

  it('refuses a plan over the available budget, with the shortfall', () => {
    const error = thrown(() => decidePlan(approve(), input(submitted(), { programme: programmeOf(300_000_000) })));
    expect([error.code, error.kind, error.details]).toEqual([
      'FUNDING.BUDGET_EXCEEDED',
      'conflict',
      { programmeId: 'la-2026', planId: 'pl-1', availableVnd: 300_000_000, requestedVnd: 370_000_000, shortfallVnd: 70_000_000, totalVnd: 300_000_000, reservedVnd: 0 },
    ]);
  });

  it('needs an approver whose authority covers the policy level, naming it', () => {
    const cases: [Actor, string | null][] = [
      [actors.approverWithoutAuthority, null],
      [actors.departmentApprover, 'department'],
      [actors.ministryApprover, 'ministry'],
    ];
    for (const [actor, held] of cases) {
      const error = thrown(() => decidePlan(approve({ actor }), input(submitted())));
      expect([error.code, error.kind, error.details]).toEqual(['AUTHORITY.INSUFFICIENT', 'forbidden', { planId: 'pl-1', requiredAuthority: 'people_committee', actorAuthority: held }]);
    }
    const national: PolicySet = { ...policy, planApproval: { authority: 'ministry' } };
    expect(decidePlan(approve({ actor: actors.ministryApprover }), input(submitted(), { policy: national })).plan).toHaveLength(1);
    expect(thrown(() => decidePlan(approve({ actor: actors.officer }), input(submitted()))).code).toBe('AUTH.ROLE_NOT_ALLOWED');
  });

  it('refuses a project that moved on since the plan was drafted, naming it', () => {
    const projects = { ...PROJECTS, 'p-b': project('p-b', 'approved') };
    const error = thrown(() => decidePlan(approve(), input(submitted(), { projects })));
    expect([error.code, error.kind, error.details]).toEqual(['PLAN.PROJECT_CHANGED', 'conflict', { planId: 'pl-1', projectIds: ['p-b'], statuses: { 'p-b': 'approved' } }]);
  });

  it('keeps each project’s own rules, naming the project', () => {
    const scorer = { id: 'appraiser-1', roles: ['approver' as const], authority: 'people_committee' as const };
    const error = thrown(() => decidePlan(approve({ actor: scorer }), input(submitted())));
    expect([error.code, error.details.projectId, error.details.planId]).toEqual(['FUNDING.SEPARATION_OF_DUTIES', 'p-a', 'pl-1']);
  });

  it('approves only a submitted plan, with a decision date that has come', () => {
    expect(thrown(() => decidePlan(approve(), input(drafted()))).code).toBe('PLAN.INVALID_TRANSITION');
    expect(thrown(() => decidePlan(approve({ decidedOn: '2026-04-11' }), input(submitted()))).code).toBe('PROJECT.DATE_IN_FUTURE');
  });
});

describe('projectApproval', () => {
  it('refuses a single approval where the policy approves through plans only', () => {
    const planOnly: PolicySet = { ...policy, projectApproval: 'plan' };
    const error = thrown(() => decideProject(cmd.approve({ projectId: 'p-a' }), { project: PROJECTS['p-a'], programme: programmeOf(), policy: planOnly }));
    expect([error.code, error.kind]).toEqual(['FUNDING.PLAN_REQUIRED', 'conflict']);
    expect(decidePlan(approve(), input(submitted(), { policy: planOnly })).projects).toHaveLength(3);
    // The shipped sets allow both.
    expect(decideProject(cmd.approve({ projectId: 'p-a' }), { project: PROJECTS['p-a'], programme: programmeOf(), policy }).project).toHaveLength(1);
  });
});
