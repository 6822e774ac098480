import type { ProgrammeCommandType } from '../programme/programme.commands';
import type { ProjectCommandType } from '../project/project.commands';
import type { Role } from '../shared';
import type {
  AppraisalCriterionRule,
  CategoryRule,
  DeadlinePolicy,
  DocumentCommandType,
  DossierPolicy,
  DossierRule,
  FigureProvenance,
  PolicySet,
  PolicySources,
} from './policy-set';
import { type AmendmentKind, CATEGORY_CODES, type CategoryCode, type DocumentKind } from './policy-vocabulary';

/*
 * Building blocks the shipped policy sets share. They are frozen so a policy set cannot be
 * changed in place: a change is a new version.
 */

/** The role table of API.md's Projects and Programmes tables (without the later document commands). */
export const DEFAULT_ROLES: Readonly<Record<Exclude<ProjectCommandType, DocumentCommandType> | ProgrammeCommandType, readonly Role[]>> =
  Object.freeze({
    CreateProgramme: ['admin'],
    AdjustProgrammeBudget: ['admin'],
    CreateProjectDraft: ['officer', 'collaborator'],
    UpdateProjectDraft: ['officer', 'collaborator'],
    SubmitProposal: ['officer'],
    RequestInformation: ['officer'],
    ProvideInformation: ['officer'],
    WithdrawProposal: ['officer'],
    OpenAppraisal: ['officer'],
    DeclareConflict: ['appraiser'],
    ScoreProposal: ['appraiser'],
    ConcludeAppraisal: ['approver'],
    ApproveFunding: ['approver'],
    RejectFunding: ['approver'],
    SignContract: ['officer'],
    StartImplementation: ['officer'],
    ReportProgress: ['officer'],
    RequestTranche: ['officer'],
    ApproveTranche: ['accountant'],
    RejectTranche: ['accountant'],
    ConfirmPayment: ['finance-system'],
    FailPayment: ['finance-system'],
    RequestAmendment: ['officer'],
    DecideAmendment: ['approver'],
    SuspendProject: ['approver'],
    ResumeProject: ['approver'],
    TerminateProject: ['approver'],
    DeclareCompletion: ['officer'],
    RecordAcceptance: ['officer'],
    SubmitSettlement: ['officer'],
    ApproveSettlement: ['approver'],
    RecordRefund: ['accountant'],
    RecordOutcome: ['officer'],
    CloseProject: ['officer'],
  });

/**
 * Approval levels of amendment kinds added after policy versions were recorded, for a set that
 * does not name them (naming them would change the hash its recorded decisions pin). A change of
 * partner keeps the support, so the department approves it, like a change of location.
 */
export const DEFAULT_AMENDMENT_LEVELS: Readonly<Partial<Record<AmendmentKind, string>>> = Object.freeze({ partner: 'department' });

/** The deadline defaults of DOMAIN.md "Deadlines the engine schedules". */
export const DEFAULT_DEADLINES: DeadlinePolicy = Object.freeze({
  infoReplyBusinessDays: 10,
  scoringBusinessDays: 15,
  contractSignatureDays: 30,
  progressReportDayOfMonth: 25,
  progressNoticeDaysAhead: 3,
  plannedEndNoticeDays: 30,
  acceptanceBusinessDays: 15,
  settlementDossierDays: 15,
  settlementHardStop: Object.freeze({ month: 1, day: 22 }),
  refundDays: 30,
  postEvaluationMonths: Object.freeze([6, 12]),
});

/** Legal documents as the shipped sets' `legalBasis` names them (a source must cite one of them). */
export const DOCUMENTS = Object.freeze({
  ND45: 'Nghị định 45/2012/NĐ-CP',
  ND235: 'Nghị định 235/2025/NĐ-CP',
  TT46: 'Thông tư 46/2012/TT-BCT',
  TT20: 'Thông tư 20/2017/TT-BCT',
  TT36: 'Thông tư 36/2013/TT-BCT',
  TTLT26: 'Thông tư liên tịch 26/2014/TTLT-BTC-BCT',
  TT28: 'Thông tư 28/2018/TT-BTC',
  TT64: 'Thông tư 64/2024/TT-BTC',
});

/**
 * A figure no retrieved text gives: a placeholder or an engine default.
 *
 * @example
 * sample('An engine default.'); // { sample: true, note: 'An engine default.' }
 */
export function sample(note: string): FigureProvenance {
  return Object.freeze({ sample: true, note });
}

/**
 * A figure read from an article of a legal document.
 *
 * @example
 * cite(DOCUMENTS.TT36, 'Đ.13'); // { source: { document: 'Thông tư 36/2013/TT-BCT', article: 'Đ.13' } }
 */
export function cite(document: string, article: string, note?: string): FigureProvenance {
  return Object.freeze({ source: Object.freeze({ document, article }), ...(note ? { note } : {}) });
}

/**
 * Provenance of the national sets' appraisal numbers and deadlines: TT 36/2013 gives the monthly
 * report day (Đ.23) and the settlement dossier and hard stop (Đ.18); the rest are the engine's
 * defaults (DOMAIN.md), since TT 36/2013 Đ.9 lists the criteria without weights, scale, quorum or
 * pass mark.
 */
export const NATIONAL_PROCEDURE_SOURCES: PolicySources = Object.freeze({
  appraisal: sample('TT 36/2013 Đ.9 lists the criteria but no score scale, weights, quorum or pass mark: engine defaults.'),
  deadlines: sample('No retrieved text gives this period: an engine default (DOMAIN.md "Deadlines the engine schedules").'),
  'deadlines.progressReportDayOfMonth': cite(DOCUMENTS.TT36, 'Đ.23'),
  'deadlines.settlementDossierDays': cite(DOCUMENTS.TT36, 'Đ.18'),
  'deadlines.settlementHardStop': cite(DOCUMENTS.TT36, 'Đ.18'),
});

/** Names of the five criteria of TT 36/2013 Đ.9; weights are set per policy set. */
export const CRITERION_NAMES: Readonly<Record<AppraisalCriterionRule['code'], { nameVi: string; nameEn: string }>> =
  Object.freeze({
    fit: {
      nameVi: 'Phù hợp với nguyên tắc, chương trình, nội dung và ngành nghề được hỗ trợ',
      nameEn: 'Fit with the programme, allowed content and sectors',
    },
    necessity: { nameVi: 'Mục tiêu, sự cần thiết và hiệu quả', nameEn: 'Objectives, necessity and effect' },
    cost: { nameVi: 'Kinh phí và nguồn lực hợp lý', nameEn: 'Reasonable cost and resources' },
    capacity: {
      nameVi: 'Năng lực của đơn vị thực hiện và đơn vị thụ hưởng',
      nameEn: 'Capacity of the implementer and the beneficiary',
    },
    dossier: { nameVi: 'Hồ sơ đầy đủ', nameEn: 'Complete dossier' },
  });

/** Vietnamese and English names of each category. */
export const CATEGORY_NAMES: Readonly<Record<CategoryCode, { nameVi: string; nameEn: string }>> = Object.freeze({
  TRAINING: { nameVi: 'Đào tạo nghề, truyền nghề', nameEn: 'Vocational training and craft transfer' },
  CAPACITY: {
    nameVi: 'Nâng cao năng lực quản lý, khởi sự doanh nghiệp',
    nameEn: 'Management capacity and business start-up',
  },
  DEMO_MODEL: { nameVi: 'Mô hình trình diễn kỹ thuật', nameEn: 'Technical demonstration model' },
  MACHINERY: { nameVi: 'Ứng dụng máy móc thiết bị tiên tiến', nameEn: 'Advanced machinery and equipment' },
  TECH_TRANSFER: { nameVi: 'Chuyển giao công nghệ', nameEn: 'Technology transfer' },
  CLEANER_PROD: { nameVi: 'Sản xuất sạch hơn', nameEn: 'Cleaner production' },
  BRAND: { nameVi: 'Xây dựng thương hiệu', nameEn: 'Brand building' },
  CONSULTING: { nameVi: 'Tư vấn', nameEn: 'Consulting' },
  FAIR: { nameVi: 'Hội chợ, triển lãm', nameEn: 'Fairs and exhibitions' },
  PRODUCT_AWARD: {
    nameVi: 'Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu',
    nameEn: 'Typical rural-industry product award',
  },
  ECOMMERCE: { nameVi: 'Phòng trưng bày, thương mại điện tử', nameEn: 'Showrooms and e-commerce' },
  CLUSTER_LINKAGE: { nameVi: 'Liên kết doanh nghiệp, cụm liên kết', nameEn: 'Business linkage clusters' },
  POLLUTION: { nameVi: 'Xử lý ô nhiễm môi trường', nameEn: 'Pollution treatment' },
  DIGITAL: { nameVi: 'Chuyển đổi số', nameEn: 'Digital transformation' },
  SUSTAINABLE: { nameVi: 'Sản xuất và tiêu dùng bền vững', nameEn: 'Sustainable production and consumption' },
});

/**
 * Builds a category rule with its names.
 *
 * @example
 * rule('MACHINERY', true, 50, 200_000_000, 70, 70);
 */
export function rule(
  code: CategoryCode,
  allowed: boolean,
  capPercent: number,
  capVnd: number,
  firstAdvanceMaxPercent: number,
  firstAdvanceMinProgressPercent: number,
): CategoryRule {
  return Object.freeze({
    allowed,
    capPercent,
    capVnd,
    firstAdvance: Object.freeze({
      maxPercent: firstAdvanceMaxPercent,
      minProgressPercent: firstAdvanceMinProgressPercent,
    }),
    ...CATEGORY_NAMES[code],
  });
}

// Categories whose support buys equipment or works, so the proposal needs quotations.
const EQUIPMENT_CATEGORIES: readonly CategoryCode[] = [
  'DEMO_MODEL',
  'MACHINERY',
  'TECH_TRANSFER',
  'CLEANER_PROD',
  'POLLUTION',
  'DIGITAL',
  'SUSTAINABLE',
];

// Categories the centre itself runs (courses, fairs, awards, advice): no establishment registers.
const CENTRE_RUN_CATEGORIES: readonly CategoryCode[] = ['TRAINING', 'CAPACITY', 'FAIR', 'PRODUCT_AWARD', 'CONSULTING'];

function dossierRule(code: CategoryCode): DossierRule {
  const submit: DocumentKind[] = ['proposal_form'];
  if (!CENTRE_RUN_CATEGORIES.includes(code)) submit.push('business_registration');
  if (EQUIPMENT_CATEGORIES.includes(code)) submit.push('quotation');
  return Object.freeze({
    submit: Object.freeze(submit),
    // The minutes are the panel's record: the conclusion and the decision both rest on them. The
    // approval decision itself is produced by the approval, so it is never required before it.
    appraisal: Object.freeze(['appraisal_minutes'] as const),
    approval: Object.freeze(['appraisal_minutes'] as const),
    trancheRequest: Object.freeze(['contract'] as const),
    acceptance: Object.freeze(['progress_photo', 'invoice'] as const),
    settlement: Object.freeze(['acceptance_minutes', 'invoice', 'settlement_dossier'] as const),
  });
}

/**
 * Who keeps the dossier, and the document kinds each step needs, per category (TT 36/2013 Đ.8–Đ.13 as the centre applies
 * it): the proposal form always, the business registration for an establishment's project,
 * quotations where support buys equipment; the appraisal minutes before the conclusion and the
 * approval; the contract before a tranche; photos and invoices before acceptance; the acceptance
 * minutes, invoices and the settlement dossier before settlement.
 */
export const DEFAULT_DOSSIER: DossierPolicy = Object.freeze({
  // Whoever works on a project's paper trail may attach a file or record a paper item; only the
  // officer (who keeps the dossier) and the admin may supersede one.
  roles: Object.freeze<DossierPolicy['roles']>({
    AttachDocument: ['officer', 'appraiser', 'approver', 'accountant'],
    RecordPaperDocument: ['officer', 'appraiser', 'approver', 'accountant'],
    SupersedeDocument: ['officer', 'admin'],
  }),
  categories: Object.freeze(
    Object.fromEntries(CATEGORY_CODES.map((code) => [code, dossierRule(code)])) as Record<CategoryCode, DossierRule>,
  ),
});

/**
 * The level that approves an amendment of a kind under a policy set: the level the set names,
 * else the default of a kind added after the set was recorded (`partner`: the department).
 *
 * @example
 * amendmentApprovalLevel(VN_LONGAN_LOCAL_2022_V1, 'partner'); // 'department'
 */
export function amendmentApprovalLevel(policy: PolicySet, kind: AmendmentKind): string | undefined {
  return policy.amendments.approvalLevel[kind] ?? DEFAULT_AMENDMENT_LEVELS[kind];
}
