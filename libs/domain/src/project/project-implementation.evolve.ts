import { type LocalDate, yearOf } from '../shared';
import type { AmendmentChanges, ProposalFields } from './project.commands';
import type { PaymentConfirmed, PaymentFailed, ProjectImplementationEvent } from './project-implementation.events';
import { asContracted, asFunded, corrupt, type Evolvers, withExecution, withPaymentOrder, withTranche } from './project-evolve.guards';
import type { Execution, ProjectState } from './project.state';

/**
 * The proposal after an approved amendment: the new planned end, and the location, beneficiary or
 * content the amendment carries. Amendments recorded before these fields change only the end.
 */
function amendedProposal(proposal: ProposalFields, c: AmendmentChanges, plannedEnd: LocalDate): ProposalFields {
  let beneficiary = c.beneficiary ?? proposal.beneficiary;
  if (c.province !== undefined && c.commune !== undefined) {
    // The historical district of the old place does not describe the new one.
    const { district: _district, ...rest } = beneficiary;
    beneficiary = { ...rest, province: c.province, commune: c.commune };
  }
  return {
    ...proposal,
    plannedEnd,
    beneficiary,
    ...(c.category === undefined ? {} : { category: c.category }),
    ...(c.objectives === undefined ? {} : { objectives: c.objectives }),
    ...(c.expectedEffects === undefined ? {} : { expectedEffects: c.expectedEffects }),
  };
}

/** A payment order confirmed or failed: the tranche and the order follow. */
function evolvePayment(state: ProjectState, event: PaymentConfirmed | PaymentFailed): ProjectState {
  const s = asFunded(state, event.type);
  if (s.execution === undefined) return corrupt(event.type, state);
  const d = event.data;
  const order = s.execution.paymentOrders[d.paymentOrderNo];
  if (order === undefined) return corrupt(event.type, state);
  const confirmed = event.type === 'PaymentConfirmed';
  const tranche = s.execution.tranches.find((t) => t.no === d.trancheNo);
  const execution = withTranche(
    s.execution,
    d.trancheNo,
    confirmed
      ? { status: 'paid', paidVnd: (tranche?.paidVnd ?? 0) + d.amountVnd }
      : { status: 'failed', requestedVnd: undefined, paymentOrderNo: undefined },
  );
  return {
    ...s,
    execution: withPaymentOrder(execution, d.paymentOrderNo, { ...order, status: confirmed ? 'confirmed' : 'failed' }),
  };
}

/**
 * How each fact of the implementation phase changes the state.
 *
 * @example
 * const next = implementationEvolvers.ProjectSuspended(state, event);
 */
export const implementationEvolvers: Evolvers<ProjectImplementationEvent> = {
  ImplementationStarted: (state, event) => {
    const s = asContracted(state, event.type);
    return { ...withExecution(s, { startedOn: event.data.startedOn }), status: 'in_implementation' };
  },
  ProgressReported: (state, event) => {
    const s = asContracted(state, event.type);
    const { period, percentComplete } = event.data;
    return withExecution(s, { progress: [...s.execution.progress, { period, percentComplete }] });
  },
  TrancheRequested: (state, event) => {
    const s = asContracted(state, event.type);
    const d = event.data;
    return {
      ...s,
      execution: withTranche(s.execution, d.trancheNo, {
        status: 'requested',
        requestedVnd: d.amountVnd,
        requestedBy: d.requestedBy,
        paymentOrderNo: undefined,
      }),
    };
  },
  TrancheApproved: (state, event) => {
    const s = asContracted(state, event.type);
    const d = event.data;
    const execution = withTranche(s.execution, d.trancheNo, { status: 'approved', paymentOrderNo: d.paymentOrderNo });
    return {
      ...s,
      execution: withPaymentOrder(execution, d.paymentOrderNo, { trancheNo: d.trancheNo, amountVnd: d.amountVnd, status: 'issued' }),
    };
  },
  TrancheRejected: (state, event) => {
    const s = asContracted(state, event.type);
    return {
      ...s,
      execution: withTranche(s.execution, event.data.trancheNo, { status: 'rejected', requestedVnd: undefined }),
    };
  },
  PaymentConfirmed: evolvePayment,
  PaymentFailed: evolvePayment,
  AmendmentRequested: (state, event) => {
    const s = asContracted(state, event.type);
    const d = event.data;
    return withExecution(s, {
      amendments: [
        ...s.execution.amendments,
        {
          no: d.amendmentNo,
          kind: d.kind,
          changes: d.changes,
          approvalLevel: d.approvalLevel,
          requestedBy: d.requestedBy,
          status: 'pending',
        },
      ],
    });
  },
  AmendmentApproved: (state, event) => {
    const s = asContracted(state, event.type);
    const d = event.data;
    const delta = d.changes.supportDeltaVnd ?? 0;
    let execution: Execution = {
      ...s.execution,
      amendments: s.execution.amendments.map((a) => (a.no === d.amendmentNo ? { ...a, status: 'approved' } : a)),
    };
    if (d.adjustedTrancheNo !== undefined) {
      const tranche = execution.tranches.find((t) => t.no === d.adjustedTrancheNo);
      if (tranche === undefined) return corrupt(event.type, state);
      execution = withTranche(execution, tranche.no, { scheduledVnd: tranche.scheduledVnd + delta });
    }
    return {
      ...s,
      execution,
      proposal: amendedProposal(s.proposal, d.changes, d.plannedEnd),
      ...(d.changes.partners === undefined ? {} : { partners: d.changes.partners }),
      funding: {
        ...s.funding,
        supportVnd: d.supportVnd,
        reservedVnd: s.funding.reservedVnd + delta,
        fiscalYear: d.kind === 'extension_next_year' ? yearOf(d.plannedEnd) : s.funding.fiscalYear,
      },
    };
  },
  AmendmentRejected: (state, event) => {
    const s = asContracted(state, event.type);
    return withExecution(s, {
      amendments: s.execution.amendments.map((a) =>
        a.no === event.data.amendmentNo ? { ...a, status: 'rejected' } : a,
      ),
    });
  },
  ProjectSuspended: (state, event) => {
      return { ...asContracted(state, event.type), status: 'suspended' };
  },
  ProjectResumed: (state, event) => {
      return { ...asContracted(state, event.type), status: 'in_implementation' };
  },
};
