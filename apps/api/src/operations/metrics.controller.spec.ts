import { bearerMatches } from './metrics.controller';

describe('bearerMatches', () => {
  const token = 'scrape-token-5b0c2f1e9a7d4c3b';

  it('accepts exactly "Bearer <token>"', () => {
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true);
  });

  it('refuses a missing header, another token, a prefix of it and the token without the scheme', () => {
    for (const header of [undefined, '', 'Bearer ', `Bearer ${token}x`, `Bearer ${token.slice(0, -1)}`, token, `Basic ${token}`]) {
      expect(bearerMatches(header, token)).toBe(false);
    }
  });
});
