import type {
  AmendmentKind,
  BeneficiaryKind,
  CategoryCode,
  TrancheKind,
} from '../policy/policy-vocabulary';
import type { Actor, Instant, LocalDate, Vnd } from '../shared';

/** Who issued a command and when; every project command carries it. */
interface ProjectCommandBase {
  /** The project's id (`project-<id>` is its stream). */
  readonly projectId: string;
  readonly actor: Actor;
  readonly at: Instant;
}

/** The establishment a project supports. District is historical only (abolished in 2025). */
export interface Beneficiary {
  readonly name: string;
  readonly kind: BeneficiaryKind;
  readonly taxCode?: string;
  /** Province code, e.g. `80`. */
  readonly province: string;
  /** Commune code. */
  readonly commune: string;
  readonly district?: string;
  readonly contact?: { readonly name: string; readonly phone: string };
}

/** The proposal fields an officer or collaborator writes into a draft. */
export interface ProposalFields {
  readonly title: string;
  readonly category: CategoryCode;
  readonly beneficiary: Beneficiary;
  readonly totalCostVnd: Vnd;
  readonly requestedSupportVnd: Vnd;
  readonly counterpartVnd: Vnd;
  readonly plannedStart: LocalDate;
  readonly plannedEnd: LocalDate;
  readonly objectives: string;
  readonly expectedEffects?: string;
}

/**
 * Creates a draft proposal in a programme.
 *
 * @example
 * const cmd: CreateProjectDraft = { type: 'CreateProjectDraft', projectId: 'p1', programmeId: 'la-2026',
 *   title: 'Máy đóng gói', category: 'MACHINERY', beneficiary, totalCostVnd: 400_000_000,
 *   requestedSupportVnd: 150_000_000, counterpartVnd: 250_000_000, plannedStart: '2026-05-01',
 *   plannedEnd: '2026-10-31', objectives: '…', actor, at };
 */
export interface CreateProjectDraft extends ProjectCommandBase, ProposalFields {
  readonly type: 'CreateProjectDraft';
  readonly programmeId: string;
}

/**
 * Changes a draft; omitted fields stay as they are, `beneficiary` is replaced as a whole. The
 * programme of a project never changes.
 *
 * @example
 * const cmd: UpdateProjectDraft = { type: 'UpdateProjectDraft', projectId: 'p1', title: 'Máy đóng gói tự động', actor, at };
 */
export interface UpdateProjectDraft extends ProjectCommandBase, Partial<ProposalFields> {
  readonly type: 'UpdateProjectDraft';
}

/** @example { type: 'SubmitProposal', projectId, declarations: { counterpartCommitted: true, noDoubleFunding: true }, actor, at } */
export interface SubmitProposal extends ProjectCommandBase {
  readonly type: 'SubmitProposal';
  readonly declarations: { readonly counterpartCommitted: boolean; readonly noDoubleFunding: boolean };
}

/** @example { type: 'RequestInformation', projectId, reason: 'Thiếu báo giá', actor, at } */
export interface RequestInformation extends ProjectCommandBase {
  readonly type: 'RequestInformation';
  readonly reason: string;
  /** Overrides the policy's default reply deadline. */
  readonly replyDueAt?: Instant;
}

/** @example { type: 'ProvideInformation', projectId, note: 'Đã bổ sung báo giá', actor, at } */
export interface ProvideInformation extends ProjectCommandBase {
  readonly type: 'ProvideInformation';
  readonly note: string;
}

/** @example { type: 'WithdrawProposal', projectId, reason: 'Cơ sở không đủ vốn đối ứng', actor, at } */
export interface WithdrawProposal extends ProjectCommandBase {
  readonly type: 'WithdrawProposal';
  readonly reason: string;
}

/** @example { type: 'OpenAppraisal', projectId, panel: ['a1', 'a2', 'a3'], actor, at } */
export interface OpenAppraisal extends ProjectCommandBase {
  readonly type: 'OpenAppraisal';
  /** User ids of the panel members. */
  readonly panel: readonly string[];
  /** Overrides the policy's default scoring deadline. */
  readonly dueAt?: Instant;
}

/** @example { type: 'DeclareConflict', projectId, note: 'Người thân của chủ cơ sở', actor, at } */
export interface DeclareConflict extends ProjectCommandBase {
  readonly type: 'DeclareConflict';
  readonly note: string;
}

/** @example { type: 'ScoreProposal', projectId, scores: { fit: 8, necessity: 7, cost: 6, capacity: 7, dossier: 9 }, actor, at } */
export interface ScoreProposal extends ProjectCommandBase {
  readonly type: 'ScoreProposal';
  /** One score per criterion code of the pinned rubric (`fit`, `necessity`, …). */
  readonly scores: Readonly<Record<string, number>>;
  readonly comment?: string;
}

/** @example { type: 'ConcludeAppraisal', projectId, recommend: true, recommendedSupportVnd: 150_000_000, minutesRef: 'BB-12', actor, at } */
export interface ConcludeAppraisal extends ProjectCommandBase {
  readonly type: 'ConcludeAppraisal';
  readonly recommend: boolean;
  /** Defaults to the requested support when recommending. */
  readonly recommendedSupportVnd?: Vnd;
  readonly minutesRef: string;
}

/** @example { type: 'ApproveFunding', projectId, decisionNo: '45/QĐ-SCT', decidedOn: '2026-06-10', approvedSupportVnd: 150_000_000, actor, at } */
export interface ApproveFunding extends ProjectCommandBase {
  readonly type: 'ApproveFunding';
  readonly decisionNo: string;
  readonly decidedOn: LocalDate;
  readonly approvedSupportVnd: Vnd;
}

/** @example { type: 'RejectFunding', projectId, reason: 'Không còn kinh phí', actor, at } */
export interface RejectFunding extends ProjectCommandBase {
  readonly type: 'RejectFunding';
  readonly reason: string;
}

/** One line of a contract's payment schedule. */
export interface TrancheSchedule {
  readonly no: number;
  readonly kind: TrancheKind;
  readonly amountVnd: Vnd;
}

/** @example { type: 'SignContract', projectId, contractNo: 'HĐ-07', signedOn: '2026-06-20', tranches: [{ no: 1, kind: 'advance', amountVnd: 100_000_000 }, { no: 2, kind: 'final', amountVnd: 50_000_000 }], actor, at } */
export interface SignContract extends ProjectCommandBase {
  readonly type: 'SignContract';
  readonly contractNo: string;
  readonly signedOn: LocalDate;
  readonly tranches: readonly TrancheSchedule[];
}

/** @example { type: 'StartImplementation', projectId, startedOn: '2026-07-01', actor, at } */
export interface StartImplementation extends ProjectCommandBase {
  readonly type: 'StartImplementation';
  readonly startedOn: LocalDate;
}

/** @example { type: 'ReportProgress', projectId, period: '2026-07', percentComplete: 40, summary: 'Đã lắp đặt máy', actor, at } */
export interface ReportProgress extends ProjectCommandBase {
  readonly type: 'ReportProgress';
  /** `YYYY-MM`. */
  readonly period: string;
  readonly percentComplete: number;
  readonly summary: string;
}

/** @example { type: 'RequestTranche', projectId, trancheNo: 1, amountVnd: 100_000_000, evidenceRefs: ['doc-1'], actor, at } */
export interface RequestTranche extends ProjectCommandBase {
  readonly type: 'RequestTranche';
  readonly trancheNo: number;
  readonly amountVnd: Vnd;
  readonly evidenceRefs: readonly string[];
}

/** @example { type: 'ApproveTranche', projectId, trancheNo: 1, paymentOrderNo: 'UNC-001', actor, at } */
export interface ApproveTranche extends ProjectCommandBase {
  readonly type: 'ApproveTranche';
  readonly trancheNo: number;
  readonly paymentOrderNo: string;
}

/** @example { type: 'RejectTranche', projectId, trancheNo: 1, reason: 'Thiếu hóa đơn', actor, at } */
export interface RejectTranche extends ProjectCommandBase {
  readonly type: 'RejectTranche';
  readonly trancheNo: number;
  readonly reason: string;
}

/** @example { type: 'ConfirmPayment', projectId, paymentOrderNo: 'UNC-001', amountVnd: 100_000_000, treasuryRef: 'KB-9', valueDate: '2026-08-03', actor, at } */
export interface ConfirmPayment extends ProjectCommandBase {
  readonly type: 'ConfirmPayment';
  readonly paymentOrderNo: string;
  readonly amountVnd: Vnd;
  readonly treasuryRef: string;
  readonly valueDate: LocalDate;
}

/** @example { type: 'FailPayment', projectId, paymentOrderNo: 'UNC-001', reason: 'Sai số tài khoản', actor, at } */
export interface FailPayment extends ProjectCommandBase {
  readonly type: 'FailPayment';
  readonly paymentOrderNo: string;
  readonly reason: string;
}

/** What an amendment changes. */
export interface AmendmentChanges {
  readonly plannedEnd?: LocalDate;
  /** Signed change of the approved support: positive for `support_increase`, negative for `support_decrease`. */
  readonly supportDeltaVnd?: number;
  readonly description?: string;
}

/** @example { type: 'RequestAmendment', projectId, kind: 'schedule', changes: { plannedEnd: '2026-12-15' }, reason: 'Máy giao chậm', actor, at } */
export interface RequestAmendment extends ProjectCommandBase {
  readonly type: 'RequestAmendment';
  readonly kind: AmendmentKind;
  readonly changes: AmendmentChanges;
  readonly reason: string;
}

/** @example { type: 'DecideAmendment', projectId, amendmentNo: 1, approve: true, note: 'Đồng ý', actor, at } */
export interface DecideAmendment extends ProjectCommandBase {
  readonly type: 'DecideAmendment';
  readonly amendmentNo: number;
  readonly approve: boolean;
  readonly note: string;
}

/** @example { type: 'SuspendProject', projectId, reason: 'Thanh tra', actor, at } */
export interface SuspendProject extends ProjectCommandBase {
  readonly type: 'SuspendProject';
  readonly reason: string;
}

/** @example { type: 'ResumeProject', projectId, reason: 'Kết thúc thanh tra', actor, at } */
export interface ResumeProject extends ProjectCommandBase {
  readonly type: 'ResumeProject';
  readonly reason: string;
}

/** @example { type: 'TerminateProject', projectId, reason: 'Vi phạm hợp đồng', actor, at } */
export interface TerminateProject extends ProjectCommandBase {
  readonly type: 'TerminateProject';
  readonly reason: string;
}

/** @example { type: 'DeclareCompletion', projectId, finalReportRef: 'BC-final', actor, at } */
export interface DeclareCompletion extends ProjectCommandBase {
  readonly type: 'DeclareCompletion';
  readonly finalReportRef: string;
}

/** @example { type: 'RecordAcceptance', projectId, passed: true, minutesRef: 'NT-5a', indicators: { productivityGainPercent: 30 }, actor, at } */
export interface RecordAcceptance extends ProjectCommandBase {
  readonly type: 'RecordAcceptance';
  readonly passed: boolean;
  readonly minutesRef: string;
  readonly indicators: Readonly<Record<string, number>>;
  /** Required when the acceptance did not pass. */
  readonly defects?: readonly string[];
}

/** @example { type: 'SubmitSettlement', projectId, spentVnd: 150_000_000, counterpartSpentVnd: 250_000_000, dossierRef: 'QT-1', actor, at } */
export interface SubmitSettlement extends ProjectCommandBase {
  readonly type: 'SubmitSettlement';
  /** Spending of the state support. */
  readonly spentVnd: Vnd;
  readonly counterpartSpentVnd: Vnd;
  readonly dossierRef: string;
}

/** @example { type: 'ApproveSettlement', projectId, approvedVnd: 150_000_000, actor, at } */
export interface ApproveSettlement extends ProjectCommandBase {
  readonly type: 'ApproveSettlement';
  readonly approvedVnd: Vnd;
}

/** @example { type: 'RecordRefund', projectId, amountVnd: 20_000_000, treasuryRef: 'KB-NOP-3', actor, at } */
export interface RecordRefund extends ProjectCommandBase {
  readonly type: 'RecordRefund';
  readonly amountVnd: Vnd;
  readonly treasuryRef: string;
}

/** @example { type: 'RecordOutcome', projectId, measuredOn: '2027-07-01', indicators: { jobs: 14 }, actor, at } */
export interface RecordOutcome extends ProjectCommandBase {
  readonly type: 'RecordOutcome';
  readonly measuredOn: LocalDate;
  readonly indicators: Readonly<Record<string, number>>;
}

/** @example { type: 'CloseProject', projectId, actor, at } */
export interface CloseProject extends ProjectCommandBase {
  readonly type: 'CloseProject';
}

/** Every command of the Project aggregate. */
export type ProjectCommand =
  | CreateProjectDraft
  | UpdateProjectDraft
  | SubmitProposal
  | RequestInformation
  | ProvideInformation
  | WithdrawProposal
  | OpenAppraisal
  | DeclareConflict
  | ScoreProposal
  | ConcludeAppraisal
  | ApproveFunding
  | RejectFunding
  | SignContract
  | StartImplementation
  | ReportProgress
  | RequestTranche
  | ApproveTranche
  | RejectTranche
  | ConfirmPayment
  | FailPayment
  | RequestAmendment
  | DecideAmendment
  | SuspendProject
  | ResumeProject
  | TerminateProject
  | DeclareCompletion
  | RecordAcceptance
  | SubmitSettlement
  | ApproveSettlement
  | RecordRefund
  | RecordOutcome
  | CloseProject;

/** One Project command name. */
export type ProjectCommandType = ProjectCommand['type'];

// A record keyed by the union makes the compiler refuse a missing or extra name.
const NAMES: Record<ProjectCommandType, true> = {
  CreateProjectDraft: true,
  UpdateProjectDraft: true,
  SubmitProposal: true,
  RequestInformation: true,
  ProvideInformation: true,
  WithdrawProposal: true,
  OpenAppraisal: true,
  DeclareConflict: true,
  ScoreProposal: true,
  ConcludeAppraisal: true,
  ApproveFunding: true,
  RejectFunding: true,
  SignContract: true,
  StartImplementation: true,
  ReportProgress: true,
  RequestTranche: true,
  ApproveTranche: true,
  RejectTranche: true,
  ConfirmPayment: true,
  FailPayment: true,
  RequestAmendment: true,
  DecideAmendment: true,
  SuspendProject: true,
  ResumeProject: true,
  TerminateProject: true,
  DeclareCompletion: true,
  RecordAcceptance: true,
  SubmitSettlement: true,
  ApproveSettlement: true,
  RecordRefund: true,
  RecordOutcome: true,
  CloseProject: true,
};

/** The names of the Project commands, as keys of a policy's role table. */
export const PROJECT_COMMAND_TYPES = Object.keys(NAMES) as readonly ProjectCommandType[];
