import type { DomainEvent, Instant } from '../shared';

/** The deadlines of DOMAIN.md "Deadlines the engine schedules", one kind each. */
export const REMINDER_KINDS = [
  'info_reply',
  'appraisal_scoring',
  'contract_signature',
  'progress_report',
  'planned_end',
  'acceptance',
  'settlement_dossier',
  'settlement_hard_stop',
  'refund',
  'post_evaluation',
] as const;

/** One kind of reminder. @example 'progress_report' */
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** Channels a due reminder is sent on, each at most once. @example 'webhook' */
export type ReminderChannel = 'inbox' | 'email' | 'webhook';

/**
 * The project event a scheduling decision answers: its type and its version in the project's
 * stream. Replays compare it with what was already decided, so it is also the idempotency key.
 *
 * @example { type: 'InformationRequested', version: 3 }
 */
export interface ReminderCause {
  readonly type: string;
  readonly version: number;
}

/** Why a reminder is no longer needed. @example 'conflict_declared' */
export type ReminderCancelReason =
  | 'proposal_withdrawn'
  | 'proposal_not_recommended'
  | 'funding_rejected'
  | 'project_terminated'
  | 'project_closed'
  | 'project_suspended'
  | 'completion_declared'
  | 'conflict_declared'
  | 'appraisal_concluded'
  | 'panel_replaced'
  | 'superseded_by_later_report';

/**
 * Due work was scheduled. Assignees are user ids or `role:<role>`. Scheduling an id that was
 * cancelled opens it again (a progress month cancelled by a suspension, then resumed).
 *
 * @example { type: 'ReminderScheduled', data: { reminderId: 'p-1:progress_report:2026-07', projectId: 'p-1', kind: 'progress_report', dueAt: '2026-07-25T00:00:00+07:00', noticeAt: '2026-07-22T00:00:00+07:00', escalateAt: '2026-07-25T00:00:00+07:00', escalateTo: ['approver-1'], assignees: ['officer-1'], cause: { type: 'ProgressReported', version: 14 } } }
 */
export type ReminderScheduled = DomainEvent<
  'ReminderScheduled',
  {
    readonly reminderId: string;
    readonly projectId: string;
    readonly kind: ReminderKind;
    readonly dueAt: Instant;
    /** When to send an advance notice; absent when the kind has none. */
    readonly noticeAt?: Instant;
    /** When an unfinished reminder escalates to `escalateTo`. */
    readonly escalateAt?: Instant;
    readonly escalateTo?: readonly string[];
    readonly assignees: readonly string[];
    readonly cause: ReminderCause;
  }
>;

/**
 * The due time moved (an approved amendment); earlier sends no longer count, the new times do.
 * Absent `noticeAt`/`escalateAt` mean none.
 *
 * @example { type: 'ReminderRescheduled', data: { reminderId: 'p-1:planned_end', projectId: 'p-1', dueAt: '2026-11-15T08:00:00+07:00', cause: { type: 'AmendmentApproved', version: 20 } } }
 */
export type ReminderRescheduled = DomainEvent<
  'ReminderRescheduled',
  {
    readonly reminderId: string;
    readonly projectId: string;
    readonly dueAt: Instant;
    readonly noticeAt?: Instant;
    readonly escalateAt?: Instant;
    readonly cause: ReminderCause;
  }
>;

/**
 * The work was done; nothing more is sent.
 *
 * @example { type: 'ReminderCompleted', data: { reminderId: 'p-1:contract_signature', projectId: 'p-1', cause: { type: 'ContractSigned', version: 11 } } }
 */
export type ReminderCompleted = DomainEvent<
  'ReminderCompleted',
  { readonly reminderId: string; readonly projectId: string; readonly cause: ReminderCause }
>;

/**
 * The work is no longer needed; nothing more is sent.
 *
 * @example { type: 'ReminderCancelled', data: { reminderId: 'p-1:appraisal_scoring:province:appraiser-1', projectId: 'p-1', reason: 'conflict_declared', cause: { type: 'ConflictDeclared', version: 5 } } }
 */
export type ReminderCancelled = DomainEvent<
  'ReminderCancelled',
  {
    readonly reminderId: string;
    readonly projectId: string;
    readonly reason: ReminderCancelReason;
    readonly cause: ReminderCause;
  }
>;

/**
 * A due reminder went out on one channel (appended by the firing side, folded here).
 *
 * @example { type: 'ReminderSent', data: { reminderId: 'p-1:acceptance', projectId: 'p-1', channel: 'inbox', at: '2026-10-22T17:00:05+07:00', recipients: ['officer-1'] } }
 */
export type ReminderSent = DomainEvent<
  'ReminderSent',
  {
    readonly reminderId: string;
    readonly projectId: string;
    readonly channel: ReminderChannel;
    readonly at: Instant;
    readonly recipients: readonly string[];
  }
>;

/**
 * An overdue reminder went to its escalation recipients (appended by the firing side).
 *
 * @example { type: 'ReminderEscalated', data: { reminderId: 'p-1:progress_report:2026-07', projectId: 'p-1', to: ['approver-1'], at: '2026-07-25T00:00:03+07:00' } }
 */
export type ReminderEscalated = DomainEvent<
  'ReminderEscalated',
  { readonly reminderId: string; readonly projectId: string; readonly to: readonly string[]; readonly at: Instant }
>;

/**
 * One delivery attempt failed; the queue retries it (appended by the firing side).
 *
 * @example { type: 'ReminderDeliveryFailed', data: { reminderId: 'p-1:acceptance', projectId: 'p-1', channel: 'webhook', error: 'HTTP 503', attempt: 1, at: '2026-10-22T17:00:05+07:00' } }
 */
export type ReminderDeliveryFailed = DomainEvent<
  'ReminderDeliveryFailed',
  {
    readonly reminderId: string;
    readonly projectId: string;
    readonly channel: ReminderChannel;
    readonly error: string;
    readonly attempt: number;
    readonly at: Instant;
  }
>;

/**
 * Every event of a project's reminders: the first four are decided by the deadline workflow,
 * the last three are facts of delivery recorded by the firing side.
 *
 * @example
 * const state = [...projectEvents, ...reminderEvents].reduce(evolveDeadlines, initialDeadlineState);
 */
export type ReminderEvent =
  | ReminderScheduled
  | ReminderRescheduled
  | ReminderCompleted
  | ReminderCancelled
  | ReminderSent
  | ReminderEscalated
  | ReminderDeliveryFailed;

/** One reminder event name. */
export type ReminderEventType = ReminderEvent['type'];

/**
 * Schema version of each reminder event type, for the serializer and its upcasters.
 *
 * @example
 * REMINDER_EVENT_SCHEMA_VERSIONS.ReminderScheduled; // 1
 */
export const REMINDER_EVENT_SCHEMA_VERSIONS: Readonly<Record<ReminderEventType, number>> = Object.freeze({
  ReminderScheduled: 1,
  ReminderRescheduled: 1,
  ReminderCompleted: 1,
  ReminderCancelled: 1,
  ReminderSent: 1,
  ReminderEscalated: 1,
  ReminderDeliveryFailed: 1,
});

/** The names of the reminder events. */
export const REMINDER_EVENT_TYPES = Object.keys(REMINDER_EVENT_SCHEMA_VERSIONS) as readonly ReminderEventType[];
