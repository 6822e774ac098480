import type { DomainEvent, Instant, LocalDate, Vnd } from '../shared';
import type { PlanItem } from './plan.commands';

/** @example { type: 'PlanCreated', data: { planId: 'pl-1', programmeId: 'la-2026', title: '…', items: [{ projectId: 'p1', approvedSupportVnd: 150_000_000 }], totalVnd: 150_000_000, … } } */
export type PlanCreated = DomainEvent<
  'PlanCreated',
  {
    readonly planId: string;
    readonly programmeId: string;
    readonly title: string;
    readonly items: readonly PlanItem[];
    /** Sum of the items' support. */
    readonly totalVnd: Vnd;
    readonly createdBy: string;
    readonly at: Instant;
  }
>;

/** @example { type: 'PlanSubmitted', data: { planId: 'pl-1', programmeId: 'la-2026', submittedBy: 'u1', at } } */
export type PlanSubmitted = DomainEvent<
  'PlanSubmitted',
  { readonly planId: string; readonly programmeId: string; readonly submittedBy: string; readonly at: Instant }
>;

/**
 * The plan's decision; each of its projects has its `FundingApproved` (with this `planId`) and the
 * programme its `FundsReserved`, appended with it in one atomic append.
 *
 * @example { type: 'PlanApproved', data: { planId: 'pl-1', programmeId: 'la-2026', decisionNo: '12/QĐ-UBND', decidedOn: '2026-04-10', totalVnd: 450_000_000, authority: 'people_committee', … } }
 */
export type PlanApproved = DomainEvent<
  'PlanApproved',
  {
    readonly planId: string;
    readonly programmeId: string;
    readonly decisionNo: string;
    readonly decidedOn: LocalDate;
    readonly totalVnd: Vnd;
    /** The decision level the policy required, which the approver held. */
    readonly authority: string;
    readonly approvedBy: string;
    readonly at: Instant;
  }
>;

/** Every event of a `plan-<id>` stream. */
export type PlanEvent = PlanCreated | PlanSubmitted | PlanApproved;

/** One Plan event name. */
export type PlanEventType = PlanEvent['type'];

/** Schema version of each Plan event type. */
export const PLAN_EVENT_SCHEMA_VERSIONS: Readonly<Record<PlanEventType, number>> = Object.freeze({
  PlanCreated: 1,
  PlanSubmitted: 1,
  PlanApproved: 1,
});

/** The names of the Plan events. */
export const PLAN_EVENT_TYPES = Object.keys(PLAN_EVENT_SCHEMA_VERSIONS) as readonly PlanEventType[];

/**
 * A plan drafted for a programme, recorded in the programme's plan list (`plans-<programmeId>`)
 * with the plan's creation, so the plans of a programme can be listed by reading one stream.
 *
 * @example { type: 'PlanListed', data: { programmeId: 'la-2026', planId: 'pl-1', at } }
 */
export type PlanListed = DomainEvent<'PlanListed', { readonly programmeId: string; readonly planId: string; readonly at: Instant }>;

/** Every event of a `plans-<programmeId>` stream. */
export type PlanIndexEvent = PlanListed;
