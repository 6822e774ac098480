/** One administrative unit of a register: its statistics-office code and official name. */
export interface AreaRecord {
  readonly code: string;
  readonly name: string;
}

/** A unit as the API lists it: `current` is true for the register in force since 1 July 2025. */
export interface AreaUnit extends AreaRecord {
  readonly current: boolean;
}

/** The field of a command an area check speaks of (`beneficiary.province`, `province`, …). */
export type AreaField = string;

/** A unit recorded under the pre-reform register: accepted, with this note in the answer. */
export interface AreaWarning {
  readonly code: 'AREA.PRE_REFORM';
  readonly field: AreaField;
  /** The code as given. */
  readonly value: string;
  readonly message: string;
}

/**
 * Why a province or commune is refused: unknown in both registers (with up to three nearest units
 * by code, `nearestBy: 'code'`), or a commune that exists but not in the given province.
 */
export interface AreaRefusal {
  readonly code: 'AREA.UNKNOWN_PROVINCE' | 'AREA.UNKNOWN_COMMUNE' | 'AREA.COMMUNE_OUTSIDE_PROVINCE';
  readonly field: AreaField;
  readonly message: string;
  readonly details: Readonly<Record<string, unknown>>;
}

/** The outcome of checking a province (and commune): a refusal, or the warnings to give. */
export type AreaCheck = { readonly ok: true; readonly warnings: readonly AreaWarning[] } | { readonly ok: false; readonly refusal: AreaRefusal };
