import { requireRole, rolesFor } from '../policy/authorization';
import type { PolicySet } from '../policy/policy-set';
import type { DossierMode } from '../policy/policy-vocabulary';
import type { ProgrammeEvent } from '../programme/programme.events';
import type { ActiveProgramme, ProgrammeState } from '../programme/programme.state';
import { type Actor, DomainError, ForbiddenError, InvalidTransitionError, type Role } from '../shared';
import type { Beneficiary, ProjectCommand } from './project.commands';
import type { ProjectEvent } from './project.events';
import type { ContractedProject, FundedProject, ProjectState, ProposalProject } from './project.state';
import { isAllowedFrom, type ProjectCommandsWithin } from './project-transitions';

/** What `decideProject` needs besides the command. */
export interface ProjectDecisionInput {
  /** The project's state folded from its stream (`{ status: 'none' }` for a new one). */
  readonly project: ProjectState;
  /** The state of the project's programme (for a new project, of `command.programmeId`). */
  readonly programme: ProgrammeState;
  /** The policy set pinned by the programme (`programme.policyId` at `programme.policyVersion`). */
  readonly policy: PolicySet;
  /** For `ApproveTranche`: the project that already holds its payment order number, if any. */
  readonly paymentOrderOwner?: string;
}

/**
 * The facts a project command decides: for the project's stream and, where budget moves, for the
 * programme's. The application appends both in one multi-stream append, each stream with its
 * expected version, or neither.
 */
export interface ProjectDecision {
  readonly project: ProjectEvent[];
  readonly programme: ProgrammeEvent[];
}

/**
 * Thrown by `projectDecider.decide` for a command whose decision needs the programme (creation,
 * draft updates, submission, approval, money amendments, termination, tranche and settlement approval). It
 * is a wiring error, not a business refusal: the application must call `decideProject`.
 *
 * @example
 * try { projectDecider.decide(approve, state); } catch (e) { if (e instanceof ProgrammeRequiredError) … }
 */
export class ProgrammeRequiredError extends Error {
  constructor(readonly command: string) {
    super(`${command} needs the programme's state: call decideProject instead of projectDecider.decide`);
    this.name = 'ProgrammeRequiredError';
  }
}

/** The inputs as the rules see them; `programme()` may throw {@link ProgrammeRequiredError}. */
export interface DecisionContext {
  readonly project: ProjectState;
  readonly policy: PolicySet;
  programme(): ProgrammeState;
  /** Whether the programme enforces the dossier (`warn` where the programme is not at hand). */
  dossierMode(): DossierMode;
}

/** A project that exists. */
export type KnownProject = ProposalProject | FundedProject;

/** A decision touching only the project stream. */
export function projectOnly(events: ProjectEvent[]): ProjectDecision {
  return { project: events, programme: [] };
}

/**
 * The programme a command refers to (the `programmeId` of a new draft, the programme of an
 * existing project), active, or `PROGRAMME.UNKNOWN` (invalid, on the field `programmeId`): the
 * request is well-formed but names a programme that cannot be used. A programme addressed by the
 * path is `PROGRAMME.NOT_FOUND` instead (see `notFound`).
 *
 * @example
 * const programme = referencedProgramme(programmeState, command.programmeId);
 */
export function referencedProgramme(programme: ProgrammeState, programmeId: string): ActiveProgramme {
  if (programme.status !== 'active' || programme.programmeId !== programmeId) {
    throw new DomainError('invalid', 'PROGRAMME.UNKNOWN', `Unknown programme ${programmeId}`, { field: 'programmeId', programmeId });
  }
  return programme;
}

/**
 * The project's programme, active, or `PROGRAMME.UNKNOWN` (see `referencedProgramme`).
 *
 * @example
 * const programme = activeProgramme(ctx, project.programmeId);
 */
export function activeProgramme(ctx: DecisionContext, programmeId: string): ActiveProgramme {
  return referencedProgramme(ctx.programme(), programmeId);
}

/**
 * Refuses a policy set other than the one pinned (`POLICY.NOT_PINNED`, invalid): a replay must
 * decide with the figures that decided the first time.
 */
export function requirePinnedPolicy(policy: PolicySet, pinned: { policyId: string; policyVersion: number }): void {
  if (policy.id !== pinned.policyId || policy.version !== pinned.policyVersion) {
    throw new DomainError(
      'invalid',
      'POLICY.NOT_PINNED',
      `The project is pinned to ${pinned.policyId}@${pinned.policyVersion}, not ${policy.id}@${policy.version}`,
      {
        pinnedPolicyId: pinned.policyId,
        pinnedPolicyVersion: pinned.policyVersion,
        policyId: policy.id,
        policyVersion: policy.version,
      },
    );
  }
}

const AREA_SCOPED: readonly Role[] = ['officer', 'collaborator'];

/**
 * Role, then area. The area applies only when every role the actor uses for this command is
 * area-scoped (officer, collaborator): an approver who is also an officer approves province-wide.
 */
export function authorise(policy: PolicySet, command: ProjectCommand, location: Beneficiary): void {
  requireRole(policy, command.type, command.actor);
  requireArea(policy, command.type, command.actor, location);
}

function requireArea(policy: PolicySet, commandType: ProjectCommand['type'], actor: Actor, location: Beneficiary): void {
  const used = actor.roles.filter((role) => (rolesFor(policy, commandType) ?? []).includes(role));
  if (actor.areas === undefined || used.some((role) => !AREA_SCOPED.includes(role))) return;
  if (!actor.areas.includes(location.province) && !actor.areas.includes(location.commune)) {
    throw new ForbiddenError('AUTH.OUT_OF_AREA', 'The project lies outside the areas of the actor', {
      areas: actor.areas,
      province: location.province,
      commune: location.commune,
    });
  }
}

/**
 * A contracted project in a status the command is allowed from (`PROJECT_TRANSITIONS`),
 * else `PROJECT.INVALID_TRANSITION`. Only commands allowed from contracted statuses alone type-check.
 *
 * @example
 * const s = expectContracted(state, 'ReportProgress');
 */
export function expectContracted(
  state: KnownProject,
  command: ProjectCommandsWithin<ContractedProject['status']>,
): ContractedProject {
  if (!isAllowedFrom(command, state.status) || !('execution' in state) || state.execution === undefined) {
    throw new InvalidTransitionError('project', command, state.status);
  }
  return state as ContractedProject;
}

/**
 * A proposal-phase project in a status the command is allowed from (`PROJECT_TRANSITIONS`),
 * else `PROJECT.INVALID_TRANSITION`.
 *
 * @example
 * const s = expectProposal(state, 'OpenAppraisal');
 */
export function expectProposal(
  state: KnownProject,
  command: ProjectCommandsWithin<ProposalProject['status']>,
): ProposalProject {
  if (!isAllowedFrom(command, state.status) || 'funding' in state) {
    throw new InvalidTransitionError('project', command, state.status);
  }
  return state;
}

/**
 * A project with a funding decision in a status the command is allowed from
 * (`PROJECT_TRANSITIONS`), else `PROJECT.INVALID_TRANSITION`.
 *
 * @example
 * const s = expectFunded(state, 'TerminateProject');
 */
export function expectFunded(state: KnownProject, command: ProjectCommandsWithin<FundedProject['status']>): FundedProject {
  if (!isAllowedFrom(command, state.status) || !('funding' in state)) {
    throw new InvalidTransitionError('project', command, state.status);
  }
  return state;
}
