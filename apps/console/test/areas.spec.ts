import { areaChoices, areaLabel, type AreaUnit, isPreReform, shortProvinceName, unitNames, unitOf } from '../src/domain/areas';
import { figureMark, type PolicyFigureView } from '../src/domain/figures';
import { fieldOfCode } from '../src/domain/problem-fields';
import { en } from '../src/i18n/en';
import { vi } from '../src/i18n/vi';

// Code 80 is Tây Ninh in the register since 1 July 2025 and was Long An before it; 27694 likewise names two wards.
const PROVINCES: readonly AreaUnit[] = [
  { code: '80', name: 'Tỉnh Tây Ninh', current: true },
  { code: '46', name: 'Thành phố Huế', current: true },
  { code: '80', name: 'Tỉnh Long An', current: false },
  { code: '83', name: 'Tỉnh Bến Tre', current: false },
];
const COMMUNES: readonly AreaUnit[] = [
  { code: '27694', name: 'Phường Long An', current: true },
  { code: '27937', name: 'Xã Đức Hòa', current: true },
  { code: '27694', name: 'Phường 1', current: false },
  { code: '27943', name: 'Xã An Ninh Đông', current: false },
];

describe('places by name', () => {
  it('writes commune and province as an address does, the current register winning a shared code', () => {
    expect(areaLabel('80', '27694', PROVINCES, COMMUNES)).toEqual({ text: 'Phường Long An, Tây Ninh', preReform: false });
    expect(areaLabel('46', undefined, PROVINCES, undefined)).toEqual({ text: 'Huế', preReform: false });
    expect(shortProvinceName('Thành phố Hồ Chí Minh')).toBe('Hồ Chí Minh');
    expect(unitOf(PROVINCES, '80')?.name).toBe('Tỉnh Tây Ninh');
  });

  it('shows the codes while the names load or when a code is in neither register, never undefined', () => {
    expect(areaLabel('80', '27943', undefined, undefined)).toEqual({ text: '27943, 80', preReform: false });
    expect(areaLabel('80', '99999', PROVINCES, COMMUNES).text).toBe('99999, Tây Ninh');
    expect(areaLabel('', '', PROVINCES, COMMUNES).text).toBe('');
  });

  it('marks a unit found only in the register before the reform', () => {
    expect(areaLabel('80', '27943', PROVINCES, COMMUNES)).toEqual({ text: 'Xã An Ninh Đông, Tây Ninh', preReform: true });
    expect(areaLabel('83', undefined, PROVINCES, undefined)).toEqual({ text: 'Bến Tre', preReform: true });
    expect(isPreReform(unitOf(COMMUNES, '27694'))).toBe(false);
    expect(isPreReform(undefined)).toBe(false);
  });

  it('offers current units first, older ones apart without the codes now reused, narrowed by name or code', () => {
    const all = areaChoices(COMMUNES);
    expect(all.current.map((u) => u.code)).toEqual(['27694', '27937']);
    expect(all.preReform.map((u) => u.name)).toEqual(['Xã An Ninh Đông']);
    expect(areaChoices(COMMUNES, ' duc hoa ').current.map((u) => u.name)).toEqual(['Xã Đức Hòa']);
    expect(areaChoices(COMMUNES, '2794').preReform.map((u) => u.code)).toEqual(['27943']);
    expect(areaChoices(PROVINCES).preReform.map((u) => u.code)).toEqual(['83']);
  });
});

describe('refusals of a place', () => {
  it('puts the refusal beside the commune field, with the nearest units by name', () => {
    expect(fieldOfCode('AREA.UNKNOWN_COMMUNE', undefined, ['beneficiary.province', 'beneficiary.commune'])).toBe('beneficiary.commune');
    expect(fieldOfCode('AREA.UNKNOWN_PROVINCE', undefined, ['beneficiary.province', 'beneficiary.commune'])).toBe('beneficiary.province');
    const nearest = [
      { code: '27694', name: 'Phường Long An', current: true },
      { code: '27712', name: 'Phường Tân An', current: true },
    ];
    expect(unitNames(nearest)).toBe('Phường Long An (27694), Phường Tân An (27712)');
    expect(unitNames([])).toBe('');
    expect(unitNames(['27694'])).toBeUndefined();
    expect(unitNames('27694')).toBeUndefined();
    expect(vi['problem.AREA.UNKNOWN_COMMUNE']).toContain('{nearest}');
  });

  it('has the words of areas and sources in both languages', () => {
    for (const key of Object.keys(vi).filter((k) => k.startsWith('area.') || k.startsWith('policy.') || k.startsWith('problem.AREA.'))) {
      expect([key, (en as Readonly<Record<string, string>>)[key]]).toEqual([key, expect.any(String)]);
    }
    expect(vi['area.preReform']).toBe('trước sáp nhập');
    expect(vi['area.preReformTitle']).toBe('Đơn vị hành chính trước ngày 01/7/2025');
  });
});

describe('figures of a policy', () => {
  const figures: readonly PolicyFigureView[] = [
    { path: 'appraisal.passMark', value: 70, sample: true, note: 'Illustrative' },
    { path: 'categories.MACHINERY.capVnd', value: 300_000_000, source: { document: '18/2024/NQ-HĐND', article: 'Điều 4' } },
    { path: 'appraisal.quorum', value: 3, sample: true },
  ];

  it('marks samples and cites the source of the others', () => {
    expect(figureMark(figures, 'appraisal.passMark')).toEqual({ sample: true, tooltip: 'Illustrative' });
    expect(figureMark(figures, 'appraisal.quorum')).toEqual({ sample: true });
    expect(figureMark(figures, 'categories.MACHINERY.capVnd')).toEqual({ sample: false, tooltip: '18/2024/NQ-HĐND, Điều 4' });
    expect(figureMark(figures, 'deadlines.settlementHardStop')).toBeUndefined();
    expect(figureMark(undefined, 'appraisal.passMark')).toBeUndefined();
  });
});
