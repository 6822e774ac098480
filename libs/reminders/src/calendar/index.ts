/**
 * Business-day calendar for Asia/Ho_Chi_Minh: Vietnamese lunar calendar, public holidays with
 * per-year data, and deadline arithmetic for reminders. The astronomy and Julian-day helpers
 * stay internal to keep the public surface small.
 */
export * from './lunar-calendar';
export * from './vn-holiday-data';
export * from './vn-holidays';
export * from './business-calendar';
export { addCalendarDays } from './civil-date';
