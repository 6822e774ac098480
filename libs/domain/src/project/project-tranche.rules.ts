import { citedDocuments, requireDossier } from './project-documents.rules';
import {
  DomainError,
  ForbiddenError,
  percentOf,
  requireLocalDate,
  requireText,
  requireTextList,
  requireVnd,
} from '../shared';
import type { ApproveTranche, ConfirmPayment, FailPayment, RejectTranche, RequestTranche } from './project.commands';
import {
  activeProgramme,
  type DecisionContext,
  expectContracted,
  expectFunded,
  type KnownProject,
  projectOnly,
  type ProjectDecision,
} from './project-decision';
import { contractVnd, disbursedVnd, type Execution, lastProgressPercent, type Tranche } from './project.state';
import { rejectAfterHardStop } from './project-hard-stop.rules';
import { isOwnRequest } from './separation-of-duties';

/** Statuses in which money is on its way or paid; these count as advanced. */
const ADVANCED: readonly Tranche['status'][] = ['requested', 'approved', 'paid'];

function findTranche(execution: Execution, trancheNo: number): Tranche {
  const tranche = execution.tranches.find((t) => t.no === trancheNo);
  if (tranche === undefined) {
    throw new DomainError('not_found', 'TRANCHE.NOT_FOUND', `The contract has no tranche ${trancheNo}`, {
      trancheNo,
      tranches: execution.tranches.map((t) => t.no),
    });
  }
  return tranche;
}

function advancedVnd(tranche: Tranche): number {
  if (tranche.status === 'paid') return tranche.paidVnd;
  if (tranche.status === 'requested' || tranche.status === 'approved') return tranche.requestedVnd ?? 0;
  return 0;
}

export function requestTranche(command: RequestTranche, state: KnownProject, ctx: DecisionContext): ProjectDecision {
  const s = expectContracted(state, command.type);
  const tranche = findTranche(s.execution, command.trancheNo);
  if (ADVANCED.includes(tranche.status)) {
    throw new DomainError('conflict', 'TRANCHE.ALREADY_REQUESTED', `Tranche ${tranche.no} is already ${tranche.status}`, {
      trancheNo: tranche.no,
      status: tranche.status,
    });
  }
  const amountVnd = requireVnd('amountVnd', command.amountVnd, { positive: true });
  if (amountVnd > tranche.scheduledVnd) {
    throw new DomainError('conflict', 'TRANCHE.EXCEEDS_SCHEDULE', 'The request exceeds the scheduled amount', {
      trancheNo: tranche.no,
      amountVnd,
      scheduledVnd: tranche.scheduledVnd,
    });
  }
  const evidenceRefs = requireTextList('evidenceRefs', command.evidenceRefs);
  const documentIds = citedDocuments(s, command.documentIds);
  requireDossier(s, ctx, 'trancheRequest');
  const beforeAcceptance = s.status !== 'accepted';
  if (tranche.kind === 'final' && beforeAcceptance) {
    throw new DomainError('conflict', 'TRANCHE.REQUIRES_ACCEPTANCE', 'The final tranche is paid after acceptance', {
      trancheNo: tranche.no,
      status: s.status,
    });
  }
  const progressPercent = lastProgressPercent(s.execution);
  if (beforeAcceptance) {
    const contract = contractVnd(s.execution);
    const already = s.execution.tranches.reduce((sum, t) => sum + advancedVnd(t), 0);
    const ceilingPercent = ctx.policy.advanceCeilingPercentBeforeAcceptance;
    const ceilingVnd = percentOf(contract, ceilingPercent);
    if (already + amountVnd > ceilingVnd) {
      throw new DomainError('conflict', 'TRANCHE.ADVANCE_CEILING', 'Advances before acceptance would exceed the ceiling', {
        ceilingPercent,
        ceilingVnd,
        contractVnd: contract,
        alreadyAdvancedVnd: already,
        amountVnd,
      });
    }
    // The first advance of a contract follows the category's rule (TT 36/2013 Đ.13).
    const isFirst = !s.execution.tranches.some((t) => ADVANCED.includes(t.status));
    if (isFirst) {
      const category = s.proposal.category;
      const { maxPercent, minProgressPercent } = ctx.policy.categories[category].firstAdvance;
      const maxVnd = percentOf(contract, maxPercent);
      if (amountVnd > maxVnd) {
        throw new DomainError('conflict', 'TRANCHE.FIRST_ADVANCE_LIMIT', `The first ${category} advance is limited`, {
          category,
          maxPercent,
          maxVnd,
          amountVnd,
        });
      }
      if (minProgressPercent > 0 && !(progressPercent > minProgressPercent)) {
        throw new DomainError(
          'conflict',
          'TRANCHE.PROGRESS_THRESHOLD_NOT_MET',
          `The first ${category} advance needs reported progress above ${minProgressPercent} %`,
          { category, minProgressPercent, progressPercent },
        );
      }
    }
  }
  return projectOnly([
    {
      type: 'TrancheRequested',
      data: {
        projectId: s.projectId,
        trancheNo: tranche.no,
        kind: tranche.kind,
        amountVnd,
        scheduledVnd: tranche.scheduledVnd,
        evidenceRefs,
        ...(documentIds === undefined ? {} : { documentIds }),
        progressPercent,
        beforeAcceptance,
        requestedBy: command.actor.id,
        at: command.at,
      },
    },
  ]);
}

function requestedTranche(execution: Execution, trancheNo: number): Tranche {
  const tranche = findTranche(execution, trancheNo);
  if (tranche.status !== 'requested') {
    throw new DomainError('conflict', 'TRANCHE.NOT_REQUESTED', `Tranche ${trancheNo} is ${tranche.status}, not requested`, {
      trancheNo,
      status: tranche.status,
    });
  }
  return tranche;
}

/**
 * The accountant's approval: issues the payment order. Refused after the settlement hard stop of
 * the programme's budget year (see `rejectAfterHardStop`), so it needs the programme.
 */
export function approveTranche(command: ApproveTranche, state: KnownProject, ctx: DecisionContext): ProjectDecision {
  const s = expectContracted(state, command.type);
  const tranche = requestedTranche(s.execution, command.trancheNo);
  if (isOwnRequest(tranche, command.actor.id)) {
    throw new ForbiddenError('TRANCHE.SEPARATION_OF_DUTIES', 'Whoever requested a tranche cannot approve it', {
      trancheNo: tranche.no,
      requestedBy: tranche.requestedBy,
    });
  }
  const paymentOrderNo = requireText('paymentOrderNo', command.paymentOrderNo);
  rejectAfterHardStop(command, s, activeProgramme(ctx, s.programmeId).year, ctx.policy.deadlines);
  if (s.execution.paymentOrders[paymentOrderNo] !== undefined) {
    throw new DomainError('conflict', 'TRANCHE.PAYMENT_ORDER_DUPLICATE', 'The payment order number is already used', {
      paymentOrderNo,
      trancheNo: s.execution.paymentOrders[paymentOrderNo]?.trancheNo,
    });
  }
  const b = s.proposal.beneficiary;
  return projectOnly([
    {
      type: 'TrancheApproved',
      data: {
        projectId: s.projectId,
        programmeId: s.programmeId,
        contractNo: s.execution.contractNo,
        trancheNo: tranche.no,
        kind: tranche.kind,
        paymentOrderNo,
        amountVnd: tranche.requestedVnd ?? 0,
        payee: { name: b.name, ...(b.taxCode === undefined ? {} : { taxCode: b.taxCode }) },
        requestedBy: tranche.requestedBy ?? '',
        approvedBy: command.actor.id,
        at: command.at,
      },
    },
  ]);
}

export function rejectTranche(command: RejectTranche, state: KnownProject): ProjectDecision {
  const s = expectContracted(state, command.type);
  const tranche = requestedTranche(s.execution, command.trancheNo);
  const reason = requireText('reason', command.reason);
  return projectOnly([
    {
      type: 'TrancheRejected',
      data: {
        projectId: s.projectId,
        trancheNo: tranche.no,
        amountVnd: tranche.requestedVnd ?? 0,
        reason,
        rejectedBy: command.actor.id,
        at: command.at,
      },
    },
  ]);
}

function findOrder(execution: Execution | undefined, paymentOrderNo: unknown) {
  const order = typeof paymentOrderNo === 'string' ? execution?.paymentOrders[paymentOrderNo] : undefined;
  if (execution === undefined || order === undefined) {
    throw new DomainError('invalid', 'PAYMENT.UNKNOWN_ORDER', `Unknown payment order ${String(paymentOrderNo)}`, {
      paymentOrderNo,
    });
  }
  return { execution, order, paymentOrderNo: paymentOrderNo as string };
}

export function confirmPayment(command: ConfirmPayment, state: KnownProject): ProjectDecision {
  const s = expectFunded(state, command.type);
  const { execution, order, paymentOrderNo } = findOrder(s.execution, command.paymentOrderNo);
  // Finance systems retry: a confirmation of a confirmed order is the same fact again.
  if (order.status === 'confirmed') return projectOnly([]);
  if (order.status === 'failed') {
    throw new DomainError('conflict', 'PAYMENT.ORDER_FAILED', 'The payment order was reported failed', {
      paymentOrderNo,
    });
  }
  const amountVnd = requireVnd('amountVnd', command.amountVnd, { positive: true });
  if (amountVnd !== order.amountVnd) {
    throw new DomainError('invalid', 'PAYMENT.AMOUNT_MISMATCH', 'The paid amount differs from the ordered amount', {
      paymentOrderNo,
      orderedVnd: order.amountVnd,
      amountVnd,
    });
  }
  const treasuryRef = requireText('treasuryRef', command.treasuryRef);
  const valueDate = requireLocalDate('valueDate', command.valueDate);
  return projectOnly([
    {
      type: 'PaymentConfirmed',
      data: {
        projectId: s.projectId,
        programmeId: s.programmeId,
        paymentOrderNo,
        trancheNo: order.trancheNo,
        amountVnd,
        treasuryRef,
        valueDate,
        disbursedVnd: disbursedVnd(execution) + amountVnd,
        confirmedBy: command.actor.id,
        at: command.at,
      },
    },
  ]);
}

export function failPayment(command: FailPayment, state: KnownProject): ProjectDecision {
  const s = expectFunded(state, command.type);
  const { order, paymentOrderNo } = findOrder(s.execution, command.paymentOrderNo);
  if (order.status === 'failed') return projectOnly([]);
  if (order.status === 'confirmed') {
    throw new DomainError('conflict', 'PAYMENT.ALREADY_CONFIRMED', 'A confirmed payment cannot fail', { paymentOrderNo });
  }
  const reason = requireText('reason', command.reason);
  return projectOnly([
    {
      type: 'PaymentFailed',
      data: {
        projectId: s.projectId,
        paymentOrderNo,
        trancheNo: order.trancheNo,
        amountVnd: order.amountVnd,
        reason,
        reportedBy: command.actor.id,
        at: command.at,
      },
    },
  ]);
}
