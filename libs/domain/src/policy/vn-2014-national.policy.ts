import { AMENDMENT_KINDS } from './policy-vocabulary';
import { CRITERION_NAMES, DEFAULT_DEADLINES, DEFAULT_DOSSIER, DEFAULT_ROLES, rule } from './policy-defaults';
import type { CategoryRule, PolicySet } from './policy-set';
import type { CategoryCode } from './policy-vocabulary';

/*
 * National khuyến công funds under the 2012–2014 texts (research §1.9–1.10). Those figures are
 * historical: TT 28/2018/TT-BTC as amended by TT 64/2024/TT-BTC superseded them and its text was
 * not retrieved, so this set is the documented default, not a claim about today's law.
 *
 * Caps marked "policy table" have no single figure in TTLT 26/2014 (training and fairs are costed
 * per norm, product awards per round, cleaner production and e-commerce per estimate). The
 * figures given here are sensible placeholders so every category has a cap; replace them by a new
 * version when the current table is known.
 */

// First advances, TT 36/2013 Đ.13: 70 % with contract and plan for soft content; 70 % once
// progress is above 70 % for demo models, machinery and technology transfer; 30 % once progress
// is above 50 % for pollution and cluster works (cluster linkage is the cluster code here).
const categoriesV1: Record<CategoryCode, CategoryRule> = {
  TRAINING: rule('TRAINING', true, 100, 100_000_000, 70, 0), // policy table
  CAPACITY: rule('CAPACITY', true, 100, 100_000_000, 70, 0), // policy table
  DEMO_MODEL: rule('DEMO_MODEL', true, 30, 500_000_000, 70, 70),
  MACHINERY: rule('MACHINERY', true, 50, 200_000_000, 70, 70),
  TECH_TRANSFER: rule('TECH_TRANSFER', true, 50, 200_000_000, 70, 70),
  CLEANER_PROD: rule('CLEANER_PROD', true, 50, 300_000_000, 70, 70), // policy table
  BRAND: rule('BRAND', true, 50, 35_000_000, 70, 0),
  CONSULTING: rule('CONSULTING', true, 50, 35_000_000, 70, 0),
  FAIR: rule('FAIR', true, 100, 500_000_000, 70, 0), // 100 % for organisers; booth rent (80 %) is a cost line
  PRODUCT_AWARD: rule('PRODUCT_AWARD', true, 100, 200_000_000, 70, 0), // ≤200 m per national round
  ECOMMERCE: rule('ECOMMERCE', true, 50, 100_000_000, 70, 0), // policy table
  CLUSTER_LINKAGE: rule('CLUSTER_LINKAGE', true, 50, 150_000_000, 30, 50),
  POLLUTION: rule('POLLUTION', true, 30, 300_000_000, 30, 50),
  // Not allowed before Decree 235/2025; the figures only matter from version 2 on (policy table).
  DIGITAL: rule('DIGITAL', false, 50, 200_000_000, 70, 0),
  SUSTAINABLE: rule('SUSTAINABLE', false, 50, 200_000_000, 70, 70),
};

// TT 36/2013 Đ.11: the Ministry approves more support, changed content and extensions into the
// next year; the department (Cục) approves location, beneficiary and timing changes within the
// year and changes that keep or lower the support.
const nationalApprovalLevels = Object.freeze(
  Object.fromEntries(
    AMENDMENT_KINDS.map((kind) => [
      kind,
      kind === 'support_increase' || kind === 'content' || kind === 'extension_next_year' ? 'ministry' : 'department',
    ]),
  ),
) as PolicySet['amendments']['approvalLevel'];

/**
 * `vn-2014-national` version 1: Decree 45/2012, TT 36/2013, TTLT 26/2014.
 *
 * @example
 * VN_2014_NATIONAL_V1.categories.DEMO_MODEL.capVnd; // 500_000_000
 */
export const VN_2014_NATIONAL_V1: PolicySet = Object.freeze({
  id: 'vn-2014-national',
  version: 1,
  title: 'Khuyến công quốc gia (NĐ 45/2012, TT 36/2013, TTLT 26/2014)',
  legalBasis: Object.freeze([
    'Nghị định 45/2012/NĐ-CP',
    'Thông tư 46/2012/TT-BCT',
    'Thông tư 36/2013/TT-BCT',
    'Thông tư liên tịch 26/2014/TTLT-BTC-BCT',
  ]),
  // TTLT 26/2014 was signed on 18/02/2014 and took effect 45 days later.
  effectiveFrom: '2014-04-04',
  fundingSource: 'national',
  beneficiaryKinds: Object.freeze(['enterprise', 'cooperative', 'cooperative_group', 'household_business'] as const),
  categories: Object.freeze(categoriesV1),
  advanceCeilingPercentBeforeAcceptance: 70,
  appraisal: Object.freeze({
    // The law gives the criteria but no weights (research §1.5), so they weigh the same.
    criteria: Object.freeze(
      (['fit', 'necessity', 'cost', 'capacity', 'dossier'] as const).map((code) => ({
        code,
        weight: 1,
        ...CRITERION_NAMES[code],
      })),
    ),
    minScore: 0,
    maxScore: 10,
    quorum: 3,
    passMark: 5,
    levels: Object.freeze(['base', 'ministry']),
  }),
  deadlines: DEFAULT_DEADLINES,
  roles: DEFAULT_ROLES,
  amendments: Object.freeze({ approvalLevel: nationalApprovalLevels }),
  dossier: DEFAULT_DOSSIER,
  projectApproval: 'both',
  planApproval: Object.freeze({ authority: 'ministry' }),
});

/**
 * `vn-2014-national` version 2: Decree 235/2025 (effective 15/10/2025) adds digital
 * transformation and sustainable production; everything else as version 1.
 *
 * @example
 * VN_2014_NATIONAL_V2.categories.DIGITAL.allowed; // true
 */
export const VN_2014_NATIONAL_V2: PolicySet = Object.freeze({
  ...VN_2014_NATIONAL_V1,
  version: 2,
  title: 'Khuyến công quốc gia (NĐ 45/2012 sửa đổi bởi NĐ 235/2025)',
  legalBasis: Object.freeze([...VN_2014_NATIONAL_V1.legalBasis, 'Nghị định 235/2025/NĐ-CP']),
  effectiveFrom: '2025-10-15',
  categories: Object.freeze({
    ...categoriesV1,
    DIGITAL: { ...categoriesV1.DIGITAL, allowed: true },
    SUSTAINABLE: { ...categoriesV1.SUSTAINABLE, allowed: true },
  }),
});
