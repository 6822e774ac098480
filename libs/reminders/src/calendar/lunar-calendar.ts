/**
 * The Vietnamese lunisolar calendar (âm lịch), computed from astronomy rather than tabulated.
 *
 * Rules (as laid out in Hồ Ngọc Đức's public description of the Vietnamese calendar, which
 * are the rules of the Chinese calendar applied to the meridian of UTC+7):
 * 1. A month begins on the local calendar day that contains the new moon.
 * 2. Month 11 is the month containing the December solstice (the major solar term at 270°).
 * 3. The 12 major solar terms (zhōngqì, trung khí) are where the Sun's longitude is a multiple
 *    of 30°. When 13 months lie between two months 11 (a leap "suì"), the first month after
 *    month 11 that contains no major term is the leap month and repeats the previous number.
 * 4. Months 11 and 12 belong to the lunar year that began the previous Tết; month 1 starts Tết.
 *
 * The offset matters: Vietnam's calendar uses UTC+7, China's UTC+8, so a new moon or solstice
 * shortly before midnight in Hà Nội falls on the next day in Beijing. That is why Tết 1985 was on
 * 21 January in Vietnam but on 20 February in China. {@link createLunarCalendar} takes the offset
 * so the same rules can be checked against the Chinese calendar.
 *
 * Dates before 1968 are computed with UTC+7 too; calendars actually printed then (North
 * Vietnam switched from UTC+8 in 1968, the South in 1975) can differ by a day or a month.
 */
import { newMoonJd, NEW_MOON_EPOCH_JDE, solarTermJd, sunLongitudeDegrees, SYNODIC_MONTH_DAYS } from './astronomy';
import { civilFromJulianDayNumber, formatIsoDate, julianDayNumber, parseIsoDate } from './civil-date';

/** Vietnam's civil time offset (Asia/Ho_Chi_Minh, no daylight saving since 1975). */
export const VIETNAM_UTC_OFFSET_HOURS = 7;

/** First Gregorian / lunar year supported; the astronomy is validated for 1800–2199 only. */
export const MIN_LUNAR_YEAR = 1800;
/** Last Gregorian / lunar year supported. */
export const MAX_LUNAR_YEAR = 2199;

/** A date of the lunisolar calendar. `leap` marks the intercalary repeat of `month`. */
export interface LunarDate {
  /** The lunar year, numbered as the Gregorian year in which its Tết falls. */
  readonly year: number;
  /** 1–12; a leap month carries the number of the month it follows. */
  readonly month: number;
  /** 1–29 or 1–30. */
  readonly day: number;
  readonly leap: boolean;
}

/** One month of a lunar year. */
export interface LunarMonth {
  readonly year: number;
  readonly month: number;
  readonly leap: boolean;
  /** Gregorian date (`YYYY-MM-DD`) of day 1. */
  readonly start: string;
  /** 29 ("tháng thiếu") or 30 ("tháng đủ") days. */
  readonly length: 29 | 30;
}

/** The conversions of a lunisolar calendar kept at one fixed UTC offset. */
export interface LunarCalendar {
  readonly utcOffsetHours: number;
  /** Lunar date of a Gregorian `YYYY-MM-DD` date. */
  toLunar(date: string): LunarDate;
  /** Gregorian `YYYY-MM-DD` date of a lunar date; `leap` defaults to false. */
  fromLunar(lunar: { year: number; month: number; day: number; leap?: boolean }): string;
  /** Gregorian date of the first day of lunar year `year` (Tết). */
  newYear(year: number): string;
  /** The leap month of lunar year `year`, or undefined when it has 12 months. */
  leapMonth(year: number): number | undefined;
  /** The 12 or 13 months of lunar year `year`, in order. */
  months(year: number): readonly LunarMonth[];
}

/** A month as the engine keeps it, with day numbers instead of text. */
interface MonthSpan {
  readonly lunarYear: number;
  readonly month: number;
  readonly leap: boolean;
  readonly startJdn: number;
  readonly length: number;
}

class LunisolarEngine implements LunarCalendar {
  // Memoised because every conversion touches two suì and each costs about 30 astronomical
  // evaluations; results are pure functions of the year, so caching never goes stale.
  private readonly month11Cache = new Map<number, number>();
  private readonly suiCache = new Map<number, readonly MonthSpan[]>();

  constructor(readonly utcOffsetHours: number) {}

  toLunar(date: string): LunarDate {
    const jdn = parseIsoDate(date);
    const { year } = civilFromJulianDayNumber(jdn);
    checkYear(year);
    // Dates from this year's month 11 onward belong to the suì that ends next December.
    const suiYear = this.newMoonDay(this.month11Lunation(year)) <= jdn ? year + 1 : year;
    const months = this.sui(suiYear);
    let found: MonthSpan | undefined;
    for (const month of months) {
      if (month.startJdn <= jdn) found = month;
    }
    if (found === undefined) throw new Error(`No lunar month contains ${date}`);
    return { year: found.lunarYear, month: found.month, day: jdn - found.startJdn + 1, leap: found.leap };
  }

  fromLunar(lunar: { year: number; month: number; day: number; leap?: boolean }): string {
    const leap = lunar.leap ?? false;
    if (!Number.isInteger(lunar.month) || lunar.month < 1 || lunar.month > 12) {
      throw new RangeError(`Lunar month must be 1–12: ${lunar.month}`);
    }
    const span = this.spansOf(lunar.year).find((m) => m.month === lunar.month && m.leap === leap);
    if (span === undefined) {
      throw new RangeError(`Lunar year ${lunar.year} has no leap month ${lunar.month}`);
    }
    if (!Number.isInteger(lunar.day) || lunar.day < 1 || lunar.day > span.length) {
      throw new RangeError(
        `Lunar ${leap ? 'leap ' : ''}month ${lunar.month}/${lunar.year} has ${span.length} days, not day ${lunar.day}`,
      );
    }
    return formatIsoDate(span.startJdn + lunar.day - 1);
  }

  newYear(year: number): string {
    return this.fromLunar({ year, month: 1, day: 1 });
  }

  leapMonth(year: number): number | undefined {
    return this.spansOf(year).find((m) => m.leap)?.month;
  }

  months(year: number): readonly LunarMonth[] {
    return this.spansOf(year).map((m) => ({
      year: m.lunarYear,
      month: m.month,
      leap: m.leap,
      start: formatIsoDate(m.startJdn),
      length: m.length === 29 ? 29 : 30,
    }));
  }

  /** Months of lunar year `year`: months 1–10 of suì `year`, then 11–12 of suì `year + 1`. */
  private spansOf(year: number): MonthSpan[] {
    checkYear(year);
    return [...this.sui(year), ...this.sui(year + 1)].filter((m) => m.lunarYear === year);
  }

  /** Local calendar day (JDN) of the true new moon number `k`. */
  private newMoonDay(k: number): number {
    return this.localDayOf(newMoonJd(k));
  }

  /** JDN of the local civil date on which a UT instant falls. */
  private localDayOf(jd: number): number {
    return Math.floor(jd + 0.5 + this.utcOffsetHours / 24);
  }

  /** Number (as in `newMoonJd`) of the last new moon whose local day is on or before `jdn`. */
  private lunationOnOrBefore(jdn: number): number {
    let k = Math.floor((jdn - NEW_MOON_EPOCH_JDE) / SYNODIC_MONTH_DAYS);
    // The estimate uses mean new moons; true ones differ by at most ~14 hours, so a step or
    // two settles it.
    while (this.newMoonDay(k + 1) <= jdn) k += 1;
    while (this.newMoonDay(k) > jdn) k -= 1;
    return k;
  }

  /** New moon number starting month 11 of Gregorian year `year` (the one with the solstice). */
  private month11Lunation(year: number): number {
    const cached = this.month11Cache.get(year);
    if (cached !== undefined) return cached;
    // Rule 2 in local days: the solstice's local date decides, so a solstice at 23:23 on the eve
    // of a new moon (Hà Nội, 21 December 1984) stays in the month before that new moon.
    const solsticeDay = this.localDayOf(solarTermJd(270, julianDayNumber(year, 12, 21) - 0.5));
    const k = this.lunationOnOrBefore(solsticeDay);
    this.month11Cache.set(year, k);
    return k;
  }

  /** Index 0–11 of the 30° sector the Sun is in at the start (local midnight) of day `jdn`. */
  private sectorAtStartOf(jdn: number): number {
    const midnightUt = jdn - 0.5 - this.utcOffsetHours / 24;
    return Math.floor(sunLongitudeDegrees(midnightUt) / 30);
  }

  /**
   * The months that start from month 11 of year `suiYear - 1` up to (excluding) month 11 of
   * `suiYear`, numbered and with the leap month marked.
   */
  private sui(suiYear: number): readonly MonthSpan[] {
    const cached = this.suiCache.get(suiYear);
    if (cached !== undefined) return cached;
    const firstK = this.month11Lunation(suiYear - 1);
    const endK = this.month11Lunation(suiYear);
    const count = endK - firstK;
    if (count !== 12 && count !== 13) throw new Error(`Suì ${suiYear} has ${count} months`);
    const starts: number[] = [];
    for (let i = 0; i <= count; i += 1) starts.push(this.newMoonDay(firstK + i));

    let leapIndex = -1;
    if (count === 13) {
      // A month lacks a major term exactly when the Sun is in the same 30° sector at the
      // midnights that open it and the next month (it cannot cross two boundaries in 30 days
      // and come back). Month 11 (index 0) holds the solstice, so the search starts at 1.
      for (let i = 1; i < count; i += 1) {
        if (this.sectorAtStartOf(starts[i] ?? 0) === this.sectorAtStartOf(starts[i + 1] ?? 0)) {
          leapIndex = i;
          break;
        }
      }
      // 12 major terms in 13 months guarantee a month without one; failing that the inputs
      // are outside what the astronomy supports.
      if (leapIndex < 0) throw new Error(`Suì ${suiYear} has 13 months but no month without a major term`);
    }

    const months: MonthSpan[] = [];
    let reachedMonth1 = false;
    for (let i = 0; i < count; i += 1) {
      const ordinal = leapIndex >= 0 && i >= leapIndex ? i - 1 : i;
      const month = ((10 + ordinal) % 12) + 1;
      const leap = i === leapIndex;
      if (month === 1 && !leap) reachedMonth1 = true;
      const start = starts[i] ?? 0;
      const next = starts[i + 1] ?? 0;
      months.push({
        lunarYear: reachedMonth1 ? suiYear : suiYear - 1,
        month,
        leap,
        startJdn: start,
        length: next - start,
      });
    }
    this.suiCache.set(suiYear, months);
    return months;
  }
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_LUNAR_YEAR || year > MAX_LUNAR_YEAR) {
    throw new RangeError(`Year ${year} is outside the supported range ${MIN_LUNAR_YEAR}–${MAX_LUNAR_YEAR}`);
  }
}

/**
 * A lunisolar calendar for a fixed UTC offset in hours: 7 for Vietnam, 8 for China.
 *
 * @example
 * createLunarCalendar(8).newYear(1985); // '1985-02-20' (China)
 */
export function createLunarCalendar(utcOffsetHours: number): LunarCalendar {
  if (!Number.isFinite(utcOffsetHours) || Math.abs(utcOffsetHours) > 14) {
    throw new RangeError(`Not a UTC offset in hours: ${utcOffsetHours}`);
  }
  return new LunisolarEngine(utcOffsetHours);
}

/** The Vietnamese calendar (UTC+7). */
export const vietnameseLunarCalendar: LunarCalendar = createLunarCalendar(VIETNAM_UTC_OFFSET_HOURS);

/**
 * Vietnamese lunar date of a Gregorian `YYYY-MM-DD` date.
 *
 * @example
 * toLunar('2023-03-22'); // { year: 2023, month: 2, day: 1, leap: true } (leap 2nd month)
 */
export function toLunar(date: string): LunarDate {
  return vietnameseLunarCalendar.toLunar(date);
}

/**
 * Gregorian date of a Vietnamese lunar date.
 *
 * @throws RangeError when the month is not leap that year or the day does not exist.
 * @example
 * fromLunar({ year: 2026, month: 3, day: 10 }); // '2026-04-26' (Giỗ Tổ Hùng Vương)
 */
export function fromLunar(lunar: { year: number; month: number; day: number; leap?: boolean }): string {
  return vietnameseLunarCalendar.fromLunar(lunar);
}

/**
 * Gregorian date of Tết Nguyên Đán (lunar 1/1) of a year, Vietnamese calendar.
 *
 * @example
 * lunarNewYear(1985); // '1985-01-21' (China: 1985-02-20)
 */
export function lunarNewYear(year: number): string {
  return vietnameseLunarCalendar.newYear(year);
}

/**
 * Leap month of a Vietnamese lunar year, or undefined in a 12-month year.
 *
 * @example
 * leapMonthOf(2023); // 2
 */
export function leapMonthOf(year: number): number | undefined {
  return vietnameseLunarCalendar.leapMonth(year);
}

/**
 * The months of a Vietnamese lunar year with their first Gregorian day and length.
 *
 * @example
 * lunarMonthsOf(2025)[0]; // { year: 2025, month: 1, leap: false, start: '2025-01-29', length: 30 }
 */
export function lunarMonthsOf(year: number): readonly LunarMonth[] {
  return vietnameseLunarCalendar.months(year);
}
