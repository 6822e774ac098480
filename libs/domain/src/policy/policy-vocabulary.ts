/*
 * The closed vocabularies that commands, events and policy sets share. This file imports nothing,
 * so commands can use these names without depending on the policy set type (which itself names
 * the commands).
 */

/** Content categories (nội dung khuyến công) of DOMAIN.md. */
export const CATEGORY_CODES = [
  'TRAINING',
  'CAPACITY',
  'DEMO_MODEL',
  'MACHINERY',
  'TECH_TRANSFER',
  'CLEANER_PROD',
  'BRAND',
  'CONSULTING',
  'FAIR',
  'PRODUCT_AWARD',
  'ECOMMERCE',
  'CLUSTER_LINKAGE',
  'POLLUTION',
  'DIGITAL',
  'SUSTAINABLE',
] as const;

/** One content category code, e.g. `MACHINERY`. */
export type CategoryCode = (typeof CATEGORY_CODES)[number];

/**
 * True when `value` names a known category.
 *
 * @example
 * isCategoryCode('MACHINERY'); // true
 */
export function isCategoryCode(value: unknown): value is CategoryCode {
  return typeof value === 'string' && (CATEGORY_CODES as readonly string[]).includes(value);
}

/** Kinds of rural industrial establishment (cơ sở công nghiệp nông thôn). */
export const BENEFICIARY_KINDS = ['enterprise', 'cooperative', 'cooperative_group', 'household_business'] as const;

/** One beneficiary kind; `household_business` is a natural person and is never published as such. */
export type BeneficiaryKind = (typeof BENEFICIARY_KINDS)[number];

/**
 * True when `value` names a known beneficiary kind.
 *
 * @example
 * isBeneficiaryKind('cooperative'); // true
 */
export function isBeneficiaryKind(value: unknown): value is BeneficiaryKind {
  return typeof value === 'string' && (BENEFICIARY_KINDS as readonly string[]).includes(value);
}

/** Where a programme's money comes from. */
export const FUNDING_SOURCES = ['national', 'local'] as const;

/** `national` (khuyến công quốc gia) or `local` (khuyến công địa phương). */
export type FundingSource = (typeof FUNDING_SOURCES)[number];

/**
 * Amendment kinds (TT 36/2013 Đ.11): the kind and its money effect decide who approves.
 * `partner` (the units the project works with) came after the first policy versions were
 * recorded; a set that does not name its level uses `DEFAULT_AMENDMENT_LEVELS`.
 */
export const AMENDMENT_KINDS = [
  'schedule',
  'location',
  'beneficiary',
  'content',
  'support_increase',
  'support_decrease',
  'extension_next_year',
  'partner',
] as const;

/** One amendment kind. */
export type AmendmentKind = (typeof AMENDMENT_KINDS)[number];

/** The amendment kinds every shipped policy version names (those of its first versions). */
export type RecordedAmendmentKind = Exclude<AmendmentKind, 'partner'>;

/** The kinds of {@link RecordedAmendmentKind}, in order. */
export const RECORDED_AMENDMENT_KINDS = AMENDMENT_KINDS.filter((kind): kind is RecordedAmendmentKind => kind !== 'partner');

/**
 * True when `value` names a known amendment kind.
 *
 * @example
 * isAmendmentKind('schedule'); // true
 */
export function isAmendmentKind(value: unknown): value is AmendmentKind {
  return typeof value === 'string' && (AMENDMENT_KINDS as readonly string[]).includes(value);
}

/** The appraisal criteria of TT 36/2013 Đ.9, used as rubric codes. */
export const APPRAISAL_CRITERIA = ['fit', 'necessity', 'cost', 'capacity', 'dossier'] as const;

/** One appraisal criterion code. */
export type AppraisalCriterion = (typeof APPRAISAL_CRITERIA)[number];

/** Tranche kinds of a contract's payment schedule. */
export const TRANCHE_KINDS = ['advance', 'payment', 'final'] as const;

/** `advance` (tạm ứng), `payment` (thanh toán), `final` (the remainder after acceptance). */
export type TrancheKind = (typeof TRANCHE_KINDS)[number];

/** The kinds of document a project's dossier (hồ sơ, TT 36/2013) holds, with their names. */
export const DOCUMENT_KINDS = [
  { code: 'proposal_form', nameVi: 'Hồ sơ đề án', nameEn: 'Proposal form', personal: false },
  { code: 'business_registration', nameVi: 'Giấy chứng nhận đăng ký kinh doanh', nameEn: 'Business registration certificate', personal: false },
  { code: 'quotation', nameVi: 'Báo giá thiết bị', nameEn: 'Equipment quotation', personal: false },
  { code: 'appraisal_minutes', nameVi: 'Biên bản thẩm định', nameEn: 'Appraisal minutes', personal: false },
  { code: 'approval_decision', nameVi: 'Quyết định phê duyệt', nameEn: 'Approval decision', personal: false },
  { code: 'contract', nameVi: 'Hợp đồng', nameEn: 'Contract', personal: false },
  { code: 'progress_photo', nameVi: 'Ảnh tiến độ', nameEn: 'Progress photo', personal: false },
  { code: 'invoice', nameVi: 'Hóa đơn', nameEn: 'Invoice', personal: false },
  { code: 'acceptance_minutes', nameVi: 'Biên bản nghiệm thu', nameEn: 'Acceptance minutes', personal: false },
  { code: 'settlement_dossier', nameVi: 'Hồ sơ quyết toán', nameEn: 'Settlement dossier', personal: false },
  { code: 'id_card', nameVi: 'Căn cước công dân', nameEn: 'Citizen identity card', personal: true },
  { code: 'other', nameVi: 'Tài liệu khác', nameEn: 'Other document', personal: false },
] as const;

/** One document kind code, e.g. `quotation`; `personal` kinds hold personal data. */
export type DocumentKind = (typeof DOCUMENT_KINDS)[number]['code'];

/** The codes of {@link DOCUMENT_KINDS}, in order. */
export const DOCUMENT_KIND_CODES: readonly DocumentKind[] = DOCUMENT_KINDS.map((k) => k.code);

/**
 * True when `value` names a known document kind.
 *
 * @example
 * isDocumentKind('invoice'); // true
 */
export function isDocumentKind(value: unknown): value is DocumentKind {
  return typeof value === 'string' && (DOCUMENT_KIND_CODES as readonly string[]).includes(value);
}

/** The lifecycle steps a dossier is checked before (the appraisal step is its conclusion). */
export const DOSSIER_STEPS = ['submit', 'appraisal', 'approval', 'trancheRequest', 'acceptance', 'settlement'] as const;

/** One dossier step. */
export type DossierStep = (typeof DOSSIER_STEPS)[number];

/** `enforce` refuses a step whose required kinds are missing; `warn` lets it through and shows the gap. */
export type DossierMode = 'enforce' | 'warn';

/** The dossier modes a programme may choose. */
export const DOSSIER_MODES = ['enforce', 'warn'] as const satisfies readonly DossierMode[];
