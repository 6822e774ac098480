import { assertNever } from '../shared';
import type { ProjectClosingEvent } from './project-closing.events';
import { asContracted, asFunded, corrupt, withExecution } from './project-evolve.guards';
import type { ProjectState } from './project.state';

/**
 * Applies one recorded fact of the closing phase (termination to closure) to the state.
 *
 * @example
 * const next = evolveClosingPhase(state, event);
 */
export function evolveClosingPhase(state: ProjectState, event: ProjectClosingEvent): ProjectState {
  switch (event.type) {
    case 'ProjectTerminated': {
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
    }
    case 'CompletionDeclared': {
      const s = asContracted(state, event.type);
      return { ...withExecution(s, { finalReportRef: event.data.finalReportRef }), status: 'awaiting_acceptance' };
    }
    case 'AcceptanceRecorded': {
      const s = asContracted(state, event.type);
      const d = event.data;
      if (!d.passed) return withExecution(s, { openDefects: d.defects });
      return {
        ...withExecution(s, { acceptance: { acceptedOn: d.acceptedOn, minutesRef: d.minutesRef }, openDefects: [] }),
        status: 'accepted',
      };
    }
    case 'SettlementSubmitted': {
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
    }
    case 'SettlementApproved': {
      const s = asContracted(state, event.type);
      const d = event.data;
      const settlement = s.execution.settlement;
      if (settlement === undefined) return corrupt(event.type, state);
      return {
        ...withExecution(s, { settlement: { ...settlement, approvedVnd: d.approvedVnd } }),
        status: 'settled',
        funding: { ...s.funding, reservedVnd: s.funding.reservedVnd - d.releasedVnd },
      };
    }
    case 'RefundDemanded': {
      const s = asFunded(state, event.type);
      return { ...s, refunds: { ...s.refunds, demandedVnd: s.refunds.demandedVnd + event.data.amountVnd } };
    }
    case 'RefundRecorded': {
      const s = asFunded(state, event.type);
      return {
        ...s,
        refunds: {
          ...s.refunds,
          refundedVnd: s.refunds.refundedVnd + event.data.amountVnd,
          treasuryRefs: [...s.refunds.treasuryRefs, event.data.treasuryRef],
        },
      };
    }
    case 'OutcomeRecorded': {
      const s = asContracted(state, event.type);
      return {
        ...withExecution(s, { outcomesRecorded: s.execution.outcomesRecorded + 1 }),
        status: 'in_post_evaluation',
      };
    }
    case 'ProjectClosed':
      return { ...asContracted(state, event.type), status: 'closed' };
    default:
      return assertNever(event, 'project closing event');
  }
}
