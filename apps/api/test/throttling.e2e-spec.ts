import IORedis from 'ioredis';
import { testRedisUrl } from '@app/testing';
import { buildWebhookHeaders } from '@app/webhooks';
import { createProgramme, driveTo, headers, MAIN_PATH } from './support/lifecycle';
import { RedisRelay } from './support/redis-relay';
import { startTestEngine, TEST_FINANCE_SECRET, TestEngine } from './support/test-engine';

jest.setTimeout(90_000);

const WEBHOOK = '/api/v1/integrations/finance/events';

/** A bearer header whose signature is not the engine's (the claims are a real user's). */
function forged(engine: TestEngine): { Authorization: string } {
  const [head, payload] = engine.auth('admin-1', 'admin').Authorization.slice('Bearer '.length).split('.');
  return { Authorization: `Bearer ${head}.${payload}.${'A'.repeat(43)}` };
}

/** The 429 answer every limit gives: Problem Details, `Retry-After` within the minute. */
function expectRateLimited(res: { status: number; headers: Record<string, string>; body: Record<string, unknown> } | undefined, scope: string) {
  if (!res) throw new Error('no answer');
  expect(res.status).toBe(429);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status: 429, code: 'REQUEST.RATE_LIMITED', details: { scope, windowSeconds: 60 } });
  const retryAfter = Number(res.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(res.body.detail).toContain(`retry in ${retryAfter} s`);
  expect(res.headers['ratelimit-remaining']).toBe('0');
}

describe('rate limits: signed webhooks and sign-in per client address', () => {
  let engine: TestEngine;
  let replica: TestEngine | undefined;
  let projectId: string;
  // Development sign-in on (a server start has none), four requests a minute per address.
  const LIMITED = { DEV_FEATURES: 'on', RATE_LIMIT_PUBLIC: '4' };
  const confirmed = { type: 'payment.confirmed', data: { paymentOrderNo: 'UNC-2026-0001', amountVnd: 100_000_000, treasuryRef: 'KB-0001', valueDate: '2026-06-25' } };

  /** A finance event from a client address (through the trusted loopback proxy). */
  function post(target: TestEngine, client: string, webhookId: string, secret = TEST_FINANCE_SECRET) {
    const body = JSON.stringify(confirmed);
    const signed = buildWebhookHeaders({ secret, id: webhookId, timestamp: Math.floor(target.clock.now().getTime() / 1000), body });
    return target.http.post(WEBHOOK).set(signed).set('X-Forwarded-For', client).set('content-type', 'application/json').send(body);
  }
  const forgedSecret = 'whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

  beforeAll(async () => {
    engine = await startTestEngine({ env: LIMITED });
    const programmeId = await createProgramme(engine);
    // Tranche 1 approved: payment order UNC-2026-0001 is waiting for the treasury.
    projectId = await driveTo(engine, programmeId, MAIN_PATH.findIndex((s) => s.command === 'RequestAmendment'));
    engine.clock.set('2026-06-25T02:00:00Z');
  });
  afterAll(async () => {
    await replica?.stop();
    await engine?.close();
  });

  it('answers a burst of forged finance webhooks 429 after the limit; the valid one before it applies once', async () => {
    const client = '198.51.100.20';
    expect((await post(engine, client, 'msg_valid_1')).status).toBe(202);
    const afterValid = await engine.eventCount();
    const burst = [];
    for (let i = 0; i < 6; i++) burst.push(await post(engine, client, `msg_forged_${i}`, forgedSecret));
    expect(burst.map((r) => r.status)).toEqual([401, 401, 401, 429, 429, 429]);
    expectRateLimited(burst[3], 'public');
    // Over the limit even a valid delivery waits (the sender retries after Retry-After).
    expectRateLimited(await post(engine, client, 'msg_valid_2'), 'public');
    expect(await engine.eventCount()).toBe(afterValid);
    const detail = await engine.http.get(`/api/v1/projects/${projectId}?minPosition=${await engine.lastPosition()}`).set(headers(engine, 'accountant')).expect(200);
    expect(detail.body.tranches[0]).toMatchObject({ status: 'paid', paidVnd: 100_000_000 });
    // Another client address is not held back by this one.
    expect((await post(engine, '198.51.100.99', 'msg_forged_other', forgedSecret)).status).toBe(401);
  });

  it('counts the development sign-in per client address too', async () => {
    const client = '198.51.100.30';
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await engine.http.get('/api/v1/console/dev/people').set('X-Forwarded-For', client)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });

  it('shares the count between two engines on one Redis prefix (API replicas)', async () => {
    replica = await startTestEngine({ env: LIMITED, worker: false, reuse: { schema: engine.schema, prefix: engine.prefix } });
    replica.clock.set(engine.clock.now().toISOString());
    const client = '198.51.100.40';
    const statuses = [];
    for (const target of [engine, replica, engine, replica, replica, engine]) statuses.push((await post(target, client, `msg_r_${statuses.length}`, forgedSecret)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
  });
});

describe('rate limits: per user, costly routes, forged tokens', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startTestEngine({ worker: false, env: { RATE_LIMIT_AUTHENTICATED: '5', RATE_LIMIT_COSTLY: '2', RATE_LIMIT_ADDRESS: '8' } });
  });
  afterAll(() => engine?.close());

  it('limits each user on their own, wherever they connect from', async () => {
    const officer = engine.auth('officer-1', 'officer', ['80']);
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push(await engine.http.get('/api/v1/programmes').set(officer).set('X-Forwarded-For', '192.0.2.10'));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(answers[0]?.headers).toMatchObject({ 'ratelimit-limit': '5', 'ratelimit-remaining': '4' });
    expect(answers[4]?.headers['ratelimit-remaining']).toBe('0');
    expectRateLimited(answers[5], 'subject');
    // The same user from another address is still over their limit…
    expectRateLimited(await engine.http.get('/api/v1/programmes').set(officer).set('X-Forwarded-For', '192.0.2.11'), 'subject');
    // …while a colleague behind the first address is served.
    await engine.http.get('/api/v1/programmes').set(engine.auth('officer-2', 'officer', ['80'])).set('X-Forwarded-For', '192.0.2.10').expect(200);
  });

  it('holds costly routes to a stricter limit, leaving the rest of the API open', async () => {
    const auditor = engine.auth('auditor-1', 'auditor');
    const client = { 'X-Forwarded-For': '192.0.2.20' };
    await engine.http.get('/api/v1/audit/verify').set(auditor).set(client).expect(200);
    await engine.http.get('/api/v1/audit/events').set(auditor).set(client).expect(200);
    expectRateLimited(await engine.http.get('/api/v1/audit/verify').set(auditor).set(client), 'costly');
    await engine.http.get('/api/v1/audit/checkpoints').set(auditor).set(client).expect(200);
    // The 360Giving export is costly too; refused requests (here: no programme) count as well.
    const admin = engine.auth('admin-1', 'admin');
    const exports = [];
    for (let i = 0; i < 3; i++) exports.push(await engine.http.get('/api/v1/exports/360giving').set(admin).set({ 'X-Forwarded-For': '192.0.2.21' }));
    expect(exports.map((r) => r.status)).toEqual([400, 400, 429]);
    expectRateLimited(exports[2], 'costly');
  });

  it('counts forged tokens against the client address before checking them, appending nothing', async () => {
    const client = { 'X-Forwarded-For': '192.0.2.30' };
    const before = await engine.eventCount();
    const statuses = [];
    for (let i = 0; i < 10; i++) {
      statuses.push((await engine.http.post('/api/v1/programmes').set(forged(engine)).set(client).send({ name: 'x' })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 429, 429]);
    const refused = await engine.http.get('/api/v1/programmes').set(engine.auth('officer-3', 'officer', ['80'])).set(client);
    expectRateLimited(refused, 'address');
    expect(await engine.eventCount()).toBe(before);
    // Probes, scrapers and the API description are never limited; refusals are counted by limit.
    for (let i = 0; i < 3; i++) await engine.http.get('/health/live').set(client).expect(200);
    await engine.http.get('/docs-json').set(client).expect(200);
    const metrics = await engine.http.get('/metrics').set(client).expect(200);
    expect(metrics.text).toMatch(/^grants_rate_limited_total\{limit="address"\} 3$/m);
    // The guards' refusals are HTTP requests too, counted with the status they were answered with.
    expect(metrics.text).toMatch(/^grants_http_requests_total\{method="POST",route="\/api\/v1\/programmes",status="401"\} ([89]|[1-9]\d+)$/m);
    expect(metrics.text).toMatch(/^grants_http_requests_total\{method="POST",route="\/api\/v1\/programmes",status="429"\} ([2-9]|[1-9]\d+)$/m);
  });

  it('counts a request against all its limits in one Redis call, and a client known to be over in none', async () => {
    // monitor() opens a connection of its own: the client it came from is used as the marker.
    const marker = new IORedis(testRedisUrl());
    const monitor = await marker.monitor();
    const seen: string[][] = [];
    // Commands a script runs are shown too (source `lua`): only the clients' own calls count.
    monitor.on('monitor', (_time: string, args: string[], source: string) => void (source === 'lua' ? undefined : seen.push(args)));
    /** The calls on throttle keys Redis received for what `send` did (up to a marker sent after it). */
    const callsOf = async (send: () => Promise<unknown>): Promise<string[][]> => {
      seen.length = 0;
      await send();
      const id = `marker-${seen.length}-${Date.now()}`;
      await marker.echo(id);
      const deadline = Date.now() + 5000;
      while (!seen.some((args) => args.includes(id)) && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
      const upTo = seen.findIndex((args) => args.includes(id));
      expect(upTo).toBeGreaterThanOrEqual(0);
      return seen.slice(0, upTo).filter((args) => args.some((arg) => arg.startsWith(`${engine.prefix}:throttle:`)));
    };
    try {
      const client = { 'X-Forwarded-For': '192.0.2.50' };
      const auditor = engine.auth('auditor-5', 'auditor');
      const keysOf = (call: string[]) => call.filter((arg) => arg.startsWith(`${engine.prefix}:throttle:`) && arg.endsWith(':hits'));
      // Authenticated: address and subject in one script.
      const [plain, ...others] = await callsOf(() => engine.http.get('/api/v1/programmes').set(auditor).set(client).expect(200));
      expect(others).toEqual([]);
      expect(keysOf(plain ?? []).map((key) => key.split('{')[1]?.split(':')[0])).toEqual(['address', 'subject']);
      // A costly route adds its limit to the same script.
      const [costly, ...more] = await callsOf(() => engine.http.get('/api/v1/audit/checkpoints').set(auditor).set(client).expect(200));
      expect(more).toEqual([]);
      expect(keysOf(costly ?? []).map((key) => key.split('{')[1]?.split(':')[0])).toEqual(['address', 'subject']);
      const [verify, ...rest] = await callsOf(() => engine.http.get('/api/v1/audit/verify').set(auditor).set(client).expect(200));
      expect(rest).toEqual([]);
      expect(keysOf(verify ?? []).map((key) => key.split('{')[1]?.split(':')[0])).toEqual(['address', 'subject', 'costly']);
      // A forged token: the address alone, once.
      const forgedCalls = await callsOf(() => engine.http.get('/api/v1/programmes').set(forged(engine)).set(client).expect(401));
      expect(forgedCalls.map(keysOf)).toEqual([[expect.stringContaining('{address:')]]);
      // An address over its limit (8): once refused, its next requests are refused without Redis.
      const flood = { 'X-Forwarded-For': '192.0.2.51' };
      for (let i = 0; i < 8; i++) await engine.http.get('/api/v1/programmes').set(forged(engine)).set(flood).expect(401);
      expect(await callsOf(() => engine.http.get('/api/v1/programmes').set(forged(engine)).set(flood).expect(429))).toHaveLength(1);
      const known = await callsOf(async () => expectRateLimited(await engine.http.get('/api/v1/programmes').set(forged(engine)).set(flood), 'address'));
      expect(known).toEqual([]);
    } finally {
      monitor.disconnect();
      marker.disconnect();
    }
  });

  it('documents the 429 answer in OpenAPI', async () => {
    const doc = await engine.http.get('/docs-json').expect(200);
    expect(doc.body.paths['/api/v1/integrations/finance/events'].post.responses['429'].headers['Retry-After']).toBeDefined();
    expect(doc.body.paths['/api/v1/audit/verify'].get.responses['429']).toBeDefined();
  });

  it('is off with RATE_LIMIT=off', async () => {
    const free = await startTestEngine({ worker: false, env: { RATE_LIMIT: 'off', RATE_LIMIT_PUBLIC: '1', RATE_LIMIT_ADDRESS: '1', RATE_LIMIT_AUTHENTICATED: '1' } });
    try {
      for (let i = 0; i < 3; i++) {
        const res = await free.http.get('/api/v1/programmes').set(free.auth('officer-1', 'officer', ['80'])).expect(200);
        expect(res.headers['ratelimit-limit']).toBeUndefined();
      }
    } finally {
      await free.close();
    }
  });
});

describe('rate limits without Redis', () => {
  const relay = new RedisRelay();
  let engine: TestEngine;

  beforeAll(async () => {
    await relay.start();
    engine = await startTestEngine({ worker: false, env: { REDIS_URL: relay.url, RATE_LIMIT_AUTHENTICATED: '2' } });
  });
  afterAll(async () => {
    relay.restore();
    await engine?.close();
    await relay.stop();
  });

  it('serves requests unthrottled while Redis is away (fail-open), counting them', async () => {
    const officer = engine.auth('officer-1', 'officer', ['80']);
    const counted = await engine.http.get('/api/v1/programmes').set(officer).expect(200);
    expect(counted.headers['ratelimit-remaining']).toBe('1');
    relay.cut();
    for (let i = 0; i < 4; i++) {
      const res = await engine.http.get('/api/v1/programmes').set(officer);
      expect(res.status).toBe(200);
      // Nothing was counted, so nothing is promised.
      expect(res.headers['ratelimit-remaining']).toBeUndefined();
    }
    const metrics = await engine.http.get('/metrics').expect(200);
    expect(metrics.text).toMatch(/^grants_rate_limit_unavailable_total ([1-9]\d*)$/m);
  });
});
