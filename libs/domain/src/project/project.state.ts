import type { AmendmentKind, DocumentKind, FundingSource, TrancheKind } from '../policy/policy-vocabulary';
import type { Instant, LocalDate, Vnd } from '../shared';
import type { AmendmentChanges, ProjectPartner, ProposalFields } from './project.commands';

/** Every status of a project, in lifecycle order (side exits last). */
export const PROJECT_STATUSES = [
  'draft',
  'submitted',
  'info_requested',
  'in_appraisal',
  'recommended',
  'not_recommended',
  'approved',
  'rejected',
  'contracted',
  'in_implementation',
  'suspended',
  'awaiting_acceptance',
  'accepted',
  'settlement_submitted',
  'settled',
  'in_post_evaluation',
  'closed',
  'withdrawn',
  'terminated',
] as const;

/** One project status. */
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

/** Statuses before a funding decision (and its two negative outcomes). */
export type ProposalStatus =
  | 'draft'
  | 'submitted'
  | 'info_requested'
  | 'in_appraisal'
  | 'recommended'
  | 'not_recommended'
  | 'rejected'
  | 'withdrawn';

/** Statuses with a signed contract. */
export const CONTRACTED_STATUSES = [
  'contracted',
  'in_implementation',
  'suspended',
  'awaiting_acceptance',
  'accepted',
  'settlement_submitted',
  'settled',
  'in_post_evaluation',
  'closed',
] as const;

/** A status with a signed contract. */
export type ContractedStatus = (typeof CONTRACTED_STATUSES)[number];

/** Statuses reached only through a positive funding decision (the states of a `FundedProject`). */
export const FUNDED_STATUSES = ['approved', ...CONTRACTED_STATUSES, 'terminated'] as const;

/** An open information request and the status the reply returns to. */
export interface InfoRequest {
  readonly reason: string;
  readonly requestedBy: string;
  readonly returnTo: 'submitted' | 'in_appraisal';
}

/** The appraisal at its current level. */
export interface AppraisalRound {
  readonly levelIndex: number;
  readonly level: string;
  /** `open` while the panel works; `awaiting_panel` after a level passed and before the next opens. */
  readonly stage: 'open' | 'awaiting_panel';
  readonly panel: readonly string[];
  readonly recused: readonly string[];
  /** Raw criterion scores per appraiser at this level. */
  readonly scores: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Support proposed by the last passed level, if any. */
  readonly proposedSupportVnd?: Vnd;
}

/** The appraisal's recommendation. */
export interface Recommendation {
  readonly recommendedSupportVnd: Vnd;
  readonly meanScore: number;
  readonly minutesRef: string;
  readonly concludedBy: string;
}

/** The funding decision and the reservation it holds on the programme. */
export interface Funding {
  readonly decisionNo: string;
  readonly decidedOn: LocalDate;
  readonly approvedBy: string;
  readonly approvedSupportVnd: Vnd;
  /** Current support after amendments. */
  readonly supportVnd: Vnd;
  /** Current reservation on the programme (disbursed money stays reserved). */
  readonly reservedVnd: Vnd;
  /** Year whose settlement hard stop applies (moved by an extension into the next year). */
  readonly fiscalYear: number;
}

/** Refunds demanded from and paid back by the beneficiary. */
export interface Refunds {
  readonly demandedVnd: Vnd;
  readonly refundedVnd: Vnd;
  readonly treasuryRefs: readonly string[];
}

/** Where a tranche is in the request → approval → payment loop. */
export type TrancheStatus = 'scheduled' | 'requested' | 'approved' | 'paid' | 'rejected' | 'failed' | 'cancelled';

/** One tranche of the contract's schedule. */
export interface Tranche {
  readonly no: number;
  readonly kind: TrancheKind;
  readonly scheduledVnd: Vnd;
  readonly status: TrancheStatus;
  readonly requestedVnd?: Vnd;
  readonly requestedBy?: string;
  readonly paymentOrderNo?: string;
  readonly paidVnd: Vnd;
}

/** A payment order issued by a tranche approval. */
export interface PaymentOrder {
  readonly trancheNo: number;
  readonly amountVnd: Vnd;
  readonly status: 'issued' | 'confirmed' | 'failed';
}

/** An amendment and its decision. */
export interface Amendment {
  readonly no: number;
  readonly kind: AmendmentKind;
  readonly changes: AmendmentChanges;
  readonly approvalLevel: string;
  readonly requestedBy: string;
  readonly status: 'pending' | 'approved' | 'rejected';
}

/** Everything from the contract on. */
export interface Execution {
  readonly contractNo: string;
  readonly signedOn: LocalDate;
  readonly tranches: readonly Tranche[];
  readonly paymentOrders: Readonly<Record<string, PaymentOrder>>;
  readonly startedOn?: LocalDate;
  readonly progress: readonly { readonly period: string; readonly percentComplete: number }[];
  readonly amendments: readonly Amendment[];
  readonly finalReportRef?: string;
  readonly acceptance?: { readonly acceptedOn: LocalDate; readonly minutesRef: string };
  readonly openDefects: readonly string[];
  readonly settlement?: {
    readonly spentVnd: Vnd;
    readonly counterpartSpentVnd: Vnd;
    readonly dossierRef: string;
    readonly submittedBy: string;
    readonly approvedVnd?: Vnd;
  };
  readonly outcomesRecorded: number;
}

/** One item of the project's dossier: a stored file or a paper item received at the centre. */
export interface ProjectDocument {
  readonly id: string;
  readonly kind: DocumentKind;
  readonly form: 'file' | 'paper';
  readonly title: string;
  /** A superseded document stays on record but no longer counts in the dossier. */
  readonly superseded: boolean;
  readonly supersededReason?: string;
  readonly addedBy: string;
  readonly addedAt: Instant;
  /** For files: the name, type, size and SHA-256 as received (and as stored, when different). */
  readonly fileName?: string;
  readonly mediaType?: string;
  readonly size?: number;
  readonly sha256?: string;
  readonly storedSha256?: string;
  readonly encrypted?: boolean;
  /** For paper items: when the centre received it and its registry book number. */
  readonly receivedOn?: LocalDate;
  readonly registryNo?: string;
}

/** What every project knows from its draft on. */
export interface ProjectCore {
  readonly projectId: string;
  readonly programmeId: string;
  readonly policyId: string;
  readonly policyVersion: number;
  readonly fundingSource: FundingSource;
  readonly proposal: ProposalFields;
  readonly createdBy: string;
  readonly submittedBy?: string;
  /** Everyone who ever scored the proposal, at any level (for separation of duties). */
  readonly scorers: readonly string[];
  readonly infoRequest?: InfoRequest;
  readonly appraisal?: AppraisalRound;
  readonly recommendation?: Recommendation;
  /**
   * The dossier, in the order the documents joined it. Absent until the first document (streams
   * recorded before the dossier fold to the same state as before); read it with `projectDocuments`.
   */
  readonly documents?: readonly ProjectDocument[];
  /** The units the project works with, as the last approved `partner` amendment set them (absent before). */
  readonly partners?: readonly ProjectPartner[];
}

/** A project before a positive funding decision. */
export interface ProposalProject extends ProjectCore {
  readonly status: ProposalStatus;
}

interface FundedCore extends ProjectCore {
  readonly recommendation: Recommendation;
  readonly funding: Funding;
  readonly refunds: Refunds;
}

/** Funding approved, contract not yet signed. */
export interface ApprovedProject extends FundedCore {
  readonly status: 'approved';
  readonly execution?: undefined;
}

/** A project with a signed contract. */
export interface ContractedProject extends FundedCore {
  readonly status: ContractedStatus;
  readonly execution: Execution;
}

/** Terminated after approval; the contract exists when it was signed before. */
export interface TerminatedProject extends FundedCore {
  readonly status: 'terminated';
  readonly execution?: Execution;
}

/** A project with a funding decision. */
export type FundedProject = ApprovedProject | ContractedProject | TerminatedProject;

/**
 * State of a `project-<id>` stream, a union discriminated by `status`.
 *
 * @example
 * const state: ProjectState = { status: 'none' };
 * if (state.status === 'in_implementation') state.execution.tranches;
 */
export type ProjectState = { readonly status: 'none' } | ProposalProject | FundedProject;

/**
 * Money paid to the beneficiary so far.
 *
 * @example
 * disbursedVnd(project.execution); // 100_000_000
 */
export function disbursedVnd(execution: Execution | undefined): Vnd {
  return execution === undefined ? 0 : execution.tranches.reduce((sum, t) => sum + t.paidVnd, 0);
}

/**
 * The contract's value: the sum of the tranche schedule (amendments move it).
 *
 * @example
 * contractVnd(project.execution); // 150_000_000
 */
export function contractVnd(execution: Execution): Vnd {
  return execution.tranches.reduce((sum, t) => sum + t.scheduledVnd, 0);
}

/**
 * The last reported progress, 0 before any report.
 *
 * @example
 * lastProgressPercent(project.execution); // 75
 */
export function lastProgressPercent(execution: Execution): number {
  const last = execution.progress[execution.progress.length - 1];
  return last === undefined ? 0 : last.percentComplete;
}

/**
 * Refund still owed by the beneficiary.
 *
 * @example
 * outstandingRefundVnd(project.refunds); // 20_000_000
 */
export function outstandingRefundVnd(refunds: Refunds): Vnd {
  return refunds.demandedVnd - refunds.refundedVnd;
}

/**
 * Tranches whose money is on its way (requested or ordered, not yet paid or failed).
 *
 * @example
 * pendingTranches(project.execution).map((t) => t.no); // [2]
 */
export function pendingTranches(execution: Execution): readonly Tranche[] {
  return execution.tranches.filter((t) => t.status === 'requested' || t.status === 'approved');
}

/**
 * The project's dossier, superseded documents included; empty for a project without documents.
 *
 * @example
 * projectDocuments(state).filter((d) => !d.superseded).map((d) => d.kind); // ['proposal_form']
 */
export function projectDocuments(state: ProjectState): readonly ProjectDocument[] {
  return state.status === 'none' ? [] : (state.documents ?? []);
}
