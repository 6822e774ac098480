import { isAuthority, percentOf, type Vnd } from '../shared';
import { PROGRAMME_COMMAND_TYPES } from '../programme/programme.commands';
import { PROJECT_COMMAND_TYPES } from '../project/project.commands';
import { rolesFor } from './authorization';
import { amendmentApprovalLevel } from './policy-defaults';
import { DOCUMENT_COMMAND_TYPES, type PolicySet, PROJECT_APPROVAL_MODES } from './policy-set';
import {
  AMENDMENT_KINDS,
  APPRAISAL_CRITERIA,
  CATEGORY_CODES,
  type CategoryCode,
  DOSSIER_STEPS,
  isDocumentKind,
} from './policy-vocabulary';
import { provenanceProblems } from './policy-provenance';
import { VN_2014_NATIONAL_V1, VN_2014_NATIONAL_V2, VN_2014_NATIONAL_V3 } from './vn-2014-national.policy';
import { VN_LONGAN_LOCAL_2022_V1 } from './vn-longan-local-2022.policy';

/**
 * The built-in policy sets, every version of each.
 *
 * @example
 * POLICY_SETS.map((p) => `${p.id}@${p.version}`); // ['vn-2014-national@1', …@2, …@3, 'vn-longan-local-2022@1']
 */
export const POLICY_SETS: readonly PolicySet[] = Object.freeze([
  VN_2014_NATIONAL_V1,
  VN_2014_NATIONAL_V2,
  VN_2014_NATIONAL_V3,
  VN_LONGAN_LOCAL_2022_V1,
]);

/**
 * A policy set by id and version; the latest version when `version` is omitted; `undefined` when
 * unknown. `sets` defaults to the built-in ones.
 *
 * @example
 * findPolicy('vn-2014-national')?.version; // 3
 * findPolicy('vn-2014-national', 1)?.categories.DIGITAL.allowed; // false
 */
export function findPolicy(
  id: string,
  version?: number,
  sets: readonly PolicySet[] = POLICY_SETS,
): PolicySet | undefined {
  let found: PolicySet | undefined;
  for (const policy of sets) {
    if (policy.id !== id) continue;
    if (version !== undefined) {
      if (policy.version === version) return policy;
    } else if (found === undefined || policy.version > found.version) {
      found = policy;
    }
  }
  return found;
}

/**
 * The versions of a policy set, ascending (empty when unknown).
 *
 * @example
 * policyVersions('vn-2014-national'); // [1, 2, 3]
 */
export function policyVersions(id: string, sets: readonly PolicySet[] = POLICY_SETS): number[] {
  return sets
    .filter((p) => p.id === id)
    .map((p) => p.version)
    .sort((a, b) => a - b);
}

/** The figures behind a category's cap, for decisions and for error details. */
export interface CategoryCapFigures {
  readonly capPercent?: number;
  readonly capVnd?: Vnd;
  /** The support the category allows for this cost. */
  readonly maxVnd: Vnd;
}

/**
 * The cap figures of a category for a total cost: the smaller of the percentage of the cost and
 * the absolute cap, and never more than the cost itself.
 *
 * @example
 * categoryCapFigures(policy, 'MACHINERY', 600_000_000); // { capPercent: 50, capVnd: 200_000_000, maxVnd: 200_000_000 }
 */
export function categoryCapFigures(policy: PolicySet, category: CategoryCode, totalCostVnd: Vnd): CategoryCapFigures {
  const rule = policy.categories[category];
  let maxVnd = totalCostVnd;
  if (rule.capPercent !== undefined) maxVnd = Math.min(maxVnd, percentOf(totalCostVnd, rule.capPercent));
  if (rule.capVnd !== undefined) maxVnd = Math.min(maxVnd, rule.capVnd);
  return { capPercent: rule.capPercent, capVnd: rule.capVnd, maxVnd };
}

/**
 * The maximum support in VND for a category and a total cost (min of percent-of-cost and the
 * absolute cap).
 *
 * @example
 * categoryCap(VN_2014_NATIONAL_V1, 'BRAND', 50_000_000); // 25_000_000
 */
export function categoryCap(policy: PolicySet, category: CategoryCode, totalCostVnd: Vnd): Vnd {
  return categoryCapFigures(policy, category, totalCostVnd).maxVnd;
}

/**
 * What is wrong with a policy set, as readable sentences; empty when it is usable. Run it on any
 * policy set before it is offered to programmes, since deciders trust the figures.
 *
 * @example
 * policyProblems(VN_2014_NATIONAL_V1); // []
 */
export function policyProblems(policy: PolicySet): string[] {
  const problems: string[] = [];
  const percent = (n: number) => Number.isFinite(n) && n >= 0 && n <= 100;
  if (!Number.isInteger(policy.version) || policy.version < 1) problems.push('version must be a positive integer');
  if (policy.fundingSource === 'local' && !policy.province) problems.push('a local policy set needs a province');
  if (policy.beneficiaryKinds.length === 0) problems.push('no beneficiary kind is allowed');
  for (const code of CATEGORY_CODES) {
    const rule = policy.categories[code];
    if (rule === undefined) {
      problems.push(`category ${code} is missing`);
      continue;
    }
    if (rule.capPercent !== undefined && !percent(rule.capPercent)) problems.push(`${code}: capPercent out of 0..100`);
    if (rule.capVnd !== undefined && !(Number.isSafeInteger(rule.capVnd) && rule.capVnd > 0))
      problems.push(`${code}: capVnd must be a positive integer`);
    if (!percent(rule.firstAdvance.maxPercent) || !percent(rule.firstAdvance.minProgressPercent))
      problems.push(`${code}: firstAdvance percentages out of 0..100`);
  }
  if (!percent(policy.advanceCeilingPercentBeforeAcceptance)) problems.push('advance ceiling out of 0..100');
  const a = policy.appraisal;
  const codes = a.criteria.map((c) => c.code);
  if (codes.length === 0 || new Set(codes).size !== codes.length) problems.push('criteria must be distinct and present');
  if (codes.some((c) => !(APPRAISAL_CRITERIA as readonly string[]).includes(c))) problems.push('unknown criterion');
  if (a.criteria.some((c) => !(c.weight > 0))) problems.push('criterion weights must be positive');
  if (!(a.minScore < a.maxScore)) problems.push('minScore must be below maxScore');
  if (!(a.passMark >= a.minScore && a.passMark <= a.maxScore)) problems.push('passMark outside the score range');
  if (!(Number.isInteger(a.quorum) && a.quorum >= 1)) problems.push('quorum must be a positive integer');
  if (a.levels.length === 0) problems.push('at least one appraisal level is needed');
  // A set without a dossier has no roles for its commands: nobody may issue them there.
  for (const type of [...PROJECT_COMMAND_TYPES, ...PROGRAMME_COMMAND_TYPES]) {
    if (policy.dossier === undefined && (DOCUMENT_COMMAND_TYPES as readonly string[]).includes(type)) continue;
    if (!Array.isArray(rolesFor(policy, type))) problems.push(`no role list for ${type}`);
  }
  if (policy.dossier !== undefined) {
    for (const code of CATEGORY_CODES) {
      const rule = policy.dossier.categories[code];
      if (rule === undefined) {
        problems.push(`dossier: category ${code} is missing`);
        continue;
      }
      for (const step of DOSSIER_STEPS) {
        if (!Array.isArray(rule[step]) || !rule[step].every(isDocumentKind)) problems.push(`dossier: ${code}.${step} needs known document kinds`);
      }
    }
  }
  for (const kind of AMENDMENT_KINDS) {
    if (!amendmentApprovalLevel(policy, kind)) problems.push(`no approval level for amendment ${kind}`);
  }
  // A set that gives provenance gives it for every figure, citing only its own legal basis.
  if (policy.sources !== undefined) problems.push(...provenanceProblems(policy, { complete: true }));
  if (policy.projectApproval !== undefined && !PROJECT_APPROVAL_MODES.includes(policy.projectApproval)) {
    problems.push('projectApproval must be single, plan or both');
  }
  if (policy.planApproval !== undefined && !isAuthority(policy.planApproval.authority)) {
    problems.push('planApproval.authority must be department, people_committee or ministry');
  }
  return problems;
}
