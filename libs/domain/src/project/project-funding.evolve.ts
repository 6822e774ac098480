import { yearOf } from '../shared';
import type { ProjectFundingEvent } from './project-funding.events';
import { asApproved, asProposal, corrupt, type Evolvers } from './project-evolve.guards';

/**
 * How each fact of the funding phase changes the state.
 *
 * @example
 * const next = fundingEvolvers.FundingRejected(state, event);
 */
export const fundingEvolvers: Evolvers<ProjectFundingEvent> = {
  FundingApproved: (state, event) => {
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
  },
  FundingRejected: (state, event) => {
      return { ...asProposal(state, event.type), status: 'rejected' };
  },
  ContractSigned: (state, event) => {
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
  },
};
