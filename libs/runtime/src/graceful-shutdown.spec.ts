import { createServer, get, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplicationContext } from '@nestjs/common';
import { silentLogger } from '@app/observability';
import { GracefulShutdown } from './graceful-shutdown';

/** A server answering after `delayMs`, and the application standing behind it (its `close` is recorded). */
async function serving(delayMs: number, steps: string[]): Promise<{ server: Server; port: number; app: INestApplicationContext }> {
  const server = createServer((_req, res) => {
    const timer = setTimeout(() => {
      steps.push('answered');
      res.end('ok');
    }, delayMs);
    // A cut connection ends the work too.
    res.once('close', () => clearTimeout(timer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const app = { close: async () => void steps.push('app closed') } as unknown as INestApplicationContext;
  return { server, port: (server.address() as AddressInfo).port, app };
}

function fetchText(port: number): Promise<{ status: number; connection?: string } | { error: string }> {
  return new Promise((resolve) => {
    get({ host: '127.0.0.1', port, path: '/' }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, connection: res.headers.connection }));
    }).on('error', (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? error.message }));
  });
}

describe('GracefulShutdown', () => {
  it('lets a request in flight finish, answers it with Connection: close, then closes the application', async () => {
    const steps: string[] = [];
    const { server, port, app } = await serving(200, steps);
    const shutdown = new GracefulShutdown(app, { logger: silentLogger, timeoutMs: 5_000, server });
    const answer = fetchText(port);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(shutdown.requestsInFlight).toBe(1);
    const result = await shutdown.run('SIGTERM');
    expect(result.forced).toBe(false);
    expect(await answer).toEqual({ status: 200, connection: 'close' });
    expect(steps).toEqual(['answered', 'app closed']);
    expect(await fetchText(port)).toEqual({ error: 'ECONNREFUSED' });
  });

  it('sends the queued spans last, after the application closed; a collector that never answers does not hold the exit', async () => {
    const steps: string[] = [];
    const app = { close: async () => void steps.push('app closed') } as unknown as INestApplicationContext;
    const tracing = { shutdown: async () => void steps.push('traces sent') };
    expect((await new GracefulShutdown(app, { logger: silentLogger, timeoutMs: 5_000, tracing }).run('SIGTERM')).forced).toBe(false);
    expect(steps).toEqual(['app closed', 'traces sent']);

    const hanging = { shutdown: () => new Promise<void>(() => undefined) };
    const result = await new GracefulShutdown(app, { logger: silentLogger, timeoutMs: 100, tracing: hanging }).run('SIGTERM');
    // Lost spans are counted, not a forced stop.
    expect(result.forced).toBe(false);
  });

  it('cuts a request still running at the time limit and reports the stop as forced', async () => {
    const steps: string[] = [];
    const { server, port, app } = await serving(3_000, steps);
    const shutdown = new GracefulShutdown(app, { logger: silentLogger, timeoutMs: 300, server });
    const answer = fetchText(port);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    const result = await shutdown.run('SIGTERM');
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(result.forced).toBe(true);
    expect(await answer).toEqual({ error: 'ECONNRESET' });
    expect(steps).toEqual(['app closed']);
    // The same stop for a second signal.
    expect(await shutdown.run('SIGINT')).toBe(result);
  });

  it('reports a forced stop when the application does not close in time (a process without HTTP)', async () => {
    const app = { close: () => new Promise<void>(() => undefined) } as unknown as INestApplicationContext;
    const result = await new GracefulShutdown(app, { logger: silentLogger, timeoutMs: 100 }).run();
    expect(result.forced).toBe(true);
  });
});
