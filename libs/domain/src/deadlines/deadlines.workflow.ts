import { PROJECT_EVENT_TYPES, type ProjectEvent, type ProjectEventType } from '../project/project.events';
import { type Decider, isInstant } from '../shared';
import { decideReminders } from './deadline-decisions';
import type { DeadlineContext } from './deadline-steps';
import { type DeadlineState, evolveDeadlines, initialDeadlineState } from './deadline.state';
import type { ReminderEvent } from './reminder.events';

export type { DeadlineContext } from './deadline-steps';

/*
 * The deadline workflow: a project event in, reminder decisions out (the `Schedule` of a
 * workflow decider). It reacts to recorded facts only and never refuses one. Idempotency has two
 * layers: an event whose version is not above `decidedThrough` was already decided, and each
 * decision checks the reminder's lifecycle (never schedule what exists unless it was cancelled,
 * never finish what is already finished, never reschedule to the same times).
 */

/**
 * A stored event as the workflow receives it: its type, its payload and its version in the
 * project's stream. Anything that is not a project event decides nothing.
 *
 * @example
 * { type: 'InformationRequested', data: { projectId: 'p-1', reason: '…', replyBusinessDays: 10, … }, version: 3 }
 */
export interface DeadlineTrigger {
  readonly type: string;
  readonly data: unknown;
  readonly version: number;
}

/**
 * Decides which reminders a project event schedules, reschedules, completes or cancels.
 * `state` is folded from the project's events before this one and the reminder events decided
 * so far (having folded this event too is harmless). Unknown or malformed events, events of
 * another project and events already decided give `[]`.
 *
 * @example
 * decideDeadlines({ type: 'ContractSigned', data, version: 11 }, state, { policy, calendar });
 * // [{ type: 'ReminderCompleted', data: { reminderId: 'p-1:contract_signature', … } },
 * //  { type: 'ReminderScheduled', data: { reminderId: 'p-1:planned_end', kind: 'planned_end', … } }]
 */
export function decideDeadlines(
  event: DeadlineTrigger,
  state: DeadlineState,
  context: DeadlineContext,
): ReminderEvent[] {
  const projectEvent = asProjectEvent(event);
  if (projectEvent === undefined || !Number.isSafeInteger(event.version) || event.version < 1) return [];
  if (event.version <= state.decidedThrough) return [];
  const projectId = projectEvent.data.projectId;
  if (state.projectId !== undefined && state.projectId !== projectId) return [];
  return decideReminders(projectEvent, { projectId, cause: { type: event.type, version: event.version }, state, context });
}

/**
 * The workflow as a `Decider` over one context, for runners and given/when/then specs: its
 * "commands" are stored project events with their version, its events both halves of the state.
 *
 * @example
 * deciderSpec(deadlinesWorkflow({ policy, calendar })).given(history).when({ ...contractSigned, version: 11 }).then([...]);
 */
export function deadlinesWorkflow(
  context: DeadlineContext,
): Decider<DeadlineTrigger, DeadlineState, ProjectEvent | ReminderEvent> {
  return {
    initialState: initialDeadlineState,
    decide: (event, state) => decideDeadlines(event, state, context),
    evolve: evolveDeadlines,
  };
}

const PROJECT_TYPES: ReadonlySet<string> = new Set(PROJECT_EVENT_TYPES);

/** Recorded events were validated by the project decider; only the envelope is checked here. */
function asProjectEvent(event: DeadlineTrigger): ProjectEvent | undefined {
  if (!PROJECT_TYPES.has(event.type)) return undefined;
  const data = event.data as { projectId?: unknown; at?: unknown } | null;
  if (typeof data !== 'object' || data === null) return undefined;
  if (typeof data.projectId !== 'string' || data.projectId === '' || !isInstant(data.at)) return undefined;
  return { type: event.type as ProjectEventType, data } as ProjectEvent;
}
