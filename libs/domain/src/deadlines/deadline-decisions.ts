import type { PolicySet } from '../policy/policy-set';
import type { ProjectEvent } from '../project/project.events';
import { addDays, assertNever, type Instant, isInstant, isLocalDate, type LocalDate, localDateOf, yearMonthOf, yearOf } from '../shared';
import {
  addMonths,
  atLocalTime,
  clampedDateOf,
  daysBefore,
  END_OF_OFFICE_DAY,
  endOfDueDay,
  inVietnamTime,
  nextPeriod,
  noticeAt,
  reportDayOf,
} from './deadline-times';
import { cancel, cancelAll, complete, completeAll, openOf, reschedule, schedule, type Step } from './deadline-steps';
import { type DeadlineState, officerOf, type Reminder } from './deadline.state';
import { reminderIds } from './reminder-ids';
import type { ReminderEvent } from './reminder.events';

/*
 * The deadline table: what each project event does to the project's reminders, and the dates it
 * computes from the pinned policy and the business-day calendar.
 */

/**
 * The reminder decisions of one project event, already known to be new and of this project.
 *
 * @example
 * decideReminders(contractSigned, { projectId: 'p-1', cause: { type: 'ContractSigned', version: 11 }, state, context });
 */
export function decideReminders(event: ProjectEvent, step: Step): ReminderEvent[] {
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
          dueAt: plannedEndNotice(event.data.plannedEnd, step),
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
        ...reschedule(step, reminderIds.plannedEnd(projectId), { dueAt: plannedEndNotice(d.plannedEnd, step) }),
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
    case 'DocumentAttached':
    case 'PaperDocumentReceived':
    case 'DocumentSuperseded':
      return [];
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

/** "Planned end approaching" is a notice: 08:00 on the latest business day at or before planned end − N days. */
function plannedEndNotice(plannedEnd: LocalDate, step: Step): Instant {
  const { policy, calendar } = step.context;
  return noticeAt(daysBefore(plannedEnd, policy.deadlines.plannedEndNoticeDays), calendar);
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
  const { policy, calendar } = step.context;
  const dueOn = reportDayOf(period, policy.deadlines.progressReportDayOfMonth);
  // A report filed on the report day is in time (the project decider records it not `late`): it
  // is due until that day ends and escalates only once it has ended, at the next day's start.
  const dueAt = endOfDueDay(dueOn);
  const escalateAt = atLocalTime(addDays(dueOn, 1), '00:00');
  const approver = step.state.approvedBy;
  return schedule(step, {
    reminderId: reminderIds.progressReport(step.projectId, period),
    kind: 'progress_report',
    dueAt,
    noticeAt: noticeAt(daysBefore(dueOn, policy.deadlines.progressNoticeDaysAhead), calendar),
    ...(approver === undefined ? {} : { escalateAt, escalateTo: [approver] }),
    assignees: [officer],
  });
}
