import { RECORDED_AMENDMENT_KINDS } from './policy-vocabulary';
import { CRITERION_NAMES, DEFAULT_DEADLINES, DEFAULT_DOSSIER, DEFAULT_ROLES, rule, sample } from './policy-defaults';
import type { PolicySet } from './policy-set';

/*
 * A sample local policy set for Long An (province code 80). The province's own council resolution
 * on khuyến công spending was not retrieved, so the figures are illustrative: they show how a
 * local set differs (higher machinery and brand caps, one appraisal level, a stricter pass mark)
 * and must be replaced by the resolution's figures before real use.
 */

// The Sở Công Thương (department) approves changes that keep or lower the support; the provincial
// People's Committee approves more support, changed content and extensions into the next year.
const localApprovalLevels = Object.freeze(
  Object.fromEntries(
    RECORDED_AMENDMENT_KINDS.map((kind) => [
      kind,
      kind === 'support_increase' || kind === 'content' || kind === 'extension_next_year'
        ? 'people_committee'
        : 'department',
    ]),
  ),
) as PolicySet['amendments']['approvalLevel'];

const ILLUSTRATIVE = sample("Illustrative: the province's council resolution on khuyến công spending was not retrieved.");

/**
 * `vn-longan-local-2022` version 1: local khuyến công funds of Long An (sample figures).
 *
 * @example
 * VN_LONGAN_LOCAL_2022_V1.categories.MACHINERY.capVnd; // 300_000_000
 */
export const VN_LONGAN_LOCAL_2022_V1: PolicySet = Object.freeze({
  id: 'vn-longan-local-2022',
  version: 1,
  title: 'Khuyến công địa phương tỉnh Long An (mẫu)',
  legalBasis: Object.freeze([
    'Nghị định 45/2012/NĐ-CP',
    'Thông tư 28/2018/TT-BTC',
    'Nghị quyết của HĐND tỉnh Long An về nội dung và mức chi khuyến công địa phương (số liệu mẫu)',
  ]),
  effectiveFrom: '2022-01-01',
  fundingSource: 'local',
  province: '80',
  beneficiaryKinds: Object.freeze(['enterprise', 'cooperative', 'cooperative_group', 'household_business'] as const),
  categories: Object.freeze({
    TRAINING: rule('TRAINING', true, 100, 80_000_000, 70, 0),
    CAPACITY: rule('CAPACITY', true, 100, 50_000_000, 70, 0),
    DEMO_MODEL: rule('DEMO_MODEL', true, 50, 300_000_000, 70, 70),
    MACHINERY: rule('MACHINERY', true, 50, 300_000_000, 70, 70),
    TECH_TRANSFER: rule('TECH_TRANSFER', true, 50, 300_000_000, 70, 70),
    CLEANER_PROD: rule('CLEANER_PROD', true, 50, 200_000_000, 70, 70),
    BRAND: rule('BRAND', true, 50, 50_000_000, 70, 0),
    CONSULTING: rule('CONSULTING', true, 50, 50_000_000, 70, 0),
    FAIR: rule('FAIR', true, 100, 300_000_000, 70, 0),
    PRODUCT_AWARD: rule('PRODUCT_AWARD', true, 100, 100_000_000, 70, 0),
    ECOMMERCE: rule('ECOMMERCE', true, 50, 100_000_000, 70, 0),
    CLUSTER_LINKAGE: rule('CLUSTER_LINKAGE', true, 50, 150_000_000, 30, 50),
    POLLUTION: rule('POLLUTION', true, 30, 300_000_000, 30, 50),
    DIGITAL: rule('DIGITAL', false, 50, 200_000_000, 70, 0),
    SUSTAINABLE: rule('SUSTAINABLE', false, 50, 200_000_000, 70, 70),
  }),
  advanceCeilingPercentBeforeAcceptance: 70,
  appraisal: Object.freeze({
    criteria: Object.freeze([
      { code: 'fit', weight: 25, ...CRITERION_NAMES.fit },
      { code: 'necessity', weight: 25, ...CRITERION_NAMES.necessity },
      { code: 'cost', weight: 20, ...CRITERION_NAMES.cost },
      { code: 'capacity', weight: 20, ...CRITERION_NAMES.capacity },
      { code: 'dossier', weight: 10, ...CRITERION_NAMES.dossier },
    ] as const),
    minScore: 0,
    maxScore: 10,
    quorum: 3,
    passMark: 6,
    levels: Object.freeze(['province']),
  }),
  deadlines: DEFAULT_DEADLINES,
  roles: DEFAULT_ROLES,
  amendments: Object.freeze({ approvalLevel: localApprovalLevels }),
  dossier: DEFAULT_DOSSIER,
  // Every figure is a sample until the council resolution's figures replace it in a new version.
  sources: Object.freeze({
    categories: ILLUSTRATIVE,
    advanceCeilingPercentBeforeAcceptance: ILLUSTRATIVE,
    appraisal: ILLUSTRATIVE,
    deadlines: ILLUSTRATIVE,
  }),
  projectApproval: 'both',
  planApproval: Object.freeze({ authority: 'people_committee' }),
});
