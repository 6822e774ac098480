import type {
  Amendment,
  DossierMode,
  AppraisalRound,
  Funding,
  PlanStatus,
  PolicySet,
  ProjectPartner,
  ProjectStatus,
  ProposalFields,
  Recommendation,
  Role,
  Tranche,
} from '@app/domain';
import type { PolicyFigureView } from '../domain/figures';

/*
 * The shapes of the engine's answers the console reads (API.md). Domain types come from
 * `@app/domain` itself, so a change there shows up here as a type error.
 */

/** A note on an accepted command (`warnings` of its answer). */
export interface CommandWarning {
  readonly code: string;
  readonly field: string;
  readonly message: string;
}

/** `{ id, version, position, status }`, the answer of every command. */
export interface CommandResult {
  readonly id: string;
  readonly version: number;
  readonly position: number;
  readonly status: ProjectStatus;
  /** Notes on an accepted command, e.g. `AREA.PRE_REFORM` for a unit of the register before 1 July 2025. */
  readonly warnings?: readonly CommandWarning[];
}

/** One row of `GET /projects`. */
export interface ProjectListItem {
  readonly id: string;
  readonly programmeId: string;
  readonly version: number;
  readonly status: ProjectStatus;
  readonly title: string;
  readonly category: string;
  readonly beneficiary: { readonly name: string; readonly kind: string; readonly province: string; readonly commune: string };
  readonly requestedVnd: number;
  readonly recommendedVnd: number | null;
  readonly approvedVnd: number | null;
  readonly disbursedVnd: number;
  readonly meanScore: number | null;
  readonly createdAt: string | null;
  readonly updatedAt: string;
}

export interface ProjectPage {
  readonly items: ProjectListItem[];
  readonly nextCursor?: string;
}

/** One level of the appraisal as the read model summarises it. */
export interface AppraisalLevelSummary {
  readonly level: string;
  readonly panel: readonly string[];
  readonly openedAt: string;
  readonly dueAt?: string;
  readonly conflicts: readonly { readonly appraiserId: string; readonly note: string; readonly at: string }[];
  readonly scores: readonly {
    readonly appraiserId: string;
    readonly scores: Readonly<Record<string, number>>;
    readonly weightedScore: number;
    readonly comment?: string;
    readonly at: string;
  }[];
  readonly outcome?: 'passed' | 'recommended' | 'not_recommended';
  readonly meanScore?: number;
}

/** `GET /projects/{id}`. */
export interface ProjectDetail extends ProposalFields {
  readonly id: string;
  readonly version: number;
  readonly position: number;
  readonly programmeId: string;
  readonly status: ProjectStatus;
  readonly policy: { readonly id: string; readonly version: number };
  readonly amounts: {
    readonly totalCostVnd: number;
    readonly counterpartVnd: number;
    readonly requestedVnd: number;
    readonly recommendedVnd: number | null;
    readonly approvedVnd: number | null;
    readonly contractVnd: number | null;
    readonly disbursedVnd: number;
    readonly refundDemandedVnd: number;
    readonly refundedVnd: number;
  };
  readonly appraisal: {
    readonly meanScore: number | null;
    readonly scoreCount: number;
    readonly levels: readonly AppraisalLevelSummary[];
    readonly current: AppraisalRound | null;
    readonly recommendation: Recommendation | null;
  };
  readonly infoRequest: { readonly reason: string; readonly requestedBy: string; readonly returnTo: string } | null;
  readonly funding: Funding | null;
  readonly contract: {
    readonly contractNo: string;
    readonly signedOn: string;
    readonly startedOn: string | null;
    readonly progress: readonly { readonly period: string; readonly percentComplete: number }[];
    readonly acceptance: { readonly acceptedOn: string; readonly minutesRef: string } | null;
    readonly openDefects: readonly string[];
    readonly settlement: { readonly spentVnd: number; readonly counterpartSpentVnd: number; readonly dossierRef: string; readonly approvedVnd?: number } | null;
    readonly finalReportRef: string | null;
    readonly outcomesRecorded: number;
  } | null;
  readonly tranches: readonly Tranche[];
  readonly paymentOrders: readonly { readonly paymentOrderNo: string; readonly trancheNo: number; readonly amountVnd: number; readonly status: string }[];
  readonly amendments: readonly Amendment[];
  /** The units the project works with, as the last approved `partner` amendment set them (absent from older engines). */
  readonly partners?: readonly ProjectPartner[];
  readonly createdBy: string;
  readonly submittedBy: string | null;
  readonly milestones: Readonly<Record<string, string>>;
  readonly lastEvent: { readonly type: string; readonly at: string; readonly actorId?: string } | null;
  readonly createdAt: string | null;
  readonly updatedAt: string;
  /** Open due work of the project, once the reminders issue has landed. */
  readonly reminders?: readonly Reminder[];
}

/** The metadata every recorded event carries. */
export interface EventMetadata {
  readonly actor?: { readonly id: string; readonly roles?: readonly string[] };
  readonly commandId?: string;
  readonly correlationId?: string;
  readonly occurredAt?: string;
  readonly policy?: { readonly id: string; readonly version: number; readonly hash: string };
}

/** One event of `GET /projects/{id}/history`. */
export interface HistoryEvent {
  readonly position: number;
  /** `project-<id>`, or `reminders-<id>` for the due work of the project (absent on older engines). */
  readonly streamId?: string;
  readonly version: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly eventId: string;
  readonly recordedAt: string;
  readonly data: unknown;
  /** The data as stored (personal data sealed) when it differs from `data`; hashes cover this form. */
  readonly storedData?: unknown;
  readonly metadata: EventMetadata;
  readonly prevHash: string;
  readonly hash: string;
}

export interface ProjectHistory {
  readonly projectId: string;
  readonly items: readonly HistoryEvent[];
}

export interface Budget {
  readonly totalVnd: number;
  readonly reservedVnd: number;
  readonly committedVnd: number;
  readonly disbursedVnd: number;
  readonly availableVnd: number;
}

/** One programme of `GET /programmes`. */
export interface Programme {
  readonly id: string;
  readonly version: number;
  readonly code: string;
  readonly name: string;
  readonly year: number;
  readonly fundingSource: string;
  readonly province: string | null;
  readonly policy: { readonly id: string; readonly version: number };
  readonly registrationOpensOn: string;
  readonly registrationClosesOn: string;
  readonly budget: Budget;
  readonly projectCount: number;
  /** Whether missing dossier documents stop a step (`enforce`) or only warn; absent on older engines. */
  readonly dossier?: DossierMode;
}

/** Whether a programme's dossier rules stop a step or only warn (the domain's type). */
export type { DossierMode };

/** One document of a project's dossier: an uploaded file or a paper received at the office. */
export interface DocumentItem {
  readonly id: string;
  readonly projectId: string;
  /** A document kind code (`quotation`); its name comes from the messages. */
  readonly kind: string;
  readonly title: string;
  readonly form: 'file' | 'paper';
  readonly fileName?: string;
  readonly mediaType?: string;
  readonly size?: number;
  readonly sha256?: string;
  /** The day a paper was received, `YYYY-MM-DD`. */
  readonly receivedOn?: string;
  /** The office's registry number of a paper ("số đến"). */
  readonly registryNo?: string;
  readonly uploadedBy: string;
  readonly uploadedByName?: string;
  readonly uploadedAt: string;
  readonly position: number;
  readonly superseded: boolean;
  readonly supersededReason?: string;
}

/** What the next step of a project needs in its dossier. */
export interface DossierChecklist {
  /** The next step that asks for documents, or null when none is left. */
  readonly step: string | null;
  readonly mode: DossierMode;
  readonly required: readonly { readonly kind: string; readonly present: boolean; readonly documentIds: readonly string[] }[];
  readonly missing: readonly string[];
}

/** `GET /projects/{id}/documents`. */
export interface DocumentList {
  readonly items: readonly DocumentItem[];
  readonly checklist: DossierChecklist;
}

export interface StatisticsGroup {
  readonly key: string;
  readonly count: number;
  readonly requestedVnd: number;
  readonly approvedVnd: number;
  readonly disbursedVnd: number;
}

/** `GET /stats`. */
export interface Statistics {
  readonly programmeId: string | null;
  readonly total: number;
  readonly byStatus: readonly StatisticsGroup[];
  readonly byCategory: readonly StatisticsGroup[];
  readonly byCommune: readonly StatisticsGroup[];
}

/** `GET /policies/{id}`: a policy set version with its hash, and its figures with their provenance. */
export type Policy = PolicySet & { readonly hash: string; readonly figures?: readonly PolicyFigureView[] };

/** A reminder of `GET /reminders` (API.md); fields beyond these are ignored. */
export interface Reminder {
  readonly id: string;
  readonly projectId: string;
  readonly kind: string;
  readonly dueAt: string;
  /** `open`, `sent`, `escalated`, `done` or `cancelled`. */
  readonly status: string;
  readonly assignees?: readonly string[];
  readonly escalateTo?: readonly string[];
  readonly escalatedAt?: string | null;
}

/** `GET /audit/verify`. */
export interface ChainVerification {
  readonly ok: boolean;
  readonly checkedEvents: number;
  readonly headPosition: number;
  readonly firstBrokenPosition?: number;
  readonly reason?: string;
}

/** Where an annual plan stands (the domain's type). */
export type { PlanStatus };

/** One plan of `GET /programmes/{id}/plans` (docs/plans.md). */
export interface Plan {
  readonly planId: string;
  readonly programmeId: string;
  readonly version: number;
  readonly status: PlanStatus;
  readonly title: string;
  readonly items: readonly { readonly projectId: string; readonly approvedSupportVnd: number }[];
  readonly totalVnd: number;
  readonly createdBy: string;
  readonly createdAt: string;
  readonly submittedBy?: string;
  readonly submittedAt?: string;
  readonly decision?: { readonly decisionNo: string; readonly decidedOn: string; readonly authority: string; readonly approvedBy: string; readonly at: string };
}

/** A demo user of the development sign-in. */
export interface DevPerson {
  readonly sub: string;
  readonly name: string;
  readonly roles: readonly Role[];
  readonly areas?: readonly string[];
}

/** An RFC 9457 problem as the engine writes it. */
export interface Problem {
  readonly type?: string;
  readonly title?: string;
  readonly status: number;
  readonly detail?: string;
  readonly code?: string;
  readonly errors?: readonly { readonly field: string; readonly message: string }[];
  readonly details?: Readonly<Record<string, unknown>>;
}
