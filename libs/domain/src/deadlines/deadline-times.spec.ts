import type { BusinessCalendarPort } from './business-calendar.port';
import {
  addMonths,
  atLocalTime,
  clampedDateOf,
  endOfDueDay,
  inVietnamTime,
  latestBusinessDayAtOrBefore,
  nextPeriod,
  noticeAt,
  reportDayOf,
} from './deadline-times';
import { calendar, HOLIDAY } from './deadlines.fixtures';
import { reminderIds } from './reminder-ids';

describe('deadline times', () => {
  it('ends a due day at its last millisecond, Vietnamese time', () => {
    expect(endOfDueDay('2026-07-25')).toBe('2026-07-25T23:59:59.999+07:00');
    expect(Date.parse(endOfDueDay('2026-07-25')) + 1).toBe(Date.parse('2026-07-26T00:00:00+07:00'));
  });

  it('sends a notice at 08:00 on the latest business day at or before its day', () => {
    expect(latestBusinessDayAtOrBefore('2026-03-11', calendar)).toBe('2026-03-11'); // a Wednesday
    expect(noticeAt('2026-03-11', calendar)).toBe('2026-03-11T08:00:00+07:00');
    // Sunday 15 back over Saturday 14 and the holiday on Friday 13 to Thursday 12.
    expect(latestBusinessDayAtOrBefore('2026-03-15', calendar)).toBe('2026-03-12');
    expect(noticeAt(HOLIDAY, calendar)).toBe('2026-03-12T08:00:00+07:00');
    expect(noticeAt('2026-08-22', calendar)).toBe('2026-08-21T08:00:00+07:00');
  });

  it('gives up rather than loop when a calendar has no business day for a month', () => {
    const closed: BusinessCalendarPort = { addBusinessDays: (date) => `${date.slice(0, 4)}-12-31` };
    expect(() => latestBusinessDayAtOrBefore('2026-03-15', closed)).toThrow(RangeError);
  });

  it('writes every instant in Vietnamese time', () => {
    expect(atLocalTime('2026-03-18', '17:00')).toBe('2026-03-18T17:00:00+07:00');
    expect(inVietnamTime('2026-03-31T10:00:00Z')).toBe('2026-03-31T17:00:00+07:00');
    expect(inVietnamTime('2026-12-31T20:30:00.250Z')).toBe('2027-01-01T03:30:00.250+07:00');
    expect(inVietnamTime('2026-03-31T17:00:00+07:00')).toBe('2026-03-31T17:00:00+07:00');
  });

  it('adds months and periods across year ends, clamping to shorter months', () => {
    expect([addMonths('2026-11-01', 6), addMonths('2026-11-01', 12), addMonths('2026-08-31', 6)]).toEqual([
      '2027-05-01',
      '2027-11-01',
      '2027-02-28',
    ]);
    expect([nextPeriod('2026-07'), nextPeriod('2026-12')]).toEqual(['2026-08', '2027-01']);
    expect([reportDayOf('2026-07', 25), reportDayOf('2026-06', 31), clampedDateOf(2028, 2, 29)]).toEqual([
      '2026-07-25',
      '2026-06-30',
      '2028-02-29',
    ]);
  });

  it('the fake calendar skips weekends and its holiday', () => {
    expect(HOLIDAY).toBe('2026-03-13');
    expect(calendar.addBusinessDays('2026-03-12', 1)).toBe('2026-03-16');
    expect(calendar.addBusinessDays('2026-03-14', 0)).toBe('2026-03-16');
    expect(calendar.addBusinessDays('2026-03-16', 0)).toBe('2026-03-16');
    expect(calendar.addBusinessDays('2026-03-03', 10)).toBe('2026-03-18');
  });

  it('names reminders by project and cause', () => {
    expect([
      reminderIds.infoReply('p-1', 3),
      reminderIds.appraisalScoring('p-1', 'base', 'appraiser-1'),
      reminderIds.progressReport('p-1', '2026-07'),
      reminderIds.postEvaluation('p-1', 6),
    ]).toEqual(['p-1:info_reply:3', 'p-1:appraisal_scoring:base:appraiser-1', 'p-1:progress_report:2026-07', 'p-1:post_evaluation:6']);
  });
});
