import { CURRENT_COMMUNES, CURRENT_PROVINCES } from './current-register';
import { PRE_REFORM_COMMUNES, PRE_REFORM_PROVINCES } from './pre-reform-register';
import { checkArea, communeName, listCommunes, listProvinces, nearestByCode } from './registers';

const codesOf = (packed: Readonly<Record<string, string>>) => Object.values(packed).flatMap((units) => units.split('|').map((unit) => unit.slice(0, unit.indexOf(' '))));
const BENEFICIARY = { province: 'beneficiary.province', commune: 'beneficiary.commune' } as const;

describe('the administrative registers', () => {
  it('hold the 34 provinces in force since 1 July 2025 and the 63 of before, each with its communes', () => {
    expect(CURRENT_PROVINCES).toHaveLength(34);
    expect(PRE_REFORM_PROVINCES).toHaveLength(63);
    expect(Object.keys(CURRENT_COMMUNES).sort()).toEqual(CURRENT_PROVINCES.map((p) => p.code).sort());
    expect(Object.keys(PRE_REFORM_COMMUNES).sort()).toEqual(PRE_REFORM_PROVINCES.map((p) => p.code).sort());
  });

  it('count the units the statistics office lists: 3,321 now, 10,051 before the reform', () => {
    expect(codesOf(CURRENT_COMMUNES)).toHaveLength(3321);
    expect(codesOf(PRE_REFORM_COMMUNES)).toHaveLength(10051);
  });

  it('give every commune one code, unique within its register, of five digits', () => {
    for (const register of [CURRENT_COMMUNES, PRE_REFORM_COMMUNES]) {
      const codes = codesOf(register);
      expect(new Set(codes).size).toBe(codes.length);
      expect(codes.filter((code) => !/^\d{5}$/.test(code))).toEqual([]);
    }
    expect(new Set(CURRENT_PROVINCES.map((p) => p.code)).size).toBe(34);
  });

  it('make Tây Ninh (80) the province that took in Long An, with its 96 communes and wards', () => {
    const provinces = listProvinces();
    expect(provinces.find((p) => p.current && p.code === '80')?.name).toBe('Tỉnh Tây Ninh');
    expect(provinces.find((p) => !p.current && p.code === '80')?.name).toBe('Tỉnh Long An');
    expect(provinces.find((p) => !p.current && p.code === '72')?.name).toBe('Tỉnh Tây Ninh');
    expect(provinces.some((p) => p.current && p.code === '72')).toBe(false);
    const communes = listCommunes('80') ?? [];
    expect(communes.filter((c) => c.current)).toHaveLength(96);
    expect(communes.filter((c) => !c.current)).toHaveLength(186);
    expect(listCommunes('72')?.filter((c) => !c.current)).toHaveLength(94);
    expect(communes.find((c) => c.current && c.code === '27991')?.name).toBe('Xã Bến Lức');
  });

  it('list current units first, then pre-reform ones', () => {
    const flags = listProvinces().map((p) => p.current);
    expect(flags.indexOf(false)).toBe(34);
    expect(flags.lastIndexOf(true)).toBe(33);
    expect(listCommunes('99')).toBeUndefined();
  });
});

describe('checkArea', () => {
  it('passes a current province and commune without warnings', () => {
    expect(checkArea({ province: '80', commune: '27694' }, BENEFICIARY)).toEqual({ ok: true, warnings: [] });
    expect(checkArea({ province: '01' })).toEqual({ ok: true, warnings: [] });
  });

  it('passes a commune of the pre-reform register with a warning naming its field', () => {
    // 27697 was Phường 3 of Tân An (Long An); the new register has no unit with that code.
    const check = checkArea({ province: '80', commune: '27697' }, BENEFICIARY);
    expect(check).toEqual({ ok: true, warnings: [expect.objectContaining({ code: 'AREA.PRE_REFORM', field: 'beneficiary.commune', value: '27697' })] });
  });

  it('warns on both fields for a province that no longer exists', () => {
    const check = checkArea({ province: '72', commune: '25480' }, BENEFICIARY);
    expect(check.ok && check.warnings.map((w) => w.field)).toEqual(['beneficiary.province', 'beneficiary.commune']);
    expect(checkArea({ province: '72' }, { province: 'province' })).toEqual({ ok: true, warnings: [expect.objectContaining({ field: 'province', value: '72' })] });
  });

  it('refuses an unknown province with the three nearest by code', () => {
    const check = checkArea({ province: '81', commune: '27694' }, BENEFICIARY);
    if (check.ok) throw new Error('expected a refusal');
    expect(check.refusal.code).toBe('AREA.UNKNOWN_PROVINCE');
    expect(check.refusal.field).toBe('beneficiary.province');
    expect(check.refusal.details).toMatchObject({ value: '81', nearestBy: 'code' });
    expect((check.refusal.details.nearest as { code: string }[]).map((u) => u.code)).toEqual(['80', '82', '83']);
  });

  it('refuses an unknown commune with the three nearest of the province by code', () => {
    const check = checkArea({ province: '80', commune: '27695' }, BENEFICIARY);
    if (check.ok) throw new Error('expected a refusal');
    expect(check.refusal).toMatchObject({ code: 'AREA.UNKNOWN_COMMUNE', field: 'beneficiary.commune' });
    const nearest = check.refusal.details.nearest as { code: string }[];
    expect(nearest).toHaveLength(3);
    expect(nearest[0]?.code).toBe('27694');
  });

  it('refuses a commune of another province', () => {
    // 00004 is Phường Ba Đình, Hà Nội.
    const check = checkArea({ province: '80', commune: '00004' }, BENEFICIARY);
    expect(check).toMatchObject({ ok: false, refusal: { code: 'AREA.COMMUNE_OUTSIDE_PROVINCE', field: 'beneficiary.commune', details: { communeProvinces: ['01'] } } });
  });
});

describe('nearestByCode', () => {
  it('prefers the longest shared prefix, then the closest number, and names each unit once', () => {
    const units = [
      { code: '27700', name: 'a', current: true },
      { code: '27694', name: 'b', current: true },
      { code: '27694', name: 'c', current: false },
      { code: '28000', name: 'd', current: true },
    ];
    expect(nearestByCode('27699', units).map((u) => u.name)).toEqual(['b', 'a', 'd']);
  });
});

describe('communeName', () => {
  it('names a unit in force first, a pre-reform unit by its former name, and nothing else', () => {
    expect(communeName('80', '27694')).toBe('Phường Long An');
    const former = listCommunes('80')?.find((c) => !c.current && !listCommunes('80')?.some((u) => u.current && u.code === c.code));
    expect(former).toBeDefined();
    expect(communeName('80', former?.code ?? '')).toBe(former?.name);
    expect(communeName('80', '00000')).toBeUndefined();
    expect(communeName('99', '27694')).toBeUndefined();
  });
});
