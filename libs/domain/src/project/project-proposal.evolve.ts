import type { ProjectProposalEvent } from './project-proposal.events';
import { asProposal, corrupt, type Evolvers } from './project-evolve.guards';
import type { ProposalFields } from './project-proposal.commands';

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
 * How each fact of the proposal phase changes the state.
 *
 * @example
 * const next = proposalEvolvers.ProposalWithdrawn(state, event);
 */
export const proposalEvolvers: Evolvers<ProjectProposalEvent> = {
  ProjectDraftCreated: (state, event) => {
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
  },
  ProjectDraftUpdated: (state, event) => {
    const s = asProposal(state, event.type);
    return { ...s, proposal: { ...s.proposal, ...event.data.changes } };
  },
  ProposalSubmitted: (state, event) => {
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
  },
  InformationRequested: (state, event) => {
    const s = asProposal(state, event.type);
    return {
      ...s,
      status: 'info_requested',
      infoRequest: { reason: event.data.reason, requestedBy: event.data.requestedBy, returnTo: event.data.fromStatus },
    };
  },
  InformationProvided: (state, event) => {
    const s = asProposal(state, event.type);
    return { ...s, status: event.data.returnsTo, infoRequest: undefined };
  },
  ProposalWithdrawn: (state, event) => {
      return { ...asProposal(state, event.type), status: 'withdrawn' };
  },
};
