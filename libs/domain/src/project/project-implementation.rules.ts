import { citedDocuments, requireDossier } from './project-documents.rules';
import {
  dateOf,
  DomainError,
  isYearMonth,
  localDateOf,
  requireIndicators,
  requireNumber,
  requireText,
  requireTextList,
  yearMonthOf,
} from '../shared';
import type {
  DeclareCompletion,
  RecordAcceptance,
  ReportProgress,
  ResumeProject,
  StartImplementation,
  SuspendProject,
} from './project.commands';
import {
  type DecisionContext,
  expectContracted,
  type KnownProject,
  projectOnly,
  type ProjectDecision,
} from './project-decision';
import { pastDate } from './project-funding.rules';
import { lastProgressPercent } from './project.state';

export function startImplementation(command: StartImplementation, state: KnownProject): ProjectDecision {
  const s = expectContracted(state, command.type);
  const startedOn = pastDate('startedOn', command.startedOn, command.at);
  if (startedOn < s.execution.signedOn) {
    throw new DomainError('invalid', 'PROJECT.DATES_OUT_OF_ORDER', 'Implementation cannot start before the contract', {
      signedOn: s.execution.signedOn,
      startedOn,
    });
  }
  return projectOnly([
    {
      type: 'ImplementationStarted',
      data: {
        projectId: s.projectId,
        startedOn,
        plannedEnd: s.proposal.plannedEnd,
        startedBy: command.actor.id,
        at: command.at,
      },
    },
  ]);
}

export function reportProgress(command: ReportProgress, state: KnownProject, ctx: DecisionContext): ProjectDecision {
  const s = expectContracted(state, command.type);
  const today = localDateOf(command.at);
  const period = command.period;
  if (!isYearMonth(period)) {
    throw new DomainError('invalid', 'PROGRESS.INVALID_PERIOD', 'period must be YYYY-MM', { period });
  }
  if (period > yearMonthOf(today)) {
    throw new DomainError('invalid', 'PROGRESS.PERIOD_IN_FUTURE', 'A report cannot cover a month yet to come', {
      period,
      today,
    });
  }
  const reports = s.execution.progress;
  if (reports.some((r) => r.period === period)) {
    throw new DomainError('conflict', 'PROGRESS.PERIOD_ALREADY_REPORTED', `Progress for ${period} is already reported`, {
      period,
    });
  }
  const last = reports[reports.length - 1];
  if (last !== undefined && period < last.period) {
    throw new DomainError('conflict', 'PROGRESS.PERIOD_OUT_OF_ORDER', 'Reports follow the calendar', {
      period,
      lastPeriod: last.period,
    });
  }
  const percentComplete = requireNumber('percentComplete', command.percentComplete);
  if (percentComplete < 0 || percentComplete > 100) {
    throw new DomainError('invalid', 'PROGRESS.PERCENT_OUT_OF_RANGE', 'percentComplete must be 0..100', {
      percentComplete,
    });
  }
  const lastPercent = lastProgressPercent(s.execution);
  if (percentComplete < lastPercent) {
    throw new DomainError('conflict', 'PROGRESS.REGRESSED', 'Progress cannot go below the last report', {
      percentComplete,
      lastPercentComplete: lastPercent,
      lastPeriod: last?.period,
    });
  }
  const summary = requireText('summary', command.summary);
  // The report is due by the policy's day of the period's month; a report on that day is on time.
  const dueOn = dateOf(Number(period.slice(0, 4)), Number(period.slice(5, 7)), ctx.policy.deadlines.progressReportDayOfMonth);
  return projectOnly([
    {
      type: 'ProgressReported',
      data: {
        projectId: s.projectId,
        period,
        percentComplete,
        summary,
        dueOn,
        late: today > dueOn,
        reportedBy: command.actor.id,
        at: command.at,
      },
    },
  ]);
}

export function suspend(command: SuspendProject, state: KnownProject): ProjectDecision {
  const s = expectContracted(state, command.type);
  const reason = requireText('reason', command.reason);
  return projectOnly([
    { type: 'ProjectSuspended', data: { projectId: s.projectId, reason, suspendedBy: command.actor.id, at: command.at } },
  ]);
}

export function resume(command: ResumeProject, state: KnownProject): ProjectDecision {
  const s = expectContracted(state, command.type);
  const reason = requireText('reason', command.reason);
  return projectOnly([
    { type: 'ProjectResumed', data: { projectId: s.projectId, reason, resumedBy: command.actor.id, at: command.at } },
  ]);
}

export function declareCompletion(command: DeclareCompletion, state: KnownProject): ProjectDecision {
  const s = expectContracted(state, command.type);
  const finalReportRef = requireText('finalReportRef', command.finalReportRef);
  return projectOnly([
    {
      type: 'CompletionDeclared',
      data: {
        projectId: s.projectId,
        finalReportRef,
        progressPercent: lastProgressPercent(s.execution),
        declaredBy: command.actor.id,
        at: command.at,
      },
    },
  ]);
}

export function recordAcceptance(command: RecordAcceptance, state: KnownProject, ctx: DecisionContext): ProjectDecision {
  const s = expectContracted(state, command.type);
  if (typeof command.passed !== 'boolean') {
    throw new DomainError('invalid', 'COMMAND.INVALID_FIELD', 'passed must be true or false', { field: 'passed' });
  }
  const minutesRef = requireText('minutesRef', command.minutesRef);
  const indicators = requireIndicators('indicators', command.indicators);
  const defects = command.defects === undefined ? [] : requireTextList('defects', command.defects);
  const documentIds = citedDocuments(s, command.documentIds);
  if (!command.passed && defects.length === 0) {
    throw new DomainError('invalid', 'ACCEPTANCE.DEFECTS_REQUIRED', 'A failed acceptance must list its defects', {
      passed: false,
    });
  }
  requireDossier(s, ctx, 'acceptance');
  return projectOnly([
    {
      type: 'AcceptanceRecorded',
      data: {
        projectId: s.projectId,
        passed: command.passed,
        minutesRef,
        ...(documentIds === undefined ? {} : { documentIds }),
        indicators,
        defects,
        acceptedOn: localDateOf(command.at),
        recordedBy: command.actor.id,
        at: command.at,
      },
    },
  ]);
}
