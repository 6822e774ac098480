import { formatDate, formatMonth, groupThousands } from '../format';

/*
 * Defaults and example values of the console's forms, as the person would type them: money with
 * grouped thousands, dates by the Vietnamese calendar, example paperwork numbers.
 */

/**
 * An amount as the form shows it; empty when there is none.
 *
 * @example
 * money(150000000); // '150.000.000'
 */
export const money = (amount: number | null | undefined): string => (amount === null || amount === undefined ? '' : groupThousands(amount));

/**
 * Today as a date field shows it.
 *
 * @example
 * today({ today: '2026-03-02' }); // '02/03/2026'
 */
export const today = (c: { today: string }): string => formatDate(c.today);

/**
 * This month as a month field shows it.
 *
 * @example
 * thisMonth({ today: '2026-03-02' }); // '03/2026'
 */
export const thisMonth = (c: { today: string }): string => formatMonth(c.today.slice(0, 7));

/**
 * This year, for example paperwork numbers.
 *
 * @example
 * yearOf({ today: '2026-03-02' }); // '2026'
 */
export const yearOf = (c: { today: string }): string => c.today.slice(0, 4);

/**
 * A short random suffix, so example paperwork numbers do not collide.
 *
 * @example
 * `${serial()}/QĐ-SCT`; // '4821/QĐ-SCT'
 */
export function serial(): string {
  return String(Math.floor(1000 + Math.random() * 9000));
}
