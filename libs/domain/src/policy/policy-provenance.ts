import type { FigureProvenance, PolicySet } from './policy-set';

/** One numeric figure of a policy set, by its path. */
export interface PolicyFigure {
  readonly path: string;
  readonly value: number;
}

// The parts of a set that hold figures; roles, amendments and the dossier hold names only.
const FIGURE_ROOTS = ['categories', 'advanceCeilingPercentBeforeAcceptance', 'appraisal', 'deadlines'] as const;

function walk(value: unknown, path: string, out: PolicyFigure[]): void {
  if (typeof value === 'number') {
    out.push({ path, value });
  } else if (Array.isArray(value)) {
    value.forEach((item: unknown, i) => {
      // Criteria are named by their code, other lists by position.
      const code = typeof item === 'object' && item !== null && typeof (item as { code?: unknown }).code === 'string' ? (item as { code: string }).code : String(i);
      walk(item, `${path}.${code}`, out);
    });
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) walk(child, `${path}.${key}`, out);
  }
}

/**
 * Every numeric figure of a policy set (caps, advance rules, appraisal numbers, deadlines), by
 * path.
 *
 * @example
 * policyFigures(VN_2014_NATIONAL_V3).find((f) => f.path === 'categories.CAPACITY.capVnd'); // { path, value: 10_000_000 }
 */
export function policyFigures(policy: PolicySet): PolicyFigure[] {
  const out: PolicyFigure[] = [];
  for (const root of FIGURE_ROOTS) walk(policy[root], root, out);
  return out;
}

/**
 * The provenance of the figure at `path`: the entry of the longest key that is the path or one of
 * its ancestors; `undefined` when the set says nothing about it.
 *
 * @example
 * figureProvenance(VN_2014_NATIONAL_V3, 'appraisal.quorum'); // { sample: true, note: '…' }
 */
export function figureProvenance(policy: PolicySet, path: string): FigureProvenance | undefined {
  const sources = policy.sources;
  if (sources === undefined) return undefined;
  for (let key = path; key !== ''; key = key.includes('.') ? key.slice(0, key.lastIndexOf('.')) : '') {
    if (Object.prototype.hasOwnProperty.call(sources, key)) return sources[key];
  }
  return undefined;
}

/**
 * What is wrong with a set's provenance, as sentences: an entry that is neither a source nor a
 * sample (or both), a source citing a document the set's `legalBasis` does not list, a key that
 * names no figure, and (when `complete`) a figure with no provenance at all.
 *
 * @example
 * provenanceProblems(VN_2014_NATIONAL_V3, { complete: true }); // []
 */
export function provenanceProblems(policy: PolicySet, options: { complete: boolean }): string[] {
  const problems: string[] = [];
  const figures = policyFigures(policy);
  for (const [key, entry] of Object.entries(policy.sources ?? {})) {
    if (typeof entry !== 'object' || entry === null) {
      problems.push(`sources.${key} must be an object with a source or sample: true`);
      continue;
    }
    const hasSource = entry.source !== undefined;
    if (hasSource === (entry.sample === true)) problems.push(`sources.${key}: give either a source or sample: true`);
    if (entry.sample !== undefined && typeof entry.sample !== 'boolean') problems.push(`sources.${key}.sample must be true or absent`);
    if (hasSource) {
      const { document, article } = entry.source as { document?: unknown; article?: unknown };
      if (typeof document !== 'string' || document.trim() === '' || typeof article !== 'string' || article.trim() === '') {
        problems.push(`sources.${key}.source needs a document and an article`);
      } else if (!policy.legalBasis.includes(document)) {
        problems.push(`sources.${key}.source cites ${document}, which is not in legalBasis`);
      }
    }
    if (!figures.some((f) => f.path === key || f.path.startsWith(`${key}.`))) problems.push(`sources.${key} names no figure`);
  }
  if (options.complete) {
    for (const figure of figures) {
      if (figureProvenance(policy, figure.path) === undefined) problems.push(`${figure.path} has no source and is not marked sample`);
    }
  }
  return problems;
}
