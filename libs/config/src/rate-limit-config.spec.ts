import { parseConfig } from './engine-config';
import { problemsOf } from './testing/problems-of';
import { parseTrustProxy } from './trust-proxy';


describe('rate limit configuration', () => {
  it('is on by default with limits a centre does not reach in normal use', () => {
    expect(parseConfig({}).rateLimit).toEqual({ enabled: true, public: 120, address: 1200, authenticated: 600, costly: 20 });
    expect(parseConfig({}).trustProxy).toBe('loopback');
  });

  it('takes limits per minute and RATE_LIMIT=off', () => {
    const config = parseConfig({ RATE_LIMIT: 'off', RATE_LIMIT_PUBLIC: '30', RATE_LIMIT_ADDRESS: '300', RATE_LIMIT_AUTHENTICATED: '90', RATE_LIMIT_COSTLY: '3' });
    expect(config.rateLimit).toEqual({ enabled: false, public: 30, address: 300, authenticated: 90, costly: 3 });
  });

  it('names every bad limit', () => {
    const problems = problemsOf({ RATE_LIMIT: 'no', RATE_LIMIT_PUBLIC: '0', RATE_LIMIT_COSTLY: '2.5', TRUST_PROXY: 'true' });
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/RATE_LIMIT must be one of on, off/);
    expect(problems.join('\n')).toMatch(/RATE_LIMIT_PUBLIC must be an integer between 1 and/);
    expect(problems.join('\n')).toMatch(/RATE_LIMIT_COSTLY must be an integer/);
    expect(problems.join('\n')).toMatch(/TRUST_PROXY must be off, a number of hops/);
  });
});

describe('parseTrustProxy', () => {
  it.each([
    [undefined, 'loopback'],
    ['off', false],
    ['1', 1],
    ['loopback, 10.0.0.0/8', 'loopback,10.0.0.0/8'],
    ['uniquelocal,fd00::/8,192.0.2.7', 'uniquelocal,fd00::/8,192.0.2.7'],
  ])('reads %p', (raw, value) => {
    expect(parseTrustProxy(raw)).toEqual({ value });
  });

  it.each(['true', '*', '10.0.0.0/33', 'fd00::/129', 'proxy.internal', '10.0.0.1/8/1', '123'])('refuses %p (every client could pick its address)', (raw) => {
    expect(parseTrustProxy(raw)).toHaveProperty('problem');
  });
});
