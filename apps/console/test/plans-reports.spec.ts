import { findPolicy, type ProjectState } from '@app/domain';
import { worldAt } from '@app/domain/testing/domain-fixtures';
import type { Policy, ProjectDetail } from '../src/api/types';
import { authorityBlock } from '../src/domain/authority';
import { availableActions } from '../src/domain/availability';
import { defaultReportPeriod, fileNameOf, reportPeriods } from '../src/domain/reports';
import { vi } from '../src/i18n/vi';

/** A Vietnamese message with its parameters (the i18n module is React, which unit tests do not load). */
const translate = (_lang: 'vi', key: string, params: Readonly<Record<string, string | number>> = {}): string =>
  (vi[key as keyof typeof vi] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) => String(params[name] ?? whole));

function policy(): Policy {
  const found = findPolicy('vn-longan-local-2022', 1);
  if (!found) throw new Error('the Long An policy set is missing');
  return { ...found, hash: 'test' };
}

/** A project in implementation with one pending amendment of the given level, requested by officer-1. */
function withAmendment(approvalLevel: string): ProjectDetail {
  const state = worldAt('in_implementation').project as Exclude<ProjectState, { status: 'none' }>;
  return {
    id: state.projectId,
    status: state.status,
    createdBy: state.createdBy,
    submittedBy: null,
    category: state.proposal.category,
    appraisal: { meanScore: null, scoreCount: 0, levels: [], current: null, recommendation: null },
    tranches: [],
    amendments: [{ no: 1, kind: 'content', changes: { description: 'x' }, approvalLevel, requestedBy: 'officer-1', status: 'pending' }],
    amounts: { refundDemandedVnd: 0, refundedVnd: 0 },
  } as unknown as ProjectDetail;
}

describe('report periods', () => {
  it('offers the year, its halves and its quarters, named as the reports name them', () => {
    const options = reportPeriods(2026);
    expect(options.map((o) => o.code)).toEqual(['2026', '2026-H1', '2026-H2', '2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect(options.map((o) => translate('vi', o.label.key, o.label.params))).toEqual([
      'Năm 2026',
      '6 tháng đầu năm 2026',
      '6 tháng cuối năm 2026',
      'Quý I năm 2026',
      'Quý II năm 2026',
      'Quý III năm 2026',
      'Quý IV năm 2026',
    ]);
    // Every code has the engine's form (docs/reports.md).
    for (const o of options) expect(o.code).toMatch(/^\d{4}(-Q[1-4]|-H[12])?$/);
  });

  it('starts on the last quarter that has ended in the programme’s year, else the year', () => {
    expect(defaultReportPeriod(2026, '2026-02-10')).toBe('2026');
    expect(defaultReportPeriod(2026, '2026-04-01')).toBe('2026-Q1');
    expect(defaultReportPeriod(2026, '2026-12-31')).toBe('2026-Q3');
    expect(defaultReportPeriod(2026, '2027-01-15')).toBe('2026');
    expect(defaultReportPeriod(2027, '2026-06-01')).toBe('2027');
  });
});

describe('the name of a downloaded file', () => {
  it('takes the exact UTF-8 name of filename*, else the plain name, else the fallback', () => {
    const header = `attachment; filename="Bao cao tien do KCDP-LA-2026 2026-Q1.xlsx"; filename*=UTF-8''${encodeURIComponent('Báo cáo tiến độ KCDP-LA-2026 2026-Q1.xlsx')}`;
    expect(fileNameOf(header, 'x.xlsx')).toBe('Báo cáo tiến độ KCDP-LA-2026 2026-Q1.xlsx');
    expect(fileNameOf('attachment; filename="Bao cao.csv"', 'x.csv')).toBe('Bao cao.csv');
    expect(fileNameOf('attachment; filename=report.csv', 'x.csv')).toBe('report.csv');
    expect(fileNameOf(null, 'x.csv')).toBe('x.csv');
    expect(fileNameOf('attachment', 'x.csv')).toBe('x.csv');
  });

  it('falls back on a broken escape, another charset or a name with a folder in it', () => {
    expect(fileNameOf(`attachment; filename="plain.xlsx"; filename*=UTF-8''%E0%A4%A`, 'x.xlsx')).toBe('plain.xlsx');
    expect(fileNameOf(`attachment; filename="plain.xlsx"; filename*=ISO-8859-1''b%E1o.xlsx`, 'x.xlsx')).toBe('plain.xlsx');
    expect(fileNameOf(`attachment; filename*=UTF-8''..%2F..%2Fevil.xlsx`, 'x.xlsx')).toBe('x.xlsx');
  });
});

describe('decision levels', () => {
  it('mirrors the engine: the department’s decisions by any level, the others only by themselves', () => {
    expect(authorityBlock({ authority: 'people_committee' }, 'people_committee')).toBeUndefined();
    expect(authorityBlock({ authority: 'people_committee' }, 'department')).toBeUndefined();
    expect(authorityBlock({ authority: 'ministry' }, 'department')).toBeUndefined();
    expect(authorityBlock({ authority: 'department' }, 'people_committee')).toEqual({ key: 'blocked.authority.people_committee' });
    expect(authorityBlock({ authority: 'ministry' }, 'people_committee')).toEqual({ key: 'blocked.authority.people_committee' });
    expect(authorityBlock({}, 'department')).toEqual({ key: 'blocked.authority.department' });
    // An appraisal level that is not a decision level needs none.
    expect(authorityBlock({}, 'province')).toBeUndefined();
    expect(translate('vi', 'blocked.authority.people_committee')).toBe('Cần thẩm quyền: UBND tỉnh');
  });

  it('shows an amendment decision disabled, naming the level, to an approver whose authority does not cover it', () => {
    const decide = (authority: 'department' | 'people_committee' | undefined, level: string) =>
      availableActions(withAmendment(level), policy(), { sub: 'approver-9', roles: ['approver'], ...(authority ? { authority } : {}) }).find((a) => a.spec.command === 'DecideAmendment');
    expect(decide('people_committee', 'people_committee')?.blocked).toBeUndefined();
    expect(decide('department', 'people_committee')?.blocked).toEqual({ key: 'blocked.authority.people_committee' });
    expect(decide(undefined, 'department')?.blocked).toEqual({ key: 'blocked.authority.department' });
    expect(decide('department', 'department')?.blocked).toBeUndefined();
  });

  it('shows the conclusion of a ministry appraisal level disabled to an approver without the ministry’s authority', () => {
    const panel = ['a-1', 'a-2', 'a-3', 'a-4', 'a-5'];
    const atLevel = (level: string) =>
      ({
        ...withAmendment('department'),
        status: 'in_appraisal',
        amendments: [],
        appraisal: {
          meanScore: null,
          scoreCount: panel.length,
          levels: [],
          current: { levelIndex: 1, level, stage: 'open', panel, recused: [], scores: Object.fromEntries(panel.map((id) => [id, {}])) },
          recommendation: null,
        },
      }) as unknown as ProjectDetail;
    const conclude = (level: string, authority?: 'department' | 'ministry') =>
      availableActions(atLevel(level), policy(), { sub: 'approver-9', roles: ['approver'], ...(authority ? { authority } : {}) }).find((a) => a.spec.command === 'ConcludeAppraisal');
    expect(conclude('ministry', 'department')?.blocked).toEqual({ key: 'blocked.authority.ministry' });
    expect(conclude('ministry', 'ministry')?.blocked).toBeUndefined();
    expect(conclude('province')?.blocked).toBeUndefined();
  });
});
