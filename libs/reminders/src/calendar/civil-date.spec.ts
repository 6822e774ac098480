import {
  addCalendarDays,
  civilFromJulianDayNumber,
  formatIsoDate,
  julianDayNumber,
  parseIsoDate,
  weekdayOfJdn,
} from './civil-date';

describe('civil-date', () => {
  it('numbers days as Julian Day Numbers', () => {
    expect(julianDayNumber(2000, 1, 1)).toBe(2451545);
    // Meeus, Astronomical Algorithms, example 7.a: 4 October 1957 (0h UT is JD 2436115.5).
    expect(julianDayNumber(1957, 10, 4)).toBe(2436116);
    expect(civilFromJulianDayNumber(2451545)).toEqual({ year: 2000, month: 1, day: 1 });
  });

  it('round-trips every day from 1799 to 2201', () => {
    const mismatches: string[] = [];
    for (let jdn = julianDayNumber(1799, 1, 1); jdn <= julianDayNumber(2201, 12, 31); jdn += 1) {
      // One assertion at the end: an expect per day would dominate the run time.
      if (parseIsoDate(formatIsoDate(jdn)) !== jdn) mismatches.push(formatIsoDate(jdn));
    }
    expect(mismatches).toEqual([]);
  });

  it('rejects malformed and impossible dates', () => {
    for (const bad of ['2026-02-30', '2025-02-29', '2026-13-01', '2026-1-01', '26-01-01', '2026-01-01T00:00', '']) {
      expect(() => parseIsoDate(bad)).toThrow(RangeError);
    }
    expect(parseIsoDate('2024-02-29')).toBe(julianDayNumber(2024, 2, 29));
    expect(() => parseIsoDate('2100-02-29')).toThrow(RangeError);
  });

  it('knows the day of the week', () => {
    expect(weekdayOfJdn(parseIsoDate('2000-01-01'))).toBe(6);
    expect(weekdayOfJdn(parseIsoDate('2026-02-17'))).toBe(2);
    expect(weekdayOfJdn(parseIsoDate('2026-04-26'))).toBe(0);
  });

  it('adds calendar days across month and year ends', () => {
    expect(addCalendarDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(() => addCalendarDays('2026-01-01', 0.5)).toThrow(RangeError);
  });
});
