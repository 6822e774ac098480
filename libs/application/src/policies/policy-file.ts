import {
  AMENDMENT_KINDS,
  APPRAISAL_CRITERIA,
  type AppraisalCriterionRule,
  BENEFICIARY_KINDS,
  CATEGORY_CODES,
  CATEGORY_NAMES,
  type CategoryRule,
  CRITERION_NAMES,
  DEFAULT_AMENDMENT_LEVELS,
  DEFAULT_DEADLINES,
  DEFAULT_DOSSIER,
  DEFAULT_ROLES,
  type FigureProvenance,
  FUNDING_SOURCES,
  isRole,
  POLICY_SETS,
  policyProblems,
  type PolicySet,
} from '@app/domain';
import { canonicalJson } from '@app/event-store';

/** One problem of a policy file: the field (a dotted path) and what is wrong with it. */
export interface PolicyFileProblem {
  readonly field: string;
  readonly message: string;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

// Reads fields of unknown JSON, collecting a problem per bad field instead of stopping at the first.
class Reader {
  readonly problems: PolicyFileProblem[] = [];

  fail(field: string, message: string): undefined {
    this.problems.push({ field, message });
    return undefined;
  }

  object(value: unknown, field: string): Json | undefined {
    return isObject(value) ? value : this.fail(field, 'must be an object');
  }

  text(value: unknown, field: string): string | undefined {
    return typeof value === 'string' && value.trim() !== '' ? value : this.fail(field, 'must be a non-empty string');
  }

  number(value: unknown, field: string): number | undefined {
    return typeof value === 'number' && Number.isFinite(value) ? value : this.fail(field, 'must be a number');
  }

  boolean(value: unknown, field: string): boolean | undefined {
    return typeof value === 'boolean' ? value : this.fail(field, 'must be true or false');
  }

  oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T | undefined {
    return typeof value === 'string' && (allowed as readonly string[]).includes(value) ? (value as T) : this.fail(field, `must be one of ${allowed.join(', ')}`);
  }

  list<T>(value: unknown, field: string, item: (v: unknown, field: string) => T | undefined): T[] | undefined {
    if (!Array.isArray(value)) return this.fail(field, 'must be an array');
    const out = value.map((v, i) => item(v, `${field}.${i}`));
    return out.every((v) => v !== undefined) ? (out as T[]) : undefined;
  }
}

function categoryRule(r: Reader, value: unknown, field: string, code: (typeof CATEGORY_CODES)[number]): CategoryRule | undefined {
  const o = r.object(value, field);
  if (!o) return undefined;
  const allowed = r.boolean(o.allowed, `${field}.allowed`);
  const capPercent = o.capPercent === undefined ? undefined : r.number(o.capPercent, `${field}.capPercent`);
  const capVnd = o.capVnd === undefined ? undefined : r.number(o.capVnd, `${field}.capVnd`);
  const advance = r.object(o.firstAdvance, `${field}.firstAdvance`);
  const maxPercent = advance ? r.number(advance.maxPercent, `${field}.firstAdvance.maxPercent`) : undefined;
  const minProgressPercent = advance ? r.number(advance.minProgressPercent, `${field}.firstAdvance.minProgressPercent`) : undefined;
  if (allowed === undefined || maxPercent === undefined || minProgressPercent === undefined) return undefined;
  return {
    allowed,
    ...(capPercent !== undefined ? { capPercent } : {}),
    ...(capVnd !== undefined ? { capVnd } : {}),
    firstAdvance: { maxPercent, minProgressPercent },
    nameVi: o.nameVi === undefined ? CATEGORY_NAMES[code].nameVi : (r.text(o.nameVi, `${field}.nameVi`) ?? ''),
    nameEn: o.nameEn === undefined ? CATEGORY_NAMES[code].nameEn : (r.text(o.nameEn, `${field}.nameEn`) ?? ''),
  };
}

function provenance(r: Reader, value: unknown, field: string): FigureProvenance | undefined {
  const o = r.object(value, field);
  if (!o) return undefined;
  const unknownKey = Object.keys(o).find((k) => !['source', 'sample', 'note'].includes(k));
  if (unknownKey) return r.fail(`${field}.${unknownKey}`, 'is not a provenance field (source, sample, note)');
  if (o.note !== undefined) r.text(o.note, `${field}.note`);
  if (o.sample !== undefined && o.sample !== true) return r.fail(`${field}.sample`, 'must be true or absent');
  if (o.source !== undefined) {
    const s = r.object(o.source, `${field}.source`);
    if (s) {
      r.text(s.document, `${field}.source.document`);
      r.text(s.article, `${field}.source.article`);
    }
  }
  return o as FigureProvenance;
}

/**
 * Reads one policy set from parsed JSON (a `POLICY_DIR` file): checks every field's type, fills
 * what a province rarely changes from the shipped defaults (`roles`, `dossier`, category and
 * criterion names), then requires a usable set (`policyProblems`) whose every figure has a
 * source or a sample mark. Problems name the field.
 *
 * @example
 * const read = readPolicySet(JSON.parse(text));
 * if ('problems' in read) console.error(read.problems); // [{ field: 'categories.MACHINERY.capVnd', message: 'must be a number' }]
 */
export function readPolicySet(json: unknown): { policy: PolicySet } | { problems: PolicyFileProblem[] } {
  const r = new Reader();
  const o = r.object(json, '(file)');
  if (!o) return { problems: r.problems };
  const id = r.text(o.id, 'id');
  if (id !== undefined && !/^[a-z0-9][a-z0-9-]{1,62}$/.test(id)) r.fail('id', 'must be lowercase letters, digits and hyphens');
  const version = r.number(o.version, 'version');
  const title = r.text(o.title, 'title');
  const legalBasis = r.list(o.legalBasis, 'legalBasis', (v, f) => r.text(v, f));
  const effectiveFrom = r.text(o.effectiveFrom, 'effectiveFrom');
  if (effectiveFrom !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(effectiveFrom)) r.fail('effectiveFrom', 'must be a date YYYY-MM-DD');
  const fundingSource = r.oneOf(o.fundingSource, 'fundingSource', FUNDING_SOURCES);
  const province = o.province === undefined ? undefined : r.text(o.province, 'province');
  const beneficiaryKinds = r.list(o.beneficiaryKinds, 'beneficiaryKinds', (v, f) => r.oneOf(v, f, BENEFICIARY_KINDS));

  const categoriesIn = r.object(o.categories, 'categories');
  const categories: Partial<Record<(typeof CATEGORY_CODES)[number], CategoryRule>> = {};
  if (categoriesIn) {
    for (const key of Object.keys(categoriesIn)) {
      if (!(CATEGORY_CODES as readonly string[]).includes(key)) r.fail(`categories.${key}`, 'is not a content category');
    }
    for (const code of CATEGORY_CODES) {
      if (categoriesIn[code] === undefined) {
        r.fail(`categories.${code}`, 'is missing');
        continue;
      }
      const rule = categoryRule(r, categoriesIn[code], `categories.${code}`, code);
      if (rule) categories[code] = rule;
    }
  }
  const advanceCeiling = r.number(o.advanceCeilingPercentBeforeAcceptance, 'advanceCeilingPercentBeforeAcceptance');

  const a = r.object(o.appraisal, 'appraisal');
  const criteria = a
    ? r.list(a.criteria, 'appraisal.criteria', (v, f): AppraisalCriterionRule | undefined => {
        const c = r.object(v, f);
        const code = c ? r.oneOf(c.code, `${f}.code`, APPRAISAL_CRITERIA) : undefined;
        const weight = c ? r.number(c.weight, `${f}.weight`) : undefined;
        if (!c || code === undefined || weight === undefined) return undefined;
        return {
          code,
          weight,
          nameVi: c.nameVi === undefined ? CRITERION_NAMES[code].nameVi : (r.text(c.nameVi, `${f}.nameVi`) ?? ''),
          nameEn: c.nameEn === undefined ? CRITERION_NAMES[code].nameEn : (r.text(c.nameEn, `${f}.nameEn`) ?? ''),
        };
      })
    : undefined;
  const appraisal = a && {
    criteria,
    minScore: r.number(a.minScore, 'appraisal.minScore'),
    maxScore: r.number(a.maxScore, 'appraisal.maxScore'),
    quorum: r.number(a.quorum, 'appraisal.quorum'),
    passMark: r.number(a.passMark, 'appraisal.passMark'),
    levels: r.list(a.levels, 'appraisal.levels', (v, f) => r.text(v, f)),
  };

  const d = r.object(o.deadlines, 'deadlines');
  const deadlines: Json = {};
  if (d) {
    for (const [key, fallback] of Object.entries(DEFAULT_DEADLINES)) {
      const field = `deadlines.${key}`;
      if (typeof fallback === 'number') deadlines[key] = r.number(d[key], field);
      else if (Array.isArray(fallback)) deadlines[key] = r.list(d[key], field, (v, f) => r.number(v, f));
      else {
        const stop = r.object(d[key], field);
        deadlines[key] = stop && { month: r.number(stop.month, `${field}.month`), day: r.number(stop.day, `${field}.day`) };
      }
    }
  }

  const rolesIn = o.roles === undefined ? undefined : r.object(o.roles, 'roles');
  const roles: Json = { ...DEFAULT_ROLES };
  for (const [command, list] of Object.entries(rolesIn ?? {})) {
    if (!(command in DEFAULT_ROLES)) r.fail(`roles.${command}`, 'is not a command whose roles a policy set names');
    else roles[command] = r.list(list, `roles.${command}`, (v, f) => (typeof v === 'string' && isRole(v) ? v : r.fail(f, 'must be a known role')));
  }

  const am = r.object(o.amendments, 'amendments');
  const levels = am ? r.object(am.approvalLevel, 'amendments.approvalLevel') : undefined;
  const approvalLevel: Json = {};
  // A kind added after the first versions (partner) may be left out: its default level applies.
  if (levels) {
    for (const kind of AMENDMENT_KINDS) {
      if (levels[kind] === undefined && DEFAULT_AMENDMENT_LEVELS[kind] !== undefined) continue;
      approvalLevel[kind] = r.text(levels[kind], `amendments.approvalLevel.${kind}`);
    }
  }

  const sourcesIn = r.object(o.sources, 'sources');
  const sources: Record<string, FigureProvenance> = {};
  for (const [key, value] of Object.entries(sourcesIn ?? {})) {
    const entry = provenance(r, value, `sources.${key}`);
    if (entry) sources[key] = entry;
  }
  if (o.dossier !== undefined) r.fail('dossier', 'is not read from a file: loaded sets use the shipped dossier rules');

  if (r.problems.length > 0) return { problems: r.problems };
  const policy = {
    id,
    version,
    title,
    legalBasis,
    effectiveFrom,
    fundingSource,
    ...(province !== undefined ? { province } : {}),
    beneficiaryKinds,
    categories,
    advanceCeilingPercentBeforeAcceptance: advanceCeiling,
    appraisal,
    deadlines,
    roles,
    dossier: DEFAULT_DOSSIER,
    amendments: { approvalLevel },
    sources,
  } as unknown as PolicySet;
  // The rules a usable set keeps, and provenance for every figure.
  const problems = policyProblems(policy);
  return problems.length > 0 ? { problems: problems.map((message) => ({ field: fieldOf(message), message })) } : { policy: deepFreeze(policy) };
}

// The field a `policyProblems` sentence is about: its leading path or field, else the whole set.
function fieldOf(message: string): string {
  const category = /^([A-Z_]+): ([A-Za-z]+)/.exec(message);
  if (category) return `categories.${category[1]}.${category[2]}`;
  const path = /^([A-Za-z]+(?:\.[A-Za-z0-9_]+)+)/.exec(message)?.[1];
  if (path) return path;
  const field = /^(version|passMark|quorum|minScore|criteria)\b/.exec(message)?.[1];
  if (field) return field === 'version' ? field : `appraisal.${field}`;
  return '(set)';
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** A policy set read from a named file. */
export interface LoadedPolicySet {
  readonly file: string;
  readonly policy: PolicySet;
}

/**
 * The shipped sets plus the loaded ones, or the clashes: a loaded id and version that a shipped
 * set (or another file) already has is refused unless its content is the same, so a file can
 * never change what a recorded decision pinned.
 *
 * @example
 * const merged = mergePolicySets([{ file: 'long-an-2026.json', policy }]);
 * if ('problems' in merged) throw new Error(merged.problems.join('\n'));
 */
export function mergePolicySets(
  loaded: readonly LoadedPolicySet[],
  shipped: readonly PolicySet[] = POLICY_SETS,
): { sets: readonly PolicySet[] } | { problems: string[] } {
  const problems: string[] = [];
  const sets = [...shipped];
  const origin = new Map<string, string>(shipped.map((p) => [`${p.id}@${p.version}`, 'the shipped sets']));
  for (const { file, policy } of loaded) {
    const key = `${policy.id}@${policy.version}`;
    const existing = sets.find((p) => `${p.id}@${p.version}` === key);
    if (existing === undefined) {
      sets.push(policy);
      origin.set(key, file);
    } else if (canonicalJson(existing) !== canonicalJson(policy)) {
      problems.push(`${file}: ${key} is already defined by ${origin.get(key)} with different content; give the changed figures a new version`);
    }
  }
  return problems.length > 0 ? { problems } : { sets: Object.freeze(sets) };
}
