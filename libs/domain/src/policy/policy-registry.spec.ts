import { PROGRAMME_COMMAND_TYPES } from '../programme/programme.commands';
import { PROJECT_COMMAND_TYPES } from '../project/project.commands';
import { categoryCap, categoryCapFigures, findPolicy, POLICY_SETS, policyProblems, policyVersions } from './policy-registry';
import { amendmentApprovalLevel } from './policy-defaults';
import type { PolicySet } from './policy-set';
import { CATEGORY_CODES } from './policy-vocabulary';
import { rolesFor } from './authorization';
import { figureProvenance, policyFigures, provenanceProblems } from './policy-provenance';
import { VN_2014_NATIONAL_V1, VN_2014_NATIONAL_V2, VN_2014_NATIONAL_V3 } from './vn-2014-national.policy';
import { VN_LONGAN_LOCAL_2022_V1 } from './vn-longan-local-2022.policy';

describe('policy registry', () => {
  it('finds a policy by id and version, the latest when the version is omitted', () => {
    expect(findPolicy('vn-2014-national', 1)).toBe(VN_2014_NATIONAL_V1);
    expect(findPolicy('vn-2014-national')).toBe(VN_2014_NATIONAL_V3);
    expect(findPolicy('vn-2014-national', 4)).toBeUndefined();
    expect(findPolicy('nowhere')).toBeUndefined();
  });

  it('lists versions in order', () => {
    expect(policyVersions('vn-2014-national')).toEqual([1, 2, 3]);
    expect(policyVersions('vn-longan-local-2022')).toEqual([1]);
    expect(policyVersions('nowhere')).toEqual([]);
  });

  it('ships only usable policy sets', () => {
    for (const policy of POLICY_SETS) expect([policy.id, policyProblems(policy)]).toEqual([policy.id, []]);
  });

  it('names the roles of every command and nobody implicitly', () => {
    for (const policy of POLICY_SETS) {
      for (const type of [...PROJECT_COMMAND_TYPES, ...PROGRAMME_COMMAND_TYPES]) {
        expect(rolesFor(policy, type)?.length).toBeGreaterThan(0);
      }
      expect(policy.roles.ApproveFunding).toEqual(['approver']);
      expect(policy.roles.ConfirmPayment).toEqual(['finance-system']);
      expect(PROJECT_COMMAND_TYPES.filter((t) => rolesFor(policy, t)?.includes('admin'))).toEqual(['SupersedeDocument']);
    }
  });

  it('keeps the historical national caps of TTLT 26/2014', () => {
    const caps = Object.fromEntries(
      (['DEMO_MODEL', 'MACHINERY', 'TECH_TRANSFER', 'BRAND', 'CONSULTING', 'CLUSTER_LINKAGE', 'POLLUTION'] as const).map((c) => [
        c,
        [VN_2014_NATIONAL_V1.categories[c].capPercent, VN_2014_NATIONAL_V1.categories[c].capVnd],
      ]),
    );
    expect(caps).toEqual({
      DEMO_MODEL: [30, 500_000_000],
      MACHINERY: [50, 200_000_000],
      TECH_TRANSFER: [50, 200_000_000],
      BRAND: [50, 35_000_000],
      CONSULTING: [50, 35_000_000],
      CLUSTER_LINKAGE: [50, 150_000_000],
      POLLUTION: [30, 300_000_000],
    });
    expect(VN_2014_NATIONAL_V1.categories.MACHINERY.firstAdvance).toEqual({ maxPercent: 70, minProgressPercent: 70 });
    expect(VN_2014_NATIONAL_V1.categories.POLLUTION.firstAdvance).toEqual({ maxPercent: 30, minProgressPercent: 50 });
    expect(VN_2014_NATIONAL_V1.categories.TRAINING.firstAdvance).toEqual({ maxPercent: 70, minProgressPercent: 0 });
    expect(VN_2014_NATIONAL_V1.appraisal).toMatchObject({ quorum: 3, passMark: 5, levels: ['base', 'ministry'] });
  });

  it('allows digital and sustainable content from version 2 only', () => {
    expect([VN_2014_NATIONAL_V1.categories.DIGITAL.allowed, VN_2014_NATIONAL_V1.categories.SUSTAINABLE.allowed]).toEqual([false, false]);
    expect([VN_2014_NATIONAL_V2.categories.DIGITAL.allowed, VN_2014_NATIONAL_V2.categories.SUSTAINABLE.allowed]).toEqual([true, true]);
    expect(VN_2014_NATIONAL_V2.effectiveFrom).toBe('2025-10-15');
    const rest = CATEGORY_CODES.filter((c) => c !== 'DIGITAL' && c !== 'SUSTAINABLE');
    for (const c of rest) expect(VN_2014_NATIONAL_V2.categories[c]).toEqual(VN_2014_NATIONAL_V1.categories[c]);
  });

  it('ships a local Long An set with its own figures', () => {
    expect(VN_LONGAN_LOCAL_2022_V1).toMatchObject({ fundingSource: 'local', province: '80' });
    expect(VN_LONGAN_LOCAL_2022_V1.categories.MACHINERY.capVnd).toBe(300_000_000);
    expect(VN_LONGAN_LOCAL_2022_V1.categories.BRAND.capVnd).toBe(50_000_000);
    expect(VN_LONGAN_LOCAL_2022_V1.appraisal).toMatchObject({ passMark: 6, levels: ['province'] });
  });

  it('corrects the start-up cap and the linkage-cluster advance in version 3 only, on the current finance circulars', () => {
    expect(VN_2014_NATIONAL_V3.categories.CAPACITY.capVnd).toBe(10_000_000);
    expect(VN_2014_NATIONAL_V3.categories.CLUSTER_LINKAGE.firstAdvance).toEqual({ maxPercent: 70, minProgressPercent: 0 });
    expect(VN_2014_NATIONAL_V3.categories.POLLUTION.firstAdvance).toEqual({ maxPercent: 30, minProgressPercent: 50 });
    expect(VN_2014_NATIONAL_V2.categories.CAPACITY.capVnd).toBe(100_000_000);
    expect(VN_2014_NATIONAL_V2.categories.CLUSTER_LINKAGE.firstAdvance).toEqual({ maxPercent: 30, minProgressPercent: 50 });
    expect(VN_2014_NATIONAL_V3.legalBasis).toEqual(expect.arrayContaining(['Thông tư 28/2018/TT-BTC', 'Thông tư 64/2024/TT-BTC', 'Nghị định 235/2025/NĐ-CP']));
    expect(VN_2014_NATIONAL_V3.legalBasis).not.toContain('Thông tư liên tịch 26/2014/TTLT-BTC-BCT');
    const changed = CATEGORY_CODES.filter((c) => JSON.stringify(VN_2014_NATIONAL_V3.categories[c]) !== JSON.stringify(VN_2014_NATIONAL_V2.categories[c]));
    expect(changed).toEqual(['CAPACITY', 'CLUSTER_LINKAGE']);
  });

  it('gives partner amendments the default level in the versions recorded before the kind, and names it in version 3', () => {
    for (const set of [VN_2014_NATIONAL_V1, VN_2014_NATIONAL_V2, VN_LONGAN_LOCAL_2022_V1]) {
      expect(set.amendments.approvalLevel).not.toHaveProperty('partner');
      expect(amendmentApprovalLevel(set, 'partner')).toBe('department');
      expect(policyProblems(set)).toEqual([]);
    }
    expect(VN_2014_NATIONAL_V3.amendments.approvalLevel.partner).toBe('department');
    expect(amendmentApprovalLevel(VN_2014_NATIONAL_V3, 'content')).toBe('ministry');
    expect(amendmentApprovalLevel({ ...VN_2014_NATIONAL_V3, amendments: { approvalLevel: { ...VN_2014_NATIONAL_V3.amendments.approvalLevel, partner: 'ministry' } } }, 'partner')).toBe('ministry');
  });

  it('cannot be changed in place', () => {
    expect(Object.isFrozen(VN_2014_NATIONAL_V1)).toBe(true);
    expect(Object.isFrozen(VN_2014_NATIONAL_V1.categories)).toBe(true);
    expect(Object.isFrozen(VN_2014_NATIONAL_V1.categories.MACHINERY)).toBe(true);
  });
});

describe('categoryCap', () => {
  it.each([
    ['MACHINERY', 600_000_000, 200_000_000],
    ['MACHINERY', 300_000_000, 150_000_000],
    ['DEMO_MODEL', 1_000_000_000, 300_000_000],
    ['DEMO_MODEL', 2_000_000_000, 500_000_000],
    ['BRAND', 50_000_000, 25_000_000],
    ['BRAND', 100_000_000, 35_000_000],
    // Percentages of an odd cost round down to whole đồng.
    ['POLLUTION', 333, 99],
  ] as const)('caps %s at %i VND of cost to %i', (category, cost, cap) => {
    expect(categoryCap(VN_2014_NATIONAL_V1, category, cost)).toBe(cap);
  });

  it('reports the figures behind the cap', () => {
    expect(categoryCapFigures(VN_LONGAN_LOCAL_2022_V1, 'MACHINERY', 800_000_000)).toEqual({
      capPercent: 50,
      capVnd: 300_000_000,
      maxVnd: 300_000_000,
    });
  });
});

describe('policyProblems', () => {
  it('names what makes a policy set unusable', () => {
    const broken = {
      ...VN_2014_NATIONAL_V1,
      fundingSource: 'local' as const,
      appraisal: { ...VN_2014_NATIONAL_V1.appraisal, quorum: 0, passMark: 11, levels: [] },
    };
    expect(policyProblems(broken)).toEqual([
      'a local policy set needs a province',
      'passMark outside the score range',
      'quorum must be a positive integer',
      'at least one appraisal level is needed',
    ]);
  });

  it('names an unknown project approval mode or plan approval level', () => {
    const broken = { ...VN_2014_NATIONAL_V1, projectApproval: 'sometimes', planApproval: { authority: 'governor' } } as unknown as PolicySet;
    expect(policyProblems(broken)).toEqual([
      'projectApproval must be single, plan or both',
      'planApproval.authority must be department, people_committee or ministry',
    ]);
    expect(POLICY_SETS.map((p) => [p.id, p.version, p.projectApproval, p.planApproval?.authority])).toEqual([
      ['vn-2014-national', 1, 'both', 'ministry'],
      ['vn-2014-national', 2, 'both', 'ministry'],
      ['vn-2014-national', 3, 'both', 'ministry'],
      ['vn-longan-local-2022', 1, 'both', 'people_committee'],
    ]);
  });

  it('requires, per category, the documents of each step', () => {
    for (const policy of POLICY_SETS) {
      const categories = policy.dossier?.categories;
      for (const code of CATEGORY_CODES) {
        expect(categories?.[code].submit).toContain('proposal_form');
        expect(categories?.[code].settlement).toEqual(['acceptance_minutes', 'invoice', 'settlement_dossier']);
      }
      expect(categories?.MACHINERY.submit).toEqual(['proposal_form', 'business_registration', 'quotation']);
      expect(categories?.TRAINING.submit).toEqual(['proposal_form']);
      expect(categories?.MACHINERY.appraisal).toEqual(['appraisal_minutes']);
      expect(categories?.MACHINERY.approval).toEqual(['appraisal_minutes']);
      expect(categories?.MACHINERY.trancheRequest).toEqual(['contract']);
      expect(categories?.MACHINERY.acceptance).toEqual(['progress_photo', 'invoice']);
      expect(rolesFor(policy, 'AttachDocument')).toEqual(['officer', 'appraiser', 'approver', 'accountant']);
    }
  });

  it('finds a dossier naming an unknown kind or a document command without roles', () => {
    const dossier = VN_2014_NATIONAL_V2.dossier;
    if (dossier === undefined) throw new Error('the shipped sets have a dossier');
    const categories = { ...dossier.categories, FAIR: { ...dossier.categories.FAIR, submit: ['napkin'] } };
    const broken = { ...VN_2014_NATIONAL_V2, dossier: { ...dossier, categories } } as unknown as typeof VN_2014_NATIONAL_V2;
    expect(policyProblems(broken)).toEqual(['dossier: FAIR.submit needs known document kinds']);
    const { AttachDocument: _dropped, ...roles } = dossier.roles;
    expect(policyProblems({ ...VN_2014_NATIONAL_V2, dossier: { ...dossier, roles } as typeof dossier })).toEqual(['no role list for AttachDocument']);
    expect(policyProblems({ ...VN_2014_NATIONAL_V2, dossier: undefined })).toEqual([]);
  });
});

describe('policy figure provenance', () => {
  it('gives every numeric figure of every shipped set a source or a sample mark', () => {
    for (const policy of POLICY_SETS) {
      const figures = policyFigures(policy);
      expect(figures.length).toBeGreaterThan(70);
      for (const { path } of figures) {
        const provenance = figureProvenance(policy, path);
        const ok = provenance?.sample === true || (provenance?.source?.document !== undefined && provenance.source.article !== '');
        expect([`${policy.id}@${policy.version}`, path, ok]).toEqual([`${policy.id}@${policy.version}`, path, true]);
      }
    }
  });

  it('walks caps, advances, appraisal numbers and deadlines by path', () => {
    const paths = policyFigures(VN_2014_NATIONAL_V3).map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'categories.CAPACITY.capVnd',
        'categories.MACHINERY.firstAdvance.minProgressPercent',
        'advanceCeilingPercentBeforeAcceptance',
        'appraisal.quorum',
        'appraisal.passMark',
        'appraisal.criteria.fit.weight',
        'deadlines.settlementHardStop.day',
        'deadlines.postEvaluationMonths.1',
      ]),
    );
    expect(paths.some((p) => p.startsWith('roles') || p.startsWith('dossier') || p === 'version')).toBe(false);
  });

  it('cites a source only from the set\'s own legal basis, and marks the rest sample', () => {
    // The placeholders of review: sample in every national version, never under TTLT 26/2014.
    for (const policy of [VN_2014_NATIONAL_V1, VN_2014_NATIONAL_V2, VN_2014_NATIONAL_V3]) {
      for (const code of ['TRAINING', 'CAPACITY', 'CLEANER_PROD', 'ECOMMERCE', 'DIGITAL', 'SUSTAINABLE'] as const) {
        expect(figureProvenance(policy, `categories.${code}.capVnd`)?.sample).toBe(true);
      }
      expect(figureProvenance(policy, 'categories.FAIR.capVnd')?.sample).toBe(true);
      expect(figureProvenance(policy, 'appraisal.quorum')?.sample).toBe(true);
      expect(figureProvenance(policy, 'appraisal.passMark')?.sample).toBe(true);
      expect(figureProvenance(policy, 'deadlines.settlementHardStop.month')?.source).toEqual({ document: 'Thông tư 36/2013/TT-BCT', article: 'Đ.18' });
    }
    expect(figureProvenance(VN_2014_NATIONAL_V1, 'categories.MACHINERY.capVnd')?.source).toEqual({ document: 'Thông tư liên tịch 26/2014/TTLT-BTC-BCT', article: 'Đ.6' });
    // Version 3 no longer lists TTLT 26/2014, so its historical caps are samples there.
    expect(figureProvenance(VN_2014_NATIONAL_V3, 'categories.MACHINERY.capVnd')?.sample).toBe(true);
    expect(figureProvenance(VN_2014_NATIONAL_V3, 'categories.CLUSTER_LINKAGE.firstAdvance.maxPercent')?.source).toEqual({ document: 'Thông tư 36/2013/TT-BCT', article: 'Đ.13' });
    expect(figureProvenance(VN_LONGAN_LOCAL_2022_V1, 'categories.MACHINERY.capVnd')?.sample).toBe(true);
  });

  it('names a source outside the legal basis, an entry that is neither or both, a stray key and an uncovered figure', () => {
    const { categories: _placeholders, ...rest } = VN_2014_NATIONAL_V3.sources ?? {};
    const broken: PolicySet = {
      ...VN_2014_NATIONAL_V3,
      sources: {
        ...rest,
        'categories.MACHINERY.capVnd': { source: { document: 'Thông tư liên tịch 26/2014/TTLT-BTC-BCT', article: 'Đ.6' } },
        'categories.BRAND.capVnd': { source: { document: 'Thông tư 36/2013/TT-BCT', article: 'Đ.13' }, sample: true },
        'categories.FAIR.capVnd': {},
        'categories.NOPE': { sample: true },
      },
    };
    const problems = provenanceProblems(broken, { complete: true });
    expect(problems).toEqual(
      expect.arrayContaining([
        'sources.categories.MACHINERY.capVnd.source cites Thông tư liên tịch 26/2014/TTLT-BTC-BCT, which is not in legalBasis',
        'sources.categories.BRAND.capVnd: give either a source or sample: true',
        'sources.categories.FAIR.capVnd: give either a source or sample: true',
        'sources.categories.NOPE names no figure',
        'categories.TRAINING.capPercent has no source and is not marked sample',
      ]),
    );
    expect(policyProblems(broken).length).toBeGreaterThan(0);
  });
});
