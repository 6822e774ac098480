import type { DomainEvent, LocalDate, Vnd } from '../shared';
import type { ProjectEventBase } from './project-event.base';

/** The project was stopped after approval; see `releasedVnd` and `refundDueVnd`. @example { type: 'ProjectTerminated', data: { projectId: 'p1', disbursedVnd: 100_000_000, releasedVnd: 50_000_000, refundDueVnd: 100_000_000, … } } */
export type ProjectTerminated = DomainEvent<
  'ProjectTerminated',
  ProjectEventBase & {
    readonly programmeId: string;
    readonly reason: string;
    readonly fromStatus: string;
    readonly disbursedVnd: Vnd;
    /** Reservation returned to the programme. */
    readonly releasedVnd: Vnd;
    readonly refundDueVnd: Vnd;
    /** Requested tranches that will never be paid. */
    readonly cancelledTrancheNos: readonly number[];
    readonly terminatedBy: string;
  }
>;

/** The implementer declared the work done; acceptance is due. @example { type: 'CompletionDeclared', data: { projectId: 'p1', finalReportRef: 'BC-1', progressPercent: 100, … } } */
export type CompletionDeclared = DomainEvent<
  'CompletionDeclared',
  ProjectEventBase & { readonly finalReportRef: string; readonly progressPercent: number; readonly declaredBy: string }
>;

/** The acceptance (nghiệm thu) result; a failed one lists its defects and the project keeps waiting. @example { type: 'AcceptanceRecorded', data: { projectId: 'p1', passed: true, acceptedOn: '2026-10-10', indicators: { jobs: 12 }, … } } */
export type AcceptanceRecorded = DomainEvent<
  'AcceptanceRecorded',
  ProjectEventBase & {
    readonly passed: boolean;
    readonly minutesRef: string;
    /** Dossier documents cited as evidence (absent in events recorded before the dossier). */
    readonly documentIds?: readonly string[];
    readonly indicators: Readonly<Record<string, number>>;
    readonly defects: readonly string[];
    /** Local date of the acceptance. */
    readonly acceptedOn: LocalDate;
    readonly recordedBy: string;
  }
>;

/** The settlement dossier; lateness is recorded, never refused. @example { type: 'SettlementSubmitted', data: { projectId: 'p1', spentVnd: 150_000_000, daysAfterAcceptance: 10, dossierLate: false, hardStopMissed: false, … } } */
export type SettlementSubmitted = DomainEvent<
  'SettlementSubmitted',
  ProjectEventBase & {
    readonly spentVnd: Vnd;
    readonly counterpartSpentVnd: Vnd;
    readonly dossierRef: string;
    /** Dossier documents cited as evidence (absent in events recorded before the dossier). */
    readonly documentIds?: readonly string[];
    readonly acceptedOn: LocalDate;
    readonly daysAfterAcceptance: number;
    readonly dossierDueOn: LocalDate;
    readonly dossierLate: boolean;
    readonly hardStopOn: LocalDate;
    readonly hardStopMissed: boolean;
    readonly submittedBy: string;
  }
>;

/** The settlement (quyết toán) approved; the programme's `ReservationReleased` carries `releasedVnd`. @example { type: 'SettlementApproved', data: { projectId: 'p1', approvedVnd: 145_000_000, refundDueVnd: 5_000_000, … } } */
export type SettlementApproved = DomainEvent<
  'SettlementApproved',
  ProjectEventBase & {
    readonly programmeId: string;
    readonly approvedVnd: Vnd;
    readonly spentVnd: Vnd;
    readonly disbursedVnd: Vnd;
    readonly releasedVnd: Vnd;
    /** Disbursed beyond the approved settlement, to be refunded. */
    readonly refundDueVnd: Vnd;
    /** Approved but not yet paid to the beneficiary. */
    readonly payableVnd: Vnd;
    readonly approvedBy: string;
  }
>;

/** Money the beneficiary must pay back, by `dueOn`. @example { type: 'RefundDemanded', data: { projectId: 'p1', amountVnd: 5_000_000, reason: 'settlement', dueOn: '2026-12-01', … } } */
export type RefundDemanded = DomainEvent<
  'RefundDemanded',
  ProjectEventBase & {
    readonly programmeId: string;
    readonly amountVnd: Vnd;
    readonly reason: 'termination' | 'settlement';
    readonly dueOn: LocalDate;
    /** Outstanding after this demand. */
    readonly outstandingVnd: Vnd;
  }
>;

/** A refund received by the treasury. @example { type: 'RefundRecorded', data: { projectId: 'p1', amountVnd: 5_000_000, treasuryRef: 'KB-NOP-1', outstandingVnd: 0, … } } */
export type RefundRecorded = DomainEvent<
  'RefundRecorded',
  ProjectEventBase & {
    readonly amountVnd: Vnd;
    readonly treasuryRef: string;
    /** Outstanding after this refund. */
    readonly outstandingVnd: Vnd;
    readonly recordedBy: string;
  }
>;

/** Post-evaluation indicators (e.g. at +6 and +12 months). @example { type: 'OutcomeRecorded', data: { projectId: 'p1', measuredOn: '2027-05-01', indicators: { jobs: 14 }, … } } */
export type OutcomeRecorded = DomainEvent<
  'OutcomeRecorded',
  ProjectEventBase & {
    readonly measuredOn: LocalDate;
    readonly indicators: Readonly<Record<string, number>>;
    readonly recordedBy: string;
  }
>;

/** The project's file is closed; every timer can be cancelled. @example { type: 'ProjectClosed', data: { projectId: 'p1', closedBy: 'u1', at } } */
export type ProjectClosed = DomainEvent<'ProjectClosed', ProjectEventBase & { readonly closedBy: string }>;

/** The events that end a project: termination, acceptance, settlement, refunds, outcomes, closure. */
export type ProjectClosingEvent =
  | ProjectTerminated
  | CompletionDeclared
  | AcceptanceRecorded
  | SettlementSubmitted
  | SettlementApproved
  | RefundDemanded
  | RefundRecorded
  | OutcomeRecorded
  | ProjectClosed;
