/** An amount of Vietnamese đồng. Always a safe, non-negative integer unless stated otherwise. */
export type Vnd = number;

/** True for an integer number of đồng that JavaScript represents exactly. */
export function isVnd(value: unknown): value is Vnd {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** `percent` of `amount`, rounded down to whole đồng (caps and ceilings never round up). */
export function percentOf(amount: Vnd, percent: number): Vnd {
  return Math.floor((amount * percent) / 100);
}
