import { QueueRuntime } from '@app/queue';
import { startTestEngine, TestEngine } from './support/test-engine';

jest.setTimeout(60_000);

const PASSWORD = 'a-dashboard-password-of-some-length';

/** The `name=value` of the session cookie an admin's token opens, ready for a `Cookie` header. */
async function sessionCookie(engine: TestEngine, sub = 'admin-1'): Promise<string> {
  const response = await engine.http.post('/api/v1/admin/queue-session').set(engine.auth(sub, 'admin')).expect(204);
  const header = ([] as string[]).concat(response.headers['set-cookie'] ?? [])[0] ?? '';
  return header.split(';')[0] ?? '';
}

describe('Queue dashboard at /admin/queues', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startTestEngine({ worker: false });
  });
  afterAll(() => engine?.close());

  it('refuses a caller without a session or credentials, and advertises no basic auth when none is configured', async () => {
    const page = await engine.http.get('/admin/queues').expect(401);
    expect(page.headers['www-authenticate']).toBeUndefined();
    expect(page.headers['content-type']).toContain('application/problem+json');
    expect(page.text).not.toContain('__UI_CONFIG__');
    await engine.http.get('/admin/queues/api/queues').expect(401);
    await engine.http.get('/admin/queues/static/css/main.88d71b4bd7.css').expect(401);
    await engine.http.get('/admin/queues').set('Cookie', 'queue_dashboard_session=forged.value').expect(401);
    await engine.http.get('/admin/queues').auth('admin', PASSWORD).expect(401);
  });

  it('refuses a session for a non-admin, and a non-admin token on the dashboard', async () => {
    const refused = await engine.http.post('/api/v1/admin/queue-session').set(engine.auth('officer-1', 'officer')).expect(403);
    expect(refused.headers['set-cookie']).toBeUndefined();
    await engine.http.post('/api/v1/admin/queue-session').expect(401);
    await engine.http.get('/admin/queues').set(engine.auth('officer-1', 'officer')).expect(403);
  });

  it('opens a short HttpOnly, SameSite=Strict session scoped to the dashboard for an admin', async () => {
    const response = await engine.http.post('/api/v1/admin/queue-session').set(engine.auth('admin-1', 'admin')).expect(204);
    const header = ([] as string[]).concat(response.headers['set-cookie'] ?? [])[0] ?? '';
    expect(header).toMatch(/^queue_dashboard_session=[^;]+\./);
    expect(header).toContain('Path=/admin/queues');
    expect(header).toContain('HttpOnly');
    expect(header).toContain('SameSite=Strict');
    // Plain HTTP here: not Secure (the flag follows the request's protocol).
    expect(header).not.toContain('Secure');
    const maxAge = Number(/Max-Age=(\d+)/.exec(header)?.[1]);
    expect(maxAge).toBeGreaterThan(3500);
    expect(maxAge).toBeLessThanOrEqual(3600);
  });

  it('serves the dashboard, its files and its API to an admin session, with a policy Bull Board works under', async () => {
    const cookie = await sessionCookie(engine);
    const page = await engine.http.get('/admin/queues').set('Cookie', cookie).expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.text).toContain('__UI_CONFIG__');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(page.headers['cache-control']).toBe('no-store');
    const script = /src="(static\/js\/main\.[^"]+\.js)"/.exec(page.text)?.[1];
    expect(script).toBeDefined();
    await engine.http.get(`/admin/queues/${script}`).set('Cookie', cookie).expect(200);
    const api = await engine.http.get('/admin/queues/api/queues').set('Cookie', cookie).expect(200);
    const names = (api.body as { queues: { name: string; readOnlyMode: boolean }[] }).queues.map((q) => q.name).sort();
    expect(names).toEqual([...engine.app.get(QueueRuntime).queueNames].sort());
    expect(names).toEqual(expect.arrayContaining(['maintenance', 'reminders', 'webhooks']));
    expect((api.body as { queues: { readOnlyMode: boolean }[] }).queues.every((q) => q.readOnlyMode)).toBe(true);
  });

  it('is read-only: a job retry is refused', async () => {
    const cookie = await sessionCookie(engine);
    const retry = await engine.http.put('/admin/queues/api/queues/maintenance/some-job/retry').set('Cookie', cookie).send({});
    expect(retry.status).toBe(405);
    expect(retry.text).toContain('QUEUE_READ_ONLY');
  });

  it('leaves the API and its prefix as they were', async () => {
    await engine.http.get('/api/v1/admin/queues').set(engine.auth('admin-1', 'admin')).expect(404);
  });
});

describe('Queue dashboard with basic credentials and write access', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startTestEngine({ worker: false, env: { QUEUE_DASHBOARD_USER: 'ops', QUEUE_DASHBOARD_PASSWORD: PASSWORD, QUEUE_DASHBOARD_WRITE: 'on' } });
  });
  afterAll(() => engine?.close());

  it('asks for basic credentials and admits the configured ones only', async () => {
    const refused = await engine.http.get('/admin/queues').expect(401);
    expect(refused.headers['www-authenticate']).toMatch(/^Basic /);
    await engine.http.get('/admin/queues').auth('ops', 'wrong-password-of-some-length').expect(401);
    await engine.http.get('/admin/queues').auth('other', PASSWORD).expect(401);
    const page = await engine.http.get('/admin/queues').auth('ops', PASSWORD).expect(200);
    expect(page.headers['content-type']).toContain('text/html');
    const api = await engine.http.get('/admin/queues/api/queues').auth('ops', PASSWORD).expect(200);
    expect((api.body as { queues: { readOnlyMode: boolean }[] }).queues.every((q) => !q.readOnlyMode)).toBe(true);
  });

  it('lets a retry through to the queue when writing is on', async () => {
    const retry = await engine.http.put('/admin/queues/api/queues/maintenance/some-job/retry').auth('ops', PASSWORD).send({});
    expect(retry.status).not.toBe(405);
    expect(retry.status).toBe(404);
  });
});
