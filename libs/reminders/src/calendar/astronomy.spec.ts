import { deltaTSeconds, newMoonJd, newMoonJde, solarTermJd, sunLongitudeDegrees } from './astronomy';
import { julianDayNumber } from './civil-date';

/** Julian Date (UT) of a UT clock time on a Gregorian date. */
function jdAt(year: number, month: number, day: number, hours: number, minutes: number): number {
  return julianDayNumber(year, month, day) - 0.5 + (hours * 60 + minutes) / 1440;
}

const MINUTE = 1 / 1440;

describe('astronomy', () => {
  it('reproduces Meeus example 49.a (new moon of February 1977)', () => {
    expect(newMoonJde(-283)).toBeCloseTo(2443192.65118, 4);
  });

  it('reproduces Meeus example 25.a (Sun on 13 October 1992)', () => {
    // The example is at 0h TT; ΔT was about 59 s then.
    expect(sunLongitudeDegrees(2448908.5 - 59 / 86400)).toBeCloseTo(199.90895, 3);
  });

  it('places known new moons within two minutes', () => {
    // Published times (UT) of new moons that decide Tết dates.
    const cases: Array<[number, number]> = [
      [0, jdAt(2000, 1, 6, 18, 14)],
      [300, jdAt(2024, 4, 8, 18, 21)], // eclipse new moon of 8 April 2024
      [372, jdAt(2030, 2, 2, 16, 7)], // 23:07 in Hà Nội, 00:07 next day in Beijing
    ];
    for (const [k, expected] of cases) {
      expect(Math.abs(newMoonJd(k) - expected)).toBeLessThan(2 * MINUTE);
    }
  });

  it('finds the December solstice within a quarter of an hour', () => {
    // 21 December 2024, 09:20 UT; and 21 December 1984, 16:23 UT (23:23 in Hà Nội).
    expect(Math.abs(solarTermJd(270, jdAt(2024, 12, 20, 0, 0)) - jdAt(2024, 12, 21, 9, 20))).toBeLessThan(15 * MINUTE);
    expect(Math.abs(solarTermJd(270, jdAt(1984, 12, 20, 0, 0)) - jdAt(1984, 12, 21, 16, 23))).toBeLessThan(15 * MINUTE);
  });

  it('uses plausible ΔT values', () => {
    expect(deltaTSeconds(1950)).toBeCloseTo(29.07, 1);
    expect(deltaTSeconds(2000)).toBeCloseTo(63.86, 1);
    expect(deltaTSeconds(2025)).toBeGreaterThan(60);
    expect(deltaTSeconds(2025)).toBeLessThan(80);
  });
});
