import { requireAuthority } from '../policy/authorization';
import { planApprovalAuthority, type PolicySet, projectApprovalMode } from '../policy/policy-set';
import type { ProgrammeEvent } from '../programme/programme.events';
import { type ActiveProgramme, availableVnd, evolveProgramme, type ProgrammeState } from '../programme/programme.state';
import { pastDate } from '../project/project-funding.rules';
import { decideProject } from '../project/project.decider';
import type { ProjectEvent } from '../project/project.events';
import type { ProjectState } from '../project/project.state';
import {
  type Actor,
  assertNever,
  DomainError,
  ForbiddenError,
  notFound,
  requireInstant,
  requireText,
  requireVnd,
  type Role,
} from '../shared';
import type { ApprovePlan, CreatePlan, PlanCommand, PlanItem, SubmitPlan } from './plan.commands';
import type { PlanEvent } from './plan.events';
import type { KnownPlan, PlanState, PlanStatus } from './plan.state';

/**
 * Who may issue each plan command. Plans are not in a policy set's role table (adding them there
 * would change the hash recorded decisions pin), so the roles are the engine's: officers and
 * admins draft and submit, approvers approve (with the policy's decision level).
 */
export const PLAN_ROLES: Readonly<Record<PlanCommand['type'], readonly Role[]>> = Object.freeze({
  CreatePlan: ['officer', 'admin'],
  SubmitPlan: ['officer', 'admin'],
  ApprovePlan: ['approver'],
});

/** What `decidePlan` needs besides the command. */
export interface PlanDecisionInput {
  /** The plan's state folded from its stream. */
  readonly plan: PlanState;
  /** The programme the plan belongs to (addressed by the request's path). */
  readonly programme: ProgrammeState;
  /** The policy set the programme pinned. */
  readonly policy: PolicySet;
  /** The state of every project the command names (the items', for a creation; the plan's otherwise). */
  readonly projects: Readonly<Record<string, ProjectState>>;
}

/**
 * The facts a plan command decides: for the plan's stream and, on approval, for each project's and
 * the programme's stream. The application appends them all in one multi-stream append, each stream
 * at the version it was loaded at, or none of them.
 */
export interface PlanDecision {
  readonly plan: PlanEvent[];
  readonly projects: { readonly projectId: string; readonly events: ProjectEvent[] }[];
  readonly programme: ProgrammeEvent[];
}

function requirePlanRole(command: PlanCommand, actor: Actor): void {
  const required = PLAN_ROLES[command.type];
  if (!actor.roles.some((role) => required.includes(role))) {
    throw new ForbiddenError('AUTH.ROLE_NOT_ALLOWED', `${command.type} needs one of the roles: ${required.join(', ')}`, {
      command: command.type,
      requiredRoles: required,
      actorRoles: actor.roles,
    });
  }
}

function requirePlansAllowed(policy: PolicySet, programmeId: string): void {
  if (projectApprovalMode(policy) === 'single') {
    throw new DomainError('conflict', 'PLAN.NOT_ALLOWED', 'The policy approves projects one by one, not through a plan', {
      programmeId,
      policyId: policy.id,
      policyVersion: policy.version,
      projectApproval: 'single',
    });
  }
}

function expectPlan(state: PlanState, command: PlanCommand, from: PlanStatus): KnownPlan {
  if (state.status === 'none' || state.programmeId !== command.programmeId) throw notFound('plan', command.planId);
  if (state.status !== from) {
    throw new DomainError('conflict', 'PLAN.INVALID_TRANSITION', `${command.type} is not possible on a ${state.status} plan`, {
      planId: state.planId,
      command: command.type,
      status: state.status,
    });
  }
  return state;
}

function validItems(items: unknown): PlanItem[] {
  if (!Array.isArray(items)) {
    throw new DomainError('invalid', 'COMMAND.INVALID_FIELD', 'items must be a list', { field: 'items' });
  }
  if (items.length === 0) throw new DomainError('invalid', 'PLAN.EMPTY', 'A plan needs at least one project', { field: 'items' });
  return (items as Partial<PlanItem>[]).map((item, i) => ({
    projectId: requireText(`items[${i}].projectId`, item?.projectId),
    approvedSupportVnd: requireVnd(`items[${i}].approvedSupportVnd`, item?.approvedSupportVnd, { positive: true }),
  }));
}

/** Project ids in the order first seen, without repeats. */
function distinct(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

function projectsElsewhere(programmeId: string, ids: readonly string[], projects: PlanDecisionInput['projects']): string[] {
  return ids.filter((id) => {
    const p = projects[id];
    return p === undefined || p.status === 'none' || p.programmeId !== programmeId;
  });
}

/**
 * An officer bound to areas plans only projects of those areas (`AUTH.OUT_OF_AREA`, forbidden),
 * as it acts on them; an admin, or an officer without areas, plans province-wide.
 */
function requireProjectsInArea(actor: Actor, ids: readonly string[], projects: PlanDecisionInput['projects']): void {
  const scoped = actor.areas !== undefined && !actor.roles.includes('admin');
  if (!scoped) return;
  const areas = actor.areas ?? [];
  const outside = ids.filter((id) => {
    const p = projects[id];
    if (p === undefined || p.status === 'none') return false;
    const { province, commune } = p.proposal.beneficiary;
    return !areas.includes(province) && !areas.includes(commune);
  });
  if (outside.length > 0) {
    throw new ForbiddenError('AUTH.OUT_OF_AREA', `Projects outside the areas of the actor: ${outside.join(', ')}`, { areas, projectIds: outside });
  }
}

function notRecommended(ids: readonly string[], projects: PlanDecisionInput['projects']): Record<string, string> {
  const statuses: Record<string, string> = {};
  for (const id of ids) {
    const status = projects[id]?.status ?? 'none';
    if (status !== 'recommended') statuses[id] = status;
  }
  return statuses;
}

function create(command: CreatePlan, input: PlanDecisionInput, programme: ActiveProgramme): PlanEvent[] {
  if (input.plan.status !== 'none') {
    throw new DomainError('conflict', 'PLAN.ALREADY_EXISTS', `Plan ${input.plan.planId} already exists`, { planId: input.plan.planId });
  }
  requirePlanRole(command, command.actor);
  requirePlansAllowed(input.policy, programme.programmeId);
  const at = requireInstant('at', command.at);
  const planId = requireText('planId', command.planId);
  const title = requireText('title', command.title);
  const items = validItems(command.items);
  const ids = items.map((i) => i.projectId);
  const repeated = distinct(ids.filter((id, i) => ids.indexOf(id) !== i));
  if (repeated.length > 0) {
    throw new DomainError('invalid', 'PLAN.DUPLICATE_PROJECT', `Listed more than once: ${repeated.join(', ')}`, { projectIds: repeated });
  }
  const elsewhere = projectsElsewhere(programme.programmeId, ids, input.projects);
  if (elsewhere.length > 0) {
    throw new DomainError('invalid', 'PLAN.PROJECT_OF_ANOTHER_PROGRAMME', `Not projects of programme ${programme.programmeId}: ${elsewhere.join(', ')}`, {
      programmeId: programme.programmeId,
      projectIds: elsewhere,
    });
  }
  requireProjectsInArea(command.actor, ids, input.projects);
  const statuses = notRecommended(ids, input.projects);
  if (Object.keys(statuses).length > 0) {
    throw new DomainError('invalid', 'PLAN.PROJECT_NOT_RECOMMENDED', `Not recommended: ${Object.keys(statuses).join(', ')}`, {
      projectIds: Object.keys(statuses),
      statuses,
    });
  }
  for (const item of items) {
    const project = input.projects[item.projectId];
    const recommended = project?.status === 'recommended' ? project.recommendation?.recommendedSupportVnd : undefined;
    if (recommended !== undefined && item.approvedSupportVnd > recommended) {
      throw new DomainError('conflict', 'FUNDING.EXCEEDS_RECOMMENDED', `The support planned for ${item.projectId} exceeds its recommendation`, {
        projectId: item.projectId,
        approvedSupportVnd: item.approvedSupportVnd,
        recommendedSupportVnd: recommended,
      });
    }
  }
  const totalVnd = items.reduce((sum, i) => sum + i.approvedSupportVnd, 0);
  return [{ type: 'PlanCreated', data: { planId, programmeId: programme.programmeId, title, items, totalVnd, createdBy: command.actor.id, at } }];
}

function submit(command: SubmitPlan, input: PlanDecisionInput): PlanEvent[] {
  const plan = expectPlan(input.plan, command, 'draft');
  requirePlanRole(command, command.actor);
  const at = requireInstant('at', command.at);
  return [{ type: 'PlanSubmitted', data: { planId: plan.planId, programmeId: plan.programmeId, submittedBy: command.actor.id, at } }];
}

function approve(command: ApprovePlan, input: PlanDecisionInput, programme: ActiveProgramme): PlanDecision {
  const plan = expectPlan(input.plan, command, 'submitted');
  requirePlanRole(command, command.actor);
  const authority = planApprovalAuthority(input.policy);
  requireAuthority(command.actor, authority, { planId: plan.planId });
  requirePlansAllowed(input.policy, programme.programmeId);
  const at = requireInstant('at', command.at);
  const decisionNo = requireText('decisionNo', command.decisionNo);
  const decidedOn = pastDate('decidedOn', command.decidedOn, at);
  const ids = plan.items.map((i) => i.projectId);
  const moved = distinct([...projectsElsewhere(programme.programmeId, ids, input.projects), ...Object.keys(notRecommended(ids, input.projects))]);
  if (moved.length > 0) {
    throw new DomainError('conflict', 'PLAN.PROJECT_CHANGED', `No longer recommended: ${moved.join(', ')}`, {
      planId: plan.planId,
      projectIds: moved,
      statuses: Object.fromEntries(moved.map((id) => [id, input.projects[id]?.status ?? 'none'])),
    });
  }
  const available = availableVnd(programme);
  if (plan.totalVnd > available) {
    throw new DomainError('conflict', 'FUNDING.BUDGET_EXCEEDED', 'The programme cannot carry the plan', {
      programmeId: programme.programmeId,
      planId: plan.planId,
      availableVnd: available,
      requestedVnd: plan.totalVnd,
      shortfallVnd: plan.totalVnd - available,
      totalVnd: programme.totalVnd,
      reservedVnd: programme.reservedVnd,
    });
  }
  // Each project is approved as on its own (role, separation of duties, dossier, recommendation),
  // against the programme as the plan's earlier reservations left it.
  let running: ProgrammeState = programme;
  const projects: PlanDecision['projects'] = [];
  const programmeEvents: ProgrammeEvent[] = [];
  for (const item of plan.items) {
    const project = input.projects[item.projectId] ?? { status: 'none' };
    let decision;
    try {
      decision = decideProject(
        {
          type: 'ApproveFunding',
          projectId: item.projectId,
          decisionNo,
          decidedOn,
          approvedSupportVnd: item.approvedSupportVnd,
          planId: plan.planId,
          actor: command.actor,
          at,
        },
        { project, programme: running, policy: input.policy },
      );
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      throw new DomainError(error.kind, error.code, `${item.projectId}: ${error.message}`, { ...error.details, planId: plan.planId, projectId: item.projectId });
    }
    projects.push({ projectId: item.projectId, events: decision.project });
    for (const event of decision.programme) {
      programmeEvents.push(event);
      running = evolveProgramme(running, event);
    }
  }
  return {
    plan: [
      {
        type: 'PlanApproved',
        data: {
          planId: plan.planId,
          programmeId: plan.programmeId,
          decisionNo,
          decidedOn,
          totalVnd: plan.totalVnd,
          authority,
          approvedBy: command.actor.id,
          at,
        },
      },
    ],
    projects,
    programme: programmeEvents,
  };
}

/**
 * Decides a Plan command. A refusal throws a `DomainError` and decides nothing; an approval
 * returns the plan's event, every project's `FundingApproved` and the programme's reservations.
 *
 * @example
 * const { plan, projects, programme } = decidePlan(approvePlan, { plan: planState, programme: programmeState, policy, projects: { p1: p1State } });
 */
export function decidePlan(command: PlanCommand, input: PlanDecisionInput): PlanDecision {
  const programme = input.programme;
  if (programme.status !== 'active' || programme.programmeId !== command.programmeId) throw notFound('programme', command.programmeId);
  switch (command.type) {
    case 'CreatePlan':
      return { plan: create(command, input, programme), projects: [], programme: [] };
    case 'SubmitPlan':
      return { plan: submit(command, input), projects: [], programme: [] };
    case 'ApprovePlan':
      return approve(command, input, programme);
    default:
      return assertNever(command, 'plan command');
  }
}
