/**
 * Gregorian calendar arithmetic on Julian Day Numbers (JDN).
 *
 * Every date in this module is handled as an integer day number so that day arithmetic,
 * weekday lookup and comparison are exact and independent of `Date` quirks (two-digit years,
 * host time zone). The JDN is also the time scale of the astronomy in `astronomy.ts`, which
 * lets the lunar calendar move between the two without conversions.
 */

/** A Gregorian calendar date split into its fields (month and day 1-based). */
export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Day of the week as JavaScript numbers it: 0 = Sunday … 6 = Saturday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/**
 * Julian Day Number of a proleptic Gregorian date (the day whose noon UT has that Julian date).
 *
 * @example
 * julianDayNumber(2000, 1, 1); // 2451545
 */
export function julianDayNumber(year: number, month: number, day: number): number {
  // Fliegel & Van Flandern: shift the year to start in March so that the leap day is last.
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  return (
    day +
    Math.floor((153 * m + 2) / 5) +
    365 * y +
    Math.floor(y / 4) -
    Math.floor(y / 100) +
    Math.floor(y / 400) -
    32045
  );
}

/**
 * The Gregorian date of a Julian Day Number (inverse of {@link julianDayNumber}).
 *
 * @example
 * civilFromJulianDayNumber(2451545); // { year: 2000, month: 1, day: 1 }
 */
export function civilFromJulianDayNumber(jdn: number): CivilDate {
  const a = jdn + 32044;
  const b = Math.floor((4 * a + 3) / 146097);
  const c = a - Math.floor((146097 * b) / 4);
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  return {
    day: e - Math.floor((153 * m + 2) / 5) + 1,
    month: m + 3 - 12 * Math.floor(m / 10),
    year: 100 * b + d - 4800 + Math.floor(m / 10),
  };
}

/**
 * Parses a strict `YYYY-MM-DD` date into its Julian Day Number.
 *
 * @throws RangeError when the text is not a real calendar date (e.g. `2026-02-30`).
 * @example
 * parseIsoDate('2026-02-17'); // 2461089
 */
export function parseIsoDate(date: string): number {
  const match = DATE_PATTERN.exec(date);
  if (match === null) throw new RangeError(`Not a YYYY-MM-DD date: ${date}`);
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const jdn = julianDayNumber(year, month, day);
  // Round-tripping rejects 2026-02-30 and friends, which the formula would silently roll over.
  const back = civilFromJulianDayNumber(jdn);
  if (back.year !== year || back.month !== month || back.day !== day) {
    throw new RangeError(`Not a calendar date: ${date}`);
  }
  return jdn;
}

/**
 * Formats a Julian Day Number as `YYYY-MM-DD`.
 *
 * @example
 * formatIsoDate(2461089); // '2026-02-17'
 */
export function formatIsoDate(jdn: number): string {
  const { year, month, day } = civilFromJulianDayNumber(jdn);
  if (year < 0 || year > 9999) throw new RangeError(`Year ${year} cannot be written as YYYY`);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Day of the week of a Julian Day Number (0 = Sunday … 6 = Saturday).
 *
 * @example
 * weekdayOfJdn(2451545); // 6 (1 January 2000 was a Saturday)
 */
export function weekdayOfJdn(jdn: number): Weekday {
  // JDN 0 was a Monday, so JDN + 1 modulo 7 counts from Sunday.
  return (((jdn + 1) % 7) + 7) % 7 as Weekday;
}

/**
 * Adds whole (calendar, not business) days to a `YYYY-MM-DD` date.
 *
 * @example
 * addCalendarDays('2026-02-28', 1); // '2026-03-01'
 */
export function addCalendarDays(date: string, days: number): string {
  if (!Number.isSafeInteger(days)) throw new RangeError(`Not a whole number of days: ${days}`);
  return formatIsoDate(parseIsoDate(date) + days);
}
