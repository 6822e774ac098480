import { assertNever } from '../shared';
import { evolveProposalPhase } from './project-proposal.evolve';
import { evolveAppraisalPhase } from './project-appraisal.evolve';
import { evolveFundingPhase } from './project-funding.evolve';
import { evolveImplementationPhase } from './project-implementation.evolve';
import { evolveClosingPhase } from './project-closing.evolve';
import type { ProjectEvent } from './project.events';
import type { ProjectState } from './project.state';

/*
 * The Project's evolve, one file per lifecycle phase; this index sends each fact to its phase.
 */

/**
 * Applies one recorded Project fact to the state.
 *
 * @example
 * const state = events.reduce(evolveProject, { status: 'none' } as ProjectState);
 */
export function evolveProject(state: ProjectState, event: ProjectEvent): ProjectState {
  switch (event.type) {
    case 'ProjectDraftCreated':
    case 'ProjectDraftUpdated':
    case 'ProposalSubmitted':
    case 'InformationRequested':
    case 'InformationProvided':
    case 'ProposalWithdrawn':
      return evolveProposalPhase(state, event);
    case 'AppraisalOpened':
    case 'ConflictDeclared':
    case 'ProposalScored':
    case 'AppraisalLevelPassed':
    case 'ProposalRecommended':
    case 'ProposalNotRecommended':
      return evolveAppraisalPhase(state, event);
    case 'FundingApproved':
    case 'FundingRejected':
    case 'ContractSigned':
      return evolveFundingPhase(state, event);
    case 'ImplementationStarted':
    case 'ProgressReported':
    case 'TrancheRequested':
    case 'TrancheApproved':
    case 'TrancheRejected':
    case 'PaymentConfirmed':
    case 'PaymentFailed':
    case 'AmendmentRequested':
    case 'AmendmentApproved':
    case 'AmendmentRejected':
    case 'ProjectSuspended':
    case 'ProjectResumed':
      return evolveImplementationPhase(state, event);
    case 'ProjectTerminated':
    case 'CompletionDeclared':
    case 'AcceptanceRecorded':
    case 'SettlementSubmitted':
    case 'SettlementApproved':
    case 'RefundDemanded':
    case 'RefundRecorded':
    case 'OutcomeRecorded':
    case 'ProjectClosed':
      return evolveClosingPhase(state, event);
    default:
      return assertNever(event, 'project event');
  }
}
