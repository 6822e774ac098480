import type { ProjectEvent } from '../project/project.events';
import { assertNever, type Instant } from '../shared';
import type {
  ReminderCancelReason,
  ReminderCause,
  ReminderChannel,
  ReminderEvent,
  ReminderKind,
} from './reminder.events';

/** What every reminder records, whatever became of it. */
interface ReminderFacts {
  readonly reminderId: string;
  readonly kind: ReminderKind;
  /** What tells it apart from others of its kind: the period, `level:appraiser`, months, version; `''` for one-offs. */
  readonly subject: string;
  readonly dueAt: Instant;
  readonly noticeAt?: Instant;
  readonly escalateAt?: Instant;
  readonly escalateTo?: readonly string[];
  readonly assignees: readonly string[];
  /** The project event behind the last decision about it. */
  readonly cause: ReminderCause;
  /** Channels it went out on since it was (re)scheduled. */
  readonly sentOn: readonly ReminderChannel[];
  readonly escalatedAt?: Instant;
  readonly failedDeliveries: number;
}

/**
 * One reminder and its lifecycle: `scheduled` (work still due), `completed` (the work was done) or
 * `cancelled` (the work is no longer needed).
 *
 * @example
 * { lifecycle: 'scheduled', reminderId: 'p-1:acceptance', kind: 'acceptance', subject: '', dueAt: '2026-10-22T17:00:00+07:00', assignees: ['officer-1'], cause: { type: 'CompletionDeclared', version: 22 }, sentOn: [], failedDeliveries: 0 }
 */
export type Reminder =
  | (ReminderFacts & { readonly lifecycle: 'scheduled' })
  | (ReminderFacts & { readonly lifecycle: 'completed' })
  | (ReminderFacts & { readonly lifecycle: 'cancelled'; readonly reason: ReminderCancelReason });

/**
 * What the deadline workflow knows of one project, folded from the project's events and its
 * reminder events: who to remind, where monthly reporting stands, and every reminder.
 *
 * @example
 * const state = history.reduce(evolveDeadlines, initialDeadlineState);
 * officerOf(state); // 'officer-1'
 */
export interface DeadlineState {
  readonly projectId?: string;
  readonly createdBy?: string;
  /** The first submitter (a reply to an information request does not change the officer). */
  readonly submittedBy?: string;
  /** Who approved the funding: progress reports escalate to them. */
  readonly approvedBy?: string;
  readonly progress: {
    /** True between the start (or a resumption) and a suspension, completion or termination. */
    readonly active: boolean;
    readonly lastReportedPeriod?: string;
  };
  readonly reminders: Readonly<Record<string, Reminder>>;
  /** Highest project stream version a reminder event answers: events up to it were decided. */
  readonly decidedThrough: number;
}

/**
 * The state before anything happened.
 *
 * @example
 * evolveDeadlines(initialDeadlineState, draftCreated).createdBy; // 'officer-1'
 */
export const initialDeadlineState: DeadlineState = Object.freeze({
  progress: Object.freeze({ active: false }),
  reminders: Object.freeze({}),
  decidedThrough: 0,
});

/**
 * The reminder's status as the read model and `GET /reminders?status=` show it.
 *
 * @example 'sent'
 */
export type ReminderStatus = 'open' | 'sent' | 'escalated' | 'done' | 'cancelled';

/**
 * How a reminder reads: finished work first, then the furthest delivery step.
 *
 * @example
 * reminderStatus(state.reminders['p-1:acceptance']); // 'sent' once one channel delivered it
 */
export function reminderStatus(reminder: Reminder): ReminderStatus {
  switch (reminder.lifecycle) {
    case 'completed':
      return 'done';
    case 'cancelled':
      return 'cancelled';
    case 'scheduled':
      if (reminder.escalatedAt !== undefined) return 'escalated';
      return reminder.sentOn.length > 0 ? 'sent' : 'open';
    default:
      return assertNever(reminder, 'reminder');
  }
}

/**
 * The project's officer: whoever submitted it, else whoever created it.
 *
 * @example
 * officerOf(state); // 'officer-1'
 */
export function officerOf(state: DeadlineState): string | undefined {
  return state.submittedBy ?? state.createdBy;
}

/**
 * Reminders whose work is still due (scheduled, whether or not already sent or escalated).
 *
 * @example
 * openReminders(state).map((r) => r.reminderId); // ['p-1:planned_end', 'p-1:settlement_hard_stop']
 */
export function openReminders(state: DeadlineState): readonly Reminder[] {
  return Object.values(state.reminders).filter((r) => r.lifecycle === 'scheduled');
}

/**
 * Folds one project or reminder event. Facts about unknown reminders are ignored: the firing side
 * may record a delivery the workflow state has not caught up with, and a fold never refuses.
 *
 * @example
 * const state = [...projectEvents, ...reminderEvents].reduce(evolveDeadlines, initialDeadlineState);
 */
export function evolveDeadlines(state: DeadlineState, event: ProjectEvent | ReminderEvent): DeadlineState {
  switch (event.type) {
    case 'ReminderScheduled':
    case 'ReminderRescheduled':
    case 'ReminderCompleted':
    case 'ReminderCancelled':
    case 'ReminderSent':
    case 'ReminderEscalated':
    case 'ReminderDeliveryFailed':
      return evolveReminder(state, event);
    default:
      return evolveProjectFacts(state, event);
  }
}

function withProject(state: DeadlineState, projectId: string): DeadlineState {
  return state.projectId === projectId ? state : { ...state, projectId };
}

function evolveProjectFacts(state: DeadlineState, event: ProjectEvent): DeadlineState {
  const s = withProject(state, event.data.projectId);
  switch (event.type) {
    case 'ProjectDraftCreated':
      return { ...s, createdBy: event.data.createdBy };
    case 'ProposalSubmitted':
      return s.submittedBy === undefined ? { ...s, submittedBy: event.data.submittedBy } : s;
    case 'FundingApproved':
      return { ...s, approvedBy: event.data.approvedBy };
    case 'ImplementationStarted':
    case 'ProjectResumed':
      return { ...s, progress: { ...s.progress, active: true } };
    case 'ProjectSuspended':
    case 'ProjectTerminated':
    case 'CompletionDeclared':
    case 'ProjectClosed':
      return { ...s, progress: { ...s.progress, active: false } };
    case 'ProgressReported': {
      const last = s.progress.lastReportedPeriod;
      const period = last !== undefined && last > event.data.period ? last : event.data.period;
      return { ...s, progress: { ...s.progress, lastReportedPeriod: period } };
    }
    case 'ProjectDraftUpdated':
    case 'InformationRequested':
    case 'InformationProvided':
    case 'ProposalWithdrawn':
    case 'AppraisalOpened':
    case 'ConflictDeclared':
    case 'ProposalScored':
    case 'AppraisalLevelPassed':
    case 'ProposalRecommended':
    case 'ProposalNotRecommended':
    case 'FundingRejected':
    case 'ContractSigned':
    case 'TrancheRequested':
    case 'TrancheApproved':
    case 'TrancheRejected':
    case 'PaymentConfirmed':
    case 'PaymentFailed':
    case 'AmendmentRequested':
    case 'AmendmentApproved':
    case 'AmendmentRejected':
    case 'AcceptanceRecorded':
    case 'SettlementSubmitted':
    case 'SettlementApproved':
    case 'RefundDemanded':
    case 'RefundRecorded':
    case 'OutcomeRecorded':
    case 'DocumentAttached':
    case 'PaperDocumentReceived':
    case 'DocumentSuperseded':
      return s;
    default:
      return assertNever(event, 'project event');
  }
}

function subjectOf(reminderId: string, projectId: string, kind: ReminderKind): string {
  const prefix = `${projectId}:${kind}:`;
  return reminderId.startsWith(prefix) ? reminderId.slice(prefix.length) : '';
}

function decided(state: DeadlineState, cause: ReminderCause): number {
  return Math.max(state.decidedThrough, cause.version);
}

/** The facts of a reminder without its lifecycle, to move it to another one. */
function factsOf(reminder: Reminder): ReminderFacts {
  const { lifecycle: _l, ...facts } = reminder;
  if ('reason' in facts) {
    const { reason: _r, ...rest } = facts;
    return rest;
  }
  return facts;
}

function put(state: DeadlineState, reminder: Reminder, cause?: ReminderCause): DeadlineState {
  return {
    ...state,
    reminders: { ...state.reminders, [reminder.reminderId]: reminder },
    decidedThrough: cause === undefined ? state.decidedThrough : decided(state, cause),
  };
}

function evolveReminder(state: DeadlineState, event: ReminderEvent): DeadlineState {
  const d = event.data;
  const s = withProject(state, d.projectId);
  if (event.type === 'ReminderScheduled') {
    const e = event.data;
    return put(
      s,
      {
        lifecycle: 'scheduled',
        reminderId: e.reminderId,
        kind: e.kind,
        subject: subjectOf(e.reminderId, e.projectId, e.kind),
        dueAt: e.dueAt,
        ...(e.noticeAt === undefined ? {} : { noticeAt: e.noticeAt }),
        ...(e.escalateAt === undefined ? {} : { escalateAt: e.escalateAt }),
        ...(e.escalateTo === undefined ? {} : { escalateTo: e.escalateTo }),
        assignees: e.assignees,
        cause: e.cause,
        sentOn: [],
        failedDeliveries: 0,
      },
      e.cause,
    );
  }
  const current = s.reminders[d.reminderId];
  if (current === undefined) return s;
  switch (event.type) {
    case 'ReminderRescheduled': {
      const e = event.data;
      // Finished work keeps the times it had; only the decision is remembered.
      if (current.lifecycle !== 'scheduled') return { ...s, decidedThrough: decided(s, e.cause) };
      // A new due time is a new promise: deliveries and escalation of the old one no longer count.
      const { noticeAt: _n, escalateAt: _e, escalatedAt: _x, ...rest } = factsOf(current);
      return put(
        s,
        {
          ...rest,
          lifecycle: 'scheduled',
          dueAt: e.dueAt,
          ...(e.noticeAt === undefined ? {} : { noticeAt: e.noticeAt }),
          ...(e.escalateAt === undefined ? {} : { escalateAt: e.escalateAt }),
          cause: e.cause,
          sentOn: [],
        },
        e.cause,
      );
    }
    case 'ReminderCompleted':
      return put(s, { ...factsOf(current), lifecycle: 'completed', cause: event.data.cause }, event.data.cause);
    case 'ReminderCancelled':
      return put(
        s,
        { ...factsOf(current), lifecycle: 'cancelled', reason: event.data.reason, cause: event.data.cause },
        event.data.cause,
      );
    case 'ReminderSent':
      return current.sentOn.includes(event.data.channel)
        ? s
        : put(s, { ...current, sentOn: [...current.sentOn, event.data.channel] });
    case 'ReminderEscalated':
      return current.escalatedAt === undefined ? put(s, { ...current, escalatedAt: event.data.at }) : s;
    case 'ReminderDeliveryFailed':
      return put(s, { ...current, failedDeliveries: current.failedDeliveries + 1 });
    default:
      return assertNever(event, 'reminder event');
  }
}
