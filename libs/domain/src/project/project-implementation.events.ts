import type { AmendmentKind, TrancheKind } from '../policy/policy-vocabulary';
import type { DomainEvent, LocalDate, Vnd } from '../shared';
import type { AmendmentChanges } from './project-implementation.commands';
import type { ProjectEventBase } from './project-event.base';

/** Work began. @example { type: 'ImplementationStarted', data: { projectId: 'p1', startedOn: '2026-05-04', plannedEnd: '2026-10-31', … } } */
export type ImplementationStarted = DomainEvent<
  'ImplementationStarted',
  ProjectEventBase & { readonly startedOn: LocalDate; readonly plannedEnd: LocalDate; readonly startedBy: string }
>;

/** A monthly progress report; `late` when filed after the policy's report day. @example { type: 'ProgressReported', data: { projectId: 'p1', period: '2026-07', percentComplete: 80, dueOn: '2026-07-25', late: false, … } } */
export type ProgressReported = DomainEvent<
  'ProgressReported',
  ProjectEventBase & {
    readonly period: string;
    readonly percentComplete: number;
    readonly summary: string;
    /** The policy's report day in that period's month. */
    readonly dueOn: LocalDate;
    readonly late: boolean;
    readonly reportedBy: string;
  }
>;

/** The officer asked for a tranche (first step of two). @example { type: 'TrancheRequested', data: { projectId: 'p1', trancheNo: 1, amountVnd: 100_000_000, … } } */
export type TrancheRequested = DomainEvent<
  'TrancheRequested',
  ProjectEventBase & {
    readonly trancheNo: number;
    readonly kind: TrancheKind;
    readonly amountVnd: Vnd;
    readonly scheduledVnd: Vnd;
    readonly evidenceRefs: readonly string[];
    /** Dossier documents cited as evidence (absent in events recorded before the dossier). */
    readonly documentIds?: readonly string[];
    /** Last reported progress when requested. */
    readonly progressPercent: number;
    readonly beforeAcceptance: boolean;
    readonly requestedBy: string;
  }
>;

/** The accountant approved a tranche and issued a payment order to finance. @example { type: 'TrancheApproved', data: { projectId: 'p1', trancheNo: 1, paymentOrderNo: 'UNC-001', amountVnd: 100_000_000, payee: { name: '…' }, … } } */
export type TrancheApproved = DomainEvent<
  'TrancheApproved',
  ProjectEventBase & {
    readonly programmeId: string;
    readonly contractNo: string;
    readonly trancheNo: number;
    readonly kind: TrancheKind;
    readonly paymentOrderNo: string;
    readonly amountVnd: Vnd;
    readonly payee: { readonly name: string; readonly taxCode?: string };
    readonly requestedBy: string;
    readonly approvedBy: string;
  }
>;

/** The accountant refused a tranche request; it can be requested again. @example { type: 'TrancheRejected', data: { projectId: 'p1', trancheNo: 1, reason: '…', … } } */
export type TrancheRejected = DomainEvent<
  'TrancheRejected',
  ProjectEventBase & {
    readonly trancheNo: number;
    readonly amountVnd: Vnd;
    readonly reason: string;
    readonly rejectedBy: string;
  }
>;

/** The treasury paid a payment order. @example { type: 'PaymentConfirmed', data: { projectId: 'p1', paymentOrderNo: 'UNC-001', amountVnd: 100_000_000, treasuryRef: 'KB-1', disbursedVnd: 100_000_000, … } } */
export type PaymentConfirmed = DomainEvent<
  'PaymentConfirmed',
  ProjectEventBase & {
    readonly programmeId: string;
    readonly paymentOrderNo: string;
    readonly trancheNo: number;
    readonly amountVnd: Vnd;
    readonly treasuryRef: string;
    readonly valueDate: LocalDate;
    /** Everything disbursed to the project after this payment. */
    readonly disbursedVnd: Vnd;
    readonly confirmedBy: string;
  }
>;

/** The treasury could not pay an order; the tranche is open again for a new request. @example { type: 'PaymentFailed', data: { projectId: 'p1', paymentOrderNo: 'UNC-001', reason: '…', … } } */
export type PaymentFailed = DomainEvent<
  'PaymentFailed',
  ProjectEventBase & {
    readonly paymentOrderNo: string;
    readonly trancheNo: number;
    readonly amountVnd: Vnd;
    readonly reason: string;
    readonly reportedBy: string;
  }
>;

/** An amendment asked for, with the approver level the policy gives its kind. @example { type: 'AmendmentRequested', data: { projectId: 'p1', amendmentNo: 1, kind: 'schedule', approvalLevel: 'department', … } } */
export type AmendmentRequested = DomainEvent<
  'AmendmentRequested',
  ProjectEventBase & {
    readonly amendmentNo: number;
    readonly kind: AmendmentKind;
    readonly changes: AmendmentChanges;
    readonly reason: string;
    /** Approver level from the policy, e.g. `ministry` or `department`. */
    readonly approvalLevel: string;
    readonly requestedBy: string;
  }
>;

/** An amendment approved, with the figures after it. @example { type: 'AmendmentApproved', data: { projectId: 'p1', amendmentNo: 1, supportVnd: 180_000_000, plannedEnd: '2026-12-15', … } } */
export type AmendmentApproved = DomainEvent<
  'AmendmentApproved',
  ProjectEventBase & {
    readonly programmeId: string;
    readonly amendmentNo: number;
    readonly kind: AmendmentKind;
    readonly changes: AmendmentChanges;
    readonly approvalLevel: string;
    readonly note: string;
    /** Figures after the amendment. */
    readonly supportVnd: Vnd;
    readonly contractVnd: Vnd;
    readonly plannedEnd: LocalDate;
    /** The tranche whose scheduled amount absorbed a support change, if any. */
    readonly adjustedTrancheNo?: number;
    readonly approvedBy: string;
  }
>;

/** An amendment refused; nothing changes. @example { type: 'AmendmentRejected', data: { projectId: 'p1', amendmentNo: 1, note: '…', … } } */
export type AmendmentRejected = DomainEvent<
  'AmendmentRejected',
  ProjectEventBase & { readonly amendmentNo: number; readonly kind: AmendmentKind; readonly note: string; readonly rejectedBy: string }
>;

/** Implementation paused; no tranche can be requested or approved. @example { type: 'ProjectSuspended', data: { projectId: 'p1', reason: '…', suspendedBy: 'u9', at } } */
export type ProjectSuspended = DomainEvent<
  'ProjectSuspended',
  ProjectEventBase & { readonly reason: string; readonly suspendedBy: string }
>;

/** Implementation resumed. @example { type: 'ProjectResumed', data: { projectId: 'p1', reason: '…', resumedBy: 'u9', at } } */
export type ProjectResumed = DomainEvent<
  'ProjectResumed',
  ProjectEventBase & { readonly reason: string; readonly resumedBy: string }
>;

/** The events of the implementation phase: progress, tranches, payments, amendments, suspension. */
export type ProjectImplementationEvent =
  | ImplementationStarted
  | ProgressReported
  | TrancheRequested
  | TrancheApproved
  | TrancheRejected
  | PaymentConfirmed
  | PaymentFailed
  | AmendmentRequested
  | AmendmentApproved
  | AmendmentRejected
  | ProjectSuspended
  | ProjectResumed;
