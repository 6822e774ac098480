import { formatIsoDate, julianDayNumber, parseIsoDate } from './civil-date';
import {
  createLunarCalendar,
  fromLunar,
  leapMonthOf,
  lunarMonthsOf,
  lunarNewYear,
  toLunar,
  vietnameseLunarCalendar,
} from './lunar-calendar';

const chinese = createLunarCalendar(8);

describe('Vietnamese lunar calendar', () => {
  describe('Tết Nguyên Đán', () => {
    it.each([
      [2024, '2024-02-10'],
      [2025, '2025-01-29'],
      [2026, '2026-02-17'],
      [2027, '2027-02-06'],
      [2028, '2028-01-26'],
      [2033, '2033-01-31'],
    ])('falls in %i on %s', (year, date) => {
      expect(lunarNewYear(year)).toBe(date);
      expect(toLunar(date)).toEqual({ year, month: 1, day: 1, leap: false });
    });

    it('was on 21 January 1985 in Vietnam, a month before China (20 February)', () => {
      // The solstice of 1984 fell at 23:23 on 21 December in Hà Nội but after midnight in
      // Beijing, on the day of a new moon: month 11 starts a month apart in the two calendars.
      expect(lunarNewYear(1985)).toBe('1985-01-21');
      expect(chinese.newYear(1985)).toBe('1985-02-20');
    });

    it.each([
      // The new moon fell between 23:00 and midnight UTC+7, i.e. after midnight UTC+8.
      [1968, '1968-01-29', '1968-01-30'],
      [2007, '2007-02-17', '2007-02-18'],
      // New moon 2 Feb 2030 16:07 UT = 23:07 in Hà Nội: Vietnam's Tết is on 2 February, China's
      // on 3 February (reported by Vietnamese calendar authorities alongside 2053).
      [2030, '2030-02-02', '2030-02-03'],
    ])('differs from China by a day in %i', (year, vietnam, china) => {
      expect(lunarNewYear(year)).toBe(vietnam);
      expect(chinese.newYear(year)).toBe(china);
    });

    it('matches the Chinese calendar where the offset does not matter', () => {
      expect(chinese.newYear(2033)).toBe('2033-01-31');
      expect(chinese.newYear(2034)).toBe('2034-02-19'); // after the "2033 problem" leap 11th month
    });
  });

  it.each([
    [2024, '2024-04-18'],
    [2025, '2025-04-07'],
    [2026, '2026-04-26'],
  ])('puts Giỗ Tổ Hùng Vương (10/3) of %i on %s', (year, date) => {
    expect(fromLunar({ year, month: 3, day: 10 })).toBe(date);
    expect(toLunar(date)).toEqual({ year, month: 3, day: 10, leap: false });
  });

  describe('leap months', () => {
    it('has a leap 2nd month in 2023', () => {
      expect(leapMonthOf(2023)).toBe(2);
      expect(lunarMonthsOf(2023)).toHaveLength(13);
      expect(toLunar('2023-02-20')).toEqual({ year: 2023, month: 2, day: 1, leap: false });
      expect(toLunar('2023-03-22')).toEqual({ year: 2023, month: 2, day: 1, leap: true });
      expect(toLunar('2023-04-20')).toEqual({ year: 2023, month: 3, day: 1, leap: false });
      expect(fromLunar({ year: 2023, month: 2, day: 15, leap: true })).toBe('2023-04-05');
    });

    it.each([
      [2020, 4],
      [2025, 6],
      [2028, 5],
      [2033, 11],
    ])('has leap month %i/%i like published calendars', (year, month) => {
      expect(leapMonthOf(year)).toBe(month);
    });

    it('has no leap month in 2024 and 2026', () => {
      expect(leapMonthOf(2024)).toBeUndefined();
      expect(lunarMonthsOf(2026)).toHaveLength(12);
    });

    it('places leap months by UTC+7 where it differs from China', () => {
      expect([leapMonthOf(1984), chinese.leapMonth(1984)]).toEqual([undefined, 10]);
      expect([leapMonthOf(1985), chinese.leapMonth(1985)]).toEqual([2, undefined]);
      expect([leapMonthOf(1987), chinese.leapMonth(1987)]).toEqual([7, 6]);
    });

    it('keeps Giỗ Tổ in the regular 3rd month of a year with a leap 3rd month', () => {
      expect(leapMonthOf(2031)).toBe(3);
      const regular = fromLunar({ year: 2031, month: 3, day: 10 });
      const leap = fromLunar({ year: 2031, month: 3, day: 10, leap: true });
      expect(parseIsoDate(leap) - parseIsoDate(regular)).toBeGreaterThanOrEqual(29);
    });
  });

  it('round-trips every day from 1950 to 2100 and keeps months consistent', () => {
    const problems: string[] = [];
    let previous = toLunar('1949-12-31');
    for (let jdn = julianDayNumber(1950, 1, 1); jdn <= julianDayNumber(2100, 12, 31); jdn += 1) {
      const date = formatIsoDate(jdn);
      const lunar = toLunar(date);
      // Assertions are collected: an expect per day would dominate the run time.
      if (fromLunar(lunar) !== date) problems.push(`${date} -> ${JSON.stringify(lunar)} -> ${fromLunar(lunar)}`);
      const nextDay = lunar.day === previous.day + 1 && lunar.month === previous.month && lunar.leap === previous.leap;
      const newMonth = lunar.day === 1 && (previous.day === 29 || previous.day === 30);
      if (!nextDay && !newMonth) problems.push(`${date}: ${JSON.stringify(previous)} then ${JSON.stringify(lunar)}`);
      previous = lunar;
    }
    expect(problems).toEqual([]);
  });

  it('builds lunar years of 12 or 13 contiguous months from 1950 to 2100', () => {
    const problems: string[] = [];
    for (let year = 1950; year <= 2100; year += 1) {
      const months = lunarMonthsOf(year);
      const leapCount = months.filter((m) => m.leap).length;
      if (months.length !== 12 + leapCount || leapCount > 1) problems.push(`${year}: ${months.length} months`);
      if (months[0]?.start !== lunarNewYear(year)) problems.push(`${year}: does not start at Tết`);
      const numbers = months.filter((m) => !m.leap).map((m) => m.month);
      if (numbers.join() !== '1,2,3,4,5,6,7,8,9,10,11,12') problems.push(`${year}: months ${numbers.join()}`);
      months.forEach((m, i) => {
        const next = months[i + 1]?.start ?? lunarNewYear(year + 1);
        if (parseIsoDate(next) - parseIsoDate(m.start) !== m.length) problems.push(`${year}/${m.month}: gap`);
      });
      // Tết always falls between 21 January and 20 February.
      const tet = lunarNewYear(year);
      if (tet < `${year}-01-21` || tet > `${year}-02-20`) problems.push(`${year}: Tết on ${tet}`);
    }
    expect(problems).toEqual([]);
  });

  it('round-trips lunar dates through the solar calendar', () => {
    for (let year = 1950; year <= 2100; year += 7) {
      for (const month of lunarMonthsOf(year)) {
        const lunar = { year, month: month.month, day: month.length, leap: month.leap };
        expect(toLunar(fromLunar(lunar))).toEqual(lunar);
      }
    }
  });

  it('rejects dates that do not exist', () => {
    expect(() => fromLunar({ year: 2024, month: 2, day: 1, leap: true })).toThrow(RangeError);
    // Month 12 of lunar year 2024 has 29 days (the eve of Tết 2025 is the 29th).
    expect(lunarMonthsOf(2024).at(-1)?.length).toBe(29);
    expect(() => fromLunar({ year: 2024, month: 12, day: 30 })).toThrow(RangeError);
    expect(() => fromLunar({ year: 2024, month: 13, day: 1 })).toThrow(RangeError);
    expect(() => fromLunar({ year: 2024, month: 1, day: 0 })).toThrow(RangeError);
    expect(() => lunarNewYear(1700)).toThrow(RangeError);
    expect(() => toLunar('2300-01-01')).toThrow(RangeError);
    expect(() => createLunarCalendar(Number.NaN)).toThrow(RangeError);
  });

  it('exposes the Vietnamese calendar with its offset', () => {
    expect(vietnameseLunarCalendar.utcOffsetHours).toBe(7);
  });
});
