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

/** Amendment kinds (TT 36/2013 Đ.11): the kind and its money effect decide who approves. */
export const AMENDMENT_KINDS = [
  'schedule',
  'location',
  'beneficiary',
  'content',
  'support_increase',
  'support_decrease',
  'extension_next_year',
] as const;

/** One amendment kind. */
export type AmendmentKind = (typeof AMENDMENT_KINDS)[number];

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
