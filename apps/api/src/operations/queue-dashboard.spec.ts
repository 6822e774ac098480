import { parseConfig } from '@app/config';
import type { Principal } from '@app/runtime';
import { cookieOf, QUEUE_SESSION_MAX_SECONDS, QueueDashboardSessions } from './queue-dashboard';

const NOW = 1_800_000_000;
const config = parseConfig({ AUTH_JWT_SECRET: 'a-secret-that-is-long-enough-for-hs256!!' });

function admin(exp: number): Principal {
  return { id: 'admin-1', roles: ['admin'], token: { exp } } as Principal;
}

describe('QueueDashboardSessions', () => {
  it('opens a session of at most an hour, never beyond the token, that it accepts until it expires', () => {
    const sessions = new QueueDashboardSessions(config);
    const long = sessions.open(admin(NOW + 12 * 3600), NOW);
    expect(long.maxAge).toBe(QUEUE_SESSION_MAX_SECONDS);
    expect(sessions.check(long.value, NOW + QUEUE_SESSION_MAX_SECONDS - 1)).toBe('admin-1');
    expect(sessions.check(long.value, NOW + QUEUE_SESSION_MAX_SECONDS)).toBeUndefined();
    const short = sessions.open(admin(NOW + 600), NOW);
    expect(short.maxAge).toBe(600);
    expect(sessions.check(short.value, NOW + 600)).toBeUndefined();
  });

  it('refuses a value it did not sign, or one whose payload was changed', () => {
    const sessions = new QueueDashboardSessions(config);
    const { value } = sessions.open(admin(NOW + 3600), NOW);
    const [, signature] = value.split('.');
    const forged = `${Buffer.from(JSON.stringify({ sub: 'admin-1', exp: NOW + 99_999 })).toString('base64url')}.${signature}`;
    expect(sessions.check(forged, NOW)).toBeUndefined();
    expect(sessions.check(`${value}.x`, NOW)).toBeUndefined();
    expect(sessions.check('nonsense', NOW)).toBeUndefined();
    // Another engine's secret: another key.
    const other = new QueueDashboardSessions(parseConfig({ AUTH_JWT_SECRET: 'another-secret-that-is-long-enough-hs256' }));
    expect(other.check(value, NOW)).toBeUndefined();
    // The same secret (another instance of the API): the same key.
    expect(new QueueDashboardSessions(config).check(value, NOW)).toBe('admin-1');
  });

  it('reads one cookie of a Cookie header', () => {
    expect(cookieOf('a=1; queue_dashboard_session=x.y; b=2', 'queue_dashboard_session')).toBe('x.y');
    expect(cookieOf('a=1', 'queue_dashboard_session')).toBeUndefined();
    expect(cookieOf(undefined, 'queue_dashboard_session')).toBeUndefined();
  });
});
