import type { PolicySet } from '../policy/policy-set';
import type { Instant } from '../shared';
import type { BusinessCalendarPort } from './business-calendar.port';
import type { DeadlineState, Reminder } from './deadline.state';
import type {
  ReminderCancelReason,
  ReminderCause,
  ReminderEvent,
  ReminderKind,
  ReminderScheduled,
} from './reminder.events';

/*
 * The reminder lifecycle as the deadline workflow drives it. Each operation checks the reminder's
 * lifecycle first (never schedule what exists unless it was cancelled, never finish what is
 * already finished, never reschedule to the same times), so deciding an event twice is harmless.
 */

/**
 * What the workflow reads besides the state: the project's pinned policy (every number of the
 * deadline table) and the business-day calendar.
 *
 * @example
 * const context: DeadlineContext = { policy: findPolicy('vn-longan-local-2022', 1), calendar: vnBusinessCalendar };
 */
export interface DeadlineContext {
  readonly policy: PolicySet;
  readonly calendar: BusinessCalendarPort;
}

/** Everything a single decision needs, built once per event. @example { projectId: 'p-1', cause: { type: 'ContractSigned', version: 11 }, state, context } */
export interface Step {
  readonly projectId: string;
  readonly cause: ReminderCause;
  readonly state: DeadlineState;
  readonly context: DeadlineContext;
}

type Schedule = Omit<ReminderScheduled['data'], 'projectId' | 'cause'>;

interface Times {
  readonly dueAt: Instant;
  readonly noticeAt?: Instant;
  readonly escalateAt?: Instant;
}

/** The reminders still open, of one kind or all. @example openOf(state, 'post_evaluation') */
export function openOf(state: DeadlineState, kind?: ReminderKind): Reminder[] {
  return Object.values(state.reminders).filter((r) => r.lifecycle === 'scheduled' && (kind === undefined || r.kind === kind));
}

/**
 * Schedules a reminder unless it exists; one that was cancelled is opened again.
 *
 * @example
 * schedule(step, { reminderId: reminderIds.acceptance('p-1'), kind: 'acceptance', dueAt, assignees: ['u-1'] });
 */
export function schedule(step: Step, reminder: Schedule): ReminderEvent[] {
  const existing = step.state.reminders[reminder.reminderId];
  if (existing !== undefined && existing.lifecycle !== 'cancelled') return [];
  const assignees = [...new Set(reminder.assignees)];
  return [{ type: 'ReminderScheduled', data: { ...reminder, projectId: step.projectId, assignees, cause: step.cause } }];
}

/**
 * Moves an open reminder to new times; same times or finished work decide nothing.
 *
 * @example
 * reschedule(step, reminderIds.plannedEnd('p-1'), { dueAt });
 */
export function reschedule(step: Step, reminderId: string, times: Times): ReminderEvent[] {
  const r = step.state.reminders[reminderId];
  if (r === undefined || r.lifecycle !== 'scheduled') return [];
  if (r.dueAt === times.dueAt && r.noticeAt === times.noticeAt && r.escalateAt === times.escalateAt) return [];
  return [{ type: 'ReminderRescheduled', data: { reminderId, projectId: step.projectId, ...times, cause: step.cause } }];
}

/** Completes an open reminder. @example complete(step, reminderIds.acceptance('p-1')) */
export function complete(step: Step, reminderId: string): ReminderEvent[] {
  if (step.state.reminders[reminderId]?.lifecycle !== 'scheduled') return [];
  return [{ type: 'ReminderCompleted', data: { reminderId, projectId: step.projectId, cause: step.cause } }];
}

/** Completes every open reminder that `which` picks. @example completeAll(step, (r) => r.kind === 'refund') */
export function completeAll(step: Step, which: (r: Reminder) => boolean): ReminderEvent[] {
  return openOf(step.state)
    .filter(which)
    .flatMap((r) => complete(step, r.reminderId));
}

/** Cancels an open reminder for `reason`. @example cancel(step, reminderId, 'conflict_declared') */
export function cancel(step: Step, reminderId: string, reason: ReminderCancelReason): ReminderEvent[] {
  if (step.state.reminders[reminderId]?.lifecycle !== 'scheduled') return [];
  return [{ type: 'ReminderCancelled', data: { reminderId, projectId: step.projectId, reason, cause: step.cause } }];
}

/** Cancels every open reminder that `which` picks (all by default). @example cancelAll(step, 'project_closed') */
export function cancelAll(step: Step, reason: ReminderCancelReason, which: (r: Reminder) => boolean = () => true): ReminderEvent[] {
  return openOf(step.state)
    .filter(which)
    .flatMap((r) => cancel(step, r.reminderId, reason));
}
