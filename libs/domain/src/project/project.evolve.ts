import { assertNever, yearOf } from '../shared';
import type { ProjectEvent } from './project.events';
import type {
  ApprovedProject,
  ContractedProject,
  Execution,
  FundedProject,
  ProjectState,
  ProposalProject,
  Tranche,
} from './project.state';

/*
 * evolve never refuses a recorded fact. A fact that does not fit the state means the stream is
 * corrupt or out of order, which is a programming or storage error, so it throws a plain Error
 * rather than a DomainError a caller might show to a user.
 */

function corrupt(eventType: string, state: ProjectState): never {
  throw new Error(`Cannot apply ${eventType} to a project in status ${state.status}`);
}

function asProposal(state: ProjectState, eventType: string): ProposalProject {
  if (state.status === 'none' || 'funding' in state) return corrupt(eventType, state);
  return state;
}

function asFunded(state: ProjectState, eventType: string): FundedProject {
  if (state.status === 'none' || !('funding' in state)) return corrupt(eventType, state);
  return state;
}

function asApproved(state: ProjectState, eventType: string): ApprovedProject {
  if (state.status !== 'approved') return corrupt(eventType, state);
  return state;
}

function asContracted(state: ProjectState, eventType: string): ContractedProject {
  if (state.status === 'none' || state.status === 'terminated' || state.status === 'approved') {
    return corrupt(eventType, state);
  }
  if (!('funding' in state)) return corrupt(eventType, state);
  return state;
}

function withExecution(state: ContractedProject, change: Partial<Execution>): ContractedProject {
  return { ...state, execution: { ...state.execution, ...change } };
}

function withTranche(execution: Execution, no: number, change: Partial<Tranche>): Execution {
  return { ...execution, tranches: execution.tranches.map((t) => (t.no === no ? { ...t, ...change } : t)) };
}

/**
 * Applies one recorded Project fact to the state.
 *
 * @example
 * const state = events.reduce(evolveProject, { status: 'none' } as ProjectState);
 */
export function evolveProject(state: ProjectState, event: ProjectEvent): ProjectState {
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
        proposal: {
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
        },
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
        proposal: {
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
        },
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
    case 'AppraisalOpened': {
      const s = asProposal(state, event.type);
      const d = event.data;
      const previous = s.appraisal;
      if (d.reopened && previous !== undefined) {
        const scores = Object.fromEntries(Object.entries(previous.scores).filter(([id]) => d.panel.includes(id)));
        return { ...s, appraisal: { ...previous, panel: d.panel, scores, stage: 'open' } };
      }
      return {
        ...s,
        status: 'in_appraisal',
        appraisal: {
          levelIndex: d.levelIndex,
          level: d.level,
          stage: 'open',
          panel: d.panel,
          recused: [],
          scores: {},
          ...(previous?.proposedSupportVnd === undefined ? {} : { proposedSupportVnd: previous.proposedSupportVnd }),
        },
      };
    }
    case 'ConflictDeclared': {
      const s = asProposal(state, event.type);
      if (s.appraisal === undefined) return corrupt(event.type, state);
      return { ...s, appraisal: { ...s.appraisal, recused: [...s.appraisal.recused, event.data.appraiserId] } };
    }
    case 'ProposalScored': {
      const s = asProposal(state, event.type);
      if (s.appraisal === undefined) return corrupt(event.type, state);
      const id = event.data.appraiserId;
      return {
        ...s,
        scorers: s.scorers.includes(id) ? s.scorers : [...s.scorers, id],
        appraisal: { ...s.appraisal, scores: { ...s.appraisal.scores, [id]: event.data.scores } },
      };
    }
    case 'AppraisalLevelPassed': {
      const s = asProposal(state, event.type);
      if (s.appraisal === undefined) return corrupt(event.type, state);
      return {
        ...s,
        appraisal: { ...s.appraisal, stage: 'awaiting_panel', proposedSupportVnd: event.data.proposedSupportVnd },
      };
    }
    case 'ProposalRecommended': {
      const s = asProposal(state, event.type);
      const d = event.data;
      return {
        ...s,
        status: 'recommended',
        recommendation: {
          recommendedSupportVnd: d.recommendedSupportVnd,
          meanScore: d.meanScore,
          minutesRef: d.minutesRef,
          concludedBy: d.concludedBy,
        },
      };
    }
    case 'ProposalNotRecommended':
      return { ...asProposal(state, event.type), status: 'not_recommended' };
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
    case 'ImplementationStarted': {
      const s = asContracted(state, event.type);
      return { ...withExecution(s, { startedOn: event.data.startedOn }), status: 'in_implementation' };
    }
    case 'ProgressReported': {
      const s = asContracted(state, event.type);
      const { period, percentComplete } = event.data;
      return withExecution(s, { progress: [...s.execution.progress, { period, percentComplete }] });
    }
    case 'TrancheRequested': {
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
    }
    case 'TrancheApproved': {
      const s = asContracted(state, event.type);
      const d = event.data;
      const execution = withTranche(s.execution, d.trancheNo, { status: 'approved', paymentOrderNo: d.paymentOrderNo });
      return {
        ...s,
        execution: {
          ...execution,
          paymentOrders: {
            ...execution.paymentOrders,
            [d.paymentOrderNo]: { trancheNo: d.trancheNo, amountVnd: d.amountVnd, status: 'issued' },
          },
        },
      };
    }
    case 'TrancheRejected': {
      const s = asContracted(state, event.type);
      return {
        ...s,
        execution: withTranche(s.execution, event.data.trancheNo, { status: 'rejected', requestedVnd: undefined }),
      };
    }
    case 'PaymentConfirmed':
    case 'PaymentFailed': {
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
        execution: {
          ...execution,
          paymentOrders: {
            ...execution.paymentOrders,
            [d.paymentOrderNo]: { ...order, status: confirmed ? 'confirmed' : 'failed' },
          },
        },
      };
    }
    case 'AmendmentRequested': {
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
    }
    case 'AmendmentApproved': {
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
        proposal: { ...s.proposal, plannedEnd: d.plannedEnd },
        funding: {
          ...s.funding,
          supportVnd: d.supportVnd,
          reservedVnd: s.funding.reservedVnd + delta,
          fiscalYear: d.kind === 'extension_next_year' ? yearOf(d.plannedEnd) : s.funding.fiscalYear,
        },
      };
    }
    case 'AmendmentRejected': {
      const s = asContracted(state, event.type);
      return withExecution(s, {
        amendments: s.execution.amendments.map((a) =>
          a.no === event.data.amendmentNo ? { ...a, status: 'rejected' } : a,
        ),
      });
    }
    case 'ProjectSuspended':
      return { ...asContracted(state, event.type), status: 'suspended' };
    case 'ProjectResumed':
      return { ...asContracted(state, event.type), status: 'in_implementation' };
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
      return assertNever(event, 'project event');
  }
}
