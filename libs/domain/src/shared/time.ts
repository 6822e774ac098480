/**
 * Calendar helpers for the province's time zone. Asia/Ho_Chi_Minh has kept UTC+07:00 without
 * daylight saving since 1975, so a fixed offset is exact for every date the engine handles.
 */
export const VN_OFFSET_MINUTES = 7 * 60;

/** An ISO-8601 instant with offset, e.g. `2026-03-02T09:00:00+07:00`. */
export type Instant = string;
/** A calendar date `YYYY-MM-DD`. */
export type LocalDate = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is a real calendar date in `YYYY-MM-DD` form. */
export function isLocalDate(value: string): value is LocalDate {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === value;
}

/** The Vietnamese calendar date on which an instant falls. */
export function localDateOf(instant: Instant): LocalDate {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new RangeError(`Not an instant: ${instant}`);
  return new Date(ms + VN_OFFSET_MINUTES * 60_000).toISOString().slice(0, 10);
}

/** Adds whole days to a calendar date. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const ms = Date.parse(`${date}T00:00:00Z`) + days * 86_400_000;
  return new Date(ms).toISOString().slice(0, 10);
}

/** The instant at which a Vietnamese calendar day starts, `HH:MM` local time optional. */
export function startOfLocalDay(date: LocalDate, time = '00:00'): Instant {
  return `${date}T${time}:00+07:00`;
}

/**
 * The last second of a Vietnamese calendar day.
 *
 * @example
 * endOfLocalDay('2027-01-22'); // '2027-01-22T23:59:59+07:00'
 */
export function endOfLocalDay(date: LocalDate): Instant {
  return `${date}T23:59:59+07:00`;
}

/** Compares two instants; negative when `a` is earlier. */
export function compareInstants(a: Instant, b: Instant): number {
  return Date.parse(a) - Date.parse(b);
}
