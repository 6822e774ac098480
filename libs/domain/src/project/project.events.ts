import type { AmendmentKind, CategoryCode, FundingSource, TrancheKind } from '../policy/policy-vocabulary';
import type { DomainEvent, Instant, LocalDate, Vnd } from '../shared';
import type { AmendmentChanges, Beneficiary, ProposalFields, TrancheSchedule } from './project.commands';

/*
 * Every event carries what a read model needs (amounts, titles, beneficiary, who acted, when), so
 * projections are built from events alone. `at` is the command's instant; the envelope's
 * "occurred at" is the same value, repeated here so rules that replay state never need metadata.
 */

interface ProjectEventBase {
  readonly projectId: string;
  readonly at: Instant;
}

/** @example { type: 'ProjectDraftCreated', data: { projectId: 'p1', programmeId: 'la-2026', policyId: 'vn-longan-local-2022', policyVersion: 1, title: 'Máy đóng gói', category: 'MACHINERY', … } } */
export type ProjectDraftCreated = DomainEvent<
  'ProjectDraftCreated',
  ProjectEventBase &
    ProposalFields & {
      readonly programmeId: string;
      /** The policy set pinned for the project's whole life (the programme's). */
      readonly policyId: string;
      readonly policyVersion: number;
      readonly fundingSource: FundingSource;
      readonly createdBy: string;
    }
>;

/** A draft changed; only the changed fields are listed. @example { type: 'ProjectDraftUpdated', data: { projectId: 'p1', changes: { title: '…' }, updatedBy: 'u1', at } } */
export type ProjectDraftUpdated = DomainEvent<
  'ProjectDraftUpdated',
  ProjectEventBase & { readonly changes: Partial<ProposalFields>; readonly updatedBy: string }
>;

/** A snapshot of the proposal as submitted, with the cap it was checked against. @example { type: 'ProposalSubmitted', data: { projectId: 'p1', requestedSupportVnd: 150_000_000, capVnd: 200_000_000, resubmission: false, … } } */
export type ProposalSubmitted = DomainEvent<
  'ProposalSubmitted',
  ProjectEventBase &
    ProposalFields & {
      readonly programmeId: string;
      readonly declarations: { readonly counterpartCommitted: true; readonly noDoubleFunding: true };
      readonly capVnd: Vnd;
      /** True when it answers an information request rather than a first submission. */
      readonly resubmission: boolean;
      readonly submittedBy: string;
    }
>;

/** The centre asked for more information; the reply deadline is `replyDueAt` or the policy default. @example { type: 'InformationRequested', data: { projectId: 'p1', reason: '…', replyBusinessDays: 10, fromStatus: 'submitted', … } } */
export type InformationRequested = DomainEvent<
  'InformationRequested',
  ProjectEventBase & {
    readonly reason: string;
    readonly replyDueAt?: Instant;
    /** Policy default used when `replyDueAt` is absent. */
    readonly replyBusinessDays: number;
    readonly fromStatus: 'submitted' | 'in_appraisal';
    readonly requestedBy: string;
  }
>;

/** The reply to an information request; the proposal returns where it was. @example { type: 'InformationProvided', data: { projectId: 'p1', note: '…', returnsTo: 'submitted', … } } */
export type InformationProvided = DomainEvent<
  'InformationProvided',
  ProjectEventBase & { readonly note: string; readonly returnsTo: 'submitted' | 'in_appraisal'; readonly providedBy: string }
>;

/** The proposal was withdrawn before approval; nothing was reserved. @example { type: 'ProposalWithdrawn', data: { projectId: 'p1', reason: '…', fromStatus: 'submitted', … } } */
export type ProposalWithdrawn = DomainEvent<
  'ProposalWithdrawn',
  ProjectEventBase & { readonly reason: string; readonly fromStatus: string; readonly withdrawnBy: string }
>;

/** A panel was named for an appraisal level. @example { type: 'AppraisalOpened', data: { projectId: 'p1', level: 'base', levelIndex: 0, levelCount: 2, panel: ['a1', 'a2', 'a3'], … } } */
export type AppraisalOpened = DomainEvent<
  'AppraisalOpened',
  ProjectEventBase & {
    /** Level name from the policy (`base`, `ministry`, `province`). */
    readonly level: string;
    readonly levelIndex: number;
    readonly levelCount: number;
    readonly panel: readonly string[];
    readonly quorum: number;
    readonly dueAt?: Instant;
    /** Policy default used when `dueAt` is absent. */
    readonly scoringBusinessDays: number;
    /** True when the same level is reopened with a new panel because recusals broke the quorum. */
    readonly reopened: boolean;
    readonly openedBy: string;
  }
>;

/** A panel member declared a conflict of interest and is recused at this level. @example { type: 'ConflictDeclared', data: { projectId: 'p1', appraiserId: 'a1', level: 'base', note: '…', at } } */
export type ConflictDeclared = DomainEvent<
  'ConflictDeclared',
  ProjectEventBase & { readonly appraiserId: string; readonly level: string; readonly note: string }
>;

/** One appraiser's scores under the pinned rubric. @example { type: 'ProposalScored', data: { projectId: 'p1', appraiserId: 'a1', scores: { fit: 8, … }, weightedScore: 7.4, … } } */
export type ProposalScored = DomainEvent<
  'ProposalScored',
  ProjectEventBase & {
    readonly appraiserId: string;
    readonly level: string;
    readonly scores: Readonly<Record<string, number>>;
    /** Weighted mean of the criteria, rounded to 2 decimals. */
    readonly weightedScore: number;
    readonly comment?: string;
    /** The rubric that was applied. */
    readonly policyId: string;
    readonly policyVersion: number;
  }
>;

/** Figures shared by the three appraisal conclusions. */
interface ConclusionData extends ProjectEventBase {
  readonly level: string;
  /** Mean of the appraisers' weighted scores, rounded to 2 decimals. */
  readonly meanScore: number;
  readonly scoreCount: number;
  readonly passMark: number;
  readonly minutesRef: string;
  readonly concludedBy: string;
}

/** A level other than the last passed; the project waits in appraisal for the next level's panel. @example { type: 'AppraisalLevelPassed', data: { projectId: 'p1', level: 'base', nextLevel: 'ministry', meanScore: 7.4, … } } */
export type AppraisalLevelPassed = DomainEvent<
  'AppraisalLevelPassed',
  ConclusionData & { readonly nextLevel: string; readonly proposedSupportVnd: Vnd }
>;

/** The last level recommends the proposal for funding. @example { type: 'ProposalRecommended', data: { projectId: 'p1', recommendedSupportVnd: 150_000_000, meanScore: 7.4, … } } */
export type ProposalRecommended = DomainEvent<
  'ProposalRecommended',
  ConclusionData & { readonly recommendedSupportVnd: Vnd; readonly requestedSupportVnd: Vnd; readonly capVnd: Vnd }
>;

/** A level did not recommend the proposal; this is final. @example { type: 'ProposalNotRecommended', data: { projectId: 'p1', level: 'base', meanScore: 4.2, … } } */
export type ProposalNotRecommended = DomainEvent<'ProposalNotRecommended', ConclusionData>;

/** The funding decision; its reservation is the programme's `FundsReserved` of the same decision. @example { type: 'FundingApproved', data: { projectId: 'p1', decisionNo: '45/QĐ-SCT', decidedOn: '2026-04-10', approvedSupportVnd: 150_000_000, … } } */
export type FundingApproved = DomainEvent<
  'FundingApproved',
  ProjectEventBase & {
    readonly programmeId: string;
    readonly title: string;
    readonly category: CategoryCode;
    readonly beneficiaryName: string;
    readonly decisionNo: string;
    readonly decidedOn: LocalDate;
    readonly approvedSupportVnd: Vnd;
    readonly recommendedSupportVnd: Vnd;
    readonly approvedBy: string;
  }
>;

/** The approver declined to fund a recommended proposal. @example { type: 'FundingRejected', data: { projectId: 'p1', reason: '…', rejectedBy: 'u9', at } } */
export type FundingRejected = DomainEvent<
  'FundingRejected',
  ProjectEventBase & { readonly reason: string; readonly rejectedBy: string }
>;

/** The contract and its tranche schedule: the finance commitment. @example { type: 'ContractSigned', data: { projectId: 'p1', contractNo: 'HĐ-07', contractVnd: 150_000_000, tranches: [...], … } } */
export type ContractSigned = DomainEvent<
  'ContractSigned',
  ProjectEventBase & {
    readonly programmeId: string;
    readonly contractNo: string;
    readonly signedOn: LocalDate;
    readonly tranches: readonly TrancheSchedule[];
    /** Sum of the tranche schedule: the commitment. */
    readonly contractVnd: Vnd;
    readonly counterpartVnd: Vnd;
    readonly beneficiary: Pick<Beneficiary, 'name' | 'kind' | 'taxCode' | 'province' | 'commune'>;
    readonly plannedEnd: LocalDate;
    readonly signedBy: string;
  }
>;

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

/**
 * Every event of a `project-<id>` stream.
 *
 * @example
 * const state = events.reduce(evolveProject, { status: 'none' } as ProjectState);
 */
export type ProjectEvent =
  | ProjectDraftCreated
  | ProjectDraftUpdated
  | ProposalSubmitted
  | InformationRequested
  | InformationProvided
  | ProposalWithdrawn
  | AppraisalOpened
  | ConflictDeclared
  | ProposalScored
  | AppraisalLevelPassed
  | ProposalRecommended
  | ProposalNotRecommended
  | FundingApproved
  | FundingRejected
  | ContractSigned
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
  | ProjectResumed
  | ProjectTerminated
  | CompletionDeclared
  | AcceptanceRecorded
  | SettlementSubmitted
  | SettlementApproved
  | RefundDemanded
  | RefundRecorded
  | OutcomeRecorded
  | ProjectClosed;

/** One Project event name. */
export type ProjectEventType = ProjectEvent['type'];

/** The data of one Project event type. */
export type ProjectEventData<T extends ProjectEventType> = Extract<ProjectEvent, { type: T }>['data'];

/**
 * Schema version of each Project event type, for the serializer and its upcasters.
 *
 * @example
 * PROJECT_EVENT_SCHEMA_VERSIONS.TrancheApproved; // 1
 */
export const PROJECT_EVENT_SCHEMA_VERSIONS: Readonly<Record<ProjectEventType, number>> = Object.freeze({
  ProjectDraftCreated: 1,
  ProjectDraftUpdated: 1,
  ProposalSubmitted: 1,
  InformationRequested: 1,
  InformationProvided: 1,
  ProposalWithdrawn: 1,
  AppraisalOpened: 1,
  ConflictDeclared: 1,
  ProposalScored: 1,
  AppraisalLevelPassed: 1,
  ProposalRecommended: 1,
  ProposalNotRecommended: 1,
  FundingApproved: 1,
  FundingRejected: 1,
  ContractSigned: 1,
  ImplementationStarted: 1,
  ProgressReported: 1,
  TrancheRequested: 1,
  TrancheApproved: 1,
  TrancheRejected: 1,
  PaymentConfirmed: 1,
  PaymentFailed: 1,
  AmendmentRequested: 1,
  AmendmentApproved: 1,
  AmendmentRejected: 1,
  ProjectSuspended: 1,
  ProjectResumed: 1,
  ProjectTerminated: 1,
  CompletionDeclared: 1,
  AcceptanceRecorded: 1,
  SettlementSubmitted: 1,
  SettlementApproved: 1,
  RefundDemanded: 1,
  RefundRecorded: 1,
  OutcomeRecorded: 1,
  ProjectClosed: 1,
});

/** The names of the Project events. */
export const PROJECT_EVENT_TYPES = Object.keys(PROJECT_EVENT_SCHEMA_VERSIONS) as readonly ProjectEventType[];
