import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium } from 'playwright-core';
import { QueueRuntime } from '@app/queue';
import { headers } from './support/lifecycle';
import { startTestEngine, TestEngine } from './support/test-engine';

/*
 * The edge every answer passes: security headers on the API and the docs, no caching of API
 * data, readiness that tells anonymous callers the status alone, and /metrics closed by a
 * bearer token when METRICS_TOKEN is set.
 */

const CHROMIUM = '/usr/bin/chromium';
const METRICS_TOKEN = 'scrape-token-5b0c2f1e9a7d4c3b';

jest.setTimeout(60_000);

function expectSecurityHeaders(res: { headers: Record<string, string> }): void {
  expect(res.headers['x-content-type-options']).toBe('nosniff');
  expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(res.headers['referrer-policy']).toBe('no-referrer');
  expect(res.headers['x-frame-options']).toBe('DENY');
}

describe('the edge of a server start', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startTestEngine();
  });
  afterAll(() => engine?.close());

  describe('security headers', () => {
    it('are on an API JSON answer, which no cache stores, and on a refusal', async () => {
      const res = await engine.http.get('/api/v1/programmes').set(headers(engine, 'admin')).expect(200);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expectSecurityHeaders(res);
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      expect(res.headers['cache-control']).toBe('no-store');

      const refused = await engine.http.get('/api/v1/programmes').expect(401);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expectSecurityHeaders(refused);
      expect(refused.headers['cache-control']).toBe('no-store');
    });

    it('send HSTS only on requests that came over HTTPS', async () => {
      const plain = await engine.http.get('/health/live').expect(200);
      expect(plain.headers['strict-transport-security']).toBeUndefined();
      // The test client connects from loopback, the proxy the engine trusts.
      const tls = await engine.http.get('/health/live').set('X-Forwarded-Proto', 'https').expect(200);
      expect(tls.headers['strict-transport-security']).toBe('max-age=31536000');
    });

    it('are on /docs with a policy Swagger UI works under, and on /docs-json', async () => {
      const page = await engine.http.get('/docs').redirects(1).expect(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expectSecurityHeaders(page);
      expect(page.headers['content-security-policy']).toContain("script-src 'self'");
      expect(page.headers['content-security-policy']).not.toContain("'unsafe-eval'");

      const document = await engine.http.get('/docs-json').expect(200);
      expectSecurityHeaders(document);
      expect(document.headers['cache-control']).toBe('no-store');
    });
  });

  describe('readiness', () => {
    it('tells anonymous callers, other roles and refused tokens the status alone', async () => {
      for (const auth of [{}, headers(engine, 'officer'), { Authorization: 'Bearer not-a-token' }]) {
        const res = await engine.http.get('/health/ready').set(auth).expect(200);
        expect(res.body).toEqual({ status: 'ok' });
        expectSecurityHeaders(res);
        expect(res.headers['cache-control']).toBe('no-store');
      }
    });

    it('gives an admin the detail of every check', async () => {
      const res = await engine.http.get('/health/ready').set(headers(engine, 'admin')).expect(200);
      expect(res.body).toMatchObject({ status: 'ok', checks: { store: { status: 'up' }, redis: { status: 'up', maxmemoryPolicy: 'noeviction' }, projections: { status: 'up' } } });
    });

    it('never shows the error text of a failed check to an anonymous caller', async () => {
      const queues = engine.app.get(QueueRuntime);
      const health = jest.spyOn(queues, 'health').mockRejectedValue(new Error('connect ECONNREFUSED 10.20.30.40:6379'));
      try {
        const anonymous = await engine.http.get('/health/ready').expect(503);
        expect(anonymous.body).toEqual({ status: 'unavailable' });
        expect(anonymous.headers['retry-after']).toBe('5');
        expect(anonymous.text).not.toContain('ECONNREFUSED');

        const admin = await engine.http.get('/health/ready').set(headers(engine, 'admin')).expect(503);
        expect(admin.body.checks.redis).toEqual({ status: 'down', error: 'connect ECONNREFUSED 10.20.30.40:6379' });
      } finally {
        health.mockRestore();
      }
    });
  });

  it('leaves /metrics open to scrapers when METRICS_TOKEN is not set', async () => {
    const res = await engine.http.get('/metrics').expect(200);
    expect(res.text).toContain('# TYPE');
  });

  const itInBrowser = existsSync(CHROMIUM) ? it : it.skip;

  itInBrowser(`/docs renders in Chromium with no Content Security Policy violation (skipped only when ${CHROMIUM} is missing)`, async () => {
    await engine.app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${(engine.app.getHttpServer().address() as AddressInfo).port}`;
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      const page = await browser.newPage();
      const violations: string[] = [];
      page.on('console', (message) => {
        if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      await page.goto(`${base}/docs`);
      await page.waitForSelector('.swagger-ui .info .title');
      await page.waitForSelector('.opblock-tag-section');
      await expect(page.locator('.swagger-ui .info .title').textContent()).resolves.toContain('Grant lifecycle engine');
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

describe('/metrics with METRICS_TOKEN', () => {
  let engine: TestEngine;

  beforeAll(async () => {
    engine = await startTestEngine({ env: { METRICS_TOKEN } });
  });
  afterAll(() => engine?.close());

  it('refuses a scrape without the token, or with another, as 401 Problem Details', async () => {
    for (const auth of [{}, { Authorization: 'Bearer scrape-token-wrong-000000' }, { Authorization: METRICS_TOKEN }, headers(engine, 'admin')]) {
      const res = await engine.http.get('/metrics').set(auth).expect(401);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="metrics"');
      expect(res.body.code).toBe('AUTH.UNAUTHENTICATED');
      expect(res.text).not.toContain('# TYPE');
    }
  });

  it('answers a scrape with the token', async () => {
    const res = await engine.http.get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.text).toContain('# TYPE');
  });
});
