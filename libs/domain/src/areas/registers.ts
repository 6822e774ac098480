import type { AreaCheck, AreaRecord, AreaRefusal, AreaUnit, AreaWarning } from './area-types';
import { CURRENT_COMMUNES, CURRENT_PROVINCES } from './current-register';
import { PRE_REFORM_COMMUNES, PRE_REFORM_PROVINCES } from './pre-reform-register';

/** One register, indexed: provinces by code, each province's units by code, a unit's province. */
interface Register {
  readonly current: boolean;
  readonly provinces: ReadonlyMap<string, string>;
  readonly communes: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly provinceOf: ReadonlyMap<string, string>;
}

/** Reads a province's `"<code> <name>|…"` string. */
function units(packed: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const entry of packed.split('|')) {
    const space = entry.indexOf(' ');
    map.set(entry.slice(0, space), entry.slice(space + 1));
  }
  return map;
}

function indexed(current: boolean, provinces: readonly AreaRecord[], communes: Readonly<Record<string, string>>): Register {
  const byProvince = new Map<string, ReadonlyMap<string, string>>();
  const provinceOf = new Map<string, string>();
  for (const [province, packed] of Object.entries(communes)) {
    const map = units(packed);
    byProvince.set(province, map);
    for (const code of map.keys()) provinceOf.set(code, province);
  }
  return { current, provinces: new Map(provinces.map((p) => [p.code, p.name])), communes: byProvince, provinceOf };
}

let built: readonly [Register, Register] | undefined;

/** The two registers, current first, indexed on first use (the data modules stay plain constants). */
function registers(): readonly [Register, Register] {
  built ??= [indexed(true, CURRENT_PROVINCES, CURRENT_COMMUNES), indexed(false, PRE_REFORM_PROVINCES, PRE_REFORM_COMMUNES)];
  return built;
}

/**
 * Every province: the 34 in force since 1 July 2025, then the 63 of before. A code may be in
 * both with different units: 80 is Tây Ninh now and was Long An.
 *
 * @example
 * listProvinces().filter((p) => p.current).length; // 34
 */
export function listProvinces(): AreaUnit[] {
  return registers().flatMap((register) => [...register.provinces].map(([code, name]) => ({ code, name, current: register.current })));
}

/**
 * The communes and wards of a province code, current units first, then the pre-reform ones the
 * same code had; undefined for a code in neither register.
 *
 * @example
 * listCommunes('80')?.find((c) => c.current && c.code === '27694')?.name; // 'Phường Long An'
 */
export function listCommunes(province: string): AreaUnit[] | undefined {
  const known = registers().filter((register) => register.provinces.has(province));
  if (known.length === 0) return undefined;
  return known.flatMap((register) => [...(register.communes.get(province) ?? [])].map(([code, name]) => ({ code, name, current: register.current })));
}

/**
 * The name of a commune or ward of a province: the unit in force when the code is in the current
 * register, else the pre-reform unit the code named; undefined for a code in neither.
 *
 * @example
 * communeName('80', '27694'); // 'Phường Long An'
 */
export function communeName(province: string, commune: string): string | undefined {
  for (const register of registers()) {
    const name = register.communes.get(province)?.get(commune);
    if (name !== undefined) return name;
  }
  return undefined;
}

/** The length of the prefix two codes share. */
function sharedPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n += 1;
  return n;
}

/**
 * Up to `limit` units nearest to a code that is not in the registers, by code: the longest shared
 * prefix first, then the smallest numeric distance (codes of one area are numbered together).
 *
 * @example
 * nearestByCode('27690', listCommunes('80') ?? [])[0]?.code; // '27694'
 */
export function nearestByCode(code: string, candidates: readonly AreaUnit[], limit = 3): AreaUnit[] {
  const asNumber = Number.parseInt(code, 10);
  const distance = (other: string) => (Number.isNaN(asNumber) ? Number.MAX_SAFE_INTEGER : Math.abs(Number.parseInt(other, 10) - asNumber));
  const seen = new Set<string>();
  return [...candidates]
    .sort((a, b) => sharedPrefix(b.code, code) - sharedPrefix(a.code, code) || distance(a.code) - distance(b.code) || Number(b.current) - Number(a.current))
    .filter((unit) => (seen.has(unit.code) ? false : (seen.add(unit.code), true)))
    .slice(0, limit);
}

/** Where a command names the province and commune it checks. */
export interface AreaFields {
  readonly province: string;
  readonly commune?: string;
}

const preReformWarning = (field: string, unit: string, code: string, name: string): AreaWarning => ({
  code: 'AREA.PRE_REFORM',
  field,
  value: code,
  message: `${unit} ${code} (${name}) is from the register before 1 July 2025; it was recorded as given`,
});

/**
 * Checks a province code (and a commune code within it) against the registers: a unit of the
 * current register passes; one only in the pre-reform register passes with an `AREA.PRE_REFORM`
 * warning (what was recorded before 1 July 2025); a code in neither is refused with the three
 * nearest units by code; a commune of another province is refused. `fields` names the fields
 * as the command has them.
 *
 * @example
 * checkArea({ province: '80', commune: '27694' }).ok; // true, no warnings (Phường Long An)
 * checkArea({ province: '72', commune: '25480' }); // ok, warnings for both (old Tây Ninh)
 */
export function checkArea(input: AreaFields, fields: { readonly province: string; readonly commune?: string } = { province: 'province', commune: 'commune' }): AreaCheck {
  const [current, before] = registers();
  const { province, commune } = input;
  const inCurrent = current.provinces.has(province);
  const inBefore = before.provinces.has(province);
  if (!inCurrent && !inBefore) {
    const nearest = nearestByCode(province, listProvinces());
    return refuse({
      code: 'AREA.UNKNOWN_PROVINCE',
      field: fields.province,
      message: `No province has the code ${province}; nearest by code: ${nearest.map((u) => `${u.code} ${u.name}`).join(', ')}`,
      details: { field: fields.province, value: province, nearestBy: 'code', nearest },
    });
  }
  const warnings: AreaWarning[] = [];
  if (commune === undefined) {
    if (!inCurrent) warnings.push(preReformWarning(fields.province, 'Province', province, before.provinces.get(province) ?? ''));
    return { ok: true, warnings };
  }
  const communeField = fields.commune ?? 'commune';
  const currentName = inCurrent ? current.communes.get(province)?.get(commune) : undefined;
  if (currentName !== undefined) return { ok: true, warnings };
  const formerName = inBefore ? before.communes.get(province)?.get(commune) : undefined;
  if (formerName !== undefined) {
    if (!inCurrent) warnings.push(preReformWarning(fields.province, 'Province', province, before.provinces.get(province) ?? ''));
    warnings.push(preReformWarning(communeField, 'Commune', commune, formerName));
    return { ok: true, warnings };
  }
  const elsewhere = [...new Set([current.provinceOf.get(commune), before.provinceOf.get(commune)].filter((p): p is string => p !== undefined))];
  if (elsewhere.length > 0) {
    return refuse({
      code: 'AREA.COMMUNE_OUTSIDE_PROVINCE',
      field: communeField,
      message: `Commune ${commune} is not in province ${province}; it is in ${elsewhere.join(', ')}`,
      details: { field: communeField, value: commune, province, communeProvinces: elsewhere },
    });
  }
  const nearest = nearestByCode(commune, listCommunes(province) ?? []);
  return refuse({
    code: 'AREA.UNKNOWN_COMMUNE',
    field: communeField,
    message: `Province ${province} has no commune with the code ${commune}; nearest by code: ${nearest.map((u) => `${u.code} ${u.name}`).join(', ')}`,
    details: { field: communeField, value: commune, province, nearestBy: 'code', nearest },
  });
}

const refuse = (refusal: AreaRefusal): AreaCheck => ({ ok: false, refusal });
