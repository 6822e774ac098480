import { findPolicy } from '../policy/policy-registry';
import { programmeDossierMode } from '../programme/programme.state';
import { assertNever, type Decider, DomainError, notFound, requireInstant } from '../shared';
import * as appraisal from './project-appraisal.rules';
import * as amendments from './project-amendment.rules';
import * as closing from './project-closing.rules';
import * as documents from './project-documents.rules';
import {
  authorise,
  type DecisionContext,
  ProgrammeRequiredError,
  type ProjectDecision,
  type ProjectDecisionInput,
  requirePinnedPolicy,
} from './project-decision';
import * as funding from './project-funding.rules';
import * as implementation from './project-implementation.rules';
import * as proposal from './project-proposal.rules';
import { rejectDeadlineAfterProgramme, rejectPaymentOrderOfAnotherProject } from './project-context.rules';
import * as tranches from './project-tranche.rules';
import type { ProjectCommand } from './project.commands';
import type { ProjectEvent } from './project.events';
import { evolveProject } from './project.evolve';
import type { ProjectState } from './project.state';

/*
 * Every command goes through the same gate, in this order, so a caller always gets the most
 * fundamental refusal first: unknown project (not_found), pinned policy, role and area
 * (forbidden), then the state (conflict) and the command's own rules (conflict or invalid).
 */
function decide(command: ProjectCommand, ctx: DecisionContext): ProjectDecision {
  if (command.type === 'CreateProjectDraft') return proposal.createDraft(command, ctx);
  const state = ctx.project;
  if (state.status === 'none') throw notFound('project', command.projectId);
  if (command.projectId !== state.projectId) {
    throw new DomainError('invalid', 'PROJECT.ID_MISMATCH', 'The command names another project than the state', {
      projectId: command.projectId,
      stateProjectId: state.projectId,
    });
  }
  requirePinnedPolicy(ctx.policy, state);
  authorise(ctx.policy, command, state.proposal.beneficiary);
  requireInstant('at', command.at);
  switch (command.type) {
    case 'UpdateProjectDraft':
      return proposal.updateDraft(command, state, ctx);
    case 'SubmitProposal':
      return proposal.submit(command, state, ctx);
    case 'RequestInformation':
      return proposal.requestInformation(command, state, ctx);
    case 'ProvideInformation':
      return proposal.provideInformation(command, state);
    case 'WithdrawProposal':
      return proposal.withdraw(command, state);
    case 'OpenAppraisal':
      return appraisal.openAppraisal(command, state, ctx);
    case 'DeclareConflict':
      return appraisal.declareConflict(command, state);
    case 'ScoreProposal':
      return appraisal.scoreProposal(command, state, ctx);
    case 'ConcludeAppraisal':
      return appraisal.concludeAppraisal(command, state, ctx);
    case 'ApproveFunding':
      return funding.approveFunding(command, state, ctx);
    case 'RejectFunding':
      return funding.rejectFunding(command, state);
    case 'SignContract':
      return funding.signContract(command, state);
    case 'StartImplementation':
      return implementation.startImplementation(command, state);
    case 'ReportProgress':
      return implementation.reportProgress(command, state, ctx);
    case 'RequestTranche':
      return tranches.requestTranche(command, state, ctx);
    case 'ApproveTranche':
      return tranches.approveTranche(command, state, ctx);
    case 'RejectTranche':
      return tranches.rejectTranche(command, state);
    case 'ConfirmPayment':
      return tranches.confirmPayment(command, state);
    case 'FailPayment':
      return tranches.failPayment(command, state);
    case 'RequestAmendment':
      return amendments.requestAmendment(command, state, ctx);
    case 'DecideAmendment':
      return amendments.decideAmendment(command, state, ctx);
    case 'SuspendProject':
      return implementation.suspend(command, state);
    case 'ResumeProject':
      return implementation.resume(command, state);
    case 'TerminateProject':
      return closing.terminate(command, state, ctx);
    case 'DeclareCompletion':
      return implementation.declareCompletion(command, state);
    case 'RecordAcceptance':
      return implementation.recordAcceptance(command, state, ctx);
    case 'SubmitSettlement':
      return closing.submitSettlement(command, state, ctx);
    case 'ApproveSettlement':
      return closing.approveSettlement(command, state, ctx);
    case 'RecordRefund':
      return closing.recordRefund(command, state);
    case 'RecordOutcome':
      return closing.recordOutcome(command, state);
    case 'CloseProject':
      return closing.close(command, state);
    case 'AttachDocument':
      return documents.attachDocument(command, state);
    case 'RecordPaperDocument':
      return documents.recordPaperDocument(command, state);
    case 'SupersedeDocument':
      return documents.supersedeDocument(command, state);
    default:
      return assertNever(command, 'project command');
  }
}

/**
 * Decides a Project command. Returns the project's new events and, where budget moves (approval,
 * money amendments, termination, settlement approval), the programme's; the application appends
 * both atomically or neither. A refusal throws a `DomainError` and decides nothing.
 *
 * @example
 * const { project, programme } = decideProject(approveFunding, { project: projectState, programme: programmeState, policy });
 * // project: [FundingApproved], programme: [FundsReserved]
 */
export function decideProject(command: ProjectCommand, input: ProjectDecisionInput): ProjectDecision {
  // Checked first, as they always were: refused before the actor and the state are looked at.
  if (input.programme.status === 'active') rejectDeadlineAfterProgramme(command, input.programme.year, input.policy.deadlines);
  rejectPaymentOrderOfAnotherProject(command, input.paymentOrderOwner);
  return decide(command, {
    project: input.project,
    policy: input.policy,
    programme: () => input.programme,
    dossierMode: () => (input.programme.status === 'active' ? programmeDossierMode(input.programme) : 'warn'),
  });
}

/**
 * The Project decider in the shape every decider has, for folding (`evolve`, `initialState`) and
 * for tests. Its `decide` has no programme: it resolves the pinned policy from the built-in
 * registry and throws {@link ProgrammeRequiredError} for any command whose decision needs the
 * programme (creation, draft updates, first submission, approval, money amendments, termination,
 * tranche and settlement approval). The application calls {@link decideProject}.
 *
 * @example
 * const state = fold(projectDecider, events);
 * const events = projectDecider.decide(reportProgress, state);
 */
export const projectDecider: Decider<ProjectCommand, ProjectState, ProjectEvent> = {
  initialState: { status: 'none' },
  evolve: evolveProject,
  decide(command, state) {
    if (state.status === 'none') {
      if (command.type === 'CreateProjectDraft') throw new ProgrammeRequiredError(command.type);
      throw notFound('project', command.projectId);
    }
    const policy = findPolicy(state.policyId, state.policyVersion);
    if (policy === undefined) {
      throw new DomainError('invalid', 'POLICY.NOT_PINNED', `Unknown policy ${state.policyId}@${state.policyVersion}`, {
        pinnedPolicyId: state.policyId,
        pinnedPolicyVersion: state.policyVersion,
      });
    }
    const decision = decide(command, {
      project: state,
      policy,
      programme: () => {
        throw new ProgrammeRequiredError(command.type);
      },
      // Without the programme the dossier is shown, never enforced: the application decides with
      // `decideProject`, which reads the programme's mode.
      dossierMode: () => 'warn',
    });
    // A decision that moves budget must never lose its programme half.
    if (decision.programme.length > 0) throw new ProgrammeRequiredError(command.type);
    return decision.project;
  },
};
