import { foldDiacritics } from '../format';

/*
 * Administrative units by name: the console receives codes (statistics-office codes of the
 * registers the engine ships) and shows "Phường Long An, Tây Ninh". A code may be in both the
 * register in force since 1 July 2025 and the one before it with different units; the current one
 * wins, and a unit found only in the older register is marked as pre-reform.
 */

/** One unit of `GET /areas/provinces` or `GET /areas/provinces/{code}/communes`. */
export interface AreaUnit {
  readonly code: string;
  readonly name: string;
  /** In the register in force since 1 July 2025 (false: the register before it). */
  readonly current: boolean;
}

/** A place as the console shows it: its words, and whether a unit of it predates the reform. */
export interface AreaLabel {
  readonly text: string;
  readonly preReform: boolean;
}

/**
 * A province's name without its kind ("Tỉnh Tây Ninh" → "Tây Ninh", "Thành phố Huế" → "Huế"),
 * as addresses write it after the commune.
 */
export function shortProvinceName(name: string): string {
  return name.replace(/^(Tỉnh|Thành phố)\s+/u, '');
}

/** The unit of a code: the current register's when both have it, else the older one's. */
export function unitOf(units: readonly AreaUnit[] | undefined, code: string): AreaUnit | undefined {
  if (!units) return undefined;
  return units.find((u) => u.code === code && u.current) ?? units.find((u) => u.code === code);
}

/** Whether a unit is shown with the "before the merger" badge: found, and only in the older register. */
export function isPreReform(unit: AreaUnit | undefined): boolean {
  return unit !== undefined && !unit.current;
}

/**
 * "Phường Long An, Tây Ninh" for a commune and its province; while the names are not loaded (or a
 * code is in neither register) the code stands in its place, so the text is never empty.
 *
 * @example
 * areaLabel('80', '27694', [{ code: '80', name: 'Tỉnh Tây Ninh', current: true }], [{ code: '27694', name: 'Phường Long An', current: true }]);
 * // { text: 'Phường Long An, Tây Ninh', preReform: false }
 */
export function areaLabel(province: string, commune: string | undefined, provinces: readonly AreaUnit[] | undefined, communes: readonly AreaUnit[] | undefined): AreaLabel {
  const p = province ? unitOf(provinces, province) : undefined;
  const c = commune ? unitOf(communes, commune) : undefined;
  const provinceText = p ? shortProvinceName(p.name) : province;
  const communeText = commune ? (c?.name ?? commune) : '';
  const text = [communeText, provinceText].filter((part) => part !== '').join(', ');
  return { text, preReform: isPreReform(p) || isPreReform(c) };
}

/**
 * Units of a refusal's details (`nearest` of `AREA.*`) as words: "Phường Long An (27694), …";
 * undefined when the value is not a list of units.
 */
export function unitNames(value: unknown): string | undefined {
  if (!Array.isArray(value)) return undefined;
  const units = value.filter((v): v is AreaUnit => typeof v === 'object' && v !== null && typeof (v as AreaUnit).code === 'string' && typeof (v as AreaUnit).name === 'string');
  if (units.length !== value.length) return undefined;
  return units.map((u) => `${u.name} (${u.code})`).join(', ');
}

/**
 * The units a choice offers, current first then the older register's under their own heading,
 * narrowed by what is typed (a part of the name, marks optional, or the start of the code). An
 * older unit whose code the current register reuses is left out: its code now names the current one.
 */
export function areaChoices(units: readonly AreaUnit[], typed = ''): { readonly current: readonly AreaUnit[]; readonly preReform: readonly AreaUnit[] } {
  const wanted = foldDiacritics(typed.trim());
  const matches = (u: AreaUnit) => wanted === '' || foldDiacritics(u.name).includes(wanted) || u.code.startsWith(wanted);
  const currentCodes = new Set(units.filter((u) => u.current).map((u) => u.code));
  return {
    current: units.filter((u) => u.current && matches(u)),
    preReform: units.filter((u) => !u.current && !currentCodes.has(u.code) && matches(u)),
  };
}
