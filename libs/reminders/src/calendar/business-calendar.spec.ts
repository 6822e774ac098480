import { BusinessCalendar, vietnamDateOfInstant, vnBusinessCalendar as calendar } from './business-calendar';
import { VN_HOLIDAY_DATA } from './vn-holiday-data';

describe('BusinessCalendar', () => {
  it('knows weekends, holidays and make-up Saturdays', () => {
    expect(calendar.isBusinessDay('2026-02-13')).toBe(true); // Friday before Tết
    expect(calendar.isBusinessDay('2026-02-14')).toBe(false); // Saturday
    expect(calendar.isBusinessDay('2026-02-17')).toBe(false); // Tết
    expect(calendar.isBusinessDay('2026-04-27')).toBe(false); // compensatory Monday
    expect(calendar.isBusinessDay('2025-04-26')).toBe(true); // make-up Saturday
    expect(calendar.isBusinessDay('2025-05-02')).toBe(false); // swapped Friday
    expect(calendar.holidayOn('2026-02-14')).toBeUndefined();
    expect(calendar.holidayOn('2026-02-17')?.name.vi).toBe('Tết Nguyên Đán (mùng 1)');
  });

  describe('across Tết 2026 (14–22 February off)', () => {
    it('adds business days', () => {
      expect(calendar.addBusinessDays('2026-02-10', 10)).toBe('2026-03-03');
      expect(calendar.addBusinessDays('2026-02-13', 1)).toBe('2026-02-23');
      expect(calendar.nextBusinessDay('2026-02-13')).toBe('2026-02-23');
    });

    it('counts business days', () => {
      expect(calendar.businessDaysBetween('2026-02-13', '2026-02-23')).toBe(1);
      // 20 weekdays in February 2026, less the five Tết days.
      expect(calendar.businessDaysBetween('2026-02-01', '2026-02-28')).toBe(15);
      expect(calendar.businessDaysBetween('2026-02-23', '2026-02-13')).toBe(-1);
      expect(calendar.businessDaysBetween('2026-02-15', '2026-02-15')).toBe(0);
    });
  });

  it('skips a weekend followed by a compensatory day (Giỗ Tổ 2026 on Sunday)', () => {
    expect(calendar.nextBusinessDay('2026-04-24')).toBe('2026-04-28');
    // Fri 24 Apr + 5: Tue 28, Wed 29, Mon 4 May (30 Apr–3 May off), Tue 5, Wed 6.
    expect(calendar.addBusinessDays('2026-04-24', 5)).toBe('2026-05-06');
  });

  it('counts the 2 September adjacent day as a day off', () => {
    expect(calendar.isBusinessDay('2026-09-01')).toBe(false);
    expect(calendar.isBusinessDay('2026-09-03')).toBe(true);
    expect(calendar.nextBusinessDay('2026-08-31')).toBe('2026-09-03');
    expect(calendar.nextBusinessDay('2024-08-30')).toBe('2024-09-04'); // 2024 chose 3 September
  });

  it('counts a make-up Saturday (2025)', () => {
    expect(calendar.addBusinessDays('2025-04-25', 1)).toBe('2025-04-26');
    expect(calendar.addBusinessDays('2025-04-29', 1)).toBe('2025-05-05');
  });

  describe('adding zero', () => {
    it('keeps a business day and moves a non-business day to the next business day', () => {
      expect(calendar.addBusinessDays('2026-02-13', 0)).toBe('2026-02-13');
      expect(calendar.addBusinessDays('2026-02-14', 0)).toBe('2026-02-23');
    });

    it('counts from the day after a non-business start', () => {
      expect(calendar.addBusinessDays('2026-02-14', 1)).toBe('2026-02-23');
    });
  });

  it('inverts addBusinessDays with businessDaysBetween over three years', () => {
    const problems: string[] = [];
    for (let d = '2025-01-01'; d < '2028-01-01'; d = calendar.addBusinessDays(d, 1)) {
      for (const n of [1, 10, 15]) {
        const due = calendar.addBusinessDays(d, n);
        if (calendar.businessDaysBetween(d, due) !== n || !calendar.isBusinessDay(due)) problems.push(`${d}+${n}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('crosses year ends', () => {
    expect(calendar.addBusinessDays('2026-12-31', 1)).toBe('2027-01-04'); // 1 Jan 2027 is a Friday
  });

  describe('instants', () => {
    it('takes the Vietnamese date of an instant', () => {
      expect(vietnamDateOfInstant('2026-02-13T18:30:00Z')).toBe('2026-02-14');
      expect(vietnamDateOfInstant('2026-02-13T16:59:59.999Z')).toBe('2026-02-13');
      expect(vietnamDateOfInstant('2026-02-13T17:00:00Z')).toBe('2026-02-14');
      expect(vietnamDateOfInstant('2026-02-13T23:30:00+07:00')).toBe('2026-02-13');
      expect(vietnamDateOfInstant('2026-02-13T12:00:00-05:00')).toBe('2026-02-14');
      expect(vietnamDateOfInstant('2026-02-13T12:00+0530')).toBe('2026-02-13');
    });

    it('computes deadlines at a local time', () => {
      // "10 business days after the info request", sent at 09:15 on Tuesday 10 February.
      expect(calendar.dueAtAfterBusinessDays('2026-02-10T02:15:00Z', 10)).toBe('2026-03-03T17:00:00+07:00');
      // Sent at 00:30 on Saturday 14 February Hà Nội time (Friday evening UTC).
      expect(calendar.dueAtAfterBusinessDays('2026-02-13T17:30:00Z', 1, '08:00')).toBe('2026-02-23T08:00:00+07:00');
      // "15 business days after appraisal opened" on Wednesday 22 April 2026.
      expect(calendar.dueAtAfterBusinessDays('2026-04-22T10:00:00+07:00', 15)).toBe('2026-05-18T17:00:00+07:00');
      expect(calendar.dueAtAfterBusinessDays('2026-04-22T10:00:00+07:00', 0, '23:59:59')).toBe(
        '2026-04-22T23:59:59+07:00',
      );
    });

    it('rejects malformed input', () => {
      for (const bad of ['2026-02-10', '2026-02-10T09:00:00', '2026-02-30T09:00:00Z', '2026-02-10T24:00:00Z', 'x']) {
        expect(() => calendar.dueAtAfterBusinessDays(bad, 1)).toThrow(RangeError);
      }
      expect(() => calendar.dueAtAfterBusinessDays('2026-02-10T09:00:00Z', 1, '5pm')).toThrow(RangeError);
      expect(() => calendar.dueAtAfterBusinessDays('2026-02-10T09:00:00Z', -1)).toThrow(RangeError);
      expect(() => calendar.addBusinessDays('2026-02-10', 1.5)).toThrow(RangeError);
      expect(() => calendar.isBusinessDay('2300-01-01')).toThrow(RangeError);
    });
  });

  it('uses caller data', () => {
    const custom = new BusinessCalendar({
      data: { ...VN_HOLIDAY_DATA, 2026: { daysOff: [{ date: '2026-01-02', kind: 'swap' }], workingDays: [{ date: '2026-01-10' }] } },
    });
    expect(custom.isBusinessDay('2026-01-02')).toBe(false);
    expect(custom.isBusinessDay('2026-01-10')).toBe(true);
    expect(calendar.isBusinessDay('2026-01-02')).toBe(true);
  });
});
