import { assertNever, yearOf } from '../shared';
import type { ProjectFundingEvent } from './project-funding.events';
import { asApproved, asProposal, corrupt } from './project-evolve.guards';
import type { ProjectState } from './project.state';

/**
 * Applies one recorded fact of the funding phase to the state.
 *
 * @example
 * const next = evolveFundingPhase(state, event);
 */
export function evolveFundingPhase(state: ProjectState, event: ProjectFundingEvent): ProjectState {
  switch (event.type) {
    case 'FundingApproved': {
      const s = asProposal(state, event.type);
      const d = event.data;
      if (s.recommendation === undefined) return corrupt(event.type, state);
      return {
        ...s,
        status: 'approved',
        recommendation: s.recommendation,
        funding: {
          decisionNo: d.decisionNo,
          decidedOn: d.decidedOn,
          approvedBy: d.approvedBy,
          approvedSupportVnd: d.approvedSupportVnd,
          supportVnd: d.approvedSupportVnd,
          reservedVnd: d.approvedSupportVnd,
          fiscalYear: yearOf(d.decidedOn),
        },
        refunds: { demandedVnd: 0, refundedVnd: 0, treasuryRefs: [] },
      };
    }
    case 'FundingRejected':
      return { ...asProposal(state, event.type), status: 'rejected' };
    case 'ContractSigned': {
      const s = asApproved(state, event.type);
      const d = event.data;
      return {
        ...s,
        status: 'contracted',
        execution: {
          contractNo: d.contractNo,
          signedOn: d.signedOn,
          tranches: d.tranches.map((t) => ({
            no: t.no,
            kind: t.kind,
            scheduledVnd: t.amountVnd,
            status: 'scheduled',
            paidVnd: 0,
          })),
          paymentOrders: {},
          progress: [],
          amendments: [],
          openDefects: [],
          outcomesRecorded: 0,
        },
      };
    }
    default:
      return assertNever(event, 'project funding event');
  }
}
