import { citedDocuments, requireDossier } from './project-documents.rules';
import { projectApprovalMode } from '../policy/policy-set';
import { TRANCHE_KINDS } from '../policy/policy-vocabulary';
import { availableVnd } from '../programme/programme.state';
import {
  DomainError,
  ForbiddenError,
  localDateOf,
  requireLocalDate,
  requireText,
  requireVnd,
} from '../shared';
import type { ApproveFunding, RejectFunding, SignContract, TrancheSchedule } from './project.commands';
import {
  activeProgramme,
  type DecisionContext,
  expectFunded,
  expectProposal,
  type KnownProject,
  projectOnly,
  type ProjectDecision,
} from './project-decision';
import type { ProposalProject } from './project.state';
import { fundingInvolvement } from './separation-of-duties';

/**
 * A date that has already come, by the Vietnamese calendar of the command (`PROJECT.DATE_IN_FUTURE`).
 *
 * @example
 * pastDate('decidedOn', '2026-06-10', '2026-06-11T09:00:00+07:00');
 */
export function pastDate(field: string, value: unknown, at: string): string {
  const date = requireLocalDate(field, value);
  const today = localDateOf(at);
  if (date > today) {
    throw new DomainError('invalid', 'PROJECT.DATE_IN_FUTURE', `${field} is after today`, { field, [field]: date, today });
  }
  return date;
}

/** Nobody approves or rejects funding for a proposal they created, submitted or scored. */
function requireIndependentApprover(state: ProposalProject, actorId: string): void {
  const roles = fundingInvolvement(state, actorId);
  if (roles.length > 0) {
    throw new ForbiddenError(
      'FUNDING.SEPARATION_OF_DUTIES',
      'Whoever created, submitted or scored a proposal cannot decide its funding',
      { actorId, involvedAs: roles },
    );
  }
}

export function approveFunding(command: ApproveFunding, state: KnownProject, ctx: DecisionContext): ProjectDecision {
  const s = expectProposal(state, command.type);
  if (command.planId === undefined && projectApprovalMode(ctx.policy) === 'plan') {
    throw new DomainError('conflict', 'FUNDING.PLAN_REQUIRED', 'The policy approves projects only through an annual plan', {
      projectId: s.projectId,
      policyId: ctx.policy.id,
      policyVersion: ctx.policy.version,
      projectApproval: 'plan',
    });
  }
  requireIndependentApprover(s, command.actor.id);
  const recommendation = s.recommendation;
  if (recommendation === undefined) throw new Error('A recommended project without its recommendation');
  const decisionNo = requireText('decisionNo', command.decisionNo);
  const decidedOn = pastDate('decidedOn', command.decidedOn, command.at);
  const approved = requireVnd('approvedSupportVnd', command.approvedSupportVnd, { positive: true });
  const documentIds = citedDocuments(s, command.documentIds);
  requireDossier(s, ctx, 'approval');
  if (approved > recommendation.recommendedSupportVnd) {
    throw new DomainError('conflict', 'FUNDING.EXCEEDS_RECOMMENDED', 'The approved support exceeds the recommendation', {
      approvedSupportVnd: approved,
      recommendedSupportVnd: recommendation.recommendedSupportVnd,
    });
  }
  const programme = activeProgramme(ctx, s.programmeId);
  const available = availableVnd(programme);
  if (approved > available) {
    throw new DomainError('conflict', 'FUNDING.BUDGET_EXCEEDED', 'The programme cannot carry this support', {
      programmeId: programme.programmeId,
      availableVnd: available,
      requestedVnd: approved,
      totalVnd: programme.totalVnd,
      reservedVnd: programme.reservedVnd,
    });
  }
  return {
    project: [
      {
        type: 'FundingApproved',
        data: {
          projectId: s.projectId,
          programmeId: s.programmeId,
          title: s.proposal.title,
          category: s.proposal.category,
          beneficiaryName: s.proposal.beneficiary.name,
          decisionNo,
          decidedOn,
          approvedSupportVnd: approved,
          recommendedSupportVnd: recommendation.recommendedSupportVnd,
          ...(documentIds === undefined ? {} : { documentIds }),
          ...(command.planId === undefined ? {} : { planId: command.planId }),
          approvedBy: command.actor.id,
          at: command.at,
        },
      },
    ],
    programme: [
      {
        type: 'FundsReserved',
        data: {
          programmeId: programme.programmeId,
          projectId: s.projectId,
          amountVnd: approved,
          decisionNo,
          at: command.at,
        },
      },
    ],
  };
}

export function rejectFunding(command: RejectFunding, state: KnownProject): ProjectDecision {
  const s = expectProposal(state, command.type);
  requireIndependentApprover(s, command.actor.id);
  const reason = requireText('reason', command.reason);
  return projectOnly([
    { type: 'FundingRejected', data: { projectId: s.projectId, reason, rejectedBy: command.actor.id, at: command.at } },
  ]);
}

function validSchedule(tranches: unknown): TrancheSchedule[] {
  const invalid = (reason: string, details: Record<string, unknown> = {}) =>
    new DomainError('invalid', 'TRANCHE.SCHEDULE_INVALID', reason, { reason, ...details });
  if (!Array.isArray(tranches) || tranches.length === 0) throw invalid('The schedule needs at least one tranche');
  const schedule = tranches as Partial<TrancheSchedule>[];
  return schedule.map((t, i) => {
    if (t.no !== i + 1) throw invalid('Tranches are numbered 1..n, unique and in order', { index: i, no: t.no });
    if (!(TRANCHE_KINDS as readonly unknown[]).includes(t.kind)) throw invalid('Unknown tranche kind', { no: t.no, kind: t.kind });
    if (t.kind === 'final' && i !== schedule.length - 1) {
      throw invalid('Only the last tranche may be final, and only one', { no: t.no });
    }
    const amountVnd = requireVnd(`tranches[${i}].amountVnd`, t.amountVnd, { positive: true });
    return { no: i + 1, kind: t.kind as TrancheSchedule['kind'], amountVnd };
  });
}

export function signContract(command: SignContract, state: KnownProject): ProjectDecision {
  const s = expectFunded(state, command.type);
  const contractNo = requireText('contractNo', command.contractNo);
  const signedOn = pastDate('signedOn', command.signedOn, command.at);
  if (signedOn < s.funding.decidedOn) {
    throw new DomainError('invalid', 'PROJECT.DATES_OUT_OF_ORDER', 'A contract cannot be signed before the approval', {
      decidedOn: s.funding.decidedOn,
      signedOn,
    });
  }
  const tranches = validSchedule(command.tranches);
  const scheduled = tranches.reduce((sum, t) => sum + t.amountVnd, 0);
  if (scheduled > s.funding.supportVnd) {
    throw new DomainError(
      'conflict',
      'TRANCHE.SCHEDULE_EXCEEDS_APPROVED',
      'The tranche schedule exceeds the approved support',
      { scheduledVnd: scheduled, approvedSupportVnd: s.funding.supportVnd },
    );
  }
  const b = s.proposal.beneficiary;
  return projectOnly([
    {
      type: 'ContractSigned',
      data: {
        projectId: s.projectId,
        programmeId: s.programmeId,
        contractNo,
        signedOn,
        tranches,
        contractVnd: scheduled,
        counterpartVnd: s.proposal.counterpartVnd,
        beneficiary: {
          name: b.name,
          kind: b.kind,
          ...(b.taxCode === undefined ? {} : { taxCode: b.taxCode }),
          province: b.province,
          commune: b.commune,
        },
        plannedEnd: s.proposal.plannedEnd,
        signedBy: command.actor.id,
        at: command.at,
      },
    },
  ]);
}
