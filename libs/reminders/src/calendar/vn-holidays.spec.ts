import { type HolidayDataTable, VN_HOLIDAY_DATA } from './vn-holiday-data';
import { extraWorkingDaysOf, holidaysOf } from './vn-holidays';

const datesOf = (year: number, data?: HolidayDataTable): string[] => holidaysOf(year, data).map((h) => h.date);

describe('holidaysOf', () => {
  it('lists the days off of 2026', () => {
    expect(holidaysOf(2026).map((h) => [h.date, h.kind, h.name.en])).toEqual([
      ['2026-01-01', 'holiday', "New Year's Day"],
      ['2026-02-16', 'holiday', 'Lunar New Year (last day of the lunar year)'],
      ['2026-02-17', 'holiday', 'Lunar New Year (day 1)'],
      ['2026-02-18', 'holiday', 'Lunar New Year (day 2)'],
      ['2026-02-19', 'holiday', 'Lunar New Year (day 3)'],
      ['2026-02-20', 'holiday', 'Lunar New Year (day 4)'],
      ['2026-04-26', 'holiday', 'Hùng Kings Commemoration Day'],
      // Giỗ Tổ falls on a Sunday: Labour Code art. 111(3) gives the next working day.
      ['2026-04-27', 'compensatory', 'Compensatory day off for Hùng Kings Commemoration Day'],
      ['2026-04-30', 'holiday', 'Reunification Day'],
      ['2026-05-01', 'holiday', 'International Labour Day'],
      ['2026-09-01', 'holiday', 'National Day (adjacent day)'],
      ['2026-09-02', 'holiday', 'National Day'],
    ]);
    expect(holidaysOf(2026)[1]?.name.vi).toBe('Tết Nguyên Đán (ngày cuối năm âm lịch)');
  });

  it('takes the eve of Tết as the 29th when month 12 is short (2025)', () => {
    expect(datesOf(2025).slice(1, 7)).toEqual([
      '2025-01-27', // compensatory for Saturday 1 February, placed before Tết by the announcement
      '2025-01-28',
      '2025-01-29',
      '2025-01-30',
      '2025-01-31',
      '2025-02-01',
    ]);
  });

  it('ships the 2025 and 2024 swaps', () => {
    expect(holidaysOf(2025).find((h) => h.date === '2025-05-02')?.kind).toBe('swap');
    expect(extraWorkingDaysOf(2025).map((d) => d.date)).toEqual(['2025-04-26']);
    expect(holidaysOf(2024).find((h) => h.date === '2024-04-29')?.kind).toBe('swap');
    expect(extraWorkingDaysOf(2024).map((d) => d.date)).toEqual(['2024-05-04']);
    expect(datesOf(2024).filter((d) => d.startsWith('2024-02'))).toEqual([
      '2024-02-08',
      '2024-02-09',
      '2024-02-10',
      '2024-02-11',
      '2024-02-12',
      '2024-02-13',
      '2024-02-14',
    ]);
    expect(extraWorkingDaysOf(2026)).toEqual([]);
  });

  describe('2 September adjacent day', () => {
    it('defaults to 1 September when the year has no data', () => {
      expect(datesOf(2031).filter((d) => d.startsWith('2031-09'))).toEqual(['2031-09-01', '2031-09-02']);
    });

    it('follows the year data (3 September in 2024)', () => {
      expect(datesOf(2024).filter((d) => d.startsWith('2024-09'))).toEqual(['2024-09-02', '2024-09-03']);
      const data: HolidayDataTable = { ...VN_HOLIDAY_DATA, 2031: { nationalDayCompanion: '09-03' } };
      expect(datesOf(2031, data).filter((d) => d.startsWith('2031-09'))).toEqual(['2031-09-02', '2031-09-03']);
    });
  });

  it('gives compensatory days for weekend holidays in years without data (2027)', () => {
    // Tết 2027 is on Saturday 6 February: the eve and days 1–4 run Friday to Tuesday.
    const days = holidaysOf(2027);
    expect(days.filter((h) => h.date.startsWith('2027-02')).map((h) => [h.date, h.kind])).toEqual([
      ['2027-02-05', 'holiday'],
      ['2027-02-06', 'holiday'],
      ['2027-02-07', 'holiday'],
      ['2027-02-08', 'holiday'],
      ['2027-02-09', 'holiday'],
      ['2027-02-10', 'compensatory'],
      ['2027-02-11', 'compensatory'],
    ]);
    // 1 May 2027 is a Saturday.
    expect(days.find((h) => h.date === '2027-05-03')?.kind).toBe('compensatory');
  });

  it('lets an operator add a year without code changes', () => {
    const data: HolidayDataTable = {
      ...VN_HOLIDAY_DATA,
      2028: {
        nationalDayCompanion: '09-01',
        daysOff: [
          { date: '2028-01-24', kind: 'swap' },
          { date: '2028-11-24', kind: 'holiday', name: { vi: 'Ngày Văn hóa Việt Nam', en: 'Vietnamese Culture Day' } },
        ],
        workingDays: [{ date: '2028-02-05' }],
      },
    };
    const days = holidaysOf(2028, data);
    expect(days.find((h) => h.date === '2028-01-24')?.kind).toBe('swap');
    expect(days.find((h) => h.date === '2028-11-24')?.name.en).toBe('Vietnamese Culture Day');
    expect(extraWorkingDaysOf(2028, data).map((d) => d.date)).toEqual(['2028-02-05']);
    // The shipped table is untouched.
    expect(datesOf(2028)).not.toContain('2028-01-24');
  });

  it('turns automatic compensation off when the year lists its own', () => {
    // Without data, Tết 2024's weekend days would be compensated on 14 and 15 February.
    const auto = datesOf(2024, {});
    expect(auto).toContain('2024-02-15');
    expect(datesOf(2024)).not.toContain('2024-02-15');
  });

  it('rejects inconsistent data', () => {
    expect(() => holidaysOf(2026, { 2026: { daysOff: [{ date: '2025-12-31', kind: 'swap' }] } })).toThrow(RangeError);
    expect(() => holidaysOf(2026, { 2026: { workingDays: [{ date: '2026-03-04' }] } })).toThrow(/not a Saturday/);
    expect(() => holidaysOf(2026, { 2026: { workingDays: [{ date: '2026-04-26' }] } })).toThrow(/both/);
    expect(() => holidaysOf(2026, { 2026: { daysOff: [{ date: '2026-02-31', kind: 'swap' }] } })).toThrow(RangeError);
  });
});
