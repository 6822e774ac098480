import { assertNever } from '../shared';
import type { ProjectProposalEvent } from './project-proposal.events';
import { asProposal, corrupt } from './project-evolve.guards';
import type { ProposalFields } from './project-proposal.commands';
import type { ProjectState } from './project.state';

/** The proposal fields of an event, without its other data. @example proposal: proposalOf(event.data) */
function proposalOf(d: ProposalFields): ProposalFields {
  return {
    title: d.title,
    category: d.category,
    beneficiary: d.beneficiary,
    totalCostVnd: d.totalCostVnd,
    requestedSupportVnd: d.requestedSupportVnd,
    counterpartVnd: d.counterpartVnd,
    plannedStart: d.plannedStart,
    plannedEnd: d.plannedEnd,
    objectives: d.objectives,
    ...(d.expectedEffects === undefined ? {} : { expectedEffects: d.expectedEffects }),
  };
}

/**
 * Applies one recorded fact of the proposal phase to the state.
 *
 * @example
 * const next = evolveProposalPhase(state, event);
 */
export function evolveProposalPhase(state: ProjectState, event: ProjectProposalEvent): ProjectState {
  switch (event.type) {
    case 'ProjectDraftCreated': {
      const d = event.data;
      if (state.status !== 'none') return corrupt(event.type, state);
      return {
        status: 'draft',
        projectId: d.projectId,
        programmeId: d.programmeId,
        policyId: d.policyId,
        policyVersion: d.policyVersion,
        fundingSource: d.fundingSource,
        proposal: proposalOf(d),
        createdBy: d.createdBy,
        scorers: [],
      };
    }
    case 'ProjectDraftUpdated': {
      const s = asProposal(state, event.type);
      return { ...s, proposal: { ...s.proposal, ...event.data.changes } };
    }
    case 'ProposalSubmitted': {
      const s = asProposal(state, event.type);
      const d = event.data;
      // A resubmission is a new dossier: any appraisal in progress starts again from a new panel.
      return {
        ...s,
        status: 'submitted',
        submittedBy: d.submittedBy,
        infoRequest: undefined,
        appraisal: undefined,
        proposal: proposalOf(d),
      };
    }
    case 'InformationRequested': {
      const s = asProposal(state, event.type);
      return {
        ...s,
        status: 'info_requested',
        infoRequest: { reason: event.data.reason, requestedBy: event.data.requestedBy, returnTo: event.data.fromStatus },
      };
    }
    case 'InformationProvided': {
      const s = asProposal(state, event.type);
      return { ...s, status: event.data.returnsTo, infoRequest: undefined };
    }
    case 'ProposalWithdrawn':
      return { ...asProposal(state, event.type), status: 'withdrawn' };
    default:
      return assertNever(event, 'project proposal event');
  }
}
