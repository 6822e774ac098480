/**
 * The two astronomical quantities a Vietnamese (or Chinese) lunisolar calendar needs: the instants
 * of new moons and the apparent longitude of the Sun.
 *
 * Formulas are from Jean Meeus, "Astronomical Algorithms" (2nd ed.): chapter 49 (phases of the
 * Moon, with all periodic and planetary terms, accurate to well under a minute for 1800–2200)
 * and chapter 25 (solar coordinates, low accuracy, about 0.01° ≈ 15 minutes of solar-term time).
 * They are more precise than the simplified ones in Hồ Ngọc Đức's published description; the
 * calendar rules on top of them (`lunar-calendar.ts`) follow that description. Precision only
 * matters when a new moon or a solar term falls within minutes of local midnight, where the
 * calendar day of the event, not the event itself, changes.
 *
 * Times are Julian Dates. Meeus' formulas run on Terrestrial Time (TT); civil dates need
 * Universal Time (UT), so ΔT = TT − UT is subtracted with {@link deltaTSeconds}.
 */

const RADIANS_PER_DEGREE = Math.PI / 180;
const SECONDS_PER_DAY = 86_400;

/** Mean length of a synodic month in days (Meeus 49.1). */
export const SYNODIC_MONTH_DAYS = 29.530588861;

/** Julian Date (TT) of the mean new moon numbered 0, 6 January 2000 (Meeus 49.1). */
export const NEW_MOON_EPOCH_JDE = 2451550.09766;

function sinDeg(degrees: number): number {
  return Math.sin(degrees * RADIANS_PER_DEGREE);
}

/**
 * Julian Ephemeris Date (TT) of the true new moon number `k` (k = 0 is the new moon of
 * 6 January 2000; negative numbers count backwards).
 *
 * @example
 * newMoonJde(-283); // ≈ 2443192.65118 (18 February 1977, 3:37:42 TT — Meeus example 49.a)
 */
export function newMoonJde(k: number): number {
  const t = k / 1236.85;
  const t2 = t * t;
  const t3 = t2 * t;
  const t4 = t3 * t;
  const mean =
    NEW_MOON_EPOCH_JDE + SYNODIC_MONTH_DAYS * k + 0.00015437 * t2 - 0.00000015 * t3 + 0.00000000073 * t4;
  // Eccentricity of Earth's orbit: terms involving the Sun's anomaly shrink as it decreases.
  const e = 1 - 0.002516 * t - 0.0000074 * t2;
  const sunAnomaly = 2.5534 + 29.1053567 * k - 0.0000014 * t2 - 0.00000011 * t3;
  const moonAnomaly = 201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4;
  const latitudeArg = 160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4;
  const node = 124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3;
  const m = sunAnomaly;
  const mp = moonAnomaly;
  const f = latitudeArg;

  const periodic =
    -0.4072 * sinDeg(mp) +
    0.17241 * e * sinDeg(m) +
    0.01608 * sinDeg(2 * mp) +
    0.01039 * sinDeg(2 * f) +
    0.00739 * e * sinDeg(mp - m) -
    0.00514 * e * sinDeg(mp + m) +
    0.00208 * e * e * sinDeg(2 * m) -
    0.00111 * sinDeg(mp - 2 * f) -
    0.00057 * sinDeg(mp + 2 * f) +
    0.00056 * e * sinDeg(2 * mp + m) -
    0.00042 * sinDeg(3 * mp) +
    0.00042 * e * sinDeg(m + 2 * f) +
    0.00038 * e * sinDeg(m - 2 * f) -
    0.00024 * e * sinDeg(2 * mp - m) -
    0.00017 * sinDeg(node) -
    0.00007 * sinDeg(mp + 2 * m) +
    0.00004 * sinDeg(2 * mp - 2 * f) +
    0.00004 * sinDeg(3 * m) +
    0.00003 * sinDeg(mp + m - 2 * f) +
    0.00003 * sinDeg(2 * mp + 2 * f) -
    0.00003 * sinDeg(mp + m + 2 * f) +
    0.00003 * sinDeg(mp - m + 2 * f) -
    0.00002 * sinDeg(mp - m - 2 * f) -
    0.00002 * sinDeg(3 * mp + m) +
    0.00002 * sinDeg(4 * mp);

  // Planetary perturbations (Meeus 49, "additional corrections for all phases").
  const planetary =
    0.000325 * sinDeg(299.77 + 0.107408 * k - 0.009173 * t2) +
    0.000165 * sinDeg(251.88 + 0.016321 * k) +
    0.000164 * sinDeg(251.83 + 26.651886 * k) +
    0.000126 * sinDeg(349.42 + 36.412478 * k) +
    0.00011 * sinDeg(84.66 + 18.206239 * k) +
    0.000062 * sinDeg(141.74 + 53.303771 * k) +
    0.00006 * sinDeg(207.14 + 2.453732 * k) +
    0.000056 * sinDeg(154.84 + 7.30686 * k) +
    0.000047 * sinDeg(34.52 + 27.261239 * k) +
    0.000042 * sinDeg(207.19 + 0.121824 * k) +
    0.00004 * sinDeg(291.34 + 1.844379 * k) +
    0.000037 * sinDeg(161.72 + 24.198154 * k) +
    0.000035 * sinDeg(239.56 + 25.513099 * k) +
    0.000023 * sinDeg(331.55 + 3.592518 * k);

  return mean + periodic + planetary;
}

/**
 * ΔT = TT − UT in seconds for a (fractional) Gregorian year, from the Espenak & Meeus
 * polynomials (NASA eclipse web site) for 1900–2150 and their long-term parabola outside.
 * Future values are extrapolations; an error of a minute moves no calendar day unless an
 * event falls within that minute of midnight.
 *
 * @example
 * deltaTSeconds(2000); // ≈ 63.9
 */
export function deltaTSeconds(year: number): number {
  if (year >= 1900 && year < 1920) {
    const t = year - 1900;
    return -2.79 + 1.494119 * t - 0.0598939 * t ** 2 + 0.0061966 * t ** 3 - 0.000197 * t ** 4;
  }
  if (year >= 1920 && year < 1941) {
    const t = year - 1920;
    return 21.2 + 0.84493 * t - 0.0761 * t ** 2 + 0.0020936 * t ** 3;
  }
  if (year >= 1941 && year < 1961) {
    const t = year - 1950;
    return 29.07 + 0.407 * t - t ** 2 / 233 + t ** 3 / 2547;
  }
  if (year >= 1961 && year < 1986) {
    const t = year - 1975;
    return 45.45 + 1.067 * t - t ** 2 / 260 - t ** 3 / 718;
  }
  if (year >= 1986 && year < 2005) {
    const t = year - 2000;
    return (
      63.86 + 0.3345 * t - 0.060374 * t ** 2 + 0.0017275 * t ** 3 + 0.000651814 * t ** 4 + 0.00002373599 * t ** 5
    );
  }
  if (year >= 2005 && year < 2050) {
    const t = year - 2000;
    return 62.92 + 0.32217 * t + 0.005589 * t ** 2;
  }
  const u = (year - 1820) / 100;
  if (year >= 2050 && year < 2150) {
    return -20 + 32 * u * u - 0.5628 * (2150 - year);
  }
  return -20 + 32 * u * u;
}

/** Converts a Julian Date in TT to UT. */
function ttToUt(jde: number): number {
  // The Julian year is precise enough to pick ΔT, which changes by about a second a year.
  const year = 2000 + (jde - 2451545) / 365.25;
  return jde - deltaTSeconds(year) / SECONDS_PER_DAY;
}

/** Converts a Julian Date in UT to TT. */
function utToTt(jd: number): number {
  const year = 2000 + (jd - 2451545) / 365.25;
  return jd + deltaTSeconds(year) / SECONDS_PER_DAY;
}

/**
 * Julian Date (UT) of the true new moon number `k`.
 *
 * @example
 * newMoonJd(0); // ≈ 2451550.26 (6 January 2000, 18:14 UT)
 */
export function newMoonJd(k: number): number {
  return ttToUt(newMoonJde(k));
}

/**
 * Apparent geocentric longitude of the Sun in degrees [0, 360) at a Julian Date in UT.
 *
 * @example
 * sunLongitudeDegrees(2448908.5 - 59 / 86400); // ≈ 199.909 (13 October 1992 0h TT — Meeus example 25.a)
 */
export function sunLongitudeDegrees(jd: number): number {
  const t = (utToTt(jd) - 2451545) / 36525;
  const meanLongitude = 280.46646 + 36000.76983 * t + 0.0003032 * t * t;
  const meanAnomaly = 357.52911 + 35999.05029 * t - 0.0001537 * t * t;
  const center =
    (1.914602 - 0.004817 * t - 0.000014 * t * t) * sinDeg(meanAnomaly) +
    (0.019993 - 0.000101 * t) * sinDeg(2 * meanAnomaly) +
    0.000289 * sinDeg(3 * meanAnomaly);
  const node = 125.04 - 1934.136 * t;
  // Aberration (−0.00569°) and nutation in longitude (−0.00478° sin Ω) give the apparent value.
  const apparent = meanLongitude + center - 0.00569 - 0.00478 * sinDeg(node);
  return ((apparent % 360) + 360) % 360;
}

/**
 * Julian Date (UT) at which the Sun's apparent longitude reaches `targetDegrees`, searched
 * near `guessJd` (must be within a few weeks of the answer).
 *
 * @example
 * // December solstice 2024: ≈ 2460665.884, i.e. 21 Dec 09:13 UT (true instant 09:20 UT; the
 * // low-accuracy solar theory is good to about a quarter of an hour).
 * solarTermJd(270, 2460665.5);
 */
export function solarTermJd(targetDegrees: number, guessJd: number): number {
  let jd = guessJd;
  // Newton steps with the Sun's mean rate: each step gains ~2 orders of magnitude, so ten
  // iterations reach well below a second; the loop stops earlier when the change vanishes.
  for (let i = 0; i < 10; i += 1) {
    let diff = targetDegrees - sunLongitudeDegrees(jd);
    diff = ((diff % 360) + 540) % 360 - 180;
    const step = (diff / 360) * 365.2422;
    jd += step;
    if (Math.abs(step) < 1e-7) break;
  }
  return jd;
}
