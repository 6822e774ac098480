import {
  MAX_DELIVERY_ATTEMPTS,
  RETRY_AFTER_CAP_MS,
  RETRY_SCHEDULE_MS,
  classifyResponse,
  nextRetryDelay,
  parseRetryAfter,
  type DeliveryOutcome,
} from './retry-schedule';

const S = 1_000;
const M = 60 * S;
const H = 60 * M;
const NOW = Date.parse('2026-11-26T09:00:00Z');
const MIDDLE = (): number => 0.5;
const LOWEST = (): number => 0;
const HIGHEST = (): number => 0.999_999_999;

describe('RETRY_SCHEDULE_MS', () => {
  it('is the Standard Webhooks example schedule after the immediate first attempt', () => {
    expect(RETRY_SCHEDULE_MS).toEqual([5 * S, 5 * M, 30 * M, 2 * H, 5 * H, 10 * H, 14 * H, 20 * H, 24 * H]);
    expect(MAX_DELIVERY_ATTEMPTS).toBe(10);
  });

  it('spans 75 h 35 m 05 s, more than three days', () => {
    const total = RETRY_SCHEDULE_MS.reduce((sum, delay) => sum + delay, 0);
    expect(total).toBe(75 * H + 35 * M + 5 * S);
    expect(total).toBeGreaterThanOrEqual(3 * 24 * H);
  });

  it('cannot be modified at run time', () => {
    expect(Object.isFrozen(RETRY_SCHEDULE_MS)).toBe(true);
  });
});

describe('nextRetryDelay', () => {
  // attemptsMade → scheduled delay before the next attempt
  const table: ReadonlyArray<readonly [number, number]> = [
    [1, 5 * S],
    [2, 5 * M],
    [3, 30 * M],
    [4, 2 * H],
    [5, 5 * H],
    [6, 10 * H],
    [7, 14 * H],
    [8, 20 * H],
    [9, 24 * H],
  ];

  it.each(table)('after %i attempt(s) waits %i ms with a centred random', (attemptsMade, base) => {
    expect(nextRetryDelay(attemptsMade, { random: MIDDLE, now: NOW })).toBe(base);
  });

  it.each(table)('after %i attempt(s) stays within ±10 %% of %i ms', (attemptsMade, base) => {
    const low = nextRetryDelay(attemptsMade, { random: LOWEST, now: NOW });
    const high = nextRetryDelay(attemptsMade, { random: HIGHEST, now: NOW });
    expect(low).toBe(Math.round(base * 0.9));
    expect(high).toBeLessThanOrEqual(Math.round(base * 1.1));
    expect(high).toBeGreaterThan(Math.round(base * 1.099));
  });

  it('spreads delays across the jitter band', () => {
    const samples = [0, 0.25, 0.5, 0.75, 0.99].map((value) => nextRetryDelay(4, { random: () => value, now: NOW }));
    expect(samples).toEqual([1.8 * H, 1.9 * H, 2 * H, 2.1 * H, Math.round(2 * H * 1.098)]);
  });

  it('clamps a random source that leaves [0, 1)', () => {
    expect(nextRetryDelay(1, { random: () => -3, now: NOW })).toBe(4_500);
    expect(nextRetryDelay(1, { random: () => 7, now: NOW })).toBe(5_500);
  });

  it.each([10, 11, 100])('is exhausted after %i attempts', (attemptsMade) => {
    expect(nextRetryDelay(attemptsMade, { random: MIDDLE, now: NOW })).toBeUndefined();
    expect(
      nextRetryDelay(attemptsMade, { random: MIDDLE, now: NOW, status: 429, retryAfterHeader: '60' }),
    ).toBeUndefined();
  });

  it.each([0, -1, 1.5, Number.NaN])('refuses attemptsMade = %p', (attemptsMade) => {
    expect(() => nextRetryDelay(attemptsMade, { random: MIDDLE, now: NOW })).toThrow(RangeError);
  });

  describe('Retry-After', () => {
    it.each<[string, number, string | undefined, number]>([
      ['a longer delay-seconds replaces the schedule', 1, '120', 120 * S],
      ['a shorter delay-seconds is ignored', 3, '120', 30 * M],
      ['a longer HTTP date replaces the schedule', 1, 'Thu, 26 Nov 2026 10:00:00 GMT', 1 * H],
      ['a past HTTP date is ignored', 1, 'Thu, 26 Nov 2026 08:00:00 GMT', 5 * S],
      ['a huge value is capped at 24 h', 1, '604800', RETRY_AFTER_CAP_MS],
      ['a far-future date is capped at 24 h', 1, 'Sat, 26 Dec 2026 09:00:00 GMT', RETRY_AFTER_CAP_MS],
      ['an absurd number is capped at 24 h', 1, '99999999999999999999999', RETRY_AFTER_CAP_MS],
      ['garbage is ignored', 1, 'soon', 5 * S],
      ['a negative number is ignored', 1, '-120', 5 * S],
      ['an empty header is ignored', 1, '', 5 * S],
      ['a missing header is ignored', 1, undefined, 5 * S],
    ])('%s', (_label, attemptsMade, header, expected) => {
      for (const status of [429, 503]) {
        expect(
          nextRetryDelay(attemptsMade, { random: MIDDLE, now: NOW, status, retryAfterHeader: header }),
        ).toBe(expected);
      }
    });

    it('never shortens the jittered last slot when Retry-After exceeds the cap', () => {
      const delay = nextRetryDelay(9, { random: HIGHEST, now: NOW, status: 503, retryAfterHeader: '200000' });
      expect(delay).toBeGreaterThan(RETRY_AFTER_CAP_MS);
    });

    it.each([500, 502, 504, 404, 301])('is ignored for status %i', (status) => {
      expect(nextRetryDelay(1, { random: MIDDLE, now: NOW, status, retryAfterHeader: '3600' })).toBe(5 * S);
    });

    it('is honoured when the caller passes it without a status', () => {
      expect(nextRetryDelay(1, { random: MIDDLE, now: NOW, retryAfterHeader: '3600' })).toBe(1 * H);
    });
  });
});

describe('parseRetryAfter', () => {
  it.each<[string | null | undefined, number | undefined]>([
    ['0', 0],
    ['120', 120 * S],
    [' 30 ', 30 * S],
    ['Thu, 26 Nov 2026 09:01:00 GMT', 1 * M], // IMF-fixdate
    ['Thursday, 26-Nov-26 09:02:00 GMT', 2 * M], // obsolete RFC 850
    ['Thu Nov 26 09:03:00 2026', 3 * M], // obsolete asctime, read as local time below
    ['Wed, 25 Nov 2026 09:00:00 GMT', 0],
    ['1.5', undefined],
    ['-1', undefined],
    ['12 seconds', undefined],
    ['2026-11-26T10:00:00Z', undefined],
    ['Thu, 99 Foo 2026 GMT', undefined],
    ['', undefined],
    [null, undefined],
    [undefined, undefined],
  ])('%j → %p', (value, expected) => {
    const now = value?.startsWith('Thu Nov') ? new Date(2026, 10, 26, 9, 0, 0).getTime() : NOW;
    expect(parseRetryAfter(value, now)).toBe(expected);
  });
});

describe('classifyResponse', () => {
  it.each<[number, DeliveryOutcome]>([
    [200, 'success'],
    [201, 'success'],
    [202, 'success'],
    [204, 'success'],
    [299, 'success'],
    [100, 'retry'],
    [300, 'retry'],
    [301, 'retry'],
    [302, 'retry'],
    [304, 'retry'],
    [307, 'retry'],
    [308, 'retry'],
    [400, 'retry'],
    [401, 'retry'],
    [403, 'retry'],
    [404, 'retry'],
    [408, 'retry'],
    [409, 'retry'],
    [410, 'disable'],
    [413, 'retry'],
    [422, 'retry'],
    [429, 'retry_after'],
    [500, 'retry'],
    [501, 'retry'],
    [502, 'retry'],
    [503, 'retry_after'],
    [504, 'retry'],
    [599, 'retry'],
    [0, 'retry'],
    [200.5, 'retry'],
  ])('%i → %s', (status, expected) => {
    expect(classifyResponse(status)).toBe(expected);
  });
});
