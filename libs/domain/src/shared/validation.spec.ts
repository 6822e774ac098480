import { dateOf, daysBetween, isInstant, isYearMonth, yearMonthOf, yearOf } from './calendar';
import { requireIndicators, requireInstant, requireLocalDate, requireText, requireTextList, requireVnd, round2 } from './validation';

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
};

describe('calendar helpers', () => {
  it('accepts only instants that name their offset', () => {
    expect(isInstant('2026-03-02T09:00:00+07:00')).toBe(true);
    expect(isInstant('2026-03-02T02:00:00.123Z')).toBe(true);
    expect(isInstant('2026-03-02T09:00:00')).toBe(false);
    expect(isInstant('2026-03-02')).toBe(false);
    expect(isInstant(42)).toBe(false);
  });

  it('counts days, years and periods', () => {
    expect(daysBetween('2026-10-10', '2027-01-23')).toBe(105);
    expect(daysBetween('2026-03-10', '2026-03-01')).toBe(-9);
    expect(yearOf('2026-03-02')).toBe(2026);
    expect(yearMonthOf('2026-03-02')).toBe('2026-03');
    expect(dateOf(2027, 1, 22)).toBe('2027-01-22');
    expect([isYearMonth('2026-12'), isYearMonth('2026-00'), isYearMonth('2026-1')]).toEqual([true, false, false]);
  });
});

describe('field checks', () => {
  it('refuse blank text, bad money, dates and instants with stable codes', () => {
    expect(codeOf(() => requireText('reason', '  '))).toBe('COMMAND.FIELD_REQUIRED');
    expect(codeOf(() => requireVnd('amountVnd', 0, { positive: true }))).toBe('MONEY.INVALID_AMOUNT');
    expect(requireVnd('amountVnd', 0, { positive: false })).toBe(0);
    expect(codeOf(() => requireVnd('amountVnd', Number.MAX_SAFE_INTEGER + 1, { positive: true }))).toBe('MONEY.INVALID_AMOUNT');
    expect(codeOf(() => requireLocalDate('on', '2026-02-29'))).toBe('DATE.INVALID');
    expect(codeOf(() => requireInstant('at', 'tomorrow'))).toBe('DATE.INVALID');
    expect(codeOf(() => requireIndicators('indicators', [1]))).toBe('COMMAND.INVALID_FIELD');
    expect(codeOf(() => requireTextList('refs', ['a', '']))).toBe('COMMAND.INVALID_FIELD');
  });

  it('rounds scores half away from zero to two decimals', () => {
    expect([round2(6.666666), round2(1.005), round2(7.4), round2(-1.005)]).toEqual([6.67, 1.01, 7.4, -1.01]);
  });
});
