import { EventEmitter } from 'node:events';
import type { Request, Response } from 'express';
import { currentCorrelation, EngineMetrics } from '@app/observability';
import { CorrelationMiddleware } from './correlation.middleware';

/** A request through the middleware (matching a route when `routed`), answered with `status`. */
function answer(middleware: CorrelationMiddleware, options: { status: number; routed: boolean; correlationId?: string }) {
  const headers: Record<string, string> = {};
  const response = Object.assign(new EventEmitter(), {
    statusCode: 200,
    setHeader: (name: string, value: string) => void (headers[name] = value),
  });
  const request = {
    method: 'POST',
    headers: options.correlationId === undefined ? {} : { 'x-correlation-id': options.correlationId },
    ...(options.routed ? { route: { path: '/api/v1/projects/:id/submit' } } : {}),
  } as unknown as Request;
  let seen: string | undefined;
  middleware.use(request, response as unknown as Response, () => {
    seen = currentCorrelation()?.correlationId;
  });
  response.statusCode = options.status;
  response.emit('close');
  return { headers, seen };
}

describe('CorrelationMiddleware', () => {
  let metrics: EngineMetrics;
  let middleware: CorrelationMiddleware;

  beforeEach(() => {
    metrics = new EngineMetrics();
    let n = 0;
    middleware = new CorrelationMiddleware({ next: () => `generated-${++n}` }, metrics);
  });

  it('echoes a well-formed correlation id and runs the request inside it, and makes one for a malformed one', () => {
    expect(answer(middleware, { status: 200, routed: true, correlationId: 'abc-123' })).toEqual({ headers: { 'X-Correlation-Id': 'abc-123' }, seen: 'abc-123' });
    expect(answer(middleware, { status: 200, routed: true, correlationId: 'bad id!' })).toEqual({ headers: { 'X-Correlation-Id': 'generated-1' }, seen: 'generated-1' });
    expect(answer(middleware, { status: 200, routed: true, correlationId: '' }).seen).toBe('generated-2');
  });

  it('counts a routed request by route pattern and the status it was answered with, once it is done', async () => {
    answer(middleware, { status: 200, routed: true });
    answer(middleware, { status: 412, routed: true });
    const counted = await metrics.httpRequests.get();
    expect(counted.values.map(({ labels, value }) => ({ labels, value }))).toEqual([
      { labels: { method: 'POST', route: '/api/v1/projects/:id/submit', status: '200' }, value: 1 },
      { labels: { method: 'POST', route: '/api/v1/projects/:id/submit', status: '412' }, value: 1 },
    ]);
    const timed = await metrics.httpDuration.get();
    expect(timed.values.find((v) => v.metricName === 'grants_http_request_duration_seconds_count')?.value).toBe(2);
  });

  it('counts a request a guard refused with the status it was refused with', async () => {
    answer(middleware, { status: 401, routed: true });
    answer(middleware, { status: 403, routed: true });
    answer(middleware, { status: 429, routed: true });
    const statuses = (await metrics.httpRequests.get()).values.map((v) => v.labels.status);
    expect(statuses).toEqual(['401', '403', '429']);
  });

  it('leaves out a path that matched no route', async () => {
    answer(middleware, { status: 404, routed: false });
    expect((await metrics.httpRequests.get()).values).toEqual([]);
  });
});
