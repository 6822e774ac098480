import type { Actor, Instant, LocalDate, Vnd } from '../shared';

/** One project of an annual plan and the support the plan gives it. */
export interface PlanItem {
  readonly projectId: string;
  readonly approvedSupportVnd: Vnd;
}

/**
 * Drafts an annual plan (kế hoạch khuyến công) of a programme: recommended projects of the
 * programme, each listed once, with the support the plan proposes to approve.
 *
 * @example
 * const cmd: CreatePlan = { type: 'CreatePlan', planId: 'pl-1', programmeId: 'la-2026', title: 'Kế hoạch khuyến công 2026',
 *   items: [{ projectId: 'p1', approvedSupportVnd: 150_000_000 }], actor, at };
 */
export interface CreatePlan {
  readonly type: 'CreatePlan';
  readonly planId: string;
  readonly programmeId: string;
  readonly title: string;
  readonly items: readonly PlanItem[];
  readonly actor: Actor;
  readonly at: Instant;
}

/** @example { type: 'SubmitPlan', planId: 'pl-1', programmeId: 'la-2026', actor, at } */
export interface SubmitPlan {
  readonly type: 'SubmitPlan';
  readonly planId: string;
  readonly programmeId: string;
  readonly actor: Actor;
  readonly at: Instant;
}

/**
 * Approves a submitted plan by one decision: every project of it is approved and its support
 * reserved, together or not at all.
 *
 * @example
 * const cmd: ApprovePlan = { type: 'ApprovePlan', planId: 'pl-1', programmeId: 'la-2026', decisionNo: '12/QĐ-UBND', decidedOn: '2026-04-10', actor, at };
 */
export interface ApprovePlan {
  readonly type: 'ApprovePlan';
  readonly planId: string;
  readonly programmeId: string;
  readonly decisionNo: string;
  readonly decidedOn: LocalDate;
  readonly actor: Actor;
  readonly at: Instant;
}

/** Every command of the Plan aggregate. */
export type PlanCommand = CreatePlan | SubmitPlan | ApprovePlan;
