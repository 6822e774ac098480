import type { ProgrammeCommandType } from '../programme/programme.commands';
import type { ProjectCommandType } from '../project/project.commands';
import type { Authority, LocalDate, Role, Vnd } from '../shared';
import type {
  AmendmentKind,
  AppraisalCriterion,
  BeneficiaryKind,
  CategoryCode,
  DocumentKind,
  DossierStep,
  FundingSource,
  RecordedAmendmentKind,
} from './policy-vocabulary';

/** What the policy says about one content category. */
export interface CategoryRule {
  readonly allowed: boolean;
  /** Support may not exceed this percentage of the total cost. */
  readonly capPercent?: number;
  /** Support may not exceed this absolute amount. */
  readonly capVnd?: Vnd;
  /**
   * The first advance before acceptance: at most `maxPercent` of the contract, and only once the
   * reported progress is strictly above `minProgressPercent` (0 means no progress is needed).
   */
  readonly firstAdvance: { readonly maxPercent: number; readonly minProgressPercent: number };
  readonly nameVi: string;
  readonly nameEn: string;
}

/** The legal text a figure is read from: the document as `legalBasis` names it, and its article. */
export interface FigureSource {
  readonly document: string;
  /** Article and clause, e.g. 'Đ.13' or 'Đ.8.2b'. */
  readonly article: string;
}

/**
 * Where a figure comes from: a `source`, or `sample: true` for a figure no retrieved text gives
 * (a placeholder or an engine default, shown as "(mẫu)"). `note` says why, in a sentence.
 */
export interface FigureProvenance {
  readonly source?: FigureSource;
  readonly sample?: boolean;
  readonly note?: string;
}

/**
 * Provenance keyed by figure path (`categories.MACHINERY.capVnd`, `appraisal.quorum`,
 * `deadlines.settlementHardStop`); a key covers every figure under it and the longest matching
 * key wins, so `deadlines` can mark all deadlines and `deadlines.progressReportDayOfMonth` cite
 * one. Read it with `figureProvenance`.
 */
export type PolicySources = Readonly<Record<string, FigureProvenance>>;

/** One scoring criterion of the rubric. */
export interface AppraisalCriterionRule {
  readonly code: AppraisalCriterion;
  readonly weight: number;
  readonly nameVi: string;
  readonly nameEn: string;
}

/** The appraisal rubric and its levels (base, ministry, province…). */
export interface AppraisalPolicy {
  readonly criteria: readonly AppraisalCriterionRule[];
  readonly minScore: number;
  readonly maxScore: number;
  /** Minimum number of non-recused scores, and of panel members. */
  readonly quorum: number;
  /** Minimum mean score to recommend. */
  readonly passMark: number;
  /** Appraisal levels in order; only the last one recommends. */
  readonly levels: readonly string[];
}

/** Default deadlines; a deadline given in a command overrides them. */
export interface DeadlinePolicy {
  readonly infoReplyBusinessDays: number;
  readonly scoringBusinessDays: number;
  readonly contractSignatureDays: number;
  readonly progressReportDayOfMonth: number;
  readonly progressNoticeDaysAhead: number;
  readonly plannedEndNoticeDays: number;
  readonly acceptanceBusinessDays: number;
  readonly settlementDossierDays: number;
  /** Settlement must be done by this day of the year after the fiscal year. */
  readonly settlementHardStop: { readonly month: number; readonly day: number };
  readonly refundDays: number;
  readonly postEvaluationMonths: readonly number[];
}

/** For one content category, the document kinds each step needs in the dossier first. */
export type DossierRule = Readonly<Record<DossierStep, readonly DocumentKind[]>>;

/** The commands that keep a project's dossier; their roles are in `PolicySet.dossier.roles`. */
export const DOCUMENT_COMMAND_TYPES = ['AttachDocument', 'RecordPaperDocument', 'SupersedeDocument'] as const;

/** One command that keeps a project's dossier. */
export type DocumentCommandType = (typeof DOCUMENT_COMMAND_TYPES)[number];

/**
 * The dossier (hồ sơ) of a policy set: who may keep it and, per content category, the document
 * kinds each step needs first. It is kept out of the set's hash (see `PolicyCatalog`), so adding
 * it did not change the hash that decisions recorded before it pin.
 */
export interface DossierPolicy {
  readonly roles: Readonly<Record<DocumentCommandType, readonly Role[]>>;
  readonly categories: Readonly<Record<CategoryCode, DossierRule>>;
}

/**
 * How a programme's projects get their funding decision: one by one (`single`, the approval of a
 * project), only through an approved annual plan (`plan`), or either way (`both`).
 */
export type ProjectApprovalMode = 'single' | 'plan' | 'both';

/** The modes of {@link ProjectApprovalMode}. */
export const PROJECT_APPROVAL_MODES: readonly ProjectApprovalMode[] = Object.freeze(['single', 'plan', 'both']);

/** Who approves an annual plan (kế hoạch khuyến công): the decision level the approver must hold. */
export interface PlanApprovalPolicy {
  readonly authority: Authority;
}

/**
 * A versioned set of rules for a legal basis, effective date and (for local funds) province.
 * Deciders read every amount, percentage, deadline and role from here, and events pin the id and
 * version that decided them.
 *
 * @example
 * const policy: PolicySet | undefined = findPolicy('vn-2014-national', 2);
 * policy?.categories.MACHINERY.capVnd; // 200_000_000
 */
export interface PolicySet {
  readonly id: string;
  readonly version: number;
  readonly title: string;
  readonly legalBasis: readonly string[];
  readonly effectiveFrom: LocalDate;
  readonly fundingSource: FundingSource;
  /** Province code for local policy sets. */
  readonly province?: string;
  readonly beneficiaryKinds: readonly BeneficiaryKind[];
  readonly categories: Readonly<Record<CategoryCode, CategoryRule>>;
  readonly advanceCeilingPercentBeforeAcceptance: number;
  readonly appraisal: AppraisalPolicy;
  readonly deadlines: DeadlinePolicy;
  /**
   * Who may issue each command (the document commands' roles are in `dossier.roles`; read any with
   * `rolesFor`). Nobody is implicitly allowed, admin included.
   */
  readonly roles: Readonly<Record<Exclude<ProjectCommandType, DocumentCommandType> | ProgrammeCommandType, readonly Role[]>> &
    Readonly<Partial<Record<DocumentCommandType, readonly Role[]>>>;
  /** The dossier's roles and required kinds; a set without it requires nothing and allows nobody to keep documents. */
  readonly dossier?: DossierPolicy;
  /**
   * The approver level each amendment kind needs (it already reflects the money effect). Kinds
   * added after a version was recorded may be missing: read it with `amendmentApprovalLevel`.
   */
  readonly amendments: {
    readonly approvalLevel: Readonly<Record<RecordedAmendmentKind, string>> & Readonly<Partial<Record<AmendmentKind, string>>>;
  };
  /**
   * Where each figure comes from (see `PolicySources`). Metadata about the figures, not a figure:
   * the versions recorded before it existed hash without it (see `PolicyCatalog`).
   */
  readonly sources?: PolicySources;
  /**
   * How projects are approved (`both` when absent). Like `dossier`, kept out of the set's hash
   * (see `PolicyCatalog`): it was added to the shipped versions after decisions pinned their hashes.
   */
  readonly projectApproval?: ProjectApprovalMode;
  /**
   * The level that approves an annual plan (see `planApprovalAuthority` for the default when
   * absent); kept out of the set's hash like `dossier`.
   */
  readonly planApproval?: PlanApprovalPolicy;
}

/**
 * How a policy set approves projects; `both` for a set that does not say.
 *
 * @example
 * projectApprovalMode(VN_LONGAN_LOCAL_2022_V1); // 'both'
 */
export function projectApprovalMode(policy: PolicySet): ProjectApprovalMode {
  return policy.projectApproval ?? 'both';
}

/**
 * The level that approves a plan under a policy set: its `planApproval`, else the provincial
 * People's Committee for local funds and the ministry for national ones.
 *
 * @example
 * planApprovalAuthority(VN_2014_NATIONAL_V2); // 'ministry'
 */
export function planApprovalAuthority(policy: PolicySet): Authority {
  return policy.planApproval?.authority ?? (policy.fundingSource === 'local' ? 'people_committee' : 'ministry');
}
