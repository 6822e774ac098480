import type { PolicySet } from '../policy/policy-set';
import { PROJECT_EVENT_TYPES, type ProjectEvent, type ProjectEventType } from '../project/project.events';
import {
  addDays,
  assertNever,
  type Decider,
  type Instant,
  isInstant,
  isLocalDate,
  type LocalDate,
  localDateOf,
  yearMonthOf,
  yearOf,
} from '../shared';
import type { BusinessCalendarPort } from './business-calendar.port';
import {
  addMonths,
  atLocalTime,
  clampedDateOf,
  daysBefore,
  END_OF_OFFICE_DAY,
  inVietnamTime,
  nextPeriod,
  reportDayOf,
  START_OF_OFFICE_DAY,
} from './deadline-times';
import { type DeadlineState, evolveDeadlines, initialDeadlineState, officerOf, type Reminder } from './deadline.state';
import { reminderIds } from './reminder-ids';
import type {
  ReminderCancelReason,
  ReminderCause,
  ReminderEvent,
  ReminderKind,
  ReminderScheduled,
} from './reminder.events';

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

/** Everything a single decision needs, built once per event. */
interface Step {
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
  return decide(projectEvent, { projectId, cause: { type: event.type, version: event.version }, state, context });
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

function decide(event: ProjectEvent, step: Step): ReminderEvent[] {
  const { policy, calendar } = step.context;
  const deadlines = policy.deadlines;
  const { projectId, state } = step;
  const officer = officerOf(state) ?? 'role:officer';
  const approver = state.approvedBy ?? 'role:approver';
  const today = localDateOf(event.data.at);
  switch (event.type) {
    case 'ProjectDraftCreated':
    case 'ProjectDraftUpdated':
    case 'TrancheRequested':
    case 'TrancheApproved':
    case 'TrancheRejected':
    case 'PaymentConfirmed':
    case 'PaymentFailed':
    case 'AmendmentRequested':
    case 'AmendmentRejected':
      return [];
    case 'ProposalSubmitted':
      // A resubmission answers the information request as much as `InformationProvided` does.
      return event.data.resubmission ? completeAll(step, (r) => r.kind === 'info_reply') : [];
    case 'InformationRequested': {
      const d = event.data;
      const dueAt =
        d.replyDueAt !== undefined && isInstant(d.replyDueAt)
          ? inVietnamTime(d.replyDueAt)
          : endOfDay(calendar.addBusinessDays(today, deadlines.infoReplyBusinessDays));
      return schedule(step, {
        reminderId: reminderIds.infoReply(projectId, step.cause.version),
        kind: 'info_reply',
        dueAt,
        assignees: [d.requestedBy],
      });
    }
    case 'InformationProvided':
      return completeAll(step, (r) => r.kind === 'info_reply');
    case 'AppraisalOpened': {
      const d = event.data;
      const dueAt =
        d.dueAt !== undefined && isInstant(d.dueAt)
          ? inVietnamTime(d.dueAt)
          : endOfDay(calendar.addBusinessDays(today, deadlines.scoringBusinessDays));
      const members = d.panel.map((appraiserId) => ({
        appraiserId,
        reminderId: reminderIds.appraisalScoring(projectId, d.level, appraiserId),
      }));
      const kept = new Set(members.map((m) => m.reminderId));
      return [
        // A reopened level keeps the members it names; the others' reminders go with the old panel.
        ...cancelAll(step, 'panel_replaced', (r) => r.kind === 'appraisal_scoring' && !kept.has(r.reminderId)),
        ...members.flatMap(({ appraiserId, reminderId }) => [
          ...schedule(step, { reminderId, kind: 'appraisal_scoring', dueAt, assignees: [appraiserId] }),
          ...reschedule(step, reminderId, { dueAt }),
        ]),
      ];
    }
    case 'ConflictDeclared':
      return cancel(step, reminderIds.appraisalScoring(projectId, event.data.level, event.data.appraiserId), 'conflict_declared');
    case 'ProposalScored':
      return complete(step, reminderIds.appraisalScoring(projectId, event.data.level, event.data.appraiserId));
    case 'AppraisalLevelPassed':
    case 'ProposalRecommended':
      return cancelAll(step, 'appraisal_concluded', (r) => r.kind === 'appraisal_scoring');
    case 'ProposalNotRecommended':
      return cancelAll(step, 'proposal_not_recommended');
    case 'ProposalWithdrawn':
      return cancelAll(step, 'proposal_withdrawn');
    case 'FundingRejected':
      return cancelAll(step, 'funding_rejected');
    case 'FundingApproved': {
      const d = event.data;
      // The decision's date, not the recording instant, starts the legal clocks and names the fiscal year.
      const decidedOn = isLocalDate(d.decidedOn) ? d.decidedOn : today;
      return [
        ...schedule(step, {
          reminderId: reminderIds.contractSignature(projectId),
          kind: 'contract_signature',
          dueAt: endOfDay(addDays(decidedOn, deadlines.contractSignatureDays)),
          assignees: [officer],
        }),
        ...schedule(step, {
          reminderId: reminderIds.settlementHardStop(projectId),
          kind: 'settlement_hard_stop',
          dueAt: hardStopAfter(yearOf(decidedOn), policy),
          assignees: ['role:accountant', d.approvedBy],
        }),
      ];
    }
    case 'ContractSigned':
      return [
        ...complete(step, reminderIds.contractSignature(projectId)),
        ...schedule(step, {
          reminderId: reminderIds.plannedEnd(projectId),
          kind: 'planned_end',
          dueAt: plannedEndNotice(event.data.plannedEnd, policy),
          assignees: [officer, approver],
        }),
      ];
    case 'ImplementationStarted': {
      const startedOn = isLocalDate(event.data.startedOn) ? event.data.startedOn : today;
      return scheduleProgress(step, firstPeriodFrom(startedOn, state, policy), officer);
    }
    case 'ProjectResumed':
      return scheduleProgress(step, firstPeriodFrom(today, state, policy), officer);
    case 'ProgressReported': {
      const period = event.data.period;
      const earlier = (r: Reminder) => r.kind === 'progress_report' && r.subject < period;
      return [
        // Reports follow the calendar, so a month left behind can never be reported any more.
        ...cancelAll(step, 'superseded_by_later_report', earlier),
        ...complete(step, reminderIds.progressReport(projectId, period)),
        ...(state.progress.active ? scheduleProgress(step, nextPeriod(period), officer) : []),
      ];
    }
    case 'ProjectSuspended':
      return cancelAll(step, 'project_suspended', (r) => r.kind === 'progress_report');
    case 'AmendmentApproved': {
      const d = event.data;
      return [
        ...reschedule(step, reminderIds.plannedEnd(projectId), { dueAt: plannedEndNotice(d.plannedEnd, policy) }),
        ...(d.kind === 'extension_next_year'
          ? reschedule(step, reminderIds.settlementHardStop(projectId), {
              dueAt: hardStopAfter(yearOf(d.plannedEnd), policy),
            })
          : []),
      ];
    }
    case 'ProjectTerminated':
      return cancelAll(step, 'project_terminated');
    case 'CompletionDeclared':
      return [
        ...cancelAll(step, 'completion_declared', (r) => r.kind === 'progress_report'),
        ...complete(step, reminderIds.plannedEnd(projectId)),
        ...schedule(step, {
          reminderId: reminderIds.acceptance(projectId),
          kind: 'acceptance',
          dueAt: endOfDay(calendar.addBusinessDays(today, deadlines.acceptanceBusinessDays)),
          assignees: [officer],
        }),
      ];
    case 'AcceptanceRecorded': {
      if (!event.data.passed) return [];
      const acceptedOn = isLocalDate(event.data.acceptedOn) ? event.data.acceptedOn : today;
      return [
        ...complete(step, reminderIds.acceptance(projectId)),
        ...schedule(step, {
          reminderId: reminderIds.settlementDossier(projectId),
          kind: 'settlement_dossier',
          dueAt: endOfDay(addDays(acceptedOn, deadlines.settlementDossierDays)),
          assignees: [officer, 'role:accountant'],
        }),
      ];
    }
    case 'SettlementSubmitted':
      return complete(step, reminderIds.settlementDossier(projectId));
    case 'SettlementApproved':
      return [
        ...complete(step, reminderIds.settlementHardStop(projectId)),
        ...deadlines.postEvaluationMonths.flatMap((months) =>
          schedule(step, {
            reminderId: reminderIds.postEvaluation(projectId, months),
            kind: 'post_evaluation',
            dueAt: endOfDay(addMonths(today, months)),
            assignees: [officer],
          }),
        ),
      ];
    case 'RefundDemanded': {
      const d = event.data;
      const dueOn = isLocalDate(d.dueOn) ? d.dueOn : addDays(today, deadlines.refundDays);
      return schedule(step, {
        reminderId: reminderIds.refund(projectId, step.cause.version),
        kind: 'refund',
        dueAt: endOfDay(dueOn),
        assignees: ['role:accountant'],
      });
    }
    case 'RefundRecorded':
      return event.data.outstandingVnd === 0 ? completeAll(step, (r) => r.kind === 'refund') : [];
    case 'OutcomeRecorded': {
      // The n-th outcome answers the n-th evaluation: the earliest one still open.
      const next = openOf(state, 'post_evaluation').sort((a, b) => Number(a.subject) - Number(b.subject))[0];
      return next === undefined ? [] : complete(step, next.reminderId);
    }
    case 'ProjectClosed':
      return cancelAll(step, 'project_closed');
    default:
      return assertNever(event, 'project event');
  }
}

function endOfDay(date: LocalDate): Instant {
  return atLocalTime(date, END_OF_OFFICE_DAY);
}

/** The policy's hard-stop day of the year after `year`. */
function hardStopAfter(year: number, policy: PolicySet): Instant {
  const { month, day } = policy.deadlines.settlementHardStop;
  return endOfDay(clampedDateOf(year + 1, month, day));
}

function plannedEndNotice(plannedEnd: LocalDate, policy: PolicySet): Instant {
  return atLocalTime(daysBefore(plannedEnd, policy.deadlines.plannedEndNoticeDays), START_OF_OFFICE_DAY);
}

/**
 * The first period still to report from `date` on: the date's month when its report day is yet
 * to come, else the next month; never one already reported.
 */
function firstPeriodFrom(date: LocalDate, state: DeadlineState, policy: PolicySet): string {
  const month = yearMonthOf(date);
  const candidate = date < reportDayOf(month, policy.deadlines.progressReportDayOfMonth) ? month : nextPeriod(month);
  const last = state.progress.lastReportedPeriod;
  return last !== undefined && candidate <= last ? nextPeriod(last) : candidate;
}

function scheduleProgress(step: Step, period: string, officer: string): ReminderEvent[] {
  const { policy } = step.context;
  const dueOn = reportDayOf(period, policy.deadlines.progressReportDayOfMonth);
  // "Before the 25th": the report is due as the 25th begins, which is also when it escalates.
  const dueAt = atLocalTime(dueOn, '00:00');
  const approver = step.state.approvedBy;
  return schedule(step, {
    reminderId: reminderIds.progressReport(step.projectId, period),
    kind: 'progress_report',
    dueAt,
    noticeAt: atLocalTime(daysBefore(dueOn, policy.deadlines.progressNoticeDaysAhead), '00:00'),
    ...(approver === undefined ? {} : { escalateAt: dueAt, escalateTo: [approver] }),
    assignees: [officer],
  });
}

function openOf(state: DeadlineState, kind?: ReminderKind): Reminder[] {
  return Object.values(state.reminders).filter((r) => r.lifecycle === 'scheduled' && (kind === undefined || r.kind === kind));
}

/** Schedules a reminder unless it exists; one that was cancelled is opened again. */
function schedule(step: Step, reminder: Schedule): ReminderEvent[] {
  const existing = step.state.reminders[reminder.reminderId];
  if (existing !== undefined && existing.lifecycle !== 'cancelled') return [];
  const assignees = [...new Set(reminder.assignees)];
  return [{ type: 'ReminderScheduled', data: { ...reminder, projectId: step.projectId, assignees, cause: step.cause } }];
}

/** Moves an open reminder to new times; same times or finished work decide nothing. */
function reschedule(step: Step, reminderId: string, times: Times): ReminderEvent[] {
  const r = step.state.reminders[reminderId];
  if (r === undefined || r.lifecycle !== 'scheduled') return [];
  if (r.dueAt === times.dueAt && r.noticeAt === times.noticeAt && r.escalateAt === times.escalateAt) return [];
  return [{ type: 'ReminderRescheduled', data: { reminderId, projectId: step.projectId, ...times, cause: step.cause } }];
}

function complete(step: Step, reminderId: string): ReminderEvent[] {
  if (step.state.reminders[reminderId]?.lifecycle !== 'scheduled') return [];
  return [{ type: 'ReminderCompleted', data: { reminderId, projectId: step.projectId, cause: step.cause } }];
}

function completeAll(step: Step, which: (r: Reminder) => boolean): ReminderEvent[] {
  return openOf(step.state)
    .filter(which)
    .flatMap((r) => complete(step, r.reminderId));
}

function cancel(step: Step, reminderId: string, reason: ReminderCancelReason): ReminderEvent[] {
  if (step.state.reminders[reminderId]?.lifecycle !== 'scheduled') return [];
  return [{ type: 'ReminderCancelled', data: { reminderId, projectId: step.projectId, reason, cause: step.cause } }];
}

function cancelAll(step: Step, reason: ReminderCancelReason, which: (r: Reminder) => boolean = () => true): ReminderEvent[] {
  return openOf(step.state)
    .filter(which)
    .flatMap((r) => cancel(step, r.reminderId, reason));
}
