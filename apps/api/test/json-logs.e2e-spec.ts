import { QueryBus } from '@nestjs/cqrs';
import { JsonLogger } from '@app/observability';
import { headers } from './support/lifecycle';
import { startTestEngine } from './support/test-engine';

/*
 * Every line the engine writes is one JSON object, Nest's own lines included: at start, on a
 * refused request and at shutdown. Lines written inside a request carry its correlation id, the
 * caller and, once routed, the route.
 */

describe('the engine’s output', () => {
  it('is JSON on every line, from start to shutdown', async () => {
    const written: string[] = [];
    const record = (chunk: unknown): boolean => {
      written.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      return true;
    };
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(record);
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(record);
    try {
      // Debug, so Nest's own start and route-mapping lines are written too.
      const engine = await startTestEngine({ logger: new JsonLogger({ level: 'debug' }) });
      try {
        await engine.http.get('/api/v1/projects').expect(401);
        await engine.http.get('/api/v1/no-such-route').set(headers(engine, 'officer')).expect(404);
        // A fault inside a routed request: answered 500, logged with the request's correlation.
        jest.spyOn(engine.app.get(QueryBus), 'execute').mockRejectedValueOnce(new Error('simulated read fault'));
        await engine.http.get('/api/v1/projects').set(headers(engine, 'officer')).set('X-Correlation-Id', 'logs-e2e-1').expect(500);
      } finally {
        await engine.close();
      }
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
    const lines = written.join('').split('\n').filter((line) => line !== '');
    expect(lines.length).toBeGreaterThan(5);
    const parsed = lines.map((line) => {
      try {
        return JSON.parse(line) as Record<string, unknown>;
      } catch {
        throw new Error(`not a JSON line: ${line}`);
      }
    });
    for (const line of parsed) expect(line).toEqual(expect.objectContaining({ time: expect.any(String), level: expect.any(String), msg: expect.any(String) }));
    // Nest's own lines (its start and route mapping) came through the engine's logger.
    expect(parsed.map((line) => line.context)).toEqual(expect.arrayContaining(['NestFactory', 'RoutesResolver']));
    expect(parsed.filter((line) => String(line.msg).includes('Duplicate DTO'))).toEqual([]);
    const failed = parsed.find((line) => line.msg === 'request failed');
    expect(failed).toMatchObject({ level: 'error', correlationId: 'logs-e2e-1', actorId: expect.any(String), method: 'GET', route: '/api/v1/projects', status: 500 });
  });
});
