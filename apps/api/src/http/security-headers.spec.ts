import type { NextFunction, Request, Response } from 'express';
import { securityHeaders } from './security-headers';

/** The headers one request gets, in the order they are written (the order of the answer's header block). */
function answerTo(path: string, secure = false): { set: [string, string][]; removed: string[] } {
  const set: [string, string][] = [];
  const removed: string[] = [];
  const res = {
    setHeader: (name: string, value: string) => set.push([name, value]),
    removeHeader: (name: string) => removed.push(name),
  } as unknown as Response;
  let nextCalls = 0;
  securityHeaders()({ path, secure } as Request, res, (() => void nextCalls++) as NextFunction);
  expect(nextCalls).toBe(1);
  return { set, removed };
}

/** Helmet 8's headers with the engine's options, besides the policy (as its middleware chain wrote them per request). */
const AFTER_POLICY: [string, string][] = [
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['Referrer-Policy', 'no-referrer'],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Download-Options', 'noopen'],
  ['X-Frame-Options', 'DENY'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
];

const API_POLICY = "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'";
const DOCS_POLICY =
  "default-src 'self';script-src 'self';style-src 'self' 'unsafe-inline';img-src 'self' data:;font-src 'self' data:;connect-src 'self';object-src 'none';base-uri 'self';form-action 'self';frame-ancestors 'none'";

describe('security headers computed once', () => {
  it('give an API answer the strict policy, the rest of the set and no-store', () => {
    expect(answerTo('/api/v1/projects')).toEqual({
      set: [['Content-Security-Policy', API_POLICY], ...AFTER_POLICY, ['Cache-Control', 'no-store']],
      removed: ['X-Powered-By'],
    });
  });

  it('give /docs the policy Swagger UI works under, cacheable, and /docs-json the strict one, not cacheable', () => {
    expect(answerTo('/docs/swagger-ui.css').set).toEqual([['Content-Security-Policy', DOCS_POLICY], ...AFTER_POLICY]);
    expect(answerTo('/docs-json').set).toEqual([['Content-Security-Policy', API_POLICY], ...AFTER_POLICY, ['Cache-Control', 'no-store']]);
  });

  it('leave caching of other files (the console) to them', () => {
    expect(answerTo('/console/app.js').set).toEqual([['Content-Security-Policy', API_POLICY], ...AFTER_POLICY]);
  });

  it('add HSTS last, and only on requests that came over HTTPS', () => {
    expect(answerTo('/health/live', true).set.at(-1)).toEqual(['Strict-Transport-Security', 'max-age=31536000']);
    expect(answerTo('/health/live', false).set.map(([name]) => name)).not.toContain('Strict-Transport-Security');
  });
});
