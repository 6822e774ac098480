import type { ProjectClosingEvent } from './project-closing.events';
import { asContracted, asFunded, corrupt, type Evolvers, withExecution } from './project-evolve.guards';

/**
 * How each fact of the closing phase (termination to closure) changes the state.
 *
 * @example
 * const next = closingEvolvers.ProjectClosed(state, event);
 */
export const closingEvolvers: Evolvers<ProjectClosingEvent> = {
  ProjectTerminated: (state, event) => {
    const s = asFunded(state, event.type);
    const d = event.data;
    const execution =
      s.execution === undefined
        ? undefined
        : {
            ...s.execution,
            tranches: s.execution.tranches.map((t) =>
              d.cancelledTrancheNos.includes(t.no) ? { ...t, status: 'cancelled' as const } : t,
            ),
          };
    return {
      ...s,
      status: 'terminated',
      ...(execution === undefined ? {} : { execution }),
      funding: { ...s.funding, reservedVnd: s.funding.reservedVnd - d.releasedVnd },
    };
  },
  CompletionDeclared: (state, event) => {
    const s = asContracted(state, event.type);
    return { ...withExecution(s, { finalReportRef: event.data.finalReportRef }), status: 'awaiting_acceptance' };
  },
  AcceptanceRecorded: (state, event) => {
    const s = asContracted(state, event.type);
    const d = event.data;
    if (!d.passed) return withExecution(s, { openDefects: d.defects });
    return {
      ...withExecution(s, { acceptance: { acceptedOn: d.acceptedOn, minutesRef: d.minutesRef }, openDefects: [] }),
      status: 'accepted',
    };
  },
  SettlementSubmitted: (state, event) => {
    const s = asContracted(state, event.type);
    const d = event.data;
    return {
      ...withExecution(s, {
        settlement: {
          spentVnd: d.spentVnd,
          counterpartSpentVnd: d.counterpartSpentVnd,
          dossierRef: d.dossierRef,
          submittedBy: d.submittedBy,
        },
      }),
      status: 'settlement_submitted',
    };
  },
  SettlementApproved: (state, event) => {
    const s = asContracted(state, event.type);
    const d = event.data;
    const settlement = s.execution.settlement;
    if (settlement === undefined) return corrupt(event.type, state);
    return {
      ...withExecution(s, { settlement: { ...settlement, approvedVnd: d.approvedVnd } }),
      status: 'settled',
      funding: { ...s.funding, reservedVnd: s.funding.reservedVnd - d.releasedVnd },
    };
  },
  RefundDemanded: (state, event) => {
    const s = asFunded(state, event.type);
    return { ...s, refunds: { ...s.refunds, demandedVnd: s.refunds.demandedVnd + event.data.amountVnd } };
  },
  RefundRecorded: (state, event) => {
    const s = asFunded(state, event.type);
    return {
      ...s,
      refunds: {
        ...s.refunds,
        refundedVnd: s.refunds.refundedVnd + event.data.amountVnd,
        treasuryRefs: [...s.refunds.treasuryRefs, event.data.treasuryRef],
      },
    };
  },
  OutcomeRecorded: (state, event) => {
    const s = asContracted(state, event.type);
    return {
      ...withExecution(s, { outcomesRecorded: s.execution.outcomesRecorded + 1 }),
      status: 'in_post_evaluation',
    };
  },
  ProjectClosed: (state, event) => {
      return { ...asContracted(state, event.type), status: 'closed' };
  },
};
