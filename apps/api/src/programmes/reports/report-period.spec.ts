import { parseReportPeriod } from './report-period';

describe('parseReportPeriod', () => {
  it.each([
    ['2026', '2026-01-01', '2026-12-31', '2027-01-01T00:00:00+07:00', 'Năm 2026'],
    ['2026-Q1', '2026-01-01', '2026-03-31', '2026-04-01T00:00:00+07:00', 'Quý I năm 2026'],
    ['2026-Q2', '2026-04-01', '2026-06-30', '2026-07-01T00:00:00+07:00', 'Quý II năm 2026'],
    ['2026-Q3', '2026-07-01', '2026-09-30', '2026-10-01T00:00:00+07:00', 'Quý III năm 2026'],
    ['2026-Q4', '2026-10-01', '2026-12-31', '2027-01-01T00:00:00+07:00', 'Quý IV năm 2026'],
    ['2026-H1', '2026-01-01', '2026-06-30', '2026-07-01T00:00:00+07:00', '6 tháng đầu năm 2026'],
    ['2026-H2', '2026-07-01', '2026-12-31', '2027-01-01T00:00:00+07:00', '6 tháng cuối năm 2026'],
    ['2028-Q1', '2028-01-01', '2028-03-31', '2028-04-01T00:00:00+07:00', 'Quý I năm 2028'],
  ])('%s runs from %s to %s', (code, from, to, endsAt, labelVi) => {
    expect(parseReportPeriod(code)).toEqual({ code, from, to, endsAt, labelVi });
  });

  it('ends at midnight Vietnamese time, seven hours before midnight UTC', () => {
    expect(new Date(parseReportPeriod('2026-Q1')?.endsAt as string).toISOString()).toBe('2026-03-31T17:00:00.000Z');
  });

  it.each(['', '26', '2026-Q5', '2026-Q0', '2026-H3', '2026-q1', '2026Q1', '2026-03', '2026-Q1 ', ' 2026', '1999', '2101', 'năm 2026'])('refuses %p', (text) => {
    expect(parseReportPeriod(text)).toBeUndefined();
  });
});
