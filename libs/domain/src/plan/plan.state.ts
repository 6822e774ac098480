import { assertNever, type Instant, type LocalDate, type Vnd } from '../shared';
import type { PlanItem } from './plan.commands';
import type { PlanEvent } from './plan.events';

/** Where a plan stands. */
export type PlanStatus = 'draft' | 'submitted' | 'approved';

/** A plan that exists. */
export interface KnownPlan {
  readonly status: PlanStatus;
  readonly planId: string;
  readonly programmeId: string;
  readonly title: string;
  readonly items: readonly PlanItem[];
  readonly totalVnd: Vnd;
  readonly createdBy: string;
  readonly createdAt: Instant;
  readonly submittedBy?: string;
  readonly submittedAt?: Instant;
  readonly decision?: {
    readonly decisionNo: string;
    readonly decidedOn: LocalDate;
    readonly authority: string;
    readonly approvedBy: string;
    readonly at: Instant;
  };
}

/**
 * State of a `plan-<id>` stream.
 *
 * @example
 * const state: PlanState = { status: 'none' };
 */
export type PlanState = { readonly status: 'none' } | KnownPlan;

/**
 * Applies one recorded fact; a fact that cannot apply means the stream is corrupt.
 *
 * @example
 * const next = evolvePlan({ status: 'none' }, planCreated);
 */
export function evolvePlan(state: PlanState, event: PlanEvent): PlanState {
  if (event.type === 'PlanCreated') {
    if (state.status !== 'none') throw new Error(`PlanCreated on plan ${state.planId}, which exists`);
    const d = event.data;
    return {
      status: 'draft',
      planId: d.planId,
      programmeId: d.programmeId,
      title: d.title,
      items: d.items,
      totalVnd: d.totalVnd,
      createdBy: d.createdBy,
      createdAt: d.at,
    };
  }
  if (state.status === 'none') throw new Error(`${event.type} on a plan that was never created`);
  switch (event.type) {
    case 'PlanSubmitted':
      return { ...state, status: 'submitted', submittedBy: event.data.submittedBy, submittedAt: event.data.at };
    case 'PlanApproved': {
      const d = event.data;
      return {
        ...state,
        status: 'approved',
        decision: { decisionNo: d.decisionNo, decidedOn: d.decidedOn, authority: d.authority, approvedBy: d.approvedBy, at: d.at },
      };
    }
    default:
      return assertNever(event, 'plan event');
  }
}
