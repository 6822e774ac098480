import { DEFAULT_DEADLINES } from '../policy/policy-defaults';
import type { PolicySet } from '../policy/policy-set';
import { VN_LONGAN_LOCAL_2022_V1 } from '../policy/vn-longan-local-2022.policy';
import type { ProjectEvent, ProjectEventData, ProjectEventType } from '../project/project.events';
import { addDays, type LocalDate } from '../shared';
import type { BusinessCalendarPort } from './business-calendar.port';
import { type DeadlineState, evolveDeadlines, initialDeadlineState } from './deadline.state';
import { type DeadlineContext, decideDeadlines, type DeadlineTrigger } from './deadlines.workflow';
import type { ReminderCause, ReminderEvent } from './reminder.events';

/*
 * Fixtures for the deadline specs: a calendar checkable by hand (weekends plus one declared
 * holiday), project events with the few fields the workflow reads, and a runner that replays a
 * history through the workflow the way the application does, so `given` holds real decisions.
 */

/** Friday 13 March 2026 is a holiday of the fake calendar; every other weekday is a business day. */
export const HOLIDAY: LocalDate = '2026-03-13';

/**
 * A calendar of weekends and the given holidays.
 *
 * @example
 * weekendsAnd(['2026-03-13']).addBusinessDays('2026-03-12', 1); // '2026-03-16'
 */
export function weekendsAnd(holidays: readonly LocalDate[]): BusinessCalendarPort {
  const isBusinessDay = (date: LocalDate) => {
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6 && !holidays.includes(date);
  };
  return {
    addBusinessDays(date, n) {
      let day = date;
      if (n === 0) {
        while (!isBusinessDay(day)) day = addDays(day, 1);
        return day;
      }
      for (let left = n; left > 0; ) {
        day = addDays(day, 1);
        if (isBusinessDay(day)) left -= 1;
      }
      return day;
    },
  };
}

export const calendar = weekendsAnd([HOLIDAY]);
export const policy: PolicySet = VN_LONGAN_LOCAL_2022_V1;
export const context: DeadlineContext = { policy, calendar };

/** The same policy with other deadline numbers, to show they are read, not hard-coded. */
export function policyWith(deadlines: Partial<PolicySet['deadlines']>): PolicySet {
  return { ...policy, deadlines: { ...DEFAULT_DEADLINES, ...deadlines } };
}

export const PID = 'p-1';

/** A project event with only the fields a spec cares about (the workflow reads few). */
export function fact<T extends ProjectEventType>(
  type: T,
  at: string,
  data: Partial<ProjectEventData<T>> = {},
): Extract<ProjectEvent, { type: T }> {
  return { type, data: { projectId: PID, at, ...data } } as unknown as Extract<ProjectEvent, { type: T }>;
}

/** Project events of a typical life, with the instants of the project specs. */
export const ev = {
  created: (o: Partial<ProjectEventData<'ProjectDraftCreated'>> = {}) =>
    fact('ProjectDraftCreated', '2026-03-02T09:00:00+07:00', { createdBy: 'ctv-1', ...o }),
  submitted: (o: Partial<ProjectEventData<'ProposalSubmitted'>> = {}) =>
    fact('ProposalSubmitted', '2026-03-03T09:00:00+07:00', { submittedBy: 'officer-1', resubmission: false, ...o }),
  infoRequested: (o: Partial<ProjectEventData<'InformationRequested'>> = {}) =>
    fact('InformationRequested', '2026-03-03T14:00:00+07:00', {
      reason: 'Thiếu báo giá máy',
      replyBusinessDays: 10,
      fromStatus: 'submitted',
      requestedBy: 'officer-2',
      ...o,
    }),
  infoProvided: () =>
    fact('InformationProvided', '2026-03-09T09:00:00+07:00', { note: 'Đã bổ sung', returnsTo: 'submitted', providedBy: 'officer-1' }),
  withdrawn: (at = '2026-03-11T09:00:00+07:00') =>
    fact('ProposalWithdrawn', at, { reason: 'Cơ sở đổi ý', fromStatus: 'in_appraisal', withdrawnBy: 'officer-1' }),
  appraisalOpened: (o: Partial<ProjectEventData<'AppraisalOpened'>> = {}) =>
    fact('AppraisalOpened', '2026-03-10T09:00:00+07:00', {
      level: 'province',
      levelIndex: 0,
      levelCount: 1,
      panel: ['appraiser-1', 'appraiser-2', 'appraiser-3'],
      quorum: 3,
      scoringBusinessDays: 15,
      reopened: false,
      openedBy: 'officer-1',
      ...o,
    }),
  conflict: (appraiserId: string) =>
    fact('ConflictDeclared', '2026-03-16T09:00:00+07:00', { appraiserId, level: 'province', note: 'Người thân' }),
  scored: (appraiserId: string) => fact('ProposalScored', '2026-03-20T09:00:00+07:00', { appraiserId, level: 'province' }),
  levelPassed: () => fact('AppraisalLevelPassed', '2026-04-01T09:00:00+07:00', { level: 'province', nextLevel: 'ministry' }),
  recommended: () => fact('ProposalRecommended', '2026-04-01T09:00:00+07:00', { level: 'province' }),
  notRecommended: () => fact('ProposalNotRecommended', '2026-04-01T09:00:00+07:00', { level: 'province' }),
  approved: (o: Partial<ProjectEventData<'FundingApproved'>> = {}) =>
    fact('FundingApproved', '2026-04-10T09:00:00+07:00', { decidedOn: '2026-04-10', approvedBy: 'approver-1', ...o }),
  rejected: () => fact('FundingRejected', '2026-04-10T09:00:00+07:00', { reason: 'Hết kinh phí', rejectedBy: 'approver-1' }),
  contractSigned: (o: Partial<ProjectEventData<'ContractSigned'>> = {}) =>
    fact('ContractSigned', '2026-04-20T09:00:00+07:00', { signedOn: '2026-04-20', plannedEnd: '2026-10-31', signedBy: 'officer-1', ...o }),
  started: (startedOn = '2026-05-04') =>
    fact('ImplementationStarted', `${startedOn}T09:00:00+07:00`, { startedOn, plannedEnd: '2026-10-31', startedBy: 'officer-1' }),
  progress: (period: string, at = `${period}-20T09:00:00+07:00`) =>
    fact('ProgressReported', at, { period, percentComplete: 50, dueOn: `${period}-25`, late: false, reportedBy: 'officer-1' }),
  amendmentApproved: (kind: ProjectEventData<'AmendmentApproved'>['kind'], plannedEnd: LocalDate) =>
    fact('AmendmentApproved', '2026-07-23T09:00:00+07:00', { amendmentNo: 1, kind, plannedEnd, approvedBy: 'approver-1' }),
  suspended: (at: string) => fact('ProjectSuspended', at, { reason: 'Thanh tra', suspendedBy: 'approver-1' }),
  resumed: (at: string) => fact('ProjectResumed', at, { reason: 'Kết thúc thanh tra', resumedBy: 'approver-1' }),
  terminated: () => fact('ProjectTerminated', '2026-07-01T09:00:00+07:00', { reason: 'Vi phạm', terminatedBy: 'approver-1' }),
  completed: () => fact('CompletionDeclared', '2026-10-01T09:00:00+07:00', { finalReportRef: 'BC-1', declaredBy: 'officer-1' }),
  accepted: (passed = true) =>
    fact('AcceptanceRecorded', '2026-10-10T09:00:00+07:00', { passed, acceptedOn: '2026-10-10', recordedBy: 'officer-1' }),
  settlementSubmitted: () => fact('SettlementSubmitted', '2026-10-20T09:00:00+07:00', { submittedBy: 'officer-1' }),
  settled: () => fact('SettlementApproved', '2026-11-01T09:00:00+07:00', { refundDueVnd: 0, approvedBy: 'approver-1' }),
  refundDemanded: (o: Partial<ProjectEventData<'RefundDemanded'>> = {}) =>
    fact('RefundDemanded', '2026-11-01T09:00:00+07:00', {
      amountVnd: 10_000_000,
      reason: 'settlement',
      dueOn: '2026-12-01',
      outstandingVnd: 10_000_000,
      ...o,
    }),
  refundRecorded: (outstandingVnd: number) =>
    fact('RefundRecorded', '2026-11-15T09:00:00+07:00', { amountVnd: 5_000_000, outstandingVnd, recordedBy: 'accountant-1' }),
  outcome: (at = '2027-05-02T09:00:00+07:00') => fact('OutcomeRecorded', at, { measuredOn: at.slice(0, 10), recordedBy: 'officer-1' }),
  closed: () => fact('ProjectClosed', '2027-11-02T09:00:00+07:00', { closedBy: 'officer-1' }),
};

/** Histories along the main path, each the one before it plus what leads on. */
const proposal = () => [ev.created(), ev.submitted()];
const inAppraisal = () => [...proposal(), ev.appraisalOpened()];
const approved = () => [
  ...inAppraisal(),
  ev.scored('appraiser-1'),
  ev.scored('appraiser-2'),
  ev.scored('appraiser-3'),
  ev.recommended(),
  ev.approved(),
];
const contracted = () => [...approved(), ev.contractSigned()];
const implementing = () => [...contracted(), ev.started()];
const awaitingAcceptance = () => [...implementing(), ev.progress('2026-05'), ev.completed()];
const accepted = () => [...awaitingAcceptance(), ev.accepted()];
const settled = () => [...accepted(), ev.settlementSubmitted(), ev.settled()];
export const histories = { proposal, inAppraisal, approved, contracted, implementing, awaitingAcceptance, accepted, settled };

/** A stored project event: versions are 1-based positions in the stream. */
export function recorded(version: number, event: ProjectEvent): DeadlineTrigger {
  return { type: event.type, data: event.data, version };
}

/** The event that follows `history` in its stream. */
export function next(history: readonly ProjectEvent[], event: ProjectEvent): DeadlineTrigger {
  return recorded(history.length + 1, event);
}

/**
 * Runs a project history through the workflow as the application would (fold, decide, fold the
 * decisions), returning the project events interleaved with the reminder events they caused.
 */
export function decided(
  history: readonly ProjectEvent[],
  ctx: DeadlineContext = context,
): { events: (ProjectEvent | ReminderEvent)[]; state: DeadlineState } {
  const events: (ProjectEvent | ReminderEvent)[] = [];
  let state = initialDeadlineState;
  history.forEach((event, i) => {
    const decisions = decideDeadlines(recorded(i + 1, event), state, ctx);
    for (const e of [event, ...decisions]) {
      state = evolveDeadlines(state, e);
      events.push(e);
    }
  });
  return { events, state };
}

/** The cause a reminder event names. @example cause('ContractSigned', 11) */
export const cause = (type: string, version: number): ReminderCause => ({ type, version });

/** A `ReminderCompleted` of the test project. @example completed('p-1:acceptance', cause('AcceptanceRecorded', 14)) */
export const completed = (reminderId: string, c: ReminderCause): ReminderEvent => ({
  type: 'ReminderCompleted',
  data: { reminderId, projectId: PID, cause: c },
});

/** A `ReminderCancelled` of the test project. @example cancelled('p-1:acceptance', 'project_closed', cause('ProjectClosed', 20)) */
export const cancelled = (reminderId: string, reason: string, c: ReminderCause) =>
  ({ type: 'ReminderCancelled', data: { reminderId, projectId: PID, reason, cause: c } }) as ReminderEvent;
