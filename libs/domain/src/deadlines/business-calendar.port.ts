import type { LocalDate } from '../shared';

/**
 * The Vietnamese business-day calendar (weekends, Tết and the other public holidays, make-up
 * working days). It lives in `libs/reminders`; the domain only states what it needs, so the
 * deadline workflow stays pure and its specs can use a calendar checkable by hand.
 *
 * @example
 * const due = calendar.addBusinessDays('2026-03-03', 10); // '2026-03-17' with weekends only
 */
export interface BusinessCalendarPort {
  /** The n-th business day strictly after `date` (n ≥ 1); n = 0 gives `date` if it is a business day, else the next one. */
  addBusinessDays(date: LocalDate, n: number): LocalDate;
}
