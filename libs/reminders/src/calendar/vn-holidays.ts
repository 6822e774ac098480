/**
 * Vietnamese public holidays of a Gregorian year: the statutory days of Labour Code 2019,
 * art. 112(1), computed (the lunar ones through `lunar-calendar.ts`), plus the per-year data of
 * `vn-holiday-data.ts` (compensatory days, swaps, the 2 September companion day).
 */
import { formatIsoDate, parseIsoDate, weekdayOfJdn } from './civil-date';
import { fromLunar, lunarNewYear } from './lunar-calendar';
import {
  type DayOffKind,
  type HolidayDataTable,
  type LocalizedName,
  VN_HOLIDAY_DATA,
  type YearHolidayData,
} from './vn-holiday-data';

/** A day off in Vietnam. */
export interface Holiday {
  /** `YYYY-MM-DD`. */
  readonly date: string;
  readonly name: LocalizedName;
  readonly kind: DayOffKind;
}

/** A weekend day that a year's data makes a working day. */
export interface ExtraWorkingDay {
  readonly date: string;
  readonly name: LocalizedName;
}

const DEFAULT_NAMES: Readonly<Record<DayOffKind, LocalizedName>> = {
  holiday: { vi: 'Ngày nghỉ lễ', en: 'Public holiday' },
  compensatory: { vi: 'Nghỉ bù', en: 'Compensatory day off' },
  swap: { vi: 'Nghỉ hoán đổi (làm bù ngày khác)', en: 'Swapped day off (worked on another day)' },
};

const MAKE_UP_DAY_NAME: LocalizedName = {
  vi: 'Ngày làm bù (hoán đổi)',
  en: 'Make-up working day (swap)',
};

function isWeekend(jdn: number): boolean {
  const weekday = weekdayOfJdn(jdn);
  return weekday === 0 || weekday === 6;
}

/** The statutory holidays of art. 112(1), in date order, before any per-year data. */
function statutoryHolidays(year: number, yearData: YearHolidayData | undefined): Holiday[] {
  const tet = parseIsoDate(lunarNewYear(year));
  const holidays: Holiday[] = [
    { date: `${year}-01-01`, kind: 'holiday', name: { vi: 'Tết Dương lịch', en: "New Year's Day" } },
    // Art. 112(1)(b): "01 ngày cuối năm và 04 ngày đầu năm âm lịch". The last day is the 29th or
    // the 30th of month 12 depending on the month's length, hence the day before Tết.
    {
      date: formatIsoDate(tet - 1),
      kind: 'holiday',
      name: { vi: 'Tết Nguyên Đán (ngày cuối năm âm lịch)', en: 'Lunar New Year (last day of the lunar year)' },
    },
  ];
  for (let day = 1; day <= 4; day += 1) {
    holidays.push({
      date: formatIsoDate(tet + day - 1),
      kind: 'holiday',
      name: { vi: `Tết Nguyên Đán (mùng ${day})`, en: `Lunar New Year (day ${day})` },
    });
  }
  // 10th day of the (regular, not leap) 3rd lunar month.
  holidays.push({
    date: fromLunar({ year, month: 3, day: 10 }),
    kind: 'holiday',
    name: { vi: 'Giỗ Tổ Hùng Vương', en: 'Hùng Kings Commemoration Day' },
  });
  holidays.push(
    {
      date: `${year}-04-30`,
      kind: 'holiday',
      name: { vi: 'Ngày Chiến thắng (Giải phóng miền Nam, thống nhất đất nước)', en: 'Reunification Day' },
    },
    { date: `${year}-05-01`, kind: 'holiday', name: { vi: 'Ngày Quốc tế Lao động', en: 'International Labour Day' } },
    { date: `${year}-09-02`, kind: 'holiday', name: { vi: 'Quốc khánh', en: 'National Day' } },
    {
      // The law leaves the choice of 1 or 3 September to the Prime Minister each year; 1 September
      // is the default until the year's data says otherwise.
      date: `${year}-${yearData?.nationalDayCompanion ?? '09-01'}`,
      kind: 'holiday',
      name: { vi: 'Quốc khánh (ngày liền kề)', en: 'National Day (adjacent day)' },
    },
  );
  return holidays;
}

/** Parses a data date and checks it lies in `year`, so a typo cannot shift another year. */
function dataDate(date: string, year: number, what: string): number {
  const jdn = parseIsoDate(date);
  if (!date.startsWith(`${year}-`)) {
    throw new RangeError(`Holiday data for ${year}: ${what} ${date} is not in ${year}`);
  }
  return jdn;
}

/**
 * All days off of a Gregorian year in Vietnam, in date order: statutory holidays, the year's
 * declared days off, and (unless the year's data turns it off) a compensatory day on the next
 * working day for each holiday that falls on a Saturday or Sunday.
 *
 * @param data Per-year table; defaults to the shipped {@link VN_HOLIDAY_DATA}. It replaces the
 * default, so extend it with a spread: `{ ...VN_HOLIDAY_DATA, 2028: {…} }`.
 * @throws RangeError on a year outside 1800–2199 or on inconsistent data.
 * @example
 * holidaysOf(2026).map((h) => h.date);
 * // ['2026-01-01', '2026-02-16', … '2026-02-20', '2026-04-26', '2026-04-27', '2026-04-30',
 * //  '2026-05-01', '2026-09-01', '2026-09-02']
 */
export function holidaysOf(year: number, data: HolidayDataTable = VN_HOLIDAY_DATA): Holiday[] {
  const yearData = data[year];
  const byDay = new Map<number, Holiday>();
  for (const holiday of statutoryHolidays(year, yearData)) byDay.set(parseIsoDate(holiday.date), holiday);

  const declared = yearData?.daysOff ?? [];
  for (const entry of declared) {
    const jdn = dataDate(entry.date, year, 'day off');
    // A declared day that is already a statutory holiday keeps its statutory name.
    if (!byDay.has(jdn)) {
      byDay.set(jdn, { date: formatIsoDate(jdn), kind: entry.kind, name: entry.name ?? DEFAULT_NAMES[entry.kind] });
    }
  }

  if (yearData?.autoCompensatory !== false) {
    const holidays = [...byDay.entries()]
      .filter(([, h]) => h.kind === 'holiday')
      .sort(([a], [b]) => a - b);
    for (const [jdn, holiday] of holidays) {
      if (!isWeekend(jdn)) continue;
      // Art. 111(3): the compensatory day is the next working day; skipping days already off
      // lets consecutive weekend holidays (Tết) each get their own day.
      let candidate = jdn + 1;
      while (isWeekend(candidate) || byDay.has(candidate)) candidate += 1;
      // Statutory holidays end in September, so only a declared late-December holiday can spill
      // into January; that day belongs to the next year's data and is listed there by hand.
      if (!formatIsoDate(candidate).startsWith(`${year}-`)) continue;
      byDay.set(candidate, {
        date: formatIsoDate(candidate),
        kind: 'compensatory',
        name: { vi: `Nghỉ bù ${holiday.name.vi}`, en: `Compensatory day off for ${holiday.name.en}` },
      });
    }
  }

  for (const entry of yearData?.workingDays ?? []) {
    const jdn = dataDate(entry.date, year, 'working day');
    if (!isWeekend(jdn)) {
      throw new RangeError(`Holiday data for ${year}: working day ${entry.date} is not a Saturday or Sunday`);
    }
    if (byDay.has(jdn)) {
      throw new RangeError(`Holiday data for ${year}: ${entry.date} is both a day off and a working day`);
    }
  }

  return [...byDay.entries()].sort(([a], [b]) => a - b).map(([, h]) => h);
}

/**
 * Weekend days that the year's data declares working days (make-up days of swaps).
 *
 * @example
 * extraWorkingDaysOf(2025); // [{ date: '2025-04-26', name: { vi: 'Ngày làm bù (hoán đổi)', … } }]
 */
export function extraWorkingDaysOf(year: number, data: HolidayDataTable = VN_HOLIDAY_DATA): ExtraWorkingDay[] {
  return (data[year]?.workingDays ?? [])
    .map((entry) => ({
      date: formatIsoDate(dataDate(entry.date, year, 'working day')),
      name: entry.name ?? MAKE_UP_DAY_NAME,
    }))
    .sort((a, b) => a.date.localeCompare(b.date));
}
