import type { Instant, LocalDate } from './time';

const INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const YEAR_MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

/**
 * True for an ISO-8601 instant that names its offset. Local times without an offset are refused
 * because the engine must never guess the time zone of a deadline.
 *
 * @example
 * isInstant('2026-03-02T09:00:00+07:00'); // true
 */
export function isInstant(value: unknown): value is Instant {
  return typeof value === 'string' && INSTANT_RE.test(value) && !Number.isNaN(Date.parse(value));
}

/**
 * Whole calendar days from `from` to `to` (negative when `to` is earlier).
 *
 * @example
 * daysBetween('2026-01-01', '2026-01-16'); // 15
 */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The calendar year of a date.
 *
 * @example
 * yearOf('2026-03-02'); // 2026
 */
export function yearOf(date: LocalDate): number {
  return Number(date.slice(0, 4));
}

/**
 * True for a reporting period `YYYY-MM`.
 *
 * @example
 * isYearMonth('2026-03'); // true
 */
export function isYearMonth(value: unknown): value is string {
  return typeof value === 'string' && YEAR_MONTH_RE.test(value);
}

/**
 * The `YYYY-MM` period a date falls in.
 *
 * @example
 * yearMonthOf('2026-03-02'); // '2026-03'
 */
export function yearMonthOf(date: LocalDate): string {
  return date.slice(0, 7);
}

/**
 * A date of a given year, month and day, zero-padded.
 *
 * @example
 * dateOf(2027, 1, 22); // '2027-01-22'
 */
export function dateOf(year: number, month: number, day: number): LocalDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
