import { citedDocuments, requireDossier } from './project-documents.rules';
import type { ProgrammeEvent } from '../programme/programme.events';
import {
  addDays,
  dateOf,
  daysBetween,
  DomainError,
  localDateOf,
  requireIndicators,
  requireText,
  requireVnd,
} from '../shared';
import type {
  ApproveSettlement,
  CloseProject,
  RecordOutcome,
  RecordRefund,
  SubmitSettlement,
  TerminateProject,
} from './project.commands';
import type { ProjectEvent } from './project.events';
import {
  activeProgramme,
  type DecisionContext,
  expectContracted,
  expectFunded,
  type KnownProject,
  projectOnly,
  type ProjectDecision,
} from './project-decision';
import { pastDate } from './project-funding.rules';
import { rejectAfterHardStop } from './project-hard-stop.rules';
import { disbursedVnd, type Execution, outstandingRefundVnd, pendingTranches } from './project.state';

function requireNoPayments(execution: Execution | undefined, states: readonly string[], command: string): void {
  const pending = execution === undefined ? [] : pendingTranches(execution).filter((t) => states.includes(t.status));
  if (pending.length > 0) {
    throw new DomainError('conflict', 'PAYMENT.PENDING', `${command} must wait for the pending tranches`, {
      trancheNos: pending.map((t) => t.no),
      paymentOrderNos: pending.flatMap((t) => (t.paymentOrderNo === undefined ? [] : [t.paymentOrderNo])),
    });
  }
}

/**
 * Termination. Requested tranches are cancelled; an issued payment order must first be confirmed
 * or failed by the treasury, since money may already be moving. The reservation above what was
 * disbursed goes back to the programme. Everything disbursed before acceptance is demanded back:
 * without accepted volume nothing proves the advances were spent on the project (TT 36/2013
 * Đ.12: unused advances and spending that cannot be settled are refunded); after acceptance the
 * disbursed money paid for accepted work and nothing is demanded.
 */
export function terminate(command: TerminateProject, state: KnownProject, ctx: DecisionContext): ProjectDecision {
  const s = expectFunded(state, command.type);
  requireNoPayments(s.execution, ['approved'], command.type);
  const reason = requireText('reason', command.reason);
  const programme = activeProgramme(ctx, s.programmeId);
  const disbursed = disbursedVnd(s.execution);
  const releasedVnd = s.funding.reservedVnd - disbursed;
  const refundDueVnd = s.execution?.acceptance === undefined ? disbursed : 0;
  const cancelled = (s.execution?.tranches ?? []).filter((t) => t.status === 'requested').map((t) => t.no);
  const project: ProjectEvent[] = [
    {
      type: 'ProjectTerminated',
      data: {
        projectId: s.projectId,
        programmeId: s.programmeId,
        reason,
        fromStatus: s.status,
        disbursedVnd: disbursed,
        releasedVnd,
        refundDueVnd,
        cancelledTrancheNos: cancelled,
        terminatedBy: command.actor.id,
        at: command.at,
      },
    },
  ];
  if (refundDueVnd > 0) project.push(refundDemanded(s.projectId, s.programmeId, refundDueVnd, 'termination', s.refunds, ctx, command.at));
  return { project, programme: releaseUnspent(programme.programmeId, s.projectId, releasedVnd, 'termination', command.at) };
}

/** The programme gets back what the project will not spend (nothing to release: no event). */
function releaseUnspent(programmeId: string, projectId: string, amountVnd: number, reason: 'termination' | 'settlement', at: string): ProgrammeEvent[] {
  return amountVnd > 0 ? [{ type: 'ReservationReleased', data: { programmeId, projectId, amountVnd, reason, at } }] : [];
}

function refundDemanded(
  projectId: string,
  programmeId: string,
  amountVnd: number,
  reason: 'termination' | 'settlement',
  refunds: { demandedVnd: number; refundedVnd: number },
  ctx: DecisionContext,
  at: string,
): ProjectEvent {
  return {
    type: 'RefundDemanded',
    data: {
      projectId,
      programmeId,
      amountVnd,
      reason,
      dueOn: addDays(localDateOf(at), ctx.policy.deadlines.refundDays),
      outstandingVnd: refunds.demandedVnd - refunds.refundedVnd + amountVnd,
      at,
    },
  };
}

export function submitSettlement(command: SubmitSettlement, state: KnownProject, ctx: DecisionContext): ProjectDecision {
  const s = expectContracted(state, command.type);
  const acceptance = s.execution.acceptance;
  if (acceptance === undefined) throw new Error('An accepted project without its acceptance');
  const spentVnd = requireVnd('spentVnd', command.spentVnd, { positive: false });
  const counterpartSpentVnd = requireVnd('counterpartSpentVnd', command.counterpartSpentVnd, { positive: false });
  const dossierRef = requireText('dossierRef', command.dossierRef);
  const documentIds = citedDocuments(s, command.documentIds);
  requireDossier(s, ctx, 'settlement');
  const today = localDateOf(command.at);
  const { settlementDossierDays, settlementHardStop } = ctx.policy.deadlines;
  const dossierDueOn = addDays(acceptance.acceptedOn, settlementDossierDays);
  const hardStopOn = dateOf(s.funding.fiscalYear + 1, settlementHardStop.month, settlementHardStop.day);
  return projectOnly([
    {
      type: 'SettlementSubmitted',
      data: {
        projectId: s.projectId,
        spentVnd,
        counterpartSpentVnd,
        dossierRef,
        ...(documentIds === undefined ? {} : { documentIds }),
        acceptedOn: acceptance.acceptedOn,
        daysAfterAcceptance: daysBetween(acceptance.acceptedOn, today),
        dossierDueOn,
        dossierLate: today > dossierDueOn,
        hardStopOn,
        hardStopMissed: today > hardStopOn,
        submittedBy: command.actor.id,
        at: command.at,
      },
    },
  ]);
}

/**
 * Settlement approval, refused after the settlement hard stop of the programme's budget year
 * (see `rejectAfterHardStop`). What stays reserved is the approved settlement; the rest goes back to the
 * programme. Money disbursed beyond the settlement is demanded back; approved money not yet paid
 * is reported as payable.
 */
export function approveSettlement(command: ApproveSettlement, state: KnownProject, ctx: DecisionContext): ProjectDecision {
  const s = expectContracted(state, command.type);
  const settlement = s.execution.settlement;
  if (settlement === undefined) throw new Error('A submitted settlement without its dossier');
  const approvedVnd = requireVnd('approvedVnd', command.approvedVnd, { positive: false });
  const programme = activeProgramme(ctx, s.programmeId);
  rejectAfterHardStop(command, s, programme.year, ctx.policy.deadlines);
  if (approvedVnd > settlement.spentVnd) {
    throw new DomainError('conflict', 'SETTLEMENT.EXCEEDS_SPENT', 'The settlement exceeds what was spent', {
      approvedVnd,
      spentVnd: settlement.spentVnd,
    });
  }
  if (approvedVnd > s.funding.supportVnd) {
    throw new DomainError('conflict', 'SETTLEMENT.EXCEEDS_APPROVED', 'The settlement exceeds the approved support', {
      approvedVnd,
      supportVnd: s.funding.supportVnd,
    });
  }
  requireNoPayments(s.execution, ['requested', 'approved'], command.type);
  const disbursed = disbursedVnd(s.execution);
  const releasedVnd = Math.max(0, s.funding.reservedVnd - approvedVnd);
  const refundDueVnd = Math.max(0, disbursed - approvedVnd);
  const project: ProjectEvent[] = [
    {
      type: 'SettlementApproved',
      data: {
        projectId: s.projectId,
        programmeId: s.programmeId,
        approvedVnd,
        spentVnd: settlement.spentVnd,
        disbursedVnd: disbursed,
        releasedVnd,
        refundDueVnd,
        payableVnd: Math.max(0, approvedVnd - disbursed),
        approvedBy: command.actor.id,
        at: command.at,
      },
    },
  ];
  if (refundDueVnd > 0) project.push(refundDemanded(s.projectId, s.programmeId, refundDueVnd, 'settlement', s.refunds, ctx, command.at));
  return { project, programme: releaseUnspent(programme.programmeId, s.projectId, releasedVnd, 'settlement', command.at) };
}

export function recordRefund(command: RecordRefund, state: KnownProject): ProjectDecision {
  const s = expectFunded(state, command.type);
  const treasuryRef = requireText('treasuryRef', command.treasuryRef);
  // The treasury reference identifies the refund: recording it twice is the same fact.
  if (s.refunds.treasuryRefs.includes(treasuryRef)) return projectOnly([]);
  const amountVnd = requireVnd('amountVnd', command.amountVnd, { positive: true });
  const outstanding = outstandingRefundVnd(s.refunds);
  if (outstanding === 0) {
    throw new DomainError('conflict', 'REFUND.NOTHING_DUE', 'No refund is outstanding', { outstandingVnd: 0 });
  }
  if (amountVnd > outstanding) {
    throw new DomainError('conflict', 'REFUND.EXCEEDS_OUTSTANDING', 'The refund exceeds what is outstanding', {
      amountVnd,
      outstandingVnd: outstanding,
    });
  }
  return projectOnly([
    {
      type: 'RefundRecorded',
      data: {
        projectId: s.projectId,
        amountVnd,
        treasuryRef,
        outstandingVnd: outstanding - amountVnd,
        recordedBy: command.actor.id,
        at: command.at,
      },
    },
  ]);
}

export function recordOutcome(command: RecordOutcome, state: KnownProject): ProjectDecision {
  const s = expectContracted(state, command.type);
  const measuredOn = pastDate('measuredOn', command.measuredOn, command.at);
  const indicators = requireIndicators('indicators', command.indicators);
  if (Object.keys(indicators).length === 0) {
    throw new DomainError('invalid', 'COMMAND.FIELD_REQUIRED', 'At least one indicator is required', {
      field: 'indicators',
    });
  }
  return projectOnly([
    {
      type: 'OutcomeRecorded',
      data: { projectId: s.projectId, measuredOn, indicators, recordedBy: command.actor.id, at: command.at },
    },
  ]);
}

export function close(command: CloseProject, state: KnownProject): ProjectDecision {
  const s = expectContracted(state, command.type);
  const outstanding = outstandingRefundVnd(s.refunds);
  if (outstanding > 0) {
    throw new DomainError('conflict', 'REFUND.OUTSTANDING', 'A project with an outstanding refund stays open', {
      outstandingVnd: outstanding,
    });
  }
  return projectOnly([{ type: 'ProjectClosed', data: { projectId: s.projectId, closedBy: command.actor.id, at: command.at } }]);
}
