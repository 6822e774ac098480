import { fundingInvolvement, isAllowedFrom, isOwnRequest, type ProjectCommandType, type Role } from '@app/domain';
import type { Policy, ProjectDetail } from '../api/types';
import type { FieldError } from '../forms';
import { ACTIONS } from './actions';
import { type ActionSpec, type ActionTarget, outstandingRefund } from './action-spec';
import { authorityBlock } from './authority';
import type { SignedInUser } from './user';

/* Which commands of the table the signed-in person sees on a project now, and which shown ones are blocked. */

/** An action the signed-in person may take now; `blocked` explains why it is shown but disabled. */
export interface AvailableAction {
  readonly spec: ActionSpec;
  readonly target: ActionTarget;
  readonly blocked?: FieldError;
}

type Verdict = 'ok' | 'hidden' | { readonly blocked: FieldError };

function targetsOf(spec: ActionSpec, project: ProjectDetail): ActionTarget[] {
  if (spec.per === 'tranche') return project.tranches.map((t) => ({ trancheNo: t.no }));
  if (spec.per === 'amendment') return project.amendments.map((a) => ({ amendmentNo: a.no }));
  return [{}];
}

/**
 * The rules beyond status and role that decide whether a button shows, or shows disabled. The
 * separation-of-duties cases use the domain's own rules (`fundingInvolvement`, `isOwnRequest`).
 */
function verdict(spec: ActionSpec, project: ProjectDetail, policy: Policy, user: SignedInUser, target: ActionTarget): Verdict {
  const round = project.appraisal.current;
  const tranche = project.tranches.find((t) => t.no === target.trancheNo);
  switch (spec.command) {
    case 'OpenAppraisal': {
      if (project.status !== 'in_appraisal') return 'ok';
      // A new panel only after a level passed, or when recusals left too few members.
      if (!round) return 'ok';
      const active = round.panel.filter((m) => !round.recused.includes(m)).length;
      return round.stage === 'awaiting_panel' || active < policy.appraisal.quorum ? 'ok' : 'hidden';
    }
    case 'DeclareConflict':
    case 'ScoreProposal':
      if (!round || round.stage !== 'open' || !round.panel.includes(user.sub)) return 'hidden';
      return round.recused.includes(user.sub) || round.scores[user.sub] !== undefined ? 'hidden' : 'ok';
    case 'ConcludeAppraisal': {
      if (!round || round.stage !== 'open') return 'hidden';
      const scored = Object.keys(round.scores).filter((id) => !round.recused.includes(id)).length;
      const quorum = policy.appraisal.quorum;
      if (scored < quorum) return { blocked: { key: 'blocked.quorum', params: { scored, quorum } } };
      // A level named like a decision level (the national set's `ministry`) is concluded by that level.
      const needs = authorityBlock(user, round.level);
      return needs ? { blocked: needs } : 'ok';
    }
    case 'ApproveFunding':
    case 'RejectFunding': {
      const scorers = project.appraisal.levels.flatMap((l) => l.scores.map((s) => s.appraiserId));
      const involved = fundingInvolvement({ createdBy: project.createdBy, submittedBy: project.submittedBy, scorers }, user.sub);
      return involved.length > 0 ? { blocked: { key: 'blocked.independentApprover' } } : 'ok';
    }
    case 'RequestTranche':
      if (!tranche || ['requested', 'approved', 'paid'].includes(tranche.status)) return 'hidden';
      return tranche.kind === 'final' && project.status !== 'accepted' ? { blocked: { key: 'blocked.finalAfterAcceptance' } } : 'ok';
    case 'ApproveTranche':
      if (!tranche || tranche.status !== 'requested') return 'hidden';
      return isOwnRequest(tranche, user.sub) ? { blocked: { key: 'blocked.ownTranche' } } : 'ok';
    case 'RejectTranche':
      return tranche?.status === 'requested' ? 'ok' : 'hidden';
    case 'DecideAmendment': {
      const amendment = project.amendments.find((a) => a.no === target.amendmentNo);
      if (amendment?.status !== 'pending') return 'hidden';
      if (isOwnRequest(amendment, user.sub)) return { blocked: { key: 'blocked.ownAmendment' } };
      // The level the policy gave the amendment's kind when it was requested.
      const needs = authorityBlock(user, amendment.approvalLevel);
      return needs ? { blocked: needs } : 'ok';
    }
    case 'RecordRefund':
      return outstandingRefund(project) > 0 ? 'ok' : 'hidden';
    default:
      return 'ok';
  }
}

/**
 * The commands the signed-in person may issue on the project now: the status must be one the
 * command may come from (the domain's `PROJECT_TRANSITIONS`), one of the person's roles must be among the
 * pinned policy's roles for it, and the command's own preconditions must hold (on the panel,
 * a tranche to request…). Separation-of-duties cases come back `blocked` with the reason.
 *
 * @example
 * availableActions(project, policy, { sub: 'demo-officer', roles: ['officer'] }).map((a) => a.spec.command);
 * // ['SubmitProposal', 'UpdateProjectDraft', 'WithdrawProposal'] for a draft
 */
export function availableActions(project: ProjectDetail, policy: Policy, user: SignedInUser): AvailableAction[] {
  const out: AvailableAction[] = [];
  for (const spec of ACTIONS) {
    if (!isAllowedFrom(spec.command, project.status)) continue;
    const allowed = rolesFor(policy, spec.command);
    if (!user.roles.some((role) => allowed.includes(role))) continue;
    for (const target of targetsOf(spec, project)) {
      const v = verdict(spec, project, policy, user, target);
      if (v === 'hidden') continue;
      out.push(v === 'ok' ? { spec, target } : { spec, target, blocked: v.blocked });
    }
  }
  return out;
}

/** Payment orders a development "simulate treasury payment" may confirm: issued and unpaid. */
export function payableOrders(project: ProjectDetail): { paymentOrderNo: string; trancheNo: number; amountVnd: number }[] {
  return project.paymentOrders.filter((o) => o.status === 'issued').map((o) => ({ paymentOrderNo: o.paymentOrderNo, trancheNo: o.trancheNo, amountVnd: o.amountVnd }));
}

/** The roles of a person that may issue a command under a policy (for "who can do this" hints). */
export function rolesFor(policy: Policy, command: ProjectCommandType): readonly Role[] {
  return policy.roles[command] ?? [];
}
