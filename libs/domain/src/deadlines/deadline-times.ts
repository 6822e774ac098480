import { addDays, dateOf, type Instant, type LocalDate, startOfLocalDay, VN_OFFSET_MINUTES } from '../shared';
import type { BusinessCalendarPort } from './business-calendar.port';

/*
 * Date arithmetic of the deadline table. Every instant produced here is written in Vietnamese
 * time (`+07:00`): the province has no daylight saving, so the offset is exact, and an officer
 * reading a due time sees the wall-clock time the rule speaks of.
 */

/** Hour at which a day-granular deadline falls due: the end of the office day. */
export const END_OF_OFFICE_DAY = '17:00';

/** Hour at which every notice goes out (ahead of a due day, "planned end approaching"): as the office day begins. */
export const START_OF_OFFICE_DAY = '08:00';

/** The longest run of days off the notice rule looks back over (Tết with its bridges is about nine). */
const LONGEST_BREAK_DAYS = 31;

/**
 * A local date at a local wall-clock time, as an instant.
 *
 * @example
 * atLocalTime('2026-03-18', '17:00'); // '2026-03-18T17:00:00+07:00'
 */
export function atLocalTime(date: LocalDate, time: string): Instant {
  return startOfLocalDay(date, time);
}

/**
 * The same instant written in Vietnamese time, so a deadline given as `…Z` reads as local.
 *
 * @example
 * inVietnamTime('2026-03-31T10:00:00Z'); // '2026-03-31T17:00:00+07:00'
 */
export function inVietnamTime(instant: Instant): Instant {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`Not an instant: ${instant}`);
  const iso = new Date(ms + VN_OFFSET_MINUTES * 60_000).toISOString();
  const millis = iso.slice(19, 23);
  return `${iso.slice(0, 19)}${millis === '.000' ? '' : millis}+07:00`;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * A day of a month, clamped to the month's last day (a policy day 31 falls on 30 June).
 *
 * @example
 * clampedDateOf(2027, 2, 29); // '2027-02-28'
 */
export function clampedDateOf(year: number, month: number, day: number): LocalDate {
  return dateOf(year, month, Math.min(day, daysInMonth(year, month)));
}

/**
 * Whole calendar months after a date, clamped to the end of a shorter month.
 *
 * @example
 * addMonths('2026-08-31', 6); // '2027-02-28'
 */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const index = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + months;
  return clampedDateOf(Math.floor(index / 12), (index % 12) + 1, Number(date.slice(8, 10)));
}

/**
 * The reporting period (`YYYY-MM`) after `period`.
 *
 * @example
 * nextPeriod('2026-12'); // '2027-01'
 */
export function nextPeriod(period: string): string {
  return addMonths(`${period}-01`, 1).slice(0, 7);
}

/**
 * The report day of a period, at which the report of that month falls due.
 *
 * @example
 * reportDayOf('2026-07', 25); // '2026-07-25'
 */
export function reportDayOf(period: string, dayOfMonth: number): LocalDate {
  return clampedDateOf(Number(period.slice(0, 4)), Number(period.slice(5, 7)), dayOfMonth);
}

/**
 * Days before a date (for notices ahead of a due day).
 *
 * @example
 * daysBefore('2026-07-25', 3); // '2026-07-22'
 */
export function daysBefore(date: LocalDate, days: number): LocalDate {
  return addDays(date, -days);
}

/**
 * The last instant of a local day (23:59:59.999), for a due day that is in time until it ends.
 *
 * @example
 * endOfDueDay('2026-07-25'); // '2026-07-25T23:59:59.999+07:00'
 */
export function endOfDueDay(date: LocalDate): Instant {
  return `${date}T23:59:59.999+07:00`;
}

/**
 * The latest business day at or before `date`: a notice that would fall on a weekend or a
 * holiday goes out on the business day before, so it never arrives later than the policy's lead
 * time allows.
 *
 * @example
 * latestBusinessDayAtOrBefore('2026-03-15', calendar); // '2026-03-12' (Sunday; Friday the 13th a holiday)
 */
export function latestBusinessDayAtOrBefore(date: LocalDate, calendar: BusinessCalendarPort): LocalDate {
  for (let back = 0; back <= LONGEST_BREAK_DAYS; back += 1) {
    const day = addDays(date, -back);
    // n = 0 gives the day itself exactly when it is a business day.
    if (calendar.addBusinessDays(day, 0) === day) return day;
  }
  throw new RangeError(`No business day in the ${LONGEST_BREAK_DAYS} days up to ${date}`);
}

/**
 * When a notice computed for `date` goes out: 08:00 local time on the latest business day at or
 * before it.
 *
 * @example
 * noticeAt('2026-07-22', calendar); // '2026-07-22T08:00:00+07:00' (a Wednesday)
 * noticeAt('2026-08-22', calendar); // '2026-08-21T08:00:00+07:00' (Saturday → Friday)
 */
export function noticeAt(date: LocalDate, calendar: BusinessCalendarPort): Instant {
  return atLocalTime(latestBusinessDayAtOrBefore(date, calendar), START_OF_OFFICE_DAY);
}
