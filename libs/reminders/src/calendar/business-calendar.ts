/**
 * Business-day arithmetic for Asia/Ho_Chi_Minh, used for reminder deadlines such as
 * "10 business days after the info request".
 *
 * A business day is Monday–Friday that is not a day off of {@link holidaysOf}, or a Saturday or
 * Sunday that the year's data declares a working day (a make-up day of a swap).
 *
 * Counting rule: "n business days after D" is the n-th business day strictly after D, whatever D
 * is. So a request on Friday or Saturday with n = 1 is due on Monday (if Monday is a business
 * day), and `businessDaysBetween(D, addBusinessDays(D, n)) === n` for every n ≥ 1. With n = 0
 * the result is D itself when D is a business day, else the next business day — "due today,
 * or on the first business day if today is not one".
 *
 * Times: Vietnam has been on UTC+07:00 without daylight saving since 1975, so instants are
 * converted with a fixed offset and no time-zone database.
 */
import { civilFromJulianDayNumber, formatIsoDate, parseIsoDate, weekdayOfJdn } from './civil-date';
import { MAX_LUNAR_YEAR, MIN_LUNAR_YEAR } from './lunar-calendar';
import { type HolidayDataTable, VN_HOLIDAY_DATA } from './vn-holiday-data';
import { extraWorkingDaysOf, type Holiday, holidaysOf } from './vn-holidays';

/** Offset of Vietnamese civil time from UTC, in minutes. */
export const VIETNAM_OFFSET_MINUTES = 7 * 60;

const MINUTES_PER_DAY = 1440;
const INSTANT_PATTERN =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.\d{1,9})?)?(?:([Zz])|([+-])([01]\d|2[0-3]):?([0-5]\d))$/;
const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?$/;

/** Options of a {@link BusinessCalendar}. */
export interface BusinessCalendarOptions {
  /** Per-year holiday data; defaults to the shipped {@link VN_HOLIDAY_DATA}. */
  readonly data?: HolidayDataTable;
}

/** The days off and extra working days of one year, by Julian Day Number. */
interface YearIndex {
  readonly daysOff: ReadonlyMap<number, Holiday>;
  readonly workingWeekendDays: ReadonlySet<number>;
}

/**
 * The Vietnamese calendar date on which an ISO-8601 instant falls (the instant must carry `Z` or
 * an offset: a local time without one is ambiguous).
 *
 * @throws RangeError when the text is not an ISO-8601 instant with offset.
 * @example
 * vietnamDateOfInstant('2026-02-13T18:30:00Z'); // '2026-02-14' (01:30 in Hà Nội)
 */
export function vietnamDateOfInstant(instant: string): string {
  const match = INSTANT_PATTERN.exec(instant);
  if (match === null) throw new RangeError(`Not an ISO-8601 instant with offset: ${instant}`);
  const [, date = '', hours = '0', minutes = '0', , zulu, sign, offsetHours = '0', offsetMinutes = '0'] = match;
  const offset = zulu !== undefined ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetHours) * 60 + Number(offsetMinutes));
  // Offsets are whole minutes, so seconds can never move an instant across local midnight.
  const utcMinutes = parseIsoDate(date) * MINUTES_PER_DAY + Number(hours) * 60 + Number(minutes) - offset;
  return formatIsoDate(Math.floor((utcMinutes + VIETNAM_OFFSET_MINUTES) / MINUTES_PER_DAY));
}

/**
 * Business days of Vietnam (Asia/Ho_Chi_Minh) with public holidays, compensatory days and swaps.
 * Immutable apart from an internal per-year cache.
 */
export class BusinessCalendar {
  private readonly data: HolidayDataTable;
  private readonly years = new Map<number, YearIndex>();

  /**
   * @example
   * const calendar = new BusinessCalendar({ data: { ...VN_HOLIDAY_DATA, 2028: { nationalDayCompanion: '09-01' } } });
   */
  constructor(options: BusinessCalendarOptions = {}) {
    this.data = options.data ?? VN_HOLIDAY_DATA;
  }

  /**
   * Whether a `YYYY-MM-DD` date is a business day.
   *
   * @example
   * vnBusinessCalendar.isBusinessDay('2026-02-17'); // false (Tết)
   */
  isBusinessDay(date: string): boolean {
    return this.isBusinessJdn(parseIsoDate(date));
  }

  /**
   * The day off on a date (holiday, compensatory or swapped day), if any. Ordinary weekends
   * are not reported.
   *
   * @example
   * vnBusinessCalendar.holidayOn('2026-04-27')?.kind; // 'compensatory' (Giỗ Tổ fell on Sunday)
   */
  holidayOn(date: string): Holiday | undefined {
    const jdn = parseIsoDate(date);
    return this.indexFor(jdn).daysOff.get(jdn);
  }

  /**
   * The first business day strictly after `date`.
   *
   * @example
   * vnBusinessCalendar.nextBusinessDay('2026-02-13'); // '2026-02-23' (Friday before Tết)
   */
  nextBusinessDay(date: string): string {
    return formatIsoDate(this.nextBusinessJdn(parseIsoDate(date)));
  }

  /**
   * The n-th business day strictly after `date` (n ≥ 1); for n = 0, `date` itself when it is a
   * business day, otherwise the next business day.
   *
   * @throws RangeError when n is not a non-negative integer.
   * @example
   * vnBusinessCalendar.addBusinessDays('2026-02-10', 10); // '2026-03-03' (skips Tết 14–22 Feb)
   */
  addBusinessDays(date: string, n: number): string {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`Business days must be a whole number ≥ 0: ${n}`);
    let jdn = parseIsoDate(date);
    if (n === 0) return formatIsoDate(this.isBusinessJdn(jdn) ? jdn : this.nextBusinessJdn(jdn));
    for (let i = 0; i < n; i += 1) jdn = this.nextBusinessJdn(jdn);
    return formatIsoDate(jdn);
  }

  /**
   * Number of business days d with a < d ≤ b (negative when b is before a), so that
   * `businessDaysBetween(a, addBusinessDays(a, n)) === n` for n ≥ 1.
   *
   * @example
   * vnBusinessCalendar.businessDaysBetween('2026-02-13', '2026-02-23'); // 1
   */
  businessDaysBetween(a: string, b: string): number {
    const from = parseIsoDate(a);
    const to = parseIsoDate(b);
    if (to < from) return -this.countBusinessDays(to, from);
    return this.countBusinessDays(from, to);
  }

  /**
   * Deadline instant `n` business days after the Vietnamese date of `instant`, at local `time`
   * (`HH:MM` or `HH:MM:SS`), written with the `+07:00` offset. With n = 0 on a business day the
   * result may precede `instant` (e.g. a request at 18:00 due "today" at 17:00).
   *
   * @throws RangeError on a malformed instant or time, or a negative n.
   * @example
   * vnBusinessCalendar.dueAtAfterBusinessDays('2026-02-10T02:15:00Z', 10); // '2026-03-03T17:00:00+07:00'
   */
  dueAtAfterBusinessDays(instant: string, n: number, time = '17:00'): string {
    if (!TIME_PATTERN.test(time)) throw new RangeError(`Not a local time HH:MM[:SS]: ${time}`);
    const due = this.addBusinessDays(vietnamDateOfInstant(instant), n);
    return `${due}T${time.length === 5 ? `${time}:00` : time}+07:00`;
  }

  private countBusinessDays(fromExclusive: number, toInclusive: number): number {
    let count = 0;
    for (let jdn = fromExclusive + 1; jdn <= toInclusive; jdn += 1) {
      if (this.isBusinessJdn(jdn)) count += 1;
    }
    return count;
  }

  private nextBusinessJdn(jdn: number): number {
    let next = jdn + 1;
    // Bounded in practice by the longest break (Tết, under two weeks); the year range check in
    // indexFor ends the loop at the edge of the supported years.
    while (!this.isBusinessJdn(next)) next += 1;
    return next;
  }

  private isBusinessJdn(jdn: number): boolean {
    const index = this.indexFor(jdn);
    const weekday = weekdayOfJdn(jdn);
    if (weekday === 0 || weekday === 6) return index.workingWeekendDays.has(jdn);
    return !index.daysOff.has(jdn);
  }

  private indexFor(jdn: number): YearIndex {
    const { year } = civilFromJulianDayNumber(jdn);
    const cached = this.years.get(year);
    if (cached !== undefined) return cached;
    if (year < MIN_LUNAR_YEAR || year > MAX_LUNAR_YEAR) {
      throw new RangeError(`Year ${year} is outside the supported range ${MIN_LUNAR_YEAR}–${MAX_LUNAR_YEAR}`);
    }
    const index: YearIndex = {
      daysOff: new Map(holidaysOf(year, this.data).map((h) => [parseIsoDate(h.date), h])),
      workingWeekendDays: new Set(extraWorkingDaysOf(year, this.data).map((d) => parseIsoDate(d.date))),
    };
    this.years.set(year, index);
    return index;
  }
}

/** A calendar with the shipped holiday data. */
export const vnBusinessCalendar = new BusinessCalendar();

