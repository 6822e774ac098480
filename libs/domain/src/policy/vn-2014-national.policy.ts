import { RECORDED_AMENDMENT_KINDS } from './policy-vocabulary';
import {
  cite,
  CRITERION_NAMES,
  DEFAULT_DEADLINES,
  DEFAULT_DOSSIER,
  DEFAULT_ROLES,
  DOCUMENTS,
  NATIONAL_PROCEDURE_SOURCES,
  rule,
  sample,
} from './policy-defaults';
import type { CategoryRule, FigureProvenance, PolicySet, PolicySources } from './policy-set';
import { CATEGORY_CODES, type CategoryCode } from './policy-vocabulary';

/*
 * National khuyến công funds under the 2012–2014 texts (research §1.9–1.10). Those figures are
 * historical: TT 28/2018/TT-BTC as amended by TT 64/2024/TT-BTC superseded them and its text was
 * not retrieved, so this set is the documented default, not a claim about today's law.
 *
 * Caps marked "policy table" have no single figure in TTLT 26/2014 (training and fairs are costed
 * per norm, product awards per round, cleaner production and e-commerce per estimate). The
 * figures given here are sensible placeholders so every category has a cap; replace them by a new
 * version when the current table is known. Each set's `sources` says which figure is which.
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
    RECORDED_AMENDMENT_KINDS.map((kind) => [
      kind,
      kind === 'support_increase' || kind === 'content' || kind === 'extension_next_year' ? 'ministry' : 'department',
    ]),
  ),
) as PolicySet['amendments']['approvalLevel'];

// The caps TTLT 26/2014 Đ.6 gives (research §1.10): both figures of these categories, the
// organiser's 100 % of a fair and the 200 m of a national product-award round.
const TTLT_CAPS: readonly string[] = [
  ...(['DEMO_MODEL', 'MACHINERY', 'TECH_TRANSFER', 'BRAND', 'CONSULTING', 'CLUSTER_LINKAGE', 'POLLUTION'] as const).flatMap((c) => [
    `categories.${c}.capPercent`,
    `categories.${c}.capVnd`,
  ]),
  'categories.FAIR.capPercent',
  'categories.PRODUCT_AWARD.capVnd',
];

// Categories whose first advance TT 36/2013 Đ.13 does not cover: added in 2025.
const NEW_2025_CATEGORIES: readonly CategoryCode[] = ['DIGITAL', 'SUSTAINABLE'];

const PLACEHOLDER = sample('TTLT 26/2014 gives no single figure for this content (costed per norm or per estimate): a placeholder.');

function firstAdvanceSources(except: readonly CategoryCode[]): Record<string, FigureProvenance> {
  return Object.fromEntries(
    CATEGORY_CODES.filter((c) => !except.includes(c)).map((c) => [`categories.${c}.firstAdvance`, cite(DOCUMENTS.TT36, 'Đ.13')]),
  );
}

// Version 1 read the cluster-works rule of Đ.13 (30 % after 50 % progress) onto linkage clusters.
const sourcesV1: PolicySources = Object.freeze({
  categories: PLACEHOLDER,
  ...Object.fromEntries(TTLT_CAPS.map((path) => [path, cite(DOCUMENTS.TTLT26, 'Đ.6')])),
  ...firstAdvanceSources([...NEW_2025_CATEGORIES, 'CLUSTER_LINKAGE']),
  'categories.CLUSTER_LINKAGE.firstAdvance': sample(
    'TT 36/2013 Đ.13 sets 30 % after 50 % progress for cluster infrastructure and pollution works, not for linkage clusters; version 3 corrects it.',
  ),
  'categories.DIGITAL.firstAdvance': sample('Added in 2025; TT 36/2013 Đ.13 does not name this content.'),
  'categories.SUSTAINABLE.firstAdvance': sample('Added in 2025; TT 36/2013 Đ.13 does not name this content.'),
  advanceCeilingPercentBeforeAcceptance: cite(DOCUMENTS.TTLT26, 'Đ.8.2b'),
  ...NATIONAL_PROCEDURE_SOURCES,
});

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
  sources: sourcesV1,
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

// Version 3's basis is the current finance circular, whose table was not retrieved: every cap
// taken from TTLT 26/2014 is a sample there, named with its historical article.
const SUPERSEDED_CAP = sample(
  'Historical TTLT 26/2014 Đ.6 figure: TT 28/2018/TT-BTC (amended by TT 64/2024/TT-BTC) replaced it and its figure was not retrieved.',
);

const sourcesV3: PolicySources = Object.freeze({
  categories: PLACEHOLDER,
  ...Object.fromEntries(TTLT_CAPS.map((path) => [path, SUPERSEDED_CAP])),
  'categories.CAPACITY.capVnd': sample(
    'Historical TTLT 26/2014 Đ.6 figure (start-up support ≤ 10 m VND per establishment): TT 28/2018/TT-BTC (amended by TT 64/2024/TT-BTC) replaced it and its figure was not retrieved.',
  ),
  ...firstAdvanceSources(NEW_2025_CATEGORIES),
  'categories.DIGITAL.firstAdvance': sample('Added by Decree 235/2025; TT 36/2013 Đ.13 does not name this content.'),
  'categories.SUSTAINABLE.firstAdvance': sample('Added by Decree 235/2025; TT 36/2013 Đ.13 does not name this content.'),
  advanceCeilingPercentBeforeAcceptance: sample(
    'Historical TTLT 26/2014 Đ.8.2b figure: TT 28/2018/TT-BTC (amended by TT 64/2024/TT-BTC) replaced it and its figure was not retrieved.',
  ),
  ...NATIONAL_PROCEDURE_SOURCES,
});

/**
 * `vn-2014-national` version 3: version 2 on the current basis (Decree 45/2012 as amended by
 * Decree 235/2025, TT 28/2018/TT-BTC as amended by TT 64/2024/TT-BTC), with two figures
 * corrected: management capacity and start-up support is capped at 10 m VND (research §1.10),
 * and linkage clusters take the 70 % first advance of soft content with contract and plan (the
 * 30 % after 50 % rule of TT 36/2013 Đ.13 is for cluster and pollution works). Every figure names
 * its source or is marked sample.
 *
 * @example
 * VN_2014_NATIONAL_V3.categories.CAPACITY.capVnd; // 10_000_000
 */
export const VN_2014_NATIONAL_V3: PolicySet = Object.freeze({
  ...VN_2014_NATIONAL_V2,
  version: 3,
  title: 'Khuyến công quốc gia (NĐ 45/2012 sửa đổi bởi NĐ 235/2025; TT 28/2018 sửa đổi bởi TT 64/2024)',
  legalBasis: Object.freeze([
    DOCUMENTS.ND45,
    DOCUMENTS.ND235,
    DOCUMENTS.TT46,
    DOCUMENTS.TT20,
    DOCUMENTS.TT36,
    DOCUMENTS.TT28,
    DOCUMENTS.TT64,
  ]),
  categories: Object.freeze({
    ...VN_2014_NATIONAL_V2.categories,
    CAPACITY: rule('CAPACITY', true, 100, 10_000_000, 70, 0),
    CLUSTER_LINKAGE: rule('CLUSTER_LINKAGE', true, 50, 150_000_000, 70, 0),
  }),
  // Version 3 names the level of a partner change (older versions take it from the defaults).
  amendments: Object.freeze({ approvalLevel: Object.freeze({ ...nationalApprovalLevels, partner: 'department' }) }),
  sources: sourcesV3,
});
